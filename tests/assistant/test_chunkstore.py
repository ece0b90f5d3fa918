"""ChunkStore: the generation's chunks in SQLite, read on demand, identical to what was written."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.chunkstore import CHUNKS_DB, ChunkStore, write_chunk_store
from assistant.errors import IndexCorruptError
from assistant.retrieval import LexicalRetriever
from assistant.sentence_index import SentenceIndex
from assistant.types import Chunk

pytestmark = pytest.mark.unit


def _chunks() -> list[Chunk]:
    out = []
    for i in range(60):
        src = f"doc{i // 20}.txt"
        out.append(Chunk(
            id=f"id{i:03d}", source=src, title=f"Titel {src}", page=None if i % 7 == 0 else i // 3,
            section=None if i % 5 else f"Afsnit {i}", start=100 * i, end=100 * i + 50,
            text=f"Borgeren nr. {i} får bostøtte. Kontaktpersonen mødes med borgeren {i % 4 + 1} gange.",
            kind="guide" if i < 20 else "document", year=None if i % 2 else 2018, low_value=i % 11 == 0,
            ocr=i % 13 == 0,
        ))
    return out


@pytest.fixture
def store(tmp_path: Path) -> ChunkStore:
    write_chunk_store(_chunks(), tmp_path / CHUNKS_DB)
    return ChunkStore.open(tmp_path / CHUNKS_DB, expected=60)


def test_round_trip_by_position_id_and_document(store: ChunkStore) -> None:
    chunks = _chunks()
    assert len(store) == 60 and list(store) == chunks  # every field, None kept as None
    assert store[7] == chunks[7] and store[-1] == chunks[-1] and list(store[5:8]) == chunks[5:8]
    assert store.at([9, 2, 9]) == [chunks[9], chunks[2], chunks[9]]
    assert store.get("id042") == chunks[42] and store.get("nope") is None
    assert store.many(["id003", "nope", "id001"]) == {"id003": chunks[3], "id001": chunks[1]}
    assert store.of_source("doc1.txt") == chunks[20:40] and store.of_source("doc1.txt") == chunks[20:40]
    assert store.of_source("ukendt.txt") == []
    assert store.first_of_each_source() == {"doc0.txt": chunks[0], "doc1.txt": chunks[20], "doc2.txt": chunks[40]}
    assert store.ids() == [c.id for c in chunks] and store.position("id010") == 10
    assert store.low_value_flags().tolist() == [c.low_value for c in chunks]
    assert [c.text for c in store.without_text()] == [""] * 60
    with pytest.raises(IndexError):
        store[60]


def test_concurrent_readers_get_the_same_chunks(store: ChunkStore) -> None:
    chunks, errors = _chunks(), []

    def read(offset: int) -> None:
        for i in range(300):
            pos = (i * 7 + offset) % 60
            if store[pos] != chunks[pos] or store.of_source(chunks[pos].source)[0].source != chunks[pos].source:
                errors.append(pos)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_missing_damaged_or_wrong_size_store_names_rebuild(tmp_path: Path) -> None:
    path = tmp_path / CHUNKS_DB
    with pytest.raises(IndexCorruptError, match="mangler"):
        ChunkStore.open(path)
    write_chunk_store(_chunks(), path)
    with pytest.raises(IndexCorruptError, match="har 60 uddrag, men skulle have 61"):
        ChunkStore.open(path, expected=61)
    path.write_bytes(b"ikke en database " * 500)
    with pytest.raises(IndexCorruptError) as err:
        ChunkStore.open(path)
    assert str(err.value).endswith("Genopbyg det med `metodeguide ingest --rebuild`.")
    assert not path.with_name(CHUNKS_DB + ".tmp").exists()


def test_retrieval_and_sentences_over_the_store_equal_over_a_list(store: ChunkStore) -> None:
    chunks = _chunks()
    on_disk, in_memory = LexicalRetriever(store), LexicalRetriever(chunks)
    for query, where in (("bostøtte kontaktperson", None), ("borgeren 3 gange", {"kind": "guide"}),
                         ("borgeren", {"year": 2018, "source": {"$in": ["doc1.txt", "doc2.txt"]}})):
        assert on_disk.retrieve(query, k=8, where=where) == in_memory.retrieve(query, k=8, where=where)
    spans = [(i, 0, 30) for i in range(60)] + [(i, 31, 60) for i in range(0, 60, 3)]
    vectors = np.random.default_rng(1).normal(size=(len(spans), 8)).astype(np.float16)
    a, b = SentenceIndex(store, spans, vectors), SentenceIndex(chunks, spans, vectors)
    sim = a.similarities(vectors[5].astype(np.float32))
    assert sim is not None
    assert a.chunk_scores(sim) == b.chunk_scores(sim)
    assert [a.row("id009", 31), a.row("id009", 0), a.row("id010", 31), a.row("nope", 0)] == [63, 9, None, None]
    assert a.row("id009", 31) == b.row("id009", 31) and a.text(63) == b.text(63) == chunks[9].text[31:60]
    assert a.chunk_of(63) == chunks[9]
