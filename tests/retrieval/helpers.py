"""Small in-memory stand-ins for CorpusIndex and chunks, shared by the retrieval tests."""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.retrieval.filters import compile_where
from assistant.types import Chunk


def make_chunk(
    cid: str,
    text: str,
    *,
    source: str = "001_a87d09dcf945fd35.txt",
    kind: str = "guide",
    year: int | None = 2019,
    page: int | None = 1,
    low_value: bool = False,
) -> Chunk:
    return Chunk(
        id=cid,
        source=source,
        title="Titel",
        page=page,
        section=None,
        start=0,
        end=len(text),
        text=text,
        kind=kind,
        year=year,
        low_value=low_value,
    )


class FakeIndex:
    """Exact cosine search over given vectors; records the ``where`` it was asked with."""

    def __init__(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        self._chunks = chunks
        self._vectors = vectors
        self.calls: list[tuple[int, dict[str, Any] | None]] = []

    def chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def dense_search(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        self.calls.append((k, where))
        keep = compile_where(where)
        sims = self._vectors @ vector
        order = sorted(range(len(self._chunks)), key=lambda i: (-float(sims[i]), self._chunks[i].id))
        return [(self._chunks[i], float(sims[i])) for i in order if keep(self._chunks[i])][:k]


class FixedRetriever:
    """Returns a fixed ranking (for fusion tests)."""

    def __init__(self, name: str, chunks: list[Chunk]) -> None:
        self.name = name
        self._chunks = chunks
        self.calls: list[tuple[str, int, dict[str, Any] | None]] = []

    def retrieve(self, query: str, k: int = 5, where: dict[str, Any] | None = None) -> list[Any]:
        from assistant.types import Hit

        self.calls.append((query, k, where))
        keep = compile_where(where)
        chunks = [c for c in self._chunks if keep(c)][:k]
        return [Hit(chunk=c, score=1.0 / i, rank=i, retriever=self.name) for i, c in enumerate(chunks, 1)]
