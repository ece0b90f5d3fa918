"""Retrieval: dense (Chroma + embedder), lexical (Danish BM25) and hybrid (RRF, the default).

>>> from assistant.retrieval import make_retriever
>>> # r = make_retriever(CorpusIndex.open(settings), make_embedder(settings))
>>> # hits = r.retrieve("Hvad er fjerdedelsreglen?", k=5, where={"kind": "guide"})
"""

from __future__ import annotations

from typing import Any

from assistant.errors import ConfigError
from assistant.retrieval.dense import DenseIndex, DenseRetriever, QueryEmbedder
from assistant.retrieval.filters import matches, to_chroma_where
from assistant.retrieval.hybrid import HybridRetriever, rrf_fuse
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.protocol import BaseRetriever, Retriever, validate_k
from assistant.retrieval.rerank import SentenceReranker
from assistant.retrieval.windows import WindowVectors, sentence_windows, window_vectors_for

RETRIEVER_KINDS: tuple[str, ...] = ("hybrid", "dense", "bm25")


def make_retriever(
    index: Any,
    embedder: Any,
    kind: str = "hybrid",
    *,
    windows: WindowVectors | None = None,
    rerank: bool = True,
    **options: Any,
) -> BaseRetriever:
    """Build a retriever over a ``CorpusIndex``: ``kind`` is "hybrid" (default), "dense" or "bm25".

    ``windows`` (``window_vectors_for(index, embedder)``) turns on sentence-window re-scoring
    of dense candidates. ``rerank`` (hybrid only) re-orders the fused head by best-sentence
    coverage (``SentenceReranker``). ``options`` go to ``HybridRetriever`` (hybrid) or
    ``LexicalRetriever`` (bm25).
    """
    if kind == "dense":
        return DenseRetriever(index, embedder, windows=windows)
    if kind in ("bm25", "lexical"):
        return LexicalRetriever(index.chunks(), **options)
    if kind == "hybrid":
        dense = DenseRetriever(index, embedder, windows=windows)
        lexical = LexicalRetriever(index.chunks())
        if rerank and "reranker" not in options:
            options["reranker"] = SentenceReranker.for_lexical(lexical)
        return HybridRetriever(dense, lexical, **options)
    raise ConfigError(f"Ukendt søgetype {kind!r}; vælg en af: {', '.join(RETRIEVER_KINDS)}.")


__all__ = [
    "RETRIEVER_KINDS",
    "BaseRetriever",
    "DenseIndex",
    "DenseRetriever",
    "HybridRetriever",
    "LexicalRetriever",
    "QueryEmbedder",
    "Retriever",
    "SentenceReranker",
    "make_retriever",
    "matches",
    "rrf_fuse",
    "to_chroma_where",
    "validate_k",
    "WindowVectors",
    "sentence_windows",
    "window_vectors_for",
]
