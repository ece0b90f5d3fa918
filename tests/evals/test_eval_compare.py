"""Comparing two runs: regressions first, then fixes, then unchanged counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_fakes import CORPUS, FakeAssistant, make_answer

from assistant.errors import EvalSetError
from assistant.settings import Settings
from evals.compare import compare_runs, format_markdown, format_text, load_run
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
