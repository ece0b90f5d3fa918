"""SentenceReranker: exact re-orderings on hand-built chunks."""

from __future__ import annotations

import pytest

from assistant.retrieval import HybridRetriever, SentenceReranker
from assistant.retrieval.protocol import BaseRetriever
from assistant.types import Chunk

pytestmark = pytest.mark.unit


def _c(cid: str, text: str) -> Chunk:
    return Chunk(id=cid, source="d.txt", title="D", page=1, section=None, start=0, end=len(text), text=text)


SPREAD = _c("spread", "Netværket er vigtigt. Møder med borgeren er vigtige. Om året sker meget for den unge.")
ONE = _c("one", "Der holdes mindst tre netværksmøder om året med den unge. Det er et krav.")
OTHER = _c("other", "Bostøtte gives efter serviceloven.")
CHUNKS = [SPREAD, ONE, OTHER]


def test_chunk_whose_single_sentence_covers_the_question_moves_up() -> None:
    r = SentenceReranker(CHUNKS)
    out = r.rescore("Hvor mange netværksmøder om året med den unge?", [(SPREAD, 0.033), (ONE, 0.032), (OTHER, 0.03)],
                    unit=1 / 61)
    assert [c.id for c, _ in out] == ["one", "spread", "other"]
    assert out[0][1] == pytest.approx(0.032 + 0.5 / 61 * 1.0)


def test_weight_zero_and_questions_without_topic_terms_keep_the_order() -> None:
    cands = [(SPREAD, 0.033), (ONE, 0.032)]
    assert SentenceReranker(CHUNKS, weight=0).rescore("netværksmøder", cands) == cands
    assert SentenceReranker(CHUNKS).rescore("Hvad er det?", cands) == cands


def test_candidates_beyond_depth_stay_behind_the_reranked_head() -> None:
    r = SentenceReranker(CHUNKS, depth=1)
    out = r.rescore("netværksmøder om året", [(SPREAD, 0.05), (ONE, 0.04)], unit=1.0)
    assert [c.id for c, _ in out] == ["spread", "one"]
    assert out[1][1] <= out[0][1]


def test_negative_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="weight must be >= 0"):
        SentenceReranker(CHUNKS, weight=-1)


class _Fixed(BaseRetriever):
    name = "fixed"

    def __init__(self, chunks: list[Chunk]) -> None:
        self._chunks = chunks

    def _retrieve(self, query, k, where):  # type: ignore[no-untyped-def]
        return [(c, 1.0 - i / 10) for i, c in enumerate(self._chunks)]


def test_hybrid_applies_the_reranker_after_fusion() -> None:
    dense, lexical = _Fixed([SPREAD, OTHER, ONE]), _Fixed([SPREAD, ONE])
    plain = HybridRetriever(dense, lexical)
    reranked = HybridRetriever(dense, lexical, reranker=SentenceReranker(CHUNKS))
    q = "Hvor mange netværksmøder holdes om året med den unge?"
    assert [h.chunk.id for h in plain.retrieve(q, k=3)] == ["spread", "one", "other"]
    assert [h.chunk.id for h in reranked.retrieve(q, k=3)] == ["one", "spread", "other"]
