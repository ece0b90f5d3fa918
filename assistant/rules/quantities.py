"""Typed parsers for the crisp numbers of a case: caseloads, team sizes and the CTI clock.

Counts are exact, so they are parsed, not guessed:

- ``caseload_count``: people attached to one worker or team, in the ways case notes say it
  ("har fået 11 borgere tilknyttet", "carrying 10 clients", "7 ICM-forløb", "Birgitte har 9 lige
  nu"), plus what is about to be added ("9 nu + 2 nye i næste uge", "give hende en ny borger",
  "add one more") — a caseload question is about the load after the addition;
- ``team_size``: the staff who share a caseload ("ACT-teamet består af 5 medarbejdere");
- ``months_since_move``: the CTI clock, which the manuals count from moving into one's own home
  (out of the boform), in months: durations ("16 uger", "et halvt år", "7 og en halv måned"),
  relative times ("fik nøglerne for to uger siden") and dates ("siden 1. marts … i dag er den
  2. maj"). A duration about something else (months on a shelter, in prison) does not count.

    >>> caseload_count("Min kollega har fået 11 borgere tilknyttet. Er det for mange?")
    11
    >>> caseload_count("hun har 9 nu + 2 nye i næste uge")
    11
    >>> months_since_move("Borgeren fik nøglerne til sin lejlighed for to uger siden.")
    0.5
    >>> months_since_move("Han har boet på herberget i 5 mdr. For 5 uger siden flyttede han i egen bolig.")
    1.2
    >>> months_since_move("I dag er d. 14/3-2025. Jens fik nøglerne og flyttede ind i lejligheden 2. januar.")
    2.3
    >>> months_since_move("borgeren flyttede ind og startede cti d. 3. februar 2025. nu er det 10. juni 2025")
    4.2
    >>> months_since_move("hun er i uge 30 af sit CTI forløb")
    6.9
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from assistant.rules.numbers import NUM, NUM_HALF, ONE_WORDS, parse_number
from assistant.text import LIST_ITEM_MARKER

_PEOPLE = (
    r"(?:borgere|borger|unge|ung|klienter|klient|sager|sag|forløb|cases|case|clients|client|citizens|"
    r"young\s+people|people|personer|beboere|brugere|deltagere)"
)
_WORKER = re.compile(
    r"\b(?:medarbejder\w*|kollega\w*|bostøtte\w*|koordinator\w*|caseload|normering|team\w*|worker\w*|staff|"
    r"han|hun|hende|ham|vi|jeg|he|she|her|him|we|carry\w*|tilknyttet|ad gangen|at a time|pr\.?\s*medarbejder|"
    # the method the people are in: "ICM: 7 borgere nu og 2 på vej ind"
    r"cti|icm|act|"
    r"per\s+(?:worker|medarbejder)|[A-ZÆØÅ][a-zæøå]+\s+har)\b",
    re.IGNORECASE,
)
# "vi har 9 pr medarbejder": a count per worker, no noun needed.
_PER_WORKER = re.compile(
    NUM + r"\s+(?:borgere\s+|unge\s+|klienter\s+|clients\s+)?(?:pr\.?|per|hver|each)\s+"
    r"(?:medarbejder\w*|worker|staff member|koordinator)\b",
    re.I,
)
_COUNT = re.compile(
    NUM + r"\s+(?:(?:nye|nyt|ny|aktive|faste|egne|cti-|icm-|act-|[\w-]+-)\s*)?" + _PEOPLE + r"\b"
    # "en tolv stykker (borgere) kørende", "12 stk."
    r"|" + NUM.replace("(?P<n>", "(?P<n_pieces>") + r"\s+(?:stykker|stk\.?)(?=\s|$|[,.;!?])",
    re.I,
)
# "Birgitte har 9 lige nu", "hun har 12": a bare number after "har"/"has" in a caseload question.
_BARE = re.compile(
    r"\b(?:har|has|have|carrying|carries|with|med)\s+(?:nu\s+|lige nu\s+|i alt\s+)?"
    + NUM
    + r"\b(?!\s*(?:år|years?|%|procent|mdr|måneder|uger|dage|timer))",
    re.I,
)
# A worker's role for the people counted: "er primær for et dusin borgere", "responsible for 12 clients".
_ROLE_FOR = re.compile(r"\b(?:primær|kontaktperson|tovholder|ansvarlig|responsible)\s+for\s+(?:et\s+|en\s+|a\s+)?$", re.I)
# The count a worker already holds, said after it: "de syv jeg har", "the 9 she already has".
_HELD = re.compile(
    r"\b(?:de\s+|the\s+)?" + NUM + r"\s+(?:(?:som|der|that)\s+)?(?:jeg|hun|han|vi|du|i|she|he|we|you)\s+"
    r"(?:allerede\s+|nu\s+|already\s+)?(?:har|has|have)\b",
    re.I,
)
_ADDED = re.compile(
    r"(?:\+|plus|og\s+(?:får|skal\s+have|tager)|add(?:ing)?|tilføje\w*|give\s+(?:hende|ham|dem)|tage"
    # "skal overtage tre fra en kollega", "taking over two from a colleague"
    r"|overtage|overtager|tager\s+over|take\s+over|taking\s+over|takes\s+over|inherit\w*)\s+"
    r"(?:yderligere\s+|endnu\s+)?" + NUM + r"\s*(?:nye?|new|more|til|ekstra|extra)?\b",
    re.I,
)
# People on their way, said after the number: "2 på vej ind", "3 nye kommer til", "two more coming in".
_ADDED_AFTER = re.compile(
    NUM + r"\s+(?:nye?\s+|new\s+|more\s+|til\s+)?(?:borgere\s+|unge\s+|klienter\s+|clients\s+|people\s+)?"
    r"(?:(?:er\s+)?på\s+vej(?:\s+ind)?|kommer\s+(?:ind|til)|(?:are\s+)?on\s+(?:the|their)\s+way|(?:are\s+)?coming\s+in)\b",
    re.I,
)
# People arriving, the verb first: "og så kommer der 3 nye fra herberget", "der kommer 2 borgere mere",
# "hun får 2 nye på mandag", "two more are coming".
_ADDED_ARRIVING = re.compile(
    r"\b(?:kommer\s+der|der\s+kommer|får\s+(?:hun|han|vi|jeg|de)|(?:hun|han|vi|jeg|de)\s+får|(?:is|are)\s+getting|gets)\s+(?:yderligere\s+|endnu\s+)?"
    + NUM
    + r"\s+(?:nye?|new|more|mere|til|ekstra|extra|borgere|unge|klienter|clients)\b",
    re.I,
)
_ONE_MORE = re.compile(
    r"\b(?:one|en|én|et)\s+(?:more|mere|til|ny\s+(?:borger|ung|klient|sag)|new\s+(?:client|person))\b"
    # "en ny 19-årig … kan hun tage ham?", "take him on"
    r"|\b(?:en|et)\s+ny\s+\d{2}\s*-?\s*årig|\btage\s+(?:ham|hende)\b|\btake\s+(?:him|her)\b"
    # "a new one, Jens, starts on Monday", "en ny en starter på mandag"
    r"|\ba\s+new\s+one\b|\ben\s+ny\s+en\b|\bone\s+new\b",
    re.I,
)
# New people named apart from the load, and the question asks to take them all: "vi har 2 nye der
# lige er visiteret … kan hun tage begge to?", "there are 3 new referrals - can he take them all?"
_NEW_PEOPLE = re.compile(
    NUM + r"\s+(?:nye?|new)\b(?!\s+(?:borgere|unge|klienter|clients|citizens)\s+(?:i\s+alt|in\s+total))", re.I
)
_TAKE_THEM = re.compile(
    r"\b(?:tage|tager|overtage|få|take|taking|have)\s+(?:\w+\s+)?(?:begge(?:\s+to)?|dem\s+(?:begge|alle)|alle(?:\s+(?:tre|fire|to))?|dem"
    r"|both(?:\s+of\s+them)?|them(?:\s+all)?|all\s+(?:of\s+them|three|four|two))\b",
    re.I,
)
_LIMIT_WORDS = re.compile(r"\b(?:højst|maks\w*|max\w*|maksimalt|anbefal\w*|grænse\w*|limit|at most|recommended)\b", re.I)


_TARGET_GROUP = re.compile(
    r"\s*(?:der|som|who|that)\s+(?:\w+\s+){0,2}?(?:passe\w*|kvalificer\w*|egner|opfylder|hører|fits?|qualif\w*)\b"
    r"|\s*i\s+målgruppen|\s*in\s+the\s+target\s+group",
    re.I,
)


# "hun har lige fået sin 9. borger", "hans tiende klient", "her 9th client", "borger nummer 11":
# the newest person's number is the count.
_ORDINAL_WORDS = {
    "femte": 5, "sjette": 6, "syvende": 7, "ottende": 8, "niende": 9, "tiende": 10, "ellevte": 11, "tolvte": 12,
    "trettende": 13, "fjortende": 14, "femtende": 15,
}
_ORDINAL = re.compile(
    r"\b(?:sin|sit|hans|hendes|deres|hver|his|her|their)\s+(?:(?P<n>\d{1,3})(?:\.|st|nd|rd|th)|(?P<w>"
    + "|".join(_ORDINAL_WORDS)
    + r"))\s+(?:(?:nye?|new)\s+)?"
    + _PEOPLE
    + r"\b|\b(?:borger|klient|ung|client)\s+(?:nummer|nr\.?|number|no\.)\s*(?P<n2>\d{1,3})\b"
    # "tager ham som nummer ni", "take her on as number 9"
    r"|\b(?:som|as)\s+(?:nummer|nr\.?|number|no\.)\s*" + NUM.replace("(?P<n>", "(?P<n3>")
    # "må hun tage nr. ni ind?", "can she take on number nine?", "give him no. 9"
    + r"|\b(?:tage|tager|take|takes|taking|få|får|give|giver)\s+(?:\w+\s+)?(?:on\s+)?(?:nummer|nr\.?|number|no\.)\s*"
    + NUM.replace("(?P<n>", "(?P<n4>"),
    re.I,
)
# A caseload stated as a level or a list: "hans caseload ligger på 9", "caseload er 11", "har 9 på
# listen", "a caseload of 12".
_STATED_LOAD = re.compile(
    r"\bcaseload\w*\s+(?:ligger\s+(?:nu\s+)?på|er\s+(?:nu\s+)?(?:på\s+|oppe\s+på\s+)?|på|of|is|at)\s+(?:ca\.?\s+|omkring\s+|about\s+)?"
    + NUM
    + r"\b(?!\s*(?:år|%|procent|timer|hours))"
    r"|\b(?:har|has)\s+" + NUM.replace("(?P<n>", "(?P<n2>")
    + r"\s+(?:\w+\s+)?(?:på\s+(?:listen|sin\s+liste|min\s+liste|hans\s+liste|hendes\s+liste)|on\s+(?:his|her|the|my)\s+list)\b",
    re.I,
)
# Several workers each with a count: "Anna har 7, Jonas har 8 og Sara har 6" (names are read lower-case).
_NAMED_COUNT = re.compile(r"\b(?P<name>[a-zæøå]{3,})\s+(?:har|has)\s+(?:nu\s+|now\s+)?" + NUM + r"\b(?!\s*(?:år|years?))", re.I)
# People named in one line after a colon: "my current CTI citizens: Ali, Bente, … and Ib."
_INLINE_LIST = re.compile(
    r"\b(?:" + _PEOPLE + r"|har|has|have)\s*(?:er|are)?\s*:\s*"
    r"(?P<items>[\wæøå]+(?:\s*,\s*[\wæøå]+){2,}\s*(?:,\s*)?(?:og|and|&)\s+[\wæøå]+)",
    re.I,
)


# A stated total: "nu har jeg 10 i alt", "10 borgere i alt", "i alt 10", "in total 10", and the
# level reached after additions: "så jeg er oppe på 13", "bringing me to 13", "so I'm at 13".
_TOTAL = re.compile(
    r"\b(?:i\s+alt|tilsammen|samlet|in\s+total|(?:oppe|op|nu)\s+på|bringing\s+(?:me|us|him|her|them)\s+(?:up\s+)?to"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are|she'?s|he'?s|now)\s+(?:up\s+)?at)\s+"
    + NUM
    + r"\b(?!\s*(?:år|mdr|måneder|uger|dage|timer|%))"
    r"|" + NUM.replace("(?P<n>", "(?P<n_>") + r"\s+(?:" + _PEOPLE + r"\s+)?(?:i\s+alt|tilsammen|in\s+total)\b",
    re.I,
)


# A legal reference is a name, not a quantity: "§85-sager", "§ 110-boform", "stk. 2".
_LEGAL_REFERENCE = re.compile(r"(?:§§?|\bparagraf|\bstk\.?|\bnr\.)\s*\d+[a-z]?\b", re.I)


def without_legal_references(text: str) -> str:
    """``text`` with each legal reference ("§ 85", "§110", "paragraf 107", "stk. 2") replaced by
    "§", so that no number parser reads "85" in "et par §85 sager" as 85 people.

    >>> without_legal_references("må de have et par §85 sager ved siden af?")
    'må de have et par § sager ved siden af?'
    """
    return _LEGAL_REFERENCE.sub("§", text)


# A list of the people themselves: a line that announces them ("Hun kører CTI og har pt disse
# forløb:", "Hans borgere:") and then one line each ("- JH (flyttet ind i marts)", "2) Amalie").
_LIST_INTRO = re.compile(
    r"\b(?:har|disse|følgende|mine|hans|hendes|vores|deres|has|have|these|following|my|his|her|our)\b[^\n]{0,30}"
    r"\b(?:borgere|unge|klienter|sager|forløb|cases|clients|citizens|people|personer)\b[^\n]{0,30}:\s*$"
    r"|\b(?:caseload|liste|list)\b[^\n]{0,30}:\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"^\s*" + LIST_ITEM_MARKER + r"\s*\S")
# A line that is only a name, maybe with a note in brackets: "Ahmed", "Ib (afsluttet i fredags)".
_BARE_NAME_ITEM = re.compile(r"^\s*[A-ZÆØÅ][\w.-]*(?:\s+[A-ZÆØÅ][\w.-]*)?\.?\s*(?:\([^)\n]{0,80}\))?\s*$")
# An item whose course has ended no longer counts ("Ib (afsluttet i fredags, overgået til § 85)").
_ENDED_ITEM = re.compile(r"\b(?:afsluttet|afsluttes|overgået|stoppet|udskrevet|closed|ended|discharged|transferred)\b", re.I)


def listed_count(text: str) -> int | None:
    """How many people a list under an announcing line names; None without such a list (three
    or more item lines).

    >>> listed_count("Hun har pt disse forløb:\\n- JH\\n- KL\\n- PB\\nEr det for mange?")
    3
    """
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if not _LIST_INTRO.search(line):
            continue
        n = 0
        bare = False  # names one per line without a bullet ("Ahmed\nBente\n…"): a blank line ends them
        for item in lines[i + 1 :]:
            if _LIST_ITEM.match(item) and not bare:
                n += 0 if _ENDED_ITEM.search(item) else 1
            elif _BARE_NAME_ITEM.match(item) and (bare or n == 0):
                bare = True
                n += 0 if _ENDED_ITEM.search(item) else 1
            elif item.strip() or bare:
                break
        if n >= 3:
            return n
    m = _NAMED_LIST.search(text)
    if m is not None:
        return len(re.findall(r"[A-ZÆØÅ][\w-]+", m.group("names")))
    return None


# The people named in one line after an announcing word: "Min caseload i CTI ser sådan ud pt: Bo,
# Hanne, Kasper, Leila og så Per som starter mandag", "my clients: Ann, Bo, Cy and Di".
_NAMED_LIST = re.compile(
    r"(?i:caseload|borgere|forløb|klienter|clients|cases|people)[^:\n]{0,40}:\s*"
    r"(?P<names>[A-ZÆØÅ][\w-]+(?:\s*,\s*[A-ZÆØÅ][\w-]+){2,}(?:\s*,?\s+(?i:og|and)\s+(?i:så\s+|also\s+)?[A-ZÆØÅ][\w-]+)?)"
)


# A team's load said as a split: "(to har 10, to har 9)", "two of us have 9 and one has 10". The
# rule is per worker, so the largest share is the count checked.
_SPLIT_PART = re.compile(
    r"\b(?:en|én|et|to|tre|fire|fem|seks|one|two|three|four|five|six|[1-6])\s+(?:af\s+(?:os|dem|medarbejderne)\s+"
    r"|of\s+(?:us|them|the\s+workers)\s+)?(?:har|has|have)\s+(?:hver\s+|each\s+)?"
    + NUM
    + r"(?!\s*(?:år|years?|børn|children|kids|mdr|måneder|months|uger|weeks|dage|days|timer|hours|%))",
    re.I,
)


def split_count(text: str) -> int | None:
    """The largest share when one sentence splits a load between workers ("to har 10, to har 9"
    → 10); None unless at least two shares stand within 80 characters of each other.

    >>> split_count("vi har 38 borgere, fordelt så ligeligt det kan lade sig gøre (to har 10, to har 9)")
    10
    """
    low = " ".join(text.split()).lower()
    parts = list(_SPLIT_PART.finditer(low))
    for a, b in zip(parts, parts[1:], strict=False):
        if b.start() - a.end() <= 80 and not re.search(r"[.!?]\s", low[a.end() : b.start()]):
            shares = [parse_number(m.group("n")) for m in parts if abs(m.start() - a.start()) <= 200]
            ints = [n for n in shares if isinstance(n, int) and 0 < n <= 200]
            if len(ints) >= 2:
                return max(ints)
    return None


# One worker's share of a load several workers split: "vi er 2 CTI-medarbejdere om de 12 borgere
# … saa Bente har halvdelen", "we split our 18 clients evenly between the three of us".
_FRACTIONS = {"halvdelen": 2, "halvdel": 2, "half": 2, "tredjedel": 3, "tredjedelen": 3, "third": 3,
              "fjerdedel": 4, "fjerdedelen": 4, "quarter": 4}  # fmt: skip
_SHARE = re.compile(
    r"\b(?:har|has|have|tager|takes|får|gets|står\s+for)\s+(?:den\s+ene\s+|en\s+|a\s+|the\s+|one\s+)?"
    r"(?P<f>" + "|".join(sorted(_FRACTIONS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?:af|of)\s+(?:de|dem|the|them|vores|our)(?:\s+" + NUM + r")?)?",
    re.I,
)
_EVENLY = re.compile(
    r"\b(?:fordelt|delt|deler|fordeler)\s+(?:\w+\s+){0,3}?(?:ligeligt|lige|ens)\b"
    r"|\b(?:split|divided|shared|share)\s+(?:\w+\s+){0,3}?(?:evenly|equally)\b",
    re.I,
)
_TEAM_LOAD = re.compile(
    r"\b(?:de|dem|the|vores|our|i\s+alt|in\s+total)\s+" + NUM
    + r"\s+(?:borgere|unge|klienter|clients|citizens|people|sager|cases)\b",
    re.I,
)
_WE_ARE = re.compile(r"\b(?:vi|we)\s+(?:er|are)\s+" + NUM + r"\b(?!\s*(?:år|years?|%))", re.I)


def share_count(low: str) -> int | None:
    """One worker's share of a load split between workers, rounded up: a fraction of a named
    total ("de 12 borgere … Bente har halvdelen" → 6) or a total split evenly between a stated
    number of workers ("vi er 3 om de 20 borgere, fordelt ligeligt" → 7); None otherwise.

    >>> share_count("vi er 2 cti medarbejdere om de 12 borgere, fordelt ligeligt, saa bente har halvdelen")
    6
    >>> share_count("we split our 20 clients evenly between 3 workers")
    7
    """
    share = _SHARE.search(low)
    load = _TEAM_LOAD.search(low)
    total = share.group("n") if share is not None and share.group("n") else (load.group("n") if load else None)
    if total is None:
        return None
    n = parse_number(total)
    if not isinstance(n, int) or not 0 < n <= 400:
        return None
    if share is not None:
        return math.ceil(n / _FRACTIONS[share.group("f").lower()])
    if _EVENLY.search(low):
        staff = _STAFF.search(low) or _WE_ARE.search(low)
        k = parse_number(next(g for g in staff.groups() if g)) if staff is not None else None
        if isinstance(k, int) and 1 < k <= 30:
            return math.ceil(n / k)
    return None


def caseload_count(text: str) -> int | None:
    """People attached to the worker or team the text is about, additions included; None if unstated.

    >>> caseload_count("vores icm-medarb. har lige fået sin 9. borger i dag, er det ok?")
    9
    >>> caseload_count("har lige fået 2 nye borgere så jeg er oppe på 13. er det ok?")
    13
    """
    low = _ABBREVIATIONS.sub(lambda m: m.group(1), without_legal_references(" ".join(text.split())))
    base: int | None = None
    split = split_count(low)
    if split is not None:
        return split
    share = share_count(low)
    if share is not None:
        return share + additions(low)
    stated = _STATED_LOAD.search(low)
    if stated is not None and not _LIMIT_WORDS.search(low[max(0, stated.start() - 30) : stated.start()]):
        n = parse_number(stated.group("n") or stated.group("n2"))
        if isinstance(n, int) and 0 < n <= 200:
            return n + additions(low)
    total = _TOTAL.search(low)
    if total is not None:
        n = parse_number(total.group("n") or total.group("n_"))
        if isinstance(n, int) and 0 < n <= 200:
            return n  # "… 2 nye borgere på, så nu har jeg 10 i alt": the total, additions included
    ordinal = _ORDINAL.search(low)
    if ordinal is not None:
        if ordinal.group("n3") or ordinal.group("n4"):
            n = parse_number(ordinal.group("n3") or ordinal.group("n4"))
        else:
            n = int(ordinal.group("n") or ordinal.group("n2") or _ORDINAL_WORDS[ordinal.group("w").lower()])
        if isinstance(n, int) and 0 < n <= 200:
            return n
    named = _named_worker_count(low)
    if named is not None:
        base = named
    per = _PER_WORKER.search(low)
    if per is not None and not _LIMIT_WORDS.search(low[max(0, per.start() - 40) : per.start()]):
        n = parse_number(per.group("n"))
        if isinstance(n, int) and 0 < n <= 200:
            return n
    inline = _INLINE_LIST.search(low) if base is None else None
    if inline is not None:
        base = len(re.split(r"\s*(?:,|\bog\b|\band\b|&)\s*", inline.group("items").strip()))
    for sentence in re.split(r"(?<=[.!?])\s+|\n", low) if base is None else ():
        for m in _COUNT.finditer(sentence):
            before = sentence[max(0, m.start() - 40) : m.start()]
            if _LIMIT_WORDS.search(before) or re.search(r"\b(?:af|ud af|of|blandt)\s+(?:de\s+|the\s+)?$", before):
                continue  # "højst 10 borgere" states a limit; "2 af de 11 borgere" is a part
            if _TARGET_GROUP.match(sentence, m.end()):
                continue  # "10-12 borgere der ville passe til ACT": people in the target group, not a load
            # "har 9 borgere", "er primær for et dusin borgere", "responsible for 12 clients"
            if not (
                _WORKER.search(sentence)
                or re.search(r"\b(?:har|has|have|med|with)\b", before, re.I)
                or _ROLE_FOR.search(before)
            ):
                continue
            counted = m.group("n") or m.group("n_pieces")
            if counted.lower() in ONE_WORDS:
                continue  # "en borger m 60" introduces a person; it is not a count
            n = parse_number(counted)
            if isinstance(n, int) and 0 < n <= 200:
                base = n
                break
        if base is not None:
            break
    if base is None:
        held = _HELD.search(low)
        if held is not None:
            n = parse_number(held.group("n"))
            base = n if isinstance(n, int) and 0 < n <= 200 else None
    if base is None:
        for m in _BARE.finditer(low):
            if _LIMIT_WORDS.search(low[max(0, m.start() - 40) : m.start()]) or m.group("n").lower() in ONE_WORDS:
                continue
            if not (
                re.search(
                    r"\b(?:borgere|unge|klienter|caseload|clients|forløb|sager|(?:cti|icm|act)-?medarbejder\w*)\b", low, re.I
                )
                or _ADDED.search(low)  # "9 nu + 2 nye": people being added imply a count of people
            ):
                continue
            n = parse_number(m.group("n"))
            if isinstance(n, int) and 0 < n <= 200:
                base = n
                break
    if base is None:
        base = listed_count(text)
    if base is None:
        return None
    return base + additions(low)


# People about to leave the load: "2 af dem flytter ud af kommunen til 1. november", "one of them
# is finishing next week", "minus de 2 der stopper".
_LEAVING = re.compile(
    NUM + r"\s+(?:af\s+(?:dem|de\s+\w+|hans|hendes)\s+|of\s+(?:them|his|her|those)\s+(?:\w+\s+)?)?"
    r"(?:borgere\s+|unge\s+|klienter\s+|clients\s+|people\s+)?(?:der\s+|som\s+|who\s+|that\s+)?"
    r"(?:(?:skal\s+|vil\s+|will\s+|are\s+|is\s+)?(?:flytte[rs]?\s+(?:ud|væk|fra)|stopper|afsluttes|slutter|udskrives|"
    r"overgår\s+til|overdrages|går\s+ud|moving\s+(?:out|away)|move\s+(?:out|away)|leaving|leave|finishing|finish|"
    r"being\s+discharged|ending|end))\b",
    re.I,
)


_ASKS_NOW = re.compile(r"\b(?:at\s+the\s+moment|right\s+now|currently|now|lige\s+nu|nu|i\s+dag|today|p\.?\s?t\.?)(?!\w)", re.I)


def additions(low: str) -> int:
    """The net change a caseload is about to have: people added ("+ 2 nye", "én mere", "take him
    on") less people leaving ("2 af dem flytter ud"); 0 if none. A number said twice ("9 borgere
    + 1 on the way") is counted once."""
    added = 0
    counted: set[int] = set()
    for m in (*_ADDED.finditer(low), *_ADDED_AFTER.finditer(low), *_ADDED_ARRIVING.finditer(low)):
        n = parse_number(m.group("n"))
        if isinstance(n, int) and 0 < n <= 50 and m.start("n") not in counted:
            counted.add(m.start("n"))
            added += n
    leaving = 0
    # "… 2 af dem flytter ud … Er hans caseload så i orden derefter?": the load after they leave;
    # "Two of them finish in January. Is her caseload ok at the moment?": the load now
    asked = [q for q in re.split(r"(?<=[.!?])\s+", low) if q.rstrip().endswith("?")]
    now = bool(asked) and bool(_ASKS_NOW.search(asked[-1]))
    for m in _LEAVING.finditer(low) if not now else ():
        n = parse_number(m.group("n"))
        if isinstance(n, int) and 0 < n <= 50 and m.start("n") not in counted:
            leaving += n
    if not added and _TAKE_THEM.search(low):
        new = _NEW_PEOPLE.search(low)
        n = parse_number(new.group("n")) if new is not None else None
        if isinstance(n, int) and 0 < n <= 50:
            added = n
    if not added and _ONE_MORE.search(low):
        added = 1
    return added - leaving


def _named_worker_count(low: str) -> int | None:
    """The count of the one worker the question is about, when several named workers each have
    one: "Anna har 7, Jonas har 8 og Sara har 6 … Jonas vil gerne tage ham" is Jonas's 8."""
    counts = [(m.group("name").lower(), m) for m in _NAMED_COUNT.finditer(low)]
    names = {name for name, _ in counts}
    if len(names) < 2:
        return None
    last = max(m.end() for _, m in counts)
    later = [name for name in names if re.search(rf"\b{re.escape(name)}\b", low[last:], re.I)]
    if len(later) != 1:
        return None
    n = parse_number(next(m.group("n") for name, m in counts if name == later[0]))
    return n if isinstance(n, int) and 0 < n <= 200 else None


_STAFF = re.compile(
    NUM
    + r"\s+(?:faste\s+|fuldtids\s*|full-time\s+|support\s+|case\s+)?(?:(?:cti|icm|act|bostøtte)-?\s?)?"
    r"(?:medarbejdere|ansatte|behandlere|fagpersoner|"
    r"staff(?:\s+members)?|workers|members|employees|people\s+on\s+the\s+team)\b"
    # "vi er tre CTI'ere", "we are three ICMers"
    r"|" + NUM.replace("(?P<n>", "(?P<n2>") + r"\s+(?:cti|icm|act)(?:'?ere|'?ers)\b"
    # "et (helt) team på 4", "a team of five", "teamet består af 4", "vi er 4 i ACT-teamet", "4-mands team"
    r"|\bteam\w*\s+(?:på|of|med|består\s+af|consists\s+of)\s+" + NUM.replace("(?P<n>", "(?P<n3>")
    + r"(?!\s*(?:borgere|unge|klienter|sager|clients|citizens|people|young|cases|år|years|%))\b"
    r"|\b(?:vi|we)\s+(?:er|are)\s+" + NUM.replace("(?P<n>", "(?P<n4>") + r"\s+(?:i|in|on|på)\s+(?:\w+[- ]?)?team"
    r"|" + NUM.replace("(?P<n>", "(?P<n5>") + r"\s*-?\s*(?:mands|personers|person|man)(?:\s*-?\s*(?:cti|icm|act))?\s*-?\s*team",
    re.I,
)
# The count is the whole team's: "30 borgere i ICM i alt", "we have 35 between us".
_SHARED = re.compile(r"\bteam\w*|\bi alt\b|\btilsammen\b|\bsamlet\b|\bin total\b|\bbetween (?:us|them)\b", re.I)


_EACH_HAS = re.compile(r"\bhar\s+(?:p\.?\s?t\.?\s+|nu\s+|lige\s+nu\s+|i\s+dag\s+)?" + NUM.replace("(?P<n>", "(?:") + r"\b", re.I)


# A count that is a whole team's, said without how many share it: "ICM-teamet har pt. 30 borgere",
# "Vores CTI-team har lige nu 42 borgere", "vi har 35 borgere tilsammen".
_TEAM_TOTAL = re.compile(
    # ("cti-medarb. i ungeteamet har 9 unge": the team is where the worker is, not who has them)
    r"(?<!\bi )(?<!\bin )\b[\w-]*team(?:et)?\s+(?:har|have|has|is\s+carrying|carries)\s+"
    r"(?:pt\.?\s+|p\.t\.\s+|lige\s+nu\s+|nu\s+|i\s+alt\s+"
    r"|currently\s+|now\s+)?"
    + NUM.replace("(?P<n>", "(?:")
    + r"\s+(?:borgere|unge|klienter|sager|clients|citizens|people|cases)\b(?!\s+(?:pr\.?|per|hver|each|apiece)\b)"
    r"|\b(?:vi|we)\s+(?:har|have)\b[^.?!]{0,40}\b(?:i\s+alt|tilsammen|in\s+total|between\s+us|altogether)\b",
    re.I,
)


# The team is where the worker is: "Rasmus i vores ICM-team har syv borgere", "Mette in our CTI team has 9".
_TEAM_AS_PLACE = re.compile(
    r"\b(?:i|in|på|on|fra|from)\s+(?:vores|vort|jeres|deres|hans|hendes|our|the|their|his|her)?\s*"
    r"(?:cti|icm|act|youth|unge)?\s*$",
    re.I,
)


def is_team_total(text: str) -> bool:
    """The count is a team's total ("ICM-teamet har 30 borgere"); without ``team_size`` the
    caseload per worker is then unknown, and the caseload rules ask for the team's size."""
    text = without_legal_references(text)
    return any(
        not (re.match(r"[\w-]*team", m.group(0), re.I) and _TEAM_AS_PLACE.search(text[max(0, m.start() - 20) : m.start()]))
        for m in _TEAM_TOTAL.finditer(text)
    )


def team_size(text: str) -> int | None:
    """How many staff share the caseload, when the text describes a team or a total (else None).

    >>> team_size("alle fire ICM-medarbejdere er tilbage. Vi har i dag 30 borgere i ICM i alt")
    4
    """
    text = without_legal_references(text)
    if not _SHARED.search(text):
        return None
    if len(_EACH_HAS.findall(text)) >= 2:
        return None  # "Søren har tolv, Aisha har 9 og Lone har 10": each worker's own count, not shared
    m = _STAFF.search(text)
    if m is None:
        return None
    n = parse_number(next(g for g in m.groups() if g))
    return n if isinstance(n, int) and 1 < n <= 30 else None


# ---------------------------------------------------------------- the CTI clock

_UNIT_MONTHS = {
    "dag": 1 / 30.44,
    "dage": 1 / 30.44,
    "day": 1 / 30.44,
    "days": 1 / 30.44,
    "uge": 12 / 52,
    "uger": 12 / 52,
    "week": 12 / 52,
    "weeks": 12 / 52,
    "måned": 1.0,
    "måneder": 1.0,
    "mdr": 1.0,
    "md": 1.0,
    "month": 1.0,
    "months": 1.0,
    "år": 12.0,
    "year": 12.0,
    "years": 12.0,
}
_UNIT = r"(?P<unit>dage|dag|uger|uge|måneder|måned|mdr|md|months|month|weeks|week|days|day|years|year|år)\b\.?"
_DURATION = re.compile(NUM_HALF + r"\s*" + _UNIT, re.I)
_HALF_YEAR = re.compile(r"\b(?:et\s+halvt\s+år|half\s+a\s+year|six\s+months)\b", re.I)
_YEAR_HALF = re.compile(r"\b(?:halvandet\s+år|a\s+year\s+and\s+a\s+half)\b", re.I)
_MONTH_HALF = re.compile(r"\bhalvand(?:en|et)\s+måned\b|\ba\s+month\s+and\s+a\s+half\b", re.I)
# "et kvart år", "a quarter of a year": three months; "tre kvart år": nine.
_QUARTER_YEAR = re.compile(r"\b(?:et\s+kvart\s+år|a\s+quarter\s+of\s+a\s+year)\b", re.I)
_THREE_QUARTERS = re.compile(r"\b(?:tre\s+kvart\s+år|three\s+quarters\s+of\s+a\s+year)\b", re.I)
# Fixed phrases for a length, with its months.
# "nogle dage", "et par uger", "a few days": a few is about three.
_FEW_DAYS = re.compile(r"\b(?:nogle|et\s+par|få|a\s+few|a\s+couple\s+of)\s+(?:dage|days)\b", re.I)
_FEW_WEEKS = re.compile(r"\b(?:nogle|et\s+par|få|a\s+few|a\s+couple\s+of)\s+(?:uger|weeks)\b", re.I)
_SPECIAL_DURATIONS = (
    (_YEAR_HALF, 18.0), (_HALF_YEAR, 6.0), (_MONTH_HALF, 1.5), (_FEW_DAYS, 0.1), (_FEW_WEEKS, 0.7),
    (_THREE_QUARTERS, 9.0), (_QUARTER_YEAR, 3.0),
)
# What joins the parts of one duration: "et halvt år og en måned", "1 year, 2 months", "2 mdr + 1 uge".
_DURATION_JOIN = re.compile(r"\s*(?:og|and|,|\+|plus)\s*", re.I)
# The clause is about the person's own home or the CTI course that starts there.
_OWN_HOME = re.compile(
    r"\b(?:egen\s+bolig|eget\s+hjem|egen\s+lejlighed|sin\s+(?:egen\s+)?lejlighed|lejligheden|boligen|"
    r"boet\s+der|bor\s+der|lived\s+there|living\s+there|"
    r"ny\w*\s+bolig|nøgle\w*|indflytning\w*|flyttede\s+ind|flyttet\s+ind|flytte\w*\s+(?:ud|ind)|"
    r"flyttede|flyttet|moved|own\s+(?:flat|apartment|home|place)|new\s+(?:flat|apartment|home)|"
    r"cti[-\s]?forløb\w*|i\s+cti|cti[-\s]?støtte|keys)\b",
    re.I,
)
# Elapsed time, not a length: "siden", "har boet … i", "er gået", "inde i", "ago", "has lived".
_ELAPSED = re.compile(
    r"\b(?:siden|ago|boet|boede|bor|været|er\s+gået|gået|inde\s+i|into|nu|now|lived|living|been|"
    r"flyttede|flyttet|moved|fik|got|haft|had|modtaget|fået|received)\b",
    re.I,
)
_ELSEWHERE = re.compile(r"\b(?:herberg\w*|forsorgshjem\w*|boform\w*|shelter|hostel|fængsel\w*|prison|afsone\w*)\b", re.I)
_MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
}
# A part of a month without a day ("midt i januar", "sidst i maj", "primo marts", "late May"):
# the day it stands for.
_MONTH_PARTS = {
    "først": 5, "primo": 5, "starten af": 5, "start af": 5, "begyndelsen af": 5, "early": 5, "beginning of": 5,
    "midt": 15, "medio": 15, "midten af": 15, "mid": 15, "middle of": 15,
    "sidst": 25, "ultimo": 25, "slutningen af": 25, "late": 25, "end of": 25, "the end of": 25,
}
# Short forms, read only next to a day ("3 Feb 2025", "Feb 3"): alone, "jan" is a name.
_MONTH_SHORT = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nov": 11, "dec": 12,
}
# Holidays as dates (month, day): Easter varies, mid-April is its usual time.
_HOLIDAYS = {
    "påske": (4, 10), "påsken": (4, 10), "easter": (4, 10),
    "jul": (12, 24), "julen": (12, 24), "juleaften": (12, 24), "christmas": (12, 24),
    "nytår": (1, 1), "nytåret": (1, 1), "new year": (1, 1), "new year's": (1, 1),
    "sommerferien": (7, 15), "sommerferie": (7, 15), "the summer holidays": (7, 15),
    "efterårsferien": (10, 18), "vinterferien": (2, 15),
}
_MONTH_NAMES = "|".join(_MONTHS)
# Month names that stand alone as a month; not "may", the English verb.
_BARE_MONTH_NAMES = "|".join(m for m in _MONTHS if m != "may")
_MONTH_DAY_NAMES = "|".join(sorted([*_MONTHS, *_MONTH_SHORT], key=len, reverse=True))
_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})\.?\s*(?P<m1>" + _MONTH_DAY_NAMES + r")\b\.?|(?P<m2>" + _MONTH_DAY_NAMES + r")\.?\s+(?P<d2>\d{1,2})(?!\d)"
    r"|(?<![\d/])(?P<d3>\d{1,2})\s*/\s*(?P<m3>\d{1,2})(?:\s*[-/.]\s*(?:\d{4}|\d{2}))?(?![\d/])"
    # "28.1.25", "10.09.2024": day and month with dots, only with a year (else "2.5" would be a date)
    r"|(?<![\d.,])(?P<d7>\d{1,2})\.(?P<m7>\d{1,2})\.(?:\d{4}|\d{2})(?![\d.,]\d)"
    r"|\b(?:i\s+)?(?P<part>" + "|".join(sorted(_MONTH_PARTS, key=len, reverse=True)) + r")[\s-]+(?:i\s+|in\s+|af\s+)?"
    r"(?P<m4>" + _MONTH_NAMES + r")\b"
    # a holiday, maybe a week or a few days before or after it: "lige efter påske", "the week before
    # Christmas", "siden sommerferien"
    r"|\b(?:(?P<hrel>lige|kort|ugen|en\s+uge|the\s+week|a\s+week|just|right)\s+)?(?P<hdir>før|efter|inden|before|after)?\s*"
    r"(?P<hol>" + "|".join(sorted(_HOLIDAYS, key=len, reverse=True)) + r")\b"
    r"|\b(?:i|in)\s+(?P<m5>" + _BARE_MONTH_NAMES + r")\b"
    # a bare month name: "siden marts", "nu er det september"
    r"|\b(?P<m6>" + _BARE_MONTH_NAMES + r")\b)",
    re.I,
)
# Where a date can begin (for the words that mark it as today's).
_DATE_START = (
    r"(?=(?:i\s+|in\s+)?(?:\d{1,2}\b|uge\s+\d{1,2}|week\s+\d{1,2}|"
    + "|".join(sorted(_MONTH_PARTS, key=len, reverse=True))
    + "|"
    + _BARE_MONTH_NAMES
    + r")\b)"
)
_TODAY = re.compile(
    # "idag er det d. 15 september", "nu er det midt i maj", "det er nu september", "vi er nu i uge 33",
    # "today is the 3rd of May", "currently it's late June"
    r"\b(?:(?:i\s*dag|today|nu|now|currently|p\.?\s?t\.?|dags\s+dato)\s+(?:er\s+(?:det|vi)\s+|is\s+(?:it\s+)?"
    r"|it\s+is\s+|it's\s+|we're\s+|we\s+are\s+|er\s+)?"
    r"|(?:det|vi)\s+er\s+(?:nu\s+)?|(?:it\s+is|it's|we\s+are|we're)\s+now\s+"
    # a note's own date in its header: "Status 12.03.2024", "Journalnotat 14/3", "Dato: 3. maj",
    # "Status pr. 1/9" (the note is written today)
    r"|(?:status(?:notat)?|journalnotat|notat|dato|date)\s*(?::\s*|pr\s+|d\.\s*|den\s+)?(?=\d)"
    # "nu har vi 1. august", "i dag har vi den 3. maj"
    r"|(?:nu|i\s*dag)\s+har\s+vi\s+(?:den\s+|d\.\s*)?(?=\d)"
    # "nu skriver vi 20/7", "vi skriver i dag den 3. maj"
    r"|(?:(?:nu|i\s*dag)\s+skriver\s+vi|vi\s+skriver)\s+(?:nu\s+|i\s*dag\s+)?(?:den\s+|d\.\s*)?(?=\d))"
    r"(?:den\s+|d\.\s*|the\s+)?" + _DATE_START + r""
    r"|\b(?:i\s+dag\s+(?:er\s+(?:det\s+)?)?(?:den\s+|d\.\s*)?|today\s+(?:is\s+)?(?:the\s+)?|dags\s+dato\s+(?:er\s+)?"
    r"|nu\s+er\s+(?:det\s+)?(?:den\s+|d\.\s*)?(?=\d)|(?:it\s+is|it's)\s+now\s+(?:the\s+)?"
    # "it's mid-April now", "it is late May now"
    r"|(?:it\s+is|it's)\s+(?=(?:early|mid|late|the\s+end\s+of|end\s+of)[\s-]+(?:" + _MONTH_NAMES + r")\s+now\b)"
    # "nu er vi sidst i maj", "vi er nu midt i juni", "we are now in late May"
    r"|(?:nu\s+er\s+vi|vi\s+er\s+nu|vi\s+er|we\s+are\s+now|we're\s+now|now\s+it\s+is)\s+(?=(?:i\s+|in\s+)?"
    r"(?:først|primo|starten|start|begyndelsen|midt|medio|midten|sidst|ultimo|slutningen|early|mid|late|end|the\s+end|"
    + _MONTH_NAMES
    + r")\b))",
    re.I,
)
# A week of the year: "i uge 10", "in week 33".
_WEEK_NUMBER = re.compile(r"(?:i\s+|in\s+)?\b(?:uge|week)\s+(?P<w>\d{1,2})\b", re.I)
# "i uge 30 af sit CTI-forløb", "week 12 of CTI": the week number of the course.
_COURSE_WEEK = re.compile(
    r"\b(?:uge|week)\s+(?P<n>\d{1,2})\s+(?:af|i|of|in)\s+(?:\w+\s+)?(?:cti|forløbet|the\s+course)", re.I
)
# Halfway through the nine months (001 p. (9)): "halvvejs i CTI-forløbet", "midt i forløbet",
# "halfway through a CTI course" is 4.5 months.
_HALFWAY = re.compile(
    r"\b(?:halvvejs|midtvejs|halfway|half-way|midway)\s+(?:\w+\s+)?(?:gennem|igennem|i|inde\s+i|through|into|in)\s+"
    r"(?:\w+\s+){0,3}?(?:cti|forløb\w*|course|intervention|nine\s+months|ni\s+måneder)"
    r"|\bmidt\s+i\s+(?:\w+\s+)?(?:cti-?forløb\w*|forløbet)",
    re.I,
)
CTI_HALFWAY_MONTHS = 4.5


def _durations(clause: str) -> list[tuple[int, int, float]]:
    """Every length in ``clause`` as (start, end, months), in text order."""
    spans = [(m.start(), m.end(), months) for rx, months in _SPECIAL_DURATIONS for m in rx.finditer(clause)]
    for m in _DURATION.finditer(clause):
        if any(s < m.end() and m.start() < e for s, e, _ in spans):
            continue  # "six months" is already the half year
        if re.search(r"\b(?:de|the|et|a)\s+$", clause[max(0, m.start() - 4) : m.start()]):
            continue  # "de ni måneder", "the nine months": the course's length, not elapsed time
        try:
            n = float(parse_number(m.group("n")))
        except KeyError:
            continue
        if m.group("half"):
            n += 0.5
        spans.append((m.start(), m.end(), n * _UNIT_MONTHS[m.group("unit").lower().rstrip(".")]))
    return sorted(spans)


def _duration_groups(clause: str) -> list[tuple[int, int, float]]:
    """The lengths in ``clause`` as (start, end, months), parts joined: "et halvt år og en måned"
    is one length of 7 months, "1 year and 2 months" 14, "2 mdr + 1 uge" 2.2."""
    groups: list[tuple[int, int, float]] = []
    for start, stop, months in _durations(clause):
        if groups and _DURATION_JOIN.fullmatch(clause[groups[-1][1] : start]):
            first, _, total = groups[-1]
            groups[-1] = (first, stop, total + months)
        else:
            groups.append((start, stop, months))
    return [(a, b, round(m, 1)) for a, b, m in groups]


def _duration_months(clause: str) -> float | None:
    """The first length in ``clause``, in months (its parts joined); None when there is none."""
    groups = _duration_groups(clause)
    return groups[0][2] if groups else None


_AGO = re.compile(r"\s*(?:siden|ago)\b", re.I)


def _elapsed_in(clause: str) -> float | None:
    """The length in ``clause`` that is time gone by: one followed by "siden"/"ago" ("for 2 måneder
    siden"), else the first that fits a CTI clock (≤ 60 months; "45 år" is an age)."""
    groups = _duration_groups(clause)
    ago = [m for _, end, m in groups if _AGO.match(clause, end)]
    if ago:
        return ago[0]
    fitting = [m for _, _, m in groups if m <= 60]
    return fitting[0] if fitting else None


def _date(m: re.Match[str]) -> tuple[int, int] | None:
    """(month, day) of a date match; None for an impossible numeric date ("45/13")."""
    if m.group("d3") or m.group("d7"):
        day, month = int(m.group("d3") or m.group("d7")), int(m.group("m3") or m.group("m7"))
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    if m.group("m4"):
        return _MONTHS[m.group("m4").lower()], _MONTH_PARTS[" ".join(m.group("part").lower().split())]
    if m.group("hol"):
        month, day = _HOLIDAYS[" ".join(m.group("hol").lower().split())]
        shift = 7 if (m.group("hrel") or "").lower() in ("ugen", "en uge", "the week", "a week") else 3
        sign = {"før": -1, "inden": -1, "before": -1, "efter": 1, "after": 1}.get((m.group("hdir") or "").lower(), 0)
        d = date(2001, month, day) + timedelta(days=sign * shift)
        return d.month, d.day
    if m.group("m5") or m.group("m6"):
        return _MONTHS[(m.group("m5") or m.group("m6")).lower()], 15
    day = int(m.group("d1") or m.group("d2"))
    name = (m.group("m1") or m.group("m2")).lower()
    month = _MONTHS.get(name) or _MONTH_SHORT[name]
    return month, day


# An abbreviation's dot, unless a new sentence starts after it ("i 5 mdr. For 5 uger siden …").
_ABBREVIATIONS = re.compile(r"\b(ca|kl|fx|pr|bl\.a|mdr|md|approx|pt|p\.t|evt|inkl|ifht|mht|bgr)\.(?!\s+[A-ZÆØÅ])", re.I)


# Events whose dates are not the move into the own home.
_OTHER_EVENT = re.compile(
    r"\b(?:visiteret|visitation\w*|bevilget|henvist|indstillet|ansøgt|skrevet\s+op|assessed|referred|approved|allocated)\b", re.I
)


def _about_another_event(low: str, m: re.Match[str]) -> bool:
    """The clause around the date ``m`` names another event and not the own home."""
    before = _CLAUSE_END.split(low[max(0, m.start() - 120) : m.start()])[-1]
    after = _CLAUSE_END.split(low[m.end() : m.end() + 120])[0]
    clause = f"{before}{m.group(0)}{after}"
    return bool(_OTHER_EVENT.search(clause)) and not _OWN_HOME.search(clause)


# Where a clause ends: a full stop that is no abbreviation's ("d. 3. marts"), or ", og" / " og ".
_CLAUSE_END = re.compile(r"(?<!\b\w)(?<!\d)\.\s|[;\n]|,\s*og\b|\s+og\s+")


def months_since_move(text: str) -> float | None:
    """Months since the person moved into their own home (the CTI clock), or None if unstated."""
    low = _ABBREVIATIONS.sub(lambda m: m.group(1), " ".join(text.split()))
    week = _COURSE_WEEK.search(low)
    if week is not None:
        return round(int(week.group("n")) * 12 / 52, 1)
    if _HALFWAY.search(low):
        return CTI_HALFWAY_MONTHS
    t = _TODAY.search(low)
    # where the text speaks of the own home: a start date or week is the one said about it
    homes = [h.span() for h in _OWN_HOME.finditer(low)] if t is not None else []
    # Week numbers: "flyttede ind i uge 10, og nu er vi i uge 33" (the year's weeks, 52 of them).
    now_week = _WEEK_NUMBER.match(low, t.end()) if t is not None else None
    if now_week is not None:
        starts = [
            w for w in _WEEK_NUMBER.finditer(low)
            if w.start() != now_week.start()
            and any(min(abs(w.start() - he), abs(hs - w.end())) <= 60 for hs, he in homes)
        ]
        if starts:
            weeks = (int(now_week.group("w")) - int(starts[0].group("w"))) % 52
            return round(weeks * 12 / 52, 1)
    # Dates: "siden 1. marts … i dag er den 2. maj" / "on 15 January … Today is 2 May".
    today_m = _DATE.match(low, t.end()) or _DATE.search(low, t.end(), t.end() + 12) if t is not None else None
    if today_m is not None:
        # the start: another date, before or after "i dag …", said about the own home
        # the date nearest to what is said about the own home ("… i august … flyttede ind i egen
        # bolig 1. december": December)
        near = [
            (min(max(hs - m.end(), m.start() - he, 0) for hs, he in homes), m)
            for m in _DATE.finditer(low)
            if m.start() != today_m.start() and homes
        ]
        # a date said about the visitation, not the move ("visiteret til CTI d. 3. marts …, og hun
        # er flyttet ind nu"), is no start of the CTI clock
        near = [(d, m) for d, m in near if d <= 80 and not _about_another_event(low, m)]
        start_m = min(near, key=lambda x: x[0])[1] if near else None
        start, today = (_date(start_m) if start_m else None), _date(today_m)
        if start is not None and today is not None:
            (m1, d1), (m2, d2) = start, today
            try:
                days = (date(2001 if (m2, d2) >= (m1, d1) else 2002, m2, d2) - date(2001, m1, d1)).days
            except ValueError:
                days = -1  # "31/2": no such day
            if days >= 0:
                return round(days / 30.44, 1)
    best: tuple[int, float] | None = None
    for clause in re.split(r"(?<=[.!?;])\s+|\n|,\s*(?=(?:men|but|og|and)\b)", low):
        months = _elapsed_in(clause)
        if months is None:
            continue
        if not _ELAPSED.search(clause):
            continue  # "Hvorfor er CTI-forløb 12 måneder?" claims a length; it is no elapsed time
        home = bool(_OWN_HOME.search(clause))
        elsewhere = bool(_ELSEWHERE.search(clause)) and not re.search(
            r"\b(?:ud\s+af|fra|from|out\s+of)\s+\S*\s*(?:herberg|forsorgshjem|boform|shelter)", clause, re.I
        )
        if not home or (elsewhere and not re.search(r"egen|own|lejlighed|flat|apartment|nøgle|keys", clause, re.I)):
            continue
        rank = 2 if re.search(r"\b(?:siden|ago|for\s+\S+\s+\S+\s+siden)\b", clause) else 1
        if best is None or rank > best[0]:
            best = (rank, months)
    return best[1] if best is not None else None


def _around(text: str, m: re.Match[str], width: int = 80) -> str:
    return text[max(0, m.start() - width) : m.end() + width]


def months_elapsed(text: str) -> float | None:
    """Any elapsed duration ("nu er der gået 7 mdr", "another 2 months") — for a follow-up on a CTI
    case, where the clock's start was stated before."""
    low = _ABBREVIATIONS.sub(lambda m: m.group(1), " ".join(text.split()))
    if not _ELAPSED.search(low):
        return None
    return _duration_months(low)


# ---------------------------------------------------------------- follow-ups on a decided case

_MORE_AFTER = re.compile(
    NUM + r"\s+(?:" + _PEOPLE + r"\s+)?(?:mere|til|flere|nye?|nyt|ekstra|extra|more|additional)\b", re.I
)
_MORE_BEFORE = re.compile(r"\b(?:endnu|yderligere|another|additional|extra|ekstra|plus|\+)\s*" + NUM, re.I)
_LATER = re.compile(r"\b(?:mere|til|yderligere|senere|endnu|more|another|later|further)\b", re.I)
_NEW_COUNT = re.compile(r"\b(?:har|has|have|med|with|får|gets|er\s+oppe\s+på|is\s+at)\s+(?:nu\s+|now\s+)?" + NUM + r"\b", re.I)


def caseload_update(text: str, earlier: int) -> int | None:
    """The caseload after a follow-up on a decided caseload case: an addition ("hvad hvis hun
    får 2 mere?", "og en til?", "+3") adds to ``earlier``; a new count ("hvad hvis hun har
    12?") replaces it; None when the follow-up states neither.

    >>> caseload_update("hvad hvis hun får 2 mere?", 9)
    11
    >>> caseload_update("og hvis han får en til?", 8)
    9
    >>> caseload_update("hvad hvis hun har 12?", 9)
    12
    >>> caseload_update("og hvad siger manualen?", 9) is None
    True
    """
    low = " ".join(text.split())
    for pattern in (_MORE_AFTER, _MORE_BEFORE, _ADDED):
        m = pattern.search(low)
        if m is not None:
            try:
                n = parse_number(m.group("n"))
            except KeyError:
                continue
            if isinstance(n, int) and 0 < n <= 50:
                return earlier + n
    if _ONE_MORE.search(low):
        return earlier + 1
    m = _NEW_COUNT.search(low)
    if m is not None:
        try:
            n = parse_number(m.group("n"))
        except KeyError:
            return None
        if isinstance(n, int) and 0 < n <= 200:
            return n
    counted = caseload_count(low)
    return counted


_AHEAD = re.compile(r"\bom\s+\S+\s+(?:uger?|måned\w*|mdr|dage?)\b|\bin\s+\S+\s+(?:weeks?|months?|days?)\b", re.I)


def months_update(text: str, earlier: float) -> float | None:
    """Months in CTI after a follow-up on a decided phase case: "5 mdr mere", "another 2
    months" add to ``earlier``; "nu er der gået 7 mdr" states the new total; None otherwise.

    >>> months_update("og nu er der gået 5 mdr mere?", 2.0)
    7.0
    >>> months_update("og nu er der gået 7 mdr, hvad så?", 2.0)
    7.0
    >>> months_update("hvad gør vi så?", 2.0) is None
    True
    """
    low = _ABBREVIATIONS.sub(lambda m: m.group(1), " ".join(text.split()))
    months = _duration_months(low)
    if months is None:
        return None
    if _LATER.search(low) or _AHEAD.search(low):
        return round(earlier + months, 1)  # "om 2 uger", "in two weeks": later than now
    if _ELAPSED.search(low):
        return months
    return None


_AGE_UPDATE = re.compile(
    r"\b(?:er|var|bliver|fylder|is|was|were|turns)\s+(?:kun\s+|only\s+)?(?P<n>\d{2})\b(?!\s*(?:borgere|unge|klienter|clients|mdr|måneder|months|uger|weeks|%))",
    re.I,
)


def age_update(text: str) -> int | None:
    """A new age in a follow-up on a person's case ("og hvis han er 25?", "what if she was 19?").

    >>> age_update("og hvis han er 25?"), age_update("what if she was 19"), age_update("og hvis hun har 12?")
    (25, 19, None)
    """
    m = _AGE_UPDATE.search(text)
    if m is None:
        return None
    n = int(m.group("n"))
    return n if 14 <= n <= 99 else None
