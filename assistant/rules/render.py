"""One plain sentence that leads an answer with a verdict, in Danish or English.

    >>> from assistant.rules import evaluate, headline
    >>> v = evaluate("En ICM-medarbejder har 11 borgere – er det ok?")[0]
    >>> headline(v)
    'Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.'
    >>> headline(v, lang="en")
    'Caseload: 11 clients are above the limit of 8 for an ICM worker.'

A verdict that needs input returns its clarifying question instead.
"""

from __future__ import annotations

from typing import Any

from assistant.rules.profile import fmt_number, join_da, phrase_da, phrase_en
from assistant.types import Verdict

_REASON_SLOTS = ("support_need", "support_ability", "housing_situation")
_PHASE_NAMES = {
    "da": {1: "overgang til egen bolig", 2: "afprøvning", 3: "overdragelse af støtten"},
    "en": {1: "transition to own home", 2: "trying out", 3: "handing over"},
}
_ROLE = {
    "da": {
        "CTI": "en CTI-medarbejder",
        "ICM": "en ICM-medarbejder",
        "ACT": "en ACT-medarbejder",
        "MYNDIGHEDSKOORDINATOR": "en myndighedskoordinator",
    },
    "en": {
        "CTI": "a CTI worker",
        "ICM": "an ICM worker",
        "ACT": "an ACT worker",
        "MYNDIGHEDSKOORDINATOR": "a myndighedskoordinator",
    },
}
_QUESTION_EN = {
    "age": "How old is the person?",
    "young": "Is the person under 30?",
    "housing_situation": "Is the person homeless, at risk of homelessness, or housed?",
    "stay": "Where does the person stay now?",
    "housing_allocated": "Has the person been allocated housing or signed a lease?",
    "support_ability": "To what degree can the person use other support services and the ordinary system?",
    "support_need": "Does the person need short-term support in a transition or long-term support?",
    "complex_needs": "Does the person have complex needs (e.g. mental illness and substance abuse)?",
    "psychiatric": "Does the person have a mental illness?",
    "substance": "Does the person have a substance problem?",
    "treatment_need": "Does the person need treatment (psychiatric or substance abuse treatment)?",
    "coordination_need": (
        "Does the young person need a coordinated effort across several agencies (job centre, UU, treatment, psychiatry)?"
    ),
    "in_samarbejdsmodellen": "Is the young person in Samarbejdsmodellen?",
    "months_in_cti": "How many months have passed since the person moved into their own home and CTI began?",
    "method": "Which method is the support given under?",
    "caseload": "How many people does the worker have at a time?",
    "caseload_role": "What is the worker's role?",
    "team_size": "How many workers share these people?",
    "caseload_shared": "Is the number the whole team's?",
    "meetings_per_year": "How many network meetings a year are held with the young person?",
}


def headline(verdict: Verdict, lang: str = "da") -> str:
    """A one-sentence summary of ``verdict`` in ``lang`` ("da" or "en")."""
    if lang not in ("da", "en"):
        raise ValueError(f"lang skal være 'da' eller 'en', ikke {lang!r}")
    if verdict.rule == "profile.contradiction":
        return (
            "Modstridende oplysninger: reglerne giver ingen anbefaling, før de hænger sammen."
            if lang == "da"
            else "Contradictory information: the rules give no recommendation until it is consistent."
        )
    if verdict.missing:
        if lang == "en":
            return _QUESTION_EN.get(verdict.missing[0], verdict.question or "")
        return verdict.question or ""
    facts = dict(verdict.facts)
    kind = verdict.rule.split(".")[0]
    if kind == "method":
        return _method(verdict, facts, lang)
    if kind == "caseload":
        return _caseload(verdict, facts, lang)
    if kind == "phase":
        return _phase(verdict, facts, lang)
    if kind == "start":
        return _start(verdict, lang)
    if kind == "meetings":
        return _meetings(verdict, facts, lang)
    return verdict.explanation.split(". ")[0].rstrip(".") + "."


def _method_name(v: Verdict, lang: str) -> str:
    if v.with_samarbejdsmodellen:
        if v.method == "SAMARBEJDSMODELLEN":
            return (
                "Samarbejdsmodellen uden bostøtte"
                if lang == "da"
                else "Samarbejdsmodellen without housing support"
            )
        return (
            f"Samarbejdsmodellen med bostøtte efter {v.method}"
            if lang == "da"
            else f"Samarbejdsmodellen with {v.method} housing support"
        )
    return str(v.method)


def _method(v: Verdict, facts: dict[str, Any], lang: str) -> str:
    young = facts.get("young") is True
    reasons = [s for s in _REASON_SLOTS if s in facts]
    if lang == "da":
        subject = "den unge" if young else "borgeren"
        because = join_da([phrase_da(s, facts[s]) for s in reasons])
        if v.method is None:
            return "Ingen anbefaling: oplysningerne passer ikke entydigt til en af metoderne."
        return f"Anbefaling: {_method_name(v, lang)}, fordi {subject} {because}."
    subject = "the young person" if young else "the person"
    because = join_da([phrase_en(s, facts[s]) for s in reasons], "and")
    if v.method is None:
        return "No recommendation: the information does not clearly fit one of the methods."
    return f"Recommendation: {_method_name(v, lang)}, because {subject} {because}."


def _caseload(v: Verdict, facts: dict[str, Any], lang: str) -> str:
    role = str(facts.get("caseload_role", ""))
    who = _ROLE[lang].get(role, "en medarbejder" if lang == "da" else "a worker")
    n = facts.get("caseload")
    team = facts.get("team_size")
    if n is not None and team:
        n = fmt_number(round(n / team, 1), lang)  # per worker in a team that shares the caseload
    mk = role == "MYNDIGHEDSKOORDINATOR"
    people = ("unge" if mk else "borgere") if lang == "da" else ("young people" if mk else "clients")
    if lang == "da":
        if mk:
            if n is None:
                return (
                    f"Caseload: erfaringen anbefaler ca. {v.limit} unge pr. myndighedskoordinator; "
                    "det er ikke et metodekrav."
                )
            where = "inden for" if v.caseload_ok else "over"
            return (
                f"Caseload: {n} unge er {where} de ca. {v.limit}, som erfaringen anbefaler for {who} "
                "(ikke et metodekrav)."
            )
        if n is None:
            return f"Caseload: {who} må højst have {v.limit} {people} ad gangen."
        where = "inden for" if v.caseload_ok else "over"
        return f"Caseload: {n} {people} er {where} grænsen på {v.limit} for {who}."
    if mk:
        if n is None:
            return (
                f"Caseload: experience suggests about {v.limit} young people per myndighedskoordinator; "
                "this is not a method requirement."
            )
        where = "within" if v.caseload_ok else "above"
        return (
            f"Caseload: {n} young people are {where} the roughly {v.limit} that experience suggests "
            f"for {who} "
            "– a recommendation, not a method requirement."
        )
    if n is None:
        return f"Caseload: {who} may have at most {v.limit} {people} at a time."
    where = "within" if v.caseload_ok else "above"
    return f"Caseload: {n} {people} are {where} the limit of {v.limit} for {who}."


def _phase(v: Verdict, facts: dict[str, Any], lang: str) -> str:
    months = facts.get("months_in_cti")
    if v.method in ("ICM", "ACT"):
        return (
            f"Fase: {v.method} har ingen faser – faserne gælder kun CTI."
            if lang == "da"
            else f"Phase: {v.method} has no phases – phases apply to CTI only."
        )
    m = fmt_number(months, lang) if months is not None else "?"
    if v.cti_phase is None:
        return (
            f"Fase: Efter {m} måneder er CTI-forløbets ni måneder gået; forløbet bør afsluttes med "
            "brobygning til anden støtte."
            if lang == "da"
            else f"Phase: after {m} months the nine-month CTI course is over; end it with "
            "bridge-building to other support."
        )
    name = _PHASE_NAMES[lang][v.cti_phase]
    # the months left of CTI's nine (001 p. 9: "afgrænset til ni måneder")
    left = fmt_number(max(9 - months, 0), lang) if months is not None else "?"
    if lang == "da":
        return f"Fase: {m} måneder inde i CTI-forløbet svarer til fase {v.cti_phase} ({name}); cirka {left} måneder tilbage."
    return f"Phase: {m} months into CTI corresponds to phase {v.cti_phase} ({name}); about {left} months left."


def _start(v: Verdict, lang: str) -> str:
    if v.method == "SAMARBEJDSMODELLEN":
        return (
            "Start: Samarbejdsmodellen kan starte nu – den unge skal ikke først have en bolig."
            if lang == "da"
            else "Start: Samarbejdsmodellen can start now – the young person need not have housing first."
        )
    if v.method == "ICM":
        return (
            "Start: ICM kan starte, så snart borgeren er visiteret – "
            "der skal ikke først være fundet en bolig."
            if lang == "da"
            else "Start: ICM can start as soon as the person is referred – housing need not be found first."
        )
    if v.can_start_now:
        return (
            "Start: CTI kan starte nu, fordi der er tildelt en bolig."
            if lang == "da"
            else "Start: CTI can start now, because housing has been allocated."
        )
    return (
        "Start: CTI kan først starte, når der er tildelt en bolig."
        if lang == "da"
        else "Start: CTI can only start once housing has been allocated."
    )


def _meetings(v: Verdict, facts: dict[str, Any], lang: str) -> str:
    n = facts.get("meetings_per_year")
    if n is None:
        return (
            f"Netværksmøder: Samarbejdsmodellen kræver mindst {v.limit} netværksmøder om året."
            if lang == "da"
            else f"Network meetings: Samarbejdsmodellen requires at least {v.limit} network meetings a year."
        )
    ok = v.limit is not None and n >= v.limit
    if lang == "da":
        where = "opfylder" if ok else "er under"
        return f"Netværksmøder: {n} møder om året {where} minimum på {v.limit} i Samarbejdsmodellen."
    where = "meets" if ok else "is below"
    return f"Network meetings: {n} meetings a year {where} the minimum of {v.limit} in Samarbejdsmodellen."
