"""One start-up-and-query point on an existing index, for before/after comparisons.

Runs ``bench.query_bench``'s child in a fresh process on ``--data-dir`` (hash embedder, embedded
Chroma): ``Assistant.load()`` timed, RSS after the load, 10 warm-up questions, then
``--questions`` questions timing ``search`` and ``answer``; peak RSS of that process. The row,
labelled ``--variant``, is appended to ``bench/results/<--out>.json``. To compare code versions
on one index, run this module from each checkout (the child imports the code of the checkout it
runs in).

    python -m bench.load_point --data-dir /tmp/mg-scale/100k --variant "chunk store" --questions 200
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from bench._common import RESULTS, run_child, write_result
from bench.query_bench import CHILD


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load_point", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--variant", required=True, help="label of this row (code version, cold/warm cache)")
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--out", default="chunk_store_load", help="result name: bench/results/<out>.json")
    args = ap.parse_args(argv)
    load_before = round(os.getloadavg()[0], 2)
    child = run_child(CHILD, ["hash", str(args.data_dir), "", "0", str(args.questions), "330"], timeout_s=900)
    row = {**child.result, "variant": args.variant, "process_wall_s": round(child.wall_s, 1),
           "load_avg_1m_before": load_before}
    print(json.dumps(row, ensure_ascii=False))
    path = RESULTS / f"{args.out}.json"
    rows = json.loads(path.read_text(encoding="utf-8")).get("rows", []) if path.is_file() else []
    write_result(args.out, {"command": "bench.load_point (bench.query_bench CHILD, hash embedder, embedded Chroma)",
                            "rows": [*rows, row]})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
