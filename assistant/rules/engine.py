"""The rule engine: a case profile (or a question) in, cited verdicts out. Pure; no I/O.

    >>> from assistant.rules import evaluate
    >>> [v.to_dict()["limit"] for v in evaluate("Hvor mange borgere må en ICM-medarbejder have?")]
    [8]
    >>> evaluate("Hvad er ACT?")
    []

With text, only the topics the text asks about are evaluated (patterns in ``rules.yaml``;
a case description without an explicit question falls back to the topics whose
``case_keys`` it states). With a ``CaseProfile`` (the case-check form), every topic whose
``keys`` are present is evaluated. ``topics=`` overrides both (used for follow-ups).
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from assistant.rules.conditions import check
from assistant.rules.evaluators import EVALUATORS
from assistant.rules.extract import extract_profile
from assistant.rules.loader import default_rules
from assistant.rules.model import Rule, RuleSet, Topic
from assistant.rules.profile import (
    FLOAT_SLOTS,
    INT_SLOTS,
    SLOT_LABELS_DA,
    SLOT_NAMES,
    CaseProfile,
    fmt_number,
    join_da,
    phrase_da,
)
from assistant.types import RuleCitation, Verdict

CONTRADICTION_RULE = "profile.contradiction"
SAMARBEJDSMODELLEN_TOPIC = "samarbejdsmodellen"
# Topics whose rules depend on the bostøtte method (CTI or ICM); Samarbejdsmodellen is none.
_BOSTOTTE_TOPICS = ("start",)
# Slots that are not rendered into the {facts} sentence (they are said otherwise).
_NOT_IN_FACTS = ("young", "method", "caseload", "caseload_role", "months_in_cti", "meetings_per_year")


def _starts_without_bostotte(p: CaseProfile) -> bool:
    """A young person at risk of homelessness, or one with no need of bostøtte: what starts is
    Samarbejdsmodellen itself ("Kan hun starte i samarbejdsmodellen nu, eller skal hun have en
    bolig først?"), which waits for no home (003 p. 11–12), not a bostøtte method."""
    return p.housing_situation == "at_risk" or p.support_need == "none"


def evaluate(
    profile_or_text: CaseProfile | str,
    rules: RuleSet | None = None,
    *,
    topics: Collection[str] | None = None,
) -> list[Verdict]:
    """Apply the rules; see the module docstring. Verdicts come in topic order."""
    rs = rules if rules is not None else default_rules()
    if isinstance(profile_or_text, str):
        profile = extract_profile(profile_or_text)
        asked = tuple(topics) if topics is not None else detect_topics(profile_or_text, rs, profile)
    else:
        profile = profile_or_text
        asked = tuple(topics) if topics is not None else profile_topics(profile, rs)
    unknown = [t for t in asked if t not in {tp.id for tp in rs.topics}]
    if unknown:
        raise KeyError(f"Ukendt emne: {', '.join(unknown)}")
    if not asked:
        return []
    messages = profile.contradictions()
    if messages:
        return [_contradiction(profile, messages)]
    p = profile.derived()
    verdicts: list[Verdict] = []
    for topic in rs.topics:
        if topic.id not in asked:
            continue
        seen = p
        if topic.id in _BOSTOTTE_TOPICS and p.method == "SAMARBEJDSMODELLEN" and not _starts_without_bostotte(p):
            # "visiteret til bostøtte og Samarbejdsmodellen … kan bostøtten starte nu?": the model is
            # no bostøtte method, so which one (CTI waits for a home, ICM starts at visitation) is asked
            seen = replace(p, method=None)
        found = _evaluate_topic(topic, seen, rs)
        verdicts += found
        # e.g. a recommended method decides, for the topics after it, whether it can start now.
        # Samarbejdsmodellen named in the text is no bostøtte method: the recommended one (CTI/ICM) decides.
        for slot in topic.feeds:
            if getattr(p, slot) is None or (slot == "method" and p.method == "SAMARBEJDSMODELLEN"):
                values = {getattr(v, slot) for v in found if not v.missing and getattr(v, slot) is not None}
                if len(values) == 1:
                    p = replace(p, **{slot: values.pop()}).derived()
    if p.in_samarbejdsmodellen:
        # the case states the bostøtte runs inside Samarbejdsmodellen: its verdicts say the combination
        verdicts = [
            replace(v, with_samarbejdsmodellen=True)
            if v.method in ("CTI", "ICM") and v.with_samarbejdsmodellen is None and not v.missing
            else v
            for v in verdicts
        ]
    if p.method in ("CTI", "ICM") and not any(v.missing for v in verdicts):
        # "kan vi give ham CTI-bostøtte uden Samarbejdsmodellen?": the verdict that it runs with the
        # model is about the bostøtte the case names (not while a fact is still asked for: then
        # the answer is the question, not a recommendation)
        verdicts = [
            replace(v, method=p.method)
            if v.with_samarbejdsmodellen is True and v.method is None and not v.missing
            else v
            for v in verdicts
        ]
    return verdicts


def detect_topics(text: str, rules: RuleSet | None = None, profile: CaseProfile | None = None) -> tuple[str, ...]:
    """Topic ids the question asks about (file order).

    >>> detect_topics("En ICM-medarbejder har 11 borgere – er det ok?")
    ('caseload',)
    """
    rs = rules if rules is not None else default_rules()
    asked = tuple(t.id for t in rs.topics if t.asked_in(text))
    if asked:
        return asked
    p = profile if profile is not None else extract_profile(text)
    return tuple(t.id for t in rs.topics if any(getattr(p, k) is not None for k in t.case_keys))


# Words that point at one concrete person or team ("han", "denne unge", "en 45-årig", "vi har"),
# and words that ask for a recommendation. Without either, and without any case fact, a
# question that matches a topic pattern is a general fact question ("Hvilken af de tre
# metoder er den mest intensive?"), not a case to clarify.
# A concrete person or team ("jeg har en borger", "vores CTI-medarbejder", "denne unge", "han er 45").
# A generic person in a general question ("når en borger i ICM får mindre behov", "før han kan få
# en bolig") is not a marker on its own.
_CASE_MARKER = re.compile(
    r"\b(?:denne|dette|vores|min|mit|mine|vi har|jeg har|vi skal|vi står|har fået en|"
    r"^\s*har\s+(?:en|et)\s+(?:borger|ung|klient|pige|dreng|mand|kvinde|sag)|"
    r"(?:han|hun|den unge|borgeren)\s+(?:er|har|bor|sover|mangler|fik|flyttede|blev|har været|kom|startede|begyndte)"
    r"\b(?!\s+(?:en|et)\b)|"
    r"ham|hende|hans|hendes|this|my|our|we have|i have|we've|he is|she is|he has|she has|his|her|him|"
    r"kollega\w*|colleague|"
    r"\d{2}\s*-?\s*årig\w*\s+(?:mand|kvinde|borger|pige|dreng|fyr|ung\w*)|"
    r"(?:mand|kvinde|borger|pige|dreng|fyr)\s+på\s+\d{2}|\d{2}-year-old\s+(?:man|woman|client|person)"
    # a person with an age, as notes open: "Ung (25) er i risiko …", "woman, 24, sleeping rough", "Mand 41 år"
    r"|(?:ung|mand|kvinde|borger|pige|dreng|fyr|man|woman|male|female|guy|girl|boy|client)\s*(?:,\s*|\(\s*)\d{2}\s*\)?"
    r"|(?:mand|kvinde|borger|ung|man|woman)\s+\d{2}(?=\s*(?:år\b|,|\.|\(|y/?o\b|years?\b)))",
    re.IGNORECASE,
)
# A person named in a rule question: "Which CTI phase is Jonas in right now?", "hvilken fase er Sara i?"
# (case-sensitive: the name is capitalised).
_NAMED_PERSON = re.compile(
    r"\b(?:is|er|har|has|was|var)\s+(?!Housing\b|First\b)[A-ZÆØÅ][a-zæøå]{2,}\s+(?:in|i|nu|now|still|stadig)\b"
)


def case_marker(text: str) -> bool:
    """Whether ``text`` points at one concrete person or team (``_CASE_MARKER``, or a named person)."""
    return bool(_CASE_MARKER.search(text) or _NAMED_PERSON.search(text))


_ASKS_RECOMMENDATION = re.compile(
    r"\b(?:anbefal\w*|passer|egner|egnet|rette|rigtige|bedste|skal vi|skal jeg|bør vi|bør jeg|"
    r"recommend\w*|suitable|suit|fit|should (?:we|i))\b|\b(?:cti|icm|act)\s*(?:eller|or|/|vs\.?|versus)\s*\w"
    # "hvilken kombination …", "which combination does the youth guide point to?", "samarbejdsmodellen alene eller med CTI?"
    r"|\b(?:hvilken|which)\s+kombi(?:nation\w*)?\b|\bwhich\s+combination|\bpoint\s+to\b"
    r"|\bsamarbejds\s?model(?:len)?\s+(?:alene\s+)?(?:eller|or)\s+(?:med\s+|with\s+)?(?:cti|icm|bostøtte)",
    re.IGNORECASE,
)
# After a described case, the question that ends it asks what the methods say of the person: "Hvad
# siger metoderne?", "what do the manuals say about him?" (alone, it is no case).
_ASKS_METHODS_VIEW = re.compile(
    r"\bhvad\s+siger\s+(?:metoderne|metoden|manualerne|reglerne|håndbøgerne|guiden)(?:\s+om\s+(?:ham|hende|det|dem))?\s*[?.!]*\s*$"
    r"|\bwhat\s+do\s+the\s+(?:methods|manuals|rules|guidelines)\s+say(?:\s+about\s+(?:him|her|this|them))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def describes_case(text: str, profile: CaseProfile | None = None, asks_rule: bool | None = None) -> bool:
    """Whether ``text`` is about a concrete case (so a missing fact deserves a clarifying question):
    it points at a person or team ("han", "vores", "en 45-årig"), asks for a recommendation, states a
    count or a duration, or states two or more case facts. A general question that only names a
    method, a municipality or a group ("Hvilke bostøttemetoder implementerer Randers Kommune?",
    "Hvad er målgruppen for hjemløse unge?") is not a case.

    >>> describes_case("Hvilken af de tre bostøttemetoder er den mest intensive?")
    False
    >>> describes_case("CTI eller ICM til denne unge?")
    True
    >>> describes_case("En ICM-medarbejder har 11 borgere – er det ok?")
    True
    >>> describes_case("Hvad er kontanthjælpssatsen for en 25-årig i 2024?")
    False
    >>> describes_case("22-årig pige henvist fra UU. Hvilken kombination skal hun have?", asks_rule=True)
    True
    """
    if case_marker(text) or _ASKS_RECOMMENDATION.search(text):
        return True
    if asks_rule is None:
        asks_rule = any(t.asked_in(text) for t in default_rules().topics)
    p = profile if profile is not None else extract_profile(text)
    if any(getattr(p, slot) is not None for slot in ("caseload", "months_in_cti", "meetings_per_year")):
        return True
    facts = [slot for slot in SLOT_NAMES if slot not in ("method", "caseload_role", "young") and getattr(p, slot) is not None]
    # A question that asks a rule ("Hvilken kombination skal hun have?") about someone with any
    # stated fact ("22-årig pige") is a case; without such a question it takes more facts.
    return len(facts) >= (1 if asks_rule else 3)


_STARTING = re.compile(r"\b(start\w*|begynd\w*|igang\w*|i gang|opstart\w*|påbegynd\w*|begin\w*|kick off)\b", re.IGNORECASE)


# "Hvad er fjerdedelsreglen?" at the end of a case note asks a fact, not what to do for the person.
_FACT_QUESTION = re.compile(
    r"^\W*(?:hvad|hvem|hvornår|hvor\s+mange|hvor\s+længe|what|who|when|how\s+many|how\s+long)\s+"
    r"(?:er|betyder|står|handler|indebærer|siger|is|are|does|do|means?)\b"
    # A share of a population is a statistic, never one person's case ("hvor mange procent bor
    # stadig i egen bolig efter et år?").
    r"|\b(?:hvor\s+(?:mange|stor\w*)\s+(?:en\s+)?(?:procent|pct|andel|del\s+af)|"
    r"what\s+(?:share|percentage|proportion)|how\s+many\s+per\s*cent)\b"
    # Whether someone falls under a definition is a question about the definition ("tæller en ung,
    # der sover hos sin fætter, som hjemløs?", "does sofa surfing count as homeless?").
    r"|\b(?:tæller|regnes|betragtes|defineres|anses)\b(?:(?!\?).){0,100}?\bsom\s+(?:hjemløs|\w+løs|en\s+del\s+af)\w*"
    r"|\bcounts?\s+as\s+(?:\w+\s+)?homeless",
    re.IGNORECASE,
)
# The question sentence asks what to do for the person: the method rules answer that.
_DECISION = re.compile(
    # "hvilken paragraf …?", "which year …?" ask a fact, not what to do for the person
    r"\b(?:hvilk\w+(?!\s+(?:paragraf\w*|§|lov\w*|hjemmel|regel|regler|år|årstal|kommune\w*|dokument\w*|side|rapport\w*"
    r"|undersøgelse\w*|evaluering\w*|tal|procent\w*|andel)\b)"
    r"|hvad\s+(?:skal|gør|bør|kan|vil|anbefal\w*|nu|så)|kan\s+vi|skal\s+vi|bør\s+vi"
    r"|which(?!\s+(?:section|law|act|paragraph|year|municipalit\w+|document|report|page|figure|percentage)\b)|"
    r"what\s+(?:should|do|now|next|would)|should\s+we|can\s+we|what\s+(?:method|support))\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\b(?:han|hun|ham|hende|borgeren|den unge|vi|he|she|him|her|they|them|we)\b", re.IGNORECASE)


# An example the manuals tell ("der var et eksempel i pjecen", "casen fra Aarhus i guiden").
_DOCUMENT_EXAMPLE = re.compile(
    r"\b(?:eksempl\w*|eksempel|example|(?:casen|cases|erfaring\w*)\s+(?:fra|i)\s+(?:pjecen|guiden|håndbogen|manualen|\w+\s+kommune)"
    r"|for\s+instance|for\s+example)\b",
    re.IGNORECASE,
)


# A municipality named as the one that acts ("Which support methods did Randers Kommune say it would
# implement?"): a question about its practice, not a case.
_ORGANISATION = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+\s+(?:[Kk]ommunes?|[Mm]unicipality)\b")


def _has_person(profile: CaseProfile) -> bool:
    """A person or a worker's load is described: an age, a count, months in CTI ("homeless citizens" is a group)."""
    return any(getattr(profile, s) is not None for s in ("age", "caseload", "months_in_cti"))


def case_topics(
    text: str, profile: CaseProfile, rules: RuleSet | None = None, is_case: bool | None = None
) -> tuple[tuple[str, ...], bool]:
    """``(topics, is_case)``: what a text asks the rules, and whether it describes a case.

    The topics the question sentence names (``rules.yaml`` patterns) come first, then those the
    whole text names. A case narrative that names
    none is still routed to the rules, by what it states: a count -> caseload, months in CTI ->
    phase, a start question with housing stated -> start, meetings -> meetings, and otherwise,
    when it asks something, the method. A case is never left to the fact search alone.

    ``is_case``: the caller's reading (``assistant.rules.intent.CaseIntent``); by default the
    exact cues of ``describes_case`` decide.

    >>> case_topics("Min kollega har fået 11 borgere tilknyttet. Er det for mange?", extract_profile(
    ...     "Min kollega har fået 11 borgere tilknyttet. Er det for mange?"))
    (('caseload',), True)
    """
    from assistant.normalize import focus_question

    rs = rules if rules is not None else default_rules()
    example = _DOCUMENT_EXAMPLE.search(text) or _ORGANISATION.search(text)
    if example and not case_marker(text) and not _has_person(profile):
        # "der var et eksempel i pjecen med en boform … hvor mange forløb kunne de have ad gangen?"
        # asks what the manual tells of someone else's practice, not a rule for a case
        return (), False
    # What the question sentence asks comes first: "Hvilken CTI-fase er hun i? … de har netværksmøde
    # på tirsdag" asks about the phase, not the meetings it mentions.
    focus = focus_question(text, min_chars=0)
    asked = tuple(t.id for t in rs.topics if t.asked_in(focus)) or tuple(t.id for t in rs.topics if t.asked_in(text))
    # A young person's place in Samarbejdsmodellen, told in the note ("visiteret til Samarbejdsmodellen
    # med CTI"), belongs with every verdict about them: the bostøtte never runs without it.
    if asked and SAMARBEJDSMODELLEN_TOPIC not in asked:
        sm = next((t for t in rs.topics if t.id == SAMARBEJDSMODELLEN_TOPIC), None)
        if sm is not None and sm.asked_in(text) and profile.young is not False:
            asked = tuple(t.id for t in rs.topics if t.id in asked or t.id == SAMARBEJDSMODELLEN_TOPIC)
    if is_case is None:
        is_case = describes_case(text, profile, asks_rule=bool(asked))
    if asked or not is_case:
        return asked, is_case
    if profile.caseload is not None:
        return ("caseload",), True
    if profile.months_in_cti is not None:
        return ("phase",), True
    if profile.housing_allocated is not None and _STARTING.search(text):
        return ("start",), True
    if profile.meetings_per_year is not None:
        return ("meetings",), True
    if _DECISION.search(focus) or _ASKS_RECOMMENDATION.search(focus):
        return ("method",), True
    soft_facts = [s for s in ("support_ability", "support_need") if getattr(profile, s) is not None]
    if soft_facts and _ASKS_METHODS_VIEW.search(focus):
        return ("method",), True
    # "hvad tilbyder vi?" after a person's facts: asked in words no list foresees.
    person = profile.age is not None or case_marker(text)
    soft = [s for s in ("support_ability", "support_need", "housing_situation", "stay") if getattr(profile, s) is not None]
    # Two soft facts of a person, or one of a person whose age is stated ("en ung på 20 der sover hos venner").
    enough = len(soft) >= 2 or (len(soft) == 1 and profile.age is not None)
    # A narrative that asks nothing at all ("Mikkel, 31, sover på sofaen … har brug for støtte i lang
    # tid") is handed over for a recommendation.
    asks = "?" in focus or ("?" not in text and len(soft) >= 2)
    if asks and person and enough and not _FACT_QUESTION.search(focus):
        return ("method",), True
    return (), True


def profile_topics(profile: CaseProfile, rules: RuleSet | None = None) -> tuple[str, ...]:
    """Topic ids whose key slots the profile fills (the case-check form)."""
    rs = rules if rules is not None else default_rules()
    return tuple(t.id for t in rs.topics if any(getattr(profile, k) is not None for k in t.keys))


def _evaluate_topic(topic: Topic, p: CaseProfile, rs: RuleSet) -> list[Verdict]:
    applied: list[Rule] = []
    pending: list[tuple[Rule, tuple[str, ...]]] = []
    for rule in rs.rules_for(topic.id):
        r = check(rule.applies, p)
        if r.value is True:
            applied.append(rule)
        elif r.value is None:
            pending.append((rule, r.missing))
    if applied:
        return [run_rule(rule, p, rs) for rule in applied]
    if not pending:
        return []
    missing = tuple(dict.fromkeys(s for _, m in pending for s in m))
    prompt = rs.prompt(missing[0])
    citations = tuple(dict.fromkeys(c for rule, _ in pending for c in rule.sources))
    labels = join_da([SLOT_LABELS_DA[s] for s in missing])
    explanation = f"{topic.statement} Før det kan afgøres, hvilken regel der gælder, mangler oplysning om {labels}."
    return [
        Verdict(
            rule=topic.id,
            explanation=explanation.strip(),
            citations=citations,
            missing=missing,
            question=prompt.question,
            options=prompt.options,
            facts=_facts(p, SLOT_NAMES),
        )
    ]


def run_rule(rule: Rule, p: CaseProfile, rs: RuleSet) -> Verdict:
    """Apply one rule to a (derived) profile."""
    outcome = EVALUATORS[rule.logic["evaluator"]].evaluate(rule.logic, p)
    facts = _facts(p, rule.inputs)
    if outcome.missing:
        prompt = rs.prompt(outcome.missing[0], rule)
        labels = join_da([SLOT_LABELS_DA[s] for s in outcome.missing])
        return Verdict(
            rule=rule.id,
            explanation=f"{rule.statement} For at bruge reglen mangler oplysning om {labels}.",
            citations=rule.sources,
            missing=outcome.missing,
            question=prompt.question,
            options=prompt.options,
            facts=facts,
        )
    ctx = _context(rule, p, outcome.context)
    explanation = " ".join(string.Formatter().vformat(outcome.template, (), ctx).split())
    cited = rule.sources_for(outcome.fields, {s: getattr(p, s) for s in SLOT_NAMES})
    return Verdict(rule=rule.id, explanation=explanation, citations=cited, facts=facts, **outcome.fields)


def _facts(p: CaseProfile, slots: Collection[str]) -> tuple[tuple[str, Any], ...]:
    return tuple((s, getattr(p, s)) for s in slots if getattr(p, s) is not None)


def _context(rule: Rule, p: CaseProfile, extra: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    for slot in SLOT_NAMES:
        value = getattr(p, slot)
        if value is None:
            ctx[slot] = "ukendt"
        elif slot in INT_SLOTS or slot in FLOAT_SLOTS:
            ctx[slot] = fmt_number(value)
        elif slot in ("method", "caseload_role"):
            ctx[slot] = value
        else:
            ctx[slot] = phrase_da(slot, value)
    phrases = [phrase_da(s, getattr(p, s)) for s in rule.inputs if s not in _NOT_IN_FACTS and getattr(p, s) is not None]
    ctx["facts"] = join_da(phrases) if phrases else "ingen særlige oplysninger er givet"
    ctx["subject"] = rule.subject
    ctx["Subject"] = rule.subject[:1].upper() + rule.subject[1:]
    for key in ("value", "limit", "diff", "phase", "phase_name", "end", "remaining"):
        ctx.setdefault(key, "")
    ctx.update(extra)
    return ctx


def _contradiction(profile: CaseProfile, messages: list[str]) -> Verdict:
    slots = profile.contradiction_slots()
    return Verdict(
        rule=CONTRADICTION_RULE,
        explanation=" ".join(messages) + " Reglerne giver ingen anbefaling, før oplysningerne hænger sammen.",
        citations=(),
        missing=slots,
        question=f"Hvad er rigtigt om {join_da([SLOT_LABELS_DA[s] for s in slots])}?",
        facts=_facts(profile, slots),
    )


__all__ = ["case_topics", "evaluate", "detect_topics", "profile_topics", "run_rule", "CONTRADICTION_RULE", "RuleCitation"]
