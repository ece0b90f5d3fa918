"""Sentence vectors for evidence scoring: every sentence of every chunk, embedded at ingest.

The answer path scores single sentences, not chunks, so it needs a vector per sentence. They
are embedded once here (cached by content hash, like chunks), stored in the index generation
beside ``chunks.sqlite``, and memory-mapped at load:

    generations/<gen>/sentences.npy        float16 [n_sentences, dim], unit length
    generations/<gen>/sentence_spans.npy   int64 [n_sentences, 3]: chunk index, start, end
    generations/<gen>/sentences.json       {"embedder": name, "count": n_sentences}
    generations/<gen>/sentence_stats.npz   mean [dim] and second moment [dim, dim] of the vectors  } when n_sentences
    generations/<gen>/sentences.faiss      IVF-PQ index (faiss)                                     } > ANN_MIN_SENTENCES

``chunks[i].text[start:end]`` is the sentence (the same split ``assistant.evidence`` uses).
(Generations written before stop 26 keep their spans in ``sentences.json`` as
``"spans": [[chunk index, start, end], ...]``; they are still read.)

**At scale** the answer path cannot multiply the question with every sentence vector: at
100,000 chunks that is about 900,000 × 384 half floats (690 MB) per question. So a large
generation also gets

- the vectors' mean and second moment, from which the mean and standard deviation of the
  question's similarity to *all* sentences follow exactly (mean = q·μ, E[s²] = qᵀMq), without
  the product; and
- an approximate nearest-neighbour index (faiss ``IVF…,PQ…``, inner product), whose best
  candidates are then scored exactly against the stored vectors.

Below ``ANN_MIN_SENTENCES`` the product is cheap and exact, and that path is unchanged.

The shipped corpus's vectors come with the repository (``corpus/embeddings_seed.npz``, written
by ``python -m ingest.seed``), so a fresh clone does not spend a minute embedding them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.sentence_index import ANN_MIN_SENTENCES
from assistant.types import Chunk

SENTENCES_NPY = "sentences.npy"
SENTENCES_JSON = "sentences.json"
SPANS_NPY = "sentence_spans.npy"
STATS_NPZ = "sentence_stats.npz"
ANN_INDEX = "sentences.faiss"
# Coarse cells ≈ 4·√n (faiss's rule of thumb); a product quantizer of 8 dimensions per byte.
ANN_DIMS_PER_CODE = 8
# Rows of the training sample per coarse cell (faiss warns below 39).
ANN_TRAIN_PER_CELL = 40
# Sentences shorter than this (headings, stray numbers) are not embedded: they never answer.
MIN_SENTENCE_CHARS = 12


def sentence_spans(chunks: Sequence[Chunk]) -> list[tuple[int, int, int]]:
    """``(chunk index, start, end)`` of every sentence worth embedding, in chunk order."""
    from assistant.evidence import split_sentences

    out: list[tuple[int, int, int]] = []
    for i, chunk in enumerate(chunks):
        for s, e in split_sentences(chunk.text):
            if e - s >= MIN_SENTENCE_CHARS:
                out.append((i, s, e))
    return out


def write_sentences(
    gen_dir: Path,
    embedder_name: str,
    spans: Sequence[tuple[int, int, int]],
    vectors: np.ndarray,
    *,
    ann_min_sentences: int = ANN_MIN_SENTENCES,
) -> None:
    """Write the sentence files into ``gen_dir`` (vectors as float16; see the module docstring).

    ``spans``: ``n`` triples (chunk index, start, end); ``vectors``: ``[n, dim]`` unit vectors.
    The ANN index is built when there are more than ``ann_min_sentences`` sentences.
    Raises ``ValueError`` when the counts differ. The JSON file is written last: a generation
    whose ``sentences.json`` exists has all its other sentence files."""
    if vectors.shape[0] != len(spans):
        raise ValueError(f"{vectors.shape[0]} sætningsvektorer, men {len(spans)} sætninger")
    half = np.array(vectors, dtype=np.float16)  # a copy: ``vectors`` may map the file replaced below
    with _moved_into_place(gen_dir / SENTENCES_NPY) as tmp, tmp.open("wb") as fh:
        np.save(fh, half)
    with _moved_into_place(gen_dir / SPANS_NPY) as tmp, tmp.open("wb") as fh:
        np.save(fh, np.asarray(spans, dtype=np.int64).reshape(-1, 3))
    if len(half) > ann_min_sentences:
        mean, second = moments(half)
        with _moved_into_place(gen_dir / STATS_NPZ) as tmp, tmp.open("wb") as fh:
            np.savez(fh, mean=mean, second=second)
        write_ann(gen_dir / ANN_INDEX, half)
    else:
        (gen_dir / STATS_NPZ).unlink(missing_ok=True)
        (gen_dir / ANN_INDEX).unlink(missing_ok=True)
    (gen_dir / SENTENCES_JSON).write_text(
        json.dumps({"embedder": embedder_name, "count": len(half), "spans_file": SPANS_NPY}), encoding="utf-8"
    )


@contextmanager
def _moved_into_place(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved onto it when the block ends without an error (a
    reader never sees half a file)."""
    tmp = path.with_name(path.name + ".tmp")
    yield tmp
    tmp.replace(path)


_BLOCK_ROWS = 65_536


def moments(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``[dim]`` and second moment ``[dim, dim]`` (float64) of ``vectors`` ``[n, dim]``,
    a block of rows at a time (float32 BLAS inside a block)."""
    n, dim = vectors.shape
    total = np.zeros(dim, dtype=np.float64)
    second = np.zeros((dim, dim), dtype=np.float64)
    for start in range(0, n, _BLOCK_ROWS):
        block = np.asarray(vectors[start : start + _BLOCK_ROWS], dtype=np.float32)
        total += block.sum(axis=0, dtype=np.float64)
        second += (block.T @ block).astype(np.float64)
    return total / max(n, 1), second / max(n, 1)


def ann_layout(n: int, dim: int) -> tuple[int, int]:
    """``(coarse cells, PQ sub-quantizers)`` of the ANN index for ``n`` vectors of ``dim``."""
    cells = int(min(max(16, 4 * np.sqrt(n)), max(16, n // ANN_TRAIN_PER_CELL)))
    m = max(1, dim // ANN_DIMS_PER_CODE)
    while dim % m:
        m -= 1
    return cells, m


def write_ann(path: Path, vectors: np.ndarray, *, seed: int = 0) -> None:
    """Build the IVF-PQ inner-product index over ``vectors`` (``[n, dim]``) and write it to ``path``.

    Trained on a fixed-seed sample of ``ANN_TRAIN_PER_CELL`` rows per cell, so the same vectors
    give the same index. Row ``i`` of ``vectors`` is id ``i``."""
    import faiss

    n, dim = vectors.shape
    cells, m = ann_layout(n, dim)
    index = faiss.index_factory(dim, f"IVF{cells},PQ{m}", faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=min(n, cells * ANN_TRAIN_PER_CELL), replace=False))
    index.train(np.asarray(vectors[sample], dtype=np.float32))
    for start in range(0, n, _BLOCK_ROWS):
        index.add(np.asarray(vectors[start : start + _BLOCK_ROWS], dtype=np.float32))
    with _moved_into_place(path) as tmp:
        faiss.write_index(index, str(tmp))


def read_sentences(gen_dir: Path) -> tuple[np.ndarray, np.ndarray, dict[str, Any]] | None:
    """``(spans, vectors, meta)`` of a generation, or None when it has no sentence files;
    ``spans`` is an ``(n, 3)`` integer array of (chunk index, start, end), ``vectors`` memory-mapped.

    Raises ``ValueError`` when the files exist but do not fit together.
    """
    npy, meta_path = gen_dir / SENTENCES_NPY, gen_dir / SENTENCES_JSON
    if not npy.is_file() or not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if "spans" in meta:  # written before stop 26
        spans = np.asarray(meta["spans"], dtype=np.int64).reshape(-1, 3)
    else:
        spans = np.load(gen_dir / meta.get("spans_file", SPANS_NPY), allow_pickle=False)
        if spans.ndim != 2 or spans.shape[1] != 3:
            raise ValueError(f"{gen_dir / SPANS_NPY} har formen {spans.shape}, ikke (n, 3)")
    vectors = np.load(npy, mmap_mode="r")
    if vectors.ndim != 2 or vectors.shape[0] != len(spans):
        raise ValueError(f"{npy} har {vectors.shape[0]} vektorer, men {meta_path.name} har {len(spans)} sætninger")
    return spans, vectors, meta


def read_sentence_stats(gen_dir: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """``(mean [dim], second moment [dim, dim])`` of the generation's sentence vectors, or None
    when the file is absent (an older generation). Raises ``ValueError``/``OSError``/``KeyError``
    when it is damaged."""
    path = gen_dir / STATS_NPZ
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        return np.asarray(data["mean"], dtype=np.float64), np.asarray(data["second"], dtype=np.float64)


def read_ann(gen_dir: Path) -> Any | None:
    """The generation's faiss index over the sentence vectors (memory-mapped), or None when it
    has none. Raises ``RuntimeError`` (faiss) or ``OSError`` when the file is damaged."""
    path = gen_dir / ANN_INDEX
    if not path.is_file():
        return None
    import faiss

    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
