"""Danish text analysis for the lexical index: the same pipeline for passages and questions.

1. ``assistant.text.tokenize``: lowercase, æ/ø/å kept, "§ 110" -> "§110", "CTI-medarbejder"
   -> "cti", "medarbejder", numbers kept.
2. Stopwords (``assistant.text.STOPWORDS`` plus question words) are dropped.
3. Every word becomes its Danish Snowball stem (weight 1.0). Exact tokens — § references,
   numbers, acronyms — are never stemmed or split, so "§110" and "cti" only match themselves.
4. A compound also yields the stems of its parts (weight ``part_weight``), found against the
   corpus vocabulary: "bostøttemedarbejder" -> "bostøttemedarbejd" + "bostøt" + "medarbejd".

    >>> from assistant.retrieval.compounds import CompoundSplitter
    >>> a = Analyzer(CompoundSplitter.from_tokens(["bostøtte", "medarbejder"]))
    >>> a.terms("Hvor mange borgere må en bostøttemedarbejder have efter § 110?")
    [('borg', 1.0), ('bostøttemedarbejd', 1.0), ('bostøt', 0.5), ('medarbejd', 0.5), ('§110', 1.0)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.retrieval.compounds import CompoundSplitter
from assistant.text import STOPWORDS, nfc, stem

# Words that carry the question's form, not its topic (on top of assistant.text.STOPWORDS).
QUESTION_WORDS: frozenset[str] = frozenset(
    """
    hvilket hvilken hvilke hvordan hvorfor hvornår hvad hvem hvor hvorvidt
    forklar fortæl beskriv nævn angiv
    """.split()
)
ANALYZER_STOPWORDS: frozenset[str] = STOPWORDS | QUESTION_WORDS


def is_exact(token: str) -> bool:
    """Tokens that must match exactly: § references and anything with a digit."""
    return token.startswith("§") or any(ch.isdigit() for ch in token)


def normalize_term(token: str) -> str:
    """The index term for one token: exact tokens unchanged, words stemmed."""
    if is_exact(token):
        return token
    return stem(token)


# Same tokens as assistant.text.tokenize (checked by tests), found with one findall call:
# index builds tokenize every chunk, so this is the hot loop.
_TOKEN = re.compile(r"§\s*\d+[a-z]?|\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)
_PARAGRAPH_SPACE = re.compile(r"§\s+")


def fast_tokenize(text: str) -> list[str]:
    """``assistant.text.tokenize`` with the "§ 110" -> "§110" fix applied in one pass."""
    tokens = _TOKEN.findall(nfc(text).lower())
    if "§" in text:
        tokens = [_PARAGRAPH_SPACE.sub("§", t) if t.startswith("§") else t for t in tokens]
    return tokens


def content_words(text: str) -> list[str]:
    """Tokens minus stopwords; single letters dropped, single digits kept."""
    stop = ANALYZER_STOPWORDS
    return [t for t in fast_tokenize(text) if t not in stop and (len(t) > 1 or t.isdigit())]


@dataclass(frozen=True)
class Analyzer:
    """Turns text into weighted index terms; ``splitter=None`` disables compound splitting."""

    splitter: CompoundSplitter | None = None
    part_weight: float = 0.5
    _cache: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict, compare=False, repr=False)

    def token_terms(self, token: str) -> tuple[tuple[str, float], ...]:
        """Weighted terms for one (content) token; cached per token."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        whole = normalize_term(token)
        out: list[tuple[str, float]] = [(whole, 1.0)]
        if self.splitter is not None and not is_exact(token):
            seen = {whole}
            for part in self.splitter.split(token):
                term = stem(part)
                if term not in seen:
                    seen.add(term)
                    out.append((term, self.part_weight))
        result = tuple(out)
        self._cache[token] = result
        return result

    def terms(self, text: str) -> list[tuple[str, float]]:
        """Weighted terms of ``text`` in order (one whole-word term per token, then its parts)."""
        out: list[tuple[str, float]] = []
        for token in content_words(text):
            out.extend(self.token_terms(token))
        return out

    def query_terms(self, text: str) -> dict[str, float]:
        """Unique terms of a question with their weight (the highest weight a term got)."""
        weights: dict[str, float] = {}
        for term, w in self.terms(text):
            if w > weights.get(term, 0.0):
                weights[term] = w
        return weights

    @staticmethod
    def vocabulary_tokens(texts: Iterable[str]) -> Iterable[str]:
        """All content tokens of ``texts`` (feed to ``CompoundSplitter.from_tokens``)."""
        for text in texts:
            yield from content_words(text)
