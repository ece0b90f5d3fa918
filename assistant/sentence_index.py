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
import os
import weakref
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from assistant.chunkstore import ChunkStore
from assistant.types import Chunk

log = logging.getLogger("metodeguide.sentences")


class SentenceSimilarity:
    """Similarities of one question to the indexed sentences.

    ``background_mean``/``_std`` describe the similarity to *all* sentences; ``z(sim)`` says how
    many standard deviations a sentence stands out. Two kinds, one interface:

    - exact (``sims`` holds the similarity of every row): the product with every vector;
    - approximate (``sims`` is None): the rows an ANN search found, each scored exactly
      (``found``, best first), with the background from the vectors' stored moments;
      ``at_rows(rows)`` scores any other rows exactly on demand.
    """

    def __init__(
        self,
        background_mean: float,
        background_std: float,
        *,
        sims: np.ndarray | None = None,
        found: Sequence[tuple[int, float]] = (),
        exact: Callable[[np.ndarray], np.ndarray] | None = None,
        size: int | None = None,
    ) -> None:
        self.background_mean = background_mean
        self.background_std = background_std
        self.sims = sims
        self.found = tuple(found)
        self._exact = exact
        self.size = int(sims.size) if sims is not None else int(size or 0)

    @classmethod
    def of_all(cls, sims: np.ndarray) -> SentenceSimilarity:
        """The exact kind, from every row's similarity (float32 ``[n]``)."""
        return cls(float(sims.mean()), float(sims.std()), sims=sims)

    def z(self, sim: float) -> float:
        return (sim - self.background_mean) / self.background_std if self.background_std > 1e-6 else 0.0

    def best(self) -> float:
        """The highest similarity (of the found rows, for the approximate kind)."""
        if self.sims is not None:
            return float(self.sims.max())
        return self.found[0][1] if self.found else self.background_mean

    def largest(self, k: int) -> np.ndarray:
        """The ``k`` highest similarities, ascending (as ``np.sort(sims)[-k:]``)."""
        if self.sims is not None:
            return np.sort(self.sims)[-k:]
        return np.sort(np.asarray([s for _, s in self.found[:k]], dtype=np.float32))

    def top(self, k: int) -> list[tuple[int, float]]:
        """The ``k`` best rows as ``(row, similarity)``, best first (ties by row)."""
        if k <= 0 or self.size == 0:
            return []
        if self.sims is None:
            return list(self.found[:k])
        k = min(k, self.sims.size)
        part = np.argpartition(-self.sims, k - 1)[:k]
        order = sorted(part.tolist(), key=lambda r: (-float(self.sims[r]), r))
        return [(r, float(self.sims[r])) for r in order]

    def at_rows(self, rows: np.ndarray) -> np.ndarray:
        """Similarities of ``rows`` (int array), float32."""
        if self.sims is not None:
            return self.sims[rows]
        if self._exact is None or not len(rows):
            return np.zeros(len(rows), dtype=np.float32)
        return self._exact(rows)


# Above this many sentences the ingest builds the ANN index (``ingest.sentences``) and the answer
# path uses it instead of the exact product (which the load keeps as float32 below it: 50,000 ×
# 384 × 4 B = 77 MB, one BLAS product of ~10 ms). Engineering limits, not fitted: no answer on
# the shipped corpus (about 1,000 sentences) goes through the ANN path.
ANN_MIN_SENTENCES = 50_000
# Rows converted to float32 at a time when scoring a query (8192 × 384 × 4 B = 12 MB).
_BLOCK_ROWS = 8192
# ANN search: share of the coarse cells visited, and how many rows are scored exactly after it.
ANN_PROBE_SHARE = 1 / 4
ANN_REFINE = 200


def _stand_out(z: np.ndarray | float) -> np.ndarray:
    """How far a sentence stands out, as z mapped to 0..1 (z 1 -> 0, 5 -> 1)."""
    return np.clip((np.asarray(z) - 1.0) / 4.0, 0.0, 1.0)


class _RowReader:
    """Rows of a memory-mapped ``.npy`` file read with ``os.pread`` (the file stays open; closed
    when the reader is collected)."""

    def __init__(self, path: str, offset: int, dtype: np.dtype, dim: int) -> None:
        self.offset, self.dtype, self.dim = offset, dtype, dim
        self.row_bytes = dim * dtype.itemsize
        self.fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self.fd)

    @classmethod
    def of(cls, vectors: Any) -> _RowReader | None:
        if not isinstance(vectors, np.memmap) or vectors.filename is None or vectors.ndim != 2:
            return None
        return cls(str(vectors.filename), int(vectors.offset), vectors.dtype, int(vectors.shape[1]))

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` sorted ascending; a run of consecutive rows is one read."""
        out = np.empty((len(rows), self.dim), dtype=self.dtype)
        i = 0
        while i < len(rows):
            j = i + 1
            while j < len(rows) and rows[j] == rows[j - 1] + 1:
                j += 1
            data = os.pread(self.fd, (j - i) * self.row_bytes, self.offset + int(rows[i]) * self.row_bytes)
            out[i:j] = np.frombuffer(data, dtype=self.dtype).reshape(j - i, self.dim)
            i = j
        return out


class SentenceIndex:
    """Sentence spans ``(chunk index, start, end)`` with unit vectors, over one generation's chunks.

    ``chunks`` may be the generation's ``ChunkStore``: nothing per chunk is read at start-up
    (rows are found by binary search over the spans; chunk ids come from the store's id column)."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        spans: Any,
        vectors: Any,
        *,
        stats: tuple[np.ndarray, np.ndarray] | None = None,
        ann: Any = None,
    ) -> None:
        self.chunks = chunks if isinstance(chunks, ChunkStore) else tuple(chunks)
        self.spans = np.asarray(spans, dtype=np.int64).reshape(-1, 3)
        self.ann = ann if ann is not None and stats is not None else None
        self.stats = stats
        if self.ann is None and len(self.spans) <= ANN_MIN_SENTENCES and getattr(vectors, "dtype", None) == np.float16:
            # Small enough to keep as float32: one BLAS product per question, same numbers as
            # converting a block at a time.
            vectors = np.asarray(vectors, dtype=np.float32)
        self.vectors = vectors
        if self.ann is not None:
            from faiss import extract_index_ivf

            ivf = extract_index_ivf(self.ann)
            ivf.nprobe = max(1, int(round(ivf.nlist * ANN_PROBE_SHARE)))
        self.chunk_rows = self.spans[:, 0]
        self._similarities = lru_cache(maxsize=8)(self._similarities_of)
        self._reader = _RowReader.of(vectors) if self.ann is not None else None
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
        from ingest.sentences import read_ann, read_sentence_stats, read_sentences

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
        stats = ann = None
        try:
            ann = read_ann(index.generation_dir)
            stats = read_sentence_stats(index.generation_dir) if ann is not None else None
        except (OSError, ValueError, KeyError, RuntimeError) as err:
            log.warning("Sætningernes søgeindeks kan ikke læses (%s); kør `metodeguide ingest --rebuild`.", err)
            stats = ann = None
        if ann is not None and (stats is None or ann.ntotal != len(spans) or ann.d != vectors.shape[1]):
            log.warning("Sætningernes søgeindeks passer ikke til sætningerne; kør `metodeguide ingest --rebuild`.")
            stats = ann = None
        if ann is None and len(spans) > ANN_MIN_SENTENCES:
            log.warning(
                "%d sætninger uden søgeindeks: hvert spørgsmål ganges med alle sætningsvektorer (langsomt); "
                "kør `metodeguide ingest --rebuild`.",
                len(spans),
            )
        return cls(chunks, spans, vectors, stats=stats, ann=ann)

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
        """Similarity of the (unit) query vector to the sentences; None for an empty index or a
        vector of another dimension. The last few questions' results are kept (the re-ranker and
        the answer path ask for the same question)."""
        if not len(self.spans):
            return None
        q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.vectors.shape[1]:
            return None
        return self._similarities(q.tobytes())

    def _similarities_of(self, key: bytes) -> SentenceSimilarity:
        q = np.frombuffer(key, dtype=np.float32)
        if self.ann is not None:  # the constructor keeps an ANN index only with its moments
            return self._approximate(q)
        if self.vectors.dtype == np.float32:
            sims = np.asarray(self.vectors @ q, dtype=np.float32)
        else:
            # numpy multiplies float16 without BLAS (and accumulates in float16): convert a block
            # at a time, so the stored half-size vectors cost no extra memory and the product is fast.
            sims = np.empty(len(self.vectors), dtype=np.float32)
            for start in range(0, len(self.vectors), _BLOCK_ROWS):
                block = self.vectors[start : start + _BLOCK_ROWS]
                sims[start : start + len(block)] = np.asarray(block, dtype=np.float32) @ q
        return SentenceSimilarity.of_all(sims)

    def _exact_rows(self, q: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        def exact(rows: np.ndarray) -> np.ndarray:
            rows = np.asarray(rows, dtype=np.int64)
            order = np.argsort(rows, kind="stable")  # sorted reads from the file
            out = np.empty(len(rows), dtype=np.float32)
            out[order] = np.asarray(self._rows(rows[order]), dtype=np.float32) @ q
            return out

        return exact

    def _rows(self, rows: np.ndarray) -> np.ndarray:
        """The vectors of ``rows`` (sorted). From a memory-mapped ``.npy`` they are read with
        ``os.pread`` (a run of neighbouring rows at a time): pages touched through the map count
        in the process's RSS, and over many questions the ANN's candidates touch the whole file
        (431 MB at 100,000 chunks); read pages stay in the OS page cache instead."""
        reader = self._reader
        if reader is None:
            return np.asarray(self.vectors[rows])
        return reader.rows(rows)

    def _approximate(self, q: np.ndarray) -> SentenceSimilarity:
        """ANN candidates scored exactly; background mean and deviation from the stored moments."""
        assert self.stats is not None and self.ann is not None
        mean_vec, second = self.stats
        q64 = q.astype(np.float64)
        mean = float(q64 @ mean_vec)
        var = float(q64 @ second @ q64) - mean * mean
        exact = self._exact_rows(q)
        _, ids = self.ann.search(q.reshape(1, -1), ANN_REFINE)
        rows = np.unique(ids[0][ids[0] >= 0])
        sims = exact(rows)
        found = sorted(zip(rows.tolist(), sims.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
        return SentenceSimilarity(mean, max(var, 0.0) ** 0.5, found=found, exact=exact, size=len(self.spans))

    def top(self, sim: SentenceSimilarity, k: int) -> list[tuple[int, float]]:
        """The ``k`` best rows as ``(row, similarity)``, best first (ties by row)."""
        return sim.top(k)

    def rows_of(self, position: int) -> np.ndarray:
        """The rows of the chunk at ``position`` (spans are in chunk order)."""
        lo, hi = np.searchsorted(self.chunk_rows, [position, position + 1])
        return np.arange(lo, hi, dtype=np.int64)

    def chunk_scores(self, sim: SentenceSimilarity, chunk_ids: Sequence[str] | None = None) -> dict[str, float]:
        """Per chunk: how far its best sentence stands out, as z mapped to 0..1 (z 1 -> 0, 5 -> 1).

        Every chunk with a score above 0 for the exact kind, or only ``chunk_ids`` when given
        (the approximate kind needs them: it scores just those chunks' sentences)."""
        std = max(sim.background_std, 1e-6)
        if sim.sims is not None:
            z = (sim.sims - sim.background_mean) / std
            best = np.zeros(len(self.chunks), dtype=np.float32)
            np.maximum.at(best, self.chunk_rows, _stand_out(z))
            ids = self._chunk_ids()
            scores = {ids[int(i)]: float(best[i]) for i in np.flatnonzero(best)}
            return scores if chunk_ids is None else {c: scores[c] for c in chunk_ids if c in scores}
        wanted = list(chunk_ids) if chunk_ids is not None else [self.chunk_of(r).id for r, _ in sim.found]
        out: dict[str, float] = {}
        for cid in dict.fromkeys(wanted):
            pos = self._position(cid)
            rows = self.rows_of(pos) if pos is not None else np.zeros(0, dtype=np.int64)
            if not len(rows):
                continue
            score = float(_stand_out((float(sim.at_rows(rows).max()) - sim.background_mean) / std))
            if score > 0:
                out[cid] = score
        return out

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
