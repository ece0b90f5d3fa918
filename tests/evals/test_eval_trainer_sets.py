"""Trainers' own sets: own categories, abstain items with refusal wording, the project's method
spellings; YAML and CSV alike, every refusal with file and line; how reports show them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eval_fakes import S1, S3, FakeAssistant, make_answer

from assistant.errors import EvalSetError
from assistant.settings import Settings
from evals.report import render_html, render_markdown
from evals.runner import run_set, write_run
from evals.schema import EvalItem, EvalSet, Expected, check_yaml, dump_csv, load_set, parse_csv, parse_yaml

pytestmark = pytest.mark.unit

TRAINER_YAML = """\
- id: egen-1
  category: Bolig og økonomi
  question: Hvad koster en bolig?
  expected: {abstain: true, facts: [["dækker manualerne ikke"]], sources: [003_af012a5f0ae89a04.txt]}
- id: egen-2
  category: caseload
  question: Hvad anbefales til en ung uden behov for bostøtte?
  expected: {verdict: {method: "Samarbejdsmodellen uden bostøtte"}}
- id: egen-3
  category: "  Unge og netværk "
  question: Og en ung i hjemløshed?
  expected: {verdict: {method: samarbejdsmodellen og cti}}
"""
TRAINER_CSV = (
    "id,category,question,facts,sources,quote,verdict,abstain\n"
    "egen-1,Bolig og økonomi,Hvad koster en bolig?,dækker manualerne ikke,003_af012a5f0ae89a04.txt,,,true\n"
    "egen-2,caseload,Hvad anbefales til en ung uden behov for bostøtte?,,,,method=Samarbejdsmodellen uden bostøtte,"
    "false\n"
    "egen-3,  Unge og netværk ,Og en ung i hjemløshed?,,,,method=samarbejdsmodellen og cti,false\n"
)
EXPECTED_ITEMS = (
    EvalItem(
        id="egen-1",
        category="Bolig og økonomi",
        question="Hvad koster en bolig?",
        expected=Expected(facts=(("dækker manualerne ikke",),), sources=(S3,), abstain=True),
    ),
    EvalItem(
        id="egen-2",
        category="caseload",
        question="Hvad anbefales til en ung uden behov for bostøtte?",
        expected=Expected(verdict={"method": "SAMARBEJDSMODELLEN"}),
    ),
    EvalItem(
        id="egen-3",
        category="Unge og netværk",
        question="Og en ung i hjemløshed?",
        expected=Expected(verdict={"method": "CTI", "with_samarbejdsmodellen": True}),
    ),
)


def test_trainer_set_is_accepted_in_yaml_and_csv_alike(tmp_path: Path) -> None:
    assert parse_yaml(TRAINER_YAML, "egen.yaml").items == EXPECTED_ITEMS
    assert parse_csv(TRAINER_CSV, "egen.csv").items == EXPECTED_ITEMS
    (tmp_path / "egen.csv").write_text(TRAINER_CSV, encoding="utf-8")
    s = load_set(tmp_path / "egen.csv")
    assert s.categories() == ["caseload", "Bolig og økonomi", "Unge og netværk"]
    # the canonical form is what is written back, and it reads back equal
    assert parse_csv(dump_csv(s.items), "igen.csv").items == EXPECTED_ITEMS


@pytest.mark.parametrize(
    ("spelling", "verdict"),
    [
        ("icm", {"method": "ICM"}),
        ("Samarbejdsmodellen", {"method": "SAMARBEJDSMODELLEN"}),
        ("SAMARBEJDSMODELLEN  ALENE", {"method": "SAMARBEJDSMODELLEN"}),
        ("Samarbejdsmodellen uden bostøtte", {"method": "SAMARBEJDSMODELLEN"}),
        ("Samarbejdsmodellen og ICM", {"method": "ICM", "with_samarbejdsmodellen": True}),
        ("Samarbejdsmodellen med bostøtte efter CTI", {"method": "CTI", "with_samarbejdsmodellen": True}),
        ("CTI og Samarbejdsmodellen", {"method": "CTI", "with_samarbejdsmodellen": True}),
    ],
)
def test_method_spellings_become_the_canonical_verdict(spelling: str, verdict: dict[str, object]) -> None:
    text = f"- id: a\n  category: youth_model\n  question: Q?\n  expected:\n    verdict: {{method: {spelling}}}\n"
    assert parse_yaml(text, "s.yaml").items[0].expected.verdict == verdict


def test_unknown_or_contradicting_method_spelling_is_refused_with_line() -> None:
    text = (
        "- id: a\n"
        "  category: youth_model\n"
        "  question: Q?\n"
        "  expected:\n"
        "    verdict: {method: Samarbejdsmodellen og ACT}\n"
        "- id: b\n"
        "  category: youth_model\n"
        "  question: Q?\n"
        "  expected:\n"
        "    verdict:\n"
        "      method: Samarbejdsmodellen og CTI\n"
        "      with_samarbejdsmodellen: false\n"
    )
    assert check_yaml(text, "s.yaml") == [
        "s.yaml:5: spørgsmål 'a': expected.verdict.method skal være CTI | ICM | ACT | SAMARBEJDSMODELLEN "
        "(store og små bogstaver er ligegyldige; også 'Samarbejdsmodellen uden bostøtte', "
        "'Samarbejdsmodellen og CTI', 'Samarbejdsmodellen og ICM') (fandt 'Samarbejdsmodellen og ACT').",
        "s.yaml:11: spørgsmål 'b': expected.verdict.method 'Samarbejdsmodellen og CTI' betyder "
        "with_samarbejdsmodellen: true, men with_samarbejdsmodellen er false; ret det ene.",
    ]


def test_missing_empty_or_placeholder_category_names_file_and_line() -> None:
    text = (
        "- id: a\n"
        "  question: Q?\n"
        "  expected: {abstain: true}\n"
        "- id: b\n"
        "  category:\n"
        "  question: Q?\n"
        "  expected: {abstain: true}\n"
        "- id: c\n"
        "  category: todo\n"
        "  question: Q?\n"
        "  expected: {abstain: true}\n"
    )
    assert check_yaml(text, "egen.yaml") == [
        "egen.yaml:1: spørgsmål 'a': mangler feltet 'category'.",
        "egen.yaml:5: spørgsmål 'b': category skal være en ikke-tom tekst, fx caseload eller jeres egen gruppering (fandt None).",
        "egen.yaml:9: spørgsmål 'c': category 'todo' er en pladsholder fra udkastet; skriv en kategori, fx "
        "caseload eller jeres egen gruppering.",
    ]
    with pytest.raises(EvalSetError) as exc:
        parse_csv("id,category,question,facts,sources,quote,verdict,abstain\nx, ,Q?,,,,,true\n", "egen.csv")
    assert str(exc.value) == (
        "egen.csv:2: spørgsmål 'x': category skal være en ikke-tom tekst, fx caseload eller jeres egen gruppering (fandt '')."
    )


def test_abstain_item_still_refuses_quote_and_verdict_in_csv() -> None:
    with pytest.raises(EvalSetError) as exc:
        parse_csv("id,category,question,facts,sources,quote,verdict,abstain\nx,egen,Q?,,,et citat,,true\n", "egen.csv")
    assert str(exc.value) == (
        "egen.csv:2: spørgsmål 'x': abstain: true kan ikke kombineres med quote eller verdict; facts "
        "(den forventede afvisning) og sources må gerne stå."
    )


NOTE = (
    "1 afståelsesspørgsmål angiver facts eller sources. Deres facts er den forventede afvisning og tælles "
    "ikke som fact recall, og deres sources tælles ikke som source hit; afståelsesmålet afgør spørgsmålet. "
    "Begge står i run.json."
)


def _trainer_run(settings: Settings) -> dict[str, object]:
    refusal = make_answer("Det dækker manualerne ikke.", abstained=True, question="Hvad koster en bolig?")
    fake = FakeAssistant({"Hvad koster en bolig?": refusal})
    items = (
        *EXPECTED_ITEMS[:1],
        EvalItem(id="egen-4", category="Bolig og økonomi", question="Q?", expected=Expected(facts=(("otte",),), sources=(S1,))),
    )
    return run_set(EvalSet(name="egen", items=items), fake, settings=settings, show_progress=False).to_dict()


def test_abstain_item_facts_and_sources_are_not_scored_and_the_report_says_so_once(
    settings: Settings,
) -> None:
    run = _trainer_run(settings)
    first = run["items"][0]  # type: ignore[index]
    assert first["passed"] is True
    assert first["metrics"]["fact_recall"] == {
        "value": None,
        "passed": None,
        "reason": "afståelsesspørgsmål: fakta er den forventede afvisning og tælles ikke som fact recall",
    }
    assert first["metrics"]["source_hit"] == {
        "value": None,
        "passed": None,
        "reason": "afståelsesspørgsmål: kilderne tælles ikke som source hit",
    }
    assert first["metrics"]["abstention"]["passed"] is True
    assert run["summary"]["fact_recall"] == 0.0  # type: ignore[index]  # only egen-4 counts
    md = render_markdown(run)  # type: ignore[arg-type]
    assert md.count(NOTE) == 1 and f"> {NOTE}\n" in md
    html = render_html(run)  # type: ignore[arg-type]
    assert html.count(NOTE) == 1
    # own categories shown as written, known ones by their Danish name
    assert "| Bolig og økonomi | 2 | 1 |" in md
    assert "<td>Bolig og økonomi</td>" in html


def test_report_without_abstain_facts_has_no_note(settings: Settings) -> None:
    fake = FakeAssistant({})
    items = (EvalItem(id="u", category="out_of_scope", question="Løn?", expected=Expected(abstain=True)),)
    run = run_set(EvalSet(name="s", items=items), fake, settings=settings, show_progress=False).to_dict()
    assert "afståelsesspørgsmål angiver" not in render_markdown(run)
    assert "afståelsesspørgsmål angiver" not in render_html(run)
    assert "| Uden for korpus | 1 | 1 |" in render_markdown(run)


QUOTED = "Hvad betyder \"boligen først\" når <b>fed</b> | < 8 & 'x'?"


def test_markdown_report_keeps_quotes_and_html_report_escapes(settings: Settings, tmp_path: Path) -> None:
    answer = make_answer('Svaret: "ni måneder" <i>', question=QUOTED)
    fake = FakeAssistant({QUOTED: answer})
    items = (EvalItem(id='q"1', category="Mine spørgsmål", question=QUOTED, expected=Expected(facts=(("otte",),))),)
    run = run_set(EvalSet(name="s", items=items), fake, settings=settings, show_progress=False)
    paths = write_run(run, tmp_path / "out")
    md = paths["report.md"].read_text(encoding="utf-8")
    assert "&quot;" not in md and "&lt;" not in md and "&gt;" not in md and "&amp;" not in md
    assert '- **q"1** (Mine spørgsmål): Hvad betyder "boligen først" når \\<b>fed\\</b> \\| < 8 & \'x\'?\n' in md
    assert '| Svaret: "ni måneder" \\<i> |' in md
    assert re.search(r"(?<!\\)<[A-Za-z/]", md) is None  # no raw tag reaches a Markdown viewer
    html = paths["report.html"].read_text(encoding="utf-8")
    assert "Hvad betyder &quot;boligen først&quot; når &lt;b&gt;fed&lt;/b&gt; | &lt; 8 &amp; &#x27;x&#x27;?" in html
    assert "<b>fed" not in html
