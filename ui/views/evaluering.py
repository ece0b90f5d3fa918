"""Evaluering (admin): run a question set with progress, see metrics, per-category chart, per-item
table, comparison with the previous run, downloads; compare any two saved runs; plus the feedback
list and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from assistant.audit import AuditLog, FeedbackStore
from assistant.errors import EvalSetError, MetodeguideError
from assistant.settings import PROJECT_ROOT
from evals.compare import load_run
from evals.runs import APP_RUNS
from ui import access
from ui.i18n import t
from ui.run_compare import render_compare, saved_runs
from ui.state import get_assistant, get_settings, lang
from ui.text import escape_md

RUN_KEY = "mg_eval_run"  # {"run": run dict, "dir": str, "previous": run dict | None}
SETS_DIR = PROJECT_ROOT / "evals" / "sets"

settings = get_settings()
L = lang()

st.title(t("eval_title", L))
if not access.require_admin(settings, L):
    st.stop()
st.caption(t("eval_intro", L))

runs_dir = Path(settings.data_dir) / APP_RUNS
tab_run, tab_compare, tab_feedback, tab_audit = st.tabs(
    [t("eval_tab_run", L), t("eval_tab_compare", L), t("eval_tab_feedback", L), t("eval_tab_audit", L)]
)


def _previous_run(set_name: str, exclude: Path) -> dict[str, Any] | None:
    """The newest saved run of ``set_name`` other than the one in folder ``exclude``."""
    for saved in saved_runs(Path(settings.data_dir)):
        if saved.set_name == set_name and saved.path.parent != exclude:
            try:
                return load_run(saved.path)
            except EvalSetError:
                continue
    return None


with tab_run:
    sets = sorted(SETS_DIR.glob("*.yaml")) + sorted(SETS_DIR.glob("*.csv"))
    if not sets:
        st.info(escape_md(t("eval_no_sets", L, path=str(SETS_DIR))))
    with st.form("mg_eval_form"):
        chosen = st.selectbox(t("eval_set", L), sets, format_func=lambda p: p.name, key="mg_eval_set")
        uploaded = st.file_uploader(t("eval_upload", L), type=["yaml", "yml", "csv"], key="mg_eval_upload")
        go = st.form_submit_button(t("eval_run", L), type="primary")

    if go:
        from evals.runner import run_set, write_run
        from evals.schema import EvalSet, load_set, parse_csv, parse_yaml

        eval_set: EvalSet | None = None
        try:
            if uploaded is not None:
                name = Path(uploaded.name).name
                text = uploaded.getvalue().decode("utf-8-sig")
                parsed = parse_csv(text, name) if name.lower().endswith(".csv") else parse_yaml(text, name)
                eval_set = EvalSet(name=Path(name).stem, items=parsed.items, path=None)
            elif chosen is not None:
                eval_set = load_set(chosen)
        except (EvalSetError, UnicodeDecodeError) as exc:
            st.error(escape_md(t("eval_bad_set", L, msg=str(exc))))
        if eval_set is not None:
            try:
                assistant = get_assistant(settings, wait_message=t("starting", L))
            except MetodeguideError as exc:
                st.error(str(exc))
                st.stop()
            bar = st.progress(0.0, text=t("eval_progress", L, i=0, n=len(eval_set.items)))

            def progress(done: int, total: int, item_id: str) -> None:
                bar.progress(done / max(total, 1), text=t("eval_progress", L, i=done, n=total))

            run = run_set(eval_set, assistant, settings=settings, progress=progress, show_progress=False)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            out = runs_dir / f"{stamp}_{eval_set.name}"
            write_run(run, out)
            data = run.to_dict()
            st.session_state[RUN_KEY] = {
                "run": data,
                "dir": str(out),
                "previous": _previous_run(eval_set.name, out),
            }

    state = st.session_state.get(RUN_KEY)
    if state:
        from evals.report import CATEGORY_LABELS, HEADLINE, failure_reasons

        data, out = state["run"], Path(state["dir"])
        s = data["summary"]
        st.subheader(escape_md(f"{data['set']} · {s['passed']}/{s['n']}"))
        cols = st.columns(4)
        for i, (key, _) in enumerate(HEADLINE):
            value = s.get(key)
            cols[i % 4].metric(
                t(f"metric_{key}", L), "–" if value is None else f"{value:.2f}", help=t(f"metric_{key}_help", L)
            )
        st.markdown("**" + t("eval_by_category", L) + "**")
        cat = pd.DataFrame(
            {
                t("col_category", L): [CATEGORY_LABELS.get(c, c) for c in data["categories"]],
                t("col_passed", L): [v.get("pass_rate") or 0.0 for v in data["categories"].values()],
            }
        )
        st.bar_chart(cat, x=t("col_category", L), y=t("col_passed", L), horizontal=True)

        previous = state.get("previous")
        st.markdown("**" + t("eval_compare", L) + "**")
        if previous is None:
            st.caption(t("eval_no_previous", L))
        else:
            from evals.compare import compare_runs

            comparison = compare_runs(previous, data)
            st.caption(escape_md(t("eval_compare_with", L, ts=str(previous.get("timestamp", "")))))
            rows = [
                {
                    "": t(label, L),
                    "id": c.id,
                    t("col_question", L): c.question,
                    t("col_metrics", L): ", ".join(c.regressed or c.fixed),
                    t("col_missing", L): "; ".join(c.reasons),
                }
                for label, changes in (("regression", comparison.regressions), ("fixed", comparison.fixes))
                for c in changes
            ]
            if rows:
                st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            else:
                st.caption(t("eval_no_changes", L, n=comparison.unchanged))

        st.markdown("**" + t("eval_items", L) + "**")
        items = sorted(data["items"], key=lambda i: (i["passed"], i["category"], i["id"]))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col_passed", L): t("yes", L) if i["passed"] else t("no", L),
                        "id": i["id"],
                        t("col_category", L): CATEGORY_LABELS.get(i["category"], i["category"]),
                        t("col_question", L): i["question"],
                        t("col_answer", L): i["answer"].get("answer", ""),
                        t("col_missing", L): "; ".join(failure_reasons(i)),
                    }
                    for i in items
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        c1, c2, c3 = st.columns(3)
        for col, fname, label, mime in (
            (c1, "report.md", "eval_download_md", "text/markdown"),
            (c2, "report.html", "eval_download_html", "text/html"),
            (c3, "run.json", "eval_download_json", "application/json"),
        ):
            path = out / fname
            if path.is_file():
                col.download_button(
                    t(label, L), path.read_bytes(), file_name=fname, mime=mime, on_click="ignore"
                )

with tab_compare:
    render_compare(Path(settings.data_dir), L)

with tab_feedback:
    entries = FeedbackStore(settings.feedback_db).list()
    if not entries:
        st.caption(t("feedback_none", L))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col_time", L): e.ts,
                        t("col_rating", L): t("rating_up", L) if e.rating > 0 else t("rating_down", L),
                        t("col_question", L): e.question,
                        t("col_answer", L): e.answer,
                        t("col_comment", L): e.comment,
                    }
                    for e in entries
                ]
            ),
            hide_index=True,
            width="stretch",
        )

with tab_audit:
    include_eval = st.toggle(t("audit_include_eval", L), value=False, key="mg_audit_include_eval")
    log_entries = AuditLog(settings.audit_db).recent(500, include_eval=include_eval)
    if not log_entries:
        st.caption(t("audit_none", L))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col_time", L): e.ts,
                        t("col_question", L): e.question,
                        t("col_origin", L): t(f"origin_{e.origin}", L),
                        t("col_abstained", L): t("yes", L) if e.abstained else "",
                        t("col_mode", L): e.mode,
                        t("col_verdicts", L): ", ".join(e.verdict_ids),
                        t("corpus_version", L): e.corpus_version,
                    }
                    for e in log_entries
                ]
            ),
            hide_index=True,
            width="stretch",
        )
