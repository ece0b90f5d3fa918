"""Chat conversations kept on this machine, so a reload (or a bookmarked link) restores them.

A conversation is keyed by a random id that the chat page keeps in the URL (``?c=<id>``); the
browser that started it by another random id (``?b=<id>``), which the sidebar lists recent
conversations by. "This browser" is therefore the URL's ``b``: it survives reloads and
bookmarks, and a link opened without it starts a new list. Nothing leaves the machine: one
SQLite file in the data folder (``conversations.sqlite``), written with the same never-raise
semantics as the audit log. Questions are stored as shown, i.e. CPR numbers, phone numbers and
e-mail addresses already masked (and masked again here, as a second line of defence).

    >>> store = ConversationStore(settings.conversations_db)      # doctest: +SKIP
    >>> store.save(conversation_id, browser, [turn_to_dict(t) for t in turns])   # doctest: +SKIP
    True
    >>> [turn_from_dict(d) for d in store.load(conversation_id)]                # doctest: +SKIP

No Streamlit here: ``ui.state`` wires it to the page (query parameters, session state).
"""

from __future__ import annotations

import builtins
import json
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from assistant.audit import SqliteStore, now_iso
from assistant.privacy import mask
from assistant.rules.profile import CaseProfile
from assistant.rules.reader import Understood
from assistant.types import Answer, Chunk, Citation, Hit, RuleCitation, Verdict

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    browser TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    title TEXT NOT NULL,
    turns TEXT NOT NULL,
    pending TEXT,
    pending_since REAL
)
"""
_ID = re.compile(r"^[0-9a-f]{32}$")
TITLE_CHARS = 60
INTERRUPTED_AFTER_S = 5.0  # a question asked this long ago without an answer was cut off by a reload


def new_id() -> str:
    """A random 128-bit id (32 hex digits) for a conversation or a browser."""
    return secrets.token_hex(16)


def valid_id(value: Any) -> str | None:
    """``value`` when it is an id ``new_id`` could have made, else None (never trust a URL)."""
    return value if isinstance(value, str) and _ID.match(value) else None


@dataclass(frozen=True)
class ConversationInfo:
    """One row of the sidebar's list."""

    id: str
    title: str
    updated: str
    turns: int


@dataclass(frozen=True)
class PendingQuestion:
    """A question that was asked but whose answer has not been stored (yet)."""

    question: str
    age_s: float

    @property
    def interrupted(self) -> bool:
        """Long enough ago that its answer is not coming: the page was reloaded (or closed) while it
        was computed. Younger ones may still be answered by the run that asked them."""
        return self.age_s >= INTERRUPTED_AFTER_S


# --------------------------------------------------------------------------- JSON codec


def answer_to_dict(a: Answer) -> dict[str, Any]:
    """Everything the chat needs to draw an answer and continue from it (more than ``to_dict``)."""
    d = a.to_dict()
    d["timings_ms"] = {k: float(v) for k, v in a.timings_ms.items()}
    d["citations"] = [
        {**c.to_dict(), "passage": c.passage, "chunk_id": c.chunk_id, "publisher": c.publisher, "year": c.year}
        for c in a.citations
    ]
    d["verdicts"] = [
        {**v.to_dict(), "options": list(v.options), "facts": [[s, val] for s, val in v.facts]} for v in a.verdicts
    ]
    d["related"] = [
        {"chunk": h.chunk.to_dict(), "score": float(h.score), "rank": h.rank, "retriever": h.retriever}
        for h in a.related
    ]
    d["notes"] = list(a.notes)
    d["understood"] = [
        {"slot": u.slot, "value": u.value, "source": u.source, "confidence": u.confidence, "evidence": u.evidence}
        for u in a.understood
    ]
    d["profile"] = a.profile.to_dict() if isinstance(a.profile, CaseProfile) else None
    return d


def _value(v: Any) -> Any:
    return tuple(_value(x) for x in v) if isinstance(v, list) else v


def answer_from_dict(d: dict[str, Any]) -> Answer:
    """The ``Answer`` that ``answer_to_dict`` stored."""
    verdicts = tuple(
        Verdict(
            rule=v["rule"],
            explanation=v["explanation"],
            citations=tuple(RuleCitation(c["source"], c["page"], c["quote"]) for c in v["citations"]),
            method=v["method"],
            with_samarbejdsmodellen=v["with_samarbejdsmodellen"],
            can_start_now=v["can_start_now"],
            caseload_ok=v["caseload_ok"],
            limit=v["limit"],
            cti_phase=v["cti_phase"],
            missing=tuple(v["missing"]),
            question=v["question"],
            options=tuple(v.get("options", ())),
            facts=tuple((s, _value(val)) for s, val in v.get("facts", ())),
        )
        for v in d["verdicts"]
    )
    profile = d.get("profile")
    return Answer(
        question=d["question"],
        answer=d["answer"],
        abstained=bool(d["abstained"]),
        citations=tuple(Citation(**c) for c in d["citations"]),
        verdicts=verdicts,
        corpus_version=d["corpus_version"],
        mode=d["mode"],
        timings_ms=dict(d["timings_ms"]),
        related=tuple(
            Hit(Chunk.from_dict(h["chunk"]), h["score"], h["rank"], h["retriever"]) for h in d.get("related", ())
        ),
        notes=tuple(d.get("notes", ())),
        understood=tuple(
            Understood(u["slot"], _value(u["value"]), u["source"], u["confidence"], u["evidence"])
            for u in d.get("understood", ())
        ),
        profile=None if profile is None else CaseProfile.from_dict(profile),
    )


# --------------------------------------------------------------------------- store


class ConversationStore(SqliteStore):
    """Conversations as JSON, one row each; every call returns a default instead of raising."""

    label = "Samtalelageret"
    schema = _SCHEMA

    def _migrate(self, conn: sqlite3.Connection) -> None:
        cols = {r[1] for r in conn.execute("PRAGMA table_info(conversations)")}
        if "pending" not in cols:  # written before questions in flight were marked
            conn.execute("ALTER TABLE conversations ADD COLUMN pending TEXT")
        if "pending_since" not in cols:
            conn.execute("ALTER TABLE conversations ADD COLUMN pending_since REAL")

    def begin(self, conversation_id: str, browser: str, question: str, now: float | None = None) -> bool:
        """Mark ``question`` as asked and not yet answered (creating the conversation if new), so a
        reload while it is answered can say so; ``save`` clears the mark."""
        _require_ids(conversation_id, browser)
        text = mask(str(question)).text
        since = time.time() if now is None else now
        stamp = now_iso()
        return self._execute(
            "INSERT INTO conversations (id, browser, created, updated, title, turns, pending, pending_since) "
            "VALUES (?, ?, ?, ?, ?, '[]', ?, ?) ON CONFLICT(id) DO UPDATE SET updated = excluded.updated, "
            "pending = excluded.pending, pending_since = excluded.pending_since",
            (conversation_id, browser, stamp, stamp, _title(text), text, since),
        )

    def pending(self, conversation_id: str, now: float | None = None) -> PendingQuestion | None:
        """The conversation's question in flight (or cut off), or None."""
        if valid_id(conversation_id) is None:
            return None

        def read(conn: sqlite3.Connection) -> PendingQuestion | None:
            row = conn.execute(
                "SELECT pending, pending_since FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
            if row is None or not row[0]:
                return None
            since = float(row[1] or 0.0)
            return PendingQuestion(str(row[0]), max(0.0, (time.time() if now is None else now) - since))

        return self._run(read, None, write=False)

    def clear_pending(self, conversation_id: str) -> bool:
        """Forget the question in flight (it failed with an error shown, or it is asked again)."""
        return self._execute("UPDATE conversations SET pending = NULL, pending_since = NULL WHERE id = ?", (conversation_id,))

    def save(self, conversation_id: str, browser: str, turns: builtins.list[dict[str, Any]]) -> bool:
        """Create or replace a conversation (``turns``: dicts with ``question`` and ``answer``); the
        question in flight, if any, has its answer now: its mark is cleared."""
        _require_ids(conversation_id, browser)
        safe = [_masked(t) for t in turns]
        title = _title(safe[0]["question"]) if safe else ""
        payload = json.dumps(safe, ensure_ascii=False)
        now = now_iso()
        return self._execute(
            "INSERT INTO conversations (id, browser, created, updated, title, turns) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET updated = excluded.updated, title = excluded.title, "
            "turns = excluded.turns, pending = NULL, pending_since = NULL",
            (conversation_id, browser, now, now, title, payload),
        )

    def load(self, conversation_id: str) -> builtins.list[dict[str, Any]] | None:
        """The stored turns, or None when there is no such conversation (or it cannot be read)."""
        if valid_id(conversation_id) is None:
            return None

        def read(conn: sqlite3.Connection) -> builtins.list[dict[str, Any]] | None:
            row = conn.execute("SELECT turns FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
            if row is None:
                return None
            try:
                data = json.loads(row[0])
            except ValueError:  # not JSON (edited by hand?): as if missing, never a broken chat
                return None
            return data if isinstance(data, list) else None

        return self._run(read, None, write=False)

    def recent(self, browser: str, n: int = 10) -> builtins.list[ConversationInfo]:
        """This browser's conversations, most recently updated first."""

        def read(conn: sqlite3.Connection) -> builtins.list[ConversationInfo]:
            rows = conn.execute(
                "SELECT id, title, updated, json_array_length(turns) FROM conversations WHERE browser = ? "
                "ORDER BY updated DESC, rowid DESC LIMIT ?",
                (browser, n),
            )
            return [ConversationInfo(id=r[0], title=r[1], updated=r[2], turns=int(r[3] or 0)) for r in rows]

        return self._run(read, [], write=False)

    def delete(self, conversation_id: str, browser: str) -> bool:
        """Delete one of this browser's conversations; False when nothing was deleted."""

        def write(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "DELETE FROM conversations WHERE id = ? AND browser = ?", (conversation_id, browser)
            )
            return cur.rowcount > 0

        return self._run(write, False, write=True)


def _masked(turn: dict[str, Any]) -> dict[str, Any]:
    out = dict(turn)
    out["question"] = mask(str(turn["question"])).text
    answer = dict(turn["answer"])
    answer["question"] = mask(str(answer.get("question", ""))).text
    out["answer"] = answer
    return out


def _title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _require_ids(conversation_id: str, browser: str) -> None:
    """Raise ``ValueError`` unless both are ids made by ``new_id()``."""
    if valid_id(conversation_id) is None or valid_id(browser) is None:
        raise ValueError("conversation_id og browser skal være id'er fra new_id().")
