"""The persisted lexical index: BM25 built once at ingest (with ``bm25s``), memory-mapped at load.

Building BM25 and the corpus statistics in Python at every start-up took most of
``Assistant.load()`` at 100,000 chunks (three tokenizing passes over every chunk). Ingest now does
that work once, in one pass, and writes it into the generation folder, so it is switched together
with the Chroma collection by the same ``CURRENT.json`` replacement::

    generations/<gen>/lexical/
        data.csc.index.npy, indices.csc.index.npy, indptr.csc.index.npy   bm25s score matrix (CSC)
        vocab.index.json, params.index.json                                bm25s vocabulary, parameters
        token_counts.json      every token's corpus count (compound splitter, spelling repair)
        stem_df.json           document frequency of every content stem (``TermStats``)
        metodeguide.json       our parameters and the chunk count; written last (= complete)

The index is fed with *our* analysis, not bm25s's tokenizer: each chunk's terms are the Danish
Snowball stems of its content words plus the stems of their compound parts
(``assistant.retrieval.analysis.Analyzer``). bm25s counts whole tokens, so the compound-part
weight (0.5 in the in-memory BM25) is expressed by repetition: every whole-word term is repeated
``tf_scale`` times and every part ``round(tf_scale * part_weight)`` times, with ``k1`` scaled by
``tf_scale``; each chunk's length is declared as a fixed multiple of its content-word count
(not the number of repeated terms), so ``dl / avgdl`` is the in-memory BM25's too. With ``method="lucene"`` the stored score
is then the in-memory BM25's divided by ``k1 + 1`` (same ranking, up to float32 rounding).

    >>> from assistant.types import Chunk
    >>> import tempfile, pathlib
    >>> chunks = [
    ...     Chunk(id="a", source="d.txt", title="D", page=1, section=None, start=0, end=40,
    ...           text="CTI-medarbejderen har højst 10 borgere."),
    ...     Chunk(id="b", source="d.txt", title="D", page=2, section=None, start=40, end=80,
    ...           text="Boligen er en basal menneskeret."),
    ... ]
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "lexical"
    >>> build_lexical_index(chunks, folder)
    >>> r = PersistedLexicalRetriever(chunks, open_lexical_index(folder, len(chunks)))
    >>> [h.chunk.id for h in r.retrieve("Hvor mange borgere må en CTI-medarbejder have?", k=2)]
    ['a']
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import IndexCorruptError
from assistant.retrieval.analysis import ANALYZER_STOPWORDS, Analyzer, fast_tokenize
from assistant.retrieval.compounds import CompoundSplitter
from assistant.retrieval.lexical import ScoredLexicalBase
from assistant.text import STOPWORDS, stem
from assistant.types import Chunk

LEXICAL_DIR = "lexical"
META_FILE = "metodeguide.json"
TOKEN_COUNTS_FILE = "token_counts.json"
STEM_DF_FILE = "stem_df.json"
FORMAT_VERSION = 1
# Column 0 of the score matrix, never in a chunk: keeps the matrix valid for a corpus without
# words. No query term can be a space.
RESERVED_TERM = " "
LENGTH_SCALE = 1000


class _Terms(list[int]):
    """A chunk's term ids whose ``len()`` is the chunk's declared BM25 length (``length``)."""

    length = 0

    def __len__(self) -> int:
        return self.length
METHODS: tuple[str, ...] = ("lucene", "robertson", "atire", "bm25l", "bm25+")


@dataclass(frozen=True)
class LexicalParams:
    """How the persisted BM25 is built. Defaults: chosen by ``evals.retrieval_bench`` (see
    docs/PERFORMANCE.md); ``lucene`` has the in-memory BM25's IDF and (up to a constant factor)
    its term-frequency saturation."""

    method: str = "lucene"
    k1: float = 1.2
    b: float = 0.75
    part_weight: float = 0.5
    min_part: int = 4
    tf_scale: int = 2

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)} (is {self.method!r})")
        if self.k1 < 0:
            raise ValueError(f"k1 must be >= 0 (is {self.k1})")
        if not 0.0 <= self.b <= 1.0:
            raise ValueError(f"b must be between 0 and 1 (is {self.b})")
        if self.tf_scale < 1:
            raise ValueError(f"tf_scale must be >= 1 (is {self.tf_scale})")

    @property
    def part_repeats(self) -> int:
        return max(1, round(self.tf_scale * self.part_weight))


@dataclass(frozen=True)
class CorpusStats:
    """Counts read off the chunks in one tokenizing pass.

    ``token_counts``: every ``tokenize`` token's corpus count (spelling repair); ``stem_df``: in
    how many chunks each content stem occurs (``assistant.evidence.TermStats``); ``n``: chunks.
    """

    token_counts: dict[str, int]
    stem_df: dict[str, int]
    n: int

    def content_counts(self) -> dict[str, int]:
        """Counts of the tokens the lexical analyser indexes (the compound splitter's vocabulary)."""
        stop = ANALYZER_STOPWORDS
        return {t: c for t, c in self.token_counts.items() if t not in stop and (len(t) > 1 or t.isdigit())}

    def term_stats(self) -> Any:
        """An ``assistant.evidence.TermStats`` with these frequencies (no pass over the chunks)."""
        from assistant.evidence import TermStats

        stats = TermStats(())
        stats.df = Counter(self.stem_df)
        stats.n = max(self.n, 1)
        return stats


def corpus_stats(texts: Sequence[str]) -> tuple[CorpusStats, list[list[str]]]:
    """One pass: the corpus statistics and each text's content words (analyser stopwords gone)."""
    counts: Counter[str] = Counter()
    df: Counter[str] = Counter()
    words: list[list[str]] = []
    stop, analyzer_stop = STOPWORDS, ANALYZER_STOPWORDS
    for text in texts:
        tokens = fast_tokenize(text)
        counts.update(tokens)
        kept = [t for t in tokens if len(t) > 1 or t.isdigit()]
        df.update({stem(t) for t in kept if t not in stop})
        words.append([t for t in kept if t not in analyzer_stop])
    return CorpusStats(dict(counts), dict(df), len(texts)), words


def build_lexical_index(chunks: Sequence[Chunk], out_dir: Path, params: LexicalParams | None = None) -> None:
    """Analyse ``chunks``, build the bm25s index and write everything to ``out_dir`` (created)."""
    import bm25s

    params = params or LexicalParams()
    stats, words = corpus_stats([c.text for c in chunks])
    analyzer = Analyzer(
        splitter=CompoundSplitter.from_counts(stats.content_counts(), min_part=params.min_part),
        part_weight=params.part_weight,
    )
    vocab: dict[str, int] = {RESERVED_TERM: 0}
    whole, part = params.tf_scale, params.part_repeats
    ids: list[_Terms] = []
    for doc_words in words:
        doc = _Terms()
        for token in doc_words:
            for term, w in analyzer.token_terms(token):
                doc.extend([vocab.setdefault(term, len(vocab))] * (whole if w >= 1.0 else part))
        # bm25s takes a document's length from len(): the in-memory BM25's length (content words),
        # times a constant (so the ratio to the average is the same), not the count of repeats.
        doc.length = LENGTH_SCALE * len(doc_words)
        ids.append(doc)
    retriever = bm25s.BM25(k1=params.k1 * params.tf_scale, b=params.b, method=params.method)
    retriever.index((ids, vocab), create_empty_token=False, show_progress=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    retriever.save(str(out_dir), show_progress=False)
    _write_json(out_dir / TOKEN_COUNTS_FILE, stats.token_counts)
    _write_json(out_dir / STEM_DF_FILE, stats.stem_df)
    meta = {"format": FORMAT_VERSION, "chunks": len(chunks), "params": asdict(params)}
    _write_json(out_dir / META_FILE, meta)  # last: its presence means the folder is complete


def _write_json(path: Path, data: Any) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())


@dataclass(frozen=True)
class LexicalIndexFiles:
    """An opened persisted lexical index: memory-mapped score matrix plus the corpus statistics."""

    path: Path
    params: LexicalParams
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    vocab: Mapping[str, int]
    stats: CorpusStats


def open_lexical_index(path: Path, n_chunks: int, mmap: bool = True) -> LexicalIndexFiles:
    """Open ``path`` (memory-mapped); IndexCorruptError when it is missing, damaged or does not
    belong to an index of ``n_chunks`` chunks."""
    import bm25s

    meta_path = path / META_FILE
    if not meta_path.is_file():
        raise IndexCorruptError(f"det leksikalske indeks {path} mangler eller er ufærdigt")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise IndexCorruptError(f"det leksikalske indeks {path} har et ukendt format ({meta.get('format')})")
        params = LexicalParams(**meta["params"])
        bm = bm25s.BM25.load(str(path), mmap=mmap, show_progress=False)
        data, indices, indptr = bm.scores["data"], bm.scores["indices"], bm.scores["indptr"]
        stats = CorpusStats(
            token_counts=json.loads((path / TOKEN_COUNTS_FILE).read_text(encoding="utf-8")),
            stem_df=json.loads((path / STEM_DF_FILE).read_text(encoding="utf-8")),
            n=int(meta["chunks"]),
        )
    except IndexCorruptError:
        raise
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:  # json/npy errors are ValueErrors
        raise IndexCorruptError(f"det leksikalske indeks {path} kan ikke læses ({type(exc).__name__})") from exc
    n_docs = bm.scores.get("num_docs")
    n_terms = len(indptr) - 1
    if (
        int(meta["chunks"]) != n_chunks
        or n_docs != n_chunks
        or indptr.ndim != 1
        or n_terms < 1
        or len(data) != len(indices)
        or int(indptr[-1]) != len(data)
        or (len(indices) and int(np.max(indices[-min(len(indices), 1024):])) >= max(n_chunks, 1))
        or any(not isinstance(j, int) or not 0 <= j < n_terms for j in list(bm.vocab_dict.values())[:1024])
    ):
        raise IndexCorruptError(
            f"det leksikalske indeks {path} passer ikke til chunks.sqlite ({meta.get('chunks')} mod {n_chunks} uddrag)"
        )
    return LexicalIndexFiles(path, params, data, indices, indptr, bm.vocab_dict, stats)


class PersistedLexicalRetriever(ScoredLexicalBase):
    """BM25 over the persisted bm25s index: same analyser, same filters and tiers as
    ``LexicalRetriever``; the query's term weights (compound parts 0.5) multiply the stored
    per-(term, chunk) scores."""

    name = "bm25"

    def __init__(self, chunks: Sequence[Chunk], files: LexicalIndexFiles) -> None:
        self._init_chunks(chunks)
        if len(self._chunks) != files.stats.n:
            raise IndexCorruptError(
                f"det leksikalske indeks {files.path} har {files.stats.n} uddrag, men indekset har {len(self._chunks)}"
            )
        self.files = files
        self.params = files.params
        self.stats = files.stats
        splitter = CompoundSplitter.from_counts(files.stats.content_counts(), min_part=files.params.min_part)
        self.analyzer = Analyzer(splitter=splitter, part_weight=files.params.part_weight)
        self._vocab = files.vocab
        self._data, self._indices, self._indptr = files.data, files.indices, files.indptr

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab)

    def scores(self, query: str) -> np.ndarray:
        scores = np.zeros(len(self._chunks), dtype=np.float64)
        for term, qw in self.analyzer.query_terms(query).items():
            j = self._vocab.get(term)
            if j is None:
                continue
            a, z = int(self._indptr[j]), int(self._indptr[j + 1])
            scores[self._indices[a:z]] += qw * self._data[a:z]
        return scores
