import pytest

from assistant.numbers import conflicting_premises, numbers_with_units
from assistant.spans import find_span, normalized_with_map
from assistant.text import normalize_for_match

pytestmark = pytest.mark.unit


def test_find_span_is_verbatim_across_hyphen_breaks():
    text = "har en bostøttemedarbejder som gennemgående fi- gur, og som er afgrænset til ni måneder."
    start, end = find_span(text, "gennemgående figur, og som er afgrænset")
    assert text[start:end] == "gennemgående fi- gur, og som er afgrænset"


def test_find_span_folds_whitespace_and_misses_cleanly():
    text = "tre faser á tre\n måneders   varighed"
    start, end = find_span(text, "tre måneders varighed")
    assert text[start:end] == "tre\n måneders   varighed"
    assert find_span(text, "tolv måneder") is None
    assert find_span(text, "   ") is None


def test_normalized_map_agrees_with_normalize_for_match():
    text = "  fi- gur\n\nog  tids- begrænset "
    norm, idx = normalized_with_map(text)
    assert norm == normalize_for_match(text) == "figur og tidsbegrænset"
    assert len(idx) == len(norm)


def test_numbers_with_units():
    assert numbers_with_units("afgrænset til ni måneder, max 10 borgere, tre faser") == {
        (9.0, "måned"),
        (10.0, "borger"),
        (3.0, "fase"),
    }
    assert numbers_with_units("servicelovens § 110 og år 2018") == set()


def test_conflicting_premises():
    assert conflicting_premises("Hvorfor er CTI-forløb 12 måneder?", "afgrænset til ni måneder") == [(12.0, "måned")]
    assert conflicting_premises("Er CTI 9 måneder?", "afgrænset til ni måneder") == []
    assert conflicting_premises("Hvorfor 12 måneder?", "ingen tal her") == []
