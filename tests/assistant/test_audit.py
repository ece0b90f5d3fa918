"""Audit log and feedback store: masked round trips, and faults that must not stop answering.

Read-only and unwritable-folder cases run in a child process; when the tests run as root the
child first drops the capabilities that let root ignore file permissions (CAP_DAC_OVERRIDE …),
so chmod means what it says there too.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.audit import AuditLog, FeedbackStore
from assistant.types import Answer, RuleCitation, Verdict

pytestmark = pytest.mark.unit

CPR = "010190-1234"
CPR_DIGITS = "0101901234"


def make_answer(question: str, answer: str = "Et CTI-forløb varer ni måneder [1].", **kw: object) -> Answer:
    verdicts = kw.pop(
        "verdicts",
        (
            Verdict(
                rule="method_choice",
                explanation="x",
                citations=(RuleCitation("a.txt", 3, "q"),),
                method="ICM",
            ),
            Verdict(rule="caseload_icm", explanation="y", citations=(), caseload_ok=True, limit=20),
        ),
    )
    return Answer(
        question=question,
        answer=answer,
        abstained=bool(kw.pop("abstained", False)),
        citations=(),
        verdicts=verdicts,  # type: ignore[arg-type]
        corpus_version=str(kw.pop("corpus_version", "cv-1")),
        mode="extractive",
        timings_ms={"total": 1.0},
    )


def audit_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "metodeguide.audit" and r.levelno == logging.WARNING
    ]


def test_audit_schema_is_exact(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    assert log.record(make_answer("Hvor længe varer CTI?")) is True
    with sqlite3.connect(tmp_path / "audit.sqlite") as conn:
        cols = [(r[1], r[2]) for r in conn.execute("PRAGMA table_info(audit)")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert cols == [
        ("id", "INTEGER"),
        ("ts", "TEXT"),
        ("question", "TEXT"),
        ("answer", "TEXT"),
        ("abstained", "INTEGER"),
        ("corpus_version", "TEXT"),
        ("mode", "TEXT"),
        ("verdict_ids", "TEXT"),
        ("origin", "TEXT"),
    ]
    assert mode == "wal"


def test_audit_round_trip_is_masked(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    assert log.recent(5) == []  # nothing yet, and reading does not create the file
    assert not (tmp_path / "audit.sqlite").exists()
    assert log.record(make_answer(f"Borger {CPR} tlf 21 45 46 23: ICM?", answer="Ring ole@x.dk [1].")) is True
    assert log.record(make_answer("Løn?", answer="Det dækker manualerne ikke.", abstained=True, verdicts=()))
    recent = log.recent(5)
    assert [e.question for e in recent] == ["Løn?", "Borger [CPR] tlf [TELEFON]: ICM?"]
    assert recent[1].answer == "Ring [E-MAIL] [1]."
    assert recent[1].verdict_ids == ("method_choice", "caseload_icm")
    assert recent[1].abstained is False
    assert (recent[1].corpus_version, recent[1].mode) == ("cv-1", "extractive")
    assert recent[0].verdict_ids == ()
    assert recent[1].ts.endswith("+00:00") and recent[1].ts[:4].isdigit()
    assert [e.question for e in log.abstained()] == ["Løn?"]
    assert [e.id for e in log.recent(1)] == [2]
    assert log.last_error is None


def test_cpr_never_reaches_the_file_bytes(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    log = AuditLog(db)
    fb = FeedbackStore(tmp_path / "feedback.sqlite")
    for q in (f"cpr {CPR}", f"cpr {CPR_DIGITS}", f"cpr {CPR.replace('-', ' ')}"):
        assert log.record(make_answer(q, answer=f"svar om {q}"))
        assert fb.add(q, f"svar om {q}", -1, f"kommentar {CPR_DIGITS}")
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert blob  # the files (and WAL) were read
    for needle in (CPR, CPR_DIGITS, "010190 1234"):
        assert needle.encode() not in blob
    assert b"[CPR]" in blob


def test_feedback_round_trip_and_schema(tmp_path: Path) -> None:
    fb = FeedbackStore(tmp_path / "feedback.sqlite")
    assert fb.add(f"Spørgsmål fra {CPR}", "Svar [1].", 1, "godt", corpus_version="cv-2") is True
    assert fb.add("Andet", "Svar [2].", -1, "ring 21454623") is True
    with pytest.raises(ValueError, match=r"rating skal være \+1 eller -1 \(er 0\)\."):
        fb.add("x", "y", 0, "")
    all_ = fb.list()
    assert [(e.question, e.rating, e.comment, e.corpus_version) for e in all_] == [
        ("Andet", -1, "ring [TELEFON]", ""),
        ("Spørgsmål fra [CPR]", 1, "godt", "cv-2"),
    ]
    assert [e.question for e in fb.list(rating=1)] == ["Spørgsmål fra [CPR]"]
    assert [e.question for e in fb.list(rating=-1)] == ["Andet"]
    with sqlite3.connect(tmp_path / "feedback.sqlite") as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(feedback)")]
    assert cols == ["id", "ts", "question", "answer", "rating", "comment", "corpus_version"]


def _locked_message(path: Path) -> str:
    return (
        f"Auditloggen {path} er låst af et andet program (ventede 0,1 s). Svar gives stadig, men gemmes "
        "ikke. Luk det program, der holder filen åben (fx en SQLite-browser)."
    )


@pytest.mark.parametrize("created_first", [True, False])
def test_locked_database_warns_once_and_recovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, created_first: bool
) -> None:
    db = tmp_path / "audit.sqlite"
    log = AuditLog(db, timeout_s=0.1)
    if created_first:
        assert log.record(make_answer("før låsen"))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    caplog.set_level(logging.WARNING, logger="metodeguide.audit")
    try:
        t0 = time.perf_counter()
        results = [log.record(make_answer(f"under låsen {i}")) for i in range(3)]
        elapsed = time.perf_counter() - t0
        assert results == [False, False, False]
        assert elapsed < 2.0  # bounded by the busy timeout, answering is not held up
        assert log.last_error == _locked_message(db)
        assert audit_warnings(caplog) == [_locked_message(db)]
    finally:
        holder.rollback()
        holder.close()
    assert log.record(make_answer("efter låsen")) is True
    assert log.last_error is None
    assert [e.question for e in log.recent(10)] == ["efter låsen"] + (["før låsen"] if created_first else [])
    # a new failure after a success is reported again (once)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert log.record(make_answer("igen")) is False
        assert log.record(make_answer("igen")) is False
    finally:
        holder.rollback()
        holder.close()
    assert audit_warnings(caplog) == [_locked_message(db)] * 2


# --- read-only file / unwritable folder, in a child process as an unprivileged user ------

_CHILD = textwrap.dedent(
    """
    import json, logging, sys
    from assistant.audit import AuditLog, FeedbackStore
    from assistant.types import Answer

    warnings = []
    class H(logging.Handler):
        def emit(self, record):
            if record.levelno == logging.WARNING:
                warnings.append(record.getMessage())
    logging.getLogger("metodeguide").addHandler(H())
    kind, path = sys.argv[1], sys.argv[2]
    store = AuditLog(path) if kind == "audit" else FeedbackStore(path)
    results = []
    for i in range(3):
        if kind == "audit":
            ans = Answer(question=f"q{i} 010190-1234", answer="a", abstained=False, citations=(),
                         verdicts=(), corpus_version="cv", mode="extractive", timings_ms={})
            results.append(store.record(ans))
        else:
            results.append(store.add(f"q{i}", "a", 1, ""))
    read = store.recent(5) if kind == "audit" else store.list()
    print(json.dumps({"results": results, "last_error": store.last_error, "warnings": warnings,
                      "read": [e.question for e in read]}))
    """
)


def _drop_permission_override() -> None:
    """In the child: as root, drop the capabilities that let root ignore file permissions."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _run_unprivileged(kind: str, path: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_drop_permission_override,  # noqa: PLW1509 - plain fork+exec in a test
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_read_only_file_warns_once_and_answering_continues(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    assert AuditLog(db).record(make_answer("skrevet før"))
    with sqlite3.connect(db) as conn:  # leave no WAL content behind
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp_path.chmod(0o777)
    for p in tmp_path.iterdir():
        p.chmod(0o444)
    out = _run_unprivileged("audit", db)
    expected = (
        f"Auditloggen {db} er skrivebeskyttet. Svar gives stadig, men gemmes ikke. Giv brugeren, der kører "
        f"Metodeguiden, skriveadgang til filen og mappen {tmp_path}, eller vælg en anden mappe med "
        "METODEGUIDE_DATA_DIR."
    )
    assert out["results"] == [False, False, False]
    assert out["last_error"] == expected
    assert out["warnings"] == [expected]
    assert out["read"] == ["skrevet før"]  # reading a read-only log still works
    assert [e.question for e in AuditLog(db).recent(5)] == ["skrevet før"]


def test_unwritable_folder_warns_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    db = folder / "feedback.sqlite"
    out = _run_unprivileged("feedback", db)
    expected = (
        f"Feedbacklageret {db} kan ikke oprettes eller åbnes (unable to open database file). Svar gives "
        f"stadig, men gemmes ikke. Giv skriveadgang til mappen {folder}, eller vælg en anden mappe med "
        "METODEGUIDE_DATA_DIR."
    )
    assert out["results"] == [False, False, False]
    assert out["last_error"] == expected
    assert out["warnings"] == [expected]
    assert out["read"] == []
    assert not db.exists()


def test_missing_folder_that_cannot_be_created_warns_once(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    db = tmp_path / "new" / "audit.sqlite"
    out = _run_unprivileged("audit", db)
    assert out["results"] == [False, False, False]
    assert out["last_error"] == (
        f"Auditloggen {db} kan ikke oprettes eller åbnes ([Errno 13] Permission denied: "
        f"'{tmp_path / 'new'}'). Svar gives stadig, men gemmes ikke. Giv skriveadgang til mappen "
        f"{tmp_path / 'new'}, eller vælg en anden mappe med METODEGUIDE_DATA_DIR."
    )
    assert out["warnings"] == [out["last_error"]]


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    db = tmp_path / "audit.sqlite"
    shared = AuditLog(db, timeout_s=5.0)
    other = AuditLog(db, timeout_s=5.0)  # a second instance on the same file (another process/page)

    def work(i: int) -> bool:
        store = shared if i % 2 else other
        return store.record(make_answer(f"spørgsmål {i}", verdicts=()))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(80)))
    assert results == [True] * 80
    questions = {e.question for e in shared.recent(200)}
    assert questions == {f"spørgsmål {i}" for i in range(80)}
    assert shared.last_error is None and other.last_error is None
