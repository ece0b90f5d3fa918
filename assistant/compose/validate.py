"""Validation of a language model's answer before anyone sees it.

An LLM answer is accepted only when

1. it is not empty and carries no instruction-following artefacts or HTML/script;
2. every sentence cites at least one supplied passage as ``[n]`` (``[1]``, ``[1][2]`` or
   ``[1, 2]``), with ``1 <= n <= len(passages)``;
3. every number in a sentence (digits, and the Danish number words to … tyve; English
   two … twenty when ``lang="en"``) occurs, as a number, in a passage that sentence cites
   ("9" matches "ni");
4. no rule verdict is contradicted (recommended method, caseload ok or not, the caseload
   limit, the CTI phase).

    >>> r = validate_llm_answer("Et CTI-forløb varer ni måneder [1].", ["Forløbet varer 9 måneder."], [])
    >>> r.ok, r.reasons, r.cited
    (True, (), (1,))

Reasons are exact Danish strings (tests assert them); ``i`` is the 1-based sentence number:

- ``REASON_EMPTY`` = "Svaret er tomt."
- ``REASON_HTML`` = "Svaret indeholder HTML eller script."
- ``REASON_INJECTION`` = "Svaret bærer præg af at følge instruktioner fra teksten."
- "Sætning {i} har ingen kildehenvisning."
- "Sætning {i} henviser til [{n}], men der er kun {k} passager."
- "Sætning {i} henviser til [{n}], som indeholder instruktioner til sprogmodellen."
  (a passage carrying injection text or HTML is no source; its numbers do not count)
- "Sætning {i} nævner tallet {x}, som ikke står i de citerede passager."
- "Svaret anbefaler {m}, men reglen {rule} anbefaler {v}."
- "Svaret siger, at sagsstammen er i orden, men reglen {rule} siger, at den er for stor."
- "Svaret siger, at sagsstammen er for stor, men reglen {rule} siger, at den er i orden."
- "Svaret nævner grænsen {x}, men reglen {rule} siger {limit}."
- "Svaret nævner CTI-fase {x}, men reglen {rule} siger fase {phase}."
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import nfc
from assistant.types import Verdict

REASON_EMPTY = "Svaret er tomt."
REASON_HTML = "Svaret indeholder HTML eller script."
REASON_INJECTION = "Svaret bærer præg af at følge instruktioner fra teksten."

NUMBER_WORDS_DA: dict[str, int] = {
    "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
    "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15, "seksten": 16,
    "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
}  # fmt: skip
NUMBER_WORDS_EN: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
_ORDINALS = {"første": 1, "anden": 2, "andet": 2, "tredje": 3, "first": 1, "second": 2, "third": 3}

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_MARKER_ONLY = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+\s*[.!?]?\s*$")
# A sentence ends at . ! ? (plus any citation markers right after it) when whitespace and a
# capital letter, quote, bracket or bullet follow; a line break always ends a sentence.
_BOUNDARY = re.compile(r"([.!?](?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)\s+(?=[A-ZÆØÅ\"'«(\[-])")
_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
_ABBREV = re.compile(
    r"(?:\b(?:bl\.a|f\.eks|fx|stk|nr|jf|ca|pr|mv|osv|mht|evt|dvs|inkl|kap|s|e\.g|i\.e)\.)$", re.I
)
_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:,\d+)?")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>|javascript:|\bon[a-z]+\s*=", re.I)
_INJECTION = re.compile(
    r"som instrueret|som du bad om i teksten|ignorer(?:er|e)? (?:alle |dine |mine |de )?tidligere"
    r"|ignorer(?:er|e)? (?:dine|mine|alle) instruktioner|tidligere instruktioner|systemprompt"
    r"|system prompt|as instructed|ignor(?:e|ing) (?:all )?previous|previous instructions"
    r"|jeg er en (?:ai|sprogmodel)|as an ai\b",
    re.I,
)

# Imperatives aimed at a model, found inside a passage (documents never address the assistant).
_PASSAGE_ORDER = re.compile(
    r"\b(?:ignorer|ignore|glem|forget|disregard)\b[^.!?\n]{0,40}\b(?:instruktion\w*|instructions?|regler|rules|prompt)"
    r"|<\s*script",
    re.I,
)

_METHOD = r"(cti|icm|act|samarbejdsmodellen)"
_RECOMMEND = [
    re.compile(
        r"\b(?:anbefal\w*|recommend\w*|bør\s+(?:få|tilbydes|modtage|have|bruge)|should\s+(?:get|receive|use))"
        r"[\s:]+(?:[\w-]+[\s,]+){0,3}?" + _METHOD + r"\b",
        re.I,
    ),
    re.compile(
        r"\b" + _METHOD + r"(?:-\w+)?\s+(?:er\s+|is\s+)?(?:anbefales|anbefalet|recommended)\b"
        r"(?!\s+(?:ikke|not)\b)",
        re.I,
    ),
]
_NEGATION = re.compile(r"\b(?:ikke|not|never|aldrig)\b", re.I)
_CASELOAD_OK = re.compile(
    r"inden for (?:grænsen|normen|anbefalingen)|under grænsen|overholder(?! ikke)|er i orden"
    r"|er (?:fint|ok|acceptabel)|ikke for (?:stor|mange|høj)|ikke overskrider|ikke over grænsen"
    r"|within the (?:limit|recommended)|below the limit|is (?:fine|acceptable|ok)"
    r"|not too (?:high|many|large)",
    re.I,
)
_CASELOAD_BAD = re.compile(
    r"(?<!ikke )for (?:stor|mange|høj)|(?<!ikke )overskrider|(?<!ikke )over grænsen|overholder ikke"
    r"|(?<!not )too (?:high|many|large)|(?<!not )exceeds|above the limit",
    re.I,
)
_LIMIT_CUE = (
    r"(?:grænsen?\s+(?:er|på|ligger\s+på)|højst|maksimalt|maks\.?|op\s+til|ikke\s+over|limit(?:\s+is|\s+of)?"
    r"|at\s+most|up\s+to|max(?:imum)?)"
)
_CASELOAD_WORDS = re.compile(r"borger|sag|caseload|medarbejder|citizen|client|case", re.I)


@lru_cache(maxsize=4)
def _number_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(limit pattern, phase pattern) for ``lang``; group(s) capture a digit run or number word."""
    words = list(NUMBER_WORDS_EN if lang == "en" else NUMBER_WORDS_DA) + list(_ORDINALS)
    num = r"(\d+|" + "|".join(sorted(words, key=len, reverse=True)) + r")"
    limit = re.compile(_LIMIT_CUE + r"\s+(?:[a-zæøå]+\s+){0,2}?" + num + r"\b", re.I)
    phase = re.compile(r"\b(?:fase|phase)\s+" + num + r"\b|\b" + num + r"\.?\s+(?:fase|phase)\b", re.I)
    return limit, phase


@dataclass(frozen=True)
class ValidationResult:
    """``ok`` when no rule is broken; ``reasons`` in check order; ``cited`` sorted, in range."""

    ok: bool
    reasons: tuple[str, ...]
    cited: tuple[int, ...]


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences; a fragment of bare markers joins the sentence before it.

    >>> split_sentences("Forløbet varer ni måneder. [1] Det har tre faser, jf. bl.a. Trin 2 [2].")
    ['Forløbet varer ni måneder. [1]', 'Det har tre faser, jf. bl.a. Trin 2 [2].']
    """
    raw: list[str] = []
    for line in text.split("\n"):
        line = _BULLET.sub("", line.strip())
        raw.extend(p.strip() for p in _BOUNDARY.sub("\\1\n", line).split("\n") if p.strip())
    merged: list[str] = []
    for part in raw:
        if merged and (_MARKER_ONLY.match(part) or _ABBREV.search(merged[-1])):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _word_value(word: str, lang: str) -> int | None:
    words = NUMBER_WORDS_EN if lang == "en" else NUMBER_WORDS_DA
    return words.get(word.lower())


def _to_number(token: str, lang: str) -> float | None:
    if token.isdigit():
        return float(token)
    word = _word_value(token, lang)
    if word is not None:
        return float(word)
    return float(_ORDINALS[token.lower()]) if token.lower() in _ORDINALS else None


def numbers_in(text: str, lang: str = "da") -> list[float]:
    """Every number in ``text`` as a float: digits ("1.000" = 1000, "2,5" = 2.5) and number words.

    ``lang``: "da" or "en" number words, or "any" for both (used for passages, which may be
    Danish while the answer is English).

    >>> numbers_in("ni måneder, 10.000 kr. og 2,5 år")
    [10000.0, 2.5, 9.0]
    """
    values: list[float] = []
    for m in _DIGITS.finditer(text):
        tok = m.group(0)
        if "." in tok:
            values.append(float(tok.replace(".", "")))
        else:
            values.append(float(tok.replace(",", ".")))
    words = _words(lang)
    pattern = _word_pattern(lang)
    values.extend(float(words[m.group(1).lower()]) for m in pattern.finditer(text))
    return values


def _words(lang: str) -> dict[str, int]:
    if lang == "any":
        return {**NUMBER_WORDS_DA, **NUMBER_WORDS_EN}
    return NUMBER_WORDS_EN if lang == "en" else NUMBER_WORDS_DA


@lru_cache(maxsize=4)
def _word_pattern(lang: str) -> re.Pattern[str]:
    words = sorted(_words(lang), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w])", re.I)


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x).replace(".", ",")


def _markers(sentence: str) -> list[int]:
    out: list[int] = []
    for m in _MARKER.finditer(sentence):
        out.extend(int(x) for x in re.split(r"\s*[,;]\s*", m.group(1)))
    return out


def _recommended(text: str) -> list[str]:
    found: list[str] = []
    for pattern in _RECOMMEND:
        for m in pattern.finditer(text):
            if _NEGATION.search(m.group(0)):
                continue
            method = m.group(1).upper()
            if method not in found:
                found.append(method)
    return found


def _verdict_checks(text: str, verdicts: Sequence[Verdict], lang: str) -> list[str]:
    reasons: list[str] = []
    plain = _MARKER.sub(" ", text)
    recommended = _recommended(plain)
    limit_pattern, phase_pattern = _number_patterns(lang)
    for v in verdicts:
        if v.method is not None:
            allowed = {v.method}
            if v.with_samarbejdsmodellen:
                allowed.add("SAMARBEJDSMODELLEN")
            for method in recommended:
                if method not in allowed:
                    reasons.append(f"Svaret anbefaler {method}, men reglen {v.rule} anbefaler {v.method}.")
        if v.caseload_ok is False and _CASELOAD_OK.search(plain):
            reasons.append(
                f"Svaret siger, at sagsstammen er i orden, men reglen {v.rule} siger, at den er for stor."
            )
        if v.caseload_ok is True and _CASELOAD_BAD.search(plain):
            reasons.append(
                f"Svaret siger, at sagsstammen er for stor, men reglen {v.rule} siger, at den er i orden."
            )
        if v.limit is not None:
            caseload_sentences = [t for t in split_sentences(plain) if _CASELOAD_WORDS.search(t)]
            for m in (m for t in caseload_sentences for m in limit_pattern.finditer(t)):
                x = _to_number(m.group(1), lang)
                if x is not None and x != v.limit:
                    reasons.append(f"Svaret nævner grænsen {_fmt(x)}, men reglen {v.rule} siger {v.limit}.")
        if v.cti_phase is not None:
            for m in phase_pattern.finditer(plain):
                token = m.group(1) or m.group(2)
                x = _to_number(token, lang)
                if x is not None and x != v.cti_phase:
                    reasons.append(
                        f"Svaret nævner CTI-fase {_fmt(x)}, men reglen {v.rule} siger fase {v.cti_phase}."
                    )
    return list(dict.fromkeys(reasons))


def validate_llm_answer(
    text: str, passages: Sequence[str], verdicts: Sequence[Verdict], lang: str = "da"
) -> ValidationResult:
    """Check an LLM answer against the numbered passages ([1]..[n]) and the rule verdicts.

    >>> validate_llm_answer("Forløbet varer 12 måneder [1].", ["Forløbet varer ni måneder."], []).reasons
    ('Sætning 1 nævner tallet 12, som ikke står i de citerede passager.',)
    """
    text = nfc(text).strip()
    if not text:
        return ValidationResult(ok=False, reasons=(REASON_EMPTY,), cited=())
    reasons: list[str] = []
    if _HTML.search(text):
        reasons.append(REASON_HTML)
    if _INJECTION.search(text):
        reasons.append(REASON_INJECTION)
    k = len(passages)
    tainted = {i for i, p in enumerate(passages, start=1) if _INJECTION.search(p) or _PASSAGE_ORDER.search(p)}
    passage_numbers = [
        set() if i in tainted else set(numbers_in(p, "any")) for i, p in enumerate(passages, 1)
    ]
    cited: set[int] = set()
    for i, sentence in enumerate(split_sentences(text), start=1):
        refs = _markers(sentence)
        if not refs:
            reasons.append(f"Sætning {i} har ingen kildehenvisning.")
            continue
        valid = [n for n in dict.fromkeys(refs) if 1 <= n <= k]
        for n in dict.fromkeys(refs):
            if not 1 <= n <= k:
                reasons.append(f"Sætning {i} henviser til [{n}], men der er kun {k} passager.")
        for n in valid:
            if n in tainted:
                reasons.append(
                    f"Sætning {i} henviser til [{n}], som indeholder instruktioner til sprogmodellen."
                )
        cited.update(valid)
        allowed: set[float] = set().union(*(passage_numbers[n - 1] for n in valid)) if valid else set()
        for x in dict.fromkeys(numbers_in(_MARKER.sub(" ", sentence), lang)):
            if x not in allowed:
                reasons.append(f"Sætning {i} nævner tallet {_fmt(x)}, som ikke står i de citerede passager.")
    reasons.extend(_verdict_checks(text, verdicts, lang))
    return ValidationResult(ok=not reasons, reasons=tuple(reasons), cited=tuple(sorted(cited)))
