"""English words spelled as their Danish cognates: "combinations" -> "kombinationer", "psychiatric"
-> "psykiatrisk", "strategy" -> "strategi", "coordination" -> "koordination".

English questions meet Danish manuals. ``query.GLOSSARY`` maps the field's terms by hand; most
other learned words are cognates that differ by regular spelling (c/k, ph/f, th/t, y/i) and
regular suffixes (-ity/-itet, -ic/-isk, -y/-i, -ize/-isere). ``english_cognates`` writes the Danish
spellings such a word may have; the caller keeps those its corpus knows (a cognate is only a
guess until the manuals use the word), so a false friend that the manuals do not use costs nothing.

    >>> "kombination" in english_cognates("combinations")
    True
    >>> "psykiatrisk" in english_cognates("psychiatric")
    True
"""

from __future__ import annotations

import re
from functools import lru_cache

# Spelling, applied in order to the whole word.
_LETTERS: tuple[tuple[str, str], ...] = (
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("ck", "k"),
    ("qu", "kv"),
    ("x", "ks"),
    ("w", "v"),
    # Danish keeps a Latin c before e/i ("social", "specialiseret", "princip"); elsewhere it is k
    ("c(?![eiy])", "k"),
    ("ou", "u"),
)
# English suffix -> Danish suffixes; every suffix that ends the word gives its spellings.
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ization", ("isation", "isering")),
    ("isation", ("isation", "isering")),
    ("ation", ("ation", "ering")),
    ("ical", ("isk",)),
    ("ional", ("ionel",)),
    ("al", ("al", "el")),
    ("ity", ("itet",)),
    ("ize", ("isere",)),
    ("ise", ("isere",)),
    ("ic", ("isk",)),
    ("ive", ("iv",)),
    ("ary", ("ær",)),
    ("ory", ("orisk", "ori")),
    ("ogy", ("ogi",)),
    ("ism", ("isme",)),
    ("ing", ("ering",)),
    ("y", ("i",)),
    ("le", ("", "el")),
    ("e", ("",)),
)
_INFLECTIONS = ("ies", "es", "s", "ed", "ing")
MIN_LETTERS = 5


def _bases(word: str) -> list[str]:
    """The word and its forms without an English inflection ("strategies" -> "strategy")."""
    out = [word]
    for ending in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            out.append(stem + "y" if ending == "ies" else stem)
            if ending in ("ed", "ing", "es"):
                out.append(stem + "e")
    return list(dict.fromkeys(out))


def _respell(word: str) -> str:
    for pattern, repl in _LETTERS:
        word = re.sub(pattern, repl, word)
    return re.sub(r"(.)\1+", r"\1\1", word)


@lru_cache(maxsize=4096)
def english_cognates(word: str) -> tuple[str, ...]:
    """Danish spellings ``word`` (lower case, English) may have as a cognate, most literal first;
    empty for words shorter than ``MIN_LETTERS`` letters or with non-letters. Not every output is a
    Danish word: the caller keeps those its corpus knows."""
    if len(word) < MIN_LETTERS or not word.isalpha() or not word.isascii():
        return ()
    out: list[str] = []
    for base in _bases(word):
        for suffix, danish in _SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix) + 2:
                head = base[: -len(suffix)]
                out += [_respell(head) + d for d in danish]
        out.append(_respell(base))
    return tuple(c for c in dict.fromkeys(out) if c != word and len(c) >= 4)
