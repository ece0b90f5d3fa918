"""How the ANN sentence search compares with the exact product, on one existing index.

Loads the ``Assistant`` twice on ``--data-dir`` (hash embedder, embedded Chroma): once as it is
(with the generation's ``sentences.faiss``, ``ingest.sentences``) and once with the ANN index
ignored (every question multiplied with every sentence vector). For ``--questions`` distinct
questions from ``evals/sets`` it reports

- ``top8_recall``: of the exact 8 best sentences (by similarity value, so ties count as found),
  the share the ANN kind returns; ``best_equal``: the best similarity is the exact best;
- ``background_abs_diff``: |mean| and |std| differences of the background (moments vs product);
- ``answers_identical``: ``Assistant.answer`` (``to_dict()`` without timings) byte-identical;
- the time of one similarity call, p50/p95, each way.

The row is added to ``bench/results/sentence_ann.json`` (replacing an earlier row of the same index).

    python -m bench.sentence_ann --data-dir /tmp/wt16-data/reingest/data4200 --questions 200
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench._common import RESULTS, load_questions, percentiles, write_result


def _load(data_dir: Path, *, ann: bool) -> Any:
    import ingest.sentences as sentences_module
    from assistant.assistant import Assistant
    from assistant.settings import Settings

    real = sentences_module.read_ann
    if not ann:
        sentences_module.read_ann = lambda gen_dir: None
    try:
        return Assistant.load(Settings(embedding_backend="hash", data_dir=data_dir))
    finally:
        sentences_module.read_ann = real


def _answer(assistant: Any, question: str) -> str:
    d = assistant.answer(question).to_dict()
    d.pop("timings_ms", None)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def compare(data_dir: Path, n: int) -> dict[str, Any]:
    approx, exact = _load(data_dir, ann=True), _load(data_dir, ann=False)
    if approx.sentences.ann is None:
        raise SystemExit(f"{data_dir}: the live generation has no sentences.faiss (python -m bench.scale_index --add-sentences)")
    questions = list(dict.fromkeys(load_questions(10 * n)))[:n]
    recall, best_equal, mean_diff, std_diff, t_approx, t_exact, same = [], [], [], [], [], [], 0
    for q in questions:
        vec = approx.embedder.embed_query(q)
        t0 = time.perf_counter()
        a = approx.sentences._similarities_of(np.asarray(vec, dtype=np.float32).tobytes())
        t1 = time.perf_counter()
        e = exact.sentences._similarities_of(np.asarray(vec, dtype=np.float32).tobytes())
        t2 = time.perf_counter()
        t_approx.append((t1 - t0) * 1e3)
        t_exact.append((t2 - t1) * 1e3)
        top = e.top(8)
        eighth = top[-1][1] - 1e-6
        recall.append(min(1.0, sum(1 for _, s in a.top(8) if s >= eighth) / len(top)))
        best_equal.append(abs(a.best() - e.best()) < 1e-6)
        mean_diff.append(abs(a.background_mean - e.background_mean))
        std_diff.append(abs(a.background_std - e.background_std))
        same += _answer(approx, q) == _answer(exact, q)
    return {
        "data_dir": str(data_dir),
        "chunks": len(approx.index.chunks()),
        "sentences": len(approx.sentences),
        "ann": {"cells": int(approx.sentences.ann.nlist) if hasattr(approx.sentences.ann, "nlist") else None},
        "questions": len(questions),
        "top8_recall": round(float(np.mean(recall)), 4),
        "best_equal": round(float(np.mean(best_equal)), 4),
        "background_abs_diff": {"mean_max": float(np.max(mean_diff)), "std_max": float(np.max(std_diff))},
        "answers_identical": round(same / len(questions), 4),
        "similarity_ms": {"ann": percentiles(t_approx), "exact": percentiles(t_exact)},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.sentence_ann", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=200)
    args = ap.parse_args(argv)
    row = compare(args.data_dir, args.questions)
    print(json.dumps(row, ensure_ascii=False))
    path = RESULTS / "sentence_ann.json"
    rows = json.loads(path.read_text(encoding="utf-8")).get("rows", []) if path.is_file() else []
    rows = [r for r in rows if r.get("data_dir") != row["data_dir"]]  # one row per index: the last run
    write_result("sentence_ann", {"command": "bench.sentence_ann", "rows": [*rows, row]})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
