"""Metrics on hand-built answers: exact values, pass flags and reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fakes import CORPUS, S1, cite, make_answer, verdict

from evals.metrics import (
    Abstention,
    CitationValidity,
    DocumentTexts,
    FactRecall,
    Latency,
    MetricResult,
    QuoteSupport,
    Scored,
    SourceHit,
    VerdictAccuracy,
    contains_fact,
    fact_form,
    summarize,
)
from evals.schema import EvalItem, Expected

pytestmark = pytest.mark.unit

CTI_ITEM = EvalItem(
    id="cti",
    category="method_facts",
    question="Hvor lang tid varer et CTI-forløb?",
    expected=Expected(
        facts=(("ni måneder", "9 måneder"), ("tre faser",)),
        sources=(S1,),
        quote="afgrænset til ni måneder",
    ),
)
CASELOAD_ITEM = EvalItem(
    id="cl",
    category="caseload",
    question="En ICM-medarbejder har 11 borgere – er det ok?",
    expected=Expected(facts=(("otte", "8"),), verdict={"caseload_ok": False, "limit": 8}),
)
OUT_ITEM = EvalItem(
    id="ud", category="out_of_scope", question="Hvad er lønnen?", expected=Expected(abstain=True)
)

CTI_PASSAGE = (
    "Critical Time Intervention (CTI) er et intensivt forløb, der har en bostøttemedarbejder som "
    "gennemgående figur, og som er afgrænset til ni måneder."
)
C1 = cite(1, S1, "som er afgrænset til ni måneder", passage=CTI_PASSAGE)
C2 = cite(2, S1, "klar tidsmæssig opdeling i tre faser á tre måneders varighed")


def all_metrics() -> list:
    return [
        FactRecall(),
        SourceHit(),
        QuoteSupport(),
        CitationValidity(DocumentTexts(corpus_dir=CORPUS)),
        VerdictAccuracy(),
        Abstention(),
        Latency(),
    ]


def scores(item: EvalItem, answer) -> dict[str, MetricResult]:
    return {m.name: m.score(item, answer) for m in all_metrics()}


def test_right_answer_passes_every_metric() -> None:
    answer = make_answer("Et CTI-forløb er afgrænset til ni måneder [1] og delt i tre faser [2].", [C1, C2])
    assert scores(CTI_ITEM, answer) == {
        "fact_recall": MetricResult("fact_recall", 1.0, True, "alle 2 fakta fundet"),
        "source_hit": MetricResult("source_hit", 1.0, True, f"kilden {S1} er citeret"),
        "quote_support": MetricResult(
            "quote_support", 1.0, True, f"citat [1] ({S1}) indeholder det forventede citat"
        ),
        "citation_validity": MetricResult(
            "citation_validity", 1.0, True, "alle 2 citater findes ordret i kilderne"
        ),
        "verdict_accuracy": MetricResult("verdict_accuracy", None, None, "ingen regelafgørelse forventet"),
        "abstention": MetricResult("abstention", 1.0, True, "svarede korrekt"),
        "latency_ms": MetricResult("latency_ms", 12.0, None, "12 ms"),
    }


def test_missing_fact_halves_recall_and_names_the_fact() -> None:
    answer = make_answer("Et CTI-forløb er afgrænset til ni måneder [1].", [C1])
    assert FactRecall().score(CTI_ITEM, answer) == MetricResult(
        "fact_recall", 0.5, False, 'mangler 1 af 2 fakta: "tre faser"'
    )


def test_fact_found_in_a_citation_quote_counts() -> None:
    answer = make_answer("Se kilderne [1] [2].", [C1, C2])
    assert FactRecall().score(CTI_ITEM, answer).value == 1.0


def test_wrong_verdict_names_key_expected_and_got() -> None:
    answer = make_answer("Ja, det er ok.", verdicts=[verdict(caseload_ok=True, limit=10)])
    assert VerdictAccuracy().score(CASELOAD_ITEM, answer) == MetricResult(
        "verdict_accuracy", 0.0, False, "caseload_ok: forventet false, fik true; limit: forventet 8, fik 10"
    )


def test_partly_right_verdict_and_missing_verdict() -> None:
    half = make_answer("Nej.", verdicts=[verdict(caseload_ok=False, limit=10)])
    assert VerdictAccuracy().score(CASELOAD_ITEM, half) == MetricResult(
        "verdict_accuracy", 0.5, False, "limit: forventet 8, fik 10"
    )
    method_item = EvalItem(
        id="m", category="method_choice", question="?", expected=Expected(verdict={"method": "ICM"})
    )
    wrong = make_answer("CTI.", verdicts=[verdict(rule="metodevalg", method="CTI")])
    assert VerdictAccuracy().score(method_item, wrong).reason == "method: forventet ICM, fik CTI"
    none = make_answer("Hm.")
    assert VerdictAccuracy().score(method_item, none) == MetricResult(
        "verdict_accuracy", 0.0, False, "method: forventet ICM, fik ingen"
    )
    right = make_answer("ICM.", verdicts=[verdict(rule="a", method="CTI"), verdict(rule="b", method="ICM")])
    assert VerdictAccuracy().score(method_item, right).passed is True


def test_invented_citation_is_invalid_and_named() -> None:
    invented = cite(2, S1, "CTI-forløb varer tolv måneder")
    unknown = cite(3, "999_opdigtet.txt", "afgrænset til ni måneder")
    answer = make_answer("CTI varer tolv måneder [2] [3]. Se [1].", [C1, invented, unknown])
    assert CitationValidity(DocumentTexts(corpus_dir=CORPUS)).score(CTI_ITEM, answer) == MetricResult(
        "citation_validity",
        1 / 3,
        False,
        f'[2] {S1}: citatet findes ikke ordret i kilden: "CTI-forløb varer tolv måneder"; '
        "[3] 999_opdigtet.txt: kilden findes ikke i korpus",
    )
    assert SourceHit().score(CTI_ITEM, answer).passed is True


def test_verdict_citations_are_checked_too() -> None:
    answer = make_answer("Nej.", verdicts=[verdict(caseload_ok=False, limit=8)])
    assert CitationValidity(DocumentTexts(corpus_dir=CORPUS)).score(CASELOAD_ITEM, answer) == MetricResult(
        "citation_validity", 1.0, True, "alle 1 citater findes ordret i kilderne"
    )


def test_wrong_abstention_both_ways() -> None:
    answered = make_answer("Lønnen er 40.000 kr. om måneden.")
    assert Abstention().score(OUT_ITEM, answered) == MetricResult(
        "abstention", 0.0, False, "svarede, men korpus dækker ikke spørgsmålet (skulle afstå)"
    )
    abstained = make_answer("Det dækker manualerne ikke.", abstained=True)
    assert scores(CTI_ITEM, abstained) == {
        "fact_recall": MetricResult(
            "fact_recall", 0.0, False, 'mangler 2 af 2 fakta: "ni måneder" / "9 måneder"; "tre faser"'
        ),
        "source_hit": MetricResult(
            "source_hit", 0.0, False, f"ingen af de forventede kilder ({S1}) er citeret; citeret: ingen"
        ),
        "quote_support": MetricResult(
            "quote_support",
            0.0,
            False,
            'intet citat indeholder det forventede citat "afgrænset til ni måneder"',
        ),
        "citation_validity": MetricResult("citation_validity", None, None, "ingen citater"),
        "verdict_accuracy": MetricResult("verdict_accuracy", None, None, "ingen regelafgørelse forventet"),
        "abstention": MetricResult("abstention", 0.0, False, "afstod, men korpus dækker spørgsmålet"),
        "latency_ms": MetricResult("latency_ms", 12.0, None, "12 ms"),
    }
    assert Abstention().score(OUT_ITEM, abstained) == MetricResult("abstention", 1.0, True, "afstod korrekt")


def test_latency_without_timing_is_not_applicable() -> None:
    assert Latency().score(CTI_ITEM, make_answer("x", total=None)) == MetricResult(
        "latency_ms", None, None, "ingen tidsmåling i svaret"
    )


def test_fact_matching_folds_case_hyphens_paragraphs_and_respects_numbers() -> None:
    hay = fact_form("Hver CTI- medarbejder har højst 18 borgere; almindelig §85-bostøtte. NI MÅNEDER")
    assert contains_fact(hay, "cti-medarbejder")
    assert contains_fact(hay, "ctimedarbejder")
    assert contains_fact(hay, "§ 85")
    assert contains_fact(hay, "ni måneder")
    assert contains_fact(hay, "18")
    assert not contains_fact(hay, "8")
    assert not contains_fact(hay, "1")
    assert not contains_fact(hay, "   ")


def test_a_range_of_numbers_keeps_its_numbers_apart() -> None:
    # "kl. 7.30–14.00" holds "7.30" and "14.00"; with the dash dropped it read "7.3014.00" and neither
    hay = fact_form("Bryggen har åbent mandag–fredag kl. 7.30–14.00 og lørdag kl. 9.00 - 12.00. Niveau 4: 6–9 timer.")
    assert contains_fact(hay, "7.30") and contains_fact(hay, "14.00") and contains_fact(hay, "12.00")
    assert contains_fact(hay, "6-9") and contains_fact(hay, "6–9 timer")
    assert contains_fact(hay, "mandag-fredag")
    assert not contains_fact(hay, "7.3")


def test_document_texts_use_index_docs_and_lookup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    docs = data / "generations" / "g1" / "docs"
    docs.mkdir(parents=True)
    (data / "CURRENT.json").write_text(json.dumps({"generation": "g1"}), encoding="utf-8")
    (docs / "ny.pdf.json").write_text(
        json.dumps({"text": "Renset tekst om figur og bolig."}), encoding="utf-8"
    )
    texts = DocumentTexts.from_data_dir(CORPUS, data, lookup=lambda s: "opslag" if s == "x.txt" else None)
    assert texts.contains("ny.pdf", "om figur") is True
    assert texts.contains(S1, "fi- gur") is True  # raw file, line-break hyphen folded
    assert texts.contains("x.txt", "opslag") is True
    assert texts.contains("../etc/passwd", "root") is None
    assert texts.contains("mangler.txt", "x") is None


def test_summarize_gives_means_abstention_precision_recall_and_latency_percentiles() -> None:
    def row(fr: float | None, want: bool, got: bool, ms: float, passed: bool) -> Scored:
        m = {
            "fact_recall": MetricResult("fact_recall", fr, None if fr is None else fr == 1.0, ""),
            "abstention": MetricResult("abstention", float(want == got), want == got, ""),
            "latency_ms": MetricResult("latency_ms", ms, None, ""),
        }
        return Scored(metrics=m, passed=passed, expected_abstain=want, abstained=got)

    s = summarize(
        [
            row(None, True, True, 40.0, True),
            row(None, True, False, 10.0, False),
            row(0.5, False, True, 30.0, False),
            row(1.0, False, False, 20.0, True),
        ]
    )
    assert s["n"] == 4 and s["passed"] == 2 and s["pass_rate"] == 0.5
    assert s["fact_recall"] == 0.75
    assert s["metrics"]["fact_recall"] == {"mean": 0.75, "passed": 1, "applicable": 2}
    assert s["source_hit"] is None
    assert s["abstention_precision"] == 0.5
    assert s["abstention_recall"] == 0.5
    assert s["abstention_accuracy"] == 0.5
    assert s["abstention_confusion"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert s["latency_p50_ms"] == 25.0
    assert s["latency_p95_ms"] == pytest.approx(38.5)


def test_summarize_leaves_precision_undefined_without_abstentions() -> None:
    s = summarize([Scored(metrics={}, passed=True, expected_abstain=False, abstained=False)])
    assert s["abstention_precision"] is None
    assert s["abstention_recall"] is None
    assert s["latency_p50_ms"] is None
