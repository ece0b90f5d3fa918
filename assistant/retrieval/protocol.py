"""The ``Retriever`` contract and the template base class every retriever builds on.

``BaseRetriever.retrieve`` does the shared work once — validate ``k`` and the filter, apply
the filter as a safety net, put ``low_value`` chunks behind real content (with a score
penalty), cut to ``k`` and number the hits — while subclasses only rank candidates in
``_retrieve``.

    >>> class Fixed(BaseRetriever):
    ...     name = "fixed"
    ...     def __init__(self, chunks): self._chunks = chunks
    ...     def _retrieve(self, query, k, where):
    ...         return [(c, 1.0) for c in self._chunks]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from assistant.errors import RetrievalError
from assistant.retrieval.filters import compile_where
from assistant.types import Chunk, Hit

# Scores of low-value chunks (unrelated tail material) are multiplied by this, and such
# chunks are always ranked after every real-content candidate.
LOW_VALUE_FACTOR = 0.5


@runtime_checkable
class Retriever(Protocol):
    """Anything that turns a question into ranked ``Hit`` objects."""

    name: str

    def retrieve(self, query: str, k: int = 5, where: dict[str, Any] | None = None) -> list[Hit]: ...


def validate_k(k: object) -> int:
    """Return ``k`` when it is a positive int, else raise ``RetrievalError`` naming the value.

    >>> validate_k(0)
    Traceback (most recent call last):
    ...
    assistant.errors.RetrievalError: k skal være et helt tal større end 0 (er 0).
    """
    if isinstance(k, bool) or not isinstance(k, int) or k <= 0:
        raise RetrievalError(f"k skal være et helt tal større end 0 (er {k!r}).")
    return k


def rank_candidates(
    candidates: Sequence[tuple[Chunk, float]], *, low_value_factor: float = LOW_VALUE_FACTOR
) -> list[tuple[Chunk, float]]:
    """Penalise low-value chunks and order: real content first, then score desc, then chunk id.

    Duplicate chunk ids keep their best score.
    """
    best: dict[str, tuple[Chunk, float]] = {}
    for chunk, score in candidates:
        s = float(score) * low_value_factor if chunk.low_value else float(score)
        prev = best.get(chunk.id)
        if prev is None or s > prev[1]:
            best[chunk.id] = (chunk, s)
    return sorted(best.values(), key=lambda cs: (cs[0].low_value, -cs[1], cs[0].id))


class BaseRetriever(ABC):
    """Template method: ``retrieve`` validates and post-processes; subclasses rank in ``_retrieve``.

    ``_retrieve`` returns ``(chunk, score)`` candidates, best first, already restricted to
    ``where`` where the backend can do that; it may return more than ``k`` (it should, by a
    margin, so that low-value chunks pushed to the back leave room for real content).
    """

    name: str = "base"

    def retrieve(self, query: str, k: int = 5, where: dict[str, Any] | None = None) -> list[Hit]:
        """Return up to ``k`` hits for ``query`` that satisfy ``where``, best first (rank 1..k)."""
        k = validate_k(k)
        predicate = compile_where(where)  # validates the filter before any work is done
        if not isinstance(query, str):
            raise RetrievalError(f"Søgningen skal være en tekst (fik {type(query).__name__}).")
        if not query.strip():
            return []
        candidates = [(c, s) for c, s in self._retrieve(query, k, where) if predicate(c)]
        ranked = rank_candidates(candidates)[:k]
        return [
            Hit(chunk=chunk, score=score, rank=i, retriever=self.name)
            for i, (chunk, score) in enumerate(ranked, start=1)
        ]

    @abstractmethod
    def _retrieve(self, query: str, k: int, where: dict[str, Any] | None) -> Sequence[tuple[Chunk, float]]:
        """Ranked candidates for a non-empty ``query``; ``k`` and ``where`` are validated."""

    @staticmethod
    def depth(k: int) -> int:
        """How many candidates to ask a backend for, so demoted low-value chunks leave room."""
        return k + max(5, k)
