"""Tables as lines a sentence scorer can read: one line per row, every cell kept.

Word, OpenDocument and HTML tables come from their formats' own structure; a ruled table in a
PDF page is found with pdfplumber (``pdf_table_pages``), since pypdf flattens it into lines of
bare numbers ("2022 63 22 13 17 121 76 %") that name no column.

With a header row each cell is named by its column ("Støtteniveau: Intensiv bostøtte; Timer
om ugen: 8"); without one the first column is the label ("Intensiv bostøtte: 8 timer om ugen").
Number-only cells stay (a table of hours per support level is all numbers on one side).

    >>> row_lines([["Støtteniveau", "Timer om ugen"], ["Intensiv bostøtte", "8"]], header=True)
    ['Støtteniveau: Intensiv bostøtte; Timer om ugen: 8']
    >>> row_lines([["Intensiv bostøtte", "8 timer om ugen"], ["Let bostøtte", "2 timer om ugen"]])
    ['Intensiv bostøtte: 8 timer om ugen', 'Let bostøtte: 2 timer om ugen']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_DIGIT = re.compile(r"\d")


def _cell(text: str) -> str:
    return " ".join(text.split())


_BARE_NUMBER = re.compile(r"^[\d.,%\s–-]+$")


def looks_like_header(rows: Sequence[Sequence[str]]) -> bool:
    """A first row of words (no cell a bare number; "Hjemløse ved lokal tælling (uge 6)" is
    words) with a cell without a number over a column whose cells below all have one ("Timer om
    ugen" over "8", "2", "1"): a header the file did not mark as such."""
    if len(rows) < 2:
        return False
    first = [_cell(c) for c in rows[0]]
    if not all(first) or any(_BARE_NUMBER.match(c) for c in first):
        return False
    for j in range(len(first)):
        below = [_cell(r[j]) for r in rows[1:] if j < len(r) and _cell(r[j])]
        if below and not _DIGIT.search(first[j]) and all(_DIGIT.search(c) for c in below):
            return True
    return False


def row_lines(rows: Sequence[Sequence[str]], header: bool | None = None) -> list[str]:
    """One line per non-empty row. ``header=None`` guesses with ``looks_like_header``."""
    clean = [[_cell(c) for c in row] for row in rows]
    clean = [row for row in clean if any(row)]
    if not clean:
        return []
    if max(len(r) for r in clean) == 1:
        return [r[0] for r in clean]
    if header is None:
        header = looks_like_header(clean)
    if header and len(clean) > 1:
        names = [h.rstrip(":").strip() for h in clean[0]]
        lines = []
        for row in clean[1:]:
            parts = [
                f"{names[j]}: {c}" if j < len(names) and names[j] else c for j, c in enumerate(row) if c
            ]
            lines.append("; ".join(parts))
        return lines
    lines = []
    for row in clean:
        label, rest = row[0].rstrip(":").strip(), [c for c in row[1:] if c]
        if label and rest:
            lines.append(f"{label}: {'; '.join(rest)}")
        else:
            lines.append("; ".join(c for c in row if c))
    return lines


# ---------------------------------------------------------------- tables in PDF pages

# A line of a page's text that looks like a flattened table row: three or more numbers and
# little else ("2022 63 22 13 17 121 76 %").
_NUMBER_TOKEN = re.compile(r"^[\d.,%–-]+$")


def looks_tabular(page_text: str) -> bool:
    """Two or more lines of mostly numbers (three or more each): pypdf flattened a table there."""
    rows = 0
    for line in page_text.splitlines():
        tokens = line.split()
        numbers = sum(1 for t in tokens if _NUMBER_TOKEN.match(t) and any(ch.isdigit() for ch in t))
        if numbers >= 3 and numbers >= 0.6 * len(tokens):
            rows += 1
    return rows >= 2


def _cell_text(text: str | None) -> str:
    """A cell's lines joined: a word hyphenated over a line break is one word again
    ("Samarbejds-\\nmodellen" → "Samarbejdsmodellen")."""
    text = re.sub(r"(\w)-\n(?=[a-zæøå])", r"\1", text or "")
    return " ".join(text.split())


def pdf_table_pages(data: bytes, page_numbers: Sequence[int]) -> tuple[dict[int, str], list[int]]:
    """The text of the given (1-based) pages of a PDF read with pdfplumber, each ruled table as
    one line per row (``row_lines``: "År: 2022; Borgere i ICM: 13; …") in its place between the
    text above and below it. Returns ``(texts, failed)``: pages without a table found are left
    out of ``texts``; ``failed`` lists pages pdfplumber could not read (the caller keeps their
    plain text and reports them)."""
    import io

    texts: dict[int, str] = {}
    failed: list[int] = []
    if not page_numbers:
        return texts, failed
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        return texts, list(page_numbers)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds; the page keeps its plain text
        return texts, list(page_numbers)
    with pdf:
        for n in page_numbers:
            try:
                page = pdf.pages[n - 1]
                tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
                if not tables:
                    continue
                parts: list[str] = []
                top = 0.0
                for table in tables:
                    x0, t_top, x1, t_bottom = table.bbox
                    if t_top > top:
                        parts.append(page.crop((0, top, page.width, t_top)).extract_text() or "")
                    rows = [[_cell_text(c) for c in row] for row in table.extract()]
                    parts.append("\n".join(row_lines(rows)))
                    top = max(top, t_bottom)
                if top < page.height:
                    parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
                texts[n] = "\n".join(p.strip("\n") for p in parts if p.strip())
            except Exception:  # noqa: BLE001 - one unreadable page must not stop the document
                failed.append(n)
    return texts, failed
