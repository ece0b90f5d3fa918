"""stem() is called from the answer pipeline's parallel branches: it must be thread-safe."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from assistant import text

pytestmark = pytest.mark.unit


def test_stem_gives_the_same_stems_from_many_threads_at_once() -> None:
    reference = snowballstemmer.stemmer("danish")
    words = [f"{w}{suffix}" for w in ("borger", "medarbejder", "bolig", "støtte", "forløb", "indsats")
             for suffix in ("", "e", "en", "ene", "erne", "ernes", "s", "ende", "else", "elsen")]
    words = [f"{w}{'x' * n}" for n in range(40) for w in words]  # many distinct cache misses
    expected = [reference.stemWord(w) for w in words]
    for _ in range(3):
        text.stem.cache_clear()
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(text.stem, words, chunksize=1))
        assert got == expected
