"""Reciprocal-rank fusion on hand-made rankings, and the hybrid retriever around it."""

from __future__ import annotations

import pytest

from assistant.retrieval.hybrid import HybridRetriever, rrf_fuse

from .helpers import FixedRetriever, make_chunk

pytestmark = pytest.mark.unit

A, B, C, D, E = (make_chunk(x, x) for x in "abcde")


def fused(rankings, **kw):  # type: ignore[no-untyped-def]
    return [(c.id, round(s, 6)) for c, s in rrf_fuse(rankings, **kw)]


def test_rrf_exact_order_and_scores() -> None:
    # dense: a b c ; lexical: c a d  (k_rrf = 60)
    assert fused([[A, B, C], [C, A, D]], k_rrf=60) == [
        ("a", round(1 / 61 + 1 / 62, 6)),  # 0.032522
        ("c", round(1 / 63 + 1 / 61, 6)),  # 0.032266
        ("b", round(1 / 62, 6)),
        ("d", round(1 / 63, 6)),
    ]


def test_rrf_ties_break_by_chunk_id() -> None:
    # b and a sit at mirrored ranks: equal scores, so id order decides.
    assert [cid for cid, _ in fused([[B, A], [A, B]])] == ["a", "b"]
    assert [cid for cid, _ in fused([[E], [D]])] == ["d", "e"]


def test_rrf_weights_and_small_k() -> None:
    # With k_rrf=1 and lexical weighted 2x, lexical's first (d) beats dense's first (a).
    assert fused([[A, B], [D, A]], k_rrf=1, weights=[1.0, 2.0]) == [
        ("a", round(1 / 2 + 2 / 3, 6)),
        ("d", round(2 / 2, 6)),
        ("b", round(1 / 3, 6)),
    ]


def test_rrf_ignores_duplicates_within_a_ranking() -> None:
    assert fused([[A, A, B]]) == [("a", round(1 / 61, 6)), ("b", round(1 / 63, 6))]


def test_rrf_weight_count_must_match() -> None:
    with pytest.raises(ValueError, match="2 rankings but 1 weights"):
        rrf_fuse([[A], [B]], weights=[1.0])


def test_hybrid_fuses_and_passes_depth_and_filter() -> None:
    dense = FixedRetriever("dense", [A, B, C, E])
    lexical = FixedRetriever("bm25", [C, A, D])
    h = HybridRetriever(dense, lexical)
    hits = h.retrieve("spørgsmål", k=3)
    assert [(x.chunk.id, x.rank, x.retriever) for x in hits] == [
        ("a", 1, "hybrid"),
        ("c", 2, "hybrid"),
        ("b", 3, "hybrid"),
    ]
    assert dense.calls == [("spørgsmål", 20, None)]  # max(4 * k, 20) candidates from each side
    assert lexical.calls == [("spørgsmål", 20, None)]
    h.retrieve("x", k=10, where={"kind": "guide"})
    assert dense.calls[-1] == ("x", 40, {"kind": "guide"})


def test_hybrid_keeps_low_value_last() -> None:
    tail = make_chunk("t", "teaser", low_value=True)
    h = HybridRetriever(FixedRetriever("dense", [tail, A]), FixedRetriever("bm25", [tail, B]))
    assert [x.chunk.id for x in h.retrieve("q", k=3)] == ["a", "b", "t"]


def test_hybrid_validates_parameters() -> None:
    d, lx = FixedRetriever("dense", []), FixedRetriever("bm25", [])
    with pytest.raises(ValueError, match="k_rrf must be > 0"):
        HybridRetriever(d, lx, k_rrf=0)
    with pytest.raises(ValueError, match="weights must be two numbers"):
        HybridRetriever(d, lx, weights=(1.0, -1.0))
