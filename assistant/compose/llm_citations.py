"""Turn a validated LLM answer's passage markers ([n] = n-th supplied passage) into citations.

Each cited passage gets a verbatim quote: the sentence of that chunk that overlaps most with
the answer sentences citing it. Markers are renumbered in order of first use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.evidence import split_sentences
from assistant.text import content_stems
from assistant.types import Citation, Hit

_MARKER = re.compile(r"\[(\d+)\]")


def citations_for(text: str, hits: Sequence[Hit]) -> tuple[str, tuple[Citation, ...]]:
    """Renumber ``[n]`` markers and build one ``Citation`` per cited passage.

    >>> # citations_for("CTI varer ni måneder [2].", hits) -> ("CTI varer ni måneder [1].", (Citation(n=1, …),))
    """
    order: list[int] = []
    context: dict[int, set[str]] = {}
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        stems = set(content_stems(_MARKER.sub("", sentence)))
        for m in _MARKER.finditer(sentence):
            n = int(m.group(1))
            if 1 <= n <= len(hits):
                if n not in order:
                    order.append(n)
                context.setdefault(n, set()).update(stems)
    new_number = {old: i + 1 for i, old in enumerate(order)}
    citations = []
    for old in order:
        chunk = hits[old - 1].chunk
        best, best_overlap = None, -1
        for s, e in split_sentences(chunk.text):
            overlap = len(context[old] & set(content_stems(chunk.text[s:e])))
            if overlap > best_overlap:
                best, best_overlap = (s, e), overlap
        s, e = best if best is not None else (0, len(chunk.text))
        citations.append(Citation.of_span(new_number[old], chunk, s, e))
    renumbered = _MARKER.sub(lambda m: f"[{new_number.get(int(m.group(1)), int(m.group(1)))}]", text)
    return renumbered, tuple(citations)
