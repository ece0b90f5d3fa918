"""Evaluering, "Sammenlign kørsler": pick two saved runs and see what changed between them.

The comparison itself is ``evals.compare.compare_runs`` (regressions first: passed → failed, then
metric drops; then fixes); this module only picks, loads and renders. Runs of two different sets
are refused: item ids are a set's own, so ``t1`` of one set is not ``t1`` of another. Questions,
expectations and answers are data: every piece goes through ``escape_md``.

    >>> render_compare(settings.data_dir, "da")     # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from assistant.errors import EvalSetError
from evals.compare import Comparison, ItemChange, MetricChange, compare_runs, load_run
from evals.report import category_label, failure_reasons, fmt
from evals.runs import SavedRun, list_runs, read_saved
from ui.i18n import metric_label, t
from ui.text import escape_md

BEFORE_KEY = "mg_cmp_before"
AFTER_KEY = "mg_cmp_after"
KIND_COLORS = {"failed": "red", "metric_drop": "orange", "passed": "green", "metric_rise": "blue"}


@st.cache_data(show_spinner=False, max_entries=512)
def _saved(path: str, mtime_ns: int) -> SavedRun | None:
    return read_saved(Path(path))


@st.cache_data(show_spinner=False, max_entries=8)
def _load(path: str, mtime_ns: int) -> dict[str, Any]:
    return load_run(path)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def saved_runs(data_dir: Path) -> list[SavedRun]:
    """The saved runs, newest first; each run.json is read once per change of the file."""
    return list_runs(data_dir, read=lambda p: _saved(str(p), _mtime(p)))


def when(timestamp: str) -> str:
    """``2025-01-02T10:00:00+00:00`` → ``2025-01-02 10:00:00 UTC``; anything else as written."""
    try:
        dt = datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp
    if dt.utcoffset() == timedelta(0):
        return dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    return dt.isoformat(sep=" ")


def run_label(run: SavedRun, lang: str) -> str:
    """How a run is listed: set, time, code version, passed of n (plain text: a selectbox option)."""
    return t(
        "eval_run_label",
        lang,
        set=run.set_name,
        ts=when(run.timestamp),
        code=run.code_version,
        passed=run.passed,
        n=run.n,
    )


def default_pair(runs: Sequence[SavedRun]) -> tuple[int, int]:
    """(before, after) indexes to start with: the newest run of a set saved at least twice and the
    run of that set just before it; (1, 0) when no set has two runs."""
    for after, run in enumerate(runs):
        for before in range(after + 1, len(runs)):
            if runs[before].set_name == run.set_name:
                return before, after
    return 1, 0


def _value(v: Any, ms: bool) -> str:
    return fmt(v, 0 if ms else 2)


def _change(b: Any, a: Any, ms: bool) -> str:
    if b is None or a is None:
        return "–"
    return f"{float(a) - float(b):+.{0 if ms else 2}f}"


def metric_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """One row per headline metric measured in either run: before, after, change."""
    rows = [
        {
            t("col_metric", lang): metric_label(name, lang),
            t("col_before", lang): _value(b, name.endswith("_ms")),
            t("col_after", lang): _value(a, name.endswith("_ms")),
            t("col_change", lang): _change(b, a, name.endswith("_ms")),
        }
        for name, b, a in comparison.deltas
        if b is not None or a is not None
    ]
    return pd.DataFrame(rows).set_index(t("col_metric", lang))


def _verdict_value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return t("yes" if v else "no", lang).lower()
    return str(v)


def expected_text(expected: Mapping[str, Any], lang: str) -> str:
    """What the item expects, in one line: facts, sources, quote, verdict, abstain, clarify."""
    parts = []
    facts = [" / ".join(f'"{alt}"' for alt in fact) for fact in expected.get("facts") or []]
    if facts:
        parts.append(f"{t('exp_facts', lang)}: {', '.join(facts)}")
    if expected.get("sources"):
        parts.append(f"{t('exp_sources', lang)}: {', '.join(map(str, expected['sources']))}")
    if expected.get("quote"):
        parts.append(f'{t("exp_quote", lang)}: "{expected["quote"]}"')
    if expected.get("verdict"):
        shown = ", ".join(f"{k} = {_verdict_value(v, lang)}" for k, v in expected["verdict"].items())
        parts.append(f"{t('exp_verdict', lang)}: {shown}")
    if expected.get("abstain"):
        parts.append(t("exp_abstain", lang))
    if expected.get("clarify"):
        parts.append(t("exp_clarify", lang))
    return " · ".join(parts) if parts else t("exp_none", lang)


def metric_change_text(m: MetricChange, lang: str) -> str:
    return f"{metric_label(m.name, lang)} {fmt(m.before_value)} → {fmt(m.after_value)}"


def _side(item: Mapping[str, Any], heading: str, lang: str) -> None:
    passed = bool(item.get("passed"))
    st.markdown(f"**{escape_md(heading)}**")
    st.badge(t("result_passed" if passed else "result_failed", lang), color="green" if passed else "red")
    answer = item.get("answer") or {}
    if answer.get("abstained"):
        st.caption(t("eval_abstained", lang))
    text = str(answer.get("answer") or "")
    st.markdown(escape_md(text) if text.strip() else t("eval_no_answer", lang))
    for reason in failure_reasons(item):
        st.caption(escape_md(reason))


def render_change(change: ItemChange, comparison: Comparison, lang: str, n: int) -> None:
    """Changed item ``n``: what changed, question, expected, and both answers side by side
    (a bordered container with the CSS class ``st-key-mg_cmp_change_<n>``)."""
    with st.container(border=True, key=f"mg_cmp_change_{n}"):
        st.badge(t(f"change_{change.kind}", lang), color=KIND_COLORS[change.kind])  # type: ignore[arg-type]
        st.markdown(f"**{escape_md(change.id)}** · {escape_md(category_label(change.category))}")
        st.markdown(f"**{t('eval_question', lang)}:** {escape_md(change.question)}")
        expected = change.after.get("expected") or change.before.get("expected") or {}
        st.markdown(f"**{t('eval_expected', lang)}:** {escape_md(expected_text(expected, lang))}")
        if change.metrics:
            shown = "; ".join(metric_change_text(m, lang) for m in change.metrics)
            st.markdown(f"**{t('eval_changed_metrics', lang)}:** {escape_md(shown)}")
        left, right = st.columns(2)
        with left:
            _side(change.before, f"{t('eval_compare_before', lang)} · {when(str(comparison.before['timestamp']))}", lang)
        with right:
            _side(change.after, f"{t('eval_compare_after', lang)} · {when(str(comparison.after['timestamp']))}", lang)


def render_comparison(comparison: Comparison, lang: str) -> None:
    st.markdown(f"**{t('eval_compare_metrics', lang)}**")
    st.table(metric_table(comparison, lang))
    st.markdown("**" + t("eval_compare_changed", lang, r=len(comparison.regressions), f=len(comparison.fixes)) + "**")
    for n, change in enumerate((*comparison.regressions, *comparison.fixes)):
        render_change(change, comparison, lang, n)
    n, p = comparison.unchanged, comparison.unchanged_passed
    if n:
        st.caption(t("eval_compare_unchanged", lang, n=n, p=p, f=n - p))
    if comparison.added:
        st.caption(escape_md(t("eval_compare_added", lang, ids=", ".join(comparison.added))))
    if comparison.removed:
        st.caption(escape_md(t("eval_compare_removed", lang, ids=", ".join(comparison.removed))))


def render_compare(data_dir: Path, lang: str) -> None:
    """The whole tab: two pickers (newest run and the newest earlier run of its set preselected),
    then the comparison, or a message saying why there is none."""
    st.caption(t("eval_compare_intro", lang))
    runs = saved_runs(data_dir)
    if len(runs) < 2:
        st.info(t("eval_compare_too_few", lang))
        return
    by_path = {str(r.path): r for r in runs}
    options = list(by_path)
    before_i, after_i = default_pair(runs)
    c1, c2 = st.columns(2)
    before_path = c1.selectbox(
        t("eval_compare_before", lang),
        options,
        index=before_i,
        format_func=lambda p: run_label(by_path[p], lang),
        key=BEFORE_KEY,
    )
    after_path = c2.selectbox(
        t("eval_compare_after", lang),
        options,
        index=after_i,
        format_func=lambda p: run_label(by_path[p], lang),
        key=AFTER_KEY,
    )
    if before_path is None or after_path is None:
        return
    before, after = by_path[before_path], by_path[after_path]
    if before.path == after.path:
        st.info(t("eval_compare_same_run", lang))
        return
    if before.set_name != after.set_name:
        st.error(escape_md(t("eval_compare_other_set", lang, before=before.set_name, after=after.set_name)))
        return
    try:
        comparison = compare_runs(_load(str(before.path), _mtime(before.path)), _load(str(after.path), _mtime(after.path)))
    except EvalSetError as exc:
        st.error(escape_md(t("eval_compare_unreadable", lang, msg=str(exc))))
        return
    render_comparison(comparison, lang)
