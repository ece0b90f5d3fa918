"""Numbers with their units in Danish/English text, for false-premise checks.

    >>> sorted(numbers_with_units("forløbet er afgrænset til ni måneder og max 10 borgere"))
    [(9.0, 'måned'), (10.0, 'borger')]
"""

from __future__ import annotations

import re

WORD_NUMBERS: dict[str, float] = {
    "nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14,
    "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
}
UNITS: dict[str, str] = {
    "måned": "måned", "måneder": "måned", "måneders": "måned", "mdr": "måned", "month": "måned",
    "months": "måned", "år": "år", "års": "år", "year": "år", "years": "år", "uge": "uge", "uger": "uge",
    "week": "uge", "weeks": "uge", "borger": "borger", "borgere": "borger", "unge": "borger",
    "citizens": "borger", "clients": "borger", "people": "borger", "faser": "fase", "fase": "fase",
    "phases": "fase", "principper": "princip", "grundprincipper": "princip", "principles": "princip",
    "møder": "møde", "netværksmøder": "møde", "meetings": "møde", "trin": "trin", "steps": "trin",
    "kommuner": "kommune", "municipalities": "kommune", "timer": "time", "hours": "time",
}
_COUNT_WORDS = (w for w in WORD_NUMBERS if w not in ("en", "et", "én", "ét", "one"))
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + ")"
_PAIR = re.compile(
    rf"(?<!§ )(?<!§)\b{_NUM}\s+(?:(?!og\b|eller\b|and\b|or\b)\w+\s+)?({'|'.join(sorted(UNITS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)


def to_number(tok: str) -> float | None:
    t = tok.lower().replace(",", ".")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def numbers_with_units(text: str) -> set[tuple[float, str]]:
    out: set[tuple[float, str]] = set()
    for m in _PAIR.finditer(text):
        value = to_number(m.group(1))
        if value is not None:
            out.add((value, UNITS[m.group(2).lower()]))
    return out


def conflicting_premises(question: str, evidence_text: str) -> list[tuple[float, str]]:
    """(value, unit) pairs the question states that the evidence contradicts (same unit, other value)."""
    asked = numbers_with_units(question)
    found = numbers_with_units(evidence_text)
    conflicts = []
    for value, unit in sorted(asked):
        same_unit = {v for v, u in found if u == unit}
        if same_unit and value not in same_unit:
            conflicts.append((value, unit))
    return conflicts
