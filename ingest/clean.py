"""Line-level cleaning fitted to the shipped texts (and to the next user's PDFs).

- ``fold_unicode``: NFKC (ligatures, full-width forms) with "…", "½", "m²" kept as written.
- ``normalize_raw``: ``fold_unicode``, one kind of newline, no soft hyphens or odd spaces, single spaces.
- ``is_clutter_line``: web clutter from the scraped pages (cookie and menu lines, "Hent",
  "Copied!", "Indlæser…", "N/A", download and "Læs mere" link lines, lone figure numbers).
- ``join_hyphenation``: "fi- gur" -> "figur" when the joined word is known from the corpus
  vocabulary (or the split is at a line end); never before "og", "eller", "til", "samt"
  ("implementerings- og forankringsprojektet" stays as written).

    >>> vocab = Vocabulary.from_texts(["En gennemgående figur og tidsbegrænset støtte."])
    >>> join_hyphenation("som gennemgående fi- gur, tids- begrænset og implementerings- og", vocab)
    'som gennemgående figur, tidsbegrænset og implementerings- og'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.text import stem

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Characters whose compatibility form (NFKC) would change what a Danish text says: "…" -> "...",
# "½" -> "1⁄2", "m²" -> "m2", "º"/"ª" -> "o"/"a".
_KEEP_AS_WRITTEN = re.compile("([…½¼¾¹²³ºª])")


def fold_unicode(text: str) -> str:
    """NFKC (ligatures "ﬂ" -> "fl", full-width "ＡＣＴ" -> "ACT", no-break spaces), then NFC; an
    ellipsis, fractions, superscripts and ordinal indicators stay as written.

        >>> fold_unicode("ﬂyttehjælp for ＡＣＴ … 2 m²")
        'flyttehjælp for ACT … 2 m²'
    """
    if text.isascii():
        return text
    parts = _KEEP_AS_WRITTEN.split(text)
    return unicodedata.normalize(
        "NFC", "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))
    )


def normalize_raw(text: str) -> str:
    """``fold_unicode`` (NFKC, then NFC), ``\\n`` newlines, no soft hyphens/zero-width/control characters, single spaces, no
    trailing spaces."""
    text = fold_unicode(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


_CLUTTER = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^•?\s*ingen resultater fundet$",
        r"^n/a$",
        r"^(info|hent|protected|copied!?|transkript|hele teksten|menu|søg|log ind|udskriv|print|del|"
        r"forside|tilbage|til toppen|luk|accepter|afvis|dcsimg)$",
        r"^academic year:? ?\d{4}$",
        r"^del\s+[\"“”].*[\"“”]$",
        r"^indlæser\b.*$",
        r"^størrelse:.{0,10}$",
        r"^starte visningen fra side:?$",
        r"^download\b.{0,200}$",
        r"^hent (pdf|pjece|publikation|fil)\b.{0,120}$",
        r"^læs (mere|om)\b[^.]{0,100}$",
        r"^.{0,60}\bcookies?\b.{0,160}$",
        r"^dcsimg\b.*$",
        r"^[|•·]+$",
        r"^©.*$",
        r"^[#\d\s]+$",  # lone figure/list numbers ("1", "1 2 3 4 5 6 7 8", "#2")
        r"^(gå|spring|hop) (direkte )?til (hoved)?(indhold(et)?|navigation(en)?|menu(en)?)$",  # skip links
        r"^skip to (main )?(content|navigation)$",
        r"^[^.!?]{1,60}(?:\s[»›>]\s[^.!?»›>]{1,80}){2,}$",  # breadcrumbs: "Forside » Voksne » … » ACT"
    )
]


def is_clutter_line(line: str) -> bool:
    """True for a line of web or layout clutter that carries no content.

    >>> [is_clutter_line(s) for s in ("Copied!", "Læs mere", "Hent", "3", "Udbud af boliger")]
    [True, True, True, True, False]
    """
    s = line.strip()
    if not s:
        return False
    return any(p.match(s) for p in _CLUTTER)


# ---------------------------------------------------------------- vocabulary and hyphenation

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A letter run, a hyphen, then spaces (mid-line split) or a line break, then a letter run.
_SPLIT = re.compile(r"([^\W\d_]+)-([ ]*\n[ \n]*|[ ]+)([^\W\d_]+)")
NEVER_BEFORE = frozenset({"og", "eller", "til", "samt", "som", "at", "and", "or"})


@dataclass(frozen=True)
class Vocabulary:
    """Lower-cased words (hyphenated compounds too) and their Danish stems, seen in the corpus."""

    words: frozenset[str]
    stems: frozenset[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        words: set[str] = set()
        for text in texts:
            for m in _WORD.finditer(text.lower()):
                w = m.group(0)
                words.add(w)
                if "-" in w:
                    words.update(p for p in w.split("-") if p)
        long_words = {w for w in words if len(w) >= 4 and "-" not in w}
        return cls(words=frozenset(words), stems=frozenset(stem(w) for w in long_words))

    def knows(self, word: str) -> bool:
        w = word.lower()
        return w in self.words or (len(w) >= 6 and "-" not in w and stem(w) in self.stems)


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isupper()


def join_hyphenation(text: str, vocab: Vocabulary) -> str:
    """Join words split by a line-break hyphen ("beslut- ningstagere" -> "beslutningstagere").

    A split is joined when the joined word is in ``vocab`` (or shares a stem with a word there),
    when the split sits at a line end, or when one side is a fragment that the corpus never
    uses as a word of its own ("tilsva- rende"). A hyphen after an acronym stays ("ACT- metoden" ->
    "ACT-metoden"), as does a hyphenated form known from the corpus ("First- tilgangen" ->
    "First-tilgangen"). Before "og"/"eller"/"til"/"samt" nothing is joined unless the joined word
    itself is known ("ind- til" -> "indtil"), so "implementerings- og forankringsprojektet" stays.
    """

    def repl(m: re.Match[str]) -> str:
        left, sep, right = m.group(1), m.group(2), m.group(3)
        joined = left + right
        at_line_end = "\n" in sep
        if right.lower() in NEVER_BEFORE:
            return joined if joined.lower() in vocab.words else m.group(0)
        if _is_acronym(left) and not right.isupper():
            return f"{left}-{right}"
        if vocab.knows(joined):
            return joined
        if f"{left}-{right}".lower() in vocab.words:
            return f"{left}-{right}"
        if at_line_end and right[:1].islower():
            return joined
        if (
            left[-1:].islower()
            and right[:1].islower()
            and not (left.lower() in vocab.words and right.lower() in vocab.words)
        ):
            return joined  # one side is a fragment, never a word of its own: "di- striktspsykiatrien"
        return m.group(0)

    return _SPLIT.sub(repl, text)


def collapse_blank_lines(text: str) -> str:
    """At most one blank line between paragraphs; no leading or trailing blank lines."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
