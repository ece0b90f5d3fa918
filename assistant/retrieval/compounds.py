"""Danish compound splitting against a known vocabulary.

Danish writes compounds as one word ("bostøttemedarbejder"), so a question that says
"medarbejder" would never meet a passage that says "bostøttemedarbejderen" in a plain
word index. ``CompoundSplitter`` splits a word into the fewest known words (each at least
``min_part`` letters), allowing the Danish linking letters -s-/-e- between parts and a
dropped final -e before a linking -s- ("samarbejdsmodel" -> "samarbejde" + "model").
Ties between equally short splits go to the split whose parts are most frequent.

    >>> s = CompoundSplitter.from_tokens(
    ...     ["bostøtte", "medarbejder", "implementering", "processen", "proces"])
    >>> s.split("bostøttemedarbejder")
    ('bostøtte', 'medarbejder')
    >>> s.split("implementeringsproces")
    ('implementering', 'proces')
    >>> s.split("medarbejder")
    ()
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.text import STOPWORDS

LINKERS: tuple[str, ...] = ("s", "e")


def _is_word(token: str) -> bool:
    return token.isalpha()


@dataclass(frozen=True)
class CompoundSplitter:
    """Split words into known vocabulary words; ``split`` returns () when no split exists."""

    counts: Mapping[str, int]
    min_part: int = 4
    min_word: int = 8
    linkers: tuple[str, ...] = LINKERS
    _cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_counts(
        cls, counts: Mapping[str, int], *, min_part: int = 4, min_word: int = 8
    ) -> CompoundSplitter:
        """Build from token counts (lowercase); stopwords, numbers and short tokens are ignored."""
        vocab = {
            t: n
            for t, n in counts.items()
            if n > 0 and len(t) >= min_part and _is_word(t) and t not in STOPWORDS
        }
        return cls(counts=vocab, min_part=min_part, min_word=min_word)

    @classmethod
    def from_tokens(cls, tokens: Iterable[str], *, min_part: int = 4, min_word: int = 8) -> CompoundSplitter:
        """Build from corpus tokens (lowercase); stopwords, numbers and short tokens are ignored."""
        counts = Counter(t for t in tokens if len(t) >= min_part and _is_word(t) and t not in STOPWORDS)
        return cls(counts=dict(counts), min_part=min_part, min_word=min_word)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def split(self, word: str) -> tuple[str, ...]:
        """The best split of ``word`` into >= 2 known words, or () when there is none."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result: tuple[str, ...] = ()
        if len(word) >= self.min_word and _is_word(word):
            best = self._best(word)
            if best is not None:
                result = best[2]
        self._cache[word] = result
        return result

    def _part(self, piece: str, followed_by_s: bool) -> str | None:
        """The vocabulary word ``piece`` stands for (itself, or with a dropped final -e)."""
        if len(piece) < self.min_part:
            return None
        if piece in self.counts and piece not in STOPWORDS:
            return piece
        if followed_by_s and piece + "e" in self.counts:
            return piece + "e"
        return None

    def _best(self, word: str) -> tuple[int, float, tuple[str, ...]] | None:
        """Fewest parts (>= 2), then highest summed log-frequency. Memoised over positions."""
        n = len(word)
        Split = tuple[int, float, tuple[str, ...]]  # (parts, -sum log count, words)
        memo: dict[int, Split | None] = {}

        def best_from(i: int, allow_whole: bool) -> Split | None:
            if allow_whole and i in memo:
                return memo[i]
            best: Split | None = None
            whole = self._part(word[i:], False) if allow_whole else None
            if whole is not None:
                best = (1, -math.log(self.counts[whole]), (whole,))
            for j in range(i + self.min_part, n - self.min_part + 1):
                for skip in ("", *self.linkers):
                    if skip and not word.startswith(skip, j):
                        continue
                    nxt = j + len(skip)
                    if n - nxt < self.min_part:
                        continue
                    head = self._part(word[i:j], skip == "s")
                    if head is None:
                        continue
                    tail = best_from(nxt, True)
                    if tail is None:
                        continue
                    cand = (tail[0] + 1, tail[1] - math.log(self.counts[head]), (head, *tail[2]))
                    if best is None or cand[:2] < best[:2]:
                        best = cand
            if allow_whole:
                memo[i] = best
            return best

        return best_from(0, False)
