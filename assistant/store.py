"""The read side of the index: Chroma client factory and ``CorpusIndex``.

On-disk layout (written by ``ingest.pipeline``; see docs/ARCHITECTURE.md)::

    <data_dir>/CURRENT.json                       pointer to the live generation (os.replace)
    <data_dir>/generations/<gen>/chunks.sqlite    every chunk's text and metadata (assistant.chunkstore)
    <data_dir>/generations/<gen>/docs/<source>.json  cleaned SourceDocument
    <data_dir>/generations/<gen>/lexical/         persisted BM25 (bm25s) + corpus statistics
    <data_dir>/generations/<gen>/sentence*        sentence vectors, spans, moments, ANN index (ingest.sentences)
    <data_dir>/embeddings.sqlite                  embedding cache
    <data_dir>/chroma/                            Chroma PersistentClient (unless CHROMA_HOST is set)

    >>> from assistant.settings import Settings
    >>> index = CorpusIndex.open(Settings.load())            # doctest: +SKIP
    >>> hits = index.dense_search(vector, k=5, where={"kind": "guide"})   # doctest: +SKIP
    >>> [(c.source, c.page, round(s, 3)) for c, s in hits]   # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from assistant.chunkstore import CHUNKS_DB, ChunkStore
from assistant.errors import IndexCorruptError, IndexMissingError, StoreUnavailableError
from assistant.settings import Settings
from assistant.types import Chunk, PageSpan, SectionSpan, SourceDocument

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

CURRENT_FILE = "CURRENT.json"
GENERATIONS_DIR = "generations"
CHROMA_DIR = "chroma"
EMBEDDINGS_DB = "embeddings.sqlite"
COLLECTION_PREFIX = "mg_"
DOCUMENT_CACHE = 128  # cleaned documents kept in memory per index (most recently used)


def collection_name(generation: str) -> str:
    return f"{COLLECTION_PREFIX}{generation}"


def doc_filename(source: str) -> str:
    return f"{source}.json"


def make_client(settings: Settings) -> Any:
    """A Chroma client: HttpClient when ``CHROMA_HOST`` is set, else a PersistentClient under the
    data dir. Telemetry is off. Raises StoreUnavailableError when a server cannot be reached."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from chromadb.errors import ChromaError

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
        except (ChromaError, ValueError, ConnectionError, OSError) as exc:
            raise StoreUnavailableError(settings.chroma_host, settings.chroma_port, str(exc)) from exc
        return client
    path = settings.data_dir / CHROMA_DIR
    path.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except (ChromaError, RuntimeError, ValueError, AttributeError, OSError):
        _forget_system(str(path))
        raise


def _forget_system(identifier: str) -> None:
    """chromadb caches one System per path, also a half-started one after a failure; drop it so a
    later attempt (after ``metodeguide ingest --rebuild`` moved the damaged folder) starts clean."""
    from chromadb.api.shared_system_client import SharedSystemClient

    for attr in ("_identifier_to_system", "_identifier_to_refcount"):
        table = getattr(SharedSystemClient, attr, None)
        if isinstance(table, dict):
            table.pop(identifier, None)


def read_current(data_dir: Path) -> dict[str, Any] | None:
    """CURRENT.json as a dict; None when there is none; IndexCorruptError when unreadable."""
    path = data_dir / CURRENT_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexCorruptError(f"{path} kan ikke læses: {exc.strerror or exc}") from exc
    try:
        current = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise IndexCorruptError(f"{path} er ikke gyldig JSON") from exc
    required = ("generation", "collection", "corpus_version", "embedder", "documents")
    if not isinstance(current, dict) or any(k not in current for k in required):
        raise IndexCorruptError(f"{path} mangler felter")
    return current


def current_stamp(data_dir: Path) -> tuple[int, int, int] | None:
    """A cheap fingerprint of ``CURRENT.json`` (one ``stat``: mtime, size, inode); it changes when
    an ingest replaces the file (``os.replace`` gives a new inode). None when there is no index."""
    try:
        st = (data_dir / CURRENT_FILE).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def document_to_dict(doc: SourceDocument, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "source": doc.source,
        "title": doc.title,
        "content_hash": doc.content_hash,
        "kind": doc.kind,
        "year": doc.year,
        "language": doc.language,
        "low_value_from": doc.low_value_from,
        "pages": [[p.page, p.start, p.end] for p in doc.pages],
        "sections": [[s.title, s.start] if s.end is None else [s.title, s.start, s.end] for s in doc.sections],
        "ocr_pages": sorted(doc.ocr_pages),
        "meta": meta or {},
        "text": doc.text,
    }


def document_publishers(documents: Mapping[str, Any]) -> dict[str, str]:
    """Source file name → publisher, for the documents of CURRENT.json that name one."""
    return {
        str(src): str(info["publisher"])
        for src, info in documents.items()
        if isinstance(info, dict) and info.get("publisher")
    }


def document_from_dict(d: dict[str, Any]) -> SourceDocument:
    return SourceDocument(
        source=d["source"],
        title=d["title"],
        text=d["text"],
        content_hash=d["content_hash"],
        pages=tuple(PageSpan(int(p), int(a), int(b)) for p, a, b in d.get("pages", [])),
        sections=tuple(
            SectionSpan(str(t), int(a), int(rest[0]) if rest else None) for t, a, *rest in d.get("sections", [])
        ),
        kind=d.get("kind", "document"),
        year=d.get("year"),
        language=d.get("language", "da"),
        low_value_from=d.get("low_value_from"),
        ocr_pages=frozenset(int(n) for n in d.get("ocr_pages", [])),
    )


def to_chroma_where(where: dict[str, Any] | None) -> dict[str, Any] | None:
    """Flat filter dict -> Chroma ``where``: one key as is, several keys under ``$and``.

    >>> to_chroma_where({"kind": "guide", "year": 2018})
    {'$and': [{'kind': 'guide'}, {'year': 2018}]}
    """
    if not where:
        return None
    items = [{k: v} for k, v in where.items() if v is not None]
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class CorpusIndex:
    """The live index generation: its chunk store (``chunks.sqlite``, read on demand) and its
    Chroma collection.

    >>> index = CorpusIndex.open(settings)                     # doctest: +SKIP
    >>> index.chunk(index.chunks()[0].id).page                  # doctest: +SKIP
    """

    def __init__(
        self,
        settings: Settings,
        current: dict[str, Any],
        chunks: ChunkStore,
        collection: Any,
        current_mtime_ns: int = 0,
    ) -> None:
        self.settings = settings
        self._current = current
        self._chunks = chunks
        self._collection = collection
        # The cleaned documents last asked for (citations, page and section lookups); bounded, so
        # a long-running process does not end up holding the whole corpus text.
        self._docs: OrderedDict[str, SourceDocument] = OrderedDict()
        self._docs_lock = threading.Lock()
        self._mtime_ns = current_mtime_ns
        self.corpus_version: str = str(current["corpus_version"])
        self.generation: str = str(current["generation"])
        self.embedder_name: str = str(current["embedder"])
        self.collection_name: str = str(current["collection"])
        # The persisted lexical index (``assistant.retrieval.persisted.LexicalIndexFiles``) when
        # ``settings.lexical_backend == "bm25s"``; None: BM25 is built in memory.
        self.lexical: Any = None

    @property
    def generation_dir(self) -> Path:
        return self.settings.data_dir / GENERATIONS_DIR / self.generation

    @classmethod
    def open(cls, settings: Settings, client: Any = None) -> CorpusIndex:
        """Open the live generation. IndexMissingError / IndexCorruptError / StoreUnavailableError."""
        current = read_current(settings.data_dir)
        if current is None:
            raise IndexMissingError(str(settings.data_dir))
        try:
            mtime = (settings.data_dir / CURRENT_FILE).stat().st_mtime_ns
        except OSError:
            mtime = 0
        gen_dir = settings.data_dir / GENERATIONS_DIR / str(current["generation"])
        chunks = ChunkStore.open(gen_dir / CHUNKS_DB)
        chunks.publishers = document_publishers(current.get("documents") or {})
        if not settings.chroma_host and not (settings.data_dir / CHROMA_DIR).is_dir():
            raise IndexCorruptError(f"Chroma-mappen {settings.data_dir / CHROMA_DIR} mangler")
        from chromadb.errors import ChromaError

        if client is None:
            try:
                client = make_client(settings)
            except StoreUnavailableError:
                raise
            except (ChromaError, RuntimeError, ValueError, AttributeError, OSError) as exc:  # damaged folder
                raise IndexCorruptError(f"Chroma kan ikke åbnes: {exc}") from exc

        try:
            collection = client.get_collection(str(current["collection"]), embedding_function=None)
            count = collection.count()
        except (ChromaError, ValueError, RuntimeError, KeyError, OSError) as exc:
            raise IndexCorruptError(f"samlingen {current['collection']} findes ikke i Chroma") from exc
        if count != len(chunks):
            raise IndexCorruptError(
                f"samlingen {current['collection']} har {count} uddrag, men {CHUNKS_DB} har {len(chunks)}"
            )
        index = cls(settings, current, chunks, collection, mtime)
        if settings.lexical_backend == "bm25s":
            from assistant.retrieval.persisted import LEXICAL_DIR, open_lexical_index

            index.lexical = open_lexical_index(gen_dir / LEXICAL_DIR, len(chunks))
        return index

    def is_current(self) -> bool:
        """False once a newer ingest has replaced CURRENT.json (the caller should reopen)."""
        try:
            mtime = (self.settings.data_dir / CURRENT_FILE).stat().st_mtime_ns
        except OSError:
            return False
        if mtime == self._mtime_ns:
            return True
        try:
            current = read_current(self.settings.data_dir)
        except IndexCorruptError:
            return False
        return current is not None and current.get("generation") == self.generation

    def chunks(self) -> ChunkStore:
        """All chunks in document order: a ``Sequence[Chunk]`` read from disk on demand."""
        return self._chunks

    def chunk(self, chunk_id: str) -> Chunk:
        chunk = self._chunks.get(chunk_id)
        if chunk is None:
            raise KeyError(f"Ukendt uddrag {chunk_id!r} i indeksgeneration {self.generation}")
        return chunk

    def chunks_of(self, source: str) -> list[Chunk]:
        """The chunks of one document in document order ([] for an unknown source)."""
        return self._chunks.of_source(source)

    def first_chunks(self) -> dict[str, Chunk]:
        """Every document's first chunk (its title and source name the document)."""
        return self._chunks.first_of_each_source()

    def dense_search(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The ``k`` chunks nearest to ``vector`` (cosine similarity, best first), filtered by ``where``."""
        if k <= 0:
            raise ValueError(f"k skal være større end 0 (er {k})")
        if not self._chunks:
            return []
        from chromadb.errors import ChromaError

        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        try:
            res = self._collection.query(
                query_embeddings=[vec.tolist()],
                n_results=min(k, len(self._chunks)),
                where=to_chroma_where(where),
                include=["distances"],
            )
        except Exception as exc:  # noqa: BLE001 - mapped to our own errors just below
            if self.settings.server_mode and not isinstance(exc, ValueError):
                # Server mode: a refused/reset connection or a server error means "server down".
                raise StoreUnavailableError(
                    str(self.settings.chroma_host), self.settings.chroma_port, type(exc).__name__
                ) from exc
            if isinstance(exc, (ChromaError, ValueError, RuntimeError, OSError)):
                raise IndexCorruptError(f"søgning i Chroma fejlede: {exc}") from exc
            raise
        ids = res["ids"][0] if res.get("ids") else []
        dists = res["distances"][0] if res.get("distances") else []
        found = self._chunks.many(ids)
        out: list[tuple[Chunk, float]] = []
        for cid, dist in zip(ids, dists, strict=False):
            chunk = found.get(cid)
            if chunk is not None:
                out.append((chunk, 1.0 - float(dist)))
        return out

    def document(self, source: str) -> SourceDocument:
        """The cleaned document (text, pages, sections) that the chunks of ``source`` point into."""
        with self._docs_lock:
            doc = self._docs.get(source)
            if doc is not None:
                self._docs.move_to_end(source)
                return doc
        if source not in self._current["documents"]:
            raise KeyError(f"Dokumentet {source!r} er ikke i indekset")
        path = self.generation_dir / "docs" / doc_filename(source)
        try:
            doc = document_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise IndexCorruptError(f"{path} kan ikke læses") from exc
        with self._docs_lock:
            self._docs[source] = doc
            while len(self._docs) > DOCUMENT_CACHE:
                self._docs.popitem(last=False)
        return doc

    def documents(self) -> dict[str, dict[str, Any]]:
        """CURRENT.json "documents": {source: {content_hash, title, kind, year, pages, chunks, …}}."""
        return dict(self._current["documents"])

    @property
    def current(self) -> dict[str, Any]:
        return dict(self._current)
