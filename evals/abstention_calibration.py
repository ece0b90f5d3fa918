"""Calibrate and report the abstention decision on ``evals/sets/abstention.yaml``.

    python -m evals.abstention_calibration [--set PATH] [--grid]

Prints the confusion matrix of the shipped thresholds (``assistant/abstain.py``) and, with
``--grid``, the best threshold combinations on the set (to check the shipped ones are not
overfitted: prefer a wide plateau over the single best point).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

import yaml

from assistant import Assistant
from assistant import abstain as ab
from assistant.evidence import candidate_sentences, coverage, key_terms, score_sentences
from assistant.query import GLOSSARY, prepare
from assistant.settings import Settings
from assistant.text import content_stems

DEFAULT_SET = Path(__file__).parent / "sets" / "abstention.yaml"


def signals(a: Assistant, question: str) -> dict[str, Any]:
    pq = prepare(question, max_chars=a.settings.max_question_chars)
    hits = a.retriever.retrieve(pq.search_text, k=a.settings.top_k)
    from assistant.rules import evaluate

    verdicts = [v for v in evaluate(pq.rules_text, a.rules) if not v.rule.startswith("profile.")]
    terms = key_terms(
        pq.resolved if pq.lang == "en" else pq.search_text,
        a.stats,
        a._split,
        glossary=GLOSSARY if pq.lang == "en" else None,
    )
    scored = score_sentences(pq.search_text, candidate_sentences(hits), terms)
    total = sum(t.weight for t in terms) or 1.0
    unknown = sum(t.weight for t in terms if t.unknown) / total
    union: set[str] = set()
    for h in hits[:3]:
        union |= set(content_stems(h.chunk.text))
    return {
        "verdict": bool(verdicts),
        "unknown": unknown,
        "union": coverage(terms, union),
        "best": max((e.coverage for e in scored[:5]), default=0.0),
        "no_terms": not terms,
    }


def decide(sig: dict[str, Any], unknown_max: float, union_min: float, best_min: float) -> bool:
    if sig["verdict"]:
        return False
    if sig["no_terms"]:
        return True
    return sig["unknown"] > unknown_max or sig["union"] < union_min or sig["best"] < best_min


def confusion(rows: list[tuple[bool, bool]]) -> dict[str, int]:
    return {
        "tp": sum(1 for exp, got in rows if exp and got),
        "fn": sum(1 for exp, got in rows if exp and not got),
        "fp": sum(1 for exp, got in rows if not exp and got),
        "tn": sum(1 for exp, got in rows if not exp and not got),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--set", type=Path, default=DEFAULT_SET)
    p.add_argument("--grid", action="store_true")
    args = p.parse_args(argv)
    items = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    a = Assistant.load(Settings.load())
    rows = []
    sigs = []
    for it in items:
        ans = a.answer(it["question"])
        exp = bool(it["expected"]["abstain"])
        rows.append((exp, ans.abstained))
        sigs.append((exp, signals(a, it["question"]), it))
        if exp != ans.abstained:
            print(f"  MISS {it['id']}: expected abstain={exp}: {it['question']}  ({', '.join(ans.notes)})")
    cm = confusion(rows)
    print(f"Shipped thresholds on {len(items)} questions: {cm}")
    print("                 abstained  answered")
    print(f"  out of scope   {cm['tp']:9d} {cm['fn']:9d}")
    print(f"  in scope       {cm['fp']:9d} {cm['tn']:9d}")
    if args.grid:
        grid = []
        for u, un, b in itertools.product((0.1, 0.2, 0.3, 0.4), (0.4, 0.5, 0.55, 0.6, 0.7), (0.2, 0.3, 0.34, 0.4, 0.5)):
            cmg = confusion([(exp, decide(s, u, un, b)) for exp, s, _ in sigs])
            grid.append((cmg["fp"] + cmg["fn"], u, un, b, cmg))
        for err, u, un, b, cmg in sorted(grid, key=lambda g: g[0])[:10]:
            print(f"  errors={err} unknown_max={u} union_min={un} best_min={b} {cmg}")
        print(f"  shipped: unknown_max={ab.MAX_UNKNOWN_WEIGHT_SHARE} union_min={ab.MIN_UNION_COVERAGE} "
              f"best_min={ab.MIN_BEST_COVERAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
