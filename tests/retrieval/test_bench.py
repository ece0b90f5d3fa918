"""The retrieval benchmark: the question set itself, its loader, and the metrics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant.errors import EvalSetError
from assistant.settings import PROJECT_ROOT
from assistant.text import normalize_for_match
from assistant.types import Hit
from evals.retrieval_bench import (
    DEFAULT_SET,
    Expected,
    Latency,
    RetrievalCase,
    check_quotes,
    evaluate,
    format_table,
    load_cases,
    measure_latency,
)

from .helpers import FixedRetriever, make_chunk

pytestmark = pytest.mark.unit

DOCS = PROJECT_ROOT / "corpus" / "documents"


def test_set_has_30_plus_questions_covering_all_five_documents() -> None:
    cases = load_cases(DEFAULT_SET)
    assert len(cases) >= 30
    per_doc = Counter(c.source for c in cases)
    assert sorted(per_doc) == sorted(p.name for p in DOCS.iterdir())
    assert min(per_doc.values()) >= 5


def test_every_quote_is_5_to_15_words_and_verbatim_in_its_document() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in DOCS.iterdir()}
    normalized = {name: normalize_for_match(text) for name, text in texts.items()}
    for case in load_cases(DEFAULT_SET):
        for exp in case.expected:
            assert 5 <= len(exp.quote.split()) <= 15, case.id
            assert normalize_for_match(exp.quote) in normalized[exp.source], case.id
    check_quotes(load_cases(DEFAULT_SET), texts)  # the benchmark's own check agrees


def test_questions_do_not_copy_the_quote() -> None:
    for case in load_cases(DEFAULT_SET):
        assert normalize_for_match(case.expected[0].quote).lower() not in case.question.lower(), case.id


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "set.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("questions: []\n", "set.yaml: der mangler en ikke-tom liste 'questions'."),
        (
            "questions:\n  - {id: a, source: x.txt, quote: q}\n",
            "set.yaml, spørgsmål 1 (a): feltet 'question' mangler.",
        ),
        (
            "questions:\n  - {id: a, question: q, quote: q}\n",
            "set.yaml, spørgsmål 1 (a): feltet 'source' mangler; angiv dokumentets filnavn.",
        ),
        (
            "questions:\n"
            "  - {id: a, question: q, source: x.txt, quote: q}\n"
            "  - {id: a, question: q, source: x.txt, quote: q}\n",
            "set.yaml, spørgsmål 2: id 'a' er brugt før; giv spørgsmålet et unikt id.",
        ),
        (
            "questions:\n  - {id: a, question: q, source: x.txt, quote: q, alternatives: [{source: y}]}\n",
            "set.yaml, spørgsmål 1 (a), alternativ 1: "
            "feltet 'quote' mangler; angiv et ordret citat fra dokumentet.",
        ),
    ],
)
def test_malformed_sets_name_the_question(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(EvalSetError) as err:
        load_cases(write(tmp_path, body))
    assert str(err.value) == message


def test_check_quotes_names_the_case() -> None:
    case = RetrievalCase("q1", "?", (Expected("a.txt", "findes ikke her"),))
    with pytest.raises(EvalSetError) as err:
        check_quotes([case], {"a.txt": "en helt anden tekst"})
    assert str(err.value) == "q1: citatet 'findes ikke her' står ikke i a.txt; ret citatet."
    with pytest.raises(EvalSetError, match="dokumentet b.txt er ikke i indekset"):
        check_quotes([RetrievalCase("q2", "?", (Expected("b.txt", "x"),))], {})


SRC = "001_a87d09dcf945fd35.txt"
RIGHT = make_chunk("r", "medarbejderen bør maksimalt have 10 borgere ad gangen for at kunne", source=SRC)
WRONG_DOC = make_chunk("w", "medarbejderen bør maksimalt have 10 borgere ad gangen", source="003_x.txt")
OTHER = make_chunk("o", "noget andet", source=SRC)
CASE = RetrievalCase(
    "b01", "Hvor mange borgere?", (Expected(SRC, "medarbejderen bør maksimalt\nhave 10 borgere"),)
)


def hits(*chunks):  # type: ignore[no-untyped-def]
    return [Hit(chunk=c, score=1.0, rank=i) for i, c in enumerate(chunks, 1)]


def test_found_at_requires_document_and_quote() -> None:
    assert CASE.found_at(hits(OTHER, WRONG_DOC, RIGHT)) == 3
    assert CASE.found_at(hits(WRONG_DOC, OTHER)) is None
    alt = RetrievalCase(
        "b01", "?", (Expected(SRC, "xyz findes ikke"), Expected("003_x.txt", "10 borgere ad gangen"))
    )
    assert alt.found_at(hits(OTHER, WRONG_DOC)) == 2


def test_metrics() -> None:
    cases = [
        CASE,
        RetrievalCase("c2", "x", (Expected(SRC, "noget andet"),)),
        RetrievalCase("c3", "y", (Expected(SRC, "står ingen steder"),)),
    ]
    # Same ranking for every question: o, w, r
    score = evaluate(FixedRetriever("fixed", [OTHER, WRONG_DOC, RIGHT]), cases, k=5)
    assert score.ranks == {"b01": 3, "c2": 1, "c3": None}
    assert (score.hit_at_1, score.hit_at_5) == (pytest.approx(1 / 3), pytest.approx(2 / 3))
    assert score.mrr == pytest.approx((1 / 3 + 1) / 3)
    assert score.misses == ["c3"]


def test_latency_and_table() -> None:
    r = FixedRetriever("fixed", [RIGHT])
    lat = measure_latency(r, [CASE], queries=7, k=5)
    assert lat.queries == 7 and len(r.calls) == 7 + 1  # one warm-up call
    assert 0.0 <= lat.p50_ms <= lat.p95_ms
    score = evaluate(r, [CASE])
    table = format_table([score], [Latency("fixed", 200, 12.34, 56.78, 20.0)])
    assert table.splitlines() == [
        "retriever   hit@1  hit@5    MRR   p50 ms   p95 ms",
        "fixed       1.000  1.000  1.000     12.3     56.8",
    ]
