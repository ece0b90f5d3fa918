"""Compound splitting against the corpus vocabulary."""

from __future__ import annotations

import pytest

from assistant.retrieval.compounds import CompoundSplitter

pytestmark = pytest.mark.unit

VOCAB = [
    "bostøtte",
    "medarbejder",
    "medarbejdere",
    "implementering",
    "proces",
    "processen",
    "samarbejde",
    "modellen",
    "netværk",
    "møder",
    "ungdom",
    "boliger",
    "hjem",
    "fjerdedels",
    "reglen",
    "arbejder",
]


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    return CompoundSplitter.from_tokens(VOCAB, min_part=4)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("bostøttemedarbejder", ("bostøtte", "medarbejder")),
        ("bostøttemedarbejdere", ("bostøtte", "medarbejdere")),
        ("implementeringsproces", ("implementering", "proces")),  # linking -s-
        ("implementeringsprocessen", ("implementering", "processen")),
        ("samarbejdsmodellen", ("samarbejde", "modellen")),  # dropped -e before linking -s-
        ("netværksmøder", ("netværk", "møder")),
        ("ungdomsboliger", ("ungdom", "boliger")),
        ("fjerdedelsreglen", ("fjerdedels", "reglen")),
        ("bostøttemedarbejderimplementering", ("bostøtte", "medarbejder", "implementering")),
    ],
)
def test_splits(splitter: CompoundSplitter, word: str, parts: tuple[str, ...]) -> None:
    assert splitter.split(word) == parts


@pytest.mark.parametrize(
    "word",
    [
        "medarbejder",  # "med" is too short (and a stopword): not a compound
        "bostøtte",  # a known word with no known parts
        "hjemløshed",  # "løshed" is not a known word
        "cti",
        "§110",
        "bostøtte2020",
    ],
)
def test_non_compounds_stay_whole(splitter: CompoundSplitter, word: str) -> None:
    assert splitter.split(word) == ()


def test_stopwords_and_short_tokens_are_not_vocabulary() -> None:
    s = CompoundSplitter.from_tokens(["med", "og", "under", "støtte", "1234"], min_part=4)
    assert dict(s.counts) == {"støtte": 1}


def test_frequency_breaks_ties_between_equally_short_splits() -> None:
    # "bostøttemedarbejder" could be bostøtte+medarbejder or bost+øttemedarbejder-like splits;
    # with two two-part options the more frequent parts win.
    s = CompoundSplitter.from_tokens(["abcd", "efghij", "abcde", "fghij", "abcde", "fghij"], min_part=4)
    assert s.split("abcdefghij") == ("abcde", "fghij")
