"""Dense retrieval: embed the question (query side) and ask the index for nearest chunks.

With ``windows`` (``WindowVectors``) the index's candidates are re-scored with the best
sentence-window cosine inside each chunk (see ``assistant.retrieval.windows``).

    >>> from assistant.retrieval.dense import DenseRetriever
    >>> # r = DenseRetriever(CorpusIndex.open(settings), make_embedder(settings))
    >>> # r.retrieve("Hvor mange borgere må en CTI-medarbejder have?", k=5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from assistant.retrieval.protocol import BaseRetriever
from assistant.retrieval.windows import WindowVectors
from assistant.types import Chunk


class QueryEmbedder(Protocol):
    """The part of ``assistant.embedding.Embedder`` dense retrieval needs."""

    name: str

    def embed_query(self, text: str) -> np.ndarray: ...


class DenseIndex(Protocol):
    """The part of ``assistant.store.CorpusIndex`` dense retrieval needs."""

    def dense_search(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]: ...


class DenseRetriever(BaseRetriever):
    """Cosine nearest neighbours of ``embedder.embed_query(query)`` in ``index`` (Chroma).

    ``windows``: optional sentence-window vectors; then ``rerank_depth`` candidates are
    fetched and scored ``window_mix * best window + (1 - window_mix) * chunk`` cosine.
    """

    name = "dense"

    def __init__(
        self,
        index: DenseIndex,
        embedder: QueryEmbedder,
        *,
        windows: WindowVectors | None = None,
        window_mix: float = 0.7,
        rerank_depth: int = 50,
    ) -> None:
        if not 0.0 <= window_mix <= 1.0:
            raise ValueError(f"window_mix must be between 0 and 1 (is {window_mix})")
        self._index = index
        self._embedder = embedder
        self.windows = windows
        self.window_mix = window_mix
        self.rerank_depth = rerank_depth

    def _retrieve(self, query: str, k: int, where: dict[str, Any] | None) -> Sequence[tuple[Chunk, float]]:
        vector = self._embedder.embed_query(query)
        if self.windows is None:
            return self._index.dense_search(vector, self.depth(k), where or None)
        candidates = self._index.dense_search(vector, max(self.rerank_depth, self.depth(k)), where or None)
        best = self.windows.best_window_scores(vector)
        mix = self.window_mix
        return [(c, mix * best.get(c.id, s) + (1.0 - mix) * s) for c, s in candidates]
