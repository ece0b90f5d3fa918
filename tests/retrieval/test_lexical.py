"""BM25 with Danish analysis on a tiny fixed corpus: exact order and scores."""

from __future__ import annotations

import math

import pytest

from assistant.retrieval.lexical import LexicalRetriever

from .helpers import make_chunk

pytestmark = pytest.mark.unit

CORPUS = [
    make_chunk("c1", "CTI-medarbejderen har højst 10 borgere ad gangen.", kind="guide", year=2019),
    make_chunk("c2", "En bostøttemedarbejder i ICM har højst otte borgere.", kind="guide", year=2019),
    make_chunk(
        "c3", "Bostøtte er social støtte i egen bolig, og en medarbejder hjælper.", kind="news", year=2014
    ),
    make_chunk("c4", "Efter serviceloven § 110 kan borgeren bo på en boform.", kind="news", year=2014),
    make_chunk("c5", "ACT er et tværfagligt team med psykiater og sygeplejerske.", kind="slides", year=2014),
]


@pytest.fixture(scope="module")
def bm25() -> LexicalRetriever:
    return LexicalRetriever(CORPUS)


def reference_bm25(docs: list[dict[str, float]], lengths: list[int], query: dict[str, float]) -> list[float]:
    """Textbook Okapi BM25 (k1=1.2, b=0.75, idf = ln(1 + (N - df + .5) / (df + .5)))."""
    n, k1, b = len(docs), 1.2, 0.75
    avgdl = sum(lengths) / n
    out = []
    for tf, dl in zip(docs, lengths, strict=True):
        s = 0.0
        for term, qw in query.items():
            df = sum(1 for d in docs if term in d)
            if term not in tf:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            s += qw * idf * tf[term] * (k1 + 1) / (tf[term] + k1 * (1 - b + b * dl / avgdl))
        out.append(s)
    return out


def test_known_query_ranks_known_chunk_first_with_exact_scores(bm25: LexicalRetriever) -> None:
    hits = bm25.retrieve("Hvor mange borgere må en CTI-medarbejder have?", k=5)
    # c4 ("borgeren") and c3 ("medarbejder") each match one term of equal idf; c4 is shorter.
    assert [h.chunk.id for h in hits] == ["c1", "c2", "c4", "c3"]
    assert [round(h.score, 6) for h in hits] == [2.271987, 0.947465, 0.571229, 0.496936]


def test_scores_equal_textbook_bm25(bm25: LexicalRetriever) -> None:
    # The analysed documents, spelled out: stems, compound parts at weight 0.5, stopwords gone.
    docs = [dict() for _ in CORPUS]
    for d, chunk in zip(docs, CORPUS, strict=True):
        for term, w in bm25.analyzer.terms(chunk.text):
            d[term] = d.get(term, 0.0) + w
    assert docs[1] == {
        "bostøttemedarbejd": 1.0,
        "bostøt": 0.5,
        "medarbejd": 0.5,
        "icm": 1.0,
        "højst": 1.0,
        "ott": 1.0,
        "borg": 1.0,
    }
    lengths = [7, 5, 7, 5, 5]  # content tokens per chunk (parts do not add length)
    query = {"borg": 1.0, "cti": 1.0, "medarbejd": 1.0}
    assert bm25.analyzer.query_terms("Hvor mange borgere må en CTI-medarbejder have?") == query
    expected = reference_bm25(docs, lengths, query)
    got = bm25.scores("Hvor mange borgere må en CTI-medarbejder have?").tolist()
    assert got == pytest.approx(expected, abs=1e-9)


def test_compound_part_matches_separate_word(bm25: LexicalRetriever) -> None:
    # "bostøttemedarbejder" (c2) is found for "bostøtte" and for "medarbejder".
    assert [h.chunk.id for h in bm25.retrieve("bostøtte", k=5)] == ["c3", "c2"]
    assert [h.chunk.id for h in bm25.retrieve("medarbejder", k=5)] == ["c1", "c3", "c2"]


def test_exact_paragraph_token(bm25: LexicalRetriever) -> None:
    assert [h.chunk.id for h in bm25.retrieve("§ 110", k=5)] == ["c4"]
    assert [h.chunk.id for h in bm25.retrieve("§110", k=5)] == ["c4"]
    assert bm25.retrieve("§ 85", k=5) == []
    assert bm25.retrieve("110", k=5) == []  # the number alone is not the paragraph


def test_acronym_matches_exactly(bm25: LexicalRetriever) -> None:
    assert [h.chunk.id for h in bm25.retrieve("ACT", k=5)] == ["c5"]
    assert [h.chunk.id for h in bm25.retrieve("ICM", k=5)] == ["c2"]


def test_filters(bm25: LexicalRetriever) -> None:
    q = "borgere medarbejder"
    assert [h.chunk.id for h in bm25.retrieve(q, k=5, where={"kind": "news"})] == ["c4", "c3"]
    assert [h.chunk.id for h in bm25.retrieve(q, k=5, where={"year": 2019})] == ["c1", "c2"]
    assert [
        h.chunk.id for h in bm25.retrieve(q, k=5, where={"kind": {"$in": ["news", "slides"]}, "year": 2014})
    ] == [
        "c4",
        "c3",
    ]
    assert bm25.retrieve(q, k=5, where={"source": "findes-ikke.txt"}) == []


def test_no_match_and_stopword_only_queries(bm25: LexicalRetriever) -> None:
    assert bm25.retrieve("kvantefysik", k=5) == []
    assert bm25.retrieve("hvad er det", k=5) == []


def test_low_value_chunk_never_outranks_real_content() -> None:
    teaser = make_chunk("z0", "CTI CTI CTI-medarbejder borgere CTI-medarbejder borgere", low_value=True)
    r = LexicalRetriever([*CORPUS, teaser])
    raw = r.scores("CTI-medarbejder borgere")
    assert raw[5] > raw[0]  # the teaser matches better on words alone ...
    hits = r.retrieve("CTI-medarbejder borgere", k=5)
    assert [h.chunk.id for h in hits] == ["c1", "c2", "c4", "c3", "z0"]  # ... but comes last
    assert hits[-1].score == pytest.approx(raw[5] * 0.5)


def test_low_value_chunks_do_not_crowd_out_real_content() -> None:
    teasers = [make_chunk(f"z{i}", "CTI-medarbejder borgere CTI", low_value=True) for i in range(30)]
    r = LexicalRetriever([*CORPUS, *teasers])
    assert [h.chunk.id for h in r.retrieve("CTI-medarbejder borgere", k=4)] == ["c1", "c2", "c4", "c3"]


def test_ties_break_by_chunk_id() -> None:
    same = [make_chunk(cid, "ICM bostøtte") for cid in ("b", "c", "a")]
    assert [h.chunk.id for h in LexicalRetriever(same).retrieve("ICM", k=3)] == ["a", "b", "c"]


def test_empty_corpus() -> None:
    assert LexicalRetriever([]).retrieve("CTI", k=3) == []
