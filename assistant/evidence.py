"""Evidence selection: split retrieved chunks into sentences and pick the ones that answer.

Scores combine lexical coverage of the question (IDF-weighted Danish stems, compound parts),
the chunk's hybrid rank, optional dense similarity of the sentence to the question, and cues
("hvor mange" wants a number; "hvad er X" wants a sentence that defines X). Pure and
deterministic given its inputs.

    >>> spans = split_sentences("CTI varer ni måneder. Fase 1 handler om overgangen.")
    >>> [s for s in spans]
    [(0, 21), (22, 51)]
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.calibration import DEFAULT_EVIDENCE_WEIGHTS
from assistant.cognates import english_cognates
from assistant.text import ABBREVIATIONS, SENTENCE_CLOSERS, STOPWORDS, content_stems, continues_sentence, lemma, stem, tokenize
from assistant.types import Chunk, Hit

_SENT_END = re.compile(r"[.!?](?=[\s\"”’)]+(?:[A-ZÆØÅ0-9\"“”(•–-]))|\n+")
NUMBER_WORDS = _NUMBER_WORDS = {
    "en", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv",
    "tyve", "halvt", "tretten", "fjorten", "femten", "tredive", "fyrre", "halvtreds", "hundrede",
    "eleven", "twelve", "twenty", "hundred", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
}
# A count asked ("hvor mange kommuner …"): a year in a sentence ("fra 2016 til 2019") is no answer to it.
_ASKS_COUNT = re.compile(r"\b(?:hvor\s+mange|how\s+many|antal(?:let)?)\b(?!\s+(?:år|years|gange|times)\b)", re.I)
# Words that give a number or a frequency ("hver fjerde uge", "to gange årligt", "weekly"); "en"/"et"
# are articles far more often than numbers ("en række kommuner").
_COUNTING_WORDS = (_NUMBER_WORDS - {"en", "et"}) | frozenset(
    "anden andet tredje fjerde femte sjette syvende ottende niende tiende halve halvdelen dagligt daglig "
    "ugentligt ugentlig månedligt månedlig årligt årlig daily weekly monthly yearly annually twice once".split()
)
_ASKS_TIME = re.compile(r"\b(?:hvornår|hvilke[nt]?\s+år|hvilken\s+periode|when|what\s+years?|which\s+years?|periode)\b", re.I)
_LEGAL_NUMBER = re.compile(r"(?:§§?|\bstk\.?|\bparagraf)\s*\d+\w?", re.I)
_YEAR_NUMBER = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_ASKS_NUMBER = re.compile(
    r"\b(hvor (mange|lang|længe|ofte|tit|hyppigt|stor[te]?|meget)|hvilket år|hvornår|how (many|long|often|much|big|large)|"
    r"when|what year|antal|maks\w*|max\w*|minimum)\b",
    re.IGNORECASE,
)
_ASKS_DURATION = re.compile(
    r"\b(hvor (lang tid|længe)|varighed|varer|how long|duration|last(s)?)\b", re.IGNORECASE
)
_DURATION_WORDS = re.compile(
    r"\b(tidsbegrænset|tidsubegrænset|afgrænset|varighed|længerevarende|langvarig\w*|så længe)\b",
    re.IGNORECASE,
)
_ASKS_DEFINITION = re.compile(
    r"^\s*(hvad (er|betyder|indebærer|menes med|går .* ud på)|what (is|are|does)|define|forklar)\b",
    re.IGNORECASE,
)
# Question words that carry no topic (beyond the shared stopwords).
_QUESTION_NOISE = {
    stem(w)
    for w in (
        "hvad hvilke hvilken hvordan hvorfor hvornår hvor mange lang længe ofte tit hyppigt tid varer "
        "betyder indebærer kaldes gælder sige fortæl forklar beskriv manualerne manualen "
        "står ifølge mon gerne vide skal må kan bør what which how why when many long does mean "
        "tell explain describe according manual manuals please "
        # answer-type words: they name what kind of answer is wanted, not the topic
        "paragraf paragraffer penge beløb forkortelse forkortelsen står hedder navn navnet antal antallet "
        "eksempel eksempler forskel forskellen fordel fordele ulempe ulemper formål formålet "
        # "hvad er ideen bag det?", "hvad er pointen med …": the idiom asks for a reason or a purpose
        "ide idé ideen idéen pointen meningen tanken "
        "abbreviation stand stands name number example difference purpose vs versus "
        # question idioms: "hvad går X ud på", "hvad handler X om", "list lige …", "nævn …"
        "går handler list liste nævn opremse list "
        # "hvilken slags borgere er X lavet/tænkt til": the idiom asks for a target group
        "slags lavet tænkt beregnet "
        # request fillers: "kan nogen lige remind mig om …", "husker du …"
        "lige remind reminde genopfrisk "
        # discourse particles staff type ("hvad går den egentlig ud på", "hvor mange penge blev der
        # dengang sat af", "vist nok"): they weigh like rare topic words and dilute the coverage of
        # the words that carry the topic
        "egentlig egentligt faktisk dengang vist bare altså overhovedet simpelthen typisk generelt "
        "actually basically typically generally"
    ).split()
}
# Everyday Danish words staff type, with the manuals' words for the same thing (a bridge for
# the lexical side; the dense side reads meaning anyway). Keep to vocabulary, not to questions.
DA_SYNONYMS: dict[str, str] = {
    "målgruppe": "målrettet", "målgruppen": "målrettet",
    "stopper": "afsluttes ophører", "stoppe": "afsluttes ophører", "slutter": "afsluttes ophører varer",
    # "hvornår sluttede projekterne?": "… varer til medio 2016, mens Ungeprojektet kører til udgangen af 2017"
    "sluttede": "varer løber udgangen forlænge", "sluttet": "varer løber udgangen forlænge",
    "slutte": "afsluttes ophører", "lukker": "afsluttes", "afslutte": "afsluttes ophører",
    "starter": "igangsættes opstart", "starte": "igangsættes opstart", "begynde": "igangsættes indledes",
    "sofa": "midlertidigt", "sofaen": "midlertidigt", "sofasurfer": "midlertidigt", "sofasurfere": "midlertidigt",
    "sofasurfing": "midlertidigt", "kusine": "slægtninge", "fætter": "slægtninge", "familie": "slægtninge",
    "forældre": "slægtninge", "kammerater": "venner bekendte", "kammerat": "venner bekendte",
    "faggrupper": "tværfagligt fagpersoner", "faggruppe": "tværfagligt fagpersoner",
    "midterste": "anden", "tester": "afprøve afprøvning", "teste": "afprøve afprøvning",
    "chef": "ledelse leder", "chefen": "ledelse leder", "chefer": "ledelse ledere",
    # "da metoderne blev spredt ud til flere kommuner": the manuals say "udbredes", "udbredelse"
    "spredt": "udbredt udbredes udbredelse", "sprede": "udbrede udbredes udbredelse",
    "spredes": "udbredes udbredelse", "spredning": "udbredelse",
    "smidt": "udsat udsættelse", "smides": "udsat udsættelse",
    "nok": "tilstrækkelig tilstrækkeligt",
    "tæller": "regnes", "tælles": "regnes",
    "snit": "gennemsnit", "snittet": "gennemsnit",
    "drillede": "udfordringer udfordret", "drille": "udfordringer udfordret", "driller": "udfordringer udfordret",
    "bøvl": "udfordringer udfordret", "problemer": "udfordringer udfordret", "problem": "udfordring",
    "svære": "udfordringer udfordret vanskeligt", "svær": "udfordring vanskelig",
    "fordele": "styrke fordel", "ulemper": "risiko ulempe", "plusser": "styrke fordel", "minusser": "risiko ulempe",
    "talt": "optælling hjemløsetælling", "tælle": "optælling", "tællingen": "optælling hjemløsetælling",
    # substance use said in everyday words
    "drikke": "misbrug", "drikker": "misbrug", "druk": "misbrug", "stoffer": "misbrug stofmisbrug",
    "narko": "misbrug stofmisbrug", "hash": "misbrug", "heroin": "misbrug stofmisbrug", "piller": "misbrug",
    "kæmpede": "udfordringer", "kæmper": "udfordringer", "kæmpe": "udfordringer", "bøvlede": "udfordringer",
    "svært": "udfordringer udfordret vanskeligt", "finde": "skaffe", "finder": "skaffer",
    # where someone sleeps is where they stay: "sover hos sin fætter" is "bor midlertidigt hos
    # slægtninge", "uden et opholdssted den kommende nat"
    "sover": "bor opholdssted overnatter", "sove": "bo opholdssted overnatte", "sov": "boede opholdssted",
    # what it takes: "hvad skal der til for at Housing First lykkes?" is answered by "… er fem
    # forudsætninger for succes", "… fire grundlæggende forudsætninger for …"
    "lykkes": "succes forudsætninger", "lykkedes": "succes", "succesfuld": "succes forudsætninger",
    # what to watch out for: "er der noget vi skal være obs på?" is answered by "Et særligt
    # opmærksomhedspunkt er, at …"; "faldgruber", "pas på" by the manuals' challenges and risks
    "obs": "opmærksomhedspunkt opmærksom opmærksomhed", "opmærksomme": "opmærksomhedspunkt opmærksomhed",
    "opmærksom": "opmærksomhedspunkt opmærksomhed", "faldgruber": "udfordringer opmærksomhedspunkt risiko",
    "faldgrube": "udfordring opmærksomhedspunkt risiko",
    # money is counted in kroner: "hvor mange penge …" is answered by "… 500 millioner kroner"
    "penge": "kroner millioner midler beløb", "knas": "udfordringer udfordret",
    "politikerne": "kommunalbestyrelsen", "politikere": "kommunalbestyrelsen", "byrådet": "kommunalbestyrelsen",
    "forvaltningen": "kommunalbestyrelsen kommunen", "bestemmer": "beslutter", "bestemme": "beslutte beslutter",
    # a cut-down version of a method
    "light": "modificeret", "lightversion": "modificeret", "nedskaleret": "modificeret", "udvandet": "modificeret",
    "mini": "modificeret", "forenklet": "modificeret", "version": "form udgave", "versionen": "form udgave",
    "fange": "opspore opsporing", "fanger": "opspore opsporing", "fanget": "opspore opsporing",
    "pct": "procent", "percent": "procent", "procentdel": "procent andel",
    # choosing a method ("hvornår vælger man hvad") is the manuals' "valg af støttemetode"; an end
    # date is the course's time limit
    "vælger": "valg vælges", "vælge": "valg vælges", "vælges": "valg", "valgt": "valg vælges",
    "slutdato": "tidsbegrænset afsluttes ophører", "slutdatoen": "tidsbegrænset afsluttes ophører",
    # days of the week people name by the week's end; keeping a home said as staying in it
    "weekend": "lørdag søndag helligdage", "weekenden": "lørdag søndag helligdage", "weekender": "lørdag søndag",
    "beholdt": "fortsat opretholde bevare", "beholde": "fortsat opretholde bevare", "beholder": "fortsat opretholde bevare",
}
_DEF_VERBS = re.compile(r"\b(er|består af|betyder|indebærer|handler om|bygger på|defineres|is|are)\b", re.I)


# A name picks out a document when it is this rare (IDF; df share about 1 in 5 chunks or less).
NAMING_MIN_WEIGHT = 1.6
# A file that is not in the manifest (a dropped-in local guideline) has this kind.
UNCATALOGUED_KIND = "document"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``; abbreviations like "bl.a." do not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group(0) in ".!?" else m.start()
        if m.group(0).startswith("\n") and continues_sentence(text, m.start(), m.end(), floor=start):
            continue  # a line (or page) break inside a sentence: "(der fx kan modtage\n\nkontanthjælp)."
        if m.group(0) == "\n" and _wrapped_line(text, m.start(), start):
            continue  # a wrapped line of prose: "… principperne i Housing\nFirst er …"
        if m.group(0).startswith("\n") and _abbreviation_before(text, start, m.start(), m.end()):
            continue  # a line break after an abbreviation: "… hver onsdag kl.\n9.30-12.00."
        if m.group(0) == ".":
            if _ends_in_abbreviation(text[start : m.end()]):
                continue
            if re.search(r"(^|[\s:(])\d{1,2}\.$", text[max(start, m.end() - 4) : m.end()]):
                continue  # a list enumerator ("1. Boligen …") or a date ("13. november")
        _push(text, start, end, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return _merge_lists(text, spans)


def _abbreviation_at_end(piece: str) -> str | None:
    """The abbreviation (lower case) that ends ``piece`` with its full stop ("… hver onsdag kl."
    → "kl", "bl.a." → "bl.a"), or None."""
    word = re.search(r"([\w.]+)\.$", piece)
    found = word.group(1).lower() if word else None
    return found if found in ABBREVIATIONS else None


def _ends_in_abbreviation(piece: str) -> bool:
    """``piece`` ends with an abbreviation and its full stop ("… hver onsdag kl.", "bl.a.")."""
    return _abbreviation_at_end(piece) is not None


# Abbreviations that never end a sentence: what they abbreviate needs the words after it ("pr.
# CTI-medarbejder", "ca. 20", "jf. § 85"); "osv." and "mv." may end one.
_LEADING_ABBREVIATIONS = frozenset({"pr", "ca", "kl", "jf", "jvf", "fx", "bl.a", "f.eks", "maks", "max", "gns", "iflg",
                                    "ift", "ifm", "vedr", "inkl", "ekskl", "mht", "nr", "stk", "kap", "pkt", "tlf"})


def _abbreviation_before(text: str, floor: int, at: int, after: int) -> bool:
    """The line before the break ends with an abbreviation ("kl.", "ca.", "fx.") and the next
    starts with a digit or a lower-case letter, or the abbreviation is one that never ends a
    sentence ("… maks. 12 borgere pr.\nCTI-medarbejder."): the break is inside the sentence."""
    nxt = text[after : after + 1]
    abbreviation = _abbreviation_at_end(text[floor:at].rstrip())
    if abbreviation is None:
        return False
    leading = abbreviation in _LEADING_ABBREVIATIONS
    return nxt.isdigit() or nxt.islower() or (leading and (nxt.isalpha() or nxt in "§("))


# A table row as ingest writes it ("Tilbud: Bostøtte efter CTI; Varighed: 9 måneder"): a line of its own.
_TABLE_ROW = re.compile(r"^[^:;\n.]{1,80}:\s[^;\n]*;\s[^:;\n.]{1,60}:\s")


def _wrapped_line(text: str, at: int, floor: int) -> bool:
    """A single line break in running prose: the line before is long and ends mid-sentence
    (and neither it nor the next line is a table row)."""
    line_start = max(text.rfind("\n", floor, at) + 1, floor)
    line = text[line_start:at].rstrip()
    if len(line) < 50 or not line or line[-1] in SENTENCE_CLOSERS:
        return False
    next_end = text.find("\n", at + 1)
    if _TABLE_ROW.match(line) or _TABLE_ROW.match(text[at + 1 : next_end if next_end >= 0 else len(text)]):
        return False
    nxt = text[at + 1 : at + 40]
    return bool(re.match(r"[A-ZÆØÅa-zæøå0-9(]", nxt)) and not nxt.isupper()


_ITEM = re.compile(r"\d{1,2}[.)]\s")
_LIST_OPEN = re.compile(r"(:\s*|\b)1[.)]\s*$|:\s*$")


_BULLET = re.compile(r"[•·▪◦]\s")


def _merge_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a numbered list ("… principper: 1. Boligen … 2. Respekt …") together as one unit, and
    a bulleted list with the sentence it finishes ("Ungeindsatsen er for unge mellem 18 og 29 år
    …, som" + "• sover hos venner …" + "• bor på herberg …"). Bullets after a finished sentence
    or a colon stay items of their own (a list a colon opens is brought along when the answer is
    composed, ``list_items``)."""
    out: list[tuple[int, int]] = []
    opened = False  # the unit before is a bulleted list its sentence opened
    for s, e in spans:
        if out and _ITEM.match(text, s):
            ps, pe = out[-1]
            prev = text[ps:pe]
            if (_ITEM.match(prev) or re.search(r":\s*\d{1,2}[.)]", prev) or prev.rstrip().endswith(":")) and (
                len(text[ps:e].split()) <= 90
            ):
                out[-1] = (ps, e)
                continue
        if out and _BULLET.match(text, s):
            ps, pe = out[-1]
            prev = text[ps:pe].rstrip()
            unfinished = len(prev.split()) >= 6 and prev[-1] not in SENTENCE_CLOSERS and not _BULLET.match(prev)
            if (opened or unfinished) and len(text[ps:e].split()) <= 90:
                out[-1] = (ps, e)
                opened = True
                continue
        opened = False
        out.append((s, e))
    return out


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2:
        spans.append((start, end))


@dataclass(frozen=True)
class Sentence:
    """A sentence of a retrieved chunk; ``chunk.text[start:end] == text``.

    ``section`` is the heading printed last before the sentence and ``section_start`` where that
    heading begins, in chunk coordinates (negative: before the chunk). A chunk can hold several
    short sections; without them the chunk's first section is assumed, starting at 0. This is
    text order (``SourceDocument.heading_before``): a box label or figure caption printed just
    before a sentence counts, as the scorer's heading weight was fitted on it; the section a
    citation shows is the one the sentence stands under in reading order.
    """

    chunk: Chunk
    start: int
    end: int
    text: str
    chunk_rank: int
    section: str | None = None
    section_start: int | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.chunk.id, self.start)

    @property
    def heading(self) -> str | None:
        return self.section if self.section_start is not None else self.chunk.section

    @property
    def opens_section(self) -> bool:
        """The sentence is among the first ~400 characters under its heading, heading included."""
        if self.section_start is None:
            return bool(self.chunk.section) and self.start < 400 and (
                self.chunk.text.lstrip().startswith(self.chunk.section.strip())
            )
        return self.section_start >= 0 and self.start - self.section_start < 400


# Section headings printed over a chunk's sentences as (offset in chunk coordinates, title), in
# order; the first may lie before the chunk (a negative offset).
ChunkSections = Callable[[Chunk], Sequence[tuple[int, str]]]


def heading_at(heads: Sequence[tuple[int, str]], offset: int) -> tuple[str | None, int | None]:
    """(title, heading offset) of the last heading in ``heads`` at or before ``offset``.

    >>> heading_at([(-500, "STØTTE"), (40, "KENDETEGN: CTI")], 95)
    ('KENDETEGN: CTI', 40)
    """
    found: tuple[str | None, int | None] = (None, None)
    for start, title in heads:
        if start > offset:
            break
        found = (title, start)
    return found


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    score: float
    coverage: float  # share of the question's key-term weight present in the sentence
    # The scoring features (``FEATURES``) the score was computed from; empty when built by hand.
    features: Mapping[str, float] = field(default_factory=dict, compare=False)


# A question stem this long that begins a corpus stem is known (see ``TermStats.begins_a_word``).
DERIVATION_MIN_CHARS = 6


class TermStats:
    """Document frequencies of stems over the indexed chunks (for IDF weights and vocabulary)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for c in chunks:
            n += 1
            df.update(set(content_stems(c.text)))
        self.df = df
        self.n = max(n, 1)

    def idf(self, s: str) -> float:
        return math.log(1 + (self.n - self.df.get(s, 0) + 0.5) / (self.df.get(s, 0) + 0.5))

    def known(self, s: str) -> bool:
        return self.df.get(s, 0) > 0

    def begins_a_word(self, s: str) -> bool:
        """``s`` (a stem of ``DERIVATION_MIN_CHARS`` or more) begins a longer corpus stem: the corpus
        uses a derivation or a compound of it ("tilfreds" in "tilfredshedsmåling", "ensom" in
        "ensomhed"), so the word is no stranger to the manuals."""
        if len(s) < DERIVATION_MIN_CHARS:
            return False
        if getattr(self, "_sorted_n", -1) != len(self.df):
            self._sorted = sorted(self.df)
            self._sorted_n = len(self.df)
        i = bisect.bisect_left(self._sorted, s)
        return i < len(self._sorted) and self._sorted[i].startswith(s) and len(self._sorted[i]) > len(s)


@dataclass(frozen=True)
class Term:
    """One topic word of the question: covered when any alternative stem is present,
    or when all of its compound parts are."""

    word: str
    alts: frozenset[str]
    parts: tuple[str, ...]
    weight: float
    unknown: bool = False
    # How strongly an unknown word signals "not in the manuals": 1 = a topic word, lower for
    # inflected verbs/comparatives and common English words; ``name`` marks a proper noun.
    strength: float = 0.0
    name: bool = False

    def present(self, stems: frozenset[str] | set[str]) -> bool:
        if any(a in stems or _prefix_hit(a, stems) for a in self.alts):
            return True
        return bool(self.parts) and all(p in stems or _prefix_hit(p, stems) for p in self.parts)


# What is left of an abbreviation once its dots split it ("f.eks." -> "eks", "bl.a." -> "bl"): no topic.
_ABBREVIATION_PARTS = frozenset({"eks", "bl", "evt", "inkl", "pga", "dvs", "etc", "ca", "vs", "jf", "mht", "ang"})


def key_terms(
    question: str,
    stats: TermStats,
    splitter: Callable[[str], list[str]] | None = None,
    glossary: dict[str, str] | None = None,
) -> list[Term]:
    """Topic terms of the question with IDF weights.

    Compound words also carry their parts ("fjerdedelsreglen" -> fjerdedel + regl). With a
    ``glossary`` (English questions), a word maps to its Danish alternatives; a word neither in
    the glossary nor in the corpus is marked ``unknown``.
    """
    out: dict[str, Term] = {}
    names = proper_nouns(question)
    # an acronym is a name, however common the word it spells ("FACT (Flexible ACT)")
    acronyms = {w.lower() for w in re.findall(r"\b[A-ZÆØÅ]{2,6}\b", question)}
    tokens = tokenize(question)
    mixed: dict[str, str] | None = None
    if glossary is None:
        tokens += particle_compounds(tokens, stats)
        from assistant.query import GLOSSARY, is_mixed, votes_english

        mixed = GLOSSARY if is_mixed(question) else None
    for tok in tokens:
        if tok in STOPWORDS or tok in _ABBREVIATION_PARTS or (len(tok) < 2 and not tok.isdigit()):
            continue
        s = stem(tok)
        if s in _QUESTION_NOISE or s in out:
            continue
        if glossary is not None and tok in glossary and not glossary[tok].strip():
            continue  # a generic English word with no Danish topic equivalent
        # an English word that neither the glossary nor the corpus knows
        unmapped = glossary is not None and tok not in glossary and not stats.known(s)
        # it may be a Danish word spelled the English way ("combinations" -> "kombinationer"): its
        # cognates that the corpus uses
        cognates = {stem(c) for c in english_cognates(tok) if stats.known(stem(c))} if unmapped else set()
        if unmapped and not cognates and tok not in acronyms and _everyday_english(tok):
            continue  # "quick one - who actually sits on …": everyday English carries no topic
        alts = {s} | cognates
        base = lemma(tok, "en" if glossary is not None else "da")
        if glossary is not None and tok in glossary:
            alts |= {stem(w) for w in glossary[tok].split()}
        elif glossary is not None and base in glossary:
            alts |= {stem(w) for w in glossary[base].split()}
        if base != tok and glossary is None:
            alts.add(stem(base))  # "kørte" is known when "køre"/"kører" is
        if glossary is None:
            # the word, its lemma, or else its stem: an inflection or a doubled-letter typo of a
            # bridged word ("faggruper" for "faggrupper") is bridged too
            bridged = DA_SYNONYMS.get(tok) or DA_SYNONYMS.get(base) or _synonyms_by_stem().get(s, "")
            alts |= {stem(w) for w in bridged.split()}
            if mixed is not None and not bridged and not stats.known(s) and (tok in mixed or votes_english(tok)):
                # an English word in a Danish question ("how many hours …, og hvor mange unge …")
                danish = mixed.get(tok, mixed.get(lemma(tok, "en")))
                if danish is None and _everyday_english(tok):
                    continue  # "does", "spend": everyday English carries no topic
                if danish is not None and not danish.strip():
                    continue
                alts |= {stem(w) for w in (danish or "").split()}
        parts: tuple[str, ...] = ()
        if splitter is not None and len(tok) >= 8:
            parts = tuple(stem(p) for p in splitter(tok))
            if not parts and s != tok and len(s) >= 8:
                parts = tuple(stem(p) for p in splitter(s))  # "tankegangen" as "tankegang": tanke + gang
        if not parts and glossary is None and not stats.known(s):
            parts = _short_head_parts(tok, stats) or _short_head_parts(s, stats)
        if tok != s and stats.known(tok):
            alts.add(tok)  # "anvisningsret" stems to "anvisningsr"; the corpus's "anvisningsretten" to "anvisningsret"
        known = [a for a in alts if stats.known(a)]
        if not known and glossary is None and stats.begins_a_word(s):
            known = [s]  # "tilfredse" when the corpus says "tilfredshedsmålingen"
        if not known and glossary is None:
            known = _verb_of_action_noun(s, stats)  # "anbefaling" when the corpus says "anbefales"
            alts |= set(known)
        if tok in NUMBER_WORDS and not known:
            continue  # "tolv" in "Hvorfor har Housing First tolv principper?" is a premise, not a topic
        unknown = not known and not (parts and all(stats.known(p) for p in parts)) and not tok.isdigit()
        weight = max((stats.idf(a) for a in known), default=stats.idf(s))
        strength = 0.0
        if unknown:
            strength = unknown_strength(tok, english=glossary is not None)
            if glossary is not None and tok in glossary:
                strength = 1.0  # a known concept whose Danish words the manuals never use
        name = unknown and (
            tok in acronyms
            or tok in country_names()
            or (tok in names and not (glossary is not None and english_title_word(tok)))
        )
        out[s] = Term(tok, frozenset(alts), parts, weight, unknown, strength, name)
    if glossary is not None:
        # two-word English phrases the glossary maps ("target group", "meant for"): one term
        for a, b in zip(tokens, tokens[1:], strict=False):
            danish = glossary.get(f"{a} {b}", "")
            alts = {x for x in (stem(w) for w in danish.split()) if stats.known(x)}
            if alts and not any(t.alts & alts for t in out.values()):
                phrase = f"{a} {b}"
                out[phrase] = Term(phrase, frozenset(alts), (), max(stats.idf(x) for x in alts), False, 0.0, False)
    return list(out.values())


# English writes common words in title case ("the National Board of Social Services", "the
# Roll-Out"); a capitalised word this common in general English (Zipf; "board" 5.2, "joined"
# 4.7) is no name. Country and town names stay names ("Sweden" 4.4, "Finland" 4.0).
ENGLISH_TITLE_CASE_ZIPF = 4.5


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """One-word country and territory names in English and Danish, lower case (CLDR via Babel):
    "finland", "sverige", "norway". Typed in lower case they are still names the manuals never use."""
    from babel import Locale

    out: set[str] = set()
    for lang in ("en", "da"):
        for name in Locale(lang).territories.values():
            if name.isalpha():
                out.add(name.lower())
    return frozenset(out)


# An English word this common (Zipf, itself or its lemma) that the glossary does not map is
# everyday English, not a topic ("quick", "actually", "like", "sits"); "salary" (4.4) stays.
ENGLISH_EVERYDAY_TERM_ZIPF = 4.8


@lru_cache(maxsize=20_000)
def _everyday_english(word: str) -> bool:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, "en"), zipf_frequency(lemma(word, "en"), "en")) >= ENGLISH_EVERYDAY_TERM_ZIPF


def english_title_word(word: str) -> bool:
    """True when capitalised ``word`` in an English question is a common English word, not a name."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= ENGLISH_TITLE_CASE_ZIPF


# Danish particle verbs said apart in speech and together in the manuals ("gå over til" ~
# "overgå til", "sat ud" ~ "udsat", "sætte i gang" ~ "igangsætte").
_PARTICLES = ("over", "ud", "af", "op", "ind", "med", "til", "fra", "om", "frem", "sammen", "igang")


def particle_compounds(tokens: Sequence[str], stats: TermStats) -> list[str]:
    """Particle + verb compounds the corpus knows, for verb-particle pairs in ``tokens``
    (["gå", "over", "til"] -> ["overgå"])."""
    out: list[str] = []
    for i in range(len(tokens) - 1):
        verb, particle = tokens[i], tokens[i + 1]
        if particle == "i" and i + 2 < len(tokens) and tokens[i + 2] == "gang":
            particle = "igang"
        if particle not in _PARTICLES or not verb.isalpha() or len(verb) < 2:
            continue
        for form in dict.fromkeys((verb, lemma(verb))):  # the word as typed first: a set would order by hash
            cand = particle + form
            if stats.known(stem(cand)) and cand not in out:
                out.append(cand)
                break
            # the compound's action noun: "delt op" → "opdele" → "opdeling" ("… opdeling i tre faser")
            noun = f"{particle}{form[:-1]}ing" if form.endswith("e") else ""
            if noun and stats.known(stem(noun)) and noun not in out:
                out.append(noun)
                break
    return out


_VERB_LIKE = re.compile(r"(ede|te|tes|edes|es|ere|ste|ing|ed|ly|ise[ds]?|ize[ds]?)$")
_IRREGULAR = frozenset(
    "fik gik kom tog fandt gav lå sad stod sagde skete indgik deltog foregik fulgte valgte bragte "
    "kørte gjorde vidste kunne skulle ville måtte burde turde".split()
)


# Danish compound heads shorter than the splitter's parts (it needs 4 letters, so that "tid" in
# "aktivitet" is no part): "medarbejdertid", "driftsår", "ventetid", "boligsag".
SHORT_HEADS: tuple[str, ...] = ("tid", "sag", "dag", "hus", "råd", "mål", "løn", "tal", "rum", "ret", "vej", "liv",
                                "job", "fag", "bud", "del", "år")


def _short_head_parts(token: str, stats: TermStats) -> tuple[str, ...]:
    """(modifier stem, head stem) when ``token`` is a known word (at least five letters, maybe
    with a linking -s-/-e-) followed by one of ``SHORT_HEADS`` the corpus also uses, else ().

    >>> from types import SimpleNamespace
    >>> stats = SimpleNamespace(known=lambda s: s in {"medarbejd", "tid", "drift", "år", "aktiv"})
    >>> _short_head_parts("medarbejdertid", stats), _short_head_parts("driftsår", stats), _short_head_parts("aktivitet", stats)
    (('medarbejd', 'tid'), ('drift', 'år'), ())
    """
    for head in SHORT_HEADS:
        if not token.endswith(head) or len(token) - len(head) < 5 or not stats.known(stem(head)):
            continue
        modifier = token[: -len(head)]
        for candidate in (modifier, modifier[:-1] if modifier.endswith(("s", "e")) else ""):
            if len(candidate) >= 5 and stats.known(stem(candidate)):
                return (stem(candidate), stem(head))
    return ()


def _verb_of_action_noun(s: str, stats: TermStats) -> list[str]:
    """[the verb's stem] when stem ``s`` is a Danish action noun in -ing/-ning whose verb the
    corpus uses ("anbefaling" → "anbefal" of "anbefales", "opfølgning" → "opfølg"), else [].

    >>> from types import SimpleNamespace
    >>> stats = SimpleNamespace(known=lambda s: s in {"anbefal", "opfølg"})
    >>> _verb_of_action_noun("anbefaling", stats), _verb_of_action_noun("opfølgning", stats), _verb_of_action_noun("ting", stats)
    (['anbefal'], ['opfølg'], [])
    """
    for suffix in ("ing", "ning"):
        root = s[: -len(suffix)]
        if s.endswith(suffix) and len(root) >= 4 and stats.known(root):
            return [root]
    return []


def unknown_strength(token: str, english: bool) -> float:
    """How much an out-of-vocabulary word counts against answering (see ``Term.strength``)."""
    if token in _IRREGULAR:
        return 0.0
    if _VERB_LIKE.search(token) and len(token) >= 5:
        return 0.25
    return 0.3 if english else 1.0


_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)(?<![.!?:])\b([A-ZÆØÅ][a-zæøåé]{2,})\b")


def proper_nouns(question: str) -> frozenset[str]:
    """Capitalised words that do not start a sentence: names of places, laws, products."""
    q = question.strip()
    return frozenset(m.group(1).lower() for m in _NAME.finditer(q) if m.start() > 0)


def coverage(terms: Sequence[Term], stems: frozenset[str] | set[str]) -> float:
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 0.0
    return sum(t.weight for t in terms if t.present(stems)) / total


def candidate_sentences(
    hits: Sequence[Hit], max_chunks: int = 6, sections: ChunkSections | None = None
) -> list[Sentence]:
    """The sentences of the best ``max_chunks`` hits; ``sections`` gives each its own heading.

    Page furniture that survived cleaning (links, "Læs mere …", contact lines) is never a
    candidate: it names where to read, it does not answer."""
    out: list[Sentence] = []
    for hit in hits[:max_chunks]:
        text = hit.chunk.text
        heads = list(sections(hit.chunk)) if sections is not None else []
        for s, e in split_sentences(text):
            if is_clutter(text[s:e]):
                continue
            section, section_start = heading_at(heads, s)
            out.append(Sentence(hit.chunk, s, e, text[s:e], hit.rank, section, section_start))
    return out


# A document's kind (manifest ``kind``) in the words people use for it: "pjecen" is the brochure.
_KIND_WORDS = {
    "brochure": "pjece brochure", "guide": "guide vejledning", "slides": "slides præsentation oplæg",
    "news": "nyhed news article artikel", "web page": "webside hjemmeside", "report": "rapport report",
    "guideline": "retningslinje guideline",
}


@lru_cache(maxsize=4096)
def _scope_stems(title: str, source: str, kind: str = "", publisher: str = "") -> frozenset[str]:
    name = re.sub(r"[_\-.]+", " ", re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source))
    return frozenset(content_stems(f"{title} {name} {_KIND_WORDS.get(kind, '')} {publisher}"))


def document_scope(chunk: Chunk) -> frozenset[str]:
    """Stems of the words that name a chunk's document: its title, file name, kind ("pjecen"
    names the brochure) and publisher ("ifølge Socialstyrelsen")."""
    return _scope_stems(
        chunk.title or "", chunk.source, getattr(chunk, "kind", "") or "", getattr(chunk, "publisher", "") or ""
    )


# Words that name a kind of document ("ifølge retningslinjen", "in the guideline").
DOCUMENT_WORDS = _DOCUMENT_WORDS = frozenset(
    stem(w)
    for w in (
        "retningslinje retningslinjen retningslinjer vejledning vejledningen guide guiden pjece pjecen "
        "metodebeskrivelse metodebeskrivelsen rapport rapporten notat notatet dokument dokumentet "
        "folder folderen præsentation præsentationen slides politik politikken strategi strategien "
        "guideline guidelines brochure report document"
    ).split()
)


def scope_names(question: str, terms: Sequence[Term], min_weight: float = 0.0) -> frozenset[str]:
    """Stems of question words that may be read off the document instead of the sentence.

    "Hvor mange borgere må en bostøttemedarbejder have i Aarhus?" asks within the Aarhus
    guideline: every sentence of a document named Aarhus is about Aarhus. Proper nouns and
    words for a kind of document ("retningslinjen") count, and only when the question has
    other terms, so "Hvad er Housing First?" still needs a sentence that says it.
    ``min_weight`` keeps only names that pick out few passages (IDF at least that): "Aarhus",
    not "Housing First", which a manual's title holds but every document discusses.
    """
    return frozenset().union(*(t.alts for t in _named_terms(question, terms) if t.weight >= min_weight))


def _named_terms(question: str, terms: Sequence[Term]) -> list[Term]:
    """The proper nouns and document words among ``terms``; none when they are all there is."""
    names = proper_nouns(question)
    named = [t for t in terms if t.word in names or t.alts & _DOCUMENT_WORDS]
    return named if len(named) < len(terms) else []


def names_in(names: frozenset[str], stems: frozenset[str] | set[str]) -> bool:
    """Whether a name is among ``stems``, also as the head of a compound: "strategien" is named
    by "Hjemløsestrategien", "kommune" by "Randers Kommune"."""
    return bool(names & stems) or any(len(s) > len(n) + 2 and s.endswith(n) for n in names for s in stems)


def in_scope(stems: frozenset[str], chunk: Chunk, names: frozenset[str]) -> frozenset[str]:
    """``stems`` plus the question's names that the chunk's document is named by."""
    if not names:
        return stems
    hit = names & document_scope(chunk)
    return stems | hit if hit else stems


def _is_heading(text: str) -> bool:
    words = text.split()
    return len(words) <= 6 and not re.search(r"[.!?:]$", text)


_ASKS_WHO = re.compile(r"\b(?:hvem|who)\b", re.I)
# Three or more named things: "psykiatere, psykologer, sygeplejersker og sagsbehandlere".
_ENUMERATION = re.compile(r"[^,.;:]+,[^,.;:]+,(?:[^,.;:]+,)*[^,.;:]+\s(?:og|samt|eller|and|or)\s\w", re.I)

# Dense similarity of one sentence to the question: (cosine, z against the question's background).
DenseScores = Mapping[tuple[str, int], tuple[float, float]]
FEATURES: tuple[str, ...] = tuple(DEFAULT_EVIDENCE_WEIGHTS)
_LOST_NUMBER = re.compile(r"\b(?:kr|ca|cirka|pct|procent)\b\.?\s+(?:kr\b|pr\b|per\b|om\b|af\b|i\b)", re.I)


def sentence_features(
    question: str,
    sentences: Sequence[Sentence],
    terms: Sequence[Term],
    dense: DenseScores | None = None,
) -> list[tuple[float, dict[str, float]]]:
    """``(coverage, features)`` for every sentence; see ``FEATURES`` and ``score_sentences``."""
    from assistant.disagreement import asked_unit, figures  # disagreement builds on this module
    from assistant.query import question_parts

    # a share or an amount of money asked ("what share …", "hvad koster …") asks a figure, and only
    # a figure in that unit is one ("hvor stor en andel" is answered by "90 %", not "24 startboliger");
    # a question that also asks something else ("… og hvilke år?") is scored without the unit
    unit = asked_unit(question)
    if unit is not None and len(question_parts(question)) > 1:
        unit = None
    wants_number = bool(_ASKS_NUMBER.search(question)) or unit is not None
    # a count asked, and no time ("hvornår kørte den, og hvor mange penge …" wants the years too)
    wants_count = bool(_ASKS_COUNT.search(question)) and not _ASKS_TIME.search(question)
    wants_def = bool(_ASKS_DEFINITION.search(question))
    wants_duration = bool(_ASKS_DURATION.search(question))
    # "hvilke faggrupper …", "hvem sidder i teamet", "which partners …": a sentence naming several
    # (an enumeration "a, b, c og d", or a list it opens) answers the kind
    wants_list = asks_for_list(question) or bool(_ASKS_WHO.search(question))
    subject = definiendum(question)
    named = _named_terms(question, terms)
    names = frozenset().union(*(t.alts for t in named))
    sharp = frozenset().union(*(t.alts for t in named if t.weight >= NAMING_MIN_WEIGHT))
    named_docs = bool(sharp) and any(names_in(sharp, document_scope(s.chunk)) for s in sentences)
    # A passage is dropped for not naming a name ("Randers") only; a document word ("pjecen", "the
    # brochure") picks the document, it need not stand in the sentence.
    names_only = frozenset().union(*(t.alts for t in named if t.weight >= NAMING_MIN_WEIGHT and not t.alts & _DOCUMENT_WORDS))
    pairs = question_pairs(question)
    best_dense = max((v[0] for v in dense.values()), default=0.0) if dense else 0.0
    dense_order = {k: i for i, k in enumerate(sorted(dense, key=lambda k: -dense[k][0]))} if dense else {}
    out: list[tuple[float, dict[str, float]]] = []
    for s in sentences:
        stems = in_scope(sentence_stems(s.text), s.chunk, names)
        cov = coverage(terms, stems)
        n_words = len(s.text.split())
        f = dict.fromkeys(FEATURES, 0.0)
        f["coverage"] = cov
        if pairs:
            f["phrase"] = len(pairs & sentence_pairs(s.text)) / len(pairs)
        if s.heading:
            # A sentence under a heading that names the question's topic ("LOVGIVNING:
            # Fjerdedels-reglen") is about that topic even when it does not repeat the word;
            # for "Hvad er X?" the opening sentences of the section titled X are the definition.
            heading = sentence_stems(s.heading)
            gain = coverage(terms, stems | heading) - cov
            if wants_def and s.opens_section:
                f["heading_definition"] = gain + 0.1 * coverage(terms, heading)
            else:
                f["heading"] = gain
        f["rank_prior"] = 1.0 / (1 + s.chunk_rank)
        if dense is not None and s.key in dense:
            sim, z = dense[s.key]
            f["dense"] = sim - best_dense
            f["dense_z"] = z
            f["dense_rank"] = 1.0 / (1 + dense_order[s.key])
        # a paragraph number ("§ 110") is no figure; for a count, neither is a year ("fra 2016 til 2019")
        digits = _LEGAL_NUMBER.sub(" ", s.text)
        digits = _YEAR_NUMBER.sub(" ", digits) if wants_count else digits
        # "en"/"et" are articles far more often than numbers ("en række kommuner")
        has_number = bool(re.search(r"\d", digits)) or bool(_COUNTING_WORDS & set(tokenize(s.text)))
        if wants_number and has_number and (unit is None or any(u == unit for _, u in figures(s.text))):
            f["number_cue"] = 1.0
        if wants_number and not re.search(r"\d", s.text) and _LOST_NUMBER.search(s.text):
            f["lost_number"] = 1.0  # "koster ca kr. pr. ung": the figure was lost in extraction
        if wants_list and (_ENUMERATION.search(s.text) or _LIST_INTRO.search(s.text)):
            f["list_cue"] = 1.0
        if wants_duration and (_DURATION_WORDS.search(s.text) or _has_duration(s.text)):
            f["duration_cue"] = 1.0
        if wants_def and _DEF_VERBS.search(s.text[:120]):
            f["definition_cue"] = 1.0
            if _defines(s.text, subject):
                f["defines_subject"] = 1.0  # "ACT er …", "Assertive Community Treatment (ACT) er …"
        if _is_heading(s.text) or n_words < 5:
            f["fragment"] = 1.0
        elif n_words > 70 and not _ITEM.search(s.text):
            f["long"] = 1.0
        if s.text.rstrip().endswith("?"):
            f["question_mark"] = 1.0  # checklist questions state nothing
        if s.chunk.low_value:
            f["low_value"] = 1.0
        if named_docs and not names_in(sharp, document_scope(s.chunk)):
            f["other_document"] = 1.0  # "i Aarhus" asks Aarhus's guideline first
        if names_only and not names_in(names_only, stems | _chunk_stems(s.chunk)):
            # "Hvilke metoder implementerer Randers Kommune?": a passage that never names Randers
            # (not in the sentence, its chunk or its document's title) answers another question
            f["misses_name"] = 1.0
        elif not named_docs and s.chunk.kind == UNCATALOGUED_KIND:
            f["uncatalogued"] = 1.0
        out.append((cov, f))
    return out


_CHUNK_STEMS: dict[str, frozenset[str]] = {}


def _chunk_stems(chunk: Chunk) -> frozenset[str]:
    """Content stems of a chunk and its document's title words (cached by chunk id)."""
    got = _CHUNK_STEMS.get(chunk.id)
    if got is None:
        got = frozenset(content_stems(chunk.text)) | document_scope(chunk)
        if len(_CHUNK_STEMS) > 50_000:
            _CHUNK_STEMS.clear()
        _CHUNK_STEMS[chunk.id] = got
    return got


def _pair_key(word: str) -> str:
    return word[:5]  # "intensive"/"intensiv" and "metoder"/"metode" meet; short words stay whole


def question_pairs(question: str) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs of the question with at least one content word ("mest intensive",
    "tre metoder"), by their first five letters: a sentence that says the same words in the same
    order answers more closely than one that has them apart.

    >>> sorted(question_pairs("Hvilken metode er den mest intensive?"))
    [('mest', 'inten')]
    """
    words = tokenize(question)
    return frozenset(
        (_pair_key(a), _pair_key(b))
        for a, b in zip(words, words[1:], strict=False)
        if len(a) > 1 and len(b) > 1
        and not (a in STOPWORDS and b in STOPWORDS)
        and not (a in _QUESTION_WORDS or b in _QUESTION_WORDS)
    )


def sentence_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Every adjacent word pair of a sentence, keyed as in ``question_pairs``."""
    words = tokenize(text)
    return frozenset((_pair_key(a), _pair_key(b)) for a, b in zip(words, words[1:], strict=False))


_QUESTION_WORDS = frozenset(
    "hvad hvilken hvilke hvilket hvem hvor hvordan hvornår hvorfor what which who where how when why er den det".split()
)


_CLUTTER = re.compile(
    r"\b(læs mere|mere viden|se socialstyrelsens hjemmeside)"
    # a document's own imprint: "Udgivet af Køge Kommune, 2024.", "© 2024 Odense Kommune"
    r"|^\W*(?:udgivet\s+af|udgiver\b|©|copyright\b|published\s+by)",
    re.IGNORECASE,
)
# A link, an e-mail address or a phone number: furniture in a short line ("Tlf. 72 12 34 56 |
# bho@kommune.dk"), content in an instruction ("Henvisningen sendes med sikker mail til …").
_CONTACT = re.compile(r"https?://|www\.|\.dk/|\S+@\S+\.\w+|\btlf\b|\btelefon\s*:", re.IGNORECASE)
CONTACT_LINE_MAX_WORDS = 12


def is_clutter(text: str) -> bool:
    """Page furniture that names where to read or who published, never an answer."""
    return bool(_CLUTTER.search(text)) or (
        bool(_CONTACT.search(text)) and len(text.split()) < CONTACT_LINE_MAX_WORDS
    )


_DEFINIENDUM = re.compile(
    r"^\W*(?:hvad|what)\s+(?:er|betyder|indebærer|menes med|går|is|are|does|means?)\s+(?:(?:en|et|de|den|det|a|an|the)\s+)?"
    r"([\wæøå-]+)(?:\s+([\wæøå-]+))?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _synonyms_by_stem() -> dict[str, str]:
    """``DA_SYNONYMS`` keyed by the stems of its words (the first entry of a stem wins)."""
    out: dict[str, str] = {}
    for word, alternatives in DA_SYNONYMS.items():
        out.setdefault(stem(word), alternatives)
    return out


def definiendum(question: str) -> frozenset[str]:
    """Stems of what a "Hvad er X?" question asks to define ("målgruppen" in "Hvad er målgruppen for …")."""
    m = _DEFINIENDUM.search(question)
    if m is None:
        return frozenset()
    words = [w.lower() for w in m.groups() if w and w.lower() not in STOPWORDS]
    if not words:
        return frozenset()
    from assistant.query import GLOSSARY  # English: "target group" -> "målgruppe"

    for key in (" ".join(words[:2]), words[0]):
        if GLOSSARY.get(key):
            return frozenset(content_stems(GLOSSARY[key]))
    return frozenset(content_stems(words[0]))


def _defines(text: str, subject: frozenset[str]) -> bool:
    """The sentence opens with the question's definiendum and then a defining verb ("Målgruppen er …")."""
    if not subject:
        return False
    m = _DEF_VERBS.search(text[:90])
    if m is None:
        return False
    opening = content_stems(text[: m.start()])
    return 0 < len(opening) <= 4 and any(
        o in subject or any(o.startswith(s) or s.startswith(o) for s in subject) for o in opening
    )


def score_sentences(
    question: str,
    sentences: Sequence[Sentence],
    terms: Sequence[Term],
    dense: DenseScores | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[Evidence]:
    """Score every candidate sentence; best first. Deterministic tie-break by (rank, chunk id, start).

    The score is Σ weights[f] · feature[f] (``sentence_features``; weights fitted by
    ``python -m evals.calibrate``, default: the calibration's starting values). Features:
    IDF-weighted coverage of the question's key terms, the heading the sentence stands under,
    the chunk's retrieval rank, dense similarity to the question (``dense``: cosine and its z
    against the question's background), answer-type cues (a number for "hvor mange", a
    duration for "hvor længe", a defining verb for "hvad er"), and penalties for fragments,
    checklist questions, low-value text, a figure lost in extraction, and — when the question
    names a document ("i Aarhus") — other documents; a question that names none is answered
    from the catalogued manuals before a dropped-in file when both answer about equally well.
    """
    w = dict(DEFAULT_EVIDENCE_WEIGHTS) if weights is None else dict(weights)
    scored: list[Evidence] = []
    for s, (cov, f) in zip(sentences, sentence_features(question, sentences, terms, dense), strict=True):
        score = sum(w.get(k, 0.0) * v for k, v in f.items() if v)
        scored.append(Evidence(s, score, cov, f))
    # A question that names something ("Randers", "Aarhus") is answered from passages about it
    # when there are any: the others answer another question, however well they score.
    if any(e.features.get("misses_name") for e in scored) and any(not e.features.get("misses_name") for e in scored):
        scored = [e for e in scored if not e.features.get("misses_name")]
    scored = about_the_asked_method(question, scored)
    scored.sort(key=lambda e: (-e.score, e.sentence.chunk_rank, e.sentence.chunk.id, e.sentence.start))
    return scored


_METHOD_NAMES = {
    "CTI": re.compile(r"\bcti\b|critical time intervention", re.I),
    "ICM": re.compile(r"\bicm\b|intensive case management", re.I),
    "ACT": re.compile(r"\bact\b|assertive community treatment", re.I),
    "SAMARBEJDSMODELLEN": re.compile(r"samarbejds\s?model", re.I),
}
# A question that weighs methods against each other is about each of them.
_WEIGHS_METHODS = re.compile(
    r"\b(?:eller|el\.|vs\.?|versus|forskel\w*|sammenlign\w*|alternativ\w*|i stedet|frem for|fremfor|bedre|"
    r"hvilke[nt]?\s+(?:\w+\s+)?metode\w*|or|than|instead|difference|compare\w*|which\s+(?:\w+\s+)?method)\b",
    re.I,
)


def named_methods(text: str) -> frozenset[str]:
    """The support methods ``text`` names (CTI, ICM, ACT, SAMARBEJDSMODELLEN).

    >>> sorted(named_methods("hvor længe varer et ICM-forløb i Samarbejdsmodellen?"))
    ['ICM', 'SAMARBEJDSMODELLEN']
    """
    return frozenset(m for m, rx in _METHOD_NAMES.items() if rx.search(text))


def about_the_asked_method(question: str, scored: list[Evidence]) -> list[Evidence]:
    """``scored`` without the sentences about another method, when the question asks about one
    method and some sentences are not about another ("how long does cti last" is not answered
    by "et ICM-forløb varer i gennemsnit 13 måneder"). A sentence that names no method, or the
    asked one, stays; so do all when the question weighs methods against each other."""
    asked = named_methods(question)
    if len(asked) != 1 or _WEIGHS_METHODS.search(question):
        return scored

    def elsewhere(e: Evidence) -> bool:
        named = named_methods(e.sentence.text)
        return bool(named) and not named & asked

    kept = [e for e in scored if not elsewhere(e)]
    return kept if kept else scored


@lru_cache(maxsize=50_000)
def sentence_stems(text: str) -> frozenset[str]:
    """Content stems of a sentence (cached: the same sentences recur across questions)."""
    return frozenset(content_stems(text))


def _has_duration(text: str) -> bool:
    from assistant.numbers import numbers_with_units

    return any(unit in ("måned", "år", "uge") for _, unit in numbers_with_units(text))


def _prefix_hit(term: str, stems: frozenset[str] | set[str]) -> bool:
    """A long query stem that is a prefix/part of a sentence compound (bostøtte ⊂ bostøttemedarbejder)."""
    if len(term) < 5:
        return False
    for s in stems:
        if len(s) > len(term) and (s.startswith(term) or s.endswith(term)):
            return True
        # derivations: "hjemløshed" is about "hjemløs(e)", "anvisningen" about "anvisning"
        if len(s) >= 6 and len(term) > len(s) and len(term) - len(s) <= 4 and term.startswith(s):
            return True
    return False


# A sentence that goes on explaining the one before it: "Det vil sige …", "Det skyldes …", "Mere
# konkret er det …", "Bostøttemedarbejderens rolle er i den sammenhæng …".
_CONTINUATION = re.compile(
    r"^(?:Det vil sige|Det betyder|Det indebærer|Dvs\.|Teamet kan|Det omfatter|Det skyldes|Mere konkret"
    r"|Dette (?:betyder|skyldes|indebærer|kræver)|Det drejer sig om|That is|This means)\b"
    r"|^\S+(?:\s+\S+){0,4}\s+i den sammenhæng\b"
)


# A why question ("hvorfor er CTI delt i tre faser?", "why does Housing First start with the home?").
_ASKS_WHY = re.compile(
    r"\bhvorfor\b|\bhvordan\s+kan\s+det\s+være\b|\bhvad\s+(?:er|var)\s+(?:grunden|årsagen|begrundelsen|baggrunden|meningen)\b"
    r"|\bhvad\s+skyldes\b|\bwhy\b|\bhow\s+come\b|\bwhat\s+is\s+the\s+(?:reason|rationale|point)\b",
    re.IGNORECASE,
)
# A sentence that gives the reason for the one before it: "Opdelingen afspejler, at …", "Det
# skyldes …", "Årsagen er …", "This is because …".
_REASON_NEXT = re.compile(
    r"^(?:\S+\s+){0,2}?(?:afspejler|skyldes|begrundes|hænger\s+sammen\s+med|bunder\s+i|reflects|is\s+due\s+to)\b"
    r"|^(?:Årsagen|Baggrunden|Grunden|Begrundelsen|The\s+reason|This\s+is\s+because)\b|^(?:Det|Dette)\s+er\s+(?:netop\s+)?fordi\b"
    # what it is for, said next: "Kulturændringen skal sikre, at …", "Formålet er …", "This is meant to …"
    r"|^(?:\S+\s+){0,2}?(?:skal\s+sikre|skal\s+være\s+med\s+til|har\s+til\s+formål|is\s+meant\s+to|is\s+intended\s+to|aims?\s+to)\b"
    r"|^(?:Formålet|Hensigten|Målet|The\s+purpose|The\s+aim)\b"
)
# A sentence that concludes from the one before it: "Det er derfor vigtigt …", "… er dermed …".
# A sentence that concludes from the one before it: "Det er derfor vigtigt …", "I tæt kobling hertil
# kan CTI-metoden først igangsættes …", "Som følge heraf …", "For this reason …".
_CONCLUDES = re.compile(
    r"\b(?:derfor|dermed|hertil|heraf|følgelig|af\s+den\s+grund|therefore|thus|hence|consequently"
    r"|as\s+a\s+result|for\s+this\s+reason)\b",
    re.IGNORECASE,
)


def asks_why(question: str) -> bool:
    """The question asks for a reason ("hvorfor …", "hvad skyldes …", "why …", "how come …")."""
    return bool(_ASKS_WHY.search(question))


def reasons(sentence: Sentence, ordered: Sequence[Sentence]) -> tuple[Sentence | None, Sentence | None]:
    """For a why question, the sentences that give ``sentence``'s reason: ``(before, after)``.
    ``before`` is the sentence right before it when it concludes from that one ("… udgør en
    afgørende barriere …" + "Det er derfor vigtigt …"); ``after`` the one right after it when that
    gives the reason ("… tre faser á tre måneders varighed." + "Opdelingen afspejler, at …").
    ``ordered``: candidate sentences in document order (chunk id, start)."""
    same = [s for s in ordered if s.chunk.id == sentence.chunk.id]
    before = next((s for s in reversed(same) if s.end <= sentence.start), None)
    after = next((s for s in same if s.start >= sentence.end), None)
    if before is not None and (sentence.start - before.end > 3 or not _CONCLUDES.search(sentence.text)):
        before = None
    if before is not None and (_is_heading(before.text) or len(before.text.split()) < 5):
        before = None
    if after is not None and (after.start - sentence.end > 3 or not _REASON_NEXT.match(after.text)):
        after = None
    return before, after


def continuation(best: Evidence | Sentence, pool: Sequence[Sentence]) -> Sentence | None:
    """The sentence right after ``best`` in its chunk when it explains it ("Det vil sige, …")."""
    sentence = best.sentence if isinstance(best, Evidence) else best
    for s in pool:
        if s.chunk.id == sentence.chunk.id and s.start > sentence.end:
            return s if _CONTINUATION.match(s.text) and s.start - sentence.end <= 3 else None
    return None


def select(
    evidence: Sequence[Evidence],
    max_sentences: int = 4,
    margin: float = 0.2,
    sides: Sequence[str] = (),
    pool: Sequence[Sentence] | None = None,
    following: Callable[[Sentence], Sequence[Sentence]] | None = None,
    question: str = "",
) -> list[Evidence]:
    """Best sentence plus close runners-up (score within ``margin``) that add something new.

    ``sides``: the things a comparison asks about ("icm", "act"); each gets its best sentence
    when the others do not mention it. A sentence that opens a list ("… fire forudsætninger:")
    brings its items (``list_items``) from the sentences that follow it in its document
    (``following``; default: the later sentences of its chunk in ``pool``). ``pool``: all
    candidate sentences (default: those of ``evidence``).
    """
    if not evidence:
        return []
    others = [m for m in _METHOD_SIDES if sides and set(sides) <= set(_METHOD_SIDES) and m not in sides]
    if others:
        # "forskellen på ICM og ACT": a sentence about all three methods ("CTI, ICM og ACT er
        # specialiserede metoder …") tells neither side apart; it goes after the sides' own
        about_others = [e for e in evidence if any(_mentions(e.sentence.text, m) for m in others)]
        if len(about_others) < len(evidence):
            evidence = [e for e in evidence if e not in about_others] + about_others
    best = evidence[0].score
    if question and following is not None and asks_for_list(question):
        # A list question: the best-scoring sentence that opens a list, with its items.
        asked = list_count(question)
        numbered = numbered_items(list(pool) if pool is not None else [e.sentence for e in evidence], asked)
        if numbered:
            # "hvad hedder de 3 faser": the document's own numbered items ("Fase 1: …", "Fase 2: …")
            scores = {e.sentence.key: e for e in evidence}
            return [scores.get(x.key, Evidence(x, evidence[0].score, evidence[0].coverage)) for x in numbered]
        for ev in evidence[:12]:
            # An intro may trail the best sentence a little; more when it announces the count
            # the question names ("de 3 faser" ~ "tre faser").
            counted = list_count(ev.sentence.text)
            same_count = asked is not None and counted is not None and counted[0] == asked[0]
            if not same_count and (ev.score < best - margin or ev.coverage < 0.8 * evidence[0].coverage):
                continue
            if ev.score < best - 3 * margin:
                continue
            if _inline_list(ev.sentence.text):
                break  # "De otte principper i Housing First: 1. … 8. …" is the list itself
            items = list_items(ev.sentence, following(ev.sentence), question)
            if len(items) >= 2:
                return [ev] + [Evidence(i, ev.score, ev.coverage) for i in items if i.key != ev.sentence.key]
    chosen: list[Evidence] = []
    seen_stems: list[set[str]] = []

    def take(ev: Evidence) -> bool:
        stems = set(sentence_stems(ev.sentence.text))
        if any(near_duplicate(stems, other) for other in seen_stems) or any(
            c.sentence.key == ev.sentence.key for c in chosen
        ):
            return False
        chosen.append(ev)
        seen_stems.append(stems)
        return True

    for ev in evidence:
        if len(chosen) >= max_sentences or (chosen and ev.score < best - margin):
            break
        take(ev)
    # A comparison gets, for each side, a sentence about that side alone when the chosen ones
    # only speak of the sides together ("ICM er mere intensiv end CTI" says what neither is).
    def alone(ev: Evidence, side: str) -> bool:
        return _mentions(ev.sentence.text, side) and not any(
            _mentions(ev.sentence.text, o) for o in sides if o != side
        )

    side_picks: list[Evidence] = []
    for side in sides:
        if any(alone(c, side) and _opens_with(c.sentence.text, side) for c in chosen):
            continue
        # a sentence about the side, preferring one that opens with it ("ACT er den mest intensive
        # …", "Hvis myndighedskoordinatoren forankres i Socialforvaltningen …") over a passing mention
        alone_ones = [ev for ev in evidence[:30] if alone(ev, side) and ev.coverage > 0] or [
            ev for ev in evidence[30:] if alone(ev, side) and ev.coverage > 0 and _opens_with(ev.sentence.text, side)
        ]
        ranked = sorted(alone_ones, key=lambda ev: not _opens_with(ev.sentence.text, side))  # openers first, stable
        if not ranked and not any(_mentions(c.sentence.text, side) for c in chosen):
            ranked = [ev for ev in evidence if _mentions(ev.sentence.text, side) and ev.coverage > 0][:1]
        # the next one when a candidate only repeats a chosen sentence ("For ICM-metoden er det
        # anbefalede caseload …" beside the same sentence about ACT)
        taken = next((ev for ev in ranked if take(ev)), None)
        if taken is not None:
            side_picks.append(taken)
    # Lead with the best sentence (and its explaining continuation); the rest by retrieval rank.
    head, rest = chosen[:1], chosen[1:]
    everything = list(pool) if pool is not None else [e.sentence for e in evidence]
    ordered = sorted(everything, key=lambda x: (x.chunk.id, x.start))
    follow = continuation(chosen[0], ordered)
    if follow is not None and all(e.sentence.key != follow.key for e in chosen):
        head.append(Evidence(follow, chosen[0].score, chosen[0].coverage))
        # room for the continuation is made from the runners-up, never from a comparison's side
        kept = rest[: max(0, max_sentences - 2)]
        rest = kept + [e for e in side_picks if e in rest and e not in kept]
    rest.sort(key=lambda e: (e.sentence.chunk_rank, e.sentence.start))
    why = asks_why(question)
    out: list[Evidence] = []
    for ev in head + rest:
        if any(o.sentence.key == ev.sentence.key for o in out):
            continue
        if why:
            # a why question: the reason the manual gives stands next to the sentence found
            # ("Det er derfor vigtigt …" follows its reason; "Opdelingen afspejler, at …" gives it)
            before, after = reasons(ev.sentence, ordered)
            if before is not None and all(o.sentence.key != before.key for o in out):
                out.append(Evidence(before, ev.score, ev.coverage))
            out.append(ev)
            if after is not None and all(o.sentence.key != after.key for o in out) and all(
                r.sentence.key != after.key for r in rest
            ):
                out.append(Evidence(after, ev.score, ev.coverage))
            continue
        out.append(ev)
        # a runner-up brings the sentence that goes on explaining it too ("… en stor udfordring at
        # skaffe boliger." + "Det skyldes …")
        if ev is not head[0]:
            more = continuation(ev, ordered)
            if more is not None and all(o.sentence.key != more.key for o in out) and all(
                r.sentence.key != more.key for r in rest
            ):
                out.append(Evidence(more, ev.score, ev.coverage))
        after = (
            following(ev.sentence)
            if following is not None
            else [x for x in ordered if x.chunk.id == ev.sentence.chunk.id and x.start >= ev.sentence.end]
        )
        # A sentence that announces a count and ends in a colon ("… fire grundlæggende
        # forudsætninger:") says nothing without its items, whatever the question's wording; other
        # intros ("… målrettet Housing First, CTI, ICM og ACT:") bring theirs only to a list question.
        announces = bool(_LIST_INTRO.search(ev.sentence.text.rstrip())) and list_count(ev.sentence.text) is not None
        items = list_items(ev.sentence, after, question) if asks_for_list(question) or announces else []
        if items:
            shown = {o.sentence.key for o in out}
            out += [Evidence(i, ev.score, ev.coverage) for i in items if i.key not in shown]
            break  # the list answers; runners-up after it would bury it
    return out


_LIST_INTRO = re.compile(r"(:|følgende|nedenstående)\s*$", re.IGNORECASE)
_COUNT_WORDS = {
    "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_ORDINALS = (
    ("første", "1"), ("anden", "2"), ("andet", "2"), ("tredje", "3"), ("fjerde", "4"), ("femte", "5"),
    ("sjette", "6"), ("syvende", "7"), ("ottende", "8"), ("niende", "9"), ("tiende", "10"),
)
_ASKS_LIST = re.compile(
    r"\b(hvilke|hvad (?:er|hedder|indebærer) de|nævn|list\w*|opreme\w*|which|what are the|name the)\b"
    r"|\b\w{4,}(?:erne|ene)\b",  # plural definite: "kerneelementerne", "faserne", "trinene"
    re.IGNORECASE,
)


def asks_number(question: str) -> bool:
    """"Hvor mange", "hvor meget", "hvornår", "how many": the answer is a number or a date."""
    return bool(_ASKS_NUMBER.search(question))


_WHEN = re.compile(r"\b(?:hvornår|when)\b", re.I)


def asks_figure(question: str) -> bool:
    """A number must answer it: "hvor mange", "hvor længe", "hvor ofte", "hvilket år". A bare
    "hvornår" may be answered in words ("i begyndelsen af et indsatsforløb", "når boligen er
    fundet"), so it asks no figure."""
    found = {m.group(0).lower() for m in _ASKS_NUMBER.finditer(question)}
    return bool(found) and not all(_WHEN.fullmatch(f) for f in found)


_ASKS_ONE = re.compile(r"\b(hvilken|hvilket|hvem) af\b|\bwhich (one|of)\b|\bden mest\b|\bthe most\b", re.IGNORECASE)


def asks_for_list(question: str) -> bool:
    """"Hvilke …", "hvad er de fire …", "de 3 faser", "which …": the answer is a list
    ("Hvilken af de tre metoder …" asks for one of them, not a list)."""
    if _ASKS_ONE.search(question) or asks_why(question):
        return False  # "why is CTI split into three phases?" asks a reason, not the phases
    return bool(_ASKS_LIST.search(question)) or list_count(question) is not None


_UNIT_STEMS = frozenset(
    stem(w) for w in "måneder måned uger uge år dage dag timer time gange procent kroner months weeks years days hours".split()
)


# Counted nouns whose plural does not end in "-er" ("5 ting", "tre krav", "four things").
_PLURAL_AS_SINGULAR = frozenset(
    "trin ting krav råd mål tiltag forhold steps phases principles things points items elements".split()
)


_NUMBERED = re.compile(r"^\W*([A-Za-zÆØÅæøå]+)\s+(\d{1,2})\s*[:.–-]\s*\S")


def numbered_items(pool: Sequence[Sentence], asked: tuple[int, str] | None) -> list[Sentence]:
    """The items numbered 1, 2, … of the kind a list question counts ("de 3 faser" -> "Fase 1:
    OVERGANG …", "Fase 2: AFPRØVNING", "Fase 3: …"), from one document, in order; empty unless
    the numbers run from 1 to the count asked (or at least to 2 when no count is asked)."""
    if asked is None:
        return []
    n, noun = asked
    by_doc: dict[str, dict[int, Sentence]] = {}
    for s in sorted(pool, key=lambda x: (x.chunk.source, x.chunk.start + x.start)):
        m = _NUMBERED.match(s.text)
        if m is None or not stem(m.group(1).lower()).startswith(noun[:4]):
            continue
        by_doc.setdefault(s.chunk.source, {}).setdefault(int(m.group(2)), s)
    for items in by_doc.values():
        if all(i in items for i in range(1, n + 1)):
            return [items[i] for i in range(1, n + 1)]
    return []


def list_count(text: str) -> tuple[int, str] | None:
    """The size a sentence announces and the stem of what it counts ("fire grundlæggende
    forudsætninger" -> (4, "forudsætning"), "de 3 faser" -> (3, "fas")); units of time do not
    count ("seks måneder")."""
    toks = tokenize(text)
    for i, tok in enumerate(toks):
        n = int(tok) if tok.isdigit() else _COUNT_WORDS.get(tok)
        if n is None or not 2 <= n <= 12:
            continue
        nouns = [w for w in toks[i + 1 : i + 4] if w not in STOPWORDS and len(w) >= 3 and not w.isdigit()]
        # the counted noun: a plural ("forudsætninger", "faser", "trin"), after any adjective
        # ("fem centrale forudsætninger")
        noun = next((w for w in nouns if w.endswith("er") or w in _PLURAL_AS_SINGULAR), None)
        if noun is not None and stem(noun) not in _UNIT_STEMS:
            return n, stem(noun)
    return None


def list_items(intro: Sentence, following: Sequence[Sentence], question: str = "", max_items: int = 8) -> list[Sentence]:
    """The items a sentence introduces, from the sentences that follow it in its document.

    Three shapes, tried in order:
    1. enumerated items: "Den første forudsætning …", "Fase 2: …", "Trin 3" — the first
       sentence bearing each next ordinal and the counted noun ("fem … forudsætninger");
       after a colon also "1. …", "2. …";
    2. a colon followed by short item labels ("…forudsætninger:" "Udbud af boliger" …
       "Kulturændring" …): the labels, skipping the paragraphs between them;
    3. a colon followed by short sentences: those sentences.
    Only a sentence that ends with a colon, or that announces a count when the question asks
    for a list, opens a list. ``max_items`` caps the list (the announced count, if smaller).
    """
    ends_colon = bool(_LIST_INTRO.search(intro.text.rstrip()))
    counted = list_count(intro.text)
    if not ends_colon and not (counted and asks_for_list(question)):
        return []
    want = min(counted[0] if counted else max_items, max_items)
    noun = counted[1] if counted else None
    window = [s for s in following if s.text != intro.text][:80]
    numbered = ends_colon or bool(re.search(r"\b1[.)]\s", intro.text))
    enumerated = _enumerated(window, want, noun, numbered, intro)
    if len(enumerated) >= 2:
        return enumerated
    if not ends_colon:
        return []
    labels: list[Sentence] = []
    chars = 0
    for s in window:
        chars += len(s.text)
        if chars > 4000 or len(labels) >= want:
            break
        if _is_heading(s.text) and not s.text.isupper() and len(s.text.split()) <= 6:
            labels.append(s)
    if len(labels) >= 2:
        return labels
    short: list[Sentence] = []
    for s in window[:want]:
        if len(s.text.split()) > 40:
            break
        short.append(s)
    return short


def _enumerated(
    window: Sequence[Sentence], want: int, noun: str | None, numbered: bool, intro: Sentence | None = None
) -> list[Sentence]:
    """The sentences that hold items 1..``want`` in order (a unit may hold several numbered
    items, "2. … 3. …"; items inside ``intro`` need no sentence of their own)."""
    out: list[Sentence] = []
    for n in range(1, want + 1):
        words = "|".join(w for w, d in _ORDINALS if d == str(n))
        ordinal = re.compile(rf"\b(?:{words})\b|\b(?:fase|trin|phase|step|punkt)\s*{n}\b", re.IGNORECASE)
        numeral = re.compile(rf"(?:^|[\s:])\W?{n}[.)]\s")

        def holds(s: Sentence, ordinal: re.Pattern[str] = ordinal, numeral: re.Pattern[str] = numeral) -> bool:
            head = s.text[:70]
            if ordinal.search(head) and (noun is None or noun in sentence_stems(head) or _stem_prefix(noun, head)):
                return True
            return numbered and numeral.search(s.text) is not None

        if intro is not None and holds(intro):
            continue
        if any(holds(o) for o in out):
            continue
        found = next((s for s in window if holds(s)), None)
        if found is None:
            break
        out.append(found)
    return out


def _inline_list(text: str) -> bool:
    """The sentence holds a numbered list of three or more items ("1. … 2. … 3. …")."""
    return all(re.search(rf"(^|\s){n}[.)]\s", text) for n in (1, 2, 3))


def _stem_prefix(noun: str, text: str) -> bool:
    return any(t.startswith(noun) for t in tokenize(text))


_METHOD_SIDES = ("cti", "icm", "act")


def _mentions(text: str, side: str) -> bool:
    return re.search(rf"\b{re.escape(side)}", text, re.IGNORECASE) is not None


def _opens_with(text: str, side: str) -> bool:
    """``side`` stands among the first six words of ``text`` (it is what the sentence is about)."""
    return re.match(rf"^\W*(?:\S+\s+){{0,5}}\S*\b{re.escape(side)}", text, re.IGNORECASE) is not None


def near_duplicate(a: set[str], b: set[str]) -> bool:
    """Two sentences' stem sets say the same thing (Jaccard overlap above 0.6)."""
    return _jaccard(a, b) > 0.6


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
