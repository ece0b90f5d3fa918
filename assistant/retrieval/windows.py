"""Sentence-window vectors: finer-grained dense evidence inside each chunk.

A 150–250-word chunk embedded as one vector blurs the single sentence a question is about.
``WindowVectors`` embeds overlapping windows of ``size`` sentences per chunk (passage side),
and ``DenseRetriever(windows=...)`` re-scores the index's dense candidates with
``mix * best window cosine + (1 - mix) * chunk cosine``. The chunk stays the unit that is
returned and cited; windows only sharpen its score.

Vectors come from (and go to) the embedding cache keyed by (embedder name, text hash), so
windows are embedded once; ``warm`` lets ingestion pay that cost instead of the first search.

    >>> sentence_windows("Første sætning. Anden sætning. Tredje sætning.", size=2)
    ['Første sætning. Anden sætning.', 'Anden sætning. Tredje sætning.']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.types import Chunk

# A sentence ends at . ! ? : followed by space and a capital, digit or bullet; blank lines too.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ0-9•])|\n\s*\n")
BATCH = 16


class PassageEmbedder(Protocol):
    name: str

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class VectorCache(Protocol):
    """``ingest.cache.EmbeddingCache`` (or anything with the same two methods)."""

    def get_many(self, embedder: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, embedder: str, vectors: Mapping[str, np.ndarray]) -> None: ...


def sentence_windows(text: str, size: int = 2) -> list[str]:
    """Overlapping windows of ``size`` consecutive sentences (the whole text if it is one)."""
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(text) if s and s.strip()]
    if len(sentences) <= size:
        return [" ".join(sentences)] if sentences else [text]
    return [" ".join(sentences[i : i + size]) for i in range(len(sentences) - size + 1)]


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class WindowVectors:
    """Window vectors for a chunk list: ``vectors[i]`` belongs to chunk ``chunk_ids[parent[i]]``."""

    chunk_ids: tuple[str, ...]
    parent: np.ndarray  # (n_windows,) int64
    vectors: np.ndarray  # (n_windows, dim) float32, L2-normalised
    size: int = 2

    @classmethod
    def build(
        cls,
        chunks: Sequence[Chunk],
        embedder: PassageEmbedder,
        cache: VectorCache | None = None,
        *,
        size: int = 2,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> WindowVectors:
        """Window every chunk and fetch (or embed and cache) the window vectors."""
        texts: list[str] = []
        parent: list[int] = []
        for i, chunk in enumerate(chunks):
            for w in sentence_windows(chunk.text, size):
                texts.append(w)
                parent.append(i)
        hashes = [_hash(t) for t in texts]
        have: dict[str, np.ndarray] = cache.get_many(embedder.name, hashes) if cache is not None else {}
        todo = list(dict.fromkeys(h for h in hashes if h not in have))
        by_hash = dict(zip(hashes, texts, strict=True))
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            vecs = np.asarray(embedder.embed_passages([by_hash[h] for h in batch]), dtype=np.float32)
            fresh = {h: vecs[j] for j, h in enumerate(batch)}
            if cache is not None:
                cache.put_many(embedder.name, fresh)
            have.update(fresh)
            if on_progress is not None:
                on_progress(min(start + BATCH, len(todo)), len(todo))
        dim = next(iter(have.values())).shape[0] if have else 1
        matrix = (
            np.vstack([have[h] for h in hashes]).astype(np.float32)
            if hashes
            else np.zeros((0, dim), dtype=np.float32)
        )
        return cls(
            chunk_ids=tuple(c.id for c in chunks),
            parent=np.asarray(parent, dtype=np.int64),
            vectors=matrix,
            size=size,
        )

    def best_window_scores(self, query_vector: np.ndarray) -> dict[str, float]:
        """Highest window cosine per chunk id."""
        if self.vectors.shape[0] == 0:
            return {}
        sims = self.vectors @ np.asarray(query_vector, dtype=np.float32)
        best = np.full(len(self.chunk_ids), -np.inf)
        np.maximum.at(best, self.parent, sims)
        return {cid: float(s) for cid, s in zip(self.chunk_ids, best, strict=True) if np.isfinite(s)}


def window_vectors_for(index: object, embedder: PassageEmbedder, *, size: int = 2) -> WindowVectors:
    """Window vectors for a ``CorpusIndex``, cached in its data dir's embedding cache.

    The first call after a (re)build embeds the new windows (about twice the chunk text);
    later calls only read the cache.
    """
    from assistant.store import EMBEDDINGS_DB
    from ingest.cache import EmbeddingCache

    chunks = index.chunks()  # type: ignore[attr-defined]
    data_dir = index.settings.data_dir  # type: ignore[attr-defined]
    with EmbeddingCache(data_dir / EMBEDDINGS_DB) as cache:
        return WindowVectors.build(chunks, embedder, cache, size=size)
