"""Sentence vectors for evidence scoring: every sentence of every chunk, embedded at ingest.

The answer path scores single sentences, not chunks, so it needs a vector per sentence. They
are embedded once here (cached by content hash, like chunks), stored in the index generation
beside ``chunks.sqlite``, and memory-mapped at load:

    generations/<gen>/sentences.npy    float16 [n_sentences, dim], unit length
    generations/<gen>/sentences.json   {"embedder": name, "spans": [[chunk index, start, end], ...]}

``chunks[i].text[start:end]`` is the sentence (the same split ``assistant.evidence`` uses).

The shipped corpus's vectors come with the repository (``corpus/embeddings_seed.npz``, written
by ``python -m ingest.seed``), so a fresh clone does not spend a minute embedding them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.types import Chunk

SENTENCES_NPY = "sentences.npy"
SENTENCES_JSON = "sentences.json"
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


def write_sentences(gen_dir: Path, embedder_name: str, spans: Sequence[tuple[int, int, int]], vectors: np.ndarray) -> None:
    """Write the two sentence files into ``gen_dir`` (vectors as float16)."""
    if vectors.shape[0] != len(spans):
        raise ValueError(f"{vectors.shape[0]} sætningsvektorer, men {len(spans)} sætninger")
    with (gen_dir / SENTENCES_NPY).open("wb") as fh:
        np.save(fh, np.asarray(vectors, dtype=np.float16))
    (gen_dir / SENTENCES_JSON).write_text(
        json.dumps({"embedder": embedder_name, "spans": [list(s) for s in spans]}), encoding="utf-8"
    )


def read_sentences(gen_dir: Path) -> tuple[np.ndarray, np.ndarray, dict[str, Any]] | None:
    """``(spans, vectors, meta)`` of a generation, or None when it has no sentence files;
    ``spans`` is an ``(n, 3)`` integer array of (chunk index, start, end), ``vectors`` memory-mapped.

    Raises ``ValueError`` when the files exist but do not fit together.
    """
    npy, meta_path = gen_dir / SENTENCES_NPY, gen_dir / SENTENCES_JSON
    if not npy.is_file() or not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    spans = np.asarray(meta["spans"], dtype=np.int64).reshape(-1, 3)
    vectors = np.load(npy, mmap_mode="r")
    if vectors.ndim != 2 or vectors.shape[0] != len(spans):
        raise ValueError(f"{npy} har {vectors.shape[0]} vektorer, men {meta_path.name} har {len(spans)} sætninger")
    return spans, vectors, meta
