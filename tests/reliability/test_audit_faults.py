"""The audit log or the feedback store cannot be written (locked by another program, or read-only):
answering goes on with identical answers, and the failure is reported once (one warning), not
once per question. A later successful write clears it.

Read-only as root: root ignores file modes, so the file is made read-only with a read-only bind
mount of that one file; as another user, ``chmod 0444`` does it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.audit import FeedbackStore
from assistant.settings import Settings

pytestmark = pytest.mark.integration

QUESTIONS = (
    "Hvor mange kommuner deltager i udbredelsen af metoderne?",
    "Hvornår slutter ungeprojektet?",
    "Hvad er hjemløsestrategiens mål?",
)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
            yield "read-only bind mount"
        finally:
            if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
                subprocess.run(["umount", "-l", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield "chmod 0444"
        finally:
            path.chmod(0o644)


def _rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _audit_warnings(caplog: pytest.LogCaptureFixture, logger: str = "metodeguide.audit") -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelno == logging.WARNING]


def _answers(app: object) -> list[tuple[str, tuple[object, ...]]]:
    out = []
    for q in QUESTIONS:
        a = app.answer(q)  # type: ignore[attr-defined]
        out.append((a.answer, tuple((c.source, c.quote) for c in a.citations)))
    return out


@pytest.mark.parametrize("fault", ["locked", "read-only"])
def test_audit_fault_answers_continue_and_warn_once(
    small_index: Settings, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    from assistant.assistant import Assistant

    app = Assistant.load(small_index)
    reference = _answers(app)
    db = small_index.audit_db
    assert _rows(db, "audit") == 3

    caplog.set_level(logging.WARNING, logger="metodeguide.audit")
    if fault == "read-only":
        # an open connection keeps its write access (as with chmod after open), so the file turns
        # read-only while the store holds no connection, e.g. before the app starts
        app._audit.close()
    ctx = locked(db) if fault == "locked" else read_only(db)
    with ctx:
        assert _answers(app) == reference
        assert _answers(app) == reference
    warnings = _audit_warnings(caplog)
    assert len(warnings) == 1, warnings
    if fault == "locked":
        assert warnings[0] == (
            f"Auditloggen {db} er låst af et andet program (ventede 0,5 s). Svar gives stadig, men gemmes "
            "ikke. Luk det program, der holder filen åben (fx en SQLite-browser)."
        )
    else:
        assert warnings[0] == (
            f"Auditloggen {db} er skrivebeskyttet. Svar gives stadig, men gemmes ikke. Giv brugeren, "
            f"der kører Metodeguiden, skriveadgang til filen og mappen {db.parent}, eller vælg en anden "
            "mappe med METODEGUIDE_DATA_DIR."
        )
    assert app._audit.last_error == warnings[0]
    assert _rows(db, "audit") == 3  # nothing was written while it failed

    caplog.clear()
    assert _answers(app) == reference  # the fault is gone: writes resume, no new warning
    assert _rows(db, "audit") == 6
    assert app._audit.last_error is None
    assert _audit_warnings(caplog) == []


def test_feedback_locked_returns_false_and_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fb = FeedbackStore(tmp_path / "feedback.sqlite")
    assert fb.add("Hvor længe varer CTI?", "Ni måneder [1].", 1) is True
    caplog.set_level(logging.WARNING, logger="metodeguide.audit")
    with locked(fb.path):
        assert [fb.add("Hvor længe varer CTI?", "Ni måneder [1].", -1) for _ in range(5)] == [False] * 5
    assert len(_audit_warnings(caplog)) == 1
    assert fb.add("Hvor længe varer CTI?", "Ni måneder [1].", -1) is True
    assert [e.rating for e in fb.list()] == [-1, 1]
