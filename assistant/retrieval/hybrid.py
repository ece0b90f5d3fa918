"""Hybrid retrieval: reciprocal-rank fusion (RRF) of dense and lexical rankings.

Each retriever contributes ``weight / (k_rrf + rank)`` for every chunk it ranks; chunks are
ordered by the summed score, ties broken by chunk id (deterministic).

    >>> from assistant.types import Chunk
    >>> def c(i): return Chunk(id=i, source="s", title="t", page=None, section=None,
    ...                        start=0, end=1, text=i)
    >>> [(x.id, round(s, 5)) for x, s in rrf_fuse([[c("a"), c("b")], [c("b"), c("c")]], k_rrf=60)]
    [('b', 0.03252), ('a', 0.01639), ('c', 0.01613)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.retrieval.protocol import BaseRetriever, Retriever
from assistant.retrieval.rerank import SentenceReranker
from assistant.types import Chunk


def rrf_fuse(
    rankings: Sequence[Sequence[Chunk]],
    *,
    k_rrf: float = 60.0,
    weights: Sequence[float] | None = None,
) -> list[tuple[Chunk, float]]:
    """Fuse ranked chunk lists (best first) into one list of ``(chunk, rrf score)``, best first."""
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(rankings)} rankings but {len(weights)} weights")
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[str] = set()
        for rank, chunk in enumerate(ranking, start=1):
            if chunk.id in seen:
                continue
            seen.add(chunk.id)
            chunks[chunk.id] = chunk
            scores[chunk.id] = scores.get(chunk.id, 0.0) + weight / (k_rrf + rank)
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(chunks[cid], scores[cid]) for cid in order]


class HybridRetriever(BaseRetriever):
    """RRF of a dense and a lexical retriever; the default retriever.

    Each side is asked for ``max(depth_factor * k, min_depth)`` candidates (same filter).
    ``reranker`` (``SentenceReranker``) then re-orders the fused head by best-sentence coverage.
    """

    name = "hybrid"

    def __init__(
        self,
        dense: Retriever,
        lexical: Retriever,
        *,
        k_rrf: float = 60.0,
        weights: tuple[float, float] = (1.0, 1.0),
        depth_factor: int = 4,
        min_depth: int = 20,
        reranker: SentenceReranker | None = None,
    ) -> None:
        if k_rrf <= 0:
            raise ValueError(f"k_rrf must be > 0 (is {k_rrf})")
        if len(weights) != 2 or min(weights) < 0:
            raise ValueError(f"weights must be two numbers >= 0 (dense, lexical), got {weights!r}")
        self.dense = dense
        self.lexical = lexical
        self.k_rrf = k_rrf
        self.weights = weights
        self.depth_factor = depth_factor
        self.min_depth = min_depth
        self.reranker = reranker

    def _retrieve(self, query: str, k: int, where: dict[str, Any] | None) -> list[tuple[Chunk, float]]:
        depth = max(self.depth_factor * k, self.min_depth)
        rankings = [
            [h.chunk for h in self.dense.retrieve(query, depth, where)],
            [h.chunk for h in self.lexical.retrieve(query, depth, where)],
        ]
        fused = rrf_fuse(rankings, k_rrf=self.k_rrf, weights=self.weights)
        if self.reranker is not None:
            fused = self.reranker.rescore(query, fused, unit=1.0 / (self.k_rrf + 1))
        return fused
