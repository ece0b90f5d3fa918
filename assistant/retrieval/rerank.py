"""Sentence-coverage re-ranking: prefer chunks that hold one sentence answering the question.

Fusion ranks whole chunks (150–250 words). A question is usually about one sentence, and a
chunk that merely shares many words with the question can outrank the chunk whose single
sentence says the answer. ``SentenceReranker`` scores each of the top fused candidates by the
best *sentence* coverage of the question's key terms (IDF-weighted Danish stems with compound
parts, the same measure evidence selection uses) and adds ``weight`` times that to the fused
score, in units of one rank-1 vote. Deterministic, lexical, no model.

    >>> from assistant.types import Chunk
    >>> def c(i, t): return Chunk(id=i, source="d.txt", title="D", page=1, section=None,
    ...                          start=0, end=len(t), text=t)
    >>> chunks = [c("a", "Teamet mødes. Borgeren får støtte hver uge af teamet. Teamet er stort."),
    ...           c("b", "Netværksmøder holdes mindst tre gange om året med den unge.")]
    >>> r = SentenceReranker(chunks)
    >>> [x.id for x, _ in r.rescore("Hvor tit holdes netværksmøder?", [(chunks[0], 0.03), (chunks[1], 0.029)])]
    ['b', 'a']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.evidence import (
    TermStats,
    coverage,
    in_scope,
    key_terms,
    scope_names,
    sentence_stems,
    split_sentences,
)
from assistant.types import Chunk

if TYPE_CHECKING:
    from assistant.retrieval.lexical import ScoredLexicalBase


class SentenceReranker:
    """Adds ``weight`` × best-sentence coverage (0..1) to the ``depth`` best fused candidates,
    and ``dense_weight`` × how far the chunk's best sentence stands out in dense similarity (0..1,
    when ``sentence_dense`` is set).

    ``unit`` is the score of one rank-1 vote in the fused ranking (``1 / (k_rrf + 1)`` for RRF),
    so ``weight=0.5`` lets a fully covering sentence count like half a first place.
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        splitter: Callable[[str], Sequence[str]] | None = None,
        *,
        weight: float = 0.5,
        depth: int = 20,
        dense_weight: float = 0.0,
        stats: TermStats | None = None,
    ) -> None:
        if weight < 0:
            raise ValueError(f"weight must be >= 0 (is {weight})")
        if dense_weight < 0:
            raise ValueError(f"dense_weight must be >= 0 (is {dense_weight})")
        # ``stats``: precomputed frequencies (the persisted lexical index has them), else counted here.
        self.stats = stats if stats is not None else TermStats(chunks)
        self._split = splitter
        self.weight = weight
        self.depth = depth
        self.dense_weight = dense_weight
        # query -> {chunk id: how far its best sentence stands out, 0..1}; set by the Assistant
        # when the index has sentence vectors (``assistant.sentence_index``).
        # (query, candidate chunk ids) -> {chunk id: 0..1}
        self.sentence_dense: Callable[[str, Sequence[str]], dict[str, float]] | None = None

    @classmethod
    def for_lexical(cls, lexical: ScoredLexicalBase, **options: float) -> SentenceReranker:
        """A re-ranker over the BM25 retriever's chunks, splitting compounds as it does (and using
        its persisted corpus statistics when it has them)."""
        splitter = lexical.analyzer.splitter
        persisted = getattr(lexical, "stats", None)
        stats = persisted.term_stats() if persisted is not None else None
        return cls(lexical.chunks, splitter.split if splitter is not None else None, stats=stats, **options)

    def terms(self, query: str) -> list:
        from assistant.query import GLOSSARY, detect_language

        english = detect_language(query) == "en"
        split = (lambda w: list(self._split(w))) if self._split is not None else None
        return key_terms(query, self.stats, split, glossary=GLOSSARY if english else None)

    def best_sentence_coverage(
        self, query_terms: Sequence, chunk: Chunk, names: frozenset[str] = frozenset()
    ) -> float:
        """Best coverage by one sentence; ``names`` (``scope_names``) may be read off the document."""
        text = chunk.text
        return max(
            (
                coverage(query_terms, in_scope(sentence_stems(text[s:e]), chunk, names))
                for s, e in split_sentences(text)
            ),
            default=0.0,
        )

    def rescore(
        self, query: str, candidates: Sequence[tuple[Chunk, float]], *, unit: float = 1.0
    ) -> list[tuple[Chunk, float]]:
        """``candidates`` best first; returns them re-ordered (ties: fused order, then chunk id)."""
        if self.weight == 0 or not candidates:
            return list(candidates)
        terms = self.terms(query)
        if not terms:
            return list(candidates)
        names = scope_names(query, terms)
        head, tail = list(candidates[: self.depth]), list(candidates[self.depth :])
        dense = (
            self.sentence_dense(query, [chunk.id for chunk, _ in head])
            if self.sentence_dense is not None and self.dense_weight
            else {}
        )
        scored = [
            (
                chunk,
                score
                + self.weight * unit * self.best_sentence_coverage(terms, chunk, names)
                + self.dense_weight * unit * dense.get(chunk.id, 0.0),
                i,
            )
            for i, (chunk, score) in enumerate(head)
        ]
        scored.sort(key=lambda x: (-x[1], x[2], x[0].id))
        floor = min((s for _, s, _ in scored), default=0.0)
        # Candidates beyond the re-ranked depth stay behind every re-ranked one.
        return [(c, s) for c, s, _ in scored] + [(c, min(s, floor)) for c, s in tail]
