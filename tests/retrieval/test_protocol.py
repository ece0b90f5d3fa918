"""The template base class: k validation, filtering, low-value demotion, ranks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from assistant.errors import RetrievalError
from assistant.retrieval.protocol import LOW_VALUE_FACTOR, BaseRetriever, Retriever, validate_k
from assistant.types import Chunk

from .helpers import make_chunk

pytestmark = pytest.mark.unit


class Scripted(BaseRetriever):
    name = "scripted"

    def __init__(self, candidates: list[tuple[Chunk, float]]) -> None:
        self.candidates = candidates
        self.calls: list[tuple[str, int, Any]] = []

    def _retrieve(self, query: str, k: int, where: dict[str, Any] | None) -> Sequence[tuple[Chunk, float]]:
        self.calls.append((query, k, where))
        return self.candidates


A = make_chunk("a", "a", kind="guide")
B = make_chunk("b", "b", kind="news")
C = make_chunk("c", "c", kind="guide")
TAIL = make_chunk("t", "teaser", kind="guide", low_value=True)


@pytest.mark.parametrize("k", [0, -3, 2.5, "5", True, None])
def test_k_must_be_positive_int(k: object) -> None:
    r = Scripted([(A, 1.0)])
    with pytest.raises(RetrievalError) as err:
        r.retrieve("spørgsmål", k=k)  # type: ignore[arg-type]
    assert str(err.value) == f"k skal være et helt tal større end 0 (er {k!r})."
    assert r.calls == []  # validated before any work


def test_validate_k_returns_value() -> None:
    assert validate_k(7) == 7


def test_ranks_scores_and_name() -> None:
    hits = Scripted([(A, 0.5), (B, 0.9), (C, 0.5)]).retrieve("q", k=3)
    assert [(h.chunk.id, h.score, h.rank, h.retriever) for h in hits] == [
        ("b", 0.9, 1, "scripted"),
        ("a", 0.5, 2, "scripted"),  # tie broken by chunk id
        ("c", 0.5, 3, "scripted"),
    ]


def test_cut_to_k() -> None:
    assert [h.chunk.id for h in Scripted([(A, 3.0), (B, 2.0), (C, 1.0)]).retrieve("q", k=2)] == ["a", "b"]


def test_filter_is_applied_even_if_backend_ignores_it() -> None:
    r = Scripted([(A, 3.0), (B, 2.0), (C, 1.0)])
    assert [h.chunk.id for h in r.retrieve("q", k=5, where={"kind": "guide"})] == ["a", "c"]
    assert r.calls == [("q", 5, {"kind": "guide"})]


def test_bad_filter_rejected_before_work() -> None:
    r = Scripted([(A, 1.0)])
    with pytest.raises(RetrievalError):
        r.retrieve("q", where={"nope": 1})
    assert r.calls == []


def test_low_value_is_penalised_and_never_outranks_real_content() -> None:
    hits = Scripted([(TAIL, 10.0), (A, 0.2), (B, 0.1)]).retrieve("q", k=3)
    assert [(h.chunk.id, h.score) for h in hits] == [("a", 0.2), ("b", 0.1), ("t", 10.0 * LOW_VALUE_FACTOR)]


def test_empty_query_gives_no_hits() -> None:
    r = Scripted([(A, 1.0)])
    assert r.retrieve("   ", k=3) == []
    assert r.calls == []


def test_non_string_query_is_rejected() -> None:
    with pytest.raises(RetrievalError) as err:
        Scripted([]).retrieve(None, k=3)  # type: ignore[arg-type]
    assert str(err.value) == "Søgningen skal være en tekst (fik NoneType)."


def test_satisfies_protocol() -> None:
    assert isinstance(Scripted([]), Retriever)
