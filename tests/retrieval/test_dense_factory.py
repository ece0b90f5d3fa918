"""Dense retrieval over an in-memory index, and the make_retriever factory."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embedding import HashEmbedder
from assistant.errors import ConfigError
from assistant.retrieval import (
    DenseRetriever,
    HybridRetriever,
    LexicalRetriever,
    make_retriever,
)

from .helpers import FakeIndex, make_chunk

pytestmark = pytest.mark.unit

CHUNKS = [
    make_chunk("c1", "CTI-forløbet varer ni måneder og har tre faser.", kind="guide"),
    make_chunk("c2", "ICM er ikke tidsbegrænset og har ingen faser.", kind="guide"),
    make_chunk("c3", "Kommunen kan bruge fjerdedelsreglen til boliganvisning.", kind="news"),
]


@pytest.fixture()
def index() -> FakeIndex:
    emb = HashEmbedder()
    return FakeIndex(CHUNKS, emb.embed_passages([c.text for c in CHUNKS]))


def test_dense_embeds_query_and_asks_index_with_margin(index: FakeIndex) -> None:
    r = DenseRetriever(index, HashEmbedder())
    hits = r.retrieve("Hvor mange faser har CTI-forløbet?", k=1)
    assert [(h.chunk.id, h.rank, h.retriever) for h in hits] == [("c1", 1, "dense")]
    assert index.calls == [(6, None)]  # k + max(5, k) candidates, so demoted tail leaves room
    r.retrieve("boliganvisning", k=2, where={"kind": "news"})
    assert index.calls[-1] == (7, {"kind": "news"})


def test_dense_scores_are_the_index_cosines(index: FakeIndex) -> None:
    emb = HashEmbedder()
    q = "fjerdedelsreglen boliganvisning"
    hits = DenseRetriever(index, emb).retrieve(q, k=3)
    expected = float(emb.embed_passages([CHUNKS[2].text])[0] @ emb.embed_query(q))
    assert hits[0].chunk.id == "c3"
    assert hits[0].score == pytest.approx(expected, abs=1e-6)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_factory_kinds(index: FakeIndex) -> None:
    emb = HashEmbedder()
    assert isinstance(make_retriever(index, emb), HybridRetriever)
    assert isinstance(make_retriever(index, emb, "dense"), DenseRetriever)
    bm25 = make_retriever(index, emb, "bm25")
    assert isinstance(bm25, LexicalRetriever)
    assert [h.chunk.id for h in bm25.retrieve("fjerdedelsreglen", k=3)] == ["c3"]
    hybrid = make_retriever(index, emb, "hybrid", k_rrf=10)
    assert hybrid.retrieve("ICM faser", k=1)[0].chunk.id == "c2"


def test_factory_unknown_kind(index: FakeIndex) -> None:
    with pytest.raises(ConfigError) as err:
        make_retriever(index, HashEmbedder(), "sparse")
    assert str(err.value) == "Ukendt søgetype 'sparse'; vælg en af: hybrid, dense, bm25."


def test_vectors_are_float32_normalised() -> None:
    v = HashEmbedder().embed_query("CTI")
    assert v.dtype == np.float32
    assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-6)
