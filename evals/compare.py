"""Compare two runs (run.json): regressions first, then fixes, then what stayed the same.

An item regresses when a metric that passed before fails now (or the item as a whole went from
passed to failed); it is fixed when a metric that failed before passes now and nothing regressed.

    >>> from evals.compare import compare_runs, load_run, format_text
    >>> print(format_text(compare_runs(load_run("old/run.json"), load_run("new/run.json"))))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from assistant.errors import EvalSetError
from evals.metrics import THRESHOLD_METRICS
from evals.report import fmt


@dataclass(frozen=True)
class ItemChange:
    id: str
    category: str
    question: str
    regressed: tuple[str, ...]
    fixed: tuple[str, ...]
    reasons: tuple[str, ...]  # the new run's reasons for the regressed metrics


@dataclass(frozen=True)
class Comparison:
    before: Mapping[str, Any]  # provenance of the old run
    after: Mapping[str, Any]
    regressions: tuple[ItemChange, ...]
    fixes: tuple[ItemChange, ...]
    unchanged: int
    unchanged_passed: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    deltas: tuple[tuple[str, float | None, float | None], ...]  # (metric, before, after)


def load_run(path: str | Path) -> dict[str, Any]:
    """Read a run.json written by the runner (EvalSetError when missing or not a run)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalSetError(f"Kørslen {p} kan ikke læses ({exc}). Angiv stien til en run.json.") from exc
    except ValueError as exc:
        raise EvalSetError(
            f"{p} er ikke gyldig JSON ({exc}). Angiv en run.json fra `metodeguide eval`."
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or "summary" not in data:
        raise EvalSetError(f"{p} er ikke en run.json fra `metodeguide eval` (mangler items/summary).")
    return data


def _provenance(run: Mapping[str, Any]) -> dict[str, Any]:
    return {k: run.get(k) for k in ("set", "timestamp", "corpus_version", "code_version")}


def compare_runs(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    old = {it["id"]: it for it in before["items"]}
    new = {it["id"]: it for it in after["items"]}
    regressions: list[ItemChange] = []
    fixes: list[ItemChange] = []
    unchanged = unchanged_passed = 0
    for item_id, b in old.items():
        a = new.get(item_id)
        if a is None:
            continue
        bm, am = b.get("metrics", {}), a.get("metrics", {})
        common = [name for name in bm if name in am]
        regressed = [n for n in common if bm[n].get("passed") is True and am[n].get("passed") is False]
        fixed = [n for n in common if bm[n].get("passed") is False and am[n].get("passed") is True]
        if b["passed"] and not a["passed"] and not regressed:
            regressed = ["item"]
        if not b["passed"] and a["passed"] and not fixed:
            fixed = ["item"]
        reasons = tuple(
            f"{n}: {am[n].get('reason', '')}" if n in am else f"fejl: {a.get('error') or 'fejlede'}"
            for n in regressed
        )
        change = ItemChange(item_id, a["category"], a["question"], tuple(regressed), tuple(fixed), reasons)
        if regressed:
            regressions.append(change)
        elif fixed:
            fixes.append(change)
        else:
            unchanged += 1
            unchanged_passed += bool(a["passed"])
    deltas = tuple(
        (k, before["summary"].get(k), after["summary"].get(k))
        for k in ("pass_rate", *THRESHOLD_METRICS, "latency_p50_ms", "latency_p95_ms")
    )
    return Comparison(
        before=_provenance(before),
        after=_provenance(after),
        regressions=tuple(regressions),
        fixes=tuple(fixes),
        unchanged=unchanged,
        unchanged_passed=unchanged_passed,
        added=tuple(i for i in new if i not in old),
        removed=tuple(i for i in old if i not in new),
        deltas=deltas,
    )


def _delta(b: float | None, a: float | None, ms: bool) -> str:
    digits = 0 if ms else 2
    if b is None or a is None:
        return f"{fmt(b, digits)} → {fmt(a, digits)}"
    return f"{fmt(b, digits)} → {fmt(a, digits)} ({a - b:+.{digits}f})"


def _prov(label: str, run: Mapping[str, Any], code: Any) -> str:
    return (
        f"{label}{run['timestamp']}, korpus {code(run['corpus_version'])}, kode {code(run['code_version'])}"
    )


def _lines(c: Comparison, md: bool) -> list[str]:
    bullet = "- " if md else "  - "

    def head(text: str) -> str:
        return f"## {text}" if md else f"{text}:"

    def code(text: Any) -> str:
        return f"`{text}`" if md else str(text)

    def txt(text: str) -> str:
        return escape(" ".join(text.split()), quote=False) if md else text

    out = [
        ("# " if md else "") + "Sammenligning af evalueringskørsler",
        "",
        _prov("- Før: " if md else "Før:  ", c.before, code),
        _prov("- Efter: " if md else "Efter: ", c.after, code),
        "",
        head(f"Regressioner ({len(c.regressions)})"),
    ]
    for ch in c.regressions:
        extra = f" (rettet: {', '.join(ch.fixed)})" if ch.fixed else ""
        out.append(
            f"{bullet}{code(ch.id)} [{ch.category}] {txt(ch.question)} — {', '.join(ch.regressed)}{extra}"
        )
        out += [f"    {'- ' if md else ''}{txt(r)}" for r in ch.reasons]
    out += ["", head(f"Rettelser ({len(c.fixes)})")]
    out += [
        f"{bullet}{code(ch.id)} [{ch.category}] {txt(ch.question)} — {', '.join(ch.fixed)}" for ch in c.fixes
    ]
    out += [
        "",
        head("Uændrede"),
        f"{bullet}{c.unchanged} spørgsmål ({c.unchanged_passed} bestået, "
        f"{c.unchanged - c.unchanged_passed} fejlet)",
    ]
    if c.added:
        out.append(f"{bullet}nye spørgsmål: {', '.join(c.added)}")
    if c.removed:
        out.append(f"{bullet}fjernede spørgsmål: {', '.join(c.removed)}")
    out += ["", head("Nøgletal")]
    out += [f"{bullet}{name}: {_delta(b, a, name.endswith('_ms'))}" for name, b, a in c.deltas]
    return out


def format_text(c: Comparison) -> str:
    return "\n".join(_lines(c, md=False)) + "\n"


def format_markdown(c: Comparison) -> str:
    return "\n".join(_lines(c, md=True)) + "\n"
