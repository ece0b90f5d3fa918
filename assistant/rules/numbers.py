"""Numbers written as digits or words (Danish and English, 0–50, "et dusin"/"a dozen" 12), for the
slot extractor.

>>> parse_number("elleve"), parse_number("toogtyve"), parse_number("4,5"), parse_number("twenty-one")
(11, 22, 4.5, 21)
"""

from __future__ import annotations

import re

_DA = [
    "nul",
    "en",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "elleve",
    "tolv",
    "tretten",
    "fjorten",
    "femten",
    "seksten",
    "sytten",
    "atten",
    "nitten",
    "tyve",
]
_EN = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]

WORDS: dict[str, int] = {}
for _i, _w in enumerate(_DA):
    WORDS[_w] = _i
for _i, _w in enumerate(_EN):
    WORDS[_w] = _i
WORDS.update({"én": 1, "et": 1, "ét": 1, "tredive": 30, "thirty": 30})
# tens up to 50 (a team's total caseload: "fyrre borgere", "forty clients") and a dozen
WORDS.update({"fyrre": 40, "fyrretyve": 40, "halvtreds": 50, "forty": 40, "fifty": 50, "dusin": 12, "dozen": 12})
for _tens_da, _tens_en, _base in (("tyve", "twenty", 20), ("tredive", "thirty", 30), ("fyrre", "forty", 40)):
    for _i, _w in enumerate(_DA[1:10], start=1):
        WORDS[f"{_w}og{_tens_da}"] = _base + _i
    for _i, _w in enumerate(_EN[1:10], start=1):
        WORDS[f"{_tens_en}-{_w}"] = _base + _i
        WORDS[f"{_tens_en} {_w}"] = _base + _i

_ALTERNATION = "|".join(sorted((w.replace(" ", r"\s") for w in WORDS), key=len, reverse=True))
# A number: digits (with , or . decimals) or a number word; named group "n".
NUM = rf"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?|{_ALTERNATION})(?![\w])"
# A number optionally followed by "og en halv" / "and a half" / "½" (named group "half").
NUM_HALF = NUM + r"(?P<half>\s*(?:og\s+en\s+halv|en\s+halv|and\s+a\s+half|½))?"


def parse_number(token: str) -> int | float:
    """'11' -> 11, '4,5' -> 4.5, 'elleve' -> 11; raises KeyError for unknown words."""
    t = " ".join(token.lower().split())
    if t[0].isdigit():
        t = t.replace(",", ".")
        return float(t) if "." in t else int(t)
    if t == "halvanden":
        return 1.5
    return WORDS[t]


# "en"/"et"/"one" are articles far more often than numbers: no count or stated figure.
ONE_WORDS = frozenset({"en", "et", "én", "ét", "one"})


def stated_figures(text: str) -> set[float]:
    """The numbers a sentence states, in digits or words ("højst 8 borgere", "mindst fire
    netværksmøder"); "en"/"et" (articles far more often than numbers) are left out.

    >>> sorted(stated_figures("højst 8 borgere ad gangen, 2,5 timer og mindst fire møder for en ung"))
    [2.5, 4.0, 8.0]
    """
    out: set[float] = set()
    for m in re.finditer(NUM, text, re.I):
        token = m.group("n")
        if token.lower() in ONE_WORDS:
            continue
        try:
            out.add(float(parse_number(token)))
        except (KeyError, ValueError):
            continue
    return out
