"""Kinds of questions staff type, answered from the shipped manuals with the real embedder.

Each test stands for a kind, with phrasings of that kind: how the answer should be shaped is no
topic; an everyday "hvem er X til" asks for a target group; a question that asks two things gets
a sentence for each; a comparison gets a sentence about each side on its own; everyday words
reach the manuals' words for the same thing.
"""

from __future__ import annotations

import re

import pytest

from assistant import Assistant
from assistant.query import question_parts, strip_answer_format, with_idiom_terms

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(real_index_settings):
    return Assistant.load(real_index_settings)


def _quotes(ans) -> list[str]:
    return [c.quote for c in ans.citations]


@pytest.mark.parametrize(
    "question,plain",
    [
        ("forskel paa cti og icm?? kort tak, i punktform", "forskel paa cti og icm??"),
        ("hvad er de otte principper i housing first, gerne i stikord", "hvad er de otte principper i housing first"),
        ("kort: hvad er ACT?", "hvad er ACT?"),
        ("what is ICM, briefly?", "what is ICM?"),
    ],
)
def test_how_the_answer_should_be_shaped_is_no_topic(assistant, question, plain):
    assert strip_answer_format(question) == plain
    assert _quotes(assistant.answer(question)) == _quotes(assistant.answer(plain))


def test_a_short_support_question_keeps_its_words():
    assert strip_answer_format("Hvad er kort støtte?") == "Hvad er kort støtte?"


@pytest.mark.parametrize(
    "question,marked",
    [
        ("hvem er skæve boliger egentlig tænkt til?", True),
        ("hvilken slags borgere er ACT lavet til", True),
        ("Who is ICM for?", True),
        ("hvem er ICM til og hvem er ACT til?", True),
        ("hvem bestemmer om kommunen bruger fjerdedelsreglen?", False),
        ("hvem har ansvaret for koordineringen", False),
        ("Hvad er målgruppen for ACT?", False),  # already says it
    ],
)
def test_everyday_target_group_questions_are_marked(question, marked):
    assert with_idiom_terms(question).endswith("(målgruppe)") is marked


# The manuals state a target group in these ways.
TARGET_GROUP = ("målrettet", "Målgruppe", "udviklet til borgere", "egnet til borgere")


@pytest.mark.parametrize("question", ["hvem er ACT egentlig til?", "hvilken slags borgere er ICM lavet til", "Who is CTI for?"])
def test_a_target_group_asked_in_everyday_words_is_answered_from_the_target_group(assistant, question):
    ans = assistant.answer(question)
    assert not ans.abstained
    method = next(m for m in ("ACT", "ICM", "CTI") if m in question)
    assert any(
        t in c.quote and method in c.quote + (c.section or "") for c in ans.citations for t in TARGET_GROUP
    ), ans.answer


def test_question_parts():
    assert question_parts("er icm også tidsbegrænset? og hvornår stopper det så") == [
        "er icm også tidsbegrænset?",
        "og hvornår stopper det så",
    ]
    assert question_parts("hvornår kørte den første hjemløsestrategi og hvor mange penge var der sat af?") == [
        "hvornår kørte den første hjemløsestrategi",
        "hvor mange penge var der sat af?",
    ]
    assert question_parts("Hvad er forskellen på CTI og ICM?") == ["Hvad er forskellen på CTI og ICM?"]
    # a preposition before the second question word
    assert question_parts("How much money went into the strategy, and over which years?") == [
        "How much money went into the strategy",
        "over which years?",
    ]
    # an abbreviation's dot ends no question
    assert question_parts("hvor stor en andel kunne blive boende iflg. Randers erfaringer?") == [
        "hvor stor en andel kunne blive boende iflg. Randers erfaringer?"
    ]
    assert question_parts("hvor mange penge blev der afsat og i hvilken periode?") == [
        "hvor mange penge blev der afsat",
        "i hvilken periode?",
    ]


@pytest.mark.parametrize(
    "question,expected",
    [
        (
            "hvornaar korte den forste hjemlosestrategi og hvor mange penge var der sat af?",
            ["som løber fra 2009 til 2012", "afsat ca. 500 millioner kroner"],
        ),
        (
            "hvor mange timer bruger en myndighedskoordinator pr ung, og hvor mange unge skal vi have for at det er "
            "en fuld stilling?",
            ["56 timer pr. ung", "29 unge"],
        ),
    ],
)
def test_a_question_that_asks_two_things_gets_both(assistant, question, expected):
    ans = assistant.answer(question)
    assert not ans.abstained and not ans.verdicts, ans.answer
    cited = " ".join(_quotes(ans))
    assert all(e in cited for e in expected), ans.answer


def test_a_comparison_gets_a_sentence_about_each_side_alone(assistant):
    ans = assistant.answer("forskel paa cti og icm?")
    quotes = _quotes(ans)
    only_cti = [q for q in quotes if "CTI" in q and "ICM" not in q]
    only_icm = [q for q in quotes if "ICM" in q and "CTI" not in q]
    assert only_cti and only_icm, ans.answer


@pytest.mark.parametrize(
    "question,expected",
    [
        # the second phase's own description ("CTI-medarbejderen har fortsat tæt kontakt …")
        ("hvad er det man laver i den midterste fase af cti?", "fortsat tæt kontakt"),
        ("er det politikerne der bestemmer om kommunen bruger fjerdedelsreglen?", "Kommunalbestyrelsen beslutter"),
        ("tæller sofasurfere med som hjemløse?", "midlertidigt"),
        # a particle verb said apart ("gå over til") is the manuals' compound ("overgå til")
        ("hva kan borgern gå over til når han ikke har brug for icm mere", "overgå til mindre intensiv støtte"),
        # a cut-down version of a method is the manuals' "modificeret"; catching people is "opsporing"
        (
            "vi er en lille kommune, vi har hverken borgere nok eller en psykiater til et fuldt ACT team. findes der "
            "en light-version som andre har brugt?",
            "’modificeret’ ACT-indsats",
        ),
        (
            "hvad gjorde ballerup for at fange de unge der var ved at blive sat ud af deres bolig?",
            "sende bostøtte ud til disse unge",
        ),
        ("er det forvaltningen der bestemmer om vi bruger fjerdedelsreglen?", "Kommunalbestyrelsen beslutter"),
    ],
)
def test_everyday_words_reach_the_manuals_words(assistant, question, expected):
    ans = assistant.answer(question)
    assert not ans.abstained, ans.answer
    assert any(expected in q for q in _quotes(ans)), ans.answer


@pytest.mark.parametrize(
    "question,items",
    [
        (
            "chefen vil vide hvad der skal til for at housing first lykkes hos os, der var vist 5 ting",
            ["fidelitet", "samspil med boligløsningerne", "kommunal ledelse", "tværfagligt samarbejde", "brobygning"],
        ),
        (
            "der var vist 4 ting der skal vaere paa plads for at man kan faa borgerne hurtigt i bolig i HF, hvilke?",
            ["Udbud af boliger", "Kulturændring", "Social bostøtte", "Borgernes motivation"],
        ),
    ],
)
def test_a_question_that_names_how_many_things_gets_the_whole_list(assistant, question, items):
    ans = assistant.answer(question)
    cited = " ".join(_quotes(ans))
    assert all(i in cited for i in items), ans.answer


PHASES = ["Fase 1: OVERGANG TIL EGEN BOLIG", "Fase 2: AFPRØVNING", "Fase 3: OVERDRAGELSE AF STØTTEN"]


@pytest.mark.parametrize(
    "question,items",
    [
        ("hvad hedder de 3 faser i cti", PHASES),
        ("wat hedder de 3 faser i cti", PHASES),  # chat spelling of "hvad"
    ],
)
def test_the_documents_own_numbered_items_answer_a_list_question(assistant, question, items):
    ans = assistant.answer(question)
    assert _quotes(ans)[: len(items)] == items, ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "tæller en ung der sover paa sofaen hos sin fætter som hjemløs?? han har ingen lejekontrakt eller noget",
        "borger sover hos sin kusine paa sofaen, ingen kontrakt. taeller han overhovedet som hjemlos?",
        "does a young person sleeping on a friend's couch count as homeless?",
    ],
)
def test_whether_a_described_person_falls_under_a_definition_is_answered_from_the_definition(assistant, question):
    ans = assistant.answer(question)
    assert not ans.verdicts and not ans.abstained, ans.answer
    assert any("uden kontrakt hos slægtninge, venner eller bekendte" in q.replace("midler tidigt", "midlertidigt")
               for q in _quotes(ans)), ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "vi skal slaa en stilling som myndighedskoordinator op, hvad skal personen kunne? uddannelse og personlighed",
        "vi skal ansaette en ny myndighedskoordinator, hvad for en uddannelse skal vedkommende helst have",
    ],
)
def test_what_a_worker_must_be_able_to_do_is_answered_from_the_competences(assistant, question):
    ans = assistant.answer(question)
    assert any("socialrådgiver" in q for q in _quotes(ans)), ans.answer


@pytest.mark.parametrize(
    "question,expected,not_expected",
    [
        # one method asked: a sentence about another method is no answer, however well it scores
        ("how long does cti last", "CTI er et afgrænset forløb på ni måneder", "ICM-forløb i gennemsnit varer 13 måneder"),
        # everyday English around the question carries no topic; a filler word before "which" still asks
        (
            "quick one - who actually sits on an ACT team? like which professions are in it",
            "psykiatere, psykologer, sygeplejersker",
            None,
        ),
        # a document word inside a compound names that document ("strategiens" ~ "Hjemløsestrategien")
        (
            "hvor laenge maa et ophold paa herberg/forsorgshjem max vare ifoelge strategiens maal for folk der er klar "
            "til at flytte i egen bolig",
            "bør ikke vare mere end 3-4 måneder",
            None,
        ),
        # "hvor tit" asks how often: the sentence with the frequency answers
        ("hvor tit mødtes styregruppen for hjemløsestrategien egentlig?", "Styregruppen mødes ca. to gange årligt", None),
    ],
)
def test_the_answer_is_about_what_was_asked(assistant, question, expected, not_expected):
    ans = assistant.answer(question)
    assert not ans.abstained, ans.answer
    quotes = _quotes(ans)
    assert any(expected in q for q in quotes), ans.answer
    assert not_expected is None or not any(not_expected in q for q in quotes), ans.answer


def test_a_comparison_keeps_sentences_about_each_method():
    from assistant.evidence import about_the_asked_method, named_methods

    assert named_methods("forskel paa cti og icm?") == {"CTI", "ICM"}
    assert named_methods("how long does the act team work with a citizen") == {"ACT"}
    # two methods, or one weighed against others: nothing is dropped
    assert about_the_asked_method("er icm bedre end cti?", ["x"]) == ["x"]  # type: ignore[list-item]


@pytest.mark.parametrize(
    "question,expected",
    [
        # "the HF brochure" picks the brochure; its sentences need not say "pjece"
        (
            "what does recovery-orientation actually mean in the HF brochure? my colleague thinks it means the person "
            "has to be cured lol",
            "kan komme sig helt eller delvist",
        ),
        (
            "Our kommune is too small for a full ACT team. Does the HF brochure say anything about a slimmed-down "
            "version and who could be in it?",
            "’modificeret’ ACT-indsats",
        ),
        # "what costs does it have to cover" asks which costs, not an amount of money
        (
            "When the kommune uses municipal housing allocation (boliganvisning), what costs does it have to cover?",
            "udgifter",
        ),
    ],
)
def test_a_document_named_by_its_kind_and_costs_asked_by_kind(assistant, question, expected):
    ans = assistant.answer(question)
    assert not ans.abstained, ans.answer
    assert any(expected in q for q in _quotes(ans)), ans.answer


def test_a_year_that_names_a_document_is_no_year_asked():
    from assistant.assistant import _locates_document

    assert _locates_document("which professions according to the news piece from 2014?", 2014)
    assert _locates_document("hvad står der i 2018-guiden om caseload?", 2018)
    assert not _locates_document("hvor mange hjemløse var der i 2009?", 2009)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("How long did the implementation project and the youth project from 2014 run?", True),
        ("hvornår sluttede de to projekter der blev skudt i gang i november 2014?", True),
        ("The roll-out that kicked off in November 2014 had two projects. When did they end?", True),
        ("strategien fra 2009 – hvad var målene?", True),
        # a year asked about stays asked, also beside a programme
        ("hvor mange borgere fik bostøtte i projektet i 2015?", False),
        ("how many were homeless in 2017?", False),
    ],
)
def test_a_year_that_names_a_programme_by_its_start_is_no_year_asked(question, names):
    from assistant.assistant import _locates_document

    year = int(re.search(r"\b(?:19|20)\d\d\b", question).group(0))
    assert _locates_document(question, year) is names


def test_an_amount_of_money_is_asked_only_as_an_amount():
    from assistant.disagreement import asked_unit

    assert asked_unit("hvad koster en ung i samarbejdsmodellen?") == "kr"
    assert asked_unit("how much does ICM cost per citizen?") == "kr"
    assert asked_unit("what costs does the kommune have to cover?") is None
