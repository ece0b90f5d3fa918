"""Danish analysis: tokens, stems, stopwords, exact tokens and compound parts."""

from __future__ import annotations

import pytest

from assistant.retrieval.analysis import Analyzer, content_words, normalize_term
from assistant.retrieval.compounds import CompoundSplitter

pytestmark = pytest.mark.unit

VOCAB = ["bostøtte", "medarbejder", "implementering", "proces", "samarbejde", "model", "netværk", "møder"]


def test_content_words_keep_danish_letters_paragraphs_acronyms_and_numbers() -> None:
    assert content_words("Bostøttemedarbejderen på § 110-boformen har CTI, ICM og ACT i 9 måneder") == [
        "bostøttemedarbejderen",
        "§110",
        "boformen",
        "cti",
        "icm",
        "act",
        "9",
        "måneder",
    ]


def test_question_words_and_stopwords_are_dropped() -> None:
    assert content_words("Hvilke borgere kan man hjælpe, og hvordan gør man det?") == ["borgere", "hjælpe"]


def test_hyphenated_method_compound_splits_at_hyphen() -> None:
    assert content_words("CTI-medarbejder") == ["cti", "medarbejder"]


@pytest.mark.parametrize(
    ("token", "term"),
    [
        ("§110", "§110"),
        ("10", "10"),
        ("3-4", "3-4"),
        ("cti", "cti"),
        ("medarbejderen", "medarbejd"),
        ("måneder", "måned"),
    ],
)
def test_exact_tokens_are_not_stemmed(token: str, term: str) -> None:
    assert normalize_term(token) == term


def test_paragraph_with_space_becomes_one_exact_term() -> None:
    a = Analyzer()
    assert a.terms("efter serviceloven § 110") == [("servicelov", 1.0), ("§110", 1.0)]
    assert a.terms("§110") == [("§110", 1.0)]


def test_compound_yields_whole_word_and_parts() -> None:
    a = Analyzer(CompoundSplitter.from_tokens(VOCAB), part_weight=0.5)
    assert a.terms("bostøttemedarbejder") == [
        ("bostøttemedarbejd", 1.0),
        ("bostøt", 0.5),
        ("medarbejd", 0.5),
    ]


def test_exact_tokens_are_never_split() -> None:
    a = Analyzer(CompoundSplitter.from_tokens(VOCAB + ["cti"]))
    assert a.terms("CTI-medarbejder § 110") == [("cti", 1.0), ("medarbejd", 1.0), ("§110", 1.0)]


def test_query_terms_keep_highest_weight() -> None:
    a = Analyzer(CompoundSplitter.from_tokens(VOCAB), part_weight=0.5)
    assert a.query_terms("bostøttemedarbejder og medarbejder") == {
        "bostøttemedarbejd": 1.0,
        "bostøt": 0.5,
        "medarbejd": 1.0,
    }


def test_no_splitter_means_no_parts() -> None:
    assert Analyzer(None).terms("bostøttemedarbejder") == [("bostøttemedarbejd", 1.0)]


def test_fast_tokenizer_equals_shared_tokenizer_on_the_corpus() -> None:
    from assistant.retrieval.analysis import fast_tokenize
    from assistant.settings import PROJECT_ROOT
    from assistant.text import tokenize

    samples = ["§ 110", "§110-boformer", "§  85a og § 59, stk. 3", "Ca. 11,7 måneder; 3-4 mdr.", "ÆØÅ æøå"]
    for text in samples:
        assert fast_tokenize(text) == tokenize(text), text
    for path in sorted((PROJECT_ROOT / "corpus" / "documents").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert fast_tokenize(text) == tokenize(text), path.name
