# ruff: noqa: E501  (exact expected Danish texts are kept on one line each)
from __future__ import annotations

import pytest

from assistant.rules import CaseProfile, evaluate, headline

pytestmark = pytest.mark.unit


def one(x, **kw):
    (v,) = evaluate(x, **kw)
    return v


@pytest.mark.parametrize(
    ("subject", "da", "en"),
    [
        (
            CaseProfile(young=False, support_ability="some", support_need="long"),
            "Anbefaling: ICM, fordi borgeren har brug for langvarig støtte og i nogen grad kan bruge andre tilbud.",
            "Recommendation: ICM, because the person needs long-term support and can to some degree use other services.",
        ),
        (
            CaseProfile(age=22, housing_situation="homeless", support_need="long"),
            "Anbefaling: Samarbejdsmodellen med bostøtte efter ICM, fordi den unge har brug for langvarig støtte og "
            "er i hjemløshed.",
            "Recommendation: Samarbejdsmodellen with ICM housing support, because the young person needs long-term "
            "support and is homeless.",
        ),
        (
            CaseProfile(young=True, housing_situation="at_risk", support_need="none"),
            "Anbefaling: Samarbejdsmodellen uden bostøtte, fordi den unge ikke har brug for bostøtte og er i risiko "
            "for hjemløshed.",
            "Recommendation: Samarbejdsmodellen without housing support, because the young person does not need "
            "housing support and is at risk of homelessness.",
        ),
        (
            "En ICM-medarbejder har 11 borgere – er det ok?",
            "Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.",
            "Caseload: 11 clients are above the limit of 8 for an ICM worker.",
        ),
        (
            CaseProfile(caseload_role="CTI", caseload=10),
            "Caseload: 10 borgere er inden for grænsen på 10 for en CTI-medarbejder.",
            "Caseload: 10 clients are within the limit of 10 for a CTI worker.",
        ),
        (
            CaseProfile(caseload_role="MYNDIGHEDSKOORDINATOR", caseload=21),
            "Caseload: 21 unge er over de ca. 20, som erfaringen anbefaler for en myndighedskoordinator "
            "(ikke et metodekrav).",
            "Caseload: 21 young people are above the roughly 20 that experience suggests for a myndighedskoordinator "
            "– a recommendation, not a method requirement.",
        ),
        (
            "Hvor mange borgere må en ICM-medarbejder have?",
            "Caseload: en ICM-medarbejder må højst have 8 borgere ad gangen.",
            "Caseload: an ICM worker may have at most 8 clients at a time.",
        ),
        (
            CaseProfile(months_in_cti=5),
            "Fase: 5 måneder inde i CTI-forløbet svarer til fase 2 (afprøvning); cirka 4 måneder tilbage.",
            "Phase: 5 months into CTI corresponds to phase 2 (trying out); about 4 months left.",
        ),
        (
            CaseProfile(months_in_cti=2.9),
            "Fase: 2,9 måneder inde i CTI-forløbet svarer til fase 1 (overgang til egen bolig); cirka 6,1 måneder tilbage.",
            "Phase: 2.9 months into CTI corresponds to phase 1 (transition to own home); about 6.1 months left.",
        ),
        (
            CaseProfile(months_in_cti=10),
            "Fase: Efter 10 måneder er CTI-forløbets ni måneder gået; forløbet bør afsluttes med brobygning til "
            "anden støtte.",
            "Phase: after 10 months the nine-month CTI course is over; end it with bridge-building to other support.",
        ),
        (
            "Kan CTI starte, før der er fundet en bolig?",
            "Start: CTI kan først starte, når der er tildelt en bolig.",
            "Start: CTI can only start once housing has been allocated.",
        ),
        (
            "Kan ICM starte, før der er fundet en bolig?",
            "Start: ICM kan starte, så snart borgeren er visiteret – der skal ikke først være fundet en bolig.",
            "Start: ICM can start as soon as the person is referred – housing need not be found first.",
        ),
        (
            CaseProfile(meetings_per_year=2),
            "Netværksmøder: 2 møder om året er under minimum på 3 i Samarbejdsmodellen.",
            "Network meetings: 2 meetings a year is below the minimum of 3 in Samarbejdsmodellen.",
        ),
        (
            CaseProfile(young=False, support_need="long"),
            "I hvilken grad kan borgeren selv bruge andre støttetilbud og det almindelige system?",
            "To what degree can the person use other support services and the ordinary system?",
        ),
        (
            CaseProfile(housing_situation="housed", stay="street", support_need="long"),
            "Modstridende oplysninger: reglerne giver ingen anbefaling, før de hænger sammen.",
            "Contradictory information: the rules give no recommendation until it is consistent.",
        ),
    ],
)
def test_headline(subject, da, en) -> None:
    v = one(subject)
    assert headline(v) == da
    assert headline(v, lang="en") == en


def test_headline_rejects_unknown_language() -> None:
    v = one(CaseProfile(months_in_cti=1))
    with pytest.raises(ValueError, match="lang skal være 'da' eller 'en'"):
        headline(v, lang="de")
