"""Danish-aware text utilities shared by ingestion, retrieval, rules, answers and evals.

- ``normalize_for_match``: the one normalisation used whenever we check that a quote
  occurs verbatim in a document (whitespace folded, line-break hyphens "fi- gur" joined).
- ``tokenize``: lowercase word tokens that keep æ/ø/å, keep "§ 110" as one token "§110",
  keep method acronyms (cti, icm, act) and numbers.
- ``stem``: the Danish Snowball stemmer (cached).

    >>> tokenize("Servicelovens § 110 og CTI-forløb på 9 måneder")
    ['servicelovens', '§110', 'og', 'cti', 'forløb', 'på', '9', 'måneder']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

_WS = re.compile(r"\s+")
# A hyphen between letters, with or without a line break after it, is folded away on both
# sides of a comparison: "fi- gur" = "figur", "ICM-\n\nmedarbejderen" = "ICM-medarbejderen".
_LINEBREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")
_TOKEN = re.compile(r"§\s*\d+[a-z]?|\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)

# Function words, and the particles of chat ("SM har 6 kerneelementer ik?", "hva med ICM?", "btw"):
# none names what a question is about.
STOPWORDS: frozenset[str] = frozenset(
    """
    af alle alt andet andre at blev blive bliver da de dem den denne der deres det dette dig din
    dine disse dit du efter eller en end er et for fordi fra få får fik fået gør gjorde gjort have han hans har havde
    hende her hendes hos hvad hvem hver hvilke hvilken hvis hvor hvordan hvorfor hvornår hvorledes
    i ikke ind jeg jer kan kunne man mange med meget men mig min mine mit mod må ned noget nogle
    nu når og også om op os over på sig sin sine sit skal skulle som sådan thi til ud under var
    vi vil ville være været ved vores blandt bl.a fx mv osv samt så se sker sig selv hele helt
    ik ikk hva mon vel jo lige btw ok okay nå hej mvh iflg ifølge ift ifht mht vedr
    the a an and or of to in on for is are was were be been what which who how why when where
    does do did can could should would will with about as at by from this that these those it its
    into than then there their they them i you we he she
    """.split()
)

_STEMMER = snowballstemmer.stemmer("danish")
# A Snowball stemmer keeps its word in the object while it works: two threads stemming at once
# (the answer pipeline runs branches in parallel) corrupt each other ("IndexError: string index
# out of range", or a wrong stem). The lock is taken only on a cache miss of ``stem``.
_STEMMER_LOCK = threading.Lock()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalize_for_match(text: str) -> str:
    """Fold whitespace, soft hyphens and hyphens between letters so a quote can be found verbatim.

    >>> normalize_for_match("bostøtte- medarbejder  har\\n10 ICM-\\nteam")
    'bostøttemedarbejder har 10 ICMteam'
    """
    text = nfc(text).replace("\u00ad", "").replace("\u00a0", " ")
    text = _WS.sub(" ", text).strip()
    return _LINEBREAK_HYPHEN.sub("", text)


def contains_normalized(haystack: str, needle: str) -> bool:
    """True when ``needle`` occurs in ``haystack`` after ``normalize_for_match`` on both."""
    n = normalize_for_match(needle)
    return bool(n) and n in normalize_for_match(haystack)


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens; "§ 110" -> "§110"; hyphenated compounds split at the hyphen."""
    out: list[str] = []
    for m in _TOKEN.finditer(nfc(text).lower()):
        tok = m.group(0)
        if tok.startswith("§"):
            tok = "§" + tok[1:].strip()
        out.append(tok)
    return out


@lru_cache(maxsize=100_000)
def lemma(token: str, lang: str = "da") -> str:
    """Dictionary form via ``simplemma`` ("kørte" -> "køre", "faggrupper" -> "faggruppe",
    "methods" -> "method"); the token itself when unknown. ``lang``: "da" or "en"."""
    if not token or not token.isalpha():
        return token
    import simplemma

    return str(simplemma.lemmatize(token, lang=lang)).lower()


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    if not token or token[0].isdigit() or token.startswith("§"):
        return token
    with _STEMMER_LOCK:
        return _STEMMER.stemWord(token)


def content_tokens(text: str) -> list[str]:
    """Tokens minus stopwords (keeps numbers and § tokens)."""
    return [t for t in tokenize(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


def content_stems(text: str) -> list[str]:
    """Stems of the content words; a "%" is the word "procent" ("90 %" answers "hvor mange procent").

    >>> content_stems("i 90 % af tilfældene")
    ['90', 'tilfæld', 'procent']
    """
    stems = [stem(t) for t in content_tokens(text)]
    return stems + [stem("procent")] if "%" in text else stems


# Characters that may close a sentence (or a heading line that introduces one).
# Abbreviations whose dot does not end a sentence in the manuals ("bl.a.", "ca.", "jf.").
ABBREVIATIONS: frozenset[str] = frozenset({
    "bl.a", "fx", "f.eks", "ca", "pr", "jf", "mv", "osv", "dvs", "evt", "mdr", "nr", "kr", "pga",
    "ift", "ifm", "hhv", "inkl", "ekskl", "mht", "vedr", "stk", "nov", "jan", "feb", "aug", "sept",
    "okt", "dec", "e.g", "i.e", "etc", "vs", "ref", "s", "tlf", "mio", "mia", "kap", "kl",
    "el", "ang", "iflg", "m.fl", "m.m", "o.l", "pkt", "afd",
    # municipal documents: "en lokal norm på maks. 12 borgere", "i gns. 9,6 måneder"
    "maks", "max", "gns", "jvf",
})
# What opens a list item a person typed: a bullet or dash, or "1." / "2)".
LIST_ITEM_MARKER = r"(?:[-*•–·]|\d{1,2}[.)])"
# Questions abbreviate more freely: "min. tre møder om året", "max. 8 borgere", "medarb."
QUESTION_ABBREVIATIONS: frozenset[str] = ABBREVIATIONS | {"min", "max", "maks", "md", "medarb", "ugl", "evt"}
SENTENCE_CLOSERS = ".!?:;…\"”»"


def continues_sentence(text: str, end: int, start: int, floor: int = 0) -> bool:
    """Whether ``text[start:]`` continues a sentence left open at ``end`` (a line or page break
    inside a sentence): the text before (back to ``floor``) does not end with closing
    punctuation, and the text after starts in lower case. Whitespace around the break is skipped.

    >>> continues_sentence("kan modtage\\n\\nkontanthjælp). En", 11, 13)
    True
    >>> continues_sentence("boliger.\\n\\nDen næste", 8, 10)
    False
    >>> continues_sentence("benævnes ofte\\n\\n’fjerdedelsreglen’.", 13, 15)
    True
    """
    i, j = end, start
    while i > floor and text[i - 1].isspace():
        i -= 1
    while j < len(text) and text[j].isspace():
        j += 1
    # a quoted word continues it too: "Reglen benævnes ofte\n\n’fjerdedelsreglen’."
    while j < len(text) - 1 and text[j] in "’‘'\"“„«»":
        j += 1
    return i > floor and j < len(text) and text[i - 1] not in SENTENCE_CLOSERS and text[j].islower()
