"""CorpusIndex (read side) and the Chroma client factory, persistent and server mode."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.embedding import HashEmbedder, make_embedder
from assistant.errors import IndexCorruptError, IndexMissingError, IngestError, StoreUnavailableError
from assistant.settings import Settings
from assistant.store import CURRENT_FILE, CorpusIndex, make_client, to_chroma_where
from ingest.pipeline import ingest

D001 = "001_a87d09dcf945fd35.txt"
D003 = "003_af012a5f0ae89a04.txt"


def build(settings: Settings) -> None:
    ingest(settings, progress=False, log=lambda line: None)


@pytest.mark.unit
def test_to_chroma_where() -> None:
    assert to_chroma_where(None) is None
    assert to_chroma_where({}) is None
    assert to_chroma_where({"source": D001}) == {"source": D001}
    assert to_chroma_where({"kind": "guide", "year": 2018}) == {"$and": [{"kind": "guide"}, {"year": 2018}]}
    assert to_chroma_where({"kind": {"$in": ["guide", "slides"]}}) == {"kind": {"$in": ["guide", "slides"]}}


@pytest.mark.unit
def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError) as err:
        CorpusIndex.open(Settings(data_dir=tmp_path / "d"))
    assert str(err.value) == (
        f"Der er intet indeks i {tmp_path / 'd'}. Kør indlæsning på siden Korpus eller `metodeguide ingest`."
    )


@pytest.mark.integration
def test_open_search_filters_and_documents(hash_settings: Settings) -> None:
    build(hash_settings)
    index = CorpusIndex.open(hash_settings)
    chunks = index.chunks()
    assert [c.source for c in chunks] == sorted(c.source for c in chunks)  # document order
    assert index.chunk(chunks[3].id) == chunks[3]
    assert len(index.corpus_version) == 12 and index.embedder_name == "hash:stems-v1-256"
    vec = HashEmbedder().embed_query("minimum tre møder om året med fokus på at koordinere mål")
    hits = index.dense_search(vec, k=5)
    assert len(hits) == 5
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= scores[0] <= 1.0
    top, _ = hits[0]
    assert (top.source, top.page) == (D003, 10)
    only_001 = index.dense_search(vec, k=3, where={"source": D001})
    assert {c.source for c, _ in only_001} == {D001}
    guide_2018 = index.dense_search(vec, k=50, where={"kind": "guide", "year": 2018})
    assert {c.source for c, _ in guide_2018} == {D003}
    assert index.dense_search(vec, k=3, where={"kind": "guide", "year": 2014}) == []
    slides_or_news = index.dense_search(vec, k=50, where={"kind": {"$in": ["slides", "news"]}})
    assert {c.kind for c, _ in slides_or_news} == {"slides", "news"}
    doc = index.document(D001)
    assert doc.title == "Udbredelse af Housing First – Beskrivelse af indsatsen"
    assert all(doc.text[c.start : c.end] == c.text for c in chunks if c.source == D001)
    meta = index.documents()[D003]
    assert (meta["kind"], meta["year"], meta["pages"], meta["publisher"]) == (
        "guide",
        2018,
        26,
        "Socialstyrelsen (Rambøll og VIVE)",
    )
    assert meta["chunks"] == sum(1 for c in chunks if c.source == D003)
    with pytest.raises(KeyError):
        index.document("nope.txt")
    assert index.is_current()
    build(hash_settings)  # unchanged: the same generation stays current
    assert index.is_current()
    ingest(hash_settings, rebuild=True, progress=False, log=lambda line: None)
    assert not index.is_current()


@pytest.mark.integration
def test_corrupt_index_names_rebuild(hash_settings: Settings) -> None:
    build(hash_settings)
    current = json.loads((hash_settings.data_dir / CURRENT_FILE).read_text(encoding="utf-8"))
    chunks_file = hash_settings.data_dir / "generations" / current["generation"] / "chunks.sqlite"
    good = chunks_file.read_bytes()

    chunks_file.write_bytes(good[: len(good) // 2])
    with pytest.raises(IndexCorruptError) as err:
        CorpusIndex.open(hash_settings)
    assert "chunks.sqlite kan ikke læses" in str(err.value)
    assert str(err.value).endswith("`metodeguide ingest --rebuild`.")

    chunks_file.write_bytes(good)
    make_client(hash_settings).delete_collection(current["collection"])
    with pytest.raises(IndexCorruptError, match="findes ikke i Chroma"):
        CorpusIndex.open(hash_settings)

    (hash_settings.data_dir / CURRENT_FILE).write_text("[]", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="mangler felter"):
        CorpusIndex.open(hash_settings)

    # --rebuild recovers.
    report = ingest(hash_settings, rebuild=True, progress=False, log=lambda line: None)
    assert report.documents == 5 and report.embedded == 0
    assert len(CorpusIndex.open(hash_settings).chunks()) == report.chunks


@pytest.mark.integration
def test_deleted_chroma_dir_is_reported_and_rebuilt(hash_settings: Settings) -> None:
    build(hash_settings)
    shutil.rmtree(hash_settings.data_dir / "chroma")
    with pytest.raises(IndexCorruptError, match="Chroma-mappen .* mangler"):
        CorpusIndex.open(hash_settings)


@pytest.mark.integration
def test_damaged_chroma_folder_is_reported_and_rebuild_recovers(hash_settings: Settings) -> None:
    build(hash_settings)
    (hash_settings.data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"dette er ikke en database" * 100)
    with pytest.raises(IndexCorruptError) as err:
        CorpusIndex.open(hash_settings)
    assert str(err.value).startswith("Indekset kan ikke læses (Chroma kan ikke åbnes: ")
    assert str(err.value).endswith("Genopbyg det med `metodeguide ingest --rebuild`.")
    with pytest.raises(IngestError, match="Genopbyg det med `metodeguide ingest --rebuild`.$"):
        ingest(hash_settings, progress=False, log=lambda line: None)
    lines: list[str] = []
    report = ingest(hash_settings, rebuild=True, progress=False, log=lines.append)
    assert lines[0].startswith("Chroma-mappen kunne ikke åbnes og er flyttet til chroma.broken-")
    assert (report.documents, report.embedded) == (5, 0)
    assert len(CorpusIndex.open(hash_settings).chunks()) == report.chunks


@pytest.mark.unit
def test_unreachable_server(tmp_path: Path) -> None:
    port = _free_port()
    s = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=port)
    with pytest.raises(StoreUnavailableError) as err:
        make_client(s)
    assert str(err.value).startswith(f"Chroma-serveren på 127.0.0.1:{port} svarer ikke")
    assert str(err.value).endswith("Start serveren, eller fjern CHROMA_HOST for at bruge det lokale indeks.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A real `chroma run` on a free localhost port, stopped after the test."""
    chroma = Path(sys.executable).parent / "chroma"
    port = _free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, (tmp_path / "chroma.log").read_text()
            time.sleep(0.2)
        else:
            raise AssertionError("chroma run did not start in 30 s")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.integration
def test_server_mode_ingest_and_search(hash_settings: Settings, chroma_server: int) -> None:
    s = hash_settings.with_(chroma_host="127.0.0.1", chroma_port=chroma_server)
    client = make_client(s)
    assert client.get_settings().chroma_api_impl == "chromadb.api.fastapi.FastAPI"
    assert not (s.data_dir / "chroma").exists()
    report = ingest(s, progress=False, log=lambda line: None)
    assert report.documents == 5
    assert not (s.data_dir / "chroma").exists()  # nothing persisted locally by Chroma
    index = CorpusIndex.open(s)
    vec = make_embedder(s).embed_query("tre faser á tre måneders varighed CTI-medarbejderen")
    hits = index.dense_search(vec, k=3, where={"source": D001})
    assert hits and hits[0][0].source == D001 and hits[0][0].page == 10
    # Re-ingest through the server: unchanged, nothing embedded; the replaced collection is kept
    # (for app processes that have not switched yet) until the next run, older ones are not.
    again = ingest(s, rebuild=True, progress=False, log=lambda line: None)
    assert again.embedded == 0
    names = sorted(c.name for c in make_client(s).list_collections())
    assert names == sorted([f"mg_{report.generation}", f"mg_{again.generation}"])
    third = ingest(s, rebuild=True, progress=False, log=lambda line: None)
    names = sorted(c.name for c in make_client(s).list_collections())
    assert names == sorted([f"mg_{again.generation}", f"mg_{third.generation}"])
