"""Lexical retrieval: Okapi BM25 over Danish-analysed chunks, with sparse postings.

The index is built in memory from the chunk list (milliseconds for the shipped corpus,
seconds for ~100k chunks) and searched by walking only the postings of the question's
terms, so a query costs O(postings touched), not O(vocabulary).

    >>> from assistant.types import Chunk
    >>> chunks = [
    ...     Chunk(id="a", source="d.txt", title="D", page=1, section=None, start=0, end=40,
    ...           text="CTI-medarbejderen har højst 10 borgere."),
    ...     Chunk(id="b", source="d.txt", title="D", page=2, section=None, start=40, end=80,
    ...           text="Boligen er en basal menneskeret."),
    ... ]
    >>> r = LexicalRetriever(chunks)
    >>> [h.chunk.id for h in r.retrieve("Hvor mange borgere må en CTI-medarbejder have?", k=2)]
    ['a']
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.retrieval.analysis import Analyzer, content_words
from assistant.retrieval.compounds import CompoundSplitter
from assistant.retrieval.filters import compile_where, normalize_where
from assistant.retrieval.protocol import BaseRetriever
from assistant.types import Chunk

_MASK_CACHE_SIZE = 64


class LexicalRetriever(BaseRetriever):
    """BM25 (``k1``, ``b``) with Danish stemming, stopwords and corpus-vocabulary compound splits.

    ``compounds=False`` turns compound splitting off (for comparison); ``part_weight`` is the
    term frequency a compound part contributes relative to a whole word; ``section_weight``
    adds the chunk's section heading as terms of that weight (0 = headings ignored).
    """

    name = "bm25"

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        compounds: bool = True,
        part_weight: float = 0.5,
        min_part: int = 4,
        section_weight: float = 0.0,
    ) -> None:
        if k1 < 0:
            raise ValueError(f"k1 must be >= 0 (is {k1})")
        if not 0.0 <= b <= 1.0:
            raise ValueError(f"b must be between 0 and 1 (is {b})")
        self.k1 = k1
        self.b = b
        self._chunks: tuple[Chunk, ...] = tuple(chunks)
        n = len(self._chunks)

        token_lists = [content_words(c.text) for c in self._chunks]
        splitter = None
        if compounds:
            vocab: Counter[str] = Counter()
            for tokens in token_lists:
                vocab.update(tokens)
            splitter = CompoundSplitter.from_tokens(vocab.elements(), min_part=min_part)
        self.analyzer = Analyzer(splitter=splitter, part_weight=part_weight)

        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        doc_len = np.zeros(n, dtype=np.float64)
        token_terms = self.analyzer.token_terms
        for i, tokens in enumerate(token_lists):
            doc_len[i] = len(tokens)
            tf: dict[str, float] = defaultdict(float)
            for token, count in Counter(tokens).items():
                for term, w in token_terms(token):
                    tf[term] += w * count
            if section_weight > 0 and self._chunks[i].section:
                for term, w in self.analyzer.terms(self._chunks[i].section or ""):
                    tf[term] += w * section_weight
            for term, f in tf.items():
                docs, freqs = postings[term]
                docs.append(i)
                freqs.append(f)

        avgdl = float(doc_len.mean()) if n and doc_len.sum() > 0 else 1.0
        # Per-document BM25 length normalisation k1 * (1 - b + b * dl / avgdl).
        self._norm = k1 * (1.0 - b + b * doc_len / avgdl)
        self._postings: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}
        for term, (docs, freqs) in postings.items():
            df = len(docs)
            idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            self._postings[term] = (
                np.asarray(docs, dtype=np.int64),
                np.asarray(freqs, dtype=np.float64),
                idf,
            )
        self._low_value = np.fromiter((c.low_value for c in self._chunks), dtype=bool, count=n)
        order = sorted(range(n), key=lambda i: self._chunks[i].id)
        self._id_rank = np.empty(n, dtype=np.int64)
        self._id_rank[order] = np.arange(n, dtype=np.int64)
        self._mask_cache: dict[str, np.ndarray] = {}

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        return self._chunks

    @property
    def vocabulary_size(self) -> int:
        return len(self._postings)

    def idf(self, term: str) -> float:
        """IDF of an index term (0.0 when unknown)."""
        entry = self._postings.get(term)
        return 0.0 if entry is None else entry[2]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (dense array, index = chunk position)."""
        scores = np.zeros(len(self._chunks), dtype=np.float64)
        k1 = self.k1
        for term, qw in self.analyzer.query_terms(query).items():
            entry = self._postings.get(term)
            if entry is None:
                continue
            docs, freqs, idf = entry
            scores[docs] += qw * idf * freqs * (k1 + 1.0) / (freqs + self._norm[docs])
        return scores

    def _mask(self, where: dict[str, Any] | None) -> np.ndarray | None:
        conditions = normalize_where(where)
        if not conditions:
            return None
        key = repr(sorted(conditions.items()))
        mask = self._mask_cache.get(key)
        if mask is None:
            predicate = compile_where(where)
            mask = np.fromiter((predicate(c) for c in self._chunks), dtype=bool, count=len(self._chunks))
            if len(self._mask_cache) >= _MASK_CACHE_SIZE:
                self._mask_cache.pop(next(iter(self._mask_cache)))
            self._mask_cache[key] = mask
        return mask

    def _retrieve(self, query: str, k: int, where: dict[str, Any] | None) -> list[tuple[Chunk, float]]:
        scores = self.scores(query)
        ok = scores > 0.0
        mask = self._mask(where)
        if mask is not None:
            ok &= mask
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            return []
        depth = self.depth(k)
        # Real content first: cut per tier so demoted low-value chunks never crowd it out.
        picked: list[np.ndarray] = []
        for tier in (False, True):
            t = idx[self._low_value[idx] == tier]
            if t.size > depth:
                threshold = np.partition(scores[t], t.size - depth)[t.size - depth]
                t = t[scores[t] >= threshold]
            t = t[np.lexsort((self._id_rank[t], -scores[t]))][:depth]
            picked.append(t)
        return [(self._chunks[i], float(scores[i])) for i in np.concatenate(picked)]
