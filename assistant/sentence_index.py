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

from assistant.chunkstore import ChunkStore
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


# Rows converted to float32 at a time when scoring a query (8192 × 384 × 4 B = 12 MB).
_BLOCK_ROWS = 8192


class SentenceIndex:
    """Sentence spans ``(chunk index, start, end)`` with unit vectors, over one generation's chunks.

    ``chunks`` may be the generation's ``ChunkStore``: nothing per chunk is read at start-up
    (rows are found by binary search over the spans; chunk ids come from the store's id column)."""

    def __init__(self, chunks: Sequence[Chunk], spans: Any, vectors: Any) -> None:
        self.chunks = chunks if isinstance(chunks, ChunkStore) else tuple(chunks)
        self.spans = np.asarray(spans, dtype=np.int64).reshape(-1, 3)
        self.vectors = vectors
        self.chunk_rows = self.spans[:, 0]
        # (chunk index, start) -> row, as a sorted key array instead of a dict of a million tuples.
        self._stride = int(self.spans[:, 1].max()) + 1 if len(self.spans) else 1
        keys = self.chunk_rows * self._stride + self.spans[:, 1]
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]
        self._ids: Sequence[str] | None = None
        self._positions: dict[str, int] | None = None

    @classmethod
    def empty(cls, chunks: Sequence[Chunk]) -> SentenceIndex:
        return cls(chunks, np.zeros((0, 3), dtype=np.int64), np.zeros((0, 1), dtype=np.float16))

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
        if len(spans) and int(np.max(spans[:, 0])) >= len(chunks):
            log.warning("Sætningsfilerne passer ikke til uddragene; kør `metodeguide ingest --rebuild`.")
            return cls.empty(chunks)
        return cls(chunks, spans, vectors)

    def _chunk_ids(self) -> Sequence[str]:
        if self._ids is None:
            self._ids = self.chunks.ids() if isinstance(self.chunks, ChunkStore) else [c.id for c in self.chunks]
        return self._ids

    def _position(self, chunk_id: str) -> int | None:
        if isinstance(self.chunks, ChunkStore):
            return self.chunks.position(chunk_id)
        if self._positions is None:
            self._positions = {cid: i for i, cid in enumerate(self._chunk_ids())}
        return self._positions.get(chunk_id)

    def __len__(self) -> int:
        return len(self.spans)

    def similarities(self, query_vector: np.ndarray) -> SentenceSimilarity | None:
        """Cosine of the (unit) query vector to every sentence; None for an empty index or a
        vector of another dimension."""
        if not len(self.spans):
            return None
        q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.vectors.shape[1]:
            return None
        if self.vectors.dtype == np.float32:
            sims = np.asarray(self.vectors @ q, dtype=np.float32)
        else:
            # numpy multiplies float16 without BLAS (and accumulates in float16): convert a block
            # at a time, so the stored half-size vectors cost no extra memory and the product is fast.
            sims = np.empty(len(self.vectors), dtype=np.float32)
            for start in range(0, len(self.vectors), _BLOCK_ROWS):
                block = self.vectors[start : start + _BLOCK_ROWS]
                sims[start : start + len(block)] = np.asarray(block, dtype=np.float32) @ q
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
        ids = self._chunk_ids()
        return {ids[int(i)]: float(best[i]) for i in np.flatnonzero(best)}

    def row(self, chunk_id: str, start: int) -> int | None:
        pos = self._position(chunk_id)
        if pos is None or not len(self._keys) or not 0 <= start < self._stride:
            return None
        key = pos * self._stride + start
        i = int(np.searchsorted(self._keys, key))
        return int(self._order[i]) if i < len(self._keys) and self._keys[i] == key else None

    def chunk_of(self, row: int) -> Chunk:
        return self.chunks[int(self.spans[row, 0])]

    def text(self, row: int) -> str:
        ci, s, e = (int(v) for v in self.spans[row])
        return self.chunks[ci].text[s:e]
