"""English words written as their Danish cognates, kept only where the corpus uses them."""

from __future__ import annotations

import pytest

from assistant.cognates import english_cognates
from assistant.evidence import TermStats, key_terms
from assistant.query import GLOSSARY, expand_english
from assistant.text import stem
from assistant.types import Chunk

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("combinations", "kombination"),
        ("psychiatric", "psykiatrisk"),
        ("psychiatry", "psykiatri"),
        ("strategies", "strategi"),
        ("coordination", "koordinering"),
        ("quality", "kvalitet"),
        ("chronic", "kronisk"),
        ("professional", "professionel"),
        ("principles", "princip"),
        ("specialised", "specialisere"),
        ("contract", "kontrakt"),
        ("phases", "fase"),
    ],
)
def test_regular_spellings_and_suffixes_give_the_danish_cognate(english, danish):
    assert danish in english_cognates(english)


@pytest.mark.parametrize("word", ["the", "flat", "ICM", "støtte", "2019", "co-op"])
def test_short_non_english_or_non_words_give_no_cognates(word):
    assert english_cognates(word) == ()


def _chunk(text: str) -> Chunk:
    return Chunk(id="c", source="d.txt", title="D", page=1, section=None, start=0, end=len(text), text=text)


def test_a_cognate_the_corpus_uses_is_a_known_alternative_of_the_english_term():
    stats = TermStats([_chunk("Der er tre kombinationer af metoder i indsatsen.")])
    (term,) = [t for t in key_terms("which combinations are there?", stats, glossary=GLOSSARY) if t.word == "combinations"]
    assert stem("kombinationer") in term.alts and not term.unknown


def test_a_cognate_the_corpus_does_not_use_is_no_alternative():
    stats = TermStats([_chunk("Der er tre metoder i indsatsen.")])
    terms = {t.word: t for t in key_terms("which combinations are there?", stats, glossary=GLOSSARY)}
    assert "combinations" not in terms or terms["combinations"].alts == {stem("combinations")}


def test_english_search_text_gains_the_cognates_the_corpus_knows():
    known = {"kombination", "kvalitet"}.__contains__  # "municipality" is in the glossary: "kommune"
    assert expand_english("which combinations and what quality and which municipality", known) == (
        "which combinations and what quality and which municipality kommune kombination kvalitet"
    )


def test_a_two_word_glossary_phrase_is_one_term():
    stats = TermStats([_chunk("ICM er målrettet borgere med behov for længerevarende støtte.")])
    terms = {t.word: t for t in key_terms("what kind of citizens is ICM meant for?", stats, glossary=GLOSSARY)}
    assert stem("målrettet") in terms["meant for"].alts
