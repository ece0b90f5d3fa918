"""Typed domain objects that flow one way through Metodeguiden.

    SourceDocument -> Chunk -> Hit -> (Evidence) -> Verdict -> Answer

All are frozen dataclasses with required fields required. ``to_dict()`` methods
produce the JSON shapes that the UI, the evaluations and outside tools rely on;
keep those shapes exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Method = Literal["CTI", "ICM", "ACT", "SAMARBEJDSMODELLEN"]


@dataclass(frozen=True)
class PageSpan:
    """Character range ``[start, end)`` of the cleaned text that belongs to ``page``."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class SectionSpan:
    """A detected section heading starting at character ``start`` of the cleaned text.

    ``end`` is where the heading's reach ends (a box, a figure caption, a heading closed by
    another): after it the text stands under the heading in effect before. None: it reaches
    until a later heading takes over (see ``ingest.sections``).
    """

    title: str
    start: int
    end: int | None = None


@dataclass(frozen=True)
class SourceDocument:
    """One loaded and cleaned document.

    ``text`` is the cleaned text; every chunk offset points into it.
    ``pages``/``sections`` are sorted by start offset. ``low_value_from`` marks the
    offset after which text is unrelated tail material (None when there is none).
    ``ocr_pages`` are the pages whose text was read with tekstgenkendelse (OCR) from a scan.
    """

    source: str  # file name, e.g. "001_a87d09dcf945fd35.txt"
    title: str
    text: str
    content_hash: str  # sha256 of the raw file bytes
    pages: tuple[PageSpan, ...] = ()
    sections: tuple[SectionSpan, ...] = ()
    kind: str = "document"
    year: int | None = None
    language: str = "da"
    low_value_from: int | None = None
    ocr_pages: frozenset[int] = frozenset()

    def page_at(self, offset: int) -> int | None:
        page = None
        for span in self.pages:
            if span.start <= offset:
                page = span.page
            else:
                break
        return page

    def ocr_in(self, start: int, end: int) -> bool:
        """Whether text in ``[start, end)`` lies on a page read with OCR."""
        return any(p.page in self.ocr_pages and p.start < end and start < p.end for p in self.pages)

    def section_at(self, offset: int) -> str | None:
        span = self.section_span_at(offset)
        return span.title if span is not None else None

    def section_span_at(self, offset: int) -> SectionSpan | None:
        """The section heading in effect at ``offset``: the last one starting at or before it
        whose reach holds it (a box's label does not cover the main text after the box).

            >>> doc = SourceDocument(source="a", title="A", text="x" * 30, content_hash="0",
            ...     sections=(SectionSpan("STØTTE", 0), SectionSpan("KENDETEGN: CTI", 10, 20)))
            >>> [doc.section_at(n) for n in (5, 15, 25)]
            ['STØTTE', 'KENDETEGN: CTI', 'STØTTE']
        """
        found = None
        for sec in self.sections:
            if sec.start > offset:
                break
            if sec.end is None or offset < sec.end:
                found = sec
        return found

    def heading_before(self, offset: int) -> SectionSpan | None:
        """The heading printed last at or before ``offset``, whatever its reach: a box label or
        a figure caption next to a passage too. The evidence scorer's heading feature reads
        this (its weight is fitted on it); a citation's section is ``section_at``.

            >>> doc = SourceDocument(source="a", title="A", text="x" * 30, content_hash="0",
            ...     sections=(SectionSpan("STØTTE", 0), SectionSpan("KENDETEGN: CTI", 10, 20)))
            >>> doc.heading_before(25).title, doc.section_at(25)
            ('KENDETEGN: CTI', 'STØTTE')
        """
        found = None
        for sec in self.sections:
            if sec.start > offset:
                break
            found = sec
        return found


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. ``text == document.text[start:end]`` always holds.

    ``ocr``: some of the text is on a page read with tekstgenkendelse (OCR), so it may hold
    recognition errors; citations say so.
    """

    id: str  # content-hash id
    source: str
    title: str
    page: int | None
    section: str | None
    start: int
    end: int
    text: str
    kind: str = "document"
    year: int | None = None
    low_value: bool = False
    ocr: bool = False
    # The document's publisher, where known ("Køge Kommune"): filled from the index's document table,
    # so it is no part of a chunk's identity, and a stored chunk without it is the same chunk.
    publisher: str | None = field(default=None, compare=False)

    def metadata(self) -> dict[str, Any]:
        """Flat metadata for Chroma (no None values allowed there)."""
        return {
            "source": self.source,
            "title": self.title,
            "page": -1 if self.page is None else self.page,
            "section": self.section or "",
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "year": -1 if self.year is None else self.year,
            "low_value": self.low_value,
        }

    @classmethod
    def from_metadata(cls, id: str, text: str, meta: dict[str, Any]) -> Chunk:
        page = int(meta.get("page", -1))
        year = int(meta.get("year", -1))
        return cls(
            id=id,
            source=str(meta["source"]),
            title=str(meta.get("title", "")),
            page=None if page < 0 else page,
            section=str(meta.get("section") or "") or None,
            start=int(meta["start"]),
            end=int(meta["end"]),
            text=text,
            kind=str(meta.get("kind", "document")),
            year=None if year < 0 else year,
            low_value=bool(meta.get("low_value", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "year": self.year,
            "low_value": self.low_value,
            "ocr": self.ocr,
            **({"publisher": self.publisher} if self.publisher else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        return cls(**d)


@dataclass(frozen=True)
class Hit:
    """A chunk returned by a retriever, with its score and rank (1-based)."""

    chunk: Chunk
    score: float
    rank: int
    retriever: str = "hybrid"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.chunk.source,
            "title": self.chunk.title,
            "page": self.chunk.page,
            "section": self.chunk.section,
            "text": self.chunk.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class RuleCitation:
    """A rule's source: document file name, page and a verbatim quote."""

    source: str
    page: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "page": self.page, "quote": self.quote}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one deterministic rule. JSON shape is a public contract."""

    rule: str
    explanation: str
    citations: tuple[RuleCitation, ...]
    method: Method | None = None
    with_samarbejdsmodellen: bool | None = None
    can_start_now: bool | None = None
    caseload_ok: bool | None = None
    limit: int | None = None
    cti_phase: int | None = None
    missing: tuple[str, ...] = ()
    question: str | None = None
    # Not part of the JSON contract: short answer options for a clarifying question (UI quick replies).
    options: tuple[str, ...] = field(default=(), compare=False)
    # Not part of the JSON contract: the case facts the rule used, as (slot, value) pairs in the
    # rule's input order (lets ``assistant.rules.render.headline`` word a reason in da/en).
    facts: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def needs_input(self) -> bool:
        return bool(self.missing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "method": self.method,
            "with_samarbejdsmodellen": self.with_samarbejdsmodellen,
            "can_start_now": self.can_start_now,
            "caseload_ok": self.caseload_ok,
            "limit": self.limit,
            "cti_phase": self.cti_phase,
            "missing": list(self.missing),
            "question": self.question,
            "explanation": self.explanation,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True)
class Citation:
    """A numbered citation in an answer; ``quote`` is a verbatim span of the cited chunk."""

    n: int
    source: str
    title: str
    page: int | None
    section: str | None
    quote: str
    # Not in the JSON contract: the whole chunk text (for highlighting in the UI) and offsets.
    passage: str = field(default="", compare=False)
    chunk_id: str = field(default="", compare=False)
    # Not in the JSON contract: the cited passage holds text read with OCR (shown as "(OCR)").
    ocr: bool = field(default=False, compare=False)
    # Not in the JSON contract: where the quote starts in ``passage`` (-1: not known).
    offset: int = field(default=-1, compare=False)
    # Not in the JSON contract: the document's publisher and year, where known ("Køge Kommune, 2023, s. 2").
    publisher: str | None = field(default=None, compare=False)
    year: int | None = field(default=None, compare=False)

    @classmethod
    def of_span(cls, n: int, chunk: Chunk, start: int, end: int) -> Citation:
        """Citation ``n`` quoting ``chunk.text[start:end]``."""
        return cls(
            n=n,
            source=chunk.source,
            title=chunk.title,
            page=chunk.page,
            section=chunk.section,
            quote=chunk.text[start:end],
            passage=chunk.text,
            chunk_id=chunk.id,
            ocr=chunk.ocr,
            offset=start,
            year=chunk.year,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Answer:
    """The assistant's answer. ``to_dict()`` is the public JSON contract."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    verdicts: tuple[Verdict, ...]
    corpus_version: str
    mode: Literal["extractive", "llm"]
    timings_ms: dict[str, float]
    # Not in the JSON contract; used by UI and evals.
    related: tuple[Hit, ...] = field(default=(), compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)
    # The case facts the rules used and where each came from (``assistant.rules.reader.Understood``),
    # and the ``CaseProfile`` itself, so a user can correct one fact and recompute.
    understood: tuple[Any, ...] = field(default=(), compare=False)
    profile: Any = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "corpus_version": self.corpus_version,
            "mode": self.mode,
            "timings_ms": {k: round(float(v), 2) for k, v in self.timings_ms.items()},
        }
