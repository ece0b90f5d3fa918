"""Structure-first chunking: section, then paragraph, then sentence; ~80–250 words.

The text is cut into units (sentences inside paragraphs; hard boundaries at section starts,
page starts and the low-value tail). Units are packed greedily up to ``max_words``; when a
chunk would overflow, it ends at the last paragraph boundary that leaves at least
``min_words``, else at the sentence boundary, and then the next chunk repeats the last
sentence (``overlap_sentences``). A chunk is always an exact span of the cleaned text:
``doc.text[c.start:c.end] == c.text``.

    >>> from assistant.types import SourceDocument
    >>> text = "Første sætning. Anden sætning."
    >>> doc = SourceDocument(source="a.txt", title="A", text=text, content_hash="0")
    >>> [c.text for c in chunk_document(doc)]
    ['Første sætning. Anden sætning.']
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.text import ABBREVIATIONS, continues_sentence
from assistant.types import Chunk, SourceDocument

# Abbreviations after which a period does not end a sentence: the answer stage's list (so a chunk is
# never cut where a quoted sentence goes on: "senest næste hverdag kl. 10, så …") and a few more
# that documents use.
_ABBREV = ABBREVIATIONS | frozenset("min max resp iht gns vha tidl bilag fig sp".split())
_SENT_END = re.compile(r"[.!?…]+[\"”»')\]]*\s+(?=[\"“«(\[]?[A-ZÆØÅ0-9•])")
_PARA = re.compile(r"\n[ \t]*\n\s*")
_BULLET = re.compile(r"\s(?=•\s)")


@dataclass(frozen=True)
class ChunkerConfig:
    """Chunk size in words, and how many sentences the next chunk repeats after a mid-paragraph cut."""

    min_words: int = 80
    max_words: int = 250
    overlap_sentences: int = 1
    max_overlap_words: int = 45

    def __post_init__(self) -> None:
        if not 0 < self.min_words <= self.max_words:
            raise ValueError(f"min_words ({self.min_words}) skal være > 0 og <= max_words ({self.max_words})")
        if self.overlap_sentences < 0:
            raise ValueError(f"overlap_sentences skal være >= 0 (er {self.overlap_sentences})")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    words: int
    para_start: bool  # first unit of a paragraph
    hard: bool  # a section, page or low-value boundary starts here
    page_start: bool = False


def chunk_id(source: str, start: int, text: str) -> str:
    """Content-hash id: sha256 of source, start offset and text; 16 hex characters."""
    return hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()[:16]


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (whitespace-trimmed)."""
    cuts = [start]
    segment = text[start:end]
    for m in _SENT_END.finditer(segment):
        head = segment[: m.start()].split()
        word = head[-1].lower().lstrip('("“«') if head else ""
        if word in _ABBREV or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"\d{1,2}", word):
            continue  # "bl.a. Ydelser", "A. Jensen", "1. Etablering i egen bolig 2. Fastholdelse"
        cuts.append(start + m.end())
    for m in _BULLET.finditer(segment):
        cuts.append(start + m.end())
    cuts = sorted(set(cuts)) + [end]
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
    return spans


def _split_long(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Split a span of more than ``max_words`` words into near-equal word windows."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    n = -(-len(words) // max_words)
    size = -(-len(words) // n)
    return [(words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)]


def _units(doc: SourceDocument, cfg: ChunkerConfig) -> list[_Unit]:
    text = doc.text
    page_points = {p.start for p in doc.pages}
    hard_points = {s.start for s in doc.sections} | page_points
    if doc.low_value_from is not None:
        hard_points.add(doc.low_value_from)
    # Paragraph spans, further cut at hard points that fall inside a paragraph (inline headings).
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    units: list[_Unit] = []
    for pa, pb in bounds:
        inner = sorted(h for h in hard_points if pa < h < pb)
        edges = [pa, *inner, pb]
        for k, (a, b) in enumerate(zip(edges, edges[1:], strict=False)):
            first_in_piece = True
            for sa, sb in _sentence_spans(text, a, b):
                n = len(text[sa:sb].split())
                pieces = _split_long(text, sa, sb, cfg.max_words) if n > cfg.max_words else [(sa, sb)]
                for qa, qb in pieces:
                    units.append(
                        _Unit(
                            start=qa,
                            end=qb,
                            words=len(text[qa:qb].split()),
                            para_start=first_in_piece and k == 0,
                            hard=first_in_piece and (a in hard_points or (k == 0 and pa in hard_points)),
                            page_start=first_in_piece and a in page_points,
                        )
                    )
                    first_in_piece = False
    return units


# How far a chunk may run past ``max_words`` to finish a sentence cut by a page break.
MAX_CONTINUATION_WORDS = 60


SLIDES_CONFIG = ChunkerConfig(min_words=40)


def config_for(kind: str) -> ChunkerConfig:
    """Slides are short pages: a lower minimum keeps most slides in chunks of their own, so a
    chunk's page number is the slide the passage is on."""
    return SLIDES_CONFIG if kind == "slides" else ChunkerConfig()


def chunk_document(doc: SourceDocument, cfg: ChunkerConfig | None = None) -> list[Chunk]:
    """Chunks of ``doc`` in document order; each is an exact span of ``doc.text``."""
    cfg = cfg or config_for(doc.kind)
    units = _units(doc, cfg)
    groups: list[list[_Unit]] = []
    cur: list[_Unit] = []
    overlap = 0  # how many leading units of ``cur`` repeat the previous chunk

    def words(us: list[_Unit]) -> int:
        return sum(u.words for u in us)

    def emit(us: list[_Unit]) -> None:
        if us:
            groups.append(us)

    lv = doc.low_value_from
    for u in units:
        crosses_low_value = lv is not None and bool(cur) and cur[0].start < lv <= u.start
        if (
            cur
            and not crosses_low_value
            and u.page_start
            and words(cur) >= cfg.min_words
            and words(cur) + u.words <= cfg.max_words + MAX_CONTINUATION_WORDS
            and continues_sentence(doc.text, cur[-1].end, u.start)
        ):
            # A sentence that runs over a page break ends in the chunk where it began (cited
            # with that page); the next page's chunk starts at its first whole sentence.
            cur.append(u)
            if len(cur) > overlap:
                emit(cur)
            cur, overlap = [], 0
            continue
        if cur and (crosses_low_value or (u.hard and words(cur) >= cfg.min_words)):
            if len(cur) > overlap:
                emit(cur)
            cur, overlap = [], 0
        elif (
            cur
            and u.page_start
            and len(cur) > overlap
            and groups
            and (words(groups[-1]) + words(cur[overlap:]) <= cfg.max_words)
        ):
            # A short piece at the end of a page (a fact box) joins the chunk before it, so the
            # next page starts a chunk of its own and keeps its page number.
            groups[-1] = groups[-1] + cur[overlap:]
            cur, overlap = [], 0
        while cur and words(cur) + u.words > cfg.max_words:
            cut = next(
                (
                    j
                    for j in range(len(cur) - 1, overlap, -1)
                    if (cur[j].para_start or cur[j].hard) and words(cur[:j]) >= cfg.min_words
                ),
                None,
            )
            if cut is not None:  # end at a paragraph boundary; no overlap needed
                emit(cur[:cut])
                cur, overlap = cur[cut:], 0
                continue
            if len(cur) > overlap:
                emit(cur)
            tail = cur[-cfg.overlap_sentences :] if cfg.overlap_sentences else []
            keep = (
                bool(tail)
                and len(cur) > len(tail)
                and not u.para_start
                and not u.hard
                and words(tail) <= cfg.max_overlap_words
                and words(tail) + u.words <= cfg.max_words
            )
            cur = list(tail) if keep else []
            overlap = len(cur)
            break
        cur.append(u)
    if len(cur) > overlap:
        # A short last piece joins the chunk before it when that stays within bounds (a very
        # short one even across a section or page boundary: a colophon line, a closing remark).
        rest = cur[overlap:]
        if (
            groups
            and words(rest) < cfg.min_words
            and (not rest[0].hard or words(rest) < cfg.min_words // 2)
            and words(groups[-1]) + words(rest) <= cfg.max_words
            and not (lv is not None and groups[-1][0].start < lv <= rest[0].start)
        ):
            groups[-1] = groups[-1] + rest
        else:
            emit(cur)

    chunks: list[Chunk] = []
    for g in groups:
        start, end = g[0].start, g[-1].end
        text = doc.text[start:end]
        low = lv is not None and start >= lv
        chunks.append(
            Chunk(
                id=chunk_id(doc.source, start, text),
                source=doc.source,
                title=doc.title,
                page=None if low else doc.page_at(start),
                section=doc.section_at(start),
                start=start,
                end=end,
                text=text,
                kind=doc.kind,
                year=doc.year,
                low_value=low,
                ocr=doc.ocr_in(start, end),
            )
        )
    return chunks
