"""Dense search over single sentences: the question's similarity to every indexed sentence.

Built from the generation's ``sentences.npy``/``sentences.json`` (``ingest.sentences``). One
matrix product gives the similarity of the question to every sentence; that serves three
purposes on the answer path:

- candidates: the chunks of the best sentences join the retrieved chunks, so a sentence that
  answers is found even when its chunk as a whole ranks low;
- evidence: each candidate sentence's similarity is a scoring feature;
- abstention: how far the best sentence stands out from this question's background (the
  similarities of all sentences) tells answerable from out-of-scope questions better than a
  raw cosine, which clusters around 0.8–0.9 for any Danish text.

An index without sentence files (an old generation) is empty: every similarity is None and
the answer path falls back to lexical evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.types import Chunk

log = logging.getLogger("metodeguide.sentences")


@dataclass(frozen=True)
class SentenceSimilarity:
    """Similarities of one question to all sentences. ``background_mean``/``_std`` describe the
    whole distribution; ``z(sim)`` says how many standard deviations a sentence stands out."""

    sims: np.ndarray
    background_mean: float
    background_std: float

    def z(self, sim: float) -> float:
        return (sim - self.background_mean) / self.background_std if self.background_std > 1e-6 else 0.0


class SentenceIndex:
    """Sentence spans ``(chunk index, start, end)`` with unit vectors, over one generation's chunks."""

    def __init__(self, chunks: Sequence[Chunk], spans: Sequence[tuple[int, int, int]], vectors: Any) -> None:
        self.chunks = tuple(chunks)
        self.spans = list(spans)
        self.vectors = vectors
        self.chunk_rows = np.fromiter((ci for ci, _, _ in self.spans), dtype=np.int64, count=len(self.spans))
        self._row: dict[tuple[str, int], int] = {}
        for row, (ci, s, _) in enumerate(self.spans):
            self._row[(self.chunks[ci].id, s)] = row

    @classmethod
    def empty(cls, chunks: Sequence[Chunk]) -> SentenceIndex:
        return cls(chunks, [], np.zeros((0, 1), dtype=np.float16))

    @classmethod
    def for_index(cls, index: Any) -> SentenceIndex:
        """Load the live generation's sentence vectors (empty, with a warning, when absent or broken)."""
        from ingest.sentences import read_sentences

        chunks = index.chunks()
        try:
            found = read_sentences(index.generation_dir)
        except (OSError, ValueError, KeyError) as err:
            log.warning("Sætningsvektorerne kan ikke læses (%s); kør `metodeguide ingest --rebuild`.", err)
            return cls.empty(chunks)
        if found is None:
            return cls.empty(chunks)
        spans, vectors, _ = found
        if any(ci >= len(chunks) for ci, _, _ in spans):
            log.warning("Sætningsfilerne passer ikke til uddragene; kør `metodeguide ingest --rebuild`.")
            return cls.empty(chunks)
        return cls(chunks, spans, vectors)

    def __len__(self) -> int:
        return len(self.spans)

    def similarities(self, query_vector: np.ndarray) -> SentenceSimilarity | None:
        """Cosine of the (unit) query vector to every sentence; None for an empty index or a
        vector of another dimension."""
        if not self.spans:
            return None
        q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.vectors.shape[1]:
            return None
        sims = np.asarray(self.vectors @ q.astype(self.vectors.dtype), dtype=np.float32)
        return SentenceSimilarity(sims, float(sims.mean()), float(sims.std()))

    def top(self, sim: SentenceSimilarity, k: int) -> list[tuple[int, float]]:
        """The ``k`` best rows as ``(row, similarity)``, best first (ties by row)."""
        if k <= 0 or sim.sims.size == 0:
            return []
        k = min(k, sim.sims.size)
        part = np.argpartition(-sim.sims, k - 1)[:k]
        order = sorted(part.tolist(), key=lambda r: (-float(sim.sims[r]), r))
        return [(r, float(sim.sims[r])) for r in order]

    def chunk_scores(self, sim: SentenceSimilarity) -> dict[str, float]:
        """Per chunk: how far its best sentence stands out, as z mapped to 0..1 (z 1 -> 0, 5 -> 1)."""
        z = (sim.sims - sim.background_mean) / max(sim.background_std, 1e-6)
        best = np.zeros(len(self.chunks), dtype=np.float32)
        np.maximum.at(best, self.chunk_rows, np.clip((z - 1.0) / 4.0, 0.0, 1.0))
        return {self.chunks[i].id: float(best[i]) for i in np.flatnonzero(best)}

    def row(self, chunk_id: str, start: int) -> int | None:
        return self._row.get((chunk_id, start))

    def chunk_of(self, row: int) -> Chunk:
        return self.chunks[self.spans[row][0]]

    def text(self, row: int) -> str:
        ci, s, e = self.spans[row]
        return self.chunks[ci].text[s:e]
