"""The sentence index at scale: ANN candidates scored exactly, background from stored moments.

Small generations keep the exact product (every row's similarity); a generation whose ingest
wrote ``sentences.faiss`` answers from the ANN index instead. These tests build the ANN files
for a small synthetic generation (``ann_min_sentences=0``) and hold the approximate kind to
the exact one: same background mean and deviation, same best rows on clustered vectors, same
per-chunk scores for the chunks asked about.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.sentence_index import SentenceIndex
from assistant.types import Chunk
from ingest.sentences import ANN_INDEX, SENTENCES_JSON, SENTENCES_NPY, SPANS_NPY, STATS_NPZ, read_sentences, write_sentences

pytestmark = pytest.mark.unit

DIM = 32
CLUSTERS = 40
PER_CLUSTER = 60  # 2,400 sentences, 6 per chunk, 400 chunks


def _generation(tmp_path: Path, *, ann: bool = True) -> tuple[SimpleNamespace, np.ndarray]:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(CLUSTERS, DIM))
    labels = np.repeat(np.arange(CLUSTERS), PER_CLUSTER)
    vectors = centres[labels] + 0.15 * rng.normal(size=(len(labels), DIM))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    chunks = [
        Chunk(id=f"c{i:03d}", source="d.txt", title="D", page=1, section=None, start=100 * i, end=100 * i + 60,
              text="Sætning nummer et. " * 6)
        for i in range(len(labels) // 6)
    ]
    spans = [(i // 6, 19 * (i % 6), 19 * (i % 6) + 18) for i in range(len(labels))]
    write_sentences(tmp_path, "test", spans, vectors, ann_min_sentences=0 if ann else 10**9)
    return SimpleNamespace(chunks=lambda: chunks, generation_dir=tmp_path), vectors


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SimpleNamespace, np.ndarray]:
    """One generation with the ANN index, built once for the module (training takes seconds);
    a test that changes its files works on a copy (``_copy``)."""
    return _generation(tmp_path_factory.mktemp("ann"))


def _copy(built: tuple[SimpleNamespace, np.ndarray], to: Path) -> SimpleNamespace:
    index, _ = built
    shutil.copytree(index.generation_dir, to, dirs_exist_ok=True)
    return SimpleNamespace(chunks=index.chunks, generation_dir=to)


def _query(vectors: np.ndarray, row: int) -> np.ndarray:
    q = vectors[row] + 0.05 * np.random.default_rng(row).normal(size=DIM)
    return (q / np.linalg.norm(q)).astype(np.float32)


def test_ingest_writes_spans_moments_and_the_ann_index(built) -> None:
    index, vectors = built
    tmp_path = index.generation_dir
    for name in (SENTENCES_NPY, SPANS_NPY, STATS_NPZ, ANN_INDEX, SENTENCES_JSON):
        assert (tmp_path / name).is_file(), name
    assert json.loads((tmp_path / SENTENCES_JSON).read_text()) == {"embedder": "test", "count": 2400, "spans_file": SPANS_NPY}
    found = read_sentences(tmp_path)
    assert found is not None
    spans, stored, _ = found
    assert spans.shape == (2400, 3) and spans[7].tolist() == [1, 19, 37]
    assert stored.dtype == np.float16 and stored.shape == vectors.shape


def test_small_generation_has_no_ann_index(tmp_path: Path) -> None:
    _generation(tmp_path, ann=False)
    assert not (tmp_path / ANN_INDEX).exists() and not (tmp_path / STATS_NPZ).exists()
    assert SentenceIndex.for_index(SimpleNamespace(chunks=lambda: [], generation_dir=tmp_path)).ann is None


def test_generation_written_before_the_spans_file_still_reads(tmp_path: Path) -> None:
    _generation(tmp_path, ann=False)
    spans = np.load(tmp_path / SPANS_NPY)
    (tmp_path / SPANS_NPY).unlink()
    (tmp_path / SENTENCES_JSON).write_text(json.dumps({"embedder": "test", "spans": spans.tolist()}))
    found = read_sentences(tmp_path)
    assert found is not None and np.array_equal(found[0], spans)


@pytest.mark.parametrize("row", [0, 61, 1234, 2399])
def test_ann_kind_agrees_with_the_exact_product(built, row: int) -> None:
    index, vectors = built
    approx = SentenceIndex.for_index(index)
    assert approx.ann is not None
    exact = SentenceIndex(index.chunks(), approx.spans, np.load(index.generation_dir / SENTENCES_NPY))
    q = _query(vectors, row)
    a, e = approx.similarities(q), exact.similarities(q)
    assert a is not None and e is not None and a.sims is None and e.sims is not None
    # Background mean and deviation of all 2,400 similarities, from the moments alone.
    assert a.background_mean == pytest.approx(e.background_mean, abs=1e-5)
    assert a.background_std == pytest.approx(e.background_std, abs=1e-5)
    # Clustered vectors: the ANN finds the exact best rows, scored exactly.
    assert [r for r, _ in approx.top(a, 8)] == [r for r, _ in exact.top(e, 8)]
    assert a.best() == pytest.approx(e.best(), abs=1e-6)
    assert a.largest(10) == pytest.approx(e.largest(10), abs=1e-6)
    rows = np.array([5, row, 2000, 17])
    assert a.at_rows(rows) == pytest.approx(e.at_rows(rows), abs=1e-6)
    asked = ["c000", f"c{row // 6:03d}", "c399", "nope"]
    assert approx.chunk_scores(a, asked) == pytest.approx(exact.chunk_scores(e, asked), abs=1e-4)
    assert f"c{row // 6:03d}" in approx.chunk_scores(a, asked)


def test_the_same_question_is_multiplied_once(built) -> None:
    index, vectors = built
    idx = SentenceIndex.for_index(index)
    q = _query(vectors, 3)
    assert idx.similarities(q) is idx.similarities(q.copy())


def test_damaged_ann_index_falls_back_to_the_exact_product_with_a_warning(
    built, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index, vectors = _copy(built, tmp_path), built[1]
    (tmp_path / ANN_INDEX).write_bytes(b"not a faiss index")
    with caplog.at_level(logging.WARNING, logger="metodeguide.sentences"):
        idx = SentenceIndex.for_index(index)
    assert idx.ann is None and len(idx) == 2400
    assert "Sætningernes søgeindeks kan ikke læses" in caplog.text
    assert "metodeguide ingest --rebuild" in caplog.text
    sim = idx.similarities(_query(vectors, 61))
    assert sim is not None and sim.sims is not None and sim.top(1)[0][0] // PER_CLUSTER == 1
