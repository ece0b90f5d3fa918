"""Section headings of a cleaned text and how far each one reaches.

A citation's section is the heading the quoted sentence stands under in reading order. In a
brochure laid out in columns the text order is not the reading order: a labelled box
("KENDETEGN: ICM-METODEN", "PRAKSISERFARING: …") or a figure ("CTI-FORLØBETS TRE FASER" over
the numbers 1 2 3) sits between two paragraphs of the main text, and the main text after it
does not stand under the box's label. So every heading gets a kind and a reach:

- ``top``: an ALL-CAPS line, "DEL N: …", a numbered chapter ("3. Visitation") or a heading the
  format marks itself (Word, HTML, Markdown). It reaches until the next top heading.
- ``sub``: a short title-like line standing alone, "Trin N"/"Fase N", a numbered sub-heading
  ("2.1 Målgruppe"). It reaches until the next sub or top heading, a figure caption, or the end
  of the box it stands in.
- ``box``: "LABEL: …" (a box type in capitals), or an ALL-CAPS heading that recurs in the same
  document ("GODE RÅD" twice): a box type, not a chapter. A box ends at the end of its page (a
  box does not run over a page break; a sentence that does ends the box with its paragraph),
  at the next box or top heading, or, when it is a list of short items ("Uden
  tidsbegrænsning") or introduces one with a colon ("… skal kommunen:"), at the first paragraph
  of body text after the list. After it, the text stands under the heading in effect before.
- ``caption``: a heading followed only by figure labels (bare numbers, which cleaning drops).
  It names a figure, not the text after it: the figure's parts (the sub-headings just before
  it, as text extraction puts a title after its parts) end there, and the text after it stands
  under the last top heading.

``SectionSpan.end`` records the reach; ``SourceDocument.section_span_at`` picks the latest
heading whose reach holds an offset. (The evidence scorer's heading feature reads the heading
printed before a sentence, ``SourceDocument.heading_before``, as its weight was fitted on that.)

    >>> text = "SPECIALISERET STØTTE\\n\\n" + "CTI er et forløb over ni måneder for borgere i egen bolig og med støtte. " * 2 + \\
    ...     "\\n\\nKENDETEGN: CTI-METODEN\\n\\nEn støtteperson\\n\\nTidsbegrænset.\\n\\n" + \\
    ...     "ICM er en længerevarende indsats uden tidsbegrænsning, som borgeren modtager så længe behovet er der."
    >>> [(s.title, s.end) for s in detect_sections(text)]
    [('SPECIALISERET STØTTE', None), ('KENDETEGN: CTI-METODEN', 227)]
    >>> text[227:240]
    'ICM er en læn'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.text import continues_sentence
from assistant.types import SectionSpan

__all__ = ["HeadingKind", "detect_sections", "figure_captions"]

HeadingKind = Literal["top", "sub", "box", "caption"]

_LABEL = re.compile(r"^[A-ZÆØÅ]{3,}(?:[ -][A-ZÆØÅ]+)*: \S")
_NUMBERED = re.compile(r"^(DEL \d+|TRIN \d+|Trin \d+|Fase \d+)\b[:.]?")
# "3. Visitation", "2.1 Målgruppe", "4.2. Bostøttens omfang" (a numbered list item ends with a stop).
_NUMBERED_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÆØÅ]")
_INLINE_DEL = re.compile(r"^DEL (\d+): ((?:(?!(?:TRIN|DEL) \d)[A-ZÆØÅ][A-ZÆØÅ\-/]*(?: |$))+)")
_INLINE_TRIN = re.compile(r"(?<![\wæøå])(TRIN|Trin) (\d+): ")
_END_PUNCT = (".", ",", ";", ":", "!", "…")
_CLOSERS = (".", "!", "?", ":", ";", "…", ")", "”", '"', "»")
_SENTENCE_END = (".", "!", "?", "…", ".)", ".”", '."', ".»")
_JOINERS = frozenset({"i", "af", "og", "til", "med", "for", "om", "på", "ved", "fra"})
# A figure's labels as text extraction leaves them: "1", "2", "3" on lines of their own, or "1 2 3 4".
_FIGURE_LABELS = re.compile(r"^\d{1,2}(?:\s+\d{1,2})*$")
BODY_WORDS = 12  # a paragraph of at least this many words is body text, not a title or a list item
LEAD_WORDS = 8  # a title-like line, or the one-line lead under it, has at most this many words


@dataclass(frozen=True)
class _Heading:
    title: str
    start: int
    line_end: int  # offset just after the heading's own text
    kind: HeadingKind


def figure_captions(lines: Iterable[str]) -> frozenset[str]:
    """Lines followed only by figure labels (two numbers or more, on one line or several): the
    title of a figure whose numbered parts the text extraction kept as bare numbers.

        >>> sorted(figure_captions(["CTI-FORLØBETS TRE FASER", "", "1", "", "2", "", "Oftest er …"]))
        ['CTI-FORLØBETS TRE FASER']
        >>> sorted(figure_captions(["TILGANGENS PRINCIPPER", "1 2 3 4", "Tekst."]))
        ['TILGANGENS PRINCIPPER']
    """
    filled = [line.strip() for line in lines if line.strip()]
    out: set[str] = set()
    for k, line in enumerate(filled[:-1]):
        if _FIGURE_LABELS.match(line):
            continue
        numbers = 0
        for nxt in filled[k + 1 :]:
            if not _FIGURE_LABELS.match(nxt):
                break
            numbers += len(nxt.split())
        if numbers >= 2:
            out.add(line)
    return frozenset(out)


def _caps_ratio(line: str) -> float:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 4:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def _numbering(line: str) -> tuple[int, ...] | None:
    m = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s", line.strip())
    return tuple(int(n) for n in m.group(1).split(".")) if m else None


def _in_list(line: str, prev_line: str, next_line: str) -> bool:
    """A numbered list item, not a numbered heading: "...i:" before it, the next or previous
    number of the same level right next to it, or a second item inside the line."""
    if prev_line.rstrip().endswith((":", ",")) or re.search(r"\s\d{1,2}\.\s+[A-ZÆØÅ]", line):
        return True
    here = _numbering(line)
    if here is None:
        return False
    for before, after in ((here, _numbering(next_line)), (_numbering(prev_line), here)):
        if before is not None and after is not None and len(before) == len(after) and after[-1] == before[-1] + 1:
            return True
    return False


def _words(line: str) -> int:
    return len(line.split())


def _title_like(s: str, next_line: str) -> bool:
    """A short line that could be a title: at most ``LEAD_WORDS`` words, a capital first, no
    closing punctuation, no page number at the end, not a sentence cut by a page break."""
    words = s.split()
    if len(words) > LEAD_WORDS or len(s) > 80 or s.endswith(_END_PUNCT):
        return False
    if not s[0].isupper() or words[-1].isdigit():  # a table-of-contents line ends with a page number
        return False
    return not next_line[:1].islower()  # a sentence cut by a page break, not a heading


def _standalone_title(after: Sequence[str], before: str, known: frozenset[str]) -> bool:
    """Whether a title-like line standing alone is a heading, from the lines around it.

    ``after`` are the next two filled lines, ``before`` the previous one. A heading has a body
    paragraph under it, or a one-line lead and then a body ("ICM – Intensive Case Management",
    "Tovholder og socialpædagogisk støtte, langvarigt forløb", then the text). A run of short
    lines is a fact box or a figure.
    """
    nxt = after[0]
    if _caps_ratio(nxt) >= 0.8 or nxt.strip() in known or _words(nxt) >= BODY_WORDS:
        return True
    # A one-line lead under the title, then the body. The title follows body text (it starts
    # the run of short lines); at the top of a document the short line over the title is a site
    # or series name, and the line with the body under it is the title.
    return (
        len(after) >= 2
        and _words(after[1]) >= BODY_WORDS
        and _title_like(nxt.strip(), after[1])
        and _words(before) >= BODY_WORDS
    )


def _is_heading(
    line: str, prev_blank: bool, next_blank: bool, after: Sequence[str], known: frozenset[str], prev_line: str = ""
) -> Literal["", "line", "title"]:
    """ "line" for a heading by its own form, "title" for a standalone title-like line judged by
    its surroundings, "" for text."""
    s = line.strip()
    next_line = after[0]
    if not s or s.startswith(("•", "-", "–", "*")):
        return ""
    if s in known:
        return "line"
    words = s.split()
    if len(words) > 15 or len(s) > 120:
        return ""
    if _NUMBERED.match(s) or _LABEL.match(s):
        return "" if s.endswith(".") else "line"
    if _NUMBERED_TITLE.match(s) and len(words) <= 10:
        if s.endswith(_END_PUNCT) or words[-1].isdigit() or "..." in s or "…" in s:
            return ""  # a sentence, or a table-of-contents line "2. Målgruppe ....... 4"
        return "" if next_line[:1].islower() or _in_list(s, prev_line, next_line) else "line"
    if _caps_ratio(s) >= 0.8 and not s.endswith((".", ",")):
        return "line"
    if not (prev_blank and next_blank) or not _title_like(s, next_line):
        return ""
    return "title" if _standalone_title(after, prev_line, known) else ""


def _kind(title: str, known: frozenset[str], captions: frozenset[str], recurring: frozenset[str]) -> HeadingKind:
    if title in known:
        return "top"
    if title in captions:
        return "caption"
    if _LABEL.match(title):
        return "box"
    if _NUMBERED.match(title):
        return "top" if title.startswith("DEL ") else "sub"
    numbering = _numbering(title)
    if _NUMBERED_TITLE.match(title) and numbering is not None:
        return "top" if len(numbering) == 1 else "sub"
    if _caps_ratio(title) >= 0.8:
        return "box" if title in recurring else "top"  # a chapter title does not recur; a box type does
    return "sub"


def _trin_title(text: str, start: int) -> str:
    """ "Trin 1: Opsporing og henvisning Det første trin …" -> "Trin 1: Opsporing og henvisning"."""
    m = _INLINE_TRIN.match(text, start)
    if m is None:
        return text[start : start + 60].strip()
    title: list[str] = []
    for w in text[m.end() : m.end() + 200].split()[:14]:
        if title and w[:1].isupper() and title[-1] not in _JOINERS:
            break
        title.append(w)
        if w.endswith((".", ":", "?", "!")):
            title[-1] = w.rstrip(".:")
            break
    return f"{m.group(1)} {m.group(2)}: {' '.join(title)}".strip()


def _find_headings(text: str, known: frozenset[str], captions: frozenset[str]) -> list[_Heading]:
    found: list[tuple[str, int, int, bool]] = []  # title, start, line end, inline (003)
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    filled = [i for i, line in enumerate(lines) if line.strip()]
    current_del: str | None = None
    last_trin = 0
    prev_title = False  # the previous filled line was a standalone title
    for k, i in enumerate(filled):
        line = lines[i]
        prev_line = lines[filled[k - 1]] if k else ""
        start = offsets[i]
        was_title, prev_title = prev_title, False
        if len(line) > 200:  # a one-line page (003): look inside the line
            m = _INLINE_DEL.match(line)
            if m:
                title = f"DEL {m.group(1)}: {' '.join(m.group(2).split())}"
                if title != current_del:
                    found.append((title, start, start + m.end(), True))
                    current_del = title
            trins = list(_INLINE_TRIN.finditer(line))
            for j, t in enumerate(trins):
                nxt = trins[j + 1].start() if j + 1 < len(trins) else len(line)
                n = int(t.group(2))
                # Real steps come in order (1, 2, 3 …) with text under them; a figure lists them
                # out of order with a few words each.
                if (n == 1 or n == last_trin + 1) and len(line[t.end() : nxt].split()) >= 20:
                    title = _trin_title(line, t.start())
                    found.append((title, start + t.start(), start + t.start() + len(title), True))
                    last_trin = n
            continue
        after = [lines[j] for j in filled[k + 1 : k + 3]]
        if not after:
            continue  # a heading needs something under it
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
        how = _is_heading(line, prev_blank, next_blank, after, known, prev_line)
        if how == "title" and was_title:
            continue  # the one-line lead under a title, not a heading of its own
        if how:
            title = line.strip()
            found.append((title, start, start + len(line), False))
            prev_title = how == "title"
            if title.startswith("DEL "):
                current_del = title
    counts = Counter(title for title, _, _, inline in found if not inline and title not in known)
    recurring = frozenset(t for t, n in counts.items() if n >= 2)
    headings = []
    for title, start, end, inline in found:
        if inline:  # "DEL N: …" page headers and "Trin N: …" steps inside the one-line pages of 003
            kind: HeadingKind = "top" if title.startswith("DEL ") else "sub"
        else:
            kind = _kind(title, known, captions, recurring)
        headings.append(_Heading(title, start, end, kind))
    headings.sort(key=lambda h: h.start)
    return headings


# ---------------------------------------------------------------- reach


_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
_ITEM_MARK = re.compile(r"^(?:[•\-–*]|\d{1,2}[.)])\s")


def _paragraphs(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the blank-line separated paragraphs from ``start`` on."""
    for m in _PARAGRAPH.finditer(text, start):
        yield m.start(), m.end()


def _box_end(text: str, box: _Heading, page_starts: Sequence[int], heading_starts: frozenset[int]) -> int:
    """Where a box ends unless a heading ends it first: at the end of its page (with the
    paragraph of a sentence that runs over the break), or after its list.

    A box that is a list of short items ("Uden tidsbegrænsning"), or whose text introduces one
    with a colon ("… skal kommunen:"), ends at the first paragraph of body text after the list:
    one of at least ``BODY_WORDS`` words that ends a sentence and is no numbered or bulleted
    item. A heading in the box with body text under it keeps the box open (the box has
    sub-headings); one over an unpunctuated line is an item of the list that looks like a
    heading ("Udvikle en differentieret vifte af tilbud" over "Skabe en fælles forståelse …").
    """
    end = len(text)
    page_end = next((p for p in page_starts if p > box.start), None)
    if page_end is not None:
        end = page_end
        if continues_sentence(text, page_end, page_end, floor=box.line_end):
            end = next((b for _, b in _paragraphs(text, page_end)), len(text))
    paras = []
    for a, b in _paragraphs(text, box.line_end):
        if a >= end:
            break
        paras.append((a, text[a:b].rstrip()))
    listing = False
    for n, (a, para) in enumerate(paras):
        if a in heading_starts:
            under = paras[n + 1][1] if n + 1 < len(paras) else ""
            if not listing or under.endswith(_SENTENCE_END):
                break
            continue
        if listing and _words(para) >= BODY_WORDS and para.endswith(_SENTENCE_END) and not _ITEM_MARK.match(para):
            return a
        listing = listing or (n == 0 and _words(para) < BODY_WORDS) or para.endswith(":")
    return end


def _reach(text: str, headings: Sequence[_Heading], page_starts: Sequence[int]) -> tuple[SectionSpan, ...]:
    """SectionSpans with their reach (``end``), by a stack over the headings in text order."""
    ends: dict[int, int | None] = {}
    starts = frozenset(h.start for h in headings)
    stack: list[tuple[int, _Heading, int | None]] = []  # (index, heading, planned end of a box/caption)

    def close(depth: int, at: int) -> None:
        while len(stack) > depth:
            k, _, _ = stack.pop()
            ends[k] = at

    def expire(at: int) -> None:
        """Close the boxes and captions whose planned end has come, with what stands in them."""
        for depth, (_, _, planned) in enumerate(stack):
            if planned is not None and planned <= at:
                close(depth, planned)
                return

    for k, h in enumerate(headings):
        expire(h.start)
        if h.kind == "top":
            close(0, h.start)
            stack.append((k, h, None))
        elif h.kind == "sub":
            while stack and stack[-1][1].kind in ("sub", "caption"):
                close(len(stack) - 1, h.start)
            stack.append((k, h, None))
        elif h.kind == "box":
            while stack and stack[-1][1].kind != "top" and not _under_sub(stack):
                close(len(stack) - 1, h.start)
            stack.append((k, h, _box_end(text, h, page_starts, starts)))
        else:  # caption: the figure's parts end here; the text after stands under the last top heading
            top = max((d + 1 for d, (_, e, _) in enumerate(stack) if e.kind == "top"), default=0)
            close(top, h.start)
            stack.append((k, h, h.line_end))
    expire(len(text))
    return tuple(SectionSpan(h.title, h.start, ends.get(k)) for k, h in enumerate(headings))


def _under_sub(stack: Sequence[tuple[int, _Heading, int | None]]) -> bool:
    """The innermost open heading is a sub-heading outside any box: a box is an aside in it."""
    return stack[-1][1].kind == "sub" and not any(e.kind == "box" for _, e, _ in stack)


def detect_sections(
    text: str,
    known: frozenset[str] = frozenset(),
    captions: frozenset[str] = frozenset(),
    page_starts: Sequence[int] = (),
) -> tuple[SectionSpan, ...]:
    """Section headings in a cleaned text, sorted by offset, each with its reach (see above).

    ``known``: headings the format marks itself; ``captions``: figure titles
    (``figure_captions`` of the lines before cleaning); ``page_starts``: where pages begin.
    """
    return _reach(text, _find_headings(text, known, captions), sorted(page_starts))
