"""Local SQLite stores: the audit log of questions and answers, and user feedback.

Both mask personal data (``assistant.privacy.mask``) before writing, as a second line of
defence behind the pipeline. Neither ever raises into the answering path: when the file is
locked, read-only or its folder is not writable, the call returns ``False`` (or ``[]``),
logs one Danish warning that names the file and what to do, and sets ``.last_error``.
Later failures stay silent until a write succeeds again (which clears ``.last_error``).

    >>> from assistant.audit import AuditLog, FeedbackStore
    >>> log = AuditLog(settings.audit_db)                      # doctest: +SKIP
    >>> log.record(answer)                                      # doctest: +SKIP
    True
    >>> [e.question for e in log.recent(5)]                    # doctest: +SKIP
    ['Hvor længe varer et CTI-forløb?']

Questions asked by an evaluation run are tagged ``origin = 'eval'`` (the runner asks inside
``asked_by(ORIGIN_EVAL)``); everything else is ``'user'``. Staff views and ``eval gaps`` leave the
evaluation's questions out unless asked to include them::

    >>> with asked_by(ORIGIN_EVAL):                             # doctest: +SKIP
    ...     assistant.answer("Hvad er lønnen?")                 # logged with origin 'eval'
    >>> log.recent(5)                                           # doctest: +SKIP
    []
    >>> [e.origin for e in log.recent(5, include_eval=True)]    # doctest: +SKIP
    ['eval']

Tables (one file each, WAL mode, one connection per store, used under a lock)::

    audit(id INTEGER PRIMARY KEY, ts TEXT, question TEXT, answer TEXT, abstained INTEGER,
          corpus_version TEXT, mode TEXT, verdict_ids TEXT,         -- verdict_ids: "r1,r2"
          origin TEXT)                                             -- 'user' | 'eval'; added to older files
    feedback(id INTEGER PRIMARY KEY, ts TEXT, question TEXT, answer TEXT, rating INTEGER,
             comment TEXT, corpus_version TEXT)                    -- rating: +1 / -1
"""

from __future__ import annotations

import builtins
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from assistant.privacy import mask
from assistant.types import Answer

log = logging.getLogger("metodeguide.audit")

T = TypeVar("T")

_AUDIT_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    corpus_version TEXT NOT NULL,
    mode TEXT NOT NULL,
    verdict_ids TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'user'
)
"""
ORIGIN_USER = "user"
ORIGIN_EVAL = "eval"
ORIGINS: tuple[str, ...] = (ORIGIN_USER, ORIGIN_EVAL)
_ORIGIN: ContextVar[str] = ContextVar("metodeguide_audit_origin", default=ORIGIN_USER)


@contextmanager
def asked_by(origin: str) -> Iterator[None]:
    """Questions answered inside this block are logged with ``origin`` (``'user'`` or ``'eval'``).

    A context variable, so it follows the call into the answering chain and never leaks to
    another thread or Streamlit session.
    """
    if origin not in ORIGINS:
        raise ValueError(f"origin skal være en af {', '.join(ORIGINS)} (er {origin!r}).")
    token = _ORIGIN.set(origin)
    try:
        yield
    finally:
        _ORIGIN.reset(token)


def current_origin() -> str:
    """The origin questions are logged with right now (``'user'`` outside ``asked_by``)."""
    return _ORIGIN.get()

_FEEDBACK_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    corpus_version TEXT NOT NULL
)
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    question: str
    answer: str
    abstained: bool
    corpus_version: str
    mode: str
    verdict_ids: tuple[str, ...]
    origin: str = ORIGIN_USER


@dataclass(frozen=True)
class FeedbackEntry:
    id: int
    ts: str
    question: str
    answer: str
    rating: int
    comment: str
    corpus_version: str


def _primary_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an error (extended codes carry it in the low byte)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _is_busy(exc: BaseException) -> bool:
    return _primary_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class _SqliteStore:
    """One SQLite file; every call opens its own connection under a lock and never raises."""

    label = "Databasen"
    schema = ""

    def __init__(self, path: Path | str, timeout_s: float = 0.5) -> None:
        if timeout_s < 0:
            raise ValueError(f"timeout_s skal være 0 eller mere (er {timeout_s}).")
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.last_error: str | None = None
        self._lock = threading.Lock()
        self._warned = False
        self._conn: sqlite3.Connection | None = None
        self._wal_set = False

    def _connection(self, write: bool) -> sqlite3.Connection:
        """The open connection (opened on first use; caller holds the lock)."""
        if self._conn is None:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False
            )
            try:
                # WAL + NORMAL: no corruption on a crash, at most the last entries lost on power
                # failure; a write costs well under a millisecond instead of an fsync per entry.
                self._while_busy(lambda: conn.execute("PRAGMA synchronous=NORMAL"))
                if write:
                    self._while_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
                    self._wal_set = True
                self._while_busy(lambda: conn.execute(self.schema))
                self._while_busy(lambda: self._migrate(conn))
            except sqlite3.Error:
                conn.close()
                self._wal_set = False
                raise
            self._conn = conn
        if write and not self._wal_set:
            conn = self._conn
            self._while_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"))
            self._wal_set = True
        return self._conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring a file written by an older version up to ``schema`` (no-op by default)."""

    def _while_busy(self, fn: Callable[[], object]) -> None:
        """Retry ``fn`` while another connection holds the file, up to ``timeout_s``.

        Switching to WAL and creating the schema can meet a second connection doing the same
        (two pages opening the log at once); SQLite then answers "locked" at once instead of
        waiting, so the wait is done here.
        """
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                fn()
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _reset(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
        self._conn = None
        self._wal_set = False

    def close(self) -> None:
        """Close the connection (a later call reopens it)."""
        with self._lock:
            self._reset()

    def _run(self, fn: Callable[[sqlite3.Connection], T], default: T, write: bool) -> T:
        with self._lock:
            if not write and self._conn is None and not self.path.exists():
                return default  # nothing recorded yet; reading must not create the file
            try:
                result = fn(self._connection(write))
            except (sqlite3.Error, OSError) as exc:
                self._reset()  # reconnect next time: the fault may be gone by then
                self._fail(exc)
                return default
            if write:  # only a successful write proves the fault is gone
                self.last_error = None
                self._warned = False
            return result

    def _execute(self, sql: str, params: Sequence[Any]) -> bool:
        """Run one writing statement; True when it was written, False (never raises) when not."""

        def write(conn: sqlite3.Connection) -> bool:
            conn.execute(sql, params)
            return True

        return self._run(write, False, write=True)

    def _fail(self, exc: sqlite3.Error | OSError) -> None:
        self.last_error = self._describe(exc)
        if not self._warned:
            self._warned = True
            log.warning("%s", self.last_error)

    def _describe(self, exc: sqlite3.Error | OSError) -> str:
        where = f"{self.label} {self.path}"
        tail = "Svar gives stadig, men gemmes ikke."
        code = _primary_code(exc)
        if _is_busy(exc):
            waited = f"{self.timeout_s:g}".replace(".", ",")
            return (
                f"{where} er låst af et andet program (ventede {waited} s). {tail} "
                "Luk det program, der holder filen åben (fx en SQLite-browser)."
            )
        if code == sqlite3.SQLITE_READONLY:
            return (
                f"{where} er skrivebeskyttet. {tail} Giv brugeren, der kører Metodeguiden, "
                f"skriveadgang til filen og mappen {self.path.parent}, eller vælg en anden "
                "mappe med METODEGUIDE_DATA_DIR."
            )
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return f"{where} er beskadiget ({exc}). {tail} Flyt filen væk; så oprettes en ny."
        return (
            f"{where} kan ikke oprettes eller åbnes ({exc}). {tail} Giv skriveadgang til "
            f"mappen {self.path.parent}, eller vælg en anden mappe med METODEGUIDE_DATA_DIR."
        )


# Public names for other local stores built the same way (``ui.conversations``).
SqliteStore = _SqliteStore
now_iso = _now


class AuditLog(_SqliteStore):
    """Every question and answer (masked), with time, corpus version, mode and verdict ids.

    log = AuditLog(settings.audit_db)
    log.record(answer)          # False (never an exception) when the file is locked/read-only
    log.recent(3)               # [AuditEntry(id=..., ts='2025-01-01T10:00:00.000+00:00', ...)]
    """

    label = "Auditloggen"
    schema = _AUDIT_SCHEMA

    def _migrate(self, conn: sqlite3.Connection) -> None:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(audit)")}
        if "origin" not in cols:  # written before questions were tagged: all were staff's
            conn.execute(f"ALTER TABLE audit ADD COLUMN origin TEXT NOT NULL DEFAULT '{ORIGIN_USER}'")

    def record(self, answer: Answer, origin: str | None = None) -> bool:
        """Store one answer; returns False (and never raises) when the file cannot be written.

        ``origin`` defaults to ``current_origin()`` (``'eval'`` inside ``asked_by(ORIGIN_EVAL)``)."""
        origin = current_origin() if origin is None else origin
        if origin not in ORIGINS:
            raise ValueError(f"origin skal være en af {', '.join(ORIGINS)} (er {origin!r}).")
        row = (
            _now(),
            mask(answer.question).text,
            mask(answer.answer).text,
            1 if answer.abstained else 0,
            answer.corpus_version,
            answer.mode,
            ",".join(v.rule for v in answer.verdicts),
            origin,
        )
        return self._execute(
            "INSERT INTO audit (ts, question, answer, abstained, corpus_version, mode, verdict_ids, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )

    def recent(self, n: int = 50, *, include_eval: bool = False) -> list[AuditEntry]:
        """The ``n`` newest entries, newest first (``[]`` when the file cannot be read); an
        evaluation's questions only with ``include_eval``."""
        return self._select("ORDER BY id DESC LIMIT ?", (n,), include_eval=include_eval)

    def abstained(self, *, include_eval: bool = False) -> list[AuditEntry]:
        """All entries where the assistant abstained, newest first (staff's only by default)."""
        return self._select("ORDER BY id DESC", (), include_eval=include_eval, where="abstained = 1")

    def _select(
        self, tail: str, params: tuple[object, ...], *, include_eval: bool, where: str | None = None
    ) -> list[AuditEntry]:
        conds = [c for c in (where, None if include_eval else f"origin = '{ORIGIN_USER}'") if c]
        sql = (
            "SELECT id, ts, question, answer, abstained, corpus_version, mode, verdict_ids, origin FROM audit "
            + (f"WHERE {' AND '.join(conds)} " if conds else "")
            + tail
        )

        def read(conn: sqlite3.Connection) -> list[AuditEntry]:
            return [
                AuditEntry(
                    id=r[0],
                    ts=r[1],
                    question=r[2],
                    answer=r[3],
                    abstained=bool(r[4]),
                    corpus_version=r[5],
                    mode=r[6],
                    verdict_ids=tuple(x for x in r[7].split(",") if x),
                    origin=r[8],
                )
                for r in conn.execute(sql, params)
            ]

        return self._run(read, [], write=False)


class FeedbackStore(_SqliteStore):
    """Thumbs up/down with an optional comment per answer (masked).

    fb = FeedbackStore(settings.feedback_db)
    fb.add("Hvor længe varer CTI?", "Ni måneder [1].", +1, "kort og præcist")
    fb.list(rating=-1)          # the thumbs-down, newest first
    """

    label = "Feedbacklageret"
    schema = _FEEDBACK_SCHEMA

    def add(
        self, question: str, answer: str, rating: int, comment: str = "", corpus_version: str = ""
    ) -> bool:
        """Store one rating (+1 or -1); returns False (never raises) when the file cannot be written."""
        if rating not in (1, -1):
            raise ValueError(f"rating skal være +1 eller -1 (er {rating!r}).")
        row = (_now(), mask(question).text, mask(answer).text, rating, mask(comment).text, corpus_version)
        return self._execute(
            "INSERT INTO feedback (ts, question, answer, rating, comment, corpus_version) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            row,
        )

    def list(self, rating: int | None = None) -> builtins.list[FeedbackEntry]:
        """All feedback, newest first; only +1 or only -1 when ``rating`` is given."""
        params: tuple[object, ...] = ()
        if rating is None:
            sql = "SELECT * FROM feedback ORDER BY id DESC"
        else:
            sql, params = "SELECT * FROM feedback WHERE rating = ? ORDER BY id DESC", (rating,)

        def read(conn: sqlite3.Connection) -> builtins.list[FeedbackEntry]:
            return [FeedbackEntry(*r) for r in conn.execute(sql, params)]

        return self._run(read, [], write=False)
