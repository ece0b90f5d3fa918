"""Retrieval: dense (Chroma + embedder), lexical (Danish BM25) and hybrid (RRF, the default).

>>> from assistant.retrieval import make_retriever
>>> # r = make_retriever(CorpusIndex.open(settings), make_embedder(settings))
>>> # hits = r.retrieve("Hvad er fjerdedelsreglen?", k=5, where={"kind": "guide"})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.errors import ConfigError
from assistant.retrieval.dense import DenseIndex, DenseRetriever, QueryEmbedder
from assistant.retrieval.filters import matches, to_chroma_where
from assistant.retrieval.hybrid import HybridRetriever, rrf_fuse
from assistant.retrieval.lexical import LexicalRetriever, ScoredLexicalBase
from assistant.retrieval.persisted import PersistedLexicalRetriever
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
        return lexical_retriever(index, **options)
    if kind == "hybrid":
        dense = DenseRetriever(index, embedder, windows=windows)
        lexical = lexical_retriever(index)
        if rerank and "reranker" not in options:
            options["reranker"] = SentenceReranker.for_lexical(lexical)
        return HybridRetriever(dense, lexical, **options)
    raise ConfigError(f"Ukendt søgetype {kind!r}; vælg en af: {', '.join(RETRIEVER_KINDS)}.")


def lexical_retriever(index: Any, **options: Any) -> ScoredLexicalBase:
    """BM25 over ``index``: the persisted bm25s index when the index opened one (``index.lexical``,
    ``METODEGUIDE_LEXICAL=bm25s``), else built in memory from the chunks (``options`` go there)."""
    files = getattr(index, "lexical", None)
    if files is not None and not options:
        return PersistedLexicalRetriever(index.chunks(), files)
    return LexicalRetriever(index.chunks(), **options)


def default_retriever(index: Any, embedder: Any, settings: Any, sentences: Any = None) -> BaseRetriever:
    """The retriever the assistant answers with: hybrid, re-ranked by best-sentence coverage and
    by best-sentence dense similarity (``sentences``: a ``SentenceIndex``; loaded from the index
    when None; weight ``rerank_dense_weight`` from the calibration, 0 for another embedder)."""
    from assistant.calibration import Calibration
    from assistant.sentence_index import SentenceIndex

    retriever = make_retriever(index, embedder, kind="hybrid")
    sentences = sentences if sentences is not None else SentenceIndex.for_index(index)
    cal = Calibration.load(settings.calibration_path).for_embedder(
        str(getattr(embedder, "name", "")), has_sentences=len(sentences) > 0
    )
    attach_sentence_dense(retriever, sentences, embedder, cal.rerank_dense_weight)
    return retriever


def attach_sentence_dense(retriever: Any, sentences: Any, embedder: Any, weight: float) -> None:
    """Let the retriever's re-ranker use each chunk's best-sentence similarity (if it has one)."""
    reranker = getattr(retriever, "reranker", None)
    if reranker is None or not len(sentences):
        return

    def chunk_dense(query: str, chunk_ids: Sequence[str]) -> dict[str, float]:
        sim = sentences.similarities(embedder.embed_query(query))
        return {} if sim is None else sentences.chunk_scores(sim, chunk_ids)

    reranker.sentence_dense = chunk_dense
    reranker.dense_weight = weight


__all__ = [
    "attach_sentence_dense",
    "default_retriever",
    "RETRIEVER_KINDS",
    "BaseRetriever",
    "DenseIndex",
    "DenseRetriever",
    "HybridRetriever",
    "LexicalRetriever",
    "PersistedLexicalRetriever",
    "ScoredLexicalBase",
    "lexical_retriever",
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
