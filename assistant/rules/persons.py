"""Which sentences of a case note are about the person the question is about.

Team leads' notes mention other people with their own ages and problems: "Hans bror Michael (51)
… dagligt alkoholforbrug", "Hendes søster (29) har et tungt misbrug og bor på gaden", "Peter (44)
is pretty self-sufficient". Read as facts of the case, they contradict its age or give it a
substance problem it does not have. ``about_the_subject`` drops the sentences whose subject is
someone else, so the rules read only the person asked about:

- a sentence that opens with a relative or housemate ("Hans bror …", "Kæresten Sofie (17) …",
  "Her boyfriend …", "Værelseskammeraten …");
- a sentence that opens with another person's name, when the question names the person asked
  about ("… skal vi indstille Henrik til?") and the other name is shown to be a person's (an age
  after it, "Peter (44)", or written as a name inside a sentence elsewhere in the note).

A sentence about the subject that merely mentions someone ("Han bor hos sin fætter") stays.

    >>> about_the_subject("Fatima (34) skal i egen bolig. Hendes søster (29) har et misbrug. Hvilken metode til Fatima?")
    'Fatima (34) skal i egen bolig. Hvilken metode til Fatima?'
"""

from __future__ import annotations

import re

# Relatives, partners and housemates, as the first words of a sentence (with or without a
# possessive before them).
_RELATION = (
    r"(?:eks-?|ex-?|sviger)?"
    r"(?:kone|konen|hustru|hustruen|manden|svoger|svogeren|svigerinde|nabo|naboen|wife|husband|friend|neighbou?r"
    r"|søster|søsteren|storesøster|lillesøster|bror|broren|storebror|lillebror|kæreste|kæresten|ekskæresten"
    r"|mor|moren|moderen|far|faren|faderen|forældre|forældrene|stedfar|stedfaren|stedmor|stedmoren|datter|datteren"
    r"|søn|sønnen|fætter|fætteren|kusine|kusinen|onkel|onklen|moster|mosteren|faster|fasteren|bedstemor|bedstefar"
    r"|værelseskammerat|værelseskammeraten|bofælle|bofællen|samlever|samleveren|veninde|veninden|vennen|ven"
    r"|sister|brother|girlfriend|boyfriend|mother|mum|mom|father|dad|son|daughter|cousin|uncle|aunt|roommate"
    r"|flatmate|housemate|grandmother|grandfather)"
)
_OPENS_WITH_RELATION = re.compile(
    # "Far til tre" describes the person asked about, not their father
    rf"^\W*(?:(?:hans|hendes|dennes|deres|his|her|their|the|en|et|a)\s+)?(?:\w+\s+)?{_RELATION}\b(?!\s+(?:til|to|of)\b)",
    re.I,
)
# A piece that is only "Hans bror " (its name and age were cut off as a lost sentence start).
_ONLY_RELATION = re.compile(rf"^\W*(?:(?:hans|hendes|dennes|deres|his|her|their)\s+)?(?:\w+\s+)?{_RELATION}\W*$", re.I)
_NAME = r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?"
# A professional named at the start of a sentence: "Sagsbehandler Birgitte (32) har lavet udredning"
# (by name only: "Vores sygeplejerske er primær for et dusin borgere" may be the worker asked about).
_PROFESSIONAL = (
    r"(?:(?i:vores|hans|hendes|deres|our|his|her)\s+)?"
    r"(?i:sagsbehandler|socialrådgiver|læge|psykiater|sygeplejerske|caseworker|social\s+worker|nurse|doctor|psychiatrist)"
    r"(?i:en|e)?"
)
_OPENS_WITH_PROFESSIONAL = re.compile(r"^\W*" + _PROFESSIONAL + r"\s+" + _NAME + r"\b")
# The piece left when the name after the role was cut off as a lost sentence start.
_ONLY_PROFESSIONAL = re.compile(r"^\W*" + _PROFESSIONAL + r"\W*$")
_OPENS_WITH_NAME = re.compile(rf"^\W*({_NAME})\b")
# A name shown as a person's: an age after it ("Peter (44)", "Mogens, 61", "Kasper på 24").
_AGED_NAME = re.compile(rf"\b({_NAME})\s*(?:\(\s*\d{{1,2}}\s*(?:år)?\s*\)|,\s*\d{{1,2}}\b|\s+på\s+\d{{1,2}}\b|\s+\d{{1,2}}\s+år)")
_MID_NAME = re.compile(rf"(?<=[a-zæøå,;:] )({_NAME})\b")
# Capitalised words that are no person: the field's names and note furniture.
_NOT_PERSONS = frozenset(
    "Samarbejdsmodellen Housing First Metodeguiden Metodeguide Socialstyrelsen Kommune Kommunes Borger Borgeren "
    "Herberget Forsorgshjemmet Jobcentret Jobcenter Spm Spørgsmål Vurdering Status Journalnotat Notat Mvh Hilsen "
    "Venlig Dato Fra Til Emne Sent From Subject Cheers Regards Thanks Hej Hi Teams".split()
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
# Where a sentence begins though the full stop or line break before it was lost (a note whose
# lines were joined): a capitalised possessive and a relative, or a name with an age in brackets,
# right after a lower-case word ("… i lokalområdet Hans værelseskammerat …", "… Kasper (24), har …").
_LOST_START = re.compile(
    rf"(?<=[a-zæøå0-9)\"”,]) (?=(?:Hans|Hendes|Dennes|Deres|His|Her|Their)\s+(?:\w+\s+)?(?i:{_RELATION})\b"
    rf"|{_NAME}\s*\(\s*\d{{1,2}}\s*(?:år)?\s*\))"
)


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for m in _SENTENCE.finditer(text):
        piece = m.group(0)
        if not piece:
            continue
        cuts = [0, *(c.end() for c in _LOST_START.finditer(piece)), len(piece)]
        out += [piece[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if piece[a:b]]
    return out


def subject_name(text: str) -> str | None:
    """The name of the person the note's question is about ("hvilken metode til Fatima?"), or
    None when the question names nobody."""
    questions = [s for s in _sentences(text) if "?" in s]
    if not questions:
        return None
    for m in _MID_NAME.finditer(questions[-1].strip()):
        if m.group(1) not in _NOT_PERSONS:
            return m.group(1)
    return None


def about_the_subject(text: str) -> str:
    """``text`` without the sentences whose subject is another person (see the module docstring);
    ``text`` unchanged when it has none."""
    subject = subject_name(text)
    persons = {m.group(1) for m in _AGED_NAME.finditer(text)} | {m.group(1) for m in _MID_NAME.finditer(text)}
    kept: list[str] = []
    dropped = False
    carried = False  # the relative's name was cut off from "Hans bror": it opens the next piece
    for sentence in _sentences(text):
        other = False
        only_who = bool(_ONLY_RELATION.match(sentence) or _ONLY_PROFESSIONAL.match(sentence))
        if carried and "?" not in sentence:
            other = True
        elif "?" not in sentence and (
            _OPENS_WITH_RELATION.search(sentence) or _OPENS_WITH_PROFESSIONAL.search(sentence) or only_who
        ):
            other = True
        elif subject is not None and "?" not in sentence:
            m = _OPENS_WITH_NAME.search(sentence)
            if m and m.group(1) != subject and m.group(1) in persons and m.group(1) not in _NOT_PERSONS:
                other = subject not in sentence
        carried = other and only_who
        if other:
            dropped = True
            kept.append("\n" if sentence.endswith("\n") else "")
        else:
            kept.append(sentence)
    return "".join(kept) if dropped else text
