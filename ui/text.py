"""Escaping and highlighting for the app. Pure functions; document and user text are data.

- ``escape_md``: any text → Markdown that renders literally (no links, images, HTML, LaTeX).
- ``passage_html``: a passage with its quoted span in ``<mark>``; every piece ``html.escape``d
  and Markdown-neutralised, so only our own tags are live.
- ``conversation_markdown``: the conversation export.

    >>> escape_md("[klik](javascript:alert(1)) <b>x</b>")
    '\\\\[klik\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\) \\\\<b\\\\>x\\\\</b\\\\>'
    >>> passage_html("CTI varer ni måneder.", "ni måneder")
    '<div class="mg-passage">CTI varer <mark>ni måneder</mark>&#46;</div>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

# ASCII punctuation with a meaning in Markdown or Streamlit's extensions (:emoji:, $latex$, :red[...]).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
# The same characters as HTML numeric entities, for text inside our own HTML.
_ENTITY_CHARS = "\\`*_{}[]()#+-.!|~$:=^"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _ENTITY_CHARS}


def escape_md(text: str) -> str:
    """Backslash-escape every Markdown-active character so ``st.markdown`` shows ``text`` as is."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\x00", ""))


def escape_html(text: str) -> str:
    """``html.escape`` plus entities for Markdown characters (the HTML still passes through Markdown)."""
    return html.escape(text.replace("\x00", ""), quote=True).translate(_ENTITIES)


def _piece(text: str) -> str:
    # Blank lines would end the HTML block and let Markdown parse the rest: use <br> instead.
    return escape_html(text).replace("\r\n", "\n").replace("\n", "<br>")


def locate(passage: str, quote: str) -> tuple[int, int] | None:
    """Character span of ``quote`` in ``passage``: exact, else tolerant of whitespace, soft and
    line-break hyphens and case. ``None`` when it is not there."""
    quote = quote.strip()
    if not quote:
        return None
    i = passage.find(quote)
    if i >= 0:
        return i, i + len(quote)
    parts: list[str] = []
    for ch in re.sub(r"\s+", " ", quote.replace("\u00ad", "")):
        parts.append(r"[\s\u00ad]+" if ch == " " else re.escape(ch) + r"(?:\u00ad|-\s+)?")
    m = re.search("".join(parts), passage, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def passage_html(passage: str, quote: str, css_class: str = "mg-passage", context: int | None = None) -> str:
    """The passage as one escaped HTML block with the quote in ``<mark>``.

    With ``context``, only that many characters either side of the quote are kept (cut at a word
    boundary, marked with "…"), so the highlight is in view at once. When the quote is not in
    the passage, the passage is shown without a mark (the caller shows the quote separately)."""
    span = locate(passage, quote)
    if span is None:
        body = _piece(passage)
    else:
        a, b = span
        start, end = 0, len(passage)
        if context is not None:
            if a > context:
                cut = passage.find(" ", a - context, a)
                start = a - context if cut < 0 else cut + 1
            if len(passage) - b > context:
                cut = passage.rfind(" ", b, b + context)
                end = b + context if cut < 0 else cut
        head = ("… " if start > 0 else "") + passage[start:a]
        tail = passage[b:end] + (" …" if end < len(passage) else "")
        body = f"{_piece(head)}<mark>{_piece(passage[a:b])}</mark>{_piece(tail)}"
    return f'<div class="{css_class}">{body}</div>'


def page_label(page: int | None, lang: str, ocr: bool = False) -> str:
    """``s. 10``; ``s. 10 (OCR)`` when the passage was read from a scan with OCR."""
    if page is None:
        label = "side ukendt" if lang != "en" else "page unknown"
    else:
        label = f"s. {page}" if lang != "en" else f"p. {page}"
    return f"{label} (OCR)" if ocr else label


def source_label(publisher: str | None, year: int | None, page: int | None, lang: str, ocr: bool = False) -> str:
    """Where a quote is from: ``Køge Kommune, 2023, s. 2``; publisher and year where known.

    >>> source_label("Køge Kommune", 2023, 2, "da"), source_label(None, None, 4, "en")
    ('Køge Kommune, 2023, s. 2', 'p. 4')
    """
    known = [str(v) for v in (publisher, year) if v is not None and str(v).strip()]
    return ", ".join([*known, page_label(page, lang, ocr)])


def citation_label_text(
    n: int | None,
    title: str,
    page: int | None,
    section: str | None,
    lang: str,
    ocr: bool = False,
    *,
    publisher: str | None = None,
    year: int | None = None,
) -> str:
    """Expander label for a citation: ``[n] title — Køge Kommune, 2023, s. 10 — section``
    (publisher and year where known; ``s. 10 (OCR)`` for a passage read with OCR), Markdown-escaped."""
    parts = [f"[{n}] {title}" if n is not None else title, source_label(publisher, year, page, lang, ocr)]
    if section:
        parts.append(section)
    return escape_md(" — ".join(parts))


def conversation_markdown(turns: Sequence[Any], title: str = "Samtale med Metodeguiden") -> str:
    """The conversation as Markdown: each question, answer, verdicts and citations with quotes.

    ``turns`` are objects with ``.question`` (shown text) and ``.answer`` (an ``Answer``)."""
    lines = [f"# {title}", ""]
    for i, turn in enumerate(turns, start=1):
        ans = turn.answer
        lines += [f"## {i}. {turn.question}", ""]
        if ans.abstained:
            lines += ["> Ikke dækket af håndbøgerne.", ""]
        lines += [ans.answer, ""]
        for v in ans.verdicts:
            lines.append(f"- Regel `{v.rule}`: {v.explanation}")
            if v.question:
                lines.append(f"  - Spørgsmål: {v.question}")
        if ans.verdicts:
            lines.append("")
        if ans.citations:
            lines += ["Kilder:", ""]
            for c in ans.citations:
                where = source_label(c.publisher, c.year, c.page, "da", c.ocr)
                section = f", {c.section}" if c.section else ""
                lines.append(f"[{c.n}] {c.title} ({c.source}), {where}{section}: »{c.quote}«")
            lines.append("")
        lines += [f"_Korpusversion {ans.corpus_version}, {ans.mode}_", ""]
    return "\n".join(lines).rstrip() + "\n"
