"""Comparing two runs: regressions first, then fixes, then unchanged counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_fakes import CORPUS, FakeAssistant, make_answer

from assistant.errors import EvalSetError
from assistant.settings import Settings
from evals.compare import MetricChange, compare_runs, format_markdown, format_text, load_run
from evals.runner import run_set
from evals.schema import EvalItem, EvalSet, Expected

pytestmark = pytest.mark.unit


def _item(i: str, fact: str) -> EvalItem:
    return EvalItem(
        id=i, category="method_facts", question=f"Spørgsmål {i}?", expected=Expected(facts=((fact,),))
    )


ITEMS = (
    _item("a", "otte"),
    _item("b", "ni måneder"),
    _item("c", "tre faser"),
    _item("d", "ti"),
    _item("e", "seks"),
)


def _run(texts: dict[str, str], items: tuple[EvalItem, ...], ms: float, ts: str, code: str) -> dict[str, Any]:
    answers = {f"Spørgsmål {i}?": make_answer(t, total=ms) for i, t in texts.items()}
    run = run_set(
        EvalSet("s", items), FakeAssistant(answers), settings=Settings(corpus_dir=CORPUS), show_progress=False
    )
    data = run.to_dict()
    data.update(timestamp=ts, code_version=code, corpus_version="v1")
    return data


@pytest.fixture
def runs() -> tuple[dict[str, Any], dict[str, Any]]:
    before = _run(
        {"a": "otte", "b": "intet", "c": "tre faser", "d": "ingen", "e": "seks"},
        ITEMS,
        10.0,
        "2025-01-01T10:00:00+00:00",
        "git abc123",
    )
    after = _run(
        {"a": "intet", "b": "ni måneder", "c": "tre faser", "d": "ingen"},
        ITEMS[:4] + (_item("f", "x"),),
        20.0,
        "2025-01-02T10:00:00+00:00",
        "git def456",
    )
    return before, after


def test_text_lists_regressions_then_fixes_then_unchanged(
    runs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    assert format_text(compare_runs(*runs)) == (
        "Sammenligning af evalueringskørsler\n"
        "\n"
        "Før:  2025-01-01T10:00:00+00:00, korpus v1, kode git abc123\n"
        "Efter: 2025-01-02T10:00:00+00:00, korpus v1, kode git def456\n"
        "\n"
        "Regressioner (1):\n"
        "  - a [method_facts] Spørgsmål a? — fact_recall\n"
        '    fact_recall: mangler 1 af 1 fakta: "otte"\n'
        "\n"
        "Rettelser (1):\n"
        "  - b [method_facts] Spørgsmål b? — fact_recall\n"
        "\n"
        "Uændrede:\n"
        "  - 2 spørgsmål (1 bestået, 1 fejlet)\n"
        "  - nye spørgsmål: f\n"
        "  - fjernede spørgsmål: e\n"
        "\n"
        "Nøgletal:\n"
        "  - pass_rate: 0.60 → 0.40 (-0.20)\n"
        "  - fact_recall: 0.60 → 0.40 (-0.20)\n"
        "  - source_hit: – → –\n"
        "  - quote_support: – → –\n"
        "  - citation_validity: – → –\n"
        "  - verdict_accuracy: – → –\n"
        "  - clarification: – → –\n"
        "  - abstention_precision: – → 0.00\n"
        "  - abstention_recall: – → –\n"
        "  - latency_p50_ms: 10 → 20 (+10)\n"
        "  - latency_p95_ms: 10 → 20 (+10)\n"
    )


def test_markdown_has_the_same_order(runs: tuple[dict[str, Any], dict[str, Any]]) -> None:
    md = format_markdown(compare_runs(*runs))
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == ["## Regressioner (1)", "## Rettelser (1)", "## Uændrede", "## Nøgletal"]
    assert "- `a` [method_facts] Spørgsmål a? — fact_recall" in md
    assert '    - fact_recall: mangler 1 af 1 fakta: "otte"' in md


def test_item_level_regression_without_metric_change_and_mixed_changes(
    runs: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    before, after = runs
    after = json.loads(json.dumps(after))
    c_item = next(it for it in after["items"] if it["id"] == "c")
    c_item["passed"], c_item["error"] = False, "Indekset kan ikke læses."
    comparison = compare_runs(before, after)
    assert [(ch.id, ch.regressed, ch.reasons) for ch in comparison.regressions] == [
        ("a", ("fact_recall",), ('fact_recall: mangler 1 af 1 fakta: "otte"',)),
        ("c", ("item",), ("fejl: Indekset kan ikke læses.",)),
    ]
    assert comparison.unchanged == 1


def test_load_run_rejects_files_that_are_not_runs(tmp_path: Path) -> None:
    bad = tmp_path / "run.json"
    bad.write_text('{"items": 3}', encoding="utf-8")
    with pytest.raises(EvalSetError) as exc:
        load_run(bad)
    assert str(exc.value) == f"{bad} er ikke en run.json fra `metodeguide eval` (mangler items/summary)."
    with pytest.raises(EvalSetError, match="kan ikke læses"):
        load_run(tmp_path / "mangler.json")


def _it(item_id: str, passed: bool, error: str | None = None, **metrics: tuple[float | None, bool | None]) -> dict[str, Any]:
    return {
        "id": item_id,
        "category": "method_facts",
        "question": f"Spørgsmål {item_id}?",
        "expected": {"facts": [], "sources": [], "quote": None, "verdict": None, "abstain": False},
        "answer": {"answer": f"Svar {item_id}"},
        "passed": passed,
        "error": error,
        "metrics": {name: {"value": v, "passed": p, "reason": f"{name} {v}"} for name, (v, p) in metrics.items()},
    }


def _runs_of(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    def run(items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"set": "s", "timestamp": "t", "corpus_version": "v", "code_version": "c", "summary": {}, "items": items}

    return run(before), run(after)


def test_order_is_passed_to_failed_then_metric_drops_then_fixes_then_metric_rises() -> None:
    before, after = _runs_of(
        [
            _it("same", True, fact_recall=(1.0, True), latency=(10.0, None)),
            _it("drop", False, fact_recall=(0.67, False)),
            _it("broke", True, fact_recall=(1.0, True)),
            _it("fixed", False, source_hit=(0.0, False)),
            _it("rise", False, fact_recall=(0.0, False), source_hit=(0.0, False)),
            _it("mixed", False, verdict_accuracy=(1.0, True), citation_validity=(0.5, False)),
            _it("error", True, fact_recall=(1.0, True)),
        ],
        [
            _it("same", True, fact_recall=(1.0, True), latency=(99.0, None)),
            _it("drop", False, fact_recall=(0.33, False)),
            _it("broke", False, fact_recall=(0.0, False)),
            _it("fixed", True, source_hit=(1.0, True)),
            _it("rise", False, fact_recall=(0.0, False), source_hit=(1.0, True)),
            _it("mixed", False, verdict_accuracy=(0.0, False), citation_validity=(1.0, True)),
            _it("error", False, error="Indekset kan ikke læses.", fact_recall=(1.0, True)),
        ],
    )
    c = compare_runs(before, after)
    assert [(ch.id, ch.kind, ch.regressed, ch.fixed) for ch in c.regressions] == [
        ("broke", "failed", ("fact_recall",), ()),
        ("error", "failed", ("item",), ()),
        ("drop", "metric_drop", ("fact_recall",), ()),
        ("mixed", "metric_drop", ("verdict_accuracy",), ("citation_validity",)),
    ]
    assert [(ch.id, ch.kind, ch.fixed) for ch in c.fixes] == [
        ("fixed", "passed", ("source_hit",)),
        ("rise", "metric_rise", ("source_hit",)),
    ]
    assert (c.unchanged, c.unchanged_passed) == (1, 1)  # a latency change alone is no change
    drop = c.regressions[2]
    assert drop.metrics == (MetricChange("fact_recall", 0.67, 0.33, False, False),)
    assert drop.reasons == ("fact_recall: fact_recall 0.33",)
    assert c.regressions[1].reasons == ("fejl: Indekset kan ikke læses.",)
    assert (drop.before["answer"]["answer"], drop.after["answer"]["answer"]) == ("Svar drop", "Svar drop")
