"""Embedding cache: (embedder name, sha256 of the chunk text) -> float32 vector, in SQLite.

Re-ingesting unchanged text embeds nothing; a changed document re-embeds only chunks whose
text is new. A cache file that SQLite cannot read is moved aside and started afresh (it is a
cache: losing it costs time, never correctness).

    >>> import tempfile, numpy as np
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with EmbeddingCache(Path(d) / "e.sqlite") as cache:
    ...         cache.put_many("hash:x", {"ab": np.ones(3, dtype=np.float32)})
    ...         sorted(cache.get_many("hash:x", ["ab", "cd"]))
    ['ab']
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    embedder TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (embedder, text_hash)
) WITHOUT ROWID
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A small SQLite key-value store for vectors. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered_from: Path | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError:
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.replace(aside)
            self.recovered_from = aside
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)
            conn.execute("SELECT count(*) FROM embeddings LIMIT 1").fetchone()
            conn.commit()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def get_many(self, embedder: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(wanted), 500):
            batch = wanted[i : i + 500]
            marks = ",".join("?" * len(batch))
            rows = self._conn.execute(
                "SELECT text_hash, dim, vector FROM embeddings "
                f"WHERE embedder = ? AND text_hash IN ({marks})",
                [embedder, *batch],
            )
            for h, dim, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float32)
                if vec.shape == (dim,):
                    out[h] = vec
        return out

    def put_many(self, embedder: str, vectors: Mapping[str, np.ndarray]) -> None:
        rows = [
            (embedder, h, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for h, v in vectors.items()
        ]
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embeddings (embedder, text_hash, dim, vector) VALUES (?, ?, ?, ?)",
                rows,
            )

    def count(self, embedder: str | None = None) -> int:
        if embedder is None:
            return int(self._conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])
        return int(
            self._conn.execute("SELECT count(*) FROM embeddings WHERE embedder = ?", [embedder]).fetchone()[0]
        )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
