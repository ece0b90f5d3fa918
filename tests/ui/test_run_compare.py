"""Evaluering, "Sammenlign kørsler": two saved runs side by side, regressions first, text as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from ui.text import escape_md

ADMIN_PASSWORD = "rigtig-hest-batteri"  # the password behind conftest.ADMIN_HASH

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXPECTED = {
    "facts": [["ni måneder", "9 måneder"]],
    "sources": ["001_a87d09dcf945fd35.txt"],
    "quote": None,
    "verdict": None,
    "abstain": False,
}
ABSTAIN = {"facts": [], "sources": [], "quote": None, "verdict": None, "abstain": True}
CTI_Q = "Hvor lang tid varer et *CTI*-forløb?"
BAD_ANSWER = "CTI varer <b>et år</b> [se her](javascript:alert(1))."


def item(
    item_id: str,
    question: str,
    answer: str,
    passed: bool,
    metric: tuple[str, float, bool, str],
    expected: dict[str, Any] = EXPECTED,
) -> dict[str, Any]:
    name, value, ok, reason = metric
    return {
        "id": item_id,
        "category": "method_facts",
        "question": question,
        "lang": "da",
        "history": [],
        "expected": expected,
        "answer": {"answer": answer, "abstained": False, "citations": [], "verdicts": []},
        "passed": passed,
        "error": None,
        "wall_ms": 10.0,
        "metrics": {name: {"value": value, "passed": ok, "reason": reason}},
    }


def write_run(data_dir: Path, set_name: str, ts: str, code: str, items: list[dict[str, Any]], **summary: Any) -> Path:
    out = data_dir / "eval_runs" / f"{ts[:10]}_{set_name}"
    out.mkdir(parents=True)
    run = {
        "format": 1,
        "set": set_name,
        "set_path": None,
        "timestamp": ts,
        "corpus_version": "v1",
        "code_version": code,
        "settings": {},
        "duration_s": 1.0,
        "summary": {"n": len(items), "passed": sum(i["passed"] for i in items), **summary},
        "categories": {},
        "items": items,
    }
    (out / "run.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    return out / "run.json"


@pytest.fixture()
def runs(ui_settings: Settings, tmp_path: Path) -> tuple[Settings, Path, Path, Path]:
    """Two runs of "lille" (listed in the file as fix, metric drop, regression, unchanged) and a
    newer run of another set. Returns the settings and the three run.json paths, oldest first."""
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=ui_settings.corpus_dir, embedding_backend="hash")
    fr = "fact_recall"
    before = [
        item("t3", "Hvad koster en bil?", "En bil koster 100.000 kr.", False, ("abstention", 0.0, False, "svarede"), ABSTAIN),
        item("t2", "Hvor mange faser?", "To faser.", False, (fr, 0.5, False, 'mangler 1 af 2 fakta: "tre"')),
        item("t1", CTI_Q, "CTI varer ni måneder.", True, (fr, 1.0, True, "alle 1 fakta fundet")),
        item("t4", "Hvad er ICM?", "ICM er case management.", True, (fr, 1.0, True, "alle 1 fakta fundet")),
    ]
    after = [
        item("t3", "Hvad koster en bil?", "Ikke dækket.", True, ("abstention", 1.0, True, "afstod korrekt"), ABSTAIN),
        item("t2", "Hvor mange faser?", "Ingen faser.", False, (fr, 0.0, False, 'mangler 2 af 2 fakta: "tre" / "3"')),
        item("t1", CTI_Q, BAD_ANSWER, False, (fr, 0.0, False, 'mangler 1 af 1 fakta: "ni måneder" / "9 måneder"')),
        item("t4", "Hvad er ICM?", "ICM er case management.", True, (fr, 1.0, True, "alle 1 fakta fundet")),
    ]
    data = settings.data_dir
    old = write_run(data, "lille", "2025-01-01T10:00:00+00:00", "git aaa111", before, pass_rate=0.5, fact_recall=0.83)
    new = write_run(data, "lille", "2025-01-02T10:00:00+00:00", "git bbb222", after, pass_rate=0.5, fact_recall=0.33)
    other = write_run(data, "andet", "2025-01-03T10:00:00+00:00", "git ccc333", after[:1], pass_rate=1.0)
    return settings, old, new, other


def open_compare_tab(make_app: Any, settings: Settings) -> tuple[Any, Any]:
    at = make_app(settings, admin=True).run()
    at.switch_page("views/evaluering.py").run()
    at.text_input(key="mg_admin_form_pw").input(ADMIN_PASSWORD)
    [b for b in at.button if b.label == "Log ind som administrator"][0].click().run()
    assert not at.exception
    (tab,) = [tb for tb in at.tabs if tb.label == "Sammenlign kørsler"]
    return at, tab


def test_two_runs_of_a_set_regression_first_with_both_answers(make_app: Any, runs: Any) -> None:
    settings, old, new, other = runs
    at, tab = open_compare_tab(make_app, settings)
    before, after = tab.selectbox
    assert (before.label, after.label) == ("Før", "Efter")
    assert (
        before.options
        == after.options
        == [
            "andet · 2025-01-03 10:00:00 UTC · kode git ccc333 · 1/1 bestået",
            "lille · 2025-01-02 10:00:00 UTC · kode git bbb222 · 2/4 bestået",
            "lille · 2025-01-01 10:00:00 UTC · kode git aaa111 · 2/4 bestået",
        ]
    )
    # preselected: the newest set saved twice, its two newest runs
    assert (before.value, after.value) == (str(old), str(new))

    table = tab.table[0].value
    assert table.index.name == "Mål"
    assert table.reset_index().values.tolist() == [
        ["Andel bestået", "0.50", "0.50", "+0.00"],
        ["Fakta fundet", "0.83", "0.33", "-0.50"],
    ]
    day1, day2 = escape_md("2025-01-01 10:00:00 UTC"), escape_md("2025-01-02 10:00:00 UTC")
    expected_facts = "**Forventet:** " + escape_md('fakta: "ni måneder" / "9 måneder" · kilder: 001_a87d09dcf945fd35.txt')
    assert [m.value for m in tab.markdown] == [
        "**Nøgletal før og efter**",
        "**Ændrede spørgsmål: 2 blev dårligere, 1 blev bedre**",
        # 1. passed → failed
        ":red-badge[Bestået → fejlet]",
        "**t1** · Metodefakta",
        "**Spørgsmål:** " + escape_md(CTI_Q),
        expected_facts,
        "**Ændret:** " + escape_md("Fakta fundet 1.00 → 0.00"),
        f"**Før · {day1}**",
        ":green-badge[Bestået]",
        escape_md("CTI varer ni måneder."),
        f"**Efter · {day2}**",
        ":red-badge[Fejlet]",
        escape_md(BAD_ANSWER),
        # 2. a metric dropped on an item that failed both times
        ":orange-badge[Mål faldet]",
        "**t2** · Metodefakta",
        "**Spørgsmål:** Hvor mange faser?",
        expected_facts,
        "**Ændret:** " + escape_md("Fakta fundet 0.50 → 0.00"),
        f"**Før · {day1}**",
        ":red-badge[Fejlet]",
        escape_md("To faser."),
        f"**Efter · {day2}**",
        ":red-badge[Fejlet]",
        escape_md("Ingen faser."),
        # 3. the fix
        ":green-badge[Fejlet → bestået]",
        "**t3** · Metodefakta",
        "**Spørgsmål:** Hvad koster en bil?",
        "**Forventet:** svaret skal være »ikke dækket af håndbøgerne«",
        "**Ændret:** " + escape_md("Afståelse 0.00 → 1.00"),
        f"**Før · {day1}**",
        ":red-badge[Fejlet]",
        escape_md("En bil koster 100.000 kr."),
        f"**Efter · {day2}**",
        ":green-badge[Bestået]",
        escape_md("Ikke dækket."),
    ]
    assert escape_md(BAD_ANSWER) == r"CTI varer \<b\>et år\</b\> \[se her\]\(javascript\:alert\(1\)\)\."
    assert [c.value for c in tab.caption] == [
        "Vælg to gemte kørsler af samme spørgesæt. De spørgsmål, der blev dårligere, står først, derefter dem, der blev bedre.",
        escape_md('fact_recall: mangler 1 af 1 fakta: "ni måneder" / "9 måneder"'),
        escape_md('fact_recall: mangler 1 af 2 fakta: "tre"'),
        escape_md('fact_recall: mangler 2 af 2 fakta: "tre" / "3"'),
        escape_md("abstention: svarede"),
        "1 spørgsmål gav samme resultat (1 bestået, 0 fejlet).",
    ]


def test_runs_of_two_sets_or_one_run_twice_are_refused(make_app: Any, runs: Any) -> None:
    settings, old, new, other = runs
    at, tab = open_compare_tab(make_app, settings)
    at.selectbox(key="mg_cmp_after").set_value(str(other)).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        escape_md(
            "Kørslerne er af to forskellige spørgesæt (lille og andet), så deres spørgsmål kan ikke "
            "sammenlignes. Vælg to kørsler af samme sæt."
        )
    ]
    assert len(at.table) == 0
    at.selectbox(key="mg_cmp_before").set_value(str(other)).run()
    assert [i.value for i in at.info] == ["Du har valgt den samme kørsel to gange. Vælg to forskellige kørsler."]
    assert len(at.error) == 0 and len(at.table) == 0
    # picked the other way round, the older run is "after": its fix shows as the regression
    at.selectbox(key="mg_cmp_before").set_value(str(new))
    at.selectbox(key="mg_cmp_after").set_value(str(old)).run()
    tab = [tb for tb in at.tabs if tb.label == "Sammenlign kørsler"][0]
    kinds = [":red-badge[Bestået → fejlet]", ":green-badge[Fejlet → bestået]", ":blue-badge[Mål steget]"]
    shown = [m.value for m in tab.markdown if m.value in kinds or m.value.startswith("**t")]
    assert shown == [kinds[0], "**t3** · Metodefakta", kinds[1], "**t1** · Metodefakta", kinds[2], "**t2** · Metodefakta"]


def test_fewer_than_two_runs(make_app: Any, ui_settings: Settings, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=ui_settings.corpus_dir, embedding_backend="hash")
    at, tab = open_compare_tab(make_app, settings)
    assert [i.value for i in tab.info] == [
        "Der skal være mindst to gemte kørsler for at sammenligne. Kør et spørgesæt under »Kør spørgesæt«."
    ]
    assert len(tab.selectbox) == 0
