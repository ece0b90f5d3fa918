"""The generation's chunk store: every chunk's text and metadata in one SQLite file, read on demand.

At 100,000 chunks, parsing a JSON-lines file into ``Chunk`` objects at every start-up took
seconds and held every text in memory in every app process. Ingest now writes the chunks once
into the generation folder, and readers fetch what the answer path needs::

    generations/<gen>/chunks.sqlite
        chunks(pos INTEGER PRIMARY KEY,   -- 0-based document order (the lexical index's row)
               id TEXT UNIQUE, source, title, page, section, start_at, end_at,
               kind, year, low_value, ocr, text)
        index chunks_by_source(source, pos)
        meta(key, value)                  -- "format", "chunks"; in the same transaction as the rows

The file is written under a temporary name and renamed when complete, and never changed
afterwards, so readers open it read-only and ``immutable`` (no locks; any number of processes).
Opening reads only the meta table; chunks are fetched by position, id or document, and the
most recently used ones are kept in a small cache. Whole-corpus columns that retrieval needs
without the texts (ids, low-value flags, metadata for filters) are read on first use.

    >>> import tempfile, pathlib
    >>> from assistant.types import Chunk
    >>> chunks = [Chunk(id=f"c{i}", source="d.txt", title="D", page=1, section=None, start=10 * i,
    ...                 end=10 * i + 9, text=f"Tekst nr. {i}") for i in range(3)]
    >>> path = pathlib.Path(tempfile.mkdtemp()) / CHUNKS_DB
    >>> write_chunk_store(chunks, path)
    >>> store = ChunkStore.open(path, expected=3)
    >>> len(store), store[1].text, store.get("c2").start, [c.id for c in store.of_source("d.txt")]
    (3, 'Tekst nr. 1', 20, ['c0', 'c1', 'c2'])
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from assistant.errors import IndexCorruptError
from assistant.types import Chunk

CHUNKS_DB = "chunks.sqlite"
FORMAT_VERSION = "1"
CACHE_SIZE = 4096  # chunks kept in memory per store (most recently used)
_BATCH = 2000
_FIELDS = "pos, id, source, title, page, section, start_at, end_at, kind, year, low_value, ocr"
_SCHEMA = """
CREATE TABLE chunks (
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, title TEXT NOT NULL,
    page INTEGER, section TEXT, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
    kind TEXT NOT NULL, year INTEGER, low_value INTEGER NOT NULL, ocr INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def write_chunk_store(chunks: Sequence[Chunk], path: Path) -> None:
    """Write ``chunks`` (document order) to ``path``: a temporary file, synced, then renamed."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        _write(chunks, tmp)
    except sqlite3.Error as exc:  # the caller's error handling speaks OSError (disk full, read-only)
        raise OSError(f"{path.name} kunne ikke skrives: {exc}") from exc
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write(chunks: Sequence[Chunk], tmp: Path) -> None:
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(_SCHEMA)
        with con:
            con.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (i, c.id, c.source, c.title, c.page, c.section, c.start, c.end, c.kind, c.year,
                     int(c.low_value), int(c.ocr), c.text)
                    for i, c in enumerate(chunks)
                ),
            )
            con.execute("CREATE INDEX chunks_by_source ON chunks(source, pos)")
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)", (("format", FORMAT_VERSION), ("chunks", str(len(chunks))))
            )
    finally:
        con.close()


def _row_chunk(row: Sequence[Any], text: str, publishers: Mapping[str, str] | None = None) -> Chunk:
    _, cid, source, title, page, section, start, end, kind, year, low_value, ocr = row[:12]
    return Chunk(
        id=cid, source=source, title=title, page=page, section=section, start=start, end=end,
        text=text, kind=kind, year=year, low_value=bool(low_value), ocr=bool(ocr),
        publisher=(publishers or {}).get(source),
    )


class ChunkStore(Sequence[Chunk]):
    """The chunks of one generation, read on demand (a read-only ``Sequence[Chunk]``; thread-safe).

    ``store[i]`` is the chunk at document position ``i`` (the lexical index's row); ``get(id)``,
    ``many(ids)``, ``of_source(source)`` fetch by id and document. A damaged file raises
    ``IndexCorruptError`` (``metodeguide ingest --rebuild``) at open or when read.
    """

    def __init__(self, path: Path, count: int, cache_size: int = CACHE_SIZE) -> None:
        self.path = path
        self._count = count
        self._uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, Chunk] = OrderedDict()
        self._cache_size = cache_size
        self._ids: list[str] | None = None
        self._positions: dict[str, int] | None = None
        self._by_source: dict[str, tuple[int, ...]] = {}
        # Each document's publisher (from the generation's document table), set on every chunk read.
        self.publishers: dict[str, str] = {}

    @classmethod
    def open(cls, path: Path, expected: int | None = None) -> ChunkStore:
        """Open ``path``; IndexCorruptError when it is missing, damaged, of another format, or
        does not hold ``expected`` chunks."""
        if not path.is_file():
            raise IndexCorruptError(f"{path} mangler")
        store = cls(path, 0)
        meta = dict(store._query("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT_VERSION:
            raise IndexCorruptError(f"{path} har et ukendt format ({meta.get('format')})")
        try:
            count = int(meta["chunks"])
        except (KeyError, ValueError) as exc:
            raise IndexCorruptError(f"{path} mangler antallet af uddrag") from exc
        (rows,) = store._query("SELECT COUNT(*) FROM chunks")
        if rows[0] != count or (expected is not None and count != expected):
            raise IndexCorruptError(
                f"{path} har {rows[0]} uddrag, men skulle have {count if expected is None else expected}"
            )
        store._count = count
        return store

    # ---------------------------------------------------------------- SQLite
    def _connection(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise IndexCorruptError(f"{self.path} kan ikke åbnes ({exc})") from exc
            self._local.con = con
        return con

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise IndexCorruptError(f"{self.path} kan ikke læses ({exc})") from exc

    def _fetch(self, where: str, params: Sequence[Any]) -> list[tuple[int, Chunk]]:
        rows = self._query(f"SELECT {_FIELDS}, text FROM chunks WHERE {where} ORDER BY pos", params)
        out = [(int(r[0]), _row_chunk(r, r[12], self.publishers)) for r in rows]
        with self._lock:
            for pos, chunk in out:
                self._cache[pos] = chunk
                self._cache.move_to_end(pos)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def _cached(self, pos: int) -> Chunk | None:
        with self._lock:
            chunk = self._cache.get(pos)
            if chunk is not None:
                self._cache.move_to_end(pos)
            return chunk

    # ---------------------------------------------------------------- Sequence
    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Chunk: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Chunk]: ...

    def __getitem__(self, index: int | slice) -> Chunk | Sequence[Chunk]:
        if isinstance(index, slice):
            return self.at(range(self._count)[index])
        pos = index + self._count if index < 0 else index
        if not 0 <= pos < self._count:
            raise IndexError(f"uddrag nr. {index} findes ikke ({self._count} uddrag)")
        chunk = self._cached(pos)
        if chunk is None:
            found = self._fetch("pos = ?", (pos,))
            if not found:
                raise IndexCorruptError(f"{self.path} mangler uddrag nr. {pos}")
            chunk = found[0][1]
        return chunk

    def __iter__(self) -> Iterator[Chunk]:
        """Every chunk in document order, read in batches (not cached)."""
        for lo in range(0, self._count, _BATCH):
            rows = self._query(f"SELECT {_FIELDS}, text FROM chunks WHERE pos >= ? AND pos < ? ORDER BY pos",
                               (lo, lo + _BATCH))
            yield from (_row_chunk(r, r[12], self.publishers) for r in rows)

    def at(self, positions: Iterable[int]) -> list[Chunk]:
        """The chunks at ``positions``, in that order (one query for the ones not cached)."""
        wanted = [int(p) for p in positions]
        got: dict[int, Chunk] = {}
        missing = []
        for p in wanted:
            c = self._cached(p)
            if c is None:
                missing.append(p)
            else:
                got[p] = c
        for lo in range(0, len(missing), 500):
            part = missing[lo : lo + 500]
            got.update(self._fetch(f"pos IN ({','.join('?' * len(part))})", part))
        try:
            return [got[p] for p in wanted]
        except KeyError as exc:
            raise IndexError(f"uddrag nr. {exc.args[0]} findes ikke ({self._count} uddrag)") from None

    # ---------------------------------------------------------------- by id and document
    def ids(self) -> list[str]:
        """Every chunk id in document order (read once, no texts)."""
        if self._ids is None:
            self._ids = [r[0] for r in self._query("SELECT id FROM chunks ORDER BY pos")]
        return self._ids

    def position(self, chunk_id: str) -> int | None:
        if self._positions is None:
            self._positions = {cid: i for i, cid in enumerate(self.ids())}
        return self._positions.get(chunk_id)

    def get(self, chunk_id: str) -> Chunk | None:
        pos = self.position(chunk_id)
        return None if pos is None else self[pos]

    def many(self, chunk_ids: Iterable[str]) -> dict[str, Chunk]:
        """``{id: chunk}`` for the ids that are in the store."""
        known = [(cid, p) for cid in chunk_ids if (p := self.position(cid)) is not None]
        chunks = self.at(p for _, p in known)
        return {cid: c for (cid, _), c in zip(known, chunks, strict=True)}

    def of_source(self, source: str) -> list[Chunk]:
        """The chunks of one document, in document order (its positions are remembered, so a
        document asked for again comes from the cache)."""
        with self._lock:
            positions = self._by_source.get(source)
        if positions is not None:
            return self.at(positions)
        found = self._fetch("source = ?", (source,))
        with self._lock:
            if len(self._by_source) >= 4096:
                self._by_source.pop(next(iter(self._by_source)))
            self._by_source[source] = tuple(p for p, _ in found)
        return [c for _, c in found]

    def first_of_each_source(self) -> dict[str, Chunk]:
        """``{source: its first chunk}`` for every document, in document order."""
        found = self._fetch("pos IN (SELECT MIN(pos) FROM chunks GROUP BY source)", ())
        return {c.source: c for _, c in found}

    def low_value_flags(self) -> np.ndarray:
        rows = self._query("SELECT low_value FROM chunks ORDER BY pos")
        return np.fromiter((bool(r[0]) for r in rows), dtype=bool, count=len(rows))

    def without_text(self) -> Iterator[Chunk]:
        """Every chunk with its metadata and an empty text, in document order (for filters)."""
        for r in self._query(f"SELECT {_FIELDS} FROM chunks ORDER BY pos"):
            yield _row_chunk(r, "", self.publishers)
