"""Sentence-window vectors and the window re-scoring of dense candidates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest

from assistant.embedding import HashEmbedder
from assistant.retrieval import DenseRetriever, WindowVectors, sentence_windows

from .helpers import FakeIndex, make_chunk

pytestmark = pytest.mark.unit


class DictCache:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, embedder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self.data[(embedder, h)] for h in hashes if (embedder, h) in self.data}

    def put_many(self, embedder: str, vectors: Mapping[str, np.ndarray]) -> None:
        for h, v in vectors.items():
            self.data[(embedder, h)] = v


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super().embed_passages(texts)


def test_sentence_windows() -> None:
    text = "CTI varer ni måneder. Der er tre faser!\n\nfase 1 er overgang? Fase 2: Afprøvning."
    assert sentence_windows(text, size=2) == [
        "CTI varer ni måneder. Der er tre faser!",
        "Der er tre faser! fase 1 er overgang?",  # a blank line always breaks
        "fase 1 er overgang? Fase 2:",  # a colon before a capital breaks (headings, labels)
        "Fase 2: Afprøvning.",
    ]
    assert sentence_windows("Én sætning uden punktum", size=2) == ["Én sætning uden punktum"]
    assert sentence_windows("bl.a. små ord. Og mere", size=3) == ["bl.a. små ord. Og mere"]


CHUNKS = [
    make_chunk("a", "Boligen er en menneskeret. ICM har ingen tidsgrænse. Teamet mødes ugentligt."),
    make_chunk("b", "CTI-forløbet varer ni måneder. Fase 3 begynder efter seks måneder."),
]


def test_build_embeds_each_window_once_and_then_reads_the_cache() -> None:
    cache, emb = DictCache(), CountingEmbedder()
    wv = WindowVectors.build(CHUNKS, emb, cache)
    assert wv.parent.tolist() == [0, 0, 1]
    assert wv.vectors.shape == (3, emb.dim)
    assert len(emb.embedded) == 3
    again = WindowVectors.build(CHUNKS, emb, cache)
    assert len(emb.embedded) == 3  # nothing new embedded
    assert np.array_equal(again.vectors, wv.vectors)


def test_best_window_score_per_chunk() -> None:
    emb = HashEmbedder()
    wv = WindowVectors.build(CHUNKS, emb)
    q = emb.embed_query("Hvornår begynder fase 3?")
    best = wv.best_window_scores(q)
    assert set(best) == {"a", "b"}
    window_sims = wv.vectors @ q
    assert best["a"] == pytest.approx(float(max(window_sims[0], window_sims[1])))
    assert best["b"] == pytest.approx(float(window_sims[2]))


def test_dense_rescoring_mixes_window_and_chunk_cosine() -> None:
    emb = HashEmbedder()
    index = FakeIndex(CHUNKS, emb.embed_passages([c.text for c in CHUNKS]))
    wv = WindowVectors.build(CHUNKS, emb)
    r = DenseRetriever(index, emb, windows=wv, window_mix=0.7, rerank_depth=50)
    q = "Hvor længe varer CTI-forløbet?"
    hits = r.retrieve(q, k=2)
    qv = emb.embed_query(q)
    chunk_sim = {c.id: float(v @ qv) for c, v in zip(CHUNKS, index._vectors, strict=True)}
    best = wv.best_window_scores(qv)
    expected = {cid: 0.7 * best[cid] + 0.3 * chunk_sim[cid] for cid in ("a", "b")}
    assert [h.chunk.id for h in hits] == sorted(expected, key=lambda cid: -expected[cid])
    assert {h.chunk.id: h.score for h in hits} == pytest.approx(expected)
    assert index.calls == [(50, None)]  # a deeper candidate list is re-scored


def test_window_mix_is_validated() -> None:
    with pytest.raises(ValueError, match="window_mix must be between 0 and 1"):
        DenseRetriever(FakeIndex([], np.zeros((0, 8))), HashEmbedder(), window_mix=1.5)
