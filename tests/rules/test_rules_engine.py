# ruff: noqa: E501  (exact expected Danish texts are kept on one line each)
"""The engine: boundaries, method branches, start, missing slots, contradictions, text mode."""

from __future__ import annotations

import pytest

from assistant.rules import CaseProfile, detect_topics, evaluate
from assistant.types import Verdict

pytestmark = pytest.mark.unit


def one(profile_or_text, **kw) -> Verdict:
    verdicts = evaluate(profile_or_text, **kw)
    assert len(verdicts) == 1, verdicts
    return verdicts[0]


# ------------------------------------------------------------------ caseload boundaries
@pytest.mark.parametrize(
    ("role", "n", "rule", "limit", "ok"),
    [
        ("CTI", 10, "caseload.cti", 10, True),
        ("CTI", 11, "caseload.cti", 10, False),
        ("ICM", 8, "caseload.icm", 8, True),
        ("ICM", 9, "caseload.icm", 8, False),
        ("ACT", 8, "caseload.act", 8, True),
        ("ACT", 9, "caseload.act", 8, False),
        ("MYNDIGHEDSKOORDINATOR", 20, "caseload.myndighedskoordinator", 20, True),
        ("MYNDIGHEDSKOORDINATOR", 21, "caseload.myndighedskoordinator", 20, False),
        ("ICM", 0, "caseload.icm", 8, True),
    ],
)
def test_caseload_boundaries(role, n, rule, limit, ok) -> None:
    v = one(CaseProfile(caseload_role=role, caseload=n))
    assert (v.rule, v.limit, v.caseload_ok, v.missing, v.question) == (rule, limit, ok, (), None)


def test_myndighedskoordinator_is_worded_as_a_recommendation() -> None:
    over = one(CaseProfile(caseload_role="MYNDIGHEDSKOORDINATOR", caseload=21))
    assert over.explanation == (
        "En myndighedskoordinator med 21 unge ligger 1 over de ca. 20 unge, som erfaringen fra Ungeprojektet "
        "anbefaler. Det er en anbefaling ud fra erfaring og ikke et metodekrav – der er ikke fastsat krav til "
        "caseload for en myndighedskoordinator – men overvej, om der er tid til at koordinere fleksibelt og "
        "intensivt for hver ung."
    )
    within = one(CaseProfile(caseload_role="MYNDIGHEDSKOORDINATOR", caseload=20))
    assert "anbefaling ud fra erfaring og ikke et metodekrav" in within.explanation
    assert within.citations[0].page == 21


def test_caseload_question_without_number_states_the_limit() -> None:
    v = one("Hvor mange borgere må en ICM-medarbejder have?")
    assert (v.rule, v.method, v.limit, v.caseload_ok, v.missing, v.question) == (
        "caseload.icm",
        "ICM",
        8,
        None,
        (),
        None,
    )
    assert v.explanation.startswith("En ICM-medarbejder må højst have 8 borgere ad gangen")


def test_caseload_from_text_digits_and_words() -> None:
    assert one("en ICM-medarbejder har 11 borgere – er det ok?").caseload_ok is False
    assert one("En CTI-medarbejder har ti borgere. Er det for mange?").caseload_ok is True
    assert one("Vores CTI-medarbejder har elleve borgere, er det ok?").caseload_ok is False
    assert one("An ACT worker has 9 clients. Is that too many?").caseload_ok is False


def test_caseload_without_role_asks_for_it() -> None:
    v = one("En medarbejder har 9 borgere – er det ok?")
    assert (v.rule, v.missing, v.question) == (
        "caseload",
        ("caseload_role",),
        "Hvilken funktion har medarbejderen?",
    )
    assert v.options == ("CTI-medarbejder", "ICM-medarbejder", "ACT-medarbejder", "Myndighedskoordinator")
    assert v.caseload_ok is None and v.limit is None


# ------------------------------------------------------------------ CTI phases
@pytest.mark.parametrize(
    ("months", "phase"),
    [(0, 1), (2.9, 1), (3, 2), (5.9, 2), (6, 3), (8.9, 3), (9, None), (10, None)],
)
def test_cti_phase_boundaries(months, phase) -> None:
    v = one(CaseProfile(months_in_cti=months))
    assert (v.rule, v.method, v.cti_phase, v.missing) == ("phase.cti", "CTI", phase, ())


def test_phase_explanation_states_the_convention() -> None:
    v = one("Borgeren er 5 måneder inde i CTI – hvilken fase?")
    assert v.explanation == (
        "5 måneder inde i CTI-forløbet svarer til fase 2 (afprøvning), og der er cirka 4 måneder tilbage af "
        "forløbet. CTI er afgrænset til ni måneder i tre "
        "faser á tre måneders varighed; den anden fase indledes efter cirka tre måneder og den tredje efter "
        "cirka seks måneder. Metodeguiden bruger faste grænser: fra 0 til under 3 måneder er fase 1, fra 3 til "
        "under 6 fase 2, fra 6 til under 9 fase 3 – præcis 3 eller 6 måneder hører altså til den næste fase. "
        "Månederne regnes fra indflytningen i egen bolig, dvs. fra borgeren flytter ud af boformen."
    )


def test_after_nine_months_the_course_ends_with_bridge_building() -> None:
    v = one(CaseProfile(months_in_cti=10))
    assert v.cti_phase is None
    assert v.explanation.startswith("10 måneder inde i CTI-forløbet er ud over de 9 måneder")
    assert "brobygning til anden støtte, fx almindelig § 85-bostøtte" in v.explanation
    assert any("§ 85-bostøtte" in c.quote for c in v.citations)


def test_phase_question_without_months_asks() -> None:
    v = one("Hvilken fase er borgeren i?")
    assert (v.rule, v.missing, v.cti_phase) == ("phase.cti", ("months_in_cti",), None)
    assert v.question == (
        "Hvor mange måneder er der gået, siden borgeren flyttede i egen bolig og CTI-forløbet begyndte?"
    )


def test_icm_has_no_phases() -> None:
    v = one("Borgeren er 5 måneder inde i ICM-forløbet. Hvilken fase er hun i?")
    assert (v.rule, v.method, v.cti_phase) == ("phase.icm", "ICM", None)


# ------------------------------------------------------------------ method choice
ADULT = dict(young=False)
YOUTH = dict(young=True)


@pytest.mark.parametrize(
    ("profile", "rule", "method", "with_sm"),
    [
        # adults (001, 000)
        (CaseProfile(**ADULT, support_ability="high", support_need="short"), "method.adult", "CTI", False),
        (CaseProfile(**ADULT, support_ability="some", support_need="long"), "method.adult", "ICM", False),
        (CaseProfile(**ADULT, support_ability="high", support_need="long"), "method.adult", "ICM", False),
        (
            CaseProfile(**ADULT, support_ability="low", complex_needs=True, treatment_need=True),
            "method.adult",
            "ACT",
            False,
        ),
        (CaseProfile(age=45, support_ability="low"), "method.adult", "ACT", False),
        # youth (003 p. 11)
        (
            CaseProfile(**YOUTH, housing_situation="at_risk", support_need="none"),
            "method.youth",
            "SAMARBEJDSMODELLEN",
            True,
        ),
        (
            CaseProfile(**YOUTH, housing_situation="at_risk", support_need="short"),
            "method.youth",
            "CTI",
            True,
        ),
        (
            CaseProfile(**YOUTH, housing_situation="homeless", support_need="short"),
            "method.youth",
            "CTI",
            True,
        ),
        (CaseProfile(age=22, stay="shelter", support_need="long"), "method.youth", "ICM", True),
        # ICM is for young people in homelessness (003 p. 11): at risk with bostøtte is CTI
        (
            CaseProfile(**YOUTH, housing_situation="at_risk", support_need="long"),
            "method.youth",
            "CTI",
            True,
        ),
        (CaseProfile(**YOUTH, housing_situation="at_risk", method="ICM"), "method.youth", "CTI", True),
    ],
)
def test_method_branches(profile, rule, method, with_sm) -> None:
    v = one(profile)
    assert (v.rule, v.method, v.with_samarbejdsmodellen, v.missing) == (rule, method, with_sm, ())
    assert v.explanation.startswith("Anbefaling: ")


@pytest.mark.parametrize(
    ("text", "rule", "method", "with_sm"),
    [
        (
            "Borgeren er 45 år, kan i høj grad selv bruge andre tilbud og har brug for kortvarig støtte i "
            "overgangen. Hvilken metode?",
            "method.adult",
            "CTI",
            False,
        ),
        (
            "En voksen borger kan i nogen grad bruge øvrige tilbud og har brug for langvarig støtte. CTI eller ICM?",
            "method.adult",
            "ICM",
            False,
        ),
        (
            "Borgeren har skizofreni og massivt misbrug og har svært ved at bruge det almindelige system. "
            "Hvilken indsats passer?",
            "method.adult",
            "ACT",
            False,
        ),
        (
            "CTI eller ICM til en hjemløs ung på 22, der har brug for langvarig støtte?",
            "method.youth",
            "ICM",
            True,
        ),
        (
            "En 20-årig sofasurfer har brug for kortvarig støtte i overgangen. Hvilken metode?",
            "method.youth",
            "CTI",
            True,
        ),
        (
            "Den unge er i risiko for hjemløshed og har ikke brug for bostøtte. Hvilken indsats?",
            "method.youth",
            "SAMARBEJDSMODELLEN",
            True,
        ),
        (
            "A homeless young person aged 22 needs short-term support. Which method?",
            "method.youth",
            "CTI",
            True,
        ),
    ],
)
def test_method_from_text(text, rule, method, with_sm) -> None:
    v = one(text)
    assert (v.rule, v.method, v.with_samarbejdsmodellen, v.missing) == (rule, method, with_sm, ())


def test_method_explanation_adult_icm() -> None:
    v = one(CaseProfile(young=False, support_ability="some", support_need="long"))
    assert v.explanation.startswith(
        "Anbefaling: ICM. Anbefalingen bygger på, at borgeren har brug for langvarig støtte og i nogen grad kan "
        "bruge andre tilbud. Ifølge pjecen »Udbredelse af Housing First« er ICM særligt målrettet borgere, som i "
        "nogen grad kan benytte øvrige støttemuligheder;"
    )
    # the verdict cites the general choice passage and the ICM passages only, not those of CTI or ACT
    assert [(c.source[:3], c.page, c.quote[:38]) for c in v.citations] == [
        ("001", 9, "Valg af støttemetode skal foretages in"),
        ("001", 10, "ICM er en længerevarende indsats, som "),
        ("001", 10, "Særligt målrettet borgere, som i nogen"),
        ("000", None, "Målgruppe: Socialt udsatte med behov f"),
    ]


def test_youth_without_a_matching_combination_gets_no_method() -> None:
    v = one(CaseProfile(young=True, housing_situation="housed", support_need="long"))
    assert (v.rule, v.method, v.with_samarbejdsmodellen, v.missing) == ("method.youth", None, None, ())
    assert v.explanation.startswith("Ingen af ungeguidens tre kombinationer passer entydigt")


# ------------------------------------------------------------------ missing slots
def test_missing_ability_is_asked_first_for_adults() -> None:
    v = one(CaseProfile(young=False, support_need="long"))
    assert (v.rule, v.method, v.missing) == ("method.adult", None, ("support_ability",))
    assert (
        v.question == "I hvilken grad kan borgeren selv bruge andre støttetilbud og det almindelige system?"
    )
    assert v.options == ("I høj grad", "I nogen grad", "I lav grad")


def test_high_ability_needs_the_duration() -> None:
    v = one(CaseProfile(young=False, support_ability="high"))
    assert (v.missing, v.question) == (
        ("support_need",),
        "Har borgeren brug for kortvarig støtte i en overgang eller for langvarig støtte?",
    )


def test_youth_missing_both_slots() -> None:
    v = one("CTI eller ICM til denne unge?")
    assert (v.rule, v.method, v.missing) == ("method.youth", None, ("housing_situation", "support_need"))
    assert v.question == "Er den unge i hjemløshed, i risiko for hjemløshed, eller har den unge egen bolig?"
    assert v.options == ("Hjemløs", "I risiko for hjemløshed", "Har egen bolig")
    assert v.explanation.endswith(
        "For at bruge reglen mangler oplysning om boligsituationen og støttebehovets varighed."
    )


def test_youth_missing_need_uses_the_youth_question() -> None:
    v = one(CaseProfile(age=22, housing_situation="homeless"))
    assert v.missing == ("support_need",)
    assert (
        v.question
        == "Har den unge brug for bostøtte – og i så fald kortvarig støtte i en overgang eller langvarig støtte?"
    )
    assert v.options == ("Kortvarig støtte i en overgang", "Langvarig støtte", "Ingen bostøtte")


def test_follow_up_answer_completes_the_verdict() -> None:
    from assistant.rules import extract_profile

    first = extract_profile("CTI eller ICM til en hjemløs ung på 22?")
    asked = one(first, topics=["method"])
    assert asked.missing == ("support_need",)
    merged = first.merge(extract_profile("langvarig", expecting=asked.missing[0]))
    v = one(merged, topics=["method"])
    assert (v.method, v.with_samarbejdsmodellen) == ("ICM", True)


# ------------------------------------------------------------------ start conditions
@pytest.mark.parametrize(
    ("method", "allocated", "rule", "can_start"),
    [
        ("CTI", True, "start.cti", True),
        ("CTI", False, "start.cti", False),
        ("ICM", True, "start.icm", True),
        ("ICM", False, "start.icm", True),
    ],
)
def test_start_conditions(method, allocated, rule, can_start) -> None:
    v = one(CaseProfile(method=method, housing_allocated=allocated), topics=["start"])
    assert (v.rule, v.method, v.can_start_now, v.missing) == (rule, method, can_start, ())


def test_start_from_text() -> None:
    v = one("Kan CTI starte, før der er fundet en bolig?")
    assert (v.rule, v.can_start_now) == ("start.cti", False)
    assert v.explanation.startswith(
        "CTI kan ikke starte endnu, fordi borgeren endnu ikke har fået tildelt en bolig."
    )
    assert one("Borgeren har skrevet under på lejekontrakten. Kan CTI starte nu?").can_start_now is True
    assert one("Can ICM start before housing is found?").can_start_now is True


def test_cti_start_without_housing_info_asks() -> None:
    v = one("Kan CTI starte nu?")
    assert (v.rule, v.missing, v.can_start_now) == ("start.cti", ("housing_allocated",), None)
    assert v.question == "Har borgeren fået tildelt en bolig eller skrevet under på en lejekontrakt?"
    assert v.options == ("Ja", "Nej")


def test_start_without_method_asks_for_the_method() -> None:
    v = one(CaseProfile(housing_allocated=False))
    assert (v.rule, v.missing, v.question) == ("start", ("method",), "Hvilken metode gives bostøtten efter?")


def test_recommended_method_feeds_the_start_rule() -> None:
    verdicts = evaluate(
        CaseProfile(young=False, support_ability="some", support_need="long", housing_allocated=False)
    )
    assert [(v.rule, v.method, v.can_start_now) for v in verdicts] == [
        ("method.adult", "ICM", None),
        ("start.icm", "ICM", True),
    ]


# ------------------------------------------------------------------ meetings
@pytest.mark.parametrize(("n", "ok"), [(2, False), (3, True), (4, True)])
def test_network_meetings(n, ok) -> None:
    v = one(CaseProfile(meetings_per_year=n))
    assert (v.rule, v.method, v.with_samarbejdsmodellen, v.limit) == (
        "meetings.samarbejdsmodellen",
        "SAMARBEJDSMODELLEN",
        True,
        3,
    )
    assert v.explanation.startswith(f"{n} netværksmøder om året " + ("opfylder" if ok else "er under"))


def test_meetings_question_without_number() -> None:
    v = one("Hvor mange netværksmøder skal der holdes med den unge?")
    assert (v.limit, v.missing) == (3, ())


# ------------------------------------------------------------------ contradictions
def test_contradictory_profile_gives_no_recommendation() -> None:
    v = one(
        CaseProfile(housing_situation="housed", stay="street", support_ability="some", support_need="long")
    )
    assert v.rule == "profile.contradiction"
    assert (v.method, v.with_samarbejdsmodellen, v.can_start_now, v.caseload_ok, v.cti_phase) == (None,) * 5
    assert v.missing == ("housing_situation", "stay")
    assert v.question == "Hvad er rigtigt om boligsituationen og hvor borgeren opholder sig?"
    assert v.explanation == (
        "Oplysningerne modsiger hinanden: borgeren beskrives både som en, der har egen bolig, og som en, der "
        "sover på gaden. Oplys, hvor borgeren bor nu. Reglerne giver ingen anbefaling, før oplysningerne "
        "hænger sammen."
    )
    assert v.citations == ()


def test_contradictory_text() -> None:
    v = one("Den unge har fået tildelt en bolig, men har ikke fundet en bolig endnu. Kan CTI starte?")
    assert (v.rule, v.missing) == ("profile.contradiction", ("housing_allocated",))
    v2 = one("Borgeren bor i egen bolig og sover på gaden. Hvilken metode passer?")
    assert v2.rule == "profile.contradiction"
    assert "sover på gaden og bor i egen bolig" in v2.explanation


# ------------------------------------------------------------------ text mode
@pytest.mark.parametrize(
    "question",
    [
        "Hvad er ACT?",
        "Hvor lang tid varer et CTI-forløb?",
        "Hvad er Housing First?",
        "Hvad handler fase 2 i CTI om?",
        "Hvad er målgruppen for ICM?",
        "Hvad er fjerdedelsreglen?",
        "What is Housing First?",
        "Hvad sker der efter de ni måneder i CTI?",
        "Hvem er målgruppen for ACT?",
        "Hvilke kerneelementer har Samarbejdsmodellen?",
        "Is the ICM method time limited?",
    ],
)
def test_plain_fact_questions_give_no_verdict(question) -> None:
    assert evaluate(question) == []


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("CTI eller ICM til denne unge?", ("method",)),
        ("Hvilken metode passer til en hjemløs på 40?", ("method",)),
        ("what method fits a homeless man?", ("method",)),
        ("en ICM-medarbejder har 11 borgere – er det ok?", ("caseload",)),
        ("Hvad er en passende caseload for CTI?", ("caseload",)),
        ("borgeren er 5 måneder inde i CTI – hvilken fase?", ("phase",)),
        ("kan CTI starte, før der er fundet en bolig?", ("start",)),
        ("can ICM start right away?", ("start",)),
        ("Holder vi nok netværksmøder?", ("meetings",)),
        ("Borgeren kan i høj grad bruge andre tilbud og har brug for kortvarig støtte.", ("method",)),
        ("Hvad er ACT?", ()),
    ],
)
def test_detect_topics(text, topics) -> None:
    assert detect_topics(text) == topics


def test_text_returns_only_the_topics_asked() -> None:
    verdicts = evaluate(
        "En hjemløs ung på 22 med langvarigt behov – og en ICM-medarbejder har 9 borgere, er det ok?"
    )
    assert [v.rule for v in verdicts] == ["caseload.icm"]


def test_profile_mode_evaluates_every_topic_with_inputs() -> None:
    p = CaseProfile(
        age=40,
        support_ability="high",
        support_need="short",
        housing_allocated=True,
        caseload_role="CTI",
        caseload=12,
        months_in_cti=6,
        meetings_per_year=3,
    )
    assert [
        (v.rule, v.method, v.can_start_now, v.caseload_ok, v.cti_phase, v.limit) for v in evaluate(p)
    ] == [
        ("method.adult", "CTI", None, None, None, None),
        ("start.cti", "CTI", True, None, None, None),
        ("caseload.cti", "CTI", None, False, None, 10),
        ("phase.cti", "CTI", None, None, 3, None),
        ("meetings.samarbejdsmodellen", "SAMARBEJDSMODELLEN", None, None, None, 3),
    ]


def test_empty_profile_gives_nothing() -> None:
    assert evaluate(CaseProfile()) == []


def test_unknown_topic_is_an_error() -> None:
    with pytest.raises(KeyError, match="Ukendt emne: salary"):
        evaluate(CaseProfile(), topics=["salary"])


def test_citations_are_the_rule_sources() -> None:
    from assistant.rules import default_rules

    v = one(CaseProfile(caseload_role="ACT", caseload=3))
    assert v.citations == default_rules().rule("caseload.act").sources


def test_verdict_json_shape_exactly() -> None:
    v = one("En ICM-medarbejder har 11 borgere – er det ok?")
    assert v.to_dict() == {
        "rule": "caseload.icm",
        "method": "ICM",
        "with_samarbejdsmodellen": None,
        "can_start_now": None,
        "caseload_ok": False,
        "limit": 8,
        "cti_phase": None,
        "missing": [],
        "question": None,
        "explanation": (
            "En ICM-medarbejder med 11 borgere er 3 over grænsen på 8: for ICM-metoden er det anbefalede "
            "caseload maksimalt 8 borgere pr. medarbejder. Caseload for bostøtten er et kerneelement i metoden, "
            "så normeringen bør justeres, så hver ICM-medarbejder har højst 8."
        ),
        "citations": [
            {
                "source": "001_a87d09dcf945fd35.txt",
                "page": 10,
                "quote": "For ICM-metoden er det anbefalede caseload på maksimalt otte borgere pr. medarbejder i teamet.",
            },
            {
                "source": "003_af012a5f0ae89a04.txt",
                "page": 11,
                "quote": "Hver medarbejder der arbejder efter ICM-metoden må maksimalt have tilknyttet otte unge ad gangen.",
            },
            {
                "source": "003_af012a5f0ae89a04.txt",
                "page": 21,
                "quote": (
                    "Caseload for bostøtten er defineret som kerneelementer i metoden og er således et nødvendigt "
                    "led i implementeringen af metoden."
                ),
            },
        ],
    }


def test_missing_verdict_json_shape() -> None:
    d = one(CaseProfile(young=False, support_need="long")).to_dict()
    assert (d["missing"], d["method"], d["question"]) == (
        ["support_ability"],
        None,
        "I hvilken grad kan borgeren selv bruge andre støttetilbud og det almindelige system?",
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hvilken af de tre bostøttemetoder er den mest intensive?", False),
        ("Hvilke specialiserede støttemetoder bygger Housing First på?", False),
        ("Hvad sker der med bostøtten, når medarbejderne har for mange borgere hver?", False),
        ("CTI eller ICM til denne unge?", True),
        ("Hvilken metode skal vi bruge?", True),
        ("Hvilken metode passer bedst?", True),
        ("En 45-årig mand skal flytte fra herberget.", True),
        ("Borgeren kan i høj grad bruge andre tilbud. Hvilken metode?", True),
        ("Which method should we use for him?", True),
    ],
)
def test_describes_case(text: str, expected: bool) -> None:
    from assistant.rules import describes_case

    assert describes_case(text) is expected


@pytest.mark.parametrize(
    "question",
    [
        # counts that are no caseload: a target group, a missing team, staffing economics
        "vi er en lille kommune og har hverken borgere nok eller psykiater til et rigtigt act team.. hvad gør andre kommuner så",
        "hvor mange unge skal vi ha i samarbejdsmodellen før det svarer til en hel fuldtidsstilling til myndighedskoordinatoren?",
    ],
)
def test_questions_about_numbers_that_are_no_caseload_do_not_ask_the_caseload_rule(question):
    assert "caseload" not in detect_topics(question)


def test_samarbejdsmodellen_is_for_young_people_only() -> None:
    """003 p. 7: the effort targets young people in or at risk of homelessness; an adult gets no
    Samarbejdsmodellen verdict of "yes", and the verdict cites the target-group sentence."""
    v = one("kan vi bruge samarbejdsmodellen til Bent på 52, der lige er blevet hjemløs?")
    assert (v.rule, v.with_samarbejdsmodellen, v.method, v.missing) == (
        "samarbejdsmodellen.target_group",
        False,
        None,
        (),
    )
    assert [c.quote for c in v.citations] == [
        "Indsatsen er målrettet to grupper: unge i hjemløshed og unge i risiko for hjemløshed."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Emil er 19 og sover på sofaer hos venner. Skal vi tage ham ind i samarbejdsmodellen?",
        "Kan vi bruge samarbejdsmodellen til Sara på 20, der sover hos venner?",
    ],
)
def test_taking_a_young_person_into_samarbejdsmodellen_is_the_membership_question(text) -> None:
    rules = [v.rule for v in evaluate(text)]
    assert "samarbejdsmodellen.membership" in rules


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,method,start",
    [
        ("ung 21 år visiteret til CTI + samarbejdsmodel. står på venteliste til ungdomsbolig. kan vi starte CTI nu?", "CTI", False),
        ("Client, 24, referred to CTI + the collaboration model. He signed the lease yesterday. Can the CTI worker start now?", "CTI", True),
        ("19-årig sofasurfer, visiteret til ICM (+ samarbejdsmodel) i går, ingen bolig endnu. kan vi starte ICM nu?", "ICM", True),
        ("Hun er 20 og i samarbejdsmodellen med ICM. Kan ICM starte før hun har en bolig?", "ICM", True),
    ],
)
def test_a_stated_combination_with_samarbejdsmodellen_is_said_by_the_start_verdict(text, method, start):
    (v,) = evaluate(text)
    assert (v.rule, v.method, v.can_start_now, v.with_samarbejdsmodellen) == (f"start.{method.lower()}", method, start, True)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Borger 45 år i CTI, flyttede ind for 2 måneder siden. Hvilken fase?",
        "Han er ikke i samarbejdsmodellen, kun CTI. Han fik nøglerne for 2 måneder siden, hvilken fase?",
    ],
)
def test_without_a_stated_combination_a_verdict_says_nothing_of_samarbejdsmodellen(text):
    (v,) = evaluate(text)
    assert (v.rule, v.cti_phase, v.with_samarbejdsmodellen) == ("phase.cti", 1, None)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,phase",
    [
        ("CTI borger flyttede ind i marts. Nu er det september. Fase?", 3),
        ("CTI: flyttede ind for 4 måneder siden. Hvor er vi i forløbet?", 2),
        ("She moved into her flat 7 months ago with CTI. Where are we in the course now?", 3),
        ("cti, indflytning for 2 mdr siden. fase?", 1),
        ("Hvor langt er han i CTI? Han fik nøglerne for 5 måneder siden.", 2),
    ],
)
def test_the_phase_asked_in_few_words_gets_its_verdict(text, phase):
    (v,) = evaluate(text)
    assert (v.rule, v.cti_phase) == ("phase.cti", phase)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Ung kvinde, 19 år. Sover på sofaen hos venner uden kontrakt. Er hun i målgruppen for Samarbejdsmodellen?",
        "A 20-year-old who sleeps on friends' couches. Is he in the target group for the youth model?",
    ],
)
def test_a_target_group_question_about_samarbejdsmodellen_gets_the_membership_rule(text):
    verdicts = evaluate(text)
    assert ("samarbejdsmodellen.membership", True) in [(v.rule, v.with_samarbejdsmodellen) for v in verdicts]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "What does the material point to - ICM or something else?",
        "Er det CTI eller noget andet?",
        "Hvad peger materialet på?",
    ],
)
def test_a_method_question_in_other_words_asks_the_method_topic(question):
    assert "method" in detect_topics("Kvinde på 44, har brug for langvarig støtte og kan kun i lav grad bruge andre tilbud. " + question)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,expected",
    [
        # a move still to come: the person is still at the shelter
        (
            "Kvinde 29 år skal fra herberg til egen bolig i næste uge. Hun har brug for kortvarig støtte i overgangen "
            "og kan sagtens bruge de almindelige tilbud bagefter. Hvilken metode?",
            ("method.youth", "CTI"),
        ),
        # "ikk" negates
        (
            "Kvinde 55 på forsorgshjemmet. Hun kan ikk selv bruge hjælp fra det almindelige system, har komplekse "
            "støttebehov og skal have støtte og behandling i lang tid. Hvilken bostøttemetode?",
            ("method.adult", "ACT"),
        ),
        # the membership verdict names the bostøtte the case asks about
        (
            "Kan vi give en 22-årig CTI-bostøtte uden at han er med i Samarbejdsmodellen? Han er hjemløs og bor på herberg.",
            ("samarbejdsmodellen.membership", "CTI"),
        ),
    ],
)
def test_case_kinds_from_sealed_set_r(text, expected):
    assert expected in [(v.rule, v.method) for v in evaluate(text)]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text,ok,limit",
    [
        ("Vores CTI-medarbejder Lone har pt. 9 borgere i forløb. Er det inden for anbefalingen?", True, 10),
        ("One of my ICM workers currently has 11 clients. Is it within what the method recommends?", False, 8),
    ],
)
def test_within_the_recommendation_asks_the_caseload(text, ok, limit):
    verdicts = [v for v in evaluate(text) if v.caseload_ok is not None]
    assert [(v.caseload_ok, v.limit) for v in verdicts] == [(ok, limit)]


@pytest.mark.unit
def test_while_a_fact_is_asked_for_no_verdict_names_a_method_beside_the_question():
    verdicts = evaluate("kan vi starte cti for mads 23 nu? han er visiteret til samarbejdsmodellen med cti")
    assert [(v.rule, v.missing) for v in verdicts if v.missing] == [("start.cti", ("housing_allocated",))]
    assert [v.method for v in verdicts if not v.missing] == [None]


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "En 21-årig studerende har mistet sit værelse, fordi udlejer har solgt huset. Intet misbrug og ingen psykiske "
        "problemer – hun mangler bare et billigt sted at bo. Skal vi tage hende ind i samarbejdsmodellen?",
        "Is a 20-year-old with no other problems, who just needs a place to live, in the target group for the youth model?",
    ],
)
def test_a_young_person_without_complex_problems_is_outside_the_target_group(text):
    """003 p. 7: both target groups are "unge med komplekse problemstillinger og støttebehov"; the
    verdict cites that sentence and the general target group, not the passages on ending the course."""
    (v,) = [v for v in evaluate(text) if v.rule == "samarbejdsmodellen.membership"]
    assert (v.with_samarbejdsmodellen, v.missing) == (False, ())
    assert [c.quote for c in v.citations] == [
        "Indsatsen er målrettet to grupper: unge i hjemløshed og unge i risiko for hjemløshed.",
        "Fælles for begge delmålgrupper er, at der er tale om unge med komplekse problemstillinger og støttebehov.",
    ]


@pytest.mark.unit
def test_ending_the_course_cites_the_ending_passages_not_the_target_group_ones():
    (v,) = [
        v
        for v in evaluate("Hun er 22, og der er ikke brug for koordinering mere. Skal hun fortsætte i samarbejdsmodellen?")
        if v.rule == "samarbejdsmodellen.membership"
    ]
    assert v.with_samarbejdsmodellen is False
    assert [c.quote for c in v.citations] == [
        "Indsatsen er målrettet to grupper: unge i hjemløshed og unge i risiko for hjemløshed.",
        "Forløbet i Samarbejdsmodellen afsluttes, når der ikke længere er behov for den koordinerende indsats.",
        "Eller hvis den unge selv formår at klare koordineringen.",
    ]
