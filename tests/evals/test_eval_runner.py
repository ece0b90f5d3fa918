"""Runner and reports with a fake assistant: follow-ups, errors, aggregates, files, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_fakes import S1, FakeAssistant, cite, make_answer, verdict

from assistant.settings import Settings
from evals.runner import run_set, write_run
from evals.schema import EvalItem, EvalSet, Expected

pytestmark = pytest.mark.unit

Q_CTI = "Hvor lang tid varer et CTI-forløb?"
Q_FIRST = "Hvor mange borgere må en CTI-medarbejder højst have?"
Q_FOLLOW = "Og hvad med ICM?"
Q_OUT = "Hvad er lønnen?"
Q_BROKEN = "Hvad er fase 2?"
Q_SCRIPT = "<script>alert('spm')</script> CTI?"

ITEMS = (
    EvalItem(
        id="cti",
        category="method_facts",
        question=Q_CTI,
        expected=Expected(facts=(("ni måneder",),), sources=(S1,), quote="afgrænset til ni måneder"),
    ),
    EvalItem(
        id="follow",
        category="caseload",
        question=Q_FOLLOW,
        history=(Q_FIRST,),
        expected=Expected(facts=(("otte", "8"),), verdict={"caseload_ok": False, "limit": 8}),
    ),
    EvalItem(id="out", category="out_of_scope", question=Q_OUT, expected=Expected(abstain=True)),
    EvalItem(id="broken", category="cti_phases", question=Q_BROKEN, expected=Expected(facts=(("afprøv",),))),
    EvalItem(
        id="script", category="adversarial", question=Q_SCRIPT, expected=Expected(facts=(("ni måneder",),))
    ),
)
ANSWERS = {
    Q_CTI: make_answer(
        "CTI er afgrænset til ni måneder [1].", [cite(1, S1, "som er afgrænset til ni måneder")]
    ),
    Q_FIRST: make_answer(
        "Højst 10 [1].", [cite(1, S1, "medarbejderen bør maksimalt have 10 borgere ad gangen")]
    ),
    Q_FOLLOW: make_answer("For ICM højst otte.", verdicts=[verdict(caseload_ok=False, limit=8)], total=30.0),
    Q_OUT: make_answer("Det dækker manualerne ikke.", abstained=True, total=5.0),
    Q_SCRIPT: make_answer("<script>alert('svar')</script> ni måneder", total=20.0),
}


def run_fake(settings: Settings):
    fake = FakeAssistant(ANSWERS, fail=[Q_BROKEN])
    seen: list[tuple[int, int, str]] = []
    run = run_set(
        EvalSet(name="mini", items=ITEMS, path="mini.yaml"),
        fake,
        settings=settings,
        show_progress=False,
        progress=lambda done, total, item_id: seen.append((done, total, item_id)),
    )
    return run, fake, seen


def test_run_asks_history_first_reports_progress_and_scores(settings: Settings) -> None:
    run, fake, seen = run_fake(settings)
    assert fake.calls == [(Q_CTI, 0), (Q_FIRST, 0), (Q_FOLLOW, 1), (Q_OUT, 0), (Q_BROKEN, 0), (Q_SCRIPT, 0)]
    assert seen == [(1, 5, "cti"), (2, 5, "follow"), (3, 5, "out"), (4, 5, "broken"), (5, 5, "script")]
    by_id = {r.item.id: r for r in run.items}
    assert [r.item.id for r in run.items if r.passed] == ["cti", "follow", "out", "script"]
    broken = by_id["broken"]
    assert broken.error == "Indekset kan ikke læses. Genopbyg det."
    assert broken.answer["answer"] == ""
    s = run.summary
    assert (s["n"], s["passed"], s["pass_rate"]) == (5, 4, 0.8)
    assert s["fact_recall"] == 0.75  # cti 1, follow 1, broken 0, script 1
    assert s["verdict_accuracy"] == 1.0
    assert s["citation_validity"] == 1.0
    assert s["abstention_precision"] == 1.0 and s["abstention_recall"] == 1.0
    assert s["latency_p50_ms"] == 16.0  # 5, 12, 20, 30 -> (12 + 20) / 2
    assert list(run.categories) == ["method_facts", "caseload", "out_of_scope", "cti_phases", "adversarial"]
    assert run.categories["cti_phases"]["passed"] == 0
    assert run.corpus_version == "test-v1"
    assert run.code_version
    assert run.settings["corpus_dir"] == str(settings.corpus_dir)
    assert "llm_api_key" not in run.settings and "admin_password_hash" not in run.settings


def test_write_run_writes_json_markdown_and_html(settings: Settings, tmp_path: Path) -> None:
    run, _, _ = run_fake(settings)
    paths = write_run(run, tmp_path / "out")
    assert sorted(p.name for p in paths.values()) == ["report.html", "report.md", "run.json"]
    data = json.loads(paths["run.json"].read_text(encoding="utf-8"))
    assert data["set"] == "mini" and data["corpus_version"] == "test-v1" and data["format"] == 1
    follow = data["items"][1]
    assert follow["question"] == Q_FOLLOW and follow["history"] == [Q_FIRST]
    assert follow["answer"]["verdicts"][0]["limit"] == 8
    assert follow["metrics"]["verdict_accuracy"] == {
        "value": 1.0,
        "passed": True,
        "reason": "alle 2 forventede afgørelser stemmer",
    }
    md = paths["report.md"].read_text(encoding="utf-8")
    assert "## Fejlede spørgsmål (1)" in md
    assert "  - fejl: Indekset kan ikke læses. Genopbyg det." in md
    assert "\\<script>alert('spm')\\</script> CTI?" in md  # shown as written, never as a raw tag
    assert "&lt;" not in md and "&#x27;" not in md


def test_report_html_escapes_answer_and_question_and_is_self_contained(
    settings: Settings, tmp_path: Path
) -> None:
    run, _, _ = run_fake(settings)
    html = write_run(run, tmp_path / "out")["report.html"].read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;svar&#x27;)&lt;/script&gt; ni måneder" in html
    assert "&lt;script&gt;alert(&#x27;spm&#x27;)&lt;/script&gt; CTI?" in html
    for external in ("<link", "src=", "@import", "url(", "<iframe"):
        assert external not in html
    assert html.count("<svg") == 1 and "<style>" in html
    assert html.count("<rect") >= 5  # at least one bar per category
