"""The flat filter language: Python matching and the Chroma translation agree."""

from __future__ import annotations

import pytest

from assistant.errors import RetrievalError
from assistant.retrieval.filters import matches, to_chroma_where

from .helpers import make_chunk

pytestmark = pytest.mark.unit

GUIDE = make_chunk("g", "tekst", source="001_a87d09dcf945fd35.txt", kind="guide", year=2019)
NEWS = make_chunk("n", "tekst", source="000_b7118d7c53b07453.txt", kind="news", year=2014)
UNDATED = make_chunk("u", "tekst", source="004_d50f6f41890c1f33.txt", kind="web page", year=None, page=None)
ALL = [GUIDE, NEWS, UNDATED]


def ids(where: dict | None) -> list[str]:
    return [c.id for c in ALL if matches(where, c)]


def test_no_filter_matches_everything() -> None:
    assert ids(None) == ["g", "n", "u"]
    assert ids({}) == ["g", "n", "u"]


def test_equality_on_source_kind_year() -> None:
    assert ids({"source": "000_b7118d7c53b07453.txt"}) == ["n"]
    assert ids({"kind": "guide"}) == ["g"]
    assert ids({"year": 2014}) == ["n"]
    assert ids({"year": 2015}) == []


def test_in_operator() -> None:
    assert ids({"kind": {"$in": ["news", "web page"]}}) == ["n", "u"]
    assert ids({"year": {"$in": [2014, 2019]}}) == ["g", "n"]


def test_several_keys_mean_and() -> None:
    assert ids({"kind": {"$in": ["guide", "news"]}, "year": 2014}) == ["n"]
    assert ids({"kind": "guide", "year": 2014}) == []


def test_missing_year_and_page_compare_like_chroma() -> None:
    # Chroma stores None as -1; a filter on -1 finds the undated document on both sides.
    assert ids({"year": -1}) == ["u"]
    assert ids({"page": -1}) == ["u"]


def test_bool_is_not_int() -> None:
    low = make_chunk("l", "x", low_value=True)
    assert matches({"low_value": True}, low)
    assert not matches({"low_value": 1}, low)


def test_chroma_translation() -> None:
    assert to_chroma_where(None) is None
    assert to_chroma_where({}) is None
    assert to_chroma_where({"source": "a.txt"}) == {"source": {"$eq": "a.txt"}}
    assert to_chroma_where({"kind": {"$in": ["guide", "news"]}}) == {"kind": {"$in": ["guide", "news"]}}
    assert to_chroma_where({"year": 2018, "kind": "guide"}) == {
        "$and": [{"kind": {"$eq": "guide"}}, {"year": {"$eq": 2018}}]
    }


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (
            {"forfatter": "x"},
            "Ukendt filterfelt 'forfatter'; brug et af: source, title, kind, year, page, section, low_value.",
        ),
        ({"kind": {"$nin": ["x"]}}, "Ukendt filteroperator '$nin' for 'kind'; brug en af: $eq, $in."),
        ({"kind": {"$in": []}}, "$in for 'kind' skal være en ikke-tom liste af værdier (fik [])."),
        ({"kind": {"$in": "guide"}}, "$in for 'kind' skal være en ikke-tom liste af værdier (fik 'guide')."),
        ({"year": [2018]}, "Filterværdien for 'year' skal være tekst, tal eller sand/falsk (fik [2018])."),
        (
            {"kind": {"$eq": "a", "$in": ["b"]}},
            "Filteret for 'kind' skal have præcis én operator ($eq, $in).",
        ),
        ("kind=guide", "Et filter skal være en ordbog som {'kind': 'guide'} (fik 'kind=guide')."),
    ],
)
def test_bad_filters_name_the_problem(where: object, message: str) -> None:
    with pytest.raises(RetrievalError) as err:
        matches(where, GUIDE)  # type: ignore[arg-type]
    assert str(err.value) == message
    with pytest.raises(RetrievalError):
        to_chroma_where(where)  # type: ignore[arg-type]
