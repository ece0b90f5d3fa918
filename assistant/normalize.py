"""Question normalisation: one stage before retrieval, evidence scoring and the rules.

Staff type the way people type: without æ/ø/å ("hvornar", "forlob", "maalgruppen"), with
typos ("botøtte", "samarbejdsmodelen"), in long case notes that end with the question. This
stage turns such text into what the manuals' vocabulary can meet, and records every change:

- Unicode NFKC (ligatures, full-width forms, compatibility characters), control characters
  dropped, whitespace folded;
- æ/ø/å restored ("ae"/"oe"/"aa" and bare a/o) where the restored form is a clearly more
  common Danish word (``wordfreq``'s Danish frequencies) or a word of the corpus;
- spelling tolerance: a word that is neither Danish (``wordfreq``) nor in the corpus is
  replaced by the nearest corpus word (Damerau–Levenshtein distance 1, or 2 for words of 8+
  letters, via ``rapidfuzz``); English questions and names are left alone;
- the *focus*: the question a long note ends with, which retrieval uses instead of the whole
  note (the rules still read the whole note).

Pure given its vocabulary; no I/O after construction.

    >>> n = QuestionNormalizer({"forløb": 3, "bostøtte": 5, "målgruppen": 2})
    >>> n.normalize("hvornar slutter et forlob med botøtte?").text
    'hvornår slutter et forløb med bostøtte?'
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import LIST_ITEM_MARKER, QUESTION_ABBREVIATIONS, STOPWORDS, stem

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Where a plain-ASCII spelling may stand for æ/ø/å: digraphs first, then bare vowels.
_DIGRAPHS = {"ae": "æ", "oe": "ø", "aa": "å"}
_BARE = {"a": ("å", "æ"), "o": ("ø",)}
# A restored or corrected word must beat the typed one by this many Zipf units (a factor of 10
# in frequency): "pa" -> "på", "gaar" -> "går", but "far" stays "far" (not "får").
RESTORE_MARGIN = 1.0
# What a corpus word counts as when the general word list does not know it (compounds).
CORPUS_ZIPF = 3.0
MAX_VARIANT_POSITIONS = 4
# The field's own shorthand, spelled out as the manuals write it.
SHORTHAND: dict[str, str] = {
    "hf": "Housing First", "hfa": "Housing First", "sm": "Samarbejdsmodellen",
    # chat spellings of question words and the field's words
    "wat": "hvad", "hva": "hvad", "hvaa": "hvad", "tem": "team", "medarb": "medarbejder",
    "igang": "i gang",
    # months as staff shorten them ("skudt i gang i nov 2014"); not "jan" (a name) or "jul" (Christmas)
    "feb": "februar", "apr": "april", "jun": "juni", "aug": "august", "sep": "september", "sept": "september",
    "okt": "oktober", "nov": "november", "dec": "december",
}
# A part of a compound must be at least this common a Danish word (or occur twice in the corpus).
COMPOUND_PART_ZIPF = 3.0
# A typo may also be repaired to an everyday Danish word the manuals happen not to use ("egntlig"
# -> "egentlig"), when that word is at least this common.
SPELL_GENERAL_ZIPF = 4.0


@dataclass(frozen=True)
class Repair:
    """One changed word: ``kind`` is "æøå", "spelling" or "forkortelse" (field shorthand such as "hf")."""

    original: str
    repaired: str
    kind: str


@dataclass(frozen=True)
class NormalizedQuestion:
    """``text``: the whole input, normalised. ``focus``: the question it ends with (== ``text``
    for a short question). ``repairs``: every word changed, in order."""

    text: str
    focus: str
    repairs: tuple[Repair, ...] = ()

    @property
    def is_long(self) -> bool:
        return self.focus != self.text


def clean_text(text: str) -> str:
    """NFKC, no control or zero-width characters, single spaces; paragraph breaks kept as "\\n".

    >>> clean_text("ﬂyttehjælp\\u200b  og\\x07 CTI")
    'flyttehjælp og CTI'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    text = _PARAGRAPH_SIGN.sub("§ ", text)  # "§59" is written "§ 59" in the manuals
    return join_lines(text)


_PARAGRAPH_SIGN = re.compile(r"§(?=\d)")


def join_lines(text: str) -> str:
    """Single spaces; a paragraph is one line, except that a list item keeps its own line
    ("Hun har disse forløb:\\n- JH\\n- KL": the people are counted line by line).

    >>> join_lines("Hun har:\\n- JH\\n- KL\\nok  så\\nvidere\\n\\nny")
    'Hun har:\\n- JH\\n- KL ok så videre\\nny'
    """
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        lines = [" ".join(line.split()) for line in _LIST_ITEM_BREAK.split(paragraph)]
        paragraphs.append("\n".join(line for line in lines if line))
    return "\n".join(p for p in paragraphs if p).strip()


_LIST_ITEM_BREAK = re.compile(r"\r?\n(?=[ \t]*" + LIST_ITEM_MARKER + r"[ \t]*\S)")


@lru_cache(maxsize=1)
def _danish_zipf() -> Mapping[str, float]:
    """Danish word -> Zipf frequency (``wordfreq``'s shipped list; no download)."""
    import math

    from wordfreq import get_frequency_dict

    # Zipf = log10(frequency per billion words), as ``wordfreq.zipf_frequency`` computes it.
    return {w: round(math.log10(f * 1e9), 2) for w, f in get_frequency_dict("da").items() if w.isalpha() and f > 0}


def danish_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in general Danish (0.0 when unknown), e.g. "egentlig" 5.1."""
    return _danish_zipf().get(word, 0.0)


def everyday_word(min_zipf: float, lang: str = "da", english_min_zipf: float | None = None) -> Callable[[str], bool]:
    """A predicate: is this word (or its dictionary form) everyday language, Zipf ≥ ``min_zipf``
    in general Danish — or, for an English question, Zipf ≥ ``english_min_zipf`` (default
    ``min_zipf``) in general English?"""
    en_min = min_zipf if english_min_zipf is None else english_min_zipf
    from assistant.text import lemma

    def check(word: str) -> bool:
        if danish_zipf(word) >= min_zipf or danish_zipf(lemma(word, "da")) >= min_zipf:
            return True
        if lang == "en":
            from wordfreq import zipf_frequency

            return zipf_frequency(word, "en") >= en_min or zipf_frequency(lemma(word, "en"), "en") >= en_min
        return False

    return check


class QuestionNormalizer:
    """Normalises questions against a corpus vocabulary (token -> count) and general Danish.

    ``general`` maps a lowercase word to its Zipf frequency in general Danish (default
    ``danish_zipf``); it is a parameter so tests can pass a small table.
    """

    def __init__(
        self,
        corpus_counts: Mapping[str, int],
        general: Callable[[str], float] | None = None,
    ) -> None:
        self.corpus = {w: n for w, n in corpus_counts.items() if w.isalpha() and n > 0}
        self.general = general or danish_zipf
        self._stems = frozenset(stem(w) for w in self.corpus)
        self._long_words = sorted(w for w in self.corpus if len(w) >= 4)
        # everyday Danish words (from wordfreq's list; none when a test passes its own table)
        self._common_words = (
            sorted(w for w, z in _danish_zipf().items() if z >= SPELL_GENERAL_ZIPF and len(w) >= 4 and w not in self.corpus)
            if general is None
            else []
        )
        self._cache: dict[str, tuple[str, str] | None] = {}

    # ---------------------------------------------------------------- scoring words
    def score(self, word: str) -> float:
        """How plausible ``word`` is as typed Danish: its Zipf frequency, and for a corpus word at
        least ``CORPUS_ZIPF`` plus log10 of its count (a word the corpus uses once, say inside a
        web address, counts less than one it uses fifty times)."""
        z = self.general(word)
        n = self.corpus.get(word, 0)
        return max(z, CORPUS_ZIPF + math.log10(n)) if n else z

    def known(self, word: str) -> bool:
        """In the corpus (as typed or as an inflection of a corpus word) or in general Danish."""
        return word in self.corpus or self.general(word) > 0.0 or stem(word) in self._stems

    # ---------------------------------------------------------------- one word
    def repair_word(self, word: str) -> tuple[str, str] | None:
        """``(repaired, kind)`` for a lowercase word, or None when it stays as typed.

        >>> QuestionNormalizer({"forløb": 1}, general=lambda w: 0.0).repair_word("forlob")
        ('forløb', 'æøå')
        """
        if word in self._cache:
            return self._cache[word]
        out = self._restore(word) or self._spell(word)
        if len(self._cache) > 20_000:
            self._cache.clear()
        self._cache[word] = out
        return out

    def _restore(self, word: str) -> tuple[str, str] | None:
        if len(word) < 2 or not word.isascii():
            return None
        base = self.score(word)
        best, best_score = None, base + RESTORE_MARGIN
        for cand in _variants(word):
            s = self.score(cand)
            if s >= best_score and (s > 0.0):
                best, best_score = cand, s
        if best is None and base == 0.0:
            # Unknown as typed: any known restored form beats it ("hjemlose" -> "hjemløse").
            known = [(self.score(c), c) for c in _variants(word) if self.known(c)]
            if known:
                best = max(known)[1]
        return (best, "æøå") if best else None

    def _spell(self, word: str) -> tuple[str, str] | None:
        if len(word) < 4 or self.known(word) or self._compound_of_known(word):
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        max_d = 1 if len(word) < 8 else 2
        pool = [w for w in self._long_words if abs(len(w) - len(word)) <= max_d]
        found = process.extract(word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=max_d, limit=8)
        if not found and self._common_words:
            # no manual word is that close: an everyday word one edit away ("egntlig" -> "egentlig")
            common = [w for w in self._common_words if abs(len(w) - len(word)) <= 1]
            found = process.extract(word, common, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=8)
            if found:
                d_best = min(d for _, d, _ in found)
                tied = sorted((w for w, d, _ in found if d == d_best), key=lambda w: (-self.general(w), w))
                if len(tied) > 1 and self.general(tied[1]) > self.general(tied[0]) - 1.0:
                    return None  # two everyday words about as likely: do not guess
                return (tied[0], "spelling")
        if not found:
            return None
        d_best = min(d for _, d, _ in found)
        tied = [w for w, d, _ in found if d == d_best]
        tied.sort(key=lambda w: (-self.corpus.get(w, 0), w))
        if len(tied) > 1 and self.corpus.get(tied[0], 0) == self.corpus.get(tied[1], 0) and d_best > 0:
            return None  # two equally good corrections: do not guess
        return (tied[0], "spelling")

    def _compound_of_known(self, word: str) -> bool:
        """A Danish compound of two known words ("distriktspsykiatrien" = distrikt(s) +
        psykiatrien) is a word, not a typo, even when no list has it whole."""
        for i in range(3, len(word) - 2):
            left, right = word[:i], word[i:]
            lefts = (left, left[:-1]) if left.endswith(("s", "e")) else (left,)
            # the head is a content word: "metder" is no compound of "met" and "der"
            if any(self._word_part(x) for x in lefts) and self._word_part(right) and right not in STOPWORDS:
                return True
        return False

    def _word_part(self, part: str) -> bool:
        return len(part) >= 3 and (self.general(part) >= COMPOUND_PART_ZIPF or self.corpus.get(part, 0) >= 2)

    # ---------------------------------------------------------------- whole text
    def normalize(self, text: str, *, lang: str = "da") -> NormalizedQuestion:
        """Normalise ``text``; ``lang="en"`` skips Danish spelling repair (English words stay)."""
        cleaned = clean_text(text)
        repairs: list[Repair] = []

        def fix(m: re.Match[str]) -> str:
            raw = m.group(0)
            low = raw.lower()
            if lang == "en" and low.isascii():
                return raw
            if low in SHORTHAND:
                repairs.append(Repair(raw, SHORTHAND[low], "forkortelse"))
                return SHORTHAND[low]
            if raw.isupper() and len(raw) <= 5:
                return raw  # acronyms: CTI, ICM, ACT, SFI
            if raw[0].isupper() and _mid_sentence(cleaned, m.start()):
                return raw  # a name: Randers, Aarhus
            got = self.repair_word(low)
            if got is None:
                return raw
            new, kind = got
            repairs.append(Repair(raw, new, kind))
            return new.capitalize() if raw[0].isupper() else new

        repaired = _WORD.sub(fix, cleaned)
        return NormalizedQuestion(text=repaired, focus=focus_question(repaired), repairs=tuple(repairs))


def _mid_sentence(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return bool(before) and before[-1] not in ".!?:\n"


def _variants(word: str) -> list[str]:
    """Spellings with æ/ø/å for an ASCII word ("maalgruppen" -> "målgruppen", …), capped."""
    pieces: list[tuple[str, ...]] = []
    i = 0
    n_var = 0
    while i < len(word):
        two = word[i : i + 2]
        if two in _DIGRAPHS and n_var < MAX_VARIANT_POSITIONS:
            pieces.append((two, _DIGRAPHS[two]))
            n_var += 1
            i += 2
            continue
        ch = word[i]
        if ch in _BARE and n_var < MAX_VARIANT_POSITIONS:
            pieces.append((ch, *_BARE[ch]))
            n_var += 1
        else:
            pieces.append((ch,))
        i += 1
    out = []
    for combo in itertools.product(*pieces):
        cand = "".join(combo)
        if cand != word:
            out.append(cand)
    return out


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|\n")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


def _question_sentences(text: str) -> list[str]:
    """Sentences of typed text; an abbreviation's dot ("min. tre møder", "ca. 20") ends none."""
    out: list[str] = []
    for piece in (s.strip() for s in _SENTENCE.findall(text)):
        if not piece:
            continue
        if out and not out[-1].endswith(("?", "!")):
            word = _LAST_WORD.search(out[-1])
            if word and word.group(1).lower() in QUESTION_ABBREVIATIONS:
                out[-1] = f"{out[-1]} {piece}"
                continue
        out.append(piece)
    return out


def focus_question(text: str, min_chars: int = 300) -> str:
    """The question a long note ends with: its last question sentence (with the sentence before
    it when the question leans on it, e.g. "Hvad gør vi?"). Short text is its own focus.

    >>> focus_question("Borgeren er 45. " * 30 + "Han har boet på herberg. Hvor længe varer CTI?")
    'Hvor længe varer CTI?'
    """
    if len(text) < min_chars:
        return text
    sentences = _question_sentences(text)
    if not sentences:
        return text
    idx = max((i for i, s in enumerate(sentences) if s.endswith("?")), default=len(sentences) - 1)
    focus = sentences[idx]
    if idx > 0 and len(focus.split()) <= 8 and _ANAPHOR.search(focus):
        focus = f"{sentences[idx - 1]} {focus}"  # "Hvad gør vi så?" leans on the sentence before
    return focus


_ANAPHOR = re.compile(
    r"\b(det|dette|den|denne|disse|han|hun|ham|hende|de|dem|vi|så|it|this|that|these|he|she|they|we)\b",
    re.IGNORECASE,
)


__all__ = [
    "NormalizedQuestion",
    "QuestionNormalizer",
    "Repair",
    "clean_text",
    "danish_zipf",
    "focus_question",
]
