"""The embedding seed: the shipped corpus's chunk and sentence vectors, kept in the repository.

Embedding the five shipped documents (about 100 chunks and 900 sentences) takes over a minute
on two cores. The seed file holds those vectors, keyed like the embedding cache (embedder name,
sha256 of the text), so a fresh clone's first ingest copies them into the cache instead.
Documents a user adds are embedded as usual. A seed made by another embedder is ignored.

Write it after changing the shipped corpus, cleaning or chunking (the index must be built):

    python -m ingest.seed            # -> corpus/embeddings_seed.npz

The file: ``embedder`` (str), ``hashes`` (n hex strings), ``vectors`` (float32 [n, dim]).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ingest.cache import EmbeddingCache, text_hash


def seed_cache(cache: EmbeddingCache, path: Path, embedder_name: str) -> int:
    """Copy the seed's vectors that the cache lacks into it; returns how many were added.

    A missing or unreadable seed, or one from another embedder, adds nothing (it is only a
    shortcut: the ingest embeds what is missing).
    """
    if not path.is_file():
        return 0
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["embedder"]) != embedder_name:
                return 0
            hashes = [str(h) for h in data["hashes"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return 0
    if vectors.ndim != 2 or vectors.shape[0] != len(hashes):
        return 0
    have = cache.get_many(embedder_name, hashes)
    fresh = {h: vectors[i] for i, h in enumerate(hashes) if h not in have}
    if fresh:
        cache.put_many(embedder_name, fresh)
    return len(fresh)


def write_seed(data_dir: Path, out: Path) -> int:
    """Write the vectors of the live generation's chunks and sentences to ``out``; returns the count."""
    from assistant.settings import Settings
    from assistant.store import EMBEDDINGS_DB, CorpusIndex
    from ingest.sentences import read_sentences

    settings = Settings.load().with_(data_dir=data_dir)
    index = CorpusIndex.open(settings)
    chunks = list(index.chunks())
    texts = [c.text for c in chunks]
    found = read_sentences(index.generation_dir)
    if found is not None:
        spans, _, _ = found
        texts += [chunks[i].text[s:e] for i, s, e in spans]
    hashes = list(dict.fromkeys(text_hash(t) for t in texts))
    with EmbeddingCache(data_dir / EMBEDDINGS_DB) as cache:
        have = cache.get_many(index.embedder_name, hashes)
    missing = [h for h in hashes if h not in have]
    if missing:
        raise SystemExit(f"{len(missing)} vektorer mangler i cachen; kør `metodeguide ingest` først.")
    np.savez_compressed(
        out,
        embedder=np.array(index.embedder_name),
        hashes=np.array(hashes),
        vectors=np.vstack([have[h] for h in hashes]).astype(np.float32),
    )
    return len(hashes)


def main(argv: list[str] | None = None) -> int:
    from assistant.settings import Settings

    settings = Settings.load()
    parser = argparse.ArgumentParser(prog="python -m ingest.seed", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=settings.embedding_seed_path)
    args = parser.parse_args(argv)
    n = write_seed(settings.data_dir, args.out)
    print(f"{n} vektorer skrevet til {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
