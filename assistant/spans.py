"""Locate a quote inside a text despite folded whitespace and line-break hyphens.

The returned span is always a verbatim slice of the haystack, so a citation's quote can be
checked by anyone with ``haystack[start:end]``.

    >>> text = "bostøtte- medarbejder  som gennemgående fi- gur"
    >>> s = find_span(text, "gennemgående figur")
    >>> text[s[0]:s[1]]
    'gennemgående fi- gur'
"""

from __future__ import annotations

import re
import unicodedata


def normalized_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise like ``assistant.text.normalize_for_match`` and map each output char to its source index."""
    out: list[str] = []
    idx: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\u00ad":
            i += 1
            continue
        if ch == "-" and out and out[-1].isalpha():
            m = re.match(r"-\s*([^\W\d_])", text[i:])
            if m:
                i += m.end() - 1  # skip hyphen and whitespace, keep the letter
                continue
        if ch.isspace() or ch == "\u00a0":
            j = i
            while j < n and (text[j].isspace() or text[j] == "\u00a0"):
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                idx.append(i)
            i = j
            continue
        out.append(unicodedata.normalize("NFC", ch))
        idx.append(i)
        i += 1
    while out and out[-1] == " ":
        out.pop()
        idx.pop()
    return "".join(out), idx


def find_span(haystack: str, needle: str, casefold: bool = False) -> tuple[int, int] | None:
    """Return ``(start, end)`` of ``needle`` in ``haystack`` (tolerant to whitespace/hyphen breaks)."""
    norm_h, idx = normalized_with_map(haystack)
    norm_n, _ = normalized_with_map(needle.strip())
    if not norm_n:
        return None
    if casefold:
        pos = norm_h.lower().find(norm_n.lower())
    else:
        pos = norm_h.find(norm_n)
    if pos < 0:
        return None
    start = idx[pos]
    end = idx[pos + len(norm_n) - 1] + 1
    return start, end
