"""Tables as lines a sentence scorer can read: one line per row, every cell kept.

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


def looks_like_header(rows: Sequence[Sequence[str]]) -> bool:
    """A first row without numbers over a column whose cells below all have one
    ("Timer om ugen" over "8", "2", "1"): a header the file did not mark as such."""
    if len(rows) < 2:
        return False
    first = [_cell(c) for c in rows[0]]
    if not all(first) or any(_DIGIT.search(c) for c in first):
        return False
    for j in range(len(first)):
        below = [_cell(r[j]) for r in rows[1:] if j < len(r) and _cell(r[j])]
        if below and all(_DIGIT.search(c) for c in below):
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
