"""Questions an evaluation asks are tagged in the audit log and kept out of ``eval gaps`` and the
staff question log by default; ``--include-eval`` / ``include_eval=True`` shows them."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.audit import ORIGIN_EVAL, AuditLog, asked_by, current_origin
from assistant.settings import PROJECT_ROOT, Settings
from evals.cli import main
from evals.gaps import find_gaps
from evals.runner import run_set
from evals.schema import EvalItem, EvalSet, Expected
from tests.fakes.answers import refusal

SHIPPED = PROJECT_ROOT / "corpus" / "documents"
STAFF_Q = "Hvad koster en pizza i Rom?"
EVAL_Q = "Hvad koster en bil i Tyskland?"


@pytest.fixture(scope="module")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The shipped corpus ingested with the hash embedder into a private data dir."""
    from chromadb.api.client import SharedSystemClient

    from ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("origin_index")
    shutil.copytree(SHIPPED, root / "corpus")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus", embedding_backend="hash", num_threads=1)
    ingest(settings, progress=False, log=lambda line: None)
    yield settings
    SharedSystemClient.clear_system_cache()


@pytest.mark.integration
def test_eval_questions_stay_out_of_gaps_and_the_question_log(
    real_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.assistant import Assistant

    assistant = Assistant.load(real_settings)
    staff = assistant.answer(STAFF_Q)
    items = (EvalItem(id="ud", category="Egne spørgsmål", question=EVAL_Q, expected=Expected(abstain=True)),)
    run = run_set(EvalSet(name="lille", items=items), assistant, settings=real_settings, show_progress=False)
    assert staff.abstained and run.items[0].answer["abstained"]  # both are gaps by content

    db = real_settings.audit_db
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT question, origin FROM audit ORDER BY id").fetchall()
    assert rows == [(STAFF_Q, "user"), (EVAL_Q, "eval")]

    assert main(["gaps", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "1 spørgsmål, som korpus ikke kunne besvare (flest først):",
        "",
        f"   1 × {STAFF_Q}  (senest {find_gaps(db)[0].last_ts})",
    ]
    assert EVAL_Q not in out
    assert main(["gaps", "--db", str(db), "--include-eval"]) == 0
    assert EVAL_Q in capsys.readouterr().out
    assert [g.question for g in find_gaps(db, include_eval=True)] == [EVAL_Q, STAFF_Q]

    log = AuditLog(db)
    assert [(e.question, e.origin) for e in log.recent(10)] == [(STAFF_Q, "user")]
    assert [(e.question, e.origin) for e in log.recent(10, include_eval=True)] == [
        (EVAL_Q, "eval"),
        (STAFF_Q, "user"),
    ]
    assert [e.question for e in log.abstained()] == [STAFF_Q]
    assert current_origin() == "user"  # the runner's tag ends with the run


@pytest.mark.unit
def test_origin_is_per_context_and_validated(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    seen: list[str] = []
    with asked_by(ORIGIN_EVAL):
        assert log.record(refusal("i evalueringen"))
        other = threading.Thread(target=lambda: seen.append(current_origin()))
        other.start()
        other.join()
    assert log.record(refusal("bagefter"))
    assert seen == ["user"]  # another thread (another Streamlit session) is never tagged
    assert [(e.question, e.origin) for e in log.recent(5, include_eval=True)] == [
        ("bagefter", "user"),
        ("i evalueringen", "eval"),
    ]
    with pytest.raises(ValueError, match=r"^origin skal være en af user, eval \(er 'test'\)\.$"):
        with asked_by("test"):
            pass


@pytest.mark.unit
def test_an_older_log_without_origin_is_upgraded_and_counts_as_staff(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, ts TEXT NOT NULL, question TEXT NOT NULL, "
            "answer TEXT NOT NULL, abstained INTEGER NOT NULL, corpus_version TEXT NOT NULL, mode TEXT NOT NULL, "
            "verdict_ids TEXT NOT NULL)"
        )
        conn.execute("INSERT INTO audit VALUES (1, '2025-01-01T10:00:00', 'gammel', '', 1, 'v0', 'extractive', '')")
    assert [g.question for g in find_gaps(db)] == ["gammel"]  # read-only: not upgraded by gaps
    log = AuditLog(db)
    with asked_by(ORIGIN_EVAL):
        assert log.record(refusal("ny"))
    assert [(e.question, e.origin) for e in log.recent(5, include_eval=True)] == [("ny", "eval"), ("gammel", "user")]
    assert [g.question for g in find_gaps(db)] == ["gammel"]
