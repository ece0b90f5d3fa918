"""`metodeguide eval` end to end with a fake assistant; gaps and feedback export on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from eval_fakes import MINI_SET, S1, FakeAssistant, cite, make_answer

from evals.cli import main
from evals.schema import check_yaml

pytestmark = pytest.mark.unit



@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("METODEGUIDE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    return tmp_path


def fake(facts_text: str):
    answers = {
        "Hvor lang tid varer et CTI-forløb?": make_answer(
            facts_text, [cite(1, S1, "som er afgrænset til ni måneder")], total=15.0
        )
    }
    return lambda settings: FakeAssistant(answers)


def test_threshold_missed_exits_1_naming_metric_value_and_threshold(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "mini.yaml",
            "--out",
            "run1",
            "--no-progress",
            "--fail-under",
            "fact_recall=0.9",
            "--fail-under",
            "citation_validity=1.0",
        ],
        assistant_factory=fake("CTI er afgrænset til ni måneder [1]."),
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == ["Tærskel ikke nået: fact_recall = 0.500 er under tærsklen 0.9."]
    assert out.splitlines()[0] == "mini: 1/2 bestået"
    assert "  fact_recall            0.500" in out.splitlines()
    assert sorted(p.name for p in (env / "run1").iterdir()) == ["report.html", "report.md", "run.json"]


def test_thresholds_met_exit_0_and_compare_lists_fixes(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mini.yaml", "--out", "old", "--no-progress"], assistant_factory=fake("ni måneder [1]")) == 0
    capsys.readouterr()
    code = main(
        [
            "mini.yaml",
            "--out",
            "new",
            "--no-progress",
            "--compare",
            "old/run.json",
            "--fail-under",
            "fact_recall=1",
            "--fail-under",
            "abstention_recall=0.8",
        ],
        assistant_factory=fake("ni måneder i tre faser [1]"),
    )
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert (
        "Regressioner (0):\n\nRettelser (1):\n"
        "  - cti [method_facts] Hvor lang tid varer et CTI-forløb? — fact_recall" in out
    )
    assert (env / "new" / "compare.md").read_text(encoding="utf-8").startswith("# Sammenligning")


def test_compare_with_a_run_of_another_set_is_refused_before_running(env: Path, capsys) -> None:
    assert main(["mini.yaml", "--out", "old", "--no-progress"], assistant_factory=fake("ni måneder [1]")) == 0
    run = json.loads((env / "old" / "run.json").read_text(encoding="utf-8"))
    run["set"] = "andet"
    (env / "old" / "run.json").write_text(json.dumps(run), encoding="utf-8")
    capsys.readouterr()
    code = main(["mini.yaml", "--out", "new", "--no-progress", "--compare", "old/run.json"], assistant_factory=fake("x"))
    assert code == 2
    assert capsys.readouterr().err == (
        "Fejl: --compare old/run.json: kørslen er af sættet »andet«, ikke »mini«; spørgsmålene kan ikke "
        "sammenlignes. Vælg en kørsel af samme sæt.\n"
    )
    assert not (env / "new").exists()


def test_unmeasurable_threshold_fails(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = env / "one.yaml"
    one.write_text(MINI_SET.split("- id: ud")[0], encoding="utf-8")
    code = main(
        ["one.yaml", "--out", "r", "--no-progress", "--fail-under", "abstention_precision=0.5"],
        assistant_factory=fake("ni måneder i tre faser [1]"),
    )
    assert code == 1
    assert capsys.readouterr().err == (
        "Tærskel ikke nået: abstention_precision kunne ikke måles i denne kørsel (tærskel 0.5).\n"
    )


def test_bad_threshold_spec_and_bad_set_exit_2(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mini.yaml", "--fail-under", "recall=0.9"], assistant_factory=fake("x")) == 2
    assert capsys.readouterr().err == (
        "Fejl: --fail-under 'recall=0.9': skriv mål=værdi med et af målene fact_recall, source_hit, "
        "quote_support, citation_validity, verdict_accuracy, clarification, abstention_precision, abstention_recall.\n"
    )
    (env / "bad.yaml").write_text("- id: x\n  category: ''\n  question: Q?\n  expected: {abstain: true}\n")
    assert main(["bad.yaml"], assistant_factory=fake("x")) == 2
    assert capsys.readouterr().err == (
        "Fejl: bad.yaml:2: spørgsmål 'x': category skal være en ikke-tom tekst, fx caseload eller jeres egen "
        "gruppering (fandt '').\n"
    )


def test_default_out_dir_is_under_the_data_dir(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mini.yaml", "--no-progress"], assistant_factory=fake("ni måneder")) == 0
    runs = list((env / "data" / "evals").glob("mini-*/run.json"))
    assert len(runs) == 1


def _audit_db(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, ts TEXT, question TEXT, answer TEXT, abstained INTEGER, "
        "corpus_version TEXT, mode TEXT, verdict_ids TEXT)"
    )
    rows = [
        ("2025-01-01T10:00:00", "Hvad er lønnen?", "", 1, "v1"),
        ("2025-01-01T11:00:00", "Hvor lang tid varer CTI?", "ni måneder", 0, "v1"),
        ("2025-01-02T09:00:00", "Hvordan er resultaterne i Finland?", "", 1, "v1"),
        ("2025-01-03T09:00:00", "hvad er  lønnen?", "", 1, "v2"),
    ]
    con.executemany(
        "INSERT INTO audit (ts, question, answer, abstained, corpus_version, mode, verdict_ids) "
        "VALUES (?, ?, ?, ?, ?, 'extractive', '')",
        rows,
    )
    con.commit()
    con.close()


def test_gaps_lists_abstained_questions_most_frequent_first(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = env / "audit.sqlite"
    _audit_db(db)
    before = db.read_bytes()
    assert main(["gaps", "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        "2 spørgsmål, som korpus ikke kunne besvare (flest først):\n"
        "\n"
        "   2 × hvad er  lønnen?  (senest 2025-01-03T09:00:00)\n"
        "   1 × Hvordan er resultaterne i Finland?  (senest 2025-01-02T09:00:00)\n"
        "\n"
        "Overvej at tilføje materiale til korpus eller spørgsmålet til et evalueringssæt som out_of_scope.\n"
    )
    assert main(["gaps", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0] == {
        "question": "hvad er  lønnen?",
        "count": 2,
        "first_ts": "2025-01-01T10:00:00",
        "last_ts": "2025-01-03T09:00:00",
        "corpus_versions": ["v1", "v2"],
    }
    assert db.read_bytes() == before  # read-only


def test_gaps_default_db_and_missing_file(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps"]) == 2
    assert capsys.readouterr().err == (
        f"Fejl: Der er ingen revisionslog i {env / 'data' / 'audit.sqlite'} endnu. "
        "Stil spørgsmål i appen først, eller angiv filen med --db.\n"
    )
    (env / "data").mkdir()
    _audit_db(env / "data" / "audit.sqlite")
    assert main(["gaps"]) == 0


def test_export_feedback_writes_draft_items_with_todo(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = env / "feedback.sqlite"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY, ts TEXT, question TEXT, answer TEXT, rating INTEGER, "
        "comment TEXT, corpus_version TEXT)"
    )
    con.executemany(
        "INSERT INTO feedback (ts, question, answer, rating, comment, corpus_version) "
        "VALUES (?, ?, ?, ?, ?, 'v1')",
        [
            ("2025-01-01T10:00:00", "Hvor mange faser har CTI?", "Fire faser.", -1, "Forkert antal"),
            ("2025-01-01T11:00:00", "Hvad er ICM?", "Godt svar.", 1, ""),
            ("2025-01-02T10:00:00", "hvor mange faser har CTI?", json.dumps({"answer": "Fem."}), -1, ""),
        ],
    )
    con.commit()
    con.close()
    out_file = env / "drafts" / "feedback.yaml"
    assert main(["export-feedback", "--db", str(db), "--out", str(out_file)]) == 0
    assert capsys.readouterr().out == f"Udkast skrevet til {out_file}. Udfyld TODO-felterne før brug.\n"
    text = out_file.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == [
        {
            "id": "feedback-001",
            "category": "TODO",
            "question": "hvor mange faser har CTI?",
            "expected": {
                "facts": [["TODO"]],
                "sources": ["TODO"],
                "quote": "TODO",
                "verdict": None,
                "abstain": False,
            },
            "notes": "Tommelfinger ned 2 gang(e), senest 2025-01-02T10:00:00. Kommentarer: Forkert antal. "
            "Assistentens svar: Fem.",
        }
    ]
    assert check_yaml(text, "feedback.yaml") == [
        "feedback.yaml:6: spørgsmål 'feedback-001': category 'TODO' er en pladsholder fra udkastet; skriv en "
        "kategori, fx caseload eller jeres egen gruppering."
    ]
