"""Sources that state different figures for the same thing, and questions about one year.

A municipality's page and a manual can give different figures for the same quantity (the share
who kept their home, how many people are homeless). An answer that quotes one of them hides
that the other exists; so when the question asks for a figure and two documents answer it with
different values of the same kind, both are shown, each with its source and year, and the
answer says that the sources differ.

    >>> sorted(figures("I alt 6.431 hjemløse i 2019, heraf 23 % unge og ca. 90 procent i bolig."))
    [(23.0, '%'), (90.0, '%'), (6431.0, 'hjemløs')]
    >>> time_years("Antallet steg fra 2009 til 2015 (Benjaminsen 2013).")
    frozenset({2009, 2015})
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evidence import Evidence, asks_number
from assistant.text import content_stems

# A number (digits with thousands separators or a decimal comma) and what it counts: a percent
# sign or word, or the content word that follows ("6.431 hjemløse", "26 kommuner").
_FIGURE = re.compile(
    r"(?<![\w§.,/-])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?![\w.,]\d)"
    r"(?:\s*(%|procent\b|pct\b\.?|percent\b|per cent\b|kr\b\.?|kroner\b|dkk\b))?"
    r"(?:\s+(?:af\s+(?:de\s+)?|of\s+(?:the\s+)?)?([a-zæøåA-ZÆØÅ][a-zæøåA-ZÆØÅ-]{2,}))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# A year that is a reference, not a time: "(Benjaminsen 2015)", "Rambøll, 2016", "SFI 2013".
_REFERENCE_YEAR = re.compile(r"(?:\(\s*[^()]{0,40}?|[A-ZÆØÅ][\w&.-]+,?\s+)(19[5-9]\d|20[0-4]\d)(?!\d)")
_ASKS_SHARE = re.compile(
    r"\b(andel\w*|procent\w*|hvor stor (?:en )?del|share|percentage|proportion|how many|hvor mange)\b", re.IGNORECASE
)
# A count, an amount or a share ("hvornår" asks a time: a year in it is context, not the figure's year).
_ASKS_AMOUNT = re.compile(
    r"\b(?:hvor\s+(?:mange|meget|stor\w*)|antal\w*|andel\w*|procent\w*|how\s+(?:many|much)|number\s+of|share|percentage)\b",
    re.IGNORECASE,
)
_SCALES = {"mio": 1e6, "million": 1e6, "millioner": 1e6, "mia": 1e9, "milliard": 1e9, "milliarder": 1e9,
           "tusind": 1e3, "tusinde": 1e3}
_MONEY_AFTER = re.compile(r"\.?\s*(?:kr\b|kroner\b|dkk\b)", re.IGNORECASE)
# Words that follow a number without being what it counts.
_NOT_UNITS = frozenset(
    {"og", "eller", "til", "fra", "i", "af", "på", "med", "for", "om", "at", "er", "var", "har", "blev", "and", "or",
     "to", "from", "in", "of", "the", "was", "were", "is", "are", "ca", "cirka", "mellem", "samt"}
)


@dataclass(frozen=True)
class Disagreement:
    """Two evidence sentences from different documents that give different values of one kind
    (``unit``: "%" or the stem of the counted noun). ``first`` is the answer's own sentence."""

    first: Evidence
    other: Evidence
    unit: str


# A share said in words: "hver fjerde ledige bolig", "halvdelen", "to tredjedele", "one in four".
_SHARE_WORDS = {
    "hver anden": 50.0, "hver tredje": 100 / 3, "hver fjerde": 25.0, "hver femte": 20.0, "hver tiende": 10.0,
    "halvdelen": 50.0, "en tredjedel": 100 / 3, "to tredjedele": 200 / 3, "en fjerdedel": 25.0,
    "tre fjerdedele": 75.0, "en femtedel": 20.0, "one in two": 50.0, "one in three": 100 / 3,
    "one in four": 25.0, "one in five": 20.0, "half": 50.0, "a third": 100 / 3, "two thirds": 200 / 3,
    "a quarter": 25.0, "three quarters": 75.0,
}
_SHARE_WORD = re.compile(
    r"\b(" + "|".join(sorted(_SHARE_WORDS, key=len, reverse=True)) + r")\b"
    r"(?!\s+(?:uge|måned|dag|år|gang|time|week|month|day|year|an?\s+hour)\w*)",  # "hver fjerde uge" is how often
    re.IGNORECASE,
)


def figures(text: str) -> set[tuple[float, str]]:
    """(value, unit) pairs: "23 %" → (23.0, "%"), "1.200 kr." → (1200.0, "kr"), "6.431 hjemløse" →
    (6431.0, "hjemløs"), "hver fjerde ledige bolig" → (25.0, "%").
    Years, paragraph numbers ("§ 85") and numbers with no counted word are left out."""
    out: set[tuple[float, str]] = {(_SHARE_WORDS[m.group(1).lower()], "%") for m in _SHARE_WORD.finditer(text)}
    for m in _FIGURE.finditer(text):
        raw, percent, word = m.group(1), m.group(2), m.group(3)
        value = float(raw.replace(".", "").replace(",", "."))
        if percent:
            out.add((value, "kr" if percent.lower().startswith(("kr", "dkk")) else "%"))
            continue
        if word is None or word.lower() in _NOT_UNITS or _YEAR.fullmatch(raw):
            continue
        scale = _SCALES.get(word.lower().rstrip("."))
        if scale is not None and _MONEY_AFTER.match(text, m.end()):
            out.add((value * scale, "kr"))  # "500 millioner kroner", "2,5 mio. kr."
            continue
        stems = content_stems(word)
        if stems:
            out.add((value, stems[0]))
    return out


def years_in(text: str) -> list[int]:
    """Every year (1950–2049) written in ``text``, references included.

    >>> years_in("hjemløsetællingen i 2019 og 2022, 5.000 hjemløse")
    [2019, 2022]
    """
    return [int(m.group(1)) for m in _YEAR.finditer(text)]


def time_years(text: str) -> frozenset[int]:
    """Years the text speaks of as times ("i 2015", "fra 2009 til 2015"), not as references to
    a publication ("(Benjaminsen 2015)", "Rambøll, 2016")."""
    refs = {m.start(1) for m in _REFERENCE_YEAR.finditer(text)}
    return frozenset(int(m.group(1)) for m in _YEAR.finditer(text) if m.start(1) not in refs)


# An amount of money asked: "hvad koster …", "hvor mange kroner", "hvad er satsen for …" (not "satser
# på", to focus on), "how much does it cost". "What costs
# does it have to cover?" asks which costs, not how much.
_MONEY = re.compile(
    # "hvor mange penge blev der sat af" (money as a topic, "hjælpe med penge", asks no amount)
    r"\b(?:kroner|kr\b\.?|dkk|koste[rt]?|pris\w*|beløb\w*|price\w*|how\s+much|hvor\s+(?:mange|meget)\s+penge|(?:satserne|satsen|satser|sats)\b(?!(?:\s+\w+){0,3}?\s+på\b)|udbetal\w*|"
    r"(?:what|how)\s+(?:does|do|did|would|will)\s+(?:\w+\s+){0,5}?cost\b|the\s+cost\s+of|costs?\s+per)",
    re.I,
)
_PERCENT = re.compile(r"%|\b(?:procent\w*|pct\b|percent\w*|andel\w*|share|proportion)", re.I)
# "hvad koster samarbejdsmodellen i medarbejdertid?", "what does it cost in staff hours": a cost in
# time asks for hours, not kroner
_COST_IN_TIME = re.compile(
    r"\b(?:koste[rt]?|cost\w*)\b(?:\s+(?!og\b|and\b)[^\s,?.]+){0,6}?\s+(?:i\s+|in\s+)?"
    r"(?:\w*tid|\w*timer|årsværk\w*|(?:staff\s+|working\s+)?(?:hours|time))\b",
    re.I,
)
# "hvorfor er det ikke bare en ekstra udgift?": a why-question asks a reason, not an amount
_WHY = re.compile(r"\b(?:hvorfor|why|how\s+come)\b", re.I)
_HOW_MUCH = re.compile(r"\b(?:hvor\s+(?:mange|meget)|how\s+(?:much|many)|hvad\s+koste[rt]?|what\s+does\b.*\bcost)\b", re.I)


def asked_unit(question: str) -> str | None:
    """The unit of the amount a question asks for, as ``figures`` names it: "kr" for money
    ("hvad koster …", "hvor mange kroner"), "%" for a share; None otherwise.

    >>> asked_unit("hvad koster et års drift af samarbejdsmodellen pr ung i kroner?"), asked_unit("Hvad er CTI?")
    ('kr', None)
    >>> asked_unit("hvad koster samarbejdsmodellen reelt ekstra i medarbejdertid pr ung?")  # hours, not kroner
    >>> asked_unit("hvorfor er samarbejdsmodellen ikke bare en ekstra udgift? det koster jo timer")  # a reason
    """
    if _WHY.search(question) and not _HOW_MUCH.search(question):
        return None
    if _MONEY.search(question) and not _COST_IN_TIME.search(question):
        return "kr"
    if _PERCENT.search(question) and (_ASKS_AMOUNT.search(question) or re.search(r"\bhvad\b|\bwhat\b", question, re.I)):
        return "%"
    return None


def asks_figure(question: str) -> bool:
    """The question asks for a count, an amount or a share."""
    return asks_number(question) or bool(_ASKS_SHARE.search(question))


def prefer_year(question: str, scored: Sequence[Evidence], margin: float) -> list[Evidence]:
    """``scored`` with the sentence that speaks of the year the question names moved first, when
    the question asks a count, amount or share and the sentence gives a figure, scores within
    ``2 × margin`` of the best and covers at least 0.8 of what the best covers ("Hvor mange hjemløse var der i 2015?"
    is answered from the 2015 figure, not from a 2019 figure whose sentence cites a 2015 study)."""
    asked = time_years(question)
    if not asked or not scored or not _ASKS_AMOUNT.search(question):
        return list(scored)
    best, best_cov = scored[0].score, scored[0].coverage
    if asked & time_years(scored[0].sentence.text):
        return list(scored)
    for i, ev in enumerate(scored[1:12], start=1):
        if ev.score < best - 2 * margin or ev.coverage < 0.8 * best_cov:
            continue
        if asked & time_years(ev.sentence.text) and figures(ev.sentence.text):
            return [ev, *scored[:i], *scored[i + 1 :]]
    return list(scored)


def find_disagreement(
    question: str, selected: Sequence[Evidence], scored: Sequence[Evidence], margin: float, depth: int = 12
) -> Disagreement | None:
    """The first answer sentence that gives a figure, and the best-scoring sentence of another
    document within ``2 × margin`` of the best score that gives a different value of the same
    kind. None unless the question asks for a figure, or when a named year separates them
    (the 2015 figure and the 2019 figure are no disagreement)."""
    if not selected or not asks_figure(question):
        return None
    first = next((e for e in selected if figures(e.sentence.text)), None)
    if first is None:
        return None
    own = figures(first.sentence.text)
    own_units = {u for _, u in own}
    best = scored[0].score if scored else first.score
    top_cov = max((e.coverage for e in scored[:depth]), default=first.coverage)
    asked_years = time_years(question)
    same_source = first.sentence.chunk.source
    for ev in scored[:depth]:
        if ev.sentence.chunk.source == same_source or ev.score < best - 2 * margin:
            continue
        if ev.coverage < 0.6 * top_cov or ev.sentence.text.strip() == first.sentence.text.strip():
            continue
        for value, unit in sorted(figures(ev.sentence.text)):
            if unit not in own_units or any(v == value for v, u in own if u == unit):
                continue
            years_a, years_b = time_years(first.sentence.text), time_years(ev.sentence.text)
            if asked_years and (asked_years & years_a) and not (asked_years & years_b):
                continue
            if years_a and years_b and not (years_a & years_b) and not asked_years:
                continue  # figures for different years ("2009" and "2019") are a trend, not a conflict
            return Disagreement(first, ev, unit)
    return None
