"""Corpus gaps from the audit log and draft eval items from thumbs-down feedback.

Both read SQLite files written by ``assistant/audit.py`` strictly read-only:

- ``audit(ts, question, answer, abstained, corpus_version, mode, verdict_ids[, origin])``;
  questions an evaluation asked (``origin = 'eval'``) are left out unless ``include_eval``
- ``feedback(ts, question, answer, rating, comment)`` with rating +1 / -1

    >>> from evals.gaps import find_gaps, feedback_drafts
    >>> for g in find_gaps(settings.audit_db): print(g.count, g.question)      # doctest: +SKIP
    >>> print(feedback_drafts(settings.feedback_db))                           # doctest: +SKIP
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.audit import ORIGIN_EVAL
from assistant.errors import MetodeguideError


class EvalDataError(MetodeguideError):
    """The audit log or feedback store cannot be read; the message names the file."""


@dataclass(frozen=True)
class Gap:
    """An abstained question (grouped by normalised wording) with how often it was asked."""

    question: str  # most recent wording
    count: int
    first_ts: str
    last_ts: str
    corpus_versions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "count": self.count,
            "first_ts": self.first_ts,
            "last_ts": self.last_ts,
            "corpus_versions": list(self.corpus_versions),
        }


def _rows(db: Path, sql: str, what: str) -> list[sqlite3.Row]:
    if not db.is_file():
        raise EvalDataError(
            f"Der er ingen {what} i {db} endnu. Stil spørgsmål i appen først, eller angiv filen med --db."
        )
    try:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise EvalDataError(f"{db} kan ikke åbnes ({exc}). Tjek stien og rettighederne.") from exc
    try:
        con.row_factory = sqlite3.Row
        return list(con.execute(sql))
    except sqlite3.Error as exc:
        raise EvalDataError(
            f"{db} kan ikke læses som {what} ({exc}). Tjek at det er den rigtige fil."
        ) from exc
    finally:
        con.close()


def _key(question: str) -> str:
    return " ".join(question.casefold().split())


def _truthy(v: Any) -> bool:
    return v in (1, True) or (isinstance(v, str) and v.strip().lower() in ("1", "true", "ja"))


def find_gaps(db: Path, include_eval: bool = False) -> list[Gap]:
    """Abstained questions, most frequent first (then most recent). Questions an evaluation run
    asked are not gaps staff met; ``include_eval`` counts them too. A log written before
    questions were tagged (no ``origin`` column) holds staff's questions only."""
    rows = _rows(db, "SELECT * FROM audit ORDER BY ts, rowid", "revisionslog")
    groups: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        if not include_eval and "origin" in r.keys() and r["origin"] == ORIGIN_EVAL:
            continue
        if _truthy(r["abstained"]) and r["question"]:
            groups.setdefault(_key(str(r["question"])), []).append(r)
    gaps = [
        Gap(
            question=str(rs[-1]["question"]),
            count=len(rs),
            first_ts=str(rs[0]["ts"]),
            last_ts=str(rs[-1]["ts"]),
            corpus_versions=tuple(dict.fromkeys(str(r["corpus_version"]) for r in rs)),
        )
        for rs in groups.values()
    ]
    gaps.sort(key=lambda g: g.last_ts, reverse=True)
    gaps.sort(key=lambda g: g.count, reverse=True)  # stable: most frequent first, then most recent
    return gaps


def format_gaps(gaps: list[Gap]) -> str:
    if not gaps:
        return "Ingen huller: assistenten har ikke afstået fra nogen spørgsmål i revisionsloggen.\n"
    lines = [f"{len(gaps)} spørgsmål, som korpus ikke kunne besvare (flest først):", ""]
    for g in gaps:
        lines.append(f"{g.count:>4} × {g.question}  (senest {g.last_ts})")
    lines += [
        "",
        "Overvej at tilføje materiale til korpus eller spørgsmålet til et evalueringssæt som out_of_scope.",
    ]
    return "\n".join(lines) + "\n"


def _answer_text(raw: Any) -> str:
    text = "" if raw is None else str(raw)
    try:
        data = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict) and isinstance(data.get("answer"), str):
        return str(data["answer"])
    return text


def feedback_items(db: Path) -> list[dict[str, Any]]:
    """Draft items (dicts in the set format) for every distinct thumbs-down question."""
    rows = _rows(
        db, "SELECT ts, question, answer, rating, comment FROM feedback ORDER BY ts, rowid", "feedback"
    )
    groups: dict[str, list[sqlite3.Row]] = {}
    for r in rows:
        try:
            negative = int(r["rating"]) < 0
        except (TypeError, ValueError):
            negative = False
        if negative and r["question"]:
            groups.setdefault(_key(str(r["question"])), []).append(r)
    items = []
    for n, rs in enumerate(groups.values(), start=1):
        last = rs[-1]
        comments = [str(r["comment"]).strip() for r in rs if r["comment"] and str(r["comment"]).strip()]
        answer = " ".join(_answer_text(last["answer"]).split())
        if len(answer) > 300:
            answer = answer[:299] + "…"
        notes = f"Tommelfinger ned {len(rs)} gang(e), senest {last['ts']}."
        if comments:
            notes += " Kommentarer: " + " | ".join(comments) + "."
        notes += f" Assistentens svar: {answer or '(tomt)'}"
        items.append(
            {
                "id": f"feedback-{n:03d}",
                "category": "TODO",
                "question": str(last["question"]),
                "expected": {
                    "facts": [["TODO"]],
                    "sources": ["TODO"],
                    "quote": "TODO",
                    "verdict": None,
                    "abstain": False,
                },
                "notes": notes,
            }
        )
    return items


def feedback_drafts(db: Path) -> str:
    """YAML text with draft items; a trainer replaces every TODO before the set validates."""
    items = feedback_items(db)
    header = (
        f"# Udkast fra tommelfinger-ned-feedback ({len(items)} spørgsmål),\n"
        "# lavet af `metodeguide eval export-feedback`.\n"
        "# Udfyld hvert TODO: category, expected.facts/sources/quote (eller abstain: true, hvis korpus ikke\n"
        "# dækker spørgsmålet) og evt. verdict. Tjek derefter sættet med `metodeguide eval FIL`.\n"
    )
    if not items:
        return header + "[]\n"
    return header + yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=1000)
