"""Question normalisation: æ/ø/å restored, typos tolerated, names and English left alone, the
question of a long note found. Uses the real Danish word list (wordfreq) and a small corpus
vocabulary, so each case shows the *kind* of input it stands for."""

from __future__ import annotations

import pytest

from assistant.normalize import QuestionNormalizer, clean_text, everyday_word, focus_question
from assistant.query import clean_question, prepare

pytestmark = pytest.mark.unit

CORPUS = {
    "forløb": 40, "forløbet": 30, "bostøtte": 60, "bostøttemedarbejder": 8, "målgruppen": 12,
    "hjemløse": 50, "hjemløshed": 40, "hjemløsestrategien": 9, "samarbejdsmodellen": 25, "metode": 20,
    "tværfaglige": 10, "fjerdedelsreglen": 3, "længde": 1, "boligparathed": 2, "netværksmøder": 6,
    "styregruppen": 2, "aktører": 5, "cti": 30,
}


@pytest.fixture(scope="module")
def norm() -> QuestionNormalizer:
    return QuestionNormalizer(CORPUS)


@pytest.mark.parametrize(
    "typed,expected",
    [
        # ASCII spellings of æ/ø/å: digraphs and bare vowels
        ("hvornar slutter et forlob", "hvornår slutter et forløb"),
        ("hvad er maalgruppen", "hvad er målgruppen"),
        ("hvor mange hjemlose var der", "hvor mange hjemløse var der"),
        ("gaelder fjerdedelsreglen ogsaa", "gælder fjerdedelsreglen også"),
        ("hvor tit modes styregruppen for hjemlosestrategien", "hvor tit mødes styregruppen for hjemløsestrategien"),
        ("hvilke aktorer indgar i det tvaerfaglige samarbejde", "hvilke aktører indgår i det tværfaglige samarbejde"),
        ("paa herberg naar man er klar", "på herberg når man er klar"),
        # typos against the corpus vocabulary
        ("hvad er botøtte", "hvad er bostøtte"),
        ("hvilken metde passer", "hvilken metode passer"),
        # months as staff shorten them, and "igang"
        ("projekterne blev skudt igang i nov 2014", "projekterne blev skudt i gang i november 2014"),
        ("mødet var i okt og igen i dec", "mødet var i oktober og igen i december"),
    ],
)
def test_restores_danish_letters_and_fixes_typos(norm: QuestionNormalizer, typed: str, expected: str) -> None:
    assert norm.normalize(typed).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hvad går Housing First egentlig ud på?",  # everyday words stay as typed
        "Hvor mange borgere må en CTI-medarbejder have?",
        "Bor han hos sin far?",  # "far" is a word; "får" is not clearly more likely
        "Hvilke metoder bruger Aarhus Kommune?",  # a name mid-sentence is not respelled
        # rare words no list has are kept, not "corrected" into another word ("restanne")
        "Hun har restance og har sofasurfet hos sin fætter.",
        "Hvad står forkortelsen for?",
    ],
)
def test_leaves_correct_danish_and_names_alone(norm: QuestionNormalizer, text: str) -> None:
    result = norm.normalize(text)
    assert result.text == text
    assert result.repairs == ()


def test_english_questions_are_not_respelled_as_danish(norm: QuestionNormalizer) -> None:
    q = "how long does a cti programme last and who is it for"
    assert norm.normalize(q, lang="en").text == q


def test_every_repair_is_recorded(norm: QuestionNormalizer) -> None:
    result = norm.normalize("hvornar slutter botøtte")
    assert [(r.original, r.repaired, r.kind) for r in result.repairs] == [
        ("hvornar", "hvornår", "æøå"),
        ("botøtte", "bostøtte", "spelling"),
    ]


def test_capitalised_first_word_keeps_its_capital(norm: QuestionNormalizer) -> None:
    assert norm.normalize("Hvornar slutter forlobet?").text == "Hvornår slutter forløbet?"


def test_nfkc_and_invisible_characters() -> None:
    assert clean_text("ﬂyttehjælp\u200b og CTI") == "flyttehjælp og CTI"


def test_focus_is_the_question_a_long_note_ends_with() -> None:
    note = "Borgeren er 45 år og har boet på herberg i to år. " * 12
    assert focus_question(note + "Hvor længe varer et CTI-forløb?") == "Hvor længe varer et CTI-forløb?"
    # a short question that leans on the sentence before it keeps that sentence
    assert focus_question(note + "Hun har fået en lejlighed. Hvad gør vi så?") == (
        "Hun har fået en lejlighed. Hvad gør vi så?"
    )
    assert focus_question("Hvor længe varer CTI?") == "Hvor længe varer CTI?"
    # an abbreviation's dot ends no sentence: "min. holdes" is one question
    assert focus_question("hvor mange netværksmøder skal der min. holdes om året", min_chars=0) == (
        "hvor mange netværksmøder skal der min. holdes om året"
    )
    assert focus_question("Hun har ca. 9 borgere. Hvad er grænsen for ICM?", min_chars=0) == "Hvad er grænsen for ICM?"


def test_a_paragraph_sign_is_written_as_the_manuals_write_it() -> None:
    assert clean_text("almenboligloven §59 og §§ 85") == "almenboligloven § 59 og §§ 85"


def test_a_list_keeps_one_line_per_item() -> None:
    assert clean_text("Hun har disse forløb:\n- JH\n- KL\nog en\nlang linje\n\nNyt afsnit") == (
        "Hun har disse forløb:\n- JH\n- KL og en lang linje\nNyt afsnit"
    )


def test_a_cut_note_keeps_its_question() -> None:
    note = "Baggrund om borgeren og mange aftaler. " * 300
    text, truncated = clean_question(note + "Hvor længe varer et CTI-forløb?", max_chars=2000)
    assert truncated is True
    assert len(text) <= 2000
    assert text.endswith("Hvor længe varer et CTI-forløb?")
    assert text.startswith("Baggrund om borgeren")


def test_prepare_searches_with_the_repaired_focus(norm: QuestionNormalizer) -> None:
    note = "Vi har mange unge i kommunen, og jeg er ny i teamet. " * 10
    q = prepare(note + "hvornar slutter et forlob?", max_chars=8000, normalizer=norm)
    assert q.search_text == "hvornår slutter et forløb?"
    assert q.rules_text.endswith("hvornår slutter et forløb?")
    assert q.original.endswith("hvornar slutter et forlob?")  # the user's text is kept as typed


@pytest.mark.parametrize("word", ["egentlig", "faktisk", "job", "delt", "kørte"])
def test_everyday_words_are_recognised(word: str) -> None:
    assert everyday_word(4.0)(word) is True


@pytest.mark.parametrize("word", ["husfredskrænkelse", "naloxon", "boligsikring"])
def test_rare_words_are_not_everyday(word: str) -> None:
    assert everyday_word(4.0)(word) is False


@pytest.mark.parametrize(
    "typed,expected",
    [
        # a typo of an everyday word the manuals do not use: repaired against wordfreq's Danish list
        ("hvad gaar fjerdedelsreglen egntlig ud på", "hvad går fjerdedelsreglen egentlig ud på"),
        ("hvad er egenltig ACT", "hvad er egentlig ACT"),
    ],
)
def test_a_typo_of_an_everyday_word_is_repaired(typed: str, expected: str) -> None:
    assert QuestionNormalizer(CORPUS).normalize(typed).text == expected


def test_rare_words_no_list_has_stay_unrepaired() -> None:
    text = "hvad siger loven om naloxon og husfredskrænkelse"
    assert QuestionNormalizer(CORPUS).normalize(text).text == text


def test_a_typo_that_splits_into_a_word_and_a_function_word_is_no_compound() -> None:
    # "metder" is not "met" + "der": a compound's head is a content word ("ungehus" = unge + hus stays)
    corpus = dict(CORPUS, metoder=25)
    norm = QuestionNormalizer(corpus)
    assert norm.normalize("hvilke bostøtte metder valgte Randers at bruge?").text == (
        "hvilke bostøtte metoder valgte Randers at bruge?"
    )
    assert norm.normalize("hvad er et ungehus").text == "hvad er et ungehus"
