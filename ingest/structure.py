"""Pages, section headings and the cleaned text of one document.

Page styles, tried in this order:

- PDF pages from the loader (one text per page); page furniture is dropped first: lines that
  recur at the top or bottom of at least half the pages (a running header "Aarhus Kommune ·
  Retningslinje …", a footer "Side 2 af 9", digits ignored) and bare page numbers there;
- "(N)" marker lines (001): the marker starts page N; text before "(1)" is web header junk;
- inline page starts (002 slides, 003): a line "N …" starts page N when N runs 1, 2, 3, … over
  the document; a trailing " N" on that line is the printed page number and is removed.

After the last inline page, a tail made of "Læs mere" teasers of other documents (003) is
dropped, or kept and marked low value (``SourceDocument.low_value_from``) when the manifest
says ``teaser_tail: low_value``. A "RELATEREDE DOKUMENTER" block (001) is dropped.

Sections (``ingest.sections``): ALL-CAPS lines, "LABEL: …" lines, "DEL N: …", "TRIN N"/"Trin N:",
"Fase N:", numbered headings ("3. Visitation", "2.1 Målgruppe"), short title-like lines standing
alone, and headings the format marks itself (HTML, Markdown). In the one-line pages of 003,
"DEL N: CAPS" page headers and inline "Trin N: …" headings are found inside the line. Boxes and
figure captions reach only as far as the box or the figure.

    >>> from pathlib import Path
    >>> from ingest.loaders import RawDocument
    >>> text = "(1)\\n\\nINTRO\\n\\nTekst her.\\n\\n(2)\\n\\nMere."
    >>> raw = RawDocument(path=Path("x.txt"), text=text, content_hash="0")
    >>> doc = build_document(raw, Vocabulary.from_texts([raw.text]), DocMeta(source="x.txt", title="X"))
    >>> doc.text, [(p.page, p.start) for p in doc.pages], doc.sections[0].title
    ('INTRO\\n\\nTekst her.\\n\\nMere.', [(1, 0), (2, 19)], 'INTRO')
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from assistant.types import PageSpan, SectionSpan, SourceDocument
from ingest.clean import Vocabulary, collapse_blank_lines, is_clutter_line, join_hyphenation, normalize_raw
from ingest.loaders import RawDocument
from ingest.sections import detect_sections, figure_captions

TailPolicy = Literal["drop", "low_value"]

__all__ = [
    "DocMeta",
    "Vocabulary",
    "build_document",
    "detect_sections",
    "running_header",
    "split_pages",
    "strip_page_furniture",
]


@dataclass(frozen=True)
class DocMeta:
    """What the manifest (or the file itself) says about a document."""

    source: str
    title: str
    kind: str = "document"
    year: int | None = None
    language: str = "da"
    publisher: str | None = None
    description: str | None = None
    teaser_tail: TailPolicy = "drop"
    notes: str | None = None
    date: str | None = None  # ISO publication date read from the file (unlisted files only)


@dataclass(frozen=True)
class PageText:
    page: int | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SplitResult:
    pages: tuple[PageText, ...]
    tail: tuple[str, ...] = ()  # unrelated teaser tail (after the last page)
    style: str = "none"


_MARKER = re.compile(r"^\((\d{1,4})\)$")
_INLINE = re.compile(r"^(\d{1,4})(?: (.*))?$")
_RELATED = re.compile(r"^relaterede dokumenter$", re.IGNORECASE)
_TEASER = re.compile(r"^læs mere\.?$", re.IGNORECASE)


def _split_markers(lines: list[str]) -> SplitResult | None:
    marks = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _MARKER.match(line))]
    if len(marks) < 2 or marks[0][1] != 1:
        return None
    seq = [n for _, n in marks]
    if any(b <= a for a, b in zip(seq, seq[1:], strict=False)):
        return None
    pages = []
    for k, (i, n) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        pages.append(PageText(n, tuple(lines[i + 1 : end])))
    return SplitResult(tuple(pages), style="markers")


def _split_inline(lines: list[str]) -> SplitResult | None:
    starts: list[tuple[int, int]] = []
    expected = 1
    for i, line in enumerate(lines):
        m = _INLINE.match(line)
        if m and int(m.group(1)) == expected:
            starts.append((i, expected))
            expected += 1
    if len(starts) < 3:
        return None
    lengths = [len(lines[i]) for i, _ in starts]
    if sum(lengths) / len(lengths) < 60:  # a numbered list, not pages
        return None
    pages: list[PageText] = []
    tail: tuple[str, ...] = ()
    for k, (i, n) in enumerate(starts):
        first = lines[i][len(str(n)) :].strip()
        if first.endswith(f" {n}") or first == str(n):
            first = first[: -len(str(n))].rstrip()
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        rest = list(lines[i + 1 : end])
        if k + 1 == len(starts) and sum(1 for s in rest if _TEASER.match(s)) >= 2:
            tail, rest = tuple(rest), []
        pages.append(PageText(n, (first, *rest)))
    return SplitResult(tuple(pages), tail=tail, style="inline")


# A bare page number as printed: "7", "- 7 -", "(7)", "Side 7", "side 7 af 12", "Page 7 of 12", "7/12".
_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:af|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
FURNITURE_EDGE = 3  # lines at the top and at the bottom of a page that can be furniture
FURNITURE_SHARE = 0.5  # ... when they recur on at least this share of the pages (and on 2 or more)


def _furniture_key(line: str) -> str:
    """Running headers differ only in their numbers ("Side 2 af 9", "Side 3 af 9") and, on a page
    read by OCR, in their punctuation ("Skovlund Kommune · Udslusningsaftale" is read as
    "Skovlund Kommune : Udslusningsaftale"): both are left out of the key."""
    key = re.sub(r"\d+", "#", line.lower())
    return " ".join(re.sub(r"[^\w#]+", " ", key).split())


# A line at a page edge that is this close to a running header or footer (rapidfuzz ratio, 0–100)
# is that header read with a letter or two wrong, as OCR does ("Lzhuset" for "Læhuset").
FURNITURE_FUZZY_RATIO = 90
FURNITURE_FUZZY_MIN_CHARS = 20


def _is_running(key: str, running: set[str]) -> bool:
    if key in running:
        return True
    if len(key) < FURNITURE_FUZZY_MIN_CHARS:
        return False
    from rapidfuzz import fuzz

    return any(fuzz.ratio(key, r) >= FURNITURE_FUZZY_RATIO for r in running if len(r) >= FURNITURE_FUZZY_MIN_CHARS)


def _edges(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:FURNITURE_EDGE] + filled[-FURNITURE_EDGE:]))


def _recurring(lines_per_page: list[list[str]]) -> list[tuple[str, str]]:
    """``(key, first text)`` of the lines that recur, digits ignored, on at least
    ``FURNITURE_SHARE`` of the pages and on two or more; the most frequent first."""
    counts: Counter[str] = Counter()
    text: dict[str, str] = {}
    for lines in lines_per_page:
        keys: dict[str, str] = {}
        for line in lines:
            keys.setdefault(_furniture_key(line), line)
        counts.update(keys.keys())
        for key, line in keys.items():
            text.setdefault(key, line)
    need = max(2, math.ceil(FURNITURE_SHARE * len(lines_per_page)))
    return [(key, text[key]) for key, n in counts.most_common() if n >= need]


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and bare page numbers from the edges of each page.

    A line is a running header or footer when, digits ignored, it is among the first or last
    ``FURNITURE_EDGE`` lines of at least ``FURNITURE_SHARE`` of the pages (and of two pages or
    more). A bare page number ("7", "Side 7 af 12") at a page edge goes on any page. Left in,
    furniture lands in the middle of sentences that run over a page break and gets quoted as
    if it were an answer.

        >>> pages = [["Aarhus Kommune · Retningslinje", "Borgeren skal have", "Side 1 af 2"],
        ...          ["Aarhus Kommune · Retningslinje", "en bolig.", "Side 2 af 2"]]
        >>> strip_page_furniture(pages)
        [['Borgeren skal have'], ['en bolig.']]

    A page read by OCR has the same header with other punctuation or a letter misread:

        >>> pages = [["Skovlund Kommune · Udslusningsaftale Læhuset 2024", "Borgeren skal"],
        ...          ["Skovlund Kommune : Udslusningsaftale Lzhuset 2024", "have en bolig"],
        ...          ["Skovlund Kommune · Udslusningsaftale Læhuset 2024", "og støtte."]]
        >>> strip_page_furniture(pages)
        [['Borgeren skal'], ['have en bolig'], ['og støtte.']]
    """
    edges = [set(_edges(lines)) for lines in pages]
    running = {
        key
        for key, _ in _recurring([[lines[i] for i in sorted(e)] for lines, e in zip(pages, edges, strict=True)])
        if len(key) <= 160
    }
    return [
        [
            line
            for i, line in enumerate(lines)
            if i not in e or not (_is_running(_furniture_key(line), running) or _PAGE_NUMBER.match(line.strip()))
        ]
        for lines, e in zip(pages, edges, strict=True)
    ]


def running_header(pages: list[list[str]]) -> str | None:
    """The running header printed at the top of at least half the pages (two or more), if any:
    usually the document's own name ("Aarhus Kommune · Retningslinje for bostøtte")."""
    if len(pages) < 2:
        return None
    tops = [[line.strip() for line in lines if line.strip()][:FURNITURE_EDGE] for lines in pages]
    for _, line in _recurring([[t for t in top if not _PAGE_NUMBER.match(t)] for top in tops]):
        name = _TRAILING_PAGE.sub("", line).strip(" ·|–-")
        if len(name.split()) >= 2 and any(c.isalpha() for c in name):
            return name
    return None


# "… · side 3", "… | Page 3 of 9", "… 3" at the end of a running header.
_TRAILING_PAGE = re.compile(r"\s*[·|–-]?\s*(?:(?:side|page)\s*)?\d{1,4}(?:\s*(?:af|of|/)\s*\d{1,4})?\s*$", re.I)


def split_pages(raw: RawDocument) -> SplitResult:
    """Split a raw document into page texts (lines), dropping header junk before page 1."""
    if raw.pages is not None:
        pages = strip_page_furniture([normalize_raw(p).split("\n") for p in raw.pages])
        return SplitResult(tuple(PageText(i + 1, tuple(lines)) for i, lines in enumerate(pages)), style="pdf")
    lines = normalize_raw(raw.text).split("\n")
    for splitter in (_split_markers, _split_inline):
        result = splitter(lines)
        if result is not None:
            return result
    return SplitResult((PageText(None, tuple(lines)),))


def _cut_related(lines: list[str]) -> list[str]:
    """Drop a scraped "RELATEREDE DOKUMENTER" block (and a bare "Referencer" heading before it)."""
    for i, line in enumerate(lines):
        if _RELATED.match(line):
            j = i
            k = i - 1
            while k >= 0 and not lines[k]:
                k -= 1
            if k >= 0 and lines[k].lower() in ("referencer", "referenceliste", "litteratur"):
                j = k
            return lines[:j]
    return lines


# A table-of-contents entry: a title, dot leaders, a page number ("2. Målgruppe ........ 4").
_TOC_ENTRY = re.compile(r"^\S.{1,120}?\s*(?:\.{3,}|…+)\s*\d{1,4}$")
_TOC_TITLE = re.compile(r"^(indhold|indholdsfortegnelse|indholdsoversigt|contents|table of contents)$", re.I)


def drop_table_of_contents(lines: list[str]) -> list[str]:
    """Drop runs of two or more table-of-contents entries, and an "Indhold" line just before.

        >>> drop_table_of_contents(["Indhold", "1. Formål ..... 3", "2. Målgruppe ..... 4", "Tekst."])
        ['Tekst.']
    """
    entry = [bool(_TOC_ENTRY.match(line.strip())) for line in lines]
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        if not entry[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and (entry[j] or not lines[j].strip()):
            j += 1
        if sum(entry[i:j]) >= 2:
            for k in range(i, j):
                drop[k] = True
            before = i - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            if before >= 0 and _TOC_TITLE.match(lines[before].strip()):
                drop[before] = True
        i = j
    return [line for line, gone in zip(lines, drop, strict=True) if not gone]


def _clean_lines(lines: tuple[str, ...] | list[str], vocab: Vocabulary) -> str:
    kept = [line for line in drop_table_of_contents(list(lines)) if not is_clutter_line(line)]
    return collapse_blank_lines(join_hyphenation("\n".join(kept), vocab))


# ---------------------------------------------------------------- the whole document


def build_document(raw: RawDocument, vocab: Vocabulary, meta: DocMeta) -> SourceDocument:
    """Clean ``raw`` into a SourceDocument whose pages and sections are spans over its text.

    Raises ValueError when nothing is left after cleaning (the pipeline skips the file).
    """
    split = split_pages(raw)
    parts: list[str] = []
    pages: list[PageSpan] = []
    starts: list[int] = []  # where each page's text begins, numbered or not
    captions: set[str] = set()
    pos = 0
    last = len(split.pages) - 1
    for k, page in enumerate(split.pages):
        lines = list(page.lines)
        if k == last:
            lines = _cut_related(lines)
        captions |= figure_captions(lines)
        body = _clean_lines(lines, vocab)
        if not body:
            continue
        if parts:
            pos += 2  # the "\n\n" between pages
        if page.page is not None:
            pages.append(PageSpan(page.page, pos, pos + len(body)))
        starts.append(pos)
        parts.append(body)
        pos += len(body)
    text = "\n\n".join(parts)
    low_value_from: int | None = None
    if split.tail and meta.teaser_tail == "low_value":
        tail = _clean_lines(list(split.tail), vocab)
        if tail:
            low_value_from = len(text) + 2 if text else 0
            text = f"{text}\n\n{tail}" if text else tail
    if not text.strip():
        raise ValueError("ingen tekst tilbage efter rensning")
    sections = detect_sections(text, raw.headings, frozenset(captions), starts[1:])
    if low_value_from is not None:
        sections = tuple(s for s in sections if s.start < low_value_from) + (
            SectionSpan("Uden for dokumentet (lav værdi)", low_value_from),
        )
    return SourceDocument(
        source=meta.source,
        title=meta.title,
        text=text,
        content_hash=raw.content_hash,
        pages=tuple(pages),
        sections=sections,
        kind=meta.kind,
        year=meta.year,
        language=meta.language,
        low_value_from=low_value_from,
        ocr_pages=frozenset(p.page for p in pages if p.page in raw.ocr_pages),
    )


def first_heading(raw: RawDocument) -> str | None:
    """A title guess for a document that is not in the manifest: its first heading line."""
    if raw.title:
        return raw.title
    if raw.pages is not None:
        header = running_header([normalize_raw(p).split("\n") for p in raw.pages])
        if header:
            return header[:120]
    split = split_pages(raw)
    for page in split.pages:
        text = "\n".join(line for line in page.lines if not is_clutter_line(line)).strip()
        for sec in detect_sections(text, raw.headings)[:1]:
            return sec.title[:120]
        first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
        if first and len(first) <= 120:
            return first
        return None
    return None
