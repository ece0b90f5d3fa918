"""Index build: discover -> load -> clean -> chunk -> embed (cached) -> new generation -> switch.

``ingest(settings)`` makes the index mirror the corpus folder (``METODEGUIDE_CORPUS_DIR``):
new files are added, changed files re-chunked (only new chunk texts are embedded), deleted
files leave the index. ``ingest(settings, paths=[...])`` indexes exactly the given files and
folders instead (add the corpus folder to the list to keep it); ``index_status`` compares the
index with the corpus folder, so ``make run`` will re-ingest the folder after such a run.

Atomic: the new generation (``generations/<gen>/`` and Chroma collection ``mg_<gen>``) is built
beside the live one, then ``CURRENT.json`` is replaced with ``os.replace``. The generation it
replaced is kept until the next run starts, so app processes still answering from it (they look
for a new generation every few seconds, ``assistant.live``) are not cut off; every older one is
deleted. A crash at any point leaves the previous index answering; leftovers of a half-built
generation are removed by the next run. Bad input never stops the run: each bad file
gets one line ``SPRUNGET OVER: <file>: <reason>`` and is listed in the report. Nothing is lost
silently either: what a loader repaired or could not read in a document it kept (a page without
text, a mixed encoding, an overridden charset) gets one line ``ADVARSEL: <file>: <what>`` and is
listed in the report's ``warnings``.

    >>> from assistant.settings import Settings
    >>> report = ingest(Settings.load())        # doctest: +SKIP
    >>> print(report.summary())                 # doctest: +SKIP
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.chunkstore import CHUNKS_DB, write_chunk_store
from assistant.embedding import Embedder, make_embedder
from assistant.errors import ConfigError, EmbedderError, IndexCorruptError, IngestError, LoaderError
from assistant.retrieval.persisted import LEXICAL_DIR, META_FILE, build_lexical_index
from assistant.settings import Settings
from assistant.store import (
    CHROMA_DIR,
    CURRENT_FILE,
    EMBEDDINGS_DB,
    GENERATIONS_DIR,
    collection_name,
    doc_filename,
    document_to_dict,
    make_client,
    read_current,
)
from assistant.types import Chunk, SourceDocument
from ingest.cache import EmbeddingCache, text_hash
from ingest.chunker import chunk_document
from ingest.loaders import RawDocument, load_document, source_name
from ingest.manifest import Manifest, corpus_version, discover, file_hash, load_manifest, version_of
from ingest.seed import seed_cache
from ingest.sentences import SENTENCES_NPY, sentence_spans, write_sentences
from ingest.structure import Vocabulary, build_document

# Bump when cleaning or chunking changes, so existing indexes count as stale and get rebuilt.
# 2: sentences over a page break stay whole; 3: PDF page furniture; 4: TOC; 5: sentence vectors;
# 6: NFKC folding, mixed encodings repaired segment by segment, HTML main text (trafilatura), skip links and
# breadcrumbs are clutter; 7: scanned PDF pages read with OCR (chunks and documents say which pages);
# 8: persisted lexical index (generations/<gen>/lexical); 9: chunk store chunks.sqlite instead of chunks.jsonl;
# 10: section reach (boxes, figure captions), SectionSpan.end
PIPELINE_VERSION = "10"
EMBED_BATCH = 16
SKIP_PREFIX = "SPRUNGET OVER"
WARN_PREFIX = "ADVARSEL"

Log = Callable[[str], None]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did. ``to_dict()`` is the JSON shape of ``metodeguide ingest --json``."""

    documents: int
    pages: int
    chunks: int
    embedded: int
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    seconds: float
    corpus_version: str
    generation: str = ""
    rebuilt: bool = True  # False when nothing had changed and the live generation was kept
    chunks_per_document: dict[str, int] = field(default_factory=dict, compare=False)
    # Sentence vectors newly embedded (``embedded`` counts chunks only).
    embedded_sentences: int = 0
    # (file, Danish note) for what was repaired or could not be read in a document that was kept.
    warnings: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "pages": self.pages,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": list(self.unchanged),
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "seconds": round(self.seconds, 3),
            "corpus_version": self.corpus_version,
            "generation": self.generation,
            "rebuilt": self.rebuilt,
            "chunks_per_document": dict(self.chunks_per_document),
            "embedded_sentences": self.embedded_sentences,
            "warnings": [{"file": f, "warning": w} for f, w in self.warnings],
        }

    def summary(self) -> str:
        """A one-screen Danish summary."""

        def names(xs: Sequence[str]) -> str:
            if not xs:
                return "ingen"
            shown = ", ".join(xs[:8])
            return shown if len(xs) <= 8 else f"{shown} … og {len(xs) - 8} flere"

        secs = f"{self.seconds:.1f}".replace(".", ",")
        lines = [
            f"Indlæsning færdig på {secs} s. Korpusversion {self.corpus_version}"
            + ("" if self.rebuilt else " (uændret; indekset er genbrugt)")
            + ".",
            f"Dokumenter: {self.documents}  Sider: {self.pages}  Uddrag: {self.chunks}  "
            f"Nye indlejringer: {self.embedded}"
            + (f" (og {self.embedded_sentences} sætninger)" if self.embedded_sentences else ""),
            f"Tilføjet: {names(self.added)}",
            f"Ændret: {names(self.changed)}",
            f"Fjernet: {names(self.removed)}",
            f"Uændret: {len(self.unchanged)} dokument" + ("" if len(self.unchanged) == 1 else "er"),
        ]
        if self.skipped:
            lines.append(f"Sprunget over: {len(self.skipped)} fil" + ("" if len(self.skipped) == 1 else "er"))
            lines.extend(f"  - {f}: {r}" for f, r in self.skipped[:20])
            if len(self.skipped) > 20:
                lines.append(f"  … og {len(self.skipped) - 20} flere")
        else:
            lines.append("Sprunget over: ingen")
        if self.warnings:
            files = len({f for f, _ in self.warnings})
            lines.append(f"Advarsler: {len(self.warnings)} i {files} dokument" + ("" if files == 1 else "er"))
            lines.extend(f"  - {f}: {w}" for f, w in self.warnings[:30])
            if len(self.warnings) > 30:
                lines.append(f"  … og {len(self.warnings) - 30} flere")
        return "\n".join(lines)


# ---------------------------------------------------------------- helpers


@contextmanager
def _lock(data_dir: Path) -> Iterator[None]:
    import fcntl

    data_dir.mkdir(parents=True, exist_ok=True)
    fh = (data_dir / "ingest.lock").open("a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestError(
                f"En anden indlæsning kører allerede i {data_dir}. Vent til den er færdig, og prøv igen."
            ) from exc
        yield
    finally:
        fh.close()


def _new_generation() -> str:
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


def _fsync_write(path: Path, data: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _write_current(data_dir: Path, current: dict[str, Any]) -> None:
    tmp = data_dir / f"{CURRENT_FILE}.tmp"
    _fsync_write(tmp, json.dumps(current, ensure_ascii=False, indent=1))
    os.replace(tmp, data_dir / CURRENT_FILE)
    try:
        dfd = os.open(data_dir, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def _chroma_errors() -> tuple[type[Exception], ...]:
    from chromadb.errors import ChromaError

    return (ChromaError, ValueError, RuntimeError, KeyError)


def _drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except _chroma_errors():
        pass


def _cleanup(settings: Settings, client: Any, keep: Collection[str]) -> None:
    """Remove every generation (directory and collection) not in ``keep``: old ones after a
    switch, half-built ones after a crash."""
    gens = settings.data_dir / GENERATIONS_DIR
    if gens.is_dir():
        for d in gens.iterdir():
            if d.name not in keep:
                _drop_collection(client, collection_name(d.name))
                shutil.rmtree(d, ignore_errors=True)
    tmp = settings.data_dir / f"{CURRENT_FILE}.tmp"
    if tmp.exists():
        tmp.unlink(missing_ok=True)


def _open_client(settings: Settings, rebuild: bool, log: Log) -> Any:
    from chromadb.errors import ChromaError

    try:
        return make_client(settings)
    except (ChromaError, RuntimeError, ValueError, AttributeError, OSError) as exc:
        if settings.chroma_host or not rebuild:
            raise IngestError(
                f"Chroma-indekset i {settings.data_dir / CHROMA_DIR} kan ikke åbnes ({exc}). "
                "Genopbyg det med `metodeguide ingest --rebuild`."
            ) from exc
        aside = settings.data_dir / f"{CHROMA_DIR}.broken-{int(time.time())}"
        (settings.data_dir / CHROMA_DIR).rename(aside)
        (settings.data_dir / CURRENT_FILE).unlink(missing_ok=True)
        log(f"Chroma-mappen kunne ikke åbnes og er flyttet til {aside.name}; indekset bygges forfra.")
        return make_client(settings)


def _collection_count(client: Any, name: str) -> int | None:
    try:
        return int(client.get_collection(name, embedding_function=None).count())
    except _chroma_errors():
        return None


def _embed(
    texts: Sequence[str],
    embedder: Embedder,
    cache: EmbeddingCache,
    progress: bool,
    on_progress: Progress | None,
    what: str = "uddrag",
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (cache first); returns (matrix, number newly embedded).

    ``what`` names the texts in the progress bar ("uddrag", "sætninger").
    """
    hashes = [text_hash(t) for t in texts]
    have = cache.get_many(embedder.name, hashes)
    todo: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in have and h not in todo:
            todo[h] = t
    if todo:
        from tqdm import tqdm

        items = list(todo.items())
        with tqdm(total=len(items), desc=f"Indlejrer {what}", unit=what, disable=not progress) as bar:
            for i in range(0, len(items), EMBED_BATCH):
                batch = items[i : i + EMBED_BATCH]
                vecs = embedder.embed_passages([t for _, t in batch])
                if vecs.shape[0] != len(batch):
                    raise EmbedderError(
                        f"Embeddingmodellen {embedder.name} gav {vecs.shape[0]} vektorer "
                        f"for {len(batch)} tekster."
                    )
                fresh = {h: vecs[j] for j, (h, _) in enumerate(batch)}
                cache.put_many(embedder.name, fresh)
                have.update(fresh)
                bar.update(len(batch))
                if on_progress is not None:
                    on_progress(f"indlejrer {what}", min(i + EMBED_BATCH, len(items)), len(items))
    if not texts:
        return np.zeros((0, 1), dtype=np.float32), 0
    dims = {have[h].shape[0] for h in hashes}
    if len(dims) != 1:
        raise EmbedderError(
            f"Embeddingcachen for {embedder.name} har vektorer af forskellig længde; slet {cache.path}."
        )
    return np.vstack([have[h] for h in hashes]).astype(np.float32), len(todo)


def _report_from_current(
    current: dict[str, Any],
    seconds: float,
    skipped: Sequence[tuple[str, str]],
    warnings: Sequence[tuple[str, str]] = (),
) -> IngestReport:
    docs = current["documents"]
    return IngestReport(
        documents=len(docs),
        pages=sum(int(d.get("pages", 0)) for d in docs.values()),
        chunks=int(current.get("chunks", sum(int(d.get("chunks", 0)) for d in docs.values()))),
        embedded=0,
        added=(),
        changed=(),
        removed=(),
        unchanged=tuple(sorted(docs)),
        skipped=tuple(skipped),
        seconds=seconds,
        corpus_version=str(current["corpus_version"]),
        generation=str(current["generation"]),
        rebuilt=False,
        chunks_per_document={s: int(d.get("chunks", 0)) for s, d in docs.items()},
        warnings=tuple(warnings),
    )


@dataclass
class _Run:
    """Mutable bookkeeping for one run (never leaves this module)."""

    log: Log
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append((name, reason))
        self.log(f"{SKIP_PREFIX}: {name}: {reason}")

    def warn(self, name: str, note: str) -> None:
        self.warnings.append((name, note))
        self.log(f"{WARN_PREFIX}: {name}: {note}")


# A file name that says it is a copy: "Metode eksakt kopi.txt", "Kopi af Metode.txt", "x_kopi.txt",
# "Copy of x.pdf", "x (1).pdf", "x - Kopi.docx".
_COPY_NAME = re.compile(r"(?:^|[\s_\-.(])(?:kopi|copy|dublet)(?:$|[\s_\-.)\d])|\(\d+\)$", re.IGNORECASE)


def _originals(files: Sequence[tuple[Path, str]], manifest: Manifest) -> dict[str, Path]:
    """For each content hash, the file kept among exact copies: one listed in the manifest, else
    one whose name does not say it is a copy, else the shortest name, else the first sorted.

        >>> files = [(Path("Metode eksakt kopi.txt"), "h"), (Path("Metode.txt"), "h")]
        >>> _originals(files, Manifest())["h"].name
        'Metode.txt'
    """
    groups: dict[str, list[Path]] = {}
    for path, digest in files:
        groups.setdefault(digest, []).append(path)

    def rank(path: Path) -> tuple[bool, bool, int, str, str]:
        name = source_name(path)
        stem = unicodedata.normalize("NFC", path.stem)
        return (name not in manifest, bool(_COPY_NAME.search(stem)), len(stem), name, str(path))

    return {digest: min(paths, key=rank) for digest, paths in groups.items()}


def _load_all(
    files: Sequence[tuple[Path, str]],
    settings: Settings,
    run: _Run,
    on_progress: Progress | None,
    manifest: Manifest | None = None,
) -> list[RawDocument]:
    raws: list[RawDocument] = []
    by_name: set[str] = set()
    original = _originals(files, manifest if manifest is not None else Manifest())
    max_bytes = settings.max_upload_mb * 1024 * 1024
    for n, (path, digest) in enumerate(files, start=1):
        if on_progress is not None:
            on_progress("indlæser", n, len(files))
        name = source_name(path)
        if original[digest] != path:
            run.skip(name, f"samme indhold som {source_name(original[digest])} (dublet)")
            continue
        if name in by_name:
            run.skip(name, "et andet dokument med samme filnavn er allerede med; omdøb filen")
            continue
        try:
            raw = load_document(path, max_bytes)
        except LoaderError as exc:
            run.skip(name, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - isolation boundary: one bad file must never stop the run
            run.skip(name, f"uventet fejl under indlæsning ({type(exc).__name__}: {exc})")
            continue
        for note in raw.warnings:
            run.warn(raw.source, note)
        by_name.add(name)
        raws.append(raw)
    return raws


def _build_documents(
    raws: Sequence[RawDocument], manifest: Manifest, run: _Run
) -> list[tuple[SourceDocument, list[Chunk], dict[str, Any]]]:
    vocab = Vocabulary.from_texts(r.text for r in raws)
    out = []
    for raw in raws:
        meta = manifest.meta_for(raw)
        try:
            doc = build_document(raw, vocab, meta)
            chunks = chunk_document(doc)
        except ValueError as exc:
            run.skip(raw.source, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - isolation boundary, as in _load_all
            run.skip(raw.source, f"uventet fejl under rensning ({type(exc).__name__}: {exc})")
            continue
        if not chunks:
            run.skip(raw.source, "ingen tekst tilbage efter rensning")
            continue
        entry = manifest.entry_dict(raw.source, meta)
        out.append((doc, chunks, entry))
    return out


def _write_generation(
    settings: Settings,
    client: Any,
    gen: str,
    built: Sequence[tuple[SourceDocument, list[Chunk], dict[str, Any]]],
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    current: dict[str, Any],
    on_progress: Progress | None,
    sentences: tuple[Sequence[tuple[int, int, int]], np.ndarray, str] | None = None,
) -> None:
    gen_dir = settings.data_dir / GENERATIONS_DIR / gen
    (gen_dir / "docs").mkdir(parents=True)  # the directory exists before the collection: cleanup finds both
    for doc, _, entry in built:
        (gen_dir / "docs" / doc_filename(doc.source)).write_text(
            json.dumps(document_to_dict(doc, entry), ensure_ascii=False), encoding="utf-8"
        )
    write_chunk_store(chunks, gen_dir / CHUNKS_DB)
    if sentences is not None:
        spans, sentence_vectors, embedder_name = sentences
        write_sentences(gen_dir, embedder_name, spans, sentence_vectors)
    build_lexical_index(chunks, gen_dir / LEXICAL_DIR)  # switched with the collection by CURRENT.json
    col = client.create_collection(
        collection_name(gen),
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"generation": gen, "corpus_version": current["corpus_version"]},
    )
    from chromadb.errors import ChromaError

    try:
        step = max(1, min(int(client.get_max_batch_size()), 2000))
    except (AttributeError, ChromaError, ValueError, RuntimeError):
        step = 1000
    for i in range(0, len(chunks), step):
        part = chunks[i : i + step]
        col.add(
            ids=[c.id for c in part],
            embeddings=vectors[i : i + step],
            documents=[c.text for c in part],
            metadatas=[c.metadata() for c in part],
        )
        if on_progress is not None:
            on_progress("skriver", min(i + step, len(chunks)), len(chunks))
    if col.count() != len(chunks):
        raise IngestError(f"Chroma-samlingen har {col.count()} uddrag, men der blev skrevet {len(chunks)}.")
    _write_current(settings.data_dir, current)


# ---------------------------------------------------------------- entry points


def ingest(
    settings: Settings,
    paths: Sequence[Path | str] | None = None,
    rebuild: bool = False,
    progress: bool = True,
    log: Log = print,
    embedder: Embedder | None = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Build (or refresh) the index; see the module docstring for the rules.

    ``paths=None`` ingests ``settings.corpus_dir``; otherwise exactly ``paths`` (files/folders).
    ``rebuild`` builds a new generation even when nothing changed (and recovers a damaged Chroma
    directory). Raises ConfigError / EmbedderError / IngestError / StoreUnavailableError on fatal
    problems; the previous index is then untouched.

        >>> r = ingest(Settings.load(), progress=False, log=lambda line: None)   # doctest: +SKIP
        >>> r.embedded, r.skipped                                                # doctest: +SKIP
        (0, ())
    """
    t0 = time.perf_counter()
    if paths is None:
        if not settings.corpus_dir.is_dir():
            raise ConfigError(
                f"Korpusmappen {settings.corpus_dir} findes ikke. "
                "Sæt METODEGUIDE_CORPUS_DIR til mappen med dokumenterne."
            )
        inputs = [settings.corpus_dir]
    else:
        inputs = [Path(p) for p in paths]
    run = _Run(log=log)
    from chromadb.errors import ChromaError

    try:
        with _lock(settings.data_dir):
            return _ingest_locked(settings, inputs, rebuild, progress, run, embedder, on_progress, t0)
    except (ChromaError, RuntimeError, OSError, sqlite3.Error) as exc:
        raise _fatal(exc, settings) from exc


_DISK_FULL_SIGNS = ("disk is full", "no space left", "database or disk is full")


def _fatal(exc: BaseException, settings: Settings) -> IngestError:
    """The one Danish message for a write failure; the previous index is untouched in every case."""
    full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or any(
        sign in str(exc).lower() for sign in _DISK_FULL_SIGNS
    )
    if full:
        return IngestError(
            f"Disken er fuld ({settings.data_dir}). Det forrige indeks er uændret; frigør plads og kør "
            "`metodeguide ingest` igen."
        )
    if isinstance(exc, sqlite3.Error):
        return IngestError(
            f"Embeddingcachen {settings.data_dir / EMBEDDINGS_DB} kunne ikke skrives ({exc}). "
            "Det forrige indeks er uændret; kør `metodeguide ingest` igen."
        )
    if isinstance(exc, OSError):
        return IngestError(
            f"Indekset kunne ikke skrives i {settings.data_dir} ({exc.strerror or exc}). "
            "Det forrige indeks er uændret; ret fejlen og kør `metodeguide ingest` igen."
        )
    return IngestError(
        f"Chroma-indekset kunne ikke skrives ({exc}). Det forrige indeks er uændret; kør "
        "`metodeguide ingest` igen, eller `metodeguide ingest --rebuild` hvis fejlen gentager sig."
    )


def _ingest_locked(
    settings: Settings,
    inputs: list[Path],
    rebuild: bool,
    progress: bool,
    run: _Run,
    embedder: Embedder | None,
    on_progress: Progress | None,
    t0: float,
) -> IngestReport:
    manifest = load_manifest(settings.manifest_path)
    emb = embedder if embedder is not None else make_embedder(settings)
    client = _open_client(settings, rebuild, run.log)
    try:
        previous = read_current(settings.data_dir)
    except IndexCorruptError as exc:
        run.log(f"Det eksisterende indeks kan ikke læses ({exc}); det bygges forfra.")
        previous = None
    # The live generation stays; the one it replaced (kept for app processes that had not switched
    # yet) and half-built leftovers go.
    _cleanup(settings, client, keep=() if previous is None else {str(previous["generation"])})

    found = discover(inputs)
    for name, reason in found.problems:
        run.skip(name, reason)
    files: list[tuple[Path, str]] = []
    for f in found.files:
        digest = file_hash(f)
        if digest is None:
            run.skip(
                source_name(f), "filen forsvandt under indlæsningen" if not f.exists() else "filen kan ikke læses"
            )
        else:
            files.append((f, digest))
    version = version_of(manifest.raw_bytes, [d for _, d in files])

    if (
        previous is not None
        and not rebuild
        and previous.get("corpus_version") == version
        and previous.get("embedder") == emb.name
        and previous.get("pipeline") == PIPELINE_VERSION
        and previous.get("inputs") == [str(p.resolve()) for p in inputs]
        and _collection_count(client, str(previous["collection"])) == int(previous.get("chunks", -1))
    ):
        # Nothing changed: keep the live generation. Repeat the stored skip reasons and warnings.
        stored = [tuple(x) for x in previous.get("skipped", [])]
        for name, reason in stored:
            if (name, reason) not in run.skipped:
                run.skip(str(name), str(reason))
        for name, note in previous.get("warnings", []):
            run.warn(str(name), str(note))
        return _report_from_current(previous, time.perf_counter() - t0, run.skipped, run.warnings)

    raws = _load_all(files, settings, run, on_progress, manifest)
    built = _build_documents(raws, manifest, run)
    if not built and files and previous is not None and previous.get("documents"):
        run.log("Ingen af dokumenterne kunne indlæses; det eksisterende indeks bevares uændret.")
        return _report_from_current(previous, time.perf_counter() - t0, run.skipped, run.warnings)

    chunks = [c for _, cs, _ in built for c in cs]
    with EmbeddingCache(settings.data_dir / EMBEDDINGS_DB) as cache:
        if cache.recovered_from is not None:
            run.log(f"Embeddingcachen kunne ikke læses og er flyttet til {cache.recovered_from.name}.")
        seeded = seed_cache(cache, settings.embedding_seed_path, emb.name)
        if seeded:
            run.log(f"{seeded} indlejringer hentet fra det medfølgende frø ({settings.embedding_seed_path.name}).")
        vectors, embedded = _embed([c.text for c in chunks], emb, cache, progress, on_progress)
        spans = sentence_spans(chunks)
        sentence_texts = [chunks[i].text[s:e] for i, s, e in spans]
        sentence_vectors, embedded_sentences = _embed(
            sentence_texts, emb, cache, progress, on_progress, what="sætninger"
        )

    prev_docs: dict[str, Any] = dict(previous["documents"]) if previous is not None else {}
    new_docs = {doc.source: doc for doc, _, _ in built}
    added = tuple(s for s in new_docs if s not in prev_docs)
    changed = tuple(
        s for s in new_docs if s in prev_docs and prev_docs[s].get("content_hash") != new_docs[s].content_hash
    )
    unchanged = tuple(s for s in new_docs if s in prev_docs and s not in changed)
    removed = tuple(sorted(s for s in prev_docs if s not in new_docs))

    gen = _new_generation()
    current = {
        "generation": gen,
        "collection": collection_name(gen),
        "corpus_version": version,
        "embedder": emb.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "pipeline": PIPELINE_VERSION,
        "chunks": len(chunks),
        "inputs": [str(p.resolve()) for p in inputs],
        "skipped": [list(x) for x in run.skipped],
        "warnings": [list(x) for x in run.warnings],
        "documents": {
            doc.source: {
                **entry,
                "content_hash": doc.content_hash,
                "title": doc.title,
                "kind": doc.kind,
                "year": doc.year,
                "pages": len(doc.pages),
                "chunks": len(cs),
                "low_value_from": doc.low_value_from,
            }
            for doc, cs, entry in built
        },
    }
    try:
        _write_generation(
            settings, client, gen, built, chunks, vectors, current, on_progress, (spans, sentence_vectors, emb.name)
        )
    except BaseException:
        # Leave the previous generation answering: remove what was half written, then re-raise.
        if (settings.data_dir / CURRENT_FILE).exists():
            try:
                live = read_current(settings.data_dir)
            except IndexCorruptError:
                live = None
            if live is None or live.get("generation") != gen:
                _drop_collection(client, collection_name(gen))
                shutil.rmtree(settings.data_dir / GENERATIONS_DIR / gen, ignore_errors=True)
        raise
    # Keep the generation just replaced: app processes answer from it until they notice the switch.
    _cleanup(settings, client, keep={gen} if previous is None else {gen, str(previous["generation"])})
    return IngestReport(
        documents=len(built),
        pages=sum(len(doc.pages) for doc, _, _ in built),
        chunks=len(chunks),
        embedded=embedded,
        added=added,
        changed=changed,
        removed=removed,
        unchanged=unchanged,
        skipped=tuple(run.skipped),
        seconds=time.perf_counter() - t0,
        corpus_version=version,
        generation=gen,
        rebuilt=True,
        chunks_per_document={doc.source: len(cs) for doc, cs, _ in built},
        embedded_sentences=embedded_sentences,
        warnings=tuple(run.warnings),
    )


IndexStatus = Literal["missing", "stale", "fresh"]


def index_status(settings: Settings) -> IndexStatus:
    """ "missing" (no index), "stale" (corpus folder, manifest, embedder or pipeline differ from
    the index, or the index is damaged) or "fresh". Cheap: no Chroma, no model.

        >>> index_status(Settings.load())        # doctest: +SKIP
        'fresh'
    """
    try:
        current = read_current(settings.data_dir)
    except IndexCorruptError:
        return "stale"
    if current is None:
        return "missing"
    gen_dir = settings.data_dir / GENERATIONS_DIR / str(current["generation"])
    if not (gen_dir / CHUNKS_DB).is_file() or not (gen_dir / SENTENCES_NPY).is_file():
        return "stale"
    if not (gen_dir / LEXICAL_DIR / META_FILE).is_file():
        return "stale"
    if not settings.chroma_host and not (settings.data_dir / CHROMA_DIR).is_dir():
        return "stale"
    if current.get("pipeline") != PIPELINE_VERSION:
        return "stale"
    try:
        if current.get("embedder") != make_embedder(settings).name:
            return "stale"
    except EmbedderError:
        return "stale"
    try:
        if current.get("corpus_version") != corpus_version(settings):
            return "stale"
    except ConfigError:
        return "stale"
    return "fresh"
