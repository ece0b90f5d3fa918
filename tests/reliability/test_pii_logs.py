"""CPR numbers typed into questions never reach the audit log, the feedback store or any log file.

Questions with CPR numbers (several spellings), phone numbers and e-mail addresses go through
``Assistant.answer`` (with history, as in a conversation), feedback is saved with the answer and a
comment, every Python logger writes at DEBUG level to a file inside the data dir, and the CLI runs
``ask`` with its stdout/stderr captured into another file there. Then every byte of every file
under the data dir (SQLite files, their WAL/SHM side files, Chroma, logs) is searched.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from assistant.audit import AuditLog, FeedbackStore
from assistant.settings import Settings

from .helpers import fresh_chroma, run_cli

pytestmark = pytest.mark.integration

SECRETS = {
    "240985-1234": ("240985-1234", "2409851234", "240985 1234"),
    "0101901234": ("0101901234", "010190-1234"),
    "311299\u00a04321": ("311299\u00a04321", "3112994321", "311299-4321"),
    "31 62 77 05": ("31 62 77 05", "31627705"),
    "mette.hansen@kommune.dk": ("mette.hansen@kommune.dk",),
}

QUESTIONS = [
    "Borgeren med CPR 240985-1234 har fået bolig. Hvor lang tid varer et CTI-forløb?",
    "Må 0101901234 få ICM, og hvor mange kommuner deltager?",
    "cpr 311299\u00a04321, tlf. 31 62 77 05, mail mette.hansen@kommune.dk – hvad er caseload i ACT?",
    "og hvad med 240985-1234?",
]


def _all_bytes(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cpr_never_reaches_audit_feedback_or_logs(small_index: Settings) -> None:
    from assistant.assistant import Assistant

    s = small_index
    log_file = s.data_dir / "app.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        app = Assistant.load(s)
        history = []
        answers = []
        for q in QUESTIONS:
            ans = app.answer(q, history=history)
            history.append(ans)
            answers.append(ans)
            logging.getLogger("metodeguide.test").warning("spørgsmål modtaget: %s", q)
        fb = FeedbackStore(s.feedback_db)
        for q, ans in zip(QUESTIONS, answers, strict=True):
            assert fb.add(q, ans.answer, -1, comment=f"forkert for borger {q}") is True
        cli = run_cli(s, "ask", QUESTIONS[0])
        assert cli.returncode == 0, cli.stderr
        (s.data_dir / "cli.log").write_text(cli.stdout + cli.stderr, encoding="utf-8")
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
        app._audit.close()
        fresh_chroma()

    for ans in answers:
        for forms in SECRETS.values():
            for form in forms:
                assert form not in ans.question and form not in ans.answer

    audit = AuditLog(s.audit_db).recent(50)
    assert len(audit) == len(QUESTIONS) + 1  # + the CLI's question
    assert "[CPR]" in audit[-1].question
    feedback = FeedbackStore(s.feedback_db).list()
    assert len(feedback) == len(QUESTIONS) and all("[CPR]" in e.comment for e in feedback)
    assert log_file.stat().st_size > 0

    files = _all_bytes(s.data_dir)
    assert {s.audit_db, s.feedback_db, log_file, s.data_dir / "cli.log"} <= set(files)
    leaks = [
        (str(p.relative_to(s.data_dir)), form)
        for p, data in files.items()
        for forms in SECRETS.values()
        for form in forms
        if form.encode("utf-8") in data or form.encode("utf-16-le") in data
    ]
    assert leaks == []


def test_sqlite_free_pages_hold_no_cpr(tmp_path: Path) -> None:
    """A masked write leaves no unmasked copy in freed pages or the WAL (nothing unmasked is ever written)."""
    from assistant.types import Answer

    log = AuditLog(tmp_path / "audit.sqlite")
    for _ in range(20):
        log.record(Answer(question="CPR 240985-1234?", answer="Svar om 240985-1234.", abstained=False,
                          citations=(), verdicts=(), corpus_version="v", mode="extractive", timings_ms={}))
    log.close()
    conn = sqlite3.connect(tmp_path / "audit.sqlite")
    conn.execute("DELETE FROM audit")
    conn.commit()
    conn.close()
    for p in tmp_path.iterdir():
        data = p.read_bytes()
        assert b"240985-1234" not in data and b"2409851234" not in data, p.name
