"""The persisted lexical index (bm25s, memory-mapped): built from our Danish analysis, it ranks
like the in-memory BM25, carries the corpus statistics, and a damaged copy is a clear error."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError, IndexCorruptError
from assistant.evidence import TermStats
from assistant.retrieval.lexical import LexicalRetriever
from assistant.retrieval.persisted import (
    META_FILE,
    LexicalParams,
    PersistedLexicalRetriever,
    build_lexical_index,
    open_lexical_index,
)
from assistant.settings import Settings
from assistant.text import tokenize

from .helpers import make_chunk

pytestmark = pytest.mark.unit

REBUILD_HINT = "Genopbyg det med `metodeguide ingest --rebuild`."

TEXTS = [
    "CTI-medarbejderen har højst 10 borgere ad gangen.",
    "En bostøttemedarbejder i ICM har højst otte borgere.",
    "Bostøtte er social støtte i egen bolig, og en medarbejder hjælper borgeren.",
    "Efter serviceloven § 110 kan borgeren bo på en boform.",
    "ACT er et tværfagligt team med psykiater og sygeplejerske.",
    "Samarbejdsmodellen samler de unges forløb hos én myndighedskoordinator.",
    "Myndighedskoordinatoren har et loft for hvor mange unge hun kan have.",
    "Fjerdedelsreglen: borgeren betaler en fjerdedel af indtægten i husleje.",
    "Bostøtten ophører, når borgeren ikke længere har behov for støtte i boligen.",
    "Et netværksmøde holdes mindst tre gange om året med den unge og netværket.",
    "Housing First betyder egen bolig først og social støtte bagefter.",
    "Kommunen visiterer borgeren til CTI efter serviceloven § 85.",
]
CORPUS = [
    make_chunk(f"c{i:02d}", t, kind="guide" if i % 2 else "news", low_value=(i == 11))
    for i, t in enumerate(TEXTS)
]
QUERIES = [
    "Hvor mange borgere må en CTI-medarbejder have?",
    "Hvad er fjerdedelsreglen?",
    "Hvornår ophører bostøtten?",
    "Hvor tit holdes netværksmøder?",
    "myndighedskoordinator loft unge",
    "§ 110 boform",
    "social støtte i egen bolig",
    "medarbejder",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lex") / "lexical"
    build_lexical_index(CORPUS, out)
    return out


@pytest.fixture(scope="module")
def persisted(folder: Path) -> PersistedLexicalRetriever:
    return PersistedLexicalRetriever(CORPUS, open_lexical_index(folder, len(CORPUS)))


def test_folder_holds_bm25s_files_and_our_metadata(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert {"data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy", "vocab.index.json",
            "params.index.json", "token_counts.json", "stem_df.json", META_FILE} <= names
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    assert meta["chunks"] == len(CORPUS)
    assert meta["params"]["method"] == "lucene"


def test_opened_arrays_are_memory_mapped(folder: Path) -> None:
    files = open_lexical_index(folder, len(CORPUS))
    assert isinstance(files.data, np.memmap)
    assert isinstance(files.indices, np.memmap)


@pytest.mark.parametrize("query", QUERIES)
def test_same_ranking_and_scaled_scores_as_in_memory_bm25(
    persisted: PersistedLexicalRetriever, query: str
) -> None:
    memory = LexicalRetriever(CORPUS)
    want = memory.retrieve(query, k=8)
    got = persisted.retrieve(query, k=8)
    assert [h.chunk.id for h in got] == [h.chunk.id for h in want]
    # lucene stores idf * tf / (tf + k1 * norm): the in-memory score / (k1 + 1), float32.
    assert [h.score for h in got] == pytest.approx([h.score / (memory.k1 + 1) for h in want], rel=2e-3)


def test_filters_and_low_value_tier_work_as_in_memory(persisted: PersistedLexicalRetriever) -> None:
    memory = LexicalRetriever(CORPUS)
    for where in ({"kind": "guide"}, {"kind": "news"}):
        got = [h.chunk.id for h in persisted.retrieve("borgeren serviceloven", k=5, where=where)]
        assert got == [h.chunk.id for h in memory.retrieve("borgeren serviceloven", k=5, where=where)]
    assert persisted.retrieve("CTI serviceloven", k=2)[-1].chunk.id != "c11" or len(
        persisted.retrieve("CTI serviceloven", k=2)) == 1


def test_query_analysis_splits_compounds_against_the_same_vocabulary(
    persisted: PersistedLexicalRetriever,
) -> None:
    assert persisted.analyzer.query_terms("bostøttemedarbejder") == LexicalRetriever(CORPUS).analyzer.query_terms(
        "bostøttemedarbejder"
    )


def test_corpus_statistics_equal_a_fresh_count(persisted: PersistedLexicalRetriever) -> None:
    assert persisted.stats.token_counts == dict(Counter(t for c in CORPUS for t in tokenize(c.text)))
    fresh = TermStats(CORPUS)
    stored = persisted.stats.term_stats()
    assert (dict(stored.df), stored.n) == (dict(fresh.df), fresh.n)


def test_other_bm25_methods_build_and_rank_the_best_chunk_first(tmp_path: Path) -> None:
    for method in ("robertson", "atire", "bm25l", "bm25+"):
        out = tmp_path / method
        build_lexical_index(CORPUS, out, LexicalParams(method=method))
        r = PersistedLexicalRetriever(CORPUS, open_lexical_index(out, len(CORPUS)))
        assert r.retrieve("Hvad er fjerdedelsreglen?", k=1)[0].chunk.id == "c07", method


def _copy(folder: Path, tmp_path: Path) -> Path:
    import shutil

    dest = tmp_path / "lexical"
    shutil.copytree(folder, dest)
    return dest


def _assert_rebuild_error(path: Path, n: int, detail: str) -> None:
    with pytest.raises(IndexCorruptError) as err:
        open_lexical_index(path, n)
    assert str(err.value).startswith(f"Indekset kan ikke læses ({detail}")
    assert str(err.value).endswith(REBUILD_HINT)


def test_missing_folder_or_meta_is_a_rebuild_error(folder: Path, tmp_path: Path) -> None:
    _assert_rebuild_error(tmp_path / "nowhere", len(CORPUS), f"det leksikalske indeks {tmp_path / 'nowhere'} mangler")
    broken = _copy(folder, tmp_path)
    (broken / META_FILE).unlink()
    _assert_rebuild_error(broken, len(CORPUS), f"det leksikalske indeks {broken} mangler eller er ufærdigt")


@pytest.mark.parametrize("name", ["data.csc.index.npy", "indptr.csc.index.npy", "vocab.index.json", "stem_df.json"])
def test_garbage_file_is_a_rebuild_error(folder: Path, tmp_path: Path, name: str) -> None:
    broken = _copy(folder, tmp_path)
    (broken / name).write_bytes(b"ikke et indeks " * 50)
    _assert_rebuild_error(broken, len(CORPUS), f"det leksikalske indeks {broken} ")


def test_truncated_matrix_is_a_rebuild_error(folder: Path, tmp_path: Path) -> None:
    broken = _copy(folder, tmp_path)
    raw = (broken / "data.csc.index.npy").read_bytes()
    (broken / "data.csc.index.npy").write_bytes(raw[: len(raw) // 2])
    _assert_rebuild_error(broken, len(CORPUS), f"det leksikalske indeks {broken} ")


def test_index_of_another_chunk_list_is_a_rebuild_error(folder: Path) -> None:
    _assert_rebuild_error(folder, len(CORPUS) + 1, f"det leksikalske indeks {folder} passer ikke til chunks.sqlite")


def test_lexical_setting_is_validated() -> None:
    assert Settings.load(env={"METODEGUIDE_LEXICAL": "memory"}).lexical_backend == "memory"
    assert Settings.load(env={}).lexical_backend == "bm25s"
    with pytest.raises(ConfigError, match="METODEGUIDE_LEXICAL='lucene' er ukendt"):
        Settings.load(env={"METODEGUIDE_LEXICAL": "lucene"})
