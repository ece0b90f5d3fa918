"""Canned ``Answer`` objects for tests that need one without asking the assistant."""

from __future__ import annotations

from assistant.types import Answer


def refusal(question: str) -> Answer:
    """A refusal of ``question`` (abstained, no citations), as the audit log records it."""
    return Answer(
        question=question,
        answer="Det dækker manualerne ikke.",
        abstained=True,
        citations=(),
        verdicts=(),
        corpus_version="v1",
        mode="extractive",
        timings_ms={"total": 1.0},
    )
