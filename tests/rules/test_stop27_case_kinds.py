"""Case-note kinds found by the blind case set JJ of stop 27, each tested as a kind with
several phrasings: the exact verdict the rules give, or the exact fact the reader takes."""

from __future__ import annotations

import pytest

from assistant.rules.engine import detect_topics, evaluate
from assistant.rules.extract import extract_profile
from assistant.rules.quantities import caseload_count, months_since_move, share_count
from assistant.rules.semantic import SemanticSlots

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text,count",
    [
        # one worker's share of a split load
        ("vi er 2 cti medarbejdere om de 12 borgere der er i forløb, fordelt ligeligt, saa bente har halvdelen. "
         "hun vil gerne tage en mere ind", 7),
        ("vi er 3 om de 21 borgere, fordelt ligeligt. kan Ole tage en mere?", 8),
        ("we split our 20 clients evenly between 3 workers", 7),
        ("Anne har halvdelen af de 16 borgere i teamet", 8),
        # people leaving the load
        ("Jonas (ICM) har 10 borgere pt, men 2 af dem flytter ud af kommunen til 1. november", 8),
        ("Mette (ICM) har 7 borgere og en af dem stopper i næste uge, men hun får 2 nye", 8),
        ("Ali has 9 clients, two of them are moving out next month", 7),
        # … unless the question asks about the load now
        ("Maria works with CTI and has 11 citizens. Two of them finish their nine months in January. "
         "Is her caseload ok at the moment?", 11),
        ("Jonas (ICM) har 10 borgere, 2 af dem stopper snart. Er det ok lige nu?", 10),
        # a number said twice is counted once
        ("Pia kører CTI, 9 borgere + 1 on the way fra forsorgshjemmet", 10),
        ("Mette (ICM) har 7 borgere, hun får 2 nye på mandag", 9),
    ],
)
def test_caseload_after_shares_departures_and_arrivals(text, count):
    assert caseload_count(text) == count


def test_a_share_needs_a_fraction_or_an_even_split():
    assert share_count("vi har 12 borgere i teamet") is None
    assert share_count("de 12 borgere er fordelt ligeligt") is None  # how many share them is not said


@pytest.mark.parametrize(
    "text,ok,limit",
    [
        ("Jonas (ICM) har 10 borgere pt, jeg ved godt det er over, men 2 af dem flytter ud af kommunen til "
         "1. november. Er hans caseload så i orden derefter?", True, 8),
        ("Pia kører CTI, 9 borgere + 1 on the way fra forsorgshjemmet = ok eller over?", True, 10),
    ],
)
def test_caseload_verdicts_after_departures_and_double_mentions(text, ok, limit):
    v = [v for v in evaluate(text) if v.rule.startswith("caseload.")]
    assert [(v[0].caseload_ok, v[0].limit)] == [(ok, limit)]


@pytest.mark.parametrize(
    "text,slot,value",
    [
        ("borger skal bare have hjælp i overgangen, klarer sig ellers fint med de almindelige tilbud", "support_ability", "high"),
        ("han klarer sig egentlig godt selv", "support_ability", "high"),
        ("He can use the jobcentre and his GP to some degree if someone coordinates for him", "support_ability", "some"),
        ("she uses the ordinary services to a certain extent", "support_ability", "some"),
        ("vi tror hun kan klare sig selv med UU og jobcentret efter en periode med støtte", "support_need", "short"),
        ("we think he can manage on his own after a short period of support", "support_need", "short"),
    ],
)
def test_soft_facts_in_everyday_words(text, slot, value):
    assert getattr(extract_profile(text), slot) == value


def test_a_negated_ability_is_no_high_degree():
    assert extract_profile("han klarer sig ikke særlig godt med de almindelige tilbud").support_ability != "high"


def test_what_a_sentence_tells_before_its_question_is_read():
    text = "borger skal egentlig bare have hjælp i overgangen, klarer sig ellers fint med de almindelige tilbud – CTI eller ICM?"
    assert "klarer sig ellers fint med de almindelige tilbud" in SemanticSlots.clauses(text)
    assert SemanticSlots.clauses("Hvilken bostøttemetode passer til ham?") == []


@pytest.mark.parametrize(
    "text,months",
    [
        ("Han har været i CTI siden 1. marts og nu skriver vi 20/7. hvad fase er han i?", 4.6),
        ("vi skriver i dag den 3. maj, hun flyttede ind 1. februar", 3.0),
    ],
)
def test_today_said_as_the_date_we_write(text, months):
    assert months_since_move(text) == months


@pytest.mark.parametrize(
    "text",
    [
        "hun startede i CTI engang i foråret – hvor langt er hun så nu, fase 2 eller 3?",
        "er han i fase 1 eller 2 nu?",
        "is she in phase two or three?",
    ],
)
def test_two_phases_offered_ask_the_phase(text):
    assert "phase" in detect_topics(text)


def test_a_vague_start_of_cti_asks_the_months():
    text = "hun startede i CTI engang i foråret – hvor langt er hun så nu, fase 2 eller 3?"
    v = [v for v in evaluate(text) if v.rule == "phase.cti"]
    assert [x.missing for x in v] == [("months_in_cti",)]


@pytest.mark.parametrize(
    "text",
    [
        "Vi har en 18-årig i risiko for hjemløshed – hun bor stadig hos sin mor. Kan hun starte i samarbejdsmodellen nu, "
        "eller skal hun have en bolig først?",
        "En 20-årig i risiko for hjemløshed. Kan han begynde i samarbejdsmodellen med det samme?",
    ],
)
def test_samarbejdsmodellen_starts_without_a_home(text):
    v = [v for v in evaluate(text) if v.rule.startswith("start.")]
    assert [(x.rule, x.can_start_now, x.with_samarbejdsmodellen) for x in v] == [
        ("start.samarbejdsmodellen", True, True)
    ]


def test_bostotte_beside_samarbejdsmodellen_still_asks_which_method():
    v = [v for v in evaluate("Hun er visiteret til bostøtte og Samarbejdsmodellen og er hjemløs. Kan bostøtten starte nu?")
         if v.rule.startswith("start")]
    assert [x.missing for x in v] == [("method",)]


@pytest.mark.parametrize(
    "text",
    [
        "Borger på forsorgshjemmet, hjemløs, skal have langvarig støtte og kan godt bruge det almindelige system med "
        "lidt hjælp. Skal vi koble samarbejdsmodellen på ICM-forløbet?",
        "Should we add the Samarbejdsmodel to his CTI? He is homeless and needs help in the transition.",
    ],
)
def test_samarbejdsmodellen_for_someone_of_unknown_age_asks_the_age(text):
    v = [v for v in evaluate(text) if v.rule == "samarbejdsmodellen.membership"]
    assert [x.missing for x in v] == [("young",)]


def test_someone_already_in_samarbejdsmodellen_needs_no_age():
    v = [v for v in evaluate("kan vi starte cti for mads nu? han er visiteret til samarbejdsmodellen med cti")
         if v.rule == "samarbejdsmodellen.membership"]
    assert [(x.missing, x.with_samarbejdsmodellen) for x in v] == [((), True)]


def test_cannabis_in_slang_is_a_risk_factor():
    text = ("18-year-old guy, still living in his own small flat, but he's dropped out of school, smokes a lot of weed. "
            "He doesn't really need practical support at home. Which combination from the youth guide fits him?")
    v = [v for v in evaluate(text) if v.rule == "method.youth"]
    assert [(x.method, x.with_samarbejdsmodellen) for x in v] == [("SAMARBEJDSMODELLEN", True)]


@pytest.mark.parametrize(
    "text",
    [
        "18-årig visiteret til CTI og samarbejdsmodellen. Hvem styrer netværksmøderne og hvor tit skal de holdes?",
        "the network meetings - how often do we have to hold them?",
    ],
)
def test_meetings_named_before_how_often(text):
    assert "meetings" in detect_topics(text)


@pytest.mark.parametrize(
    "text",
    [
        "kan vores nye unge starte i bostøtte med det samme? han er lige blevet visiteret og bor stadig på herberget",
        "can our new young person start in housing support right away?",
    ],
)
def test_a_start_without_the_method_asks_the_method(text):
    v = [v for v in evaluate(text) if v.rule.startswith("start")]
    assert [x.missing for x in v] == [("method",)]
