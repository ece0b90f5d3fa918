"""Compare two runs (run.json): regressions first, then fixes, then what stayed the same.

An item regresses when it passed before and fails now (kind ``failed``), or, its pass/fail
unchanged, when a scored metric went from passed to failed or its value fell (kind
``metric_drop``). It is fixed when it failed before and passes now (``passed``), or, its
pass/fail unchanged, a scored metric rose and none fell (``metric_rise``). Regressions are
listed ``failed`` before ``metric_drop``, fixes ``passed`` before ``metric_rise``; within a kind,
in the order of the earlier run. Informational metrics (latency: ``passed`` is None) never count.

    >>> from evals.compare import compare_runs, load_run, format_text
    >>> print(format_text(compare_runs(load_run("old/run.json"), load_run("new/run.json"))))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Literal

from assistant.errors import EvalSetError
from evals.metrics import THRESHOLD_METRICS
from evals.report import fmt

ChangeKind = Literal["failed", "metric_drop", "passed", "metric_rise"]
REGRESSION_KINDS: tuple[ChangeKind, ...] = ("failed", "metric_drop")
FIX_KINDS: tuple[ChangeKind, ...] = ("passed", "metric_rise")


@dataclass(frozen=True)
class MetricChange:
    """One scored metric of one item in both runs (``passed`` None: not applicable)."""

    name: str
    before_value: float | None
    after_value: float | None
    before_passed: bool | None
    after_passed: bool | None

    @property
    def dropped(self) -> bool:
        """Passed before and fails now, or, pass/fail unchanged, a lower value."""
        if self.before_passed is True and self.after_passed is False:
            return True
        held = self._held_values()
        return held is not None and held[1] < held[0]

    @property
    def rose(self) -> bool:
        """Failed before and passes now, or, pass/fail unchanged, a higher value."""
        if self.before_passed is False and self.after_passed is True:
            return True
        held = self._held_values()
        return held is not None and held[1] > held[0]

    def _held_values(self) -> tuple[float, float] | None:
        """(before, after) values when the metric is scored and its pass/fail held, else None."""
        if self.before_passed is None or self.before_passed != self.after_passed:
            return None
        if self.before_value is None or self.after_value is None:
            return None
        return self.before_value, self.after_value


@dataclass(frozen=True)
class ItemChange:
    """An item whose result changed. ``before``/``after`` are the two runs' items (run.json
    shape: question, expected, answer, passed, error, metrics); ``metrics`` the changed ones."""

    id: str
    category: str
    question: str
    kind: ChangeKind
    regressed: tuple[str, ...]  # metric names that dropped ("item" when only pass/fail changed)
    fixed: tuple[str, ...]  # metric names that rose ("item" when only pass/fail changed)
    reasons: tuple[str, ...]  # the new run's reasons for the regressed metrics
    metrics: tuple[MetricChange, ...]
    before: Mapping[str, Any]
    after: Mapping[str, Any]


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


def _metric_changes(b: Mapping[str, Any], a: Mapping[str, Any]) -> list[MetricChange]:
    bm, am = b.get("metrics", {}), a.get("metrics", {})
    out: list[MetricChange] = []
    for name in (n for n in bm if n in am):
        m = MetricChange(
            name,
            bm[name].get("value"),
            am[name].get("value"),
            bm[name].get("passed"),
            am[name].get("passed"),
        )
        if m.dropped or m.rose:
            out.append(m)
    return out


def _kind(b: Mapping[str, Any], a: Mapping[str, Any], regressed: list[str], fixed: list[str]) -> ChangeKind | None:
    if b["passed"] and not a["passed"]:
        return "failed"
    if not b["passed"] and a["passed"]:
        return "passed"
    if regressed:
        return "metric_drop"
    if fixed:
        return "metric_rise"
    return None


def compare_runs(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    """Items of ``before`` and ``after`` matched by id; see the module docstring for the order."""
    old = {it["id"]: it for it in before["items"]}
    new = {it["id"]: it for it in after["items"]}
    changes: dict[ChangeKind, list[ItemChange]] = {k: [] for k in (*REGRESSION_KINDS, *FIX_KINDS)}
    unchanged = unchanged_passed = 0
    for item_id, b in old.items():
        a = new.get(item_id)
        if a is None:
            continue
        metrics = _metric_changes(b, a)
        regressed = [m.name for m in metrics if m.dropped]
        fixed = [m.name for m in metrics if m.rose]
        kind = _kind(b, a, regressed, fixed)
        if kind is None:
            unchanged += 1
            unchanged_passed += bool(a["passed"])
            continue
        if kind == "failed" and not regressed:
            regressed = ["item"]
        if kind == "passed" and not fixed:
            fixed = ["item"]
        am = a.get("metrics", {})
        reasons = tuple(
            f"{n}: {am[n].get('reason', '')}" if n in am else f"fejl: {a.get('error') or 'fejlede'}"
            for n in regressed
        )
        changes[kind].append(
            ItemChange(
                id=item_id,
                category=a["category"],
                question=a["question"],
                kind=kind,
                regressed=tuple(regressed),
                fixed=tuple(fixed),
                reasons=reasons,
                metrics=tuple(metrics),
                before=b,
                after=a,
            )
        )
    deltas = tuple(
        (k, before["summary"].get(k), after["summary"].get(k))
        for k in ("pass_rate", *THRESHOLD_METRICS, "latency_p50_ms", "latency_p95_ms")
    )
    return Comparison(
        before=_provenance(before),
        after=_provenance(after),
        regressions=tuple(ch for k in REGRESSION_KINDS for ch in changes[k]),
        fixes=tuple(ch for k in FIX_KINDS for ch in changes[k]),
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
