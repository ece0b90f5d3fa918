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

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.chunkstore import ChunkStore
from assistant.retrieval.analysis import Analyzer, content_words
from assistant.retrieval.compounds import CompoundSplitter
from assistant.retrieval.filters import compile_where, normalize_where
from assistant.retrieval.protocol import BaseRetriever
from assistant.types import Chunk

_MASK_CACHE_SIZE = 64


class ScoredLexicalBase(BaseRetriever):
    """What every BM25 backend shares: chunk order, the ``where`` masks and the tiered top-k cut.

    Subclasses set ``analyzer`` and implement ``scores(query)`` (one score per chunk position);
    ``_init_chunks`` must run first in their ``__init__``.
    """

    name = "bm25"
    analyzer: Analyzer

    def _init_chunks(self, chunks: Sequence[Chunk]) -> None:
        # A ChunkStore (the generation's chunks.sqlite) stays on disk: only its ids and low-value
        # flags are read here; texts are fetched for the hits. Any other sequence is held as is.
        self._chunks: Sequence[Chunk] = chunks if isinstance(chunks, ChunkStore) else tuple(chunks)
        n = len(self._chunks)
        if isinstance(self._chunks, ChunkStore):
            self._low_value = self._chunks.low_value_flags()
            ids = self._chunks.ids()
        else:
            self._low_value = np.fromiter((c.low_value for c in self._chunks), dtype=bool, count=n)
            ids = [c.id for c in self._chunks]
        id_order = sorted(range(n), key=ids.__getitem__)
        self._id_rank = np.empty(n, dtype=np.int64)
        self._id_rank[id_order] = np.arange(n, dtype=np.int64)
        self._mask_cache: dict[str, np.ndarray] = {}

    @property
    def chunks(self) -> Sequence[Chunk]:
        return self._chunks

    def _take(self, positions: Sequence[int]) -> list[Chunk]:
        if isinstance(self._chunks, ChunkStore):
            return self._chunks.at(positions)
        return [self._chunks[i] for i in positions]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (dense array, index = chunk position)."""
        raise NotImplementedError

    def _mask(self, where: dict[str, Any] | None) -> np.ndarray | None:
        conditions = normalize_where(where)
        if not conditions:
            return None
        key = repr(sorted(conditions.items()))
        mask = self._mask_cache.get(key)
        if mask is None:
            predicate = compile_where(where)
            # Filters read metadata only: a ChunkStore hands it over without the texts.
            rows = self._chunks.without_text() if isinstance(self._chunks, ChunkStore) else self._chunks
            mask = np.fromiter((predicate(c) for c in rows), dtype=bool, count=len(self._chunks))
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
        order = np.concatenate(picked).tolist()
        return list(zip(self._take(order), (float(scores[i]) for i in order), strict=True))


class LexicalRetriever(ScoredLexicalBase):
    """BM25 (``k1``, ``b``) with Danish stemming, stopwords and corpus-vocabulary compound splits.

    ``compounds=False`` turns compound splitting off (for comparison); ``part_weight`` is the
    term frequency a compound part contributes relative to a whole word.
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
    ) -> None:
        if k1 < 0:
            raise ValueError(f"k1 must be >= 0 (is {k1})")
        if not 0.0 <= b <= 1.0:
            raise ValueError(f"b must be between 0 and 1 (is {b})")
        self.k1 = k1
        self.b = b
        self._init_chunks(chunks)
        n = len(self._chunks)

        # 1. Tokens -> integer ids, one Python pass over the text; the rest is numpy.
        vocab: dict[str, int] = {}
        ids_per_doc: list[list[int]] = []
        for chunk in self._chunks:
            ids_per_doc.append([vocab.setdefault(w, len(vocab)) for w in content_words(chunk.text)])
        doc_len = np.fromiter((len(ids) for ids in ids_per_doc), dtype=np.float64, count=n)
        tokens = list(vocab)  # id -> token
        v = max(len(tokens), 1)
        doc = np.repeat(np.arange(n, dtype=np.int64), doc_len.astype(np.int64))
        tok = np.fromiter((i for ids in ids_per_doc for i in ids), dtype=np.int64, count=int(doc_len.sum()))
        pair, pair_count = np.unique(doc * v + tok, return_counts=True)  # (doc, token) occurrences
        pair_doc, pair_tok = pair // v, pair % v

        # 2. The analyser, with compound splitting against this corpus' vocabulary.
        splitter = None
        if compounds:
            totals = np.bincount(tok, minlength=len(tokens))
            splitter = CompoundSplitter.from_counts(
                dict(zip(tokens, totals.tolist(), strict=True)), min_part=min_part
            )
        self.analyzer = Analyzer(splitter=splitter, part_weight=part_weight)

        # 3. token -> weighted terms (whole-word stem, compound parts), flattened.
        term_id: dict[str, int] = {}
        map_ptr = [0]
        map_term: list[int] = []
        map_weight: list[float] = []
        for token in tokens:
            for term, w in self.analyzer.token_terms(token):
                map_term.append(term_id.setdefault(term, len(term_id)))
                map_weight.append(w)
            map_ptr.append(len(map_term))
        ptr = np.asarray(map_ptr, dtype=np.int64)
        terms_arr = np.asarray(map_term, dtype=np.int64)
        weights_arr = np.asarray(map_weight, dtype=np.float64)

        # 4. Expand every (doc, token, count) into (doc, term, count * weight), then sum per
        #    (term, doc): the postings, sorted by term, then doc.
        per_tok = np.diff(ptr)[pair_tok] if pair.size else np.zeros(0, dtype=np.int64)
        total = int(per_tok.sum())
        first = np.repeat(ptr[:-1][pair_tok] if pair.size else ptr[:0], per_tok)
        offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per_tok) - per_tok, per_tok)
        pos = first + offset
        e_doc = np.repeat(pair_doc, per_tok)
        e_term = terms_arr[pos]
        e_tf = np.repeat(pair_count, per_tok) * weights_arr[pos]
        key = e_term * max(n, 1) + e_doc
        order = np.argsort(key, kind="stable")
        key = key[order]
        uniq, starts = np.unique(key, return_index=True)
        self._tf = np.add.reduceat(e_tf[order], starts) if uniq.size else np.zeros(0)
        self._doc = uniq % max(n, 1)
        n_terms = len(term_id)
        self._ptr = np.searchsorted(uniq // max(n, 1), np.arange(n_terms + 1))
        df = np.diff(self._ptr).astype(np.float64)
        self._idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        self._term_id = term_id

        avgdl = float(doc_len.mean()) if n and doc_len.sum() > 0 else 1.0
        # Per-document BM25 length normalisation k1 * (1 - b + b * dl / avgdl).
        self._norm = k1 * (1.0 - b + b * doc_len / avgdl)

    @property
    def vocabulary_size(self) -> int:
        return len(self._term_id)

    def idf(self, term: str) -> float:
        """IDF of an index term (0.0 when unknown)."""
        j = self._term_id.get(term)
        return 0.0 if j is None else float(self._idf[j])

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(chunk positions, weighted term frequencies) of an index term."""
        j = self._term_id.get(term)
        if j is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        a, z = self._ptr[j], self._ptr[j + 1]
        return self._doc[a:z], self._tf[a:z]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (dense array, index = chunk position)."""
        scores = np.zeros(len(self._chunks), dtype=np.float64)
        k1 = self.k1
        for term, qw in self.analyzer.query_terms(query).items():
            j = self._term_id.get(term)
            if j is None:
                continue
            a, z = self._ptr[j], self._ptr[j + 1]
            docs, freqs = self._doc[a:z], self._tf[a:z]
            scores[docs] += qw * self._idf[j] * freqs * (k1 + 1.0) / (freqs + self._norm[docs])
        return scores
