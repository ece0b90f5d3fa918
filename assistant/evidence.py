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

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import STOPWORDS, content_stems, continues_sentence, stem, tokenize
from assistant.types import Chunk, Hit

_ABBREV = {
    "bl.a", "fx", "f.eks", "ca", "pr", "jf", "mv", "osv", "dvs", "evt", "mdr", "nr", "kr", "pga",
    "ift", "ifm", "hhv", "inkl", "ekskl", "mht", "vedr", "stk", "nov", "jan", "feb", "aug", "sept",
    "okt", "dec", "e.g", "i.e", "etc", "vs", "ref", "s", "tlf", "mio", "mia", "kap",
}
_SENT_END = re.compile(r"[.!?](?=[\s\"”’)]+(?:[A-ZÆØÅ0-9\"“”(•–-]))|\n+")
NUMBER_WORDS = _NUMBER_WORDS = {
    "en", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv",
    "tyve", "halvt", "tretten", "fjorten", "femten", "tredive", "fyrre", "halvtreds", "hundrede",
    "eleven", "twelve", "twenty", "hundred", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
}
_ASKS_NUMBER = re.compile(
    r"\b(hvor (mange|lang|længe|ofte|stor|meget)|hvilket år|hvornår|how (many|long|often|much)|"
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
        "hvad hvilke hvilken hvordan hvorfor hvornår hvor mange lang længe ofte tid varer "
        "betyder indebærer kaldes gælder sige fortæl forklar beskriv manualerne manualen "
        "står ifølge mon gerne vide skal må kan bør what which how why when many long does mean "
        "tell explain describe according manual manuals please "
        # answer-type words: they name what kind of answer is wanted, not the topic
        "paragraf paragraffer penge beløb forkortelse forkortelsen står hedder navn navnet antal antallet "
        "eksempel eksempler forskel forskellen fordel fordele ulempe ulemper formål formålet "
        "abbreviation stand stands name number example difference purpose"
    ).split()
}
_DEF_VERBS = re.compile(r"\b(er|består af|betyder|indebærer|handler om|bygger på|defineres|is|are)\b", re.I)


HEADING_WEIGHT = 0.3
# A sentence from another document than the one the question names ("i Aarhus").
OTHER_DOCUMENT_PENALTY = 0.2
# A name picks out a document when it is this rare (IDF; df share about 1 in 5 chunks or less).
NAMING_MIN_WEIGHT = 1.6
# A sentence from a file that is not in the manifest (a dropped-in local guideline), when the
# question names no document: the manuals answer general questions first.
UNCATALOGUED_KIND = "document"
UNCATALOGUED_PENALTY = 0.04


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``; abbreviations like "bl.a." do not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group(0) in ".!?" else m.start()
        if m.group(0).startswith("\n") and continues_sentence(text, m.start(), m.end(), floor=start):
            continue  # a line (or page) break inside a sentence: "(der fx kan modtage\n\nkontanthjælp)."
        if m.group(0) == ".":
            word = re.search(r"([\w.]+)\.$", text[start : m.end()])
            if word and word.group(1).lower() in _ABBREV:
                continue
            if re.search(r"(^|[\s:(])\d{1,2}\.$", text[max(start, m.end() - 4) : m.end()]):
                continue  # a list enumerator ("1. Boligen …") or a date ("13. november")
        _push(text, start, end, spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return _merge_lists(text, spans)


_ITEM = re.compile(r"\d{1,2}[.)]\s")
_LIST_OPEN = re.compile(r"(:\s*|\b)1[.)]\s*$|:\s*$")


def _merge_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a numbered list ("… principper: 1. Boligen … 2. Respekt …") together as one unit."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _ITEM.match(text, s):
            ps, pe = out[-1]
            prev = text[ps:pe]
            if (_ITEM.match(prev) or re.search(r":\s*\d{1,2}[.)]", prev) or prev.rstrip().endswith(":")) and (
                len(text[ps:e].split()) <= 90
            ):
                out[-1] = (ps, e)
                continue
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

    ``section`` is the heading the sentence stands under and ``section_start`` where that
    heading begins, in chunk coordinates (negative: before the chunk). A chunk can hold several
    short sections; without them the chunk's first section is assumed, starting at 0.
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


# Section headings of a chunk as (offset in chunk coordinates, title), in order; the first
# may lie before the chunk (a negative offset).
ChunkSections = Callable[[Chunk], Sequence[tuple[int, str]]]


@dataclass(frozen=True)
class Evidence:
    sentence: Sentence
    score: float
    coverage: float  # share of the question's key-term weight present in the sentence


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
    for tok in tokenize(question):
        if tok in STOPWORDS or (len(tok) < 2 and not tok.isdigit()):
            continue
        s = stem(tok)
        if s in _QUESTION_NOISE or s in out:
            continue
        if glossary is not None and tok in glossary and not glossary[tok].strip():
            continue  # a generic English word with no Danish topic equivalent
        alts = {s}
        if glossary is not None and tok in glossary:
            alts |= {stem(w) for w in glossary[tok].split()}
        parts: tuple[str, ...] = ()
        if splitter is not None and len(tok) >= 8:
            parts = tuple(stem(p) for p in splitter(tok))
        known = [a for a in alts if stats.known(a)]
        if tok in NUMBER_WORDS and not known:
            continue  # "tolv" in "Hvorfor har Housing First tolv principper?" is a premise, not a topic
        unknown = not known and not (parts and all(stats.known(p) for p in parts)) and not tok.isdigit()
        weight = max((stats.idf(a) for a in known), default=stats.idf(s))
        strength = 0.0
        if unknown:
            strength = unknown_strength(tok, english=glossary is not None)
            if glossary is not None and tok in glossary:
                strength = 1.0  # a known concept whose Danish words the manuals never use
        out[s] = Term(tok, frozenset(alts), parts, weight, unknown, strength, unknown and tok in names)
    return list(out.values())


_VERB_LIKE = re.compile(r"(ede|te|tes|edes|es|ere|ste|ing|ed|ly|ise[ds]?|ize[ds]?)$")
_IRREGULAR = frozenset(
    "fik gik kom tog fandt gav lå sad stod sagde skete indgik deltog foregik fulgte valgte bragte "
    "kørte gjorde vidste kunne skulle ville måtte burde turde".split()
)


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
    """The sentences of the best ``max_chunks`` hits; ``sections`` gives each its own heading."""
    out: list[Sentence] = []
    for hit in hits[:max_chunks]:
        text = hit.chunk.text
        heads = list(sections(hit.chunk)) if sections is not None else []
        for s, e in split_sentences(text):
            section, section_start = None, None
            for offset, title in heads:
                if offset > s:
                    break
                section, section_start = title, offset
            out.append(Sentence(hit.chunk, s, e, text[s:e], hit.rank, section, section_start))
    return out


@lru_cache(maxsize=4096)
def _scope_stems(title: str, source: str) -> frozenset[str]:
    name = re.sub(r"[_\-.]+", " ", re.sub(r"\.[A-Za-z0-9]{1,5}$", "", source))
    return frozenset(content_stems(f"{title} {name}"))


def document_scope(chunk: Chunk) -> frozenset[str]:
    """Stems of the words that name a chunk's document: its title and file name."""
    return _scope_stems(chunk.title or "", chunk.source)


# Words that name a kind of document ("ifølge retningslinjen", "in the guideline").
_DOCUMENT_WORDS = frozenset(
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


def in_scope(stems: frozenset[str], chunk: Chunk, names: frozenset[str]) -> frozenset[str]:
    """``stems`` plus the question's names that the chunk's document is named by."""
    if not names:
        return stems
    hit = names & document_scope(chunk)
    return stems | hit if hit else stems


def _is_heading(text: str) -> bool:
    words = text.split()
    return len(words) <= 6 and not re.search(r"[.!?:]$", text)


def score_sentences(
    question: str,
    sentences: Sequence[Sentence],
    terms: Sequence[Term],
    dense: dict[tuple[str, int], float] | None = None,
) -> list[Evidence]:
    """Score every candidate sentence; best first. Deterministic tie-break by (rank, chunk id, start).

    A question that names no document is answered from the catalogued manuals before a file
    someone dropped into the corpus folder (kind "document"), when both answer about equally
    well: "Hvor lang tid varer et CTI-forløb?" gets the manual's nine months before a local
    guideline's "Et CTI-forløb for unge i Odense varer …". A question that names a document
    ("i Odense", "ifølge retningslinjen") gets that document first.
    """
    wants_number = bool(_ASKS_NUMBER.search(question))
    wants_def = bool(_ASKS_DEFINITION.search(question))
    wants_duration = bool(_ASKS_DURATION.search(question))
    named = _named_terms(question, terms)
    names = frozenset().union(*(t.alts for t in named))
    sharp = frozenset().union(*(t.alts for t in named if t.weight >= NAMING_MIN_WEIGHT))
    named_docs = bool(sharp) and any(sharp & document_scope(s.chunk) for s in sentences)
    scored: list[Evidence] = []
    for s in sentences:
        stems = in_scope(sentence_stems(s.text), s.chunk, names)
        cov = coverage(terms, stems)
        n_words = len(s.text.split())
        score = cov
        if s.heading:
            # A sentence under a heading that names the question's topic ("LOVGIVNING:
            # Fjerdedels-reglen") is about that topic even when it does not repeat the word;
            # for "Hvad er X?" the opening sentences of the section titled X are the definition.
            heading = sentence_stems(s.heading)
            gain = coverage(terms, stems | heading) - cov
            if wants_def and s.opens_section:
                score += gain + 0.1 * coverage(terms, heading)
            else:
                score += HEADING_WEIGHT * gain
        score += 0.25 / (1 + s.chunk_rank)  # retrieval prior
        if named_docs and not sharp & document_scope(s.chunk):
            score -= OTHER_DOCUMENT_PENALTY  # "i Aarhus" asks Aarhus's guideline first
        elif not named_docs and s.chunk.kind == UNCATALOGUED_KIND:
            score -= UNCATALOGUED_PENALTY
        if dense is not None and s.key in dense:
            score += 0.1 * dense[s.key]
        if wants_number and (re.search(r"\d", s.text) or _NUMBER_WORDS & set(tokenize(s.text))):
            score += 0.15
        if wants_duration and (_DURATION_WORDS.search(s.text) or _has_duration(s.text)):
            score += 0.2
        if wants_def and _DEF_VERBS.search(s.text[:120]):
            score += 0.08
        if _is_heading(s.text) or n_words < 5:
            score -= 0.5
        elif n_words > 70 and not _ITEM.search(s.text):
            score -= 0.1
        if s.text.rstrip().endswith("?"):
            score -= 0.3  # checklist questions state nothing
        if s.chunk.low_value:
            score -= 0.5
        scored.append(Evidence(s, score, cov))
    scored.sort(key=lambda e: (-e.score, e.sentence.chunk_rank, e.sentence.chunk.id, e.sentence.start))
    return scored


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


_CONTINUATION = re.compile(r"^(Det vil sige|Det betyder|Det indebærer|Dvs\.|Teamet kan|Det omfatter)\b")


def continuation(best: Evidence, pool: Sequence[Sentence]) -> Sentence | None:
    """The sentence right after ``best`` in its chunk when it explains it ("Det vil sige, …")."""
    for s in pool:
        if s.chunk.id == best.sentence.chunk.id and s.start > best.sentence.end:
            return s if _CONTINUATION.match(s.text) and s.start - best.sentence.end <= 3 else None
    return None


def select(evidence: Sequence[Evidence], max_sentences: int = 4, rel: float = 0.8) -> list[Evidence]:
    """Best sentence plus up to ``max_sentences - 1`` close runners-up that add something new."""
    if not evidence:
        return []
    best = evidence[0].score
    chosen: list[Evidence] = []
    seen_stems: list[set[str]] = []
    for ev in evidence:
        if len(chosen) >= max_sentences:
            break
        if chosen and ev.score < best * rel:
            break
        stems = set(sentence_stems(ev.sentence.text))
        if any(_jaccard(stems, other) > 0.6 for other in seen_stems):
            continue  # near-duplicate
        chosen.append(ev)
        seen_stems.append(stems)
    # Lead with the best sentence (and its explaining continuation); the rest by retrieval rank.
    head, rest = chosen[:1], chosen[1:]
    pool = sorted((e.sentence for e in evidence), key=lambda x: (x.chunk.id, x.start))
    follow = continuation(chosen[0], pool)
    if follow is not None and all(e.sentence.key != follow.key for e in chosen):
        head.append(Evidence(follow, chosen[0].score, chosen[0].coverage))
        rest = rest[: max(0, max_sentences - 2)]
    rest.sort(key=lambda e: (e.sentence.chunk_rank, e.sentence.start))
    return head + rest


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
