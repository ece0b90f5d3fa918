"""Hand-built Answers and a fake assistant for the evaluation tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.errors import MetodeguideError
from assistant.settings import PROJECT_ROOT
from assistant.types import Answer, Citation, RuleCitation, Verdict

CORPUS = PROJECT_ROOT / "corpus" / "documents"
S1 = "001_a87d09dcf945fd35.txt"
# A two-item set for the command-line tests: one fact question, one out of scope.
MINI_SET = """\
- id: cti
  category: method_facts
  question: Hvor lang tid varer et CTI-forløb?
  expected:
    facts: [["ni måneder"], ["tre faser"]]
    sources: [001_a87d09dcf945fd35.txt]
    abstain: false
- id: ud
  category: out_of_scope
  question: Hvad er lønnen?
  expected: {abstain: true}
"""
S3 = "003_af012a5f0ae89a04.txt"


def cite(n: int, source: str, quote: str, passage: str | None = None, page: int | None = 10) -> Citation:
    return Citation(
        n=n,
        source=source,
        title="Titel",
        page=page,
        section=None,
        quote=quote,
        passage=quote if passage is None else passage,
    )


def verdict(rule: str = "caseload", **fields: Any) -> Verdict:
    cites = (RuleCitation(source=S1, page=10, quote="maksimalt otte borgere pr. medarbejder i teamet"),)
    return Verdict(rule=rule, explanation="Forklaring.", citations=cites, **fields)


def make_answer(
    text: str,
    citations: Sequence[Citation] = (),
    verdicts: Sequence[Verdict] = (),
    abstained: bool = False,
    total: float | None = 12.0,
    question: str = "?",
) -> Answer:
    timings = {} if total is None else {"retrieve": 1.0, "total": total}
    return Answer(
        question=question,
        answer=text,
        abstained=abstained,
        citations=tuple(citations),
        verdicts=tuple(verdicts),
        corpus_version="test-v1",
        mode="extractive",
        timings_ms=timings,
    )


class FakeAssistant:
    """Answers from a dict question -> Answer; records every call (question, history length)."""

    def __init__(self, answers: dict[str, Answer], fail: Sequence[str] = ()) -> None:
        self.answers = answers
        self.fail = set(fail)
        self.calls: list[tuple[str, int]] = []
        self.corpus_version = "test-v1"

    def answer(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        self.calls.append((question, 0 if history is None else len(history)))
        if question in self.fail:
            raise MetodeguideError("Indekset kan ikke læses. Genopbyg det.")
        if question in self.answers:
            return self.answers[question]
        return make_answer("Det dækker manualerne ikke.", abstained=True, question=question)
