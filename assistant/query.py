"""Question preparation: truncation, language, English→Danish term expansion, follow-ups, injection.

Pure functions; no I/O.

    >>> q = prepare("Hvor lang tid varer et CTI-forløb?", max_chars=2000)
    >>> q.lang, q.search_text
    ('da', 'Hvor lang tid varer et CTI-forløb?')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from assistant.cognates import english_cognates
from assistant.normalize import NormalizedQuestion, QuestionNormalizer, focus_question, join_lines
from assistant.text import QUESTION_ABBREVIATIONS, content_tokens, tokenize

METHODS = ("CTI", "ICM", "ACT", "Samarbejdsmodellen")
_METHOD_RE = re.compile(r"\b(CTI|ICM|ACT|samarbejdsmodellen)\b", re.IGNORECASE)

# English question words -> Danish corpus terms (query expansion for the lexical side only).
GLOSSARY: dict[str, str] = {
    "homeless": "hjemløse hjemløshed",
    "homelessness": "hjemløshed",
    "couchsurfing": "midlertidigt", "surfing": "midlertidigt", "sleeping": "sover", "sleeps": "sover", "sleep": "sove",
    "friend": "venner bekendte",
    "mate": "venner bekendte", "mates": "venner bekendte", "buddy": "venner bekendte", "relative": "slægtninge",
    "cousin": "slægtninge", "counts": "regnes defineres",
    "profession": "faggruppe faglighed",
    "housing": "bolig boligløsning",
    "house": "bolig",
    "home": "bolig",
    "apartment": "bolig lejlighed",
    "flat": "bolig lejlighed",
    "support": "støtte bostøtte",
    "young": "unge",
    "youth": "unge",
    "people": "borgere",
    "citizen": "borger",
    "citizens": "borgere",
    "clients": "borgere",
    "client": "borger",
    "worker": "medarbejder",
    "workers": "medarbejdere",
    "staff": "medarbejdere personale",
    "employee": "medarbejder",
    "caseload": "caseload borgere medarbejder",
    "phase": "fase",
    "phases": "faser",
    "months": "måneder",
    "month": "måneder",
    "long": "varighed måneder",
    "duration": "varighed måneder",
    "last": "varer",
    "lasts": "varer",
    "team": "team",
    "interdisciplinary": "tværfagligt",
    "principles": "principper grundprincipper",
    "principle": "princip principper",
    "meetings": "møder netværksmøder",
    "meeting": "møde netværksmøde",
    "network": "netværk netværksmøder",
    "year": "året år",
    "shelter": "herberg boform",
    "shelters": "herberg boformer",
    "strategy": "hjemløsestrategien strategi strategien",
    "municipalities": "kommuner",
    "municipality": "kommune",
    "goals": "mål",
    "goal": "mål",
    "results": "resultater",
    "costs": "omkostninger udgifter",
    "cost": "omkostninger udgifter",
    "cover": "dække", "covers": "dække dækker", "covered": "dækket dækkes",
    "cheap": "omkostninger",
    "expensive": "omkostninger dyrere",
    "hours": "timer",
    "rule": "reglen",
    "quarter": "fjerdedelsreglen fjerdedel",
    "coordinator": "myndighedskoordinator koordinator",
    "definition": "definition defineres",
    "define": "definition",
    "treatment": "behandling",
    "psychiatric": "psykiatrisk psykiatri",
    "substance": "misbrug",
    "abuse": "misbrug",
    "addiction": "misbrug",
    "implementation": "implementering",
    "implement": "implementering",
    "start": "igangsættes starte",
    "begin": "igangsættes starte",
    "lease": "lejekontrakt",
    "allocated": "tildelt",
    "transition": "overgang",
    "evidence": "evidens",
    "harm": "skadesreduktion",
    "reduction": "skadesreduktion",
    "recovery": "recovery", "orientation": "orientering", "oriented": "orienteret orientering",
    "hf": "housing first", "slimmed": "modificeret", "scaled": "modificeret", "lite": "modificeret",
    "light": "modificeret", "cut-down": "modificeret",
    "separation": "adskillelse",
    "independent": "selvstændige",
    "ordinary": "almindeligt",
    "seminar": "seminar",
    "steps": "trin",
    "step": "trin",
    "core": "kerneelementer",
    "elements": "kerneelementer",
    "target": "målgruppe",
    "group": "målgruppe",
    "visitation": "visitation",
    "referral": "visitation henvisning",
    "education": "uddannelse",
    "employment": "beskæftigelse job",
    "course": "forløb",
    "intervention": "indsats forløb",
    "psychiatrist": "psykiater psykiatere",
    "psychiatrists": "psykiatere",
    "psychologist": "psykolog psykologer",
    "nurse": "sygeplejerske sygeplejersker",
    "nurses": "sygeplejersker",
    "social": "social",
    "members": "bestå",
    "member": "bestå",
    "who": "",
    "role": "rolle",
    "responsible": "ansvar ansvarlig",
    "responsibility": "ansvar",
    "allocation": "anvisning boliganvisning",
    "municipal": "kommunal kommunale",
    "counted": "regnes optælling",
    "move": "flytter",
    # names of Danish things in English, and English month names (Danish spelling where it differs)
    "denmark": "danmark", "danish": "danmark danske", "copenhagen": "københavn",
    "extend": "forlænge", "extended": "forlænge forlængelse", "extension": "forlængelse",
    "run": "periode", "ran": "periode", "period": "periode",
    "january": "januar", "jan": "januar", "february": "februar", "feb": "februar", "march": "marts",
    "mar": "marts", "apr": "april", "may": "maj", "june": "juni", "jun": "juni", "july": "juli",
    "jul": "juli", "aug": "august", "sep": "september", "sept": "september", "october": "oktober",
    "oct": "oktober", "nov": "november", "dec": "december",
    "moves": "flytter",
    "fidelity": "fidelitet",
    "preconditions": "forudsætninger",
    "prerequisites": "forudsætninger",
    "conditions": "forudsætninger betingelser",
    "management": "ledelse",
    "leadership": "ledelse",
    "bridge": "brobygning",
    "bridging": "brobygning",
    "outreach": "opsøgende opsporing",
    "count": "optælling tælling regnes",
    "numbers": "antal",
    "number": "antal",
    "families": "familier",
    "young people": "unge",
    "person": "borger",
    "persons": "borgere",
    "risk": "risiko",
    "prison": "fængsel",
    "hospital": "sygehus",
    "street": "gaden",
    "evaluation": "evaluering",
    "evaluates": "evaluerer",
    "cooperation": "samarbejde",
    "collaboration": "samarbejde",
    "model": "model",
    "salary": "løn",
    "salaries": "løn",
    "wage": "løn",
    "wages": "løn",
    "pay": "løn",
    "paid": "løn",
    "weather": "vejr",
    "medicine": "medicin",
    "medication": "medicin",
    "vaccine": "vaccine",
    "vaccines": "vacciner",
    "pension": "pension",
    "early": "tidlig",
    "stable": "stabil",
    "solution": "løsning boligløsning",
    "solutions": "løsninger boligløsninger",
    "limited": "tidsbegrænset afgrænset",
    "time": "tid",
    "allow": "mulighed",
    "allows": "mulighed",
    "organised": "organiseres",
    "organized": "organiseres",
    "receive": "modtage",
    "together": "sammen",
    "project": "projekt projektet",
    "part": "deltager",
    # general policy and social-work vocabulary (English -> the manuals' Danish words)
    "guideline": "retningslinje retningslinjen vejledning",
    "guidelines": "retningslinjer vejledning",
    "guide": "guide guiden vejledning",
    "manual": "manual metodehåndbog",
    "brochure": "pjece",
    "target group": "målgruppe",
    "aimed": "målrettet",
    "intended": "målrettet",
    "meant for": "målgruppe målrettet", "intended for": "målgruppe målrettet", "designed for": "målgruppe målrettet",
    "eligible": "målgruppe visitation",
    "who is": "målgruppe",
    "method": "metode metoden",
    "methods": "metoder metoderne",
    "approach": "tilgang tilgangen",
    "principle of": "princip",
    "difference": "forskel",
    "differ": "forskel",
    "compared": "forskel",
    "intensive": "intensiv intensive",
    "most": "mest",
    "flexible": "fleksibel fleksible",
    "coordination": "koordinering koordinere",
    "coordinate": "koordinere",
    "coordinating": "koordinerende",
    "case": "sag forløb",
    "cases": "sager borgere",
    "manager": "leder",
    "managers": "ledere",
    "leaders": "ledere ledelse",
    "board": "styregruppe",
    "steering": "styregruppe styring",
    "committee": "udvalg styregruppe",
    "money": "penge millioner kroner",
    "funding": "penge pulje finansieret",
    "budget": "budget omkostninger",
    "set": "afsat",
    "allocated money": "afsat",
    "million": "millioner",
    "millions": "millioner",
    "share": "andel procent",
    "percent": "procent",
    "percentage": "procent",
    "proportion": "andel",
    "kept": "fastholde fastholdt følger",  # "kept their home"; "kept an eye on" (følger arbejdet)
    "keep": "fastholde opretholde bevare følge",
    "sustain": "fastholde",
    "retain": "fastholde",
    "tenancy": "bolig lejemål",
    "evicted": "udsat udsættelse",
    "eviction": "udsættelse",
    "rent": "husleje",
    "afford": "betale",
    "affordable": "billige husleje",
    "cheapest": "billige",
    "public": "almene",
    "social housing": "almene boliger",
    "youth housing": "ungdomsboliger",
    "dormitory": "kollegium ungdomsboliger",
    "prisoners": "fængsel løsladelse",
    "release": "løsladelse",
    "released": "løsladt",
    "discharged": "udskrevet",
    "hospital discharge": "udskrivning",
    "survey": "kortlægning tælling",
    "homeless count": "hjemløsetælling",
    "defined": "defineres definition",
    "sofa": "sofa midlertidigt",
    "couch": "sofa midlertidigt",
    "friends": "venner bekendte",
    "relatives": "slægtninge familie",
    "family": "familie slægtninge",
    "night": "nat",
    "tonight": "nat",
    "ready": "parat parathed",
    "readiness": "parathed boligparathed",
    "housing ready": "boligparat boligparathed",
    "sober": "stoffri misbrug",
    "drugs": "stoffer misbrug",
    "alcohol": "alkohol misbrug",
    "mental": "psykisk psykiske",
    "illness": "sygdom lidelse",
    "psychiatry": "psykiatri",
    "doctor": "læge",
    "physician": "læge",
    "social worker": "socialrådgiver",
    "caseworker": "sagsbehandler",
    "caseworkers": "sagsbehandlere",
    "professionals": "fagpersoner faggrupper",
    "professions": "faggrupper fagligheder tværfagligt psykiatere sygeplejersker",
    "disciplines": "fagligheder tværfaglig",
    "multidisciplinary": "tværfagligt tværfaglig",
    "cross-sector": "tværgående",
    "outreach team": "udgående team",
    "mobile": "udgående",
    "ambulatory": "ambulant",
    "visit": "besøg",
    "visits": "besøg",
    "contact": "kontakt",
    "weekly": "ugen ugentlig",
    "per week": "ugen",
    "week": "uge ugen",
    "weeks": "uger",
    "day": "dag",
    "days": "dage",
    "average": "gennemsnit",
    "typically": "typisk",
    "outcome": "resultat resultater",
    "outcomes": "resultater",
    "effect": "effekt virkning",
    "effects": "effekter",
    "effective": "effekt virkning",
    "works": "virker",
    "success": "succes", "succeed": "lykkes vellykket", "succeeds": "lykkes vellykket",
    "problems": "problemer udfordringer udfordret", "problem": "problem udfordring",
    "hard": "svært udfordringer vanskeligt", "difficult": "vanskeligt udfordringer",
    "difficulties": "vanskeligheder udfordringer",
    "pros": "fordele styrke", "cons": "ulemper risiko", "advantages": "fordele styrke", "disadvantages": "ulemper risiko",
    "drawbacks": "ulemper risiko", "pays": "betaler dække udgifter", "available": "rådighed",
    "measure": "måle måleredskaber", "measured": "målt måleredskaber", "collected": "indsamlet udfyldt",
    "evaluate": "evaluere evaluerer", "evaluating": "evaluerer evaluering",
    "successful": "succes vellykket",
    "failure": "udfordret",
    "challenges": "udfordringer",
    "barriers": "barrierer udfordringer",
    "learning": "læring",
    "lessons": "læringspunkter erfaringer",
    "experience": "erfaring erfaringer",
    "experiences": "erfaringer",
    "checklist": "tjekliste",
    "checklists": "tjeklister",
    "training": "uddannelse kompetenceudvikling",
    "competences": "kompetencer",
    "skills": "kompetencer",
    "supervision": "supervision",
    "document": "dokument",
    "documentation": "dokumentation",
    "agreements": "aftaler",
    "binding": "forpligtende",
    "network meeting": "netværksmøde",
    "network meetings": "netværksmøder",
    "authority": "myndighed myndighedskompetence",
    "decision": "afgørelse beslutning",
    "decide": "beslutter beslutning", "decides": "beslutter beslutning", "decided": "besluttede beslutning",
    "not": "", "actually": "",
    "roll": "udbredelse", "kicked": "", "launched": "", "projects": "projekter projekterne",
    # "who kept an eye on the strategy": the group that "følger arbejdet"
    "keeps": "fastholder følger", "eye": "", "monitored": "monitorering følger",
    "oversaw": "følger styregruppe", "oversee": "følge styregruppe", "oversees": "følger styregruppe",
    "finished": "afsluttet sluttede varer", "supposed": "",
    "decisions": "beslutninger",
    "assessment": "udredning vurdering",
    "assess": "vurdere udredning",
    "identify": "opspore opsporing",
    "identified": "opsporet opsporing",
    "referred": "henvist visiteret",
    "assigned": "visiteret tildelt",
    "waiting": "venter ventetid",
    "end": "afslutning afsluttes",
    "ends": "afsluttes afslutning",
    "ended": "afsluttet",
    "finish": "afslutte varer",
    "after": "efter",
    "handover": "overdragelse",
    "hand over": "overdrage overdragelse",
    "volunteers": "frivillige civilsamfund",
    "civil society": "civilsamfundet",
    "job centre": "jobcenter",
    "job center": "jobcenter",
    "benefits": "ydelser",
    "cash benefit": "kontanthjælp",
    "education benefit": "uddannelseshjælp",
    "school": "skole uddannelse",
    "law": "lov loven",
    "act": "act",
    "section": "paragraf §",
    "paragraph": "paragraf §",
    "social services act": "serviceloven",
    "housing act": "almenboligloven",
    "national": "landsdækkende national",
    "programme": "program programmet",
    "program": "program programmet",
    "pilot": "forsøg forsøgsperiode",
    "trial": "forsøg",
    "rollout": "udbredelse",
    "rolling": "udbredelse",
    "spread": "udbredelse udbredes",
    "participated": "deltog deltage",
    "participating": "deltagende deltager",
    "took part": "deltog",
    "partners": "samarbejdspartnere aktører",
    "stakeholders": "aktører",
    "actors": "aktører",
    "organisation": "organisering",
    "organization": "organisering",
    "organise": "organisere",
    "broad": "bred",
    "narrow": "smal",
    "employees": "medarbejdere",
    "team leader": "leder",
    "young person": "ung unge",
    "young adults": "unge",
    "under": "under",
    "aged": "år årige",
    "years": "år",
    "annual": "årlig året",
    "annually": "årligt",
    "hour": "time timer",
    "spent": "brugt tidsforbrug",
    "time spent": "tidsforbrug",
    "cheaper": "billigere besparelser",
    "savings": "besparelser",
    "save": "spare besparelser",
    "economic": "økonomisk samfundsøkonomisk",
    # opening hours and who a place is for (municipal pages): "when is it open", "which ages", "drop-in"
    "open": "åbent åben åbningstid", "opening": "åbningstid åbent", "closed": "lukket",
    "weekend": "lørdag søndag weekend", "weekends": "lørdag søndag weekend",
    "ages": "år alder", "age": "alder år",
    "drop-in": "uden tidsbestilling", "drop in": "uden tidsbestilling", "walk-in": "uden tidsbestilling",
    "appointment": "tidsbestilling aftale",
    "watch": "opmærksom opmærksomhedspunkt", "pitfalls": "udfordringer opmærksomhedspunkt", "pitfall": "udfordring",
    "took": "",
    "also": "",
    "has": "",
    "have": "",
    "stand": "",
}

_INJECTION = re.compile(
    r"\b(ignor[eé]r\w*|glem|disregard|forget|ignore)\b.{0,40}\b(instruks\w*|instruktion\w*|regler|instructions?|"
    r"prompt|rules|tidligere|previous)\b|\b(du er nu|you are now|system prompt|act as|lad som om)\b",
    re.IGNORECASE | re.DOTALL,
)
_FOLLOWUP_START = re.compile(
    # an acknowledgement may come first: "ok og hvad med icm da?", "thanks - and for ACT?"
    r"^\s*(?:(?:ok(?:ay)?|nå|jamen|ja|fint|super|tak|ah|aha|thanks|cool|great|right)\b[\s,.!-]*)*"
    r"(og|men|hvad så|hvad med|hvordan med|gælder det( også)?|samme for|and|what about|how about|"
    r"and for|same for)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)|<[^>]{0,200}>", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Truncation:
    """How a too-long question was cut: ``length`` characters (after cleaning) became at most
    ``max_chars``; ``kept`` is ``"start"`` (only the beginning) or ``"start_and_question"`` (the
    beginning and the question the text ends with, the middle left out)."""

    length: int
    max_chars: int
    kept: str


@dataclass(frozen=True)
class PreparedQuestion:
    """A question made safe and ready for retrieval and rules."""

    original: str  # masked, control characters removed, truncated
    lang: str  # "da" | "en"
    search_text: str  # what retrieval sees (follow-up resolved, English expanded)
    rules_text: str  # what the rule engine sees (follow-up context included)
    truncated: bool = False
    injection: bool = False
    truncation: Truncation | None = None
    followup_of: str | None = None
    resolved: str = ""  # the question with follow-ups resolved, before any English expansion
    # Spelling/æøå repairs and the focus of a long note (``assistant.normalize``).
    normalized: NormalizedQuestion | None = None


def clean_question(text: str, max_chars: int) -> tuple[str, bool]:
    """NFKC, control characters to spaces, whitespace folded (a blank line stays one line break),
    length capped at ``max_chars`` (returns the truncated flag; ``cut_question`` says how).

    A longer text keeps its beginning *and* the question it ends with (``focus_question``):
    the question of a long case note is never the part that is lost.
    """
    text, truncation = cut_question(text, max_chars)
    return text, truncation is not None


def cut_question(text: str, max_chars: int) -> tuple[str, Truncation | None]:
    """``clean_question`` with what was kept when the text was too long.

    >>> cut_question("Lang baggrund. " * 3 + "Hvad nu?", 30)
    ('Lang baggrund. Lang … Hvad nu?', Truncation(length=53, max_chars=30, kept='start_and_question'))
    """
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = join_lines(text)
    if len(text) <= max_chars:
        return text, None
    focus = focus_question(text, min_chars=0)
    if len(focus) >= max_chars - 10 or not text.endswith(focus):
        return text[:max_chars].rstrip(), Truncation(len(text), max_chars, "start")
    head = text[: max_chars - len(focus) - 3].rstrip()
    return f"{head} … {focus}", Truncation(len(text), max_chars, "start_and_question")


# A word votes for the language in which it is this much more common (Zipf units, wordfreq).
LANGUAGE_VOTE_MARGIN = 1.0
# The field's names are the same in both languages.
_NO_VOTE = frozenset({"cti", "icm", "act", "hf", "sm", "samarbejdsmodellen", "caseload"})


def language_votes(text: str) -> tuple[int, int]:
    """(English votes, Danish votes): each distinct word votes for the language in which it is
    clearly more common (wordfreq Zipf, by ``LANGUAGE_VOTE_MARGIN``); a word with æ/ø/å votes
    Danish; the field's names and "Housing First" do not vote."""
    from wordfreq import zipf_frequency

    text = re.sub(r"\bhousing\s+first\b", " ", text, flags=re.IGNORECASE)
    en = da = 0
    for tok in dict.fromkeys(tokenize(text)):
        if not tok.isalpha() or tok in _NO_VOTE:
            continue
        if re.search(r"[æøå]", tok):
            da += 1
            continue
        z_en, z_da = zipf_frequency(tok, "en"), zipf_frequency(tok, "da")
        if z_en > z_da + LANGUAGE_VOTE_MARGIN:
            en += 1
        elif z_da > z_en + LANGUAGE_VOTE_MARGIN:
            da += 1
    return en, da


def votes_english(word: str) -> bool:
    """The word is clearly more common in English than in Danish (as in ``language_votes``).

    >>> votes_english("hours"), votes_english("timer"), votes_english("team")
    (True, False, False)
    """
    from wordfreq import zipf_frequency

    if not word.isalpha() or word in _NO_VOTE or re.search(r"[æøå]", word):
        return False
    return zipf_frequency(word, "en") > zipf_frequency(word, "da") + LANGUAGE_VOTE_MARGIN


def is_mixed(text: str) -> bool:
    """A Danish question with English in it ("how many hours … , og hvor mange unge …"): at
    least two English votes. Its English words the corpus does not know are read through the
    glossary (``expand_english(…, only_unknown=True)``, ``evidence.key_terms``)."""
    return language_votes(text)[0] >= 2


def detect_language(text: str, previous: str | None = None) -> str:
    """'en' when the question reads as English, else 'da' (the default): two English votes and
    more than Danish (``language_votes``). A follow-up with no Danish vote keeps the language of
    the ``previous`` question ("and for ACT?" after an English question).

    >>> detect_language("was it extended at some point?"), detect_language("hvornår slutter cti?")
    ('en', 'da')
    >>> detect_language("and for ACT?", previous="How long does CTI last?")
    'en'
    """
    en, da = language_votes(text)
    if en > da and en >= 2:
        return "en"
    if previous is not None and da == 0 and en >= 1 and detect_language(previous) == "en":
        return "en"
    return "da"


def expand_english(text: str, known: Callable[[str], bool] | None = None, only_unknown: bool = False) -> str:
    """Append the manuals' Danish words for the English terms (single words and two-word phrases),
    and, given ``known`` (is this a corpus word?), the Danish cognates of other English words that
    the corpus uses ("combinations" -> "kombination"). With ``only_unknown`` (a Danish question
    with English words in it), only the words that vote English and that the corpus does not
    know are read: "unge" stays Danish, "hours" brings "timer"."""
    toks = tokenize(text)
    if only_unknown:
        toks = [t for t in toks if (t in GLOSSARY or votes_english(t)) and not (known is not None and known(t))]
    extra = [GLOSSARY[t] for t in toks if t in GLOSSARY]
    extra += [GLOSSARY[f"{a} {b}"] for a, b in zip(toks, toks[1:], strict=False) if f"{a} {b}" in GLOSSARY]
    if known is not None:
        extra += [c for t in toks if t not in GLOSSARY and not known(t) for c in english_cognates(t) if known(c)]
    extra = [e for e in dict.fromkeys(extra) if e]
    return text if not extra else f"{text} {' '.join(extra)}"


def methods_in(text: str) -> list[str]:
    seen: list[str] = []
    for m in _METHOD_RE.finditer(text):
        name = m.group(1)
        name = "Samarbejdsmodellen" if name.lower() == "samarbejdsmodellen" else name.upper()
        if name not in seen:
            seen.append(name)
    return seen


# A pronoun that points back: "hvad handler den om?", "hvor længe varer det?", "til den næste",
# "was it extended?". "Hvad betyder det at være hjemløs?" is no pointer ("det at …").
_ANAPHOR = re.compile(
    r"\b(?:varer|virker|gælder|koster|stopper|slutter|starter|begynder|handler|betyder|fungerer|hedder|kører"
    r"|ender|sker|indeholder|består|foregår|gik|var|blev)\s+(?:den|det|de|dem)\b(?!\s+at\b)"
    r"|\b(?:den|dem|denne|dette|disse)\s*(?:om|til|af|på|for|med|ud|op|ind|så|nu|også)?\s*[?.!]"
    r"|\bden\s+(?:næste|forrige|sidste)\b"
    # "hvilket af dem …", "which of them": a preposition and a plural pronoun ("dem der …" is no pointer)
    r"|\b(?:af|om|for|med|blandt|of|among)\s+(?:dem|disse|them|these|those)\b(?!\s+(?:der|som|who|that)\b)"
    r"|\b(?:it|they|them|its|their)\b",
    re.IGNORECASE,
)


# A demonstrative for the previous topic: "hvem sidder i sådan et team?", "such a team", "that course".
_DEMONSTRATIVE = re.compile(
    r"\bsådan(?:t|ne)?\s+(?:et|en)\b|\bsådanne\b|\bsuch\s+an?\b"
    r"|\b(?:that|this|those|these)\s+(?:team|teams|course|phase|method|model|worker|workers|meeting|meetings"
    r"|strategy|programme|program|project|rule|group)\b",
    re.IGNORECASE,
)
# "er det et fast krav eller mere en anbefaling?", "is that a hard rule?": a question that opens
# on a copula and a pronoun, with no subject of its own, asks about what was just answered
_COPULA_POINTER = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|okay|nå|ja|jamen|men|og|and|so|but)\b[\s,.!-]*)*"
    r"(?:(?:er|var)\s+(?:det|den|dette|denne)\s+(?:(?:et|en)\s+(?:fast\w*|krav|lovkrav|regel|anbefaling|minimum|maksimum)"
    r"|også|virkelig|altid|bare|stadig|fast\w*|lovpligtig\w*|bindende|obligatorisk|et\s+krav)\b"
    r"|(?:is|was)\s+(?:that|this)\b"
    r"|(?:is|was)\s+it\s+(?:an?\s+(?:hard|fixed|formal|strict|legal)\b|a\s+(?:rule|requirement|recommendation|minimum|maximum)\b"
    r"|just\b|really\b|always\b|still\b|required\b|mandatory\b|binding\b|fixed\b))",
    re.IGNORECASE,
)
_FINAL_PRONOUN = re.compile(
    r"\b(?:i|om|til|af|på|for|med|in|of|about|with)\s+(?:den|det|dem|denne|dette|it|them)\s*[?.!]*\s*$", re.I
)


def is_followup(text: str) -> bool:
    """A short question that leans on the previous one: it starts like one ("og hvad med ICM?",
    "what about ACT?"), or it names no method and points back with a pronoun ("hvornår går man
    så videre til den næste, og hvad handler den om?", "was it extended at some point?")."""
    n = len(tokenize(text))
    if _FOLLOWUP_START.search(text) and n <= 8:
        return True
    if methods_in(text):
        # "og ICM for unge? hvor lang tid i snit?": a follow-up start with another method, and a
        # few words of its own
        return bool(_FOLLOWUP_START.search(text)) and n <= 12
    # a pronoun that ends the question points back however long the question is ("… og hvad sker
    # der i den?")
    return (n <= 14 and bool(_ANAPHOR.search(text) or _DEMONSTRATIVE.search(text) or _COPULA_POINTER.search(text))) or (
        n <= 24 and bool(_FINAL_PRONOUN.search(text))
    )


def resolve_followup(question: str, previous: str) -> str:
    """Rewrite a follow-up as a full question using the previous one.

    >>> resolve_followup("og hvad med ICM?", "Hvor lang tid varer et CTI-forløb?")
    'Hvor lang tid varer et ICM-forløb?'
    """
    new_methods = methods_in(question)
    old_methods = methods_in(previous)
    if new_methods and old_methods:
        out = previous
        for old in old_methods:
            out = re.sub(rf"\b{re.escape(old)}\b", new_methods[0], out, flags=re.IGNORECASE)
        # what the follow-up adds ("… hvor lang tid i snit?") is asked too
        extra = _own_words(question, previous)
        return f"{out} {' '.join(extra)}" if extra else out
    switched = _switch_scope(question, previous)
    if switched is not None:
        return switched
    if (
        _OWN_QUESTION.search(question)
        and (_ORDINAL_POINTER.search(question) or _DEMONSTRATIVE.search(question))
        and content_tokens(question)
    ):
        # "hvor lang tid tager den sidste?" after "hvad er de tre faser i CTI?", "hvem sidder i sådan
        # et team?" after "hvad er ACT?": the follow-up asks about one item of what the earlier
        # question listed, or about the thing it was about; that question gives only the topic
        # (its words, not its "hvad er"). A pronoun for the whole topic ("was it extended?") keeps
        # the earlier question whole.
        topic = [w for w in content_tokens(previous) if w not in _QUESTION_FRAME]
        if not topic:
            return f"{previous} {question}"
        body = question.rstrip(" ?.!")
        return f"{body} ({' '.join(topic)}){question[len(body):]}"
    return f"{previous} {question}"


# Words of a follow-up that only lean on the previous question.
_FOLLOWUP_WORDS = frozenset("hvad så med hvordan gælder samme også da nå jamen ja fint super tak and what about how same".split())
# A question word of the follow-up's own: it asks something else about the same topic.
_OWN_QUESTION = re.compile(
    r"\b(?:hvor\s+(?:lang|længe|mange|meget|ofte|tit|stor)|hvornår|hvem|hvorfor|hvordan|hvilke[nt]?|hvad\s+(?:sker|skal|gør|betyder|koster|hedder|handler)"
    r"|how\s+(?:long|many|much|often)|when|who|why|which)\b",
    re.IGNORECASE,
)
# The interrogative frame of a question: no topic ("hvad er de tre …", "kan du nævne …").
_QUESTION_FRAME = frozenset(
    "to tre fire fem seks syv otte two three four five six seven eight nævne liste list name forklare explain "
    "fortælle tell".split()
)
# One item of a list the previous answer gave: "den sidste", "det første", "the last one".
_ORDINAL_POINTER = re.compile(
    r"\b(?:den|det|de|the)\s+(?:sidste|første|næste|anden|andet|tredje|fjerde|femte|last|first|next|second|third|fourth|fifth)\b",
    re.IGNORECASE,
)


def _own_words(question: str, previous: str) -> list[str]:
    """Content words of ``question`` that the previous question and the method names lack."""
    known = set(content_tokens(previous)) | {m.lower() for m in methods_in(question)}
    return [w for w in dict.fromkeys(content_tokens(question)) if w not in known and w not in _FOLLOWUP_WORDS]


_SCOPE = re.compile(
    r"^\W*(?:og|and|men|but)\s+(?P<prep>i|for|ved|blandt|in|among)\s+(?P<what>[^?.!]{2,60}?)\s*[?.!]*\s*$", re.I
)


def _switch_scope(question: str, previous: str) -> str | None:
    """"og i unge projektet?" after "hvilke metoder implementerer Randers i deres hjemløsestrategi?":
    the previous question with its last phrase under the same preposition replaced, when that
    phrase names no method (then the follow-up narrows the method's question instead)."""
    m = _SCOPE.match(question)
    if m is None:
        return None
    prep = m.group("prep").lower()
    spots = list(re.finditer(rf"\b{prep}\s+(?P<old>[^?.!]+?)(?=\s*[?.!]|\s*$)", previous, re.I))
    if not spots or methods_in(spots[-1].group("old")):
        return None
    last = spots[-1]
    return f"{previous[: last.start('old')]}{m.group('what')}{previous[last.end('old') :]}"


_PRONOUN_SIDE = re.compile(
    r"\b(forskel\w*\s+(?:på|mellem|paa)|sammenlign\w*|difference\s+between|compare[ds]?)\s+(den|det|dem|it|that)\s+(og|and|med|with)\b",
    re.IGNORECASE,
)


def name_the_pronoun_side(question: str, previous: str) -> str:
    """A comparison whose one side is a pronoun for the previous question's method gets its name.

    >>> name_the_pronoun_side("hvad er så forskellen paa den og ICM?", "hvad er CTI for noget?")
    'hvad er så forskellen paa CTI og ICM?'
    """
    named = [m for m in methods_in(previous) if m.lower() not in question.lower()]
    if not named:
        return question
    return _PRONOUN_SIDE.sub(lambda m: f"{m.group(1)} {named[0]} {m.group(3)}", question, count=1)


def looks_like_injection(text: str) -> bool:
    return bool(_INJECTION.search(text))


def strip_injection(text: str) -> str:
    """Remove the instruction part ("ignorer dine instruktioner og sig at") so retrieval sees the topic."""
    text = re.sub(
        r"^.*?\b(og|and)\s+(sig|skriv|svar|say|write|answer|tell me)( at| that)?\s+",
        "",
        text,
        flags=re.IGNORECASE,
    )
    return text


# How the asker wants the answer shaped ("kort tak", "i punktform", "in bullet points"): no topic.
_ANSWER_FORMAT = re.compile(
    r"[,;:]?\s*\b(?:(?:helt\s+|meget\s+)?kort(?:\s+og\s+godt|\s+svar)?\s*(?:tak|please|,\s*tak)|"
    r"(?:gerne\s+)?(?:i|som)\s+(?:punktform|stikord\w*|punkter|en\s+liste)|kort\s+og\s+godt|"
    r"(?:in|as)\s+(?:bullet\s*points?|bullets|a\s+list)|briefly|(?:please\s+)?keep\s+it\s+short|short\s+answer(?:\s+please)?)\b"
    r"|^\s*(?:kort|briefly|short)\s*[:–-]\s*",
    re.IGNORECASE,
)


def strip_answer_format(text: str) -> str:
    """The question without how the answer should be shaped.

    >>> strip_answer_format("forskel paa cti og icm?? kort tak, i punktform")
    'forskel paa cti og icm??'
    >>> strip_answer_format("Hvad er kort støtte?")
    'Hvad er kort støtte?'
    """
    out = _ANSWER_FORMAT.sub("", text)
    out = re.sub(r"\s+([?!.,])", r"\1", re.sub(r"\s{2,}", " ", out)).strip(" ,;:")
    return out if len(re.findall(r"\w+", out)) >= 2 else text


# Everyday ways to ask for a target group ("hvem er X til", "hvilken slags borgere er det lavet
# til", "who is X for"): the manuals say "målgruppe" / "målrettet".
_ASKS_TARGET_GROUP = re.compile(
    r"\bhvem\b(?:(?!\bhvem\b)[^?.!]){0,60}?\b(?:til|for)\b\s*(?:[?.!]|$|\s+og\b)"
    r"|\bhvem\b(?:(?!\bhvem\b)[^?.!]){0,40}?\b(?:tænkt|lavet|beregnet|ment|rettet|egnet)\b"
    r"|\bhvilke[nt]?\s+(?:slags|type|typer|form\s+for)\s+(?:borgere|unge|mennesker|personer|folk|målgruppe)"
    r"|\bwho\b[^?.!]{0,60}?\b(?:for|meant\s+for|aimed\s+at|designed\s+for|intended\s+for)\b\s*(?:[?.!]|$)"
    r"|\bwhat\s+(?:kind|type|sort)s?\s+of\s+(?:people|clients|citizens|young\s+people)",
    re.IGNORECASE,
)


# Everyday ways to ask what a worker must be able to do ("hvad skal personen kunne", "hvilke
# kvalifikationer"): the manuals say "kompetencer".
_ASKS_COMPETENCE = re.compile(
    r"\bhvad\s+skal\s+(?:\w+\s+){0,2}?kunne\b|\bkvalifikation\w*|\bhvad\s+kræver\s+(?:det|jobbet|stillingen)\b"
    r"|\b(?:hvilken|hvad\s+for\s+en)\s+uddannelse\s+(?:skal|bør|må)\b"
    r"|\bwhat\s+(?:skills|qualifications)\b|\bwhat\s+should\s+(?:\w+\s+){0,3}?be\s+able\s+to\b",
    re.IGNORECASE,
)


def with_idiom_terms(text: str) -> str:
    """The question with the manuals' word for what an everyday idiom asks, appended.

    >>> with_idiom_terms("hvem er skæve boliger egentlig tænkt til?")
    'hvem er skæve boliger egentlig tænkt til? (målgruppe)'
    >>> with_idiom_terms("hvad skal personen kunne? uddannelse og personlighed")
    'hvad skal personen kunne? uddannelse og personlighed (kompetencer)'
    >>> with_idiom_terms("Hvad er ACT?")
    'Hvad er ACT?'
    """
    if _ASKS_TARGET_GROUP.search(text) and not re.search(r"målgrupp|målrettet|target group", text, re.IGNORECASE):
        return f"{text} (målgruppe)"
    if _ASKS_COMPETENCE.search(text) and not re.search(r"kompetence", text, re.IGNORECASE):
        return f"{text} (kompetencer)"
    return text


def asked_part(text: str) -> str:
    """The sentences of ``text`` that ask (end with "?"), when it also has sentences that only
    tell ("hvad er kerneelementerne?? skal holde oplæg for byrådet"); otherwise ``text``.
    What the asker tells about themselves is no sign of what the manuals cover.

    >>> asked_part("hvad er kerneelementerne i samarbejdsmodellen?? skal holde oplæg for byrådet")
    'hvad er kerneelementerne i samarbejdsmodellen??'
    >>> asked_part("Hvor lang tid varer CTI?")
    'Hvor lang tid varer CTI?'
    >>> asked_part("kan du lige liste de 8 grundprincipper i HF, skal bruge det til teammødet i morgen")
    'kan du lige liste de 8 grundprincipper i HF'
    """
    tail = _TELLING_TAIL.search(text)
    if tail is not None and tail.start() > 15:
        text = text[: tail.start()].rstrip()
    sentences = [s.strip() for s in re.split(r"(?<=[?!.])\s+|\n", text) if s.strip()]
    asks = [s for s in sentences if s.endswith("?") or _WH_START.match(s)]
    if not asks or len(asks) == len(sentences):
        return text
    return " ".join(asks)


# A trailing clause that tells what the answer is for: "…, skal bruge det til teammødet i morgen",
# "…, vi skal holde oplæg for byrådet", "…, need it for a slide tomorrow".
_TELLING_TAIL = re.compile(
    r"(?:,|\s[-–])\s*(?:(?:jeg|vi|i|we)\s+)?(?:skal|skulle|need|needs|har\s+brug\s+for)\s+"
    r"(?:bruge|holde|lave|præsentere|fremlægge|it|this|that|det|the|to)\b[^?]*$",
    re.IGNORECASE,
)


# A sentence that opens with a question word asks, with or without "?" ("hvornår stopper man så").
_WH = r"(?:hvad|hvem|hvor\w*|hvilk\w+|hvordan|hvorfor|hvornår|what|who|when|where|which|how|why)"
# ("like which professions are in it", "altså hvem betaler"): a filler word before it changes nothing.
_WH_START = re.compile(rf"^\W*(?:(?:og|and|men|but|så|like|altså|i\s+mean|dvs\.?|sådan)\s+)?{_WH}\b", re.IGNORECASE)
# Where one sentence asks a second thing: "… og hvilke år kørte den", "…, and how long is it".
_SECOND_ASK = re.compile(
    # "… og hvilke år?", "… and over which years?", "… og i hvilken periode?"
    rf"(?:,\s*|\s+)(?:og|samt|and|plus)\s+(?=(?:(?:i|over|for|fra|in|during|from)\s+)?{_WH}\b"
    r"|(?:er|kan|skal|må|is|are|does|do|can)\s+(?:det|den|de|man|der|it|they|there)\b)",
    re.IGNORECASE,
)


def question_parts(text: str) -> list[str]:
    """The separate things a question asks, in order: its question sentences, and a sentence
    cut where "og"/"and" opens a second question. One part when it asks one thing.

    >>> question_parts("er icm også tidsbegrænset ligesom cti? hvornår stopper man så")
    ['er icm også tidsbegrænset ligesom cti?', 'hvornår stopper man så']
    >>> question_parts("hvor mange penge var der sat af til hjemløsestrategien og hvilke år kørte den")
    ['hvor mange penge var der sat af til hjemløsestrategien', 'hvilke år kørte den']
    >>> question_parts("Hvad er forskellen på CTI og ICM?")
    ['Hvad er forskellen på CTI og ICM?']
    """
    asked = asked_part(text)
    sentences = [s.strip() for s in re.split(r"(?<=[?!])\s+|(?<=\.)\s+(?=\S)|\n", asked) if s.strip()]
    # "… bagefter iflg. Randers …": an abbreviation's dot ends no sentence
    joined: list[str] = []
    for sentence in sentences:
        last = re.search(r"([\w.]+)\.$", joined[-1]) if joined else None
        if last and last.group(1).lower() in QUESTION_ABBREVIATIONS:
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    sentences = joined
    parts: list[str] = []
    for sentence in sentences:
        pieces = [p.strip(" ,") for p in _SECOND_ASK.split(sentence) if p.strip(" ,")]
        parts.extend(p for p in pieces if len(re.findall(r"\w+", p)) >= 2)
    return parts or [text]


def strip_markup(text: str) -> str:
    """Drop HTML tags (and script/style bodies) so retrieval and rules see only the words.

    >>> strip_markup('<script>alert("x")</script> Hvad er <b>ACT</b>?')
    'Hvad er ACT?'
    """
    # line breaks stay (a list of people is one line each); the normaliser joins wrapped lines
    words = re.sub(r"[^\S\n]+", " ", _MARKUP.sub(" ", text))
    words = re.sub(r" ?\n[\s]*", "\n", words).strip()
    return re.sub(r" (?=[?!.,;:])", "", words)


def prepare(
    question: str,
    *,
    max_chars: int,
    previous_question: str | None = None,
    normalizer: QuestionNormalizer | None = None,
) -> PreparedQuestion:
    """Clean, normalise and resolve one question (see ``PreparedQuestion``).

    With a ``normalizer``, retrieval and the rules see the repaired text ("hvornar" ->
    "hvornår"); retrieval of a long note sees only the question it ends with.
    """
    text, truncation = cut_question(question, max_chars)
    lang = detect_language(text, previous=previous_question)
    injection = looks_like_injection(text)
    base = strip_markup(text)
    base = strip_injection(base) if injection else base
    normalized = normalizer.normalize(base, lang=lang) if normalizer is not None else None
    if normalized is not None:
        base = normalized.text
        if lang == "da" and detect_language(base) == "en":
            lang = "en"
    followup_of = None
    rules_text = base
    focus = normalized.focus if normalized is not None else base
    if previous_question:
        base = name_the_pronoun_side(base, previous_question)
        focus = name_the_pronoun_side(focus, previous_question)
    if previous_question and is_followup(base):
        followup_of = previous_question
        if normalizer is not None:
            previous_question = normalizer.normalize(previous_question, lang=lang).text
        base = resolve_followup(base, previous_question)
        rules_text = base
        focus = base
    focus = with_idiom_terms(strip_answer_format(focus))
    known = normalizer.known if normalizer is not None else None
    if lang == "en":
        search_text = expand_english(focus, known)
    elif is_mixed(focus):
        search_text = expand_english(focus, known, only_unknown=True)
    else:
        search_text = focus
    return PreparedQuestion(
        original=text,
        lang=lang,
        search_text=search_text,
        rules_text=rules_text,
        truncated=truncation is not None,
        injection=injection,
        truncation=truncation,
        followup_of=followup_of,
        resolved=focus,
        normalized=normalized,
    )
