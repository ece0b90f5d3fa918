"""Helpers for the fault and hostile-input tests: tiny corpora, hash-embedder indexes, and
helpers that reopen Chroma from disk (another process may have written it meanwhile).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT, Settings

SHIPPED = PROJECT_ROOT / "corpus" / "documents"
MANIFEST = PROJECT_ROOT / "corpus" / "manifest.yaml"
SMALL_DOCS = ("000_b7118d7c53b07453.txt", "004_d50f6f41890c1f33.txt")  # ~9 kB, 9 chunks
PROBE = "Hvor mange kommuner deltager i udbredelsen af metoderne?"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    env["PYTHONPATH"] = str(PROJECT_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def fresh_chroma() -> None:
    """Forget every cached Chroma client of this process, so the next open reads the disk again."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def small_settings(root: Path, docs: tuple[str, ...] = SMALL_DOCS) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in docs:
        shutil.copy2(SHIPPED / name, corpus / name)
        (corpus / name).chmod(0o644)
    return Settings(data_dir=root / "data", corpus_dir=corpus, manifest_path=MANIFEST,
                    embedding_backend="hash")


def probe_results(settings: Settings, query: str = PROBE, k: int = 5) -> list[tuple[str, float]]:
    """Open the live index from disk and run one fixed dense search: [(chunk id, score)]."""
    from assistant.embedding import HashEmbedder
    from assistant.store import CorpusIndex

    fresh_chroma()
    try:
        index = CorpusIndex.open(settings)
        hits = index.dense_search(HashEmbedder().embed_query(query), k=k)
        return [(c.id, round(s, 5)) for c, s in hits]
    finally:
        fresh_chroma()  # release the files before another process writes them


def quiet_ingest(settings: Settings, rebuild: bool = False):  # noqa: ANN201 - IngestReport
    from ingest.pipeline import ingest

    fresh_chroma()
    try:
        return ingest(settings, rebuild=rebuild, progress=False, log=lambda line: None)
    finally:
        fresh_chroma()


def run_cli(settings: Settings, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``metodeguide ARGS`` in a fresh process with the settings passed through the environment."""
    env = child_env()
    env.update(
        METODEGUIDE_DATA_DIR=str(settings.data_dir),
        METODEGUIDE_CORPUS_DIR=str(settings.corpus_dir),
        METODEGUIDE_MANIFEST=str(settings.manifest_path),
        METODEGUIDE_EMBEDDING_BACKEND=settings.embedding_backend,
    )
    if settings.chroma_host:
        env.update(CHROMA_HOST=settings.chroma_host, CHROMA_PORT=str(settings.chroma_port))
    else:
        env.pop("CHROMA_HOST", None)
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout,
    )
