"""Korpus (admin): upload documents (checked by content), run ingestion with progress and a live
log, and show what was added, changed, removed and skipped, and the ingest warnings (per file, what
was repaired or could not be read, e.g. a PDF page without text or read with OCR); correct a
document's title, kind, year and publisher (stored in the manifest, then re-ingested). Everything
from files or typed by the admin is shown as escaped text. A failed ingestion keeps the old index."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.errors import MetodeguideError
from ingest.manifest import save_edit
from ingest.manifest_edits import KINDS, validate_edit
from ui import access
from ui.i18n import kind_label, t
from ui.state import flash, get_assistant, get_settings, lang, pop_flashes, reload_assistant
from ui.text import escape_md
from ui.upload import SavedUpload, UploadRejected, loader_problem, save_upload, sniff, undo_upload

RESULT_KEY = "mg_ingest_result"
MAX_SHOWN = 50  # warning or skip lines listed on the page; the rest are counted (all are in the log)

settings = get_settings()
L = lang()

st.title(t("corpus_title", L))
if not access.require_admin(settings, L):
    st.stop()
st.caption(t("corpus_intro", L))

for kind, message in pop_flashes():
    getattr(st, kind)(message)

# ------------------------------------------------------------------ the index now
st.subheader(t("corpus_index", L))
docs: list[dict[str, Any]] = []
try:
    assistant = get_assistant(settings, wait_message=t("starting", L))
except MetodeguideError as exc:
    st.warning(str(exc))
else:
    docs = assistant.documents()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("corpus_docs", L), len(docs))
    c2.metric(t("corpus_chunks", L), sum(int(d.get("chunks") or 0) for d in docs))
    c3.metric(t("corpus_version", L), assistant.corpus_version)

corpus_dir = Path(settings.corpus_dir)
files = sorted(p.name for p in corpus_dir.glob("*") if p.is_file() and not p.name.startswith("."))
with st.expander(escape_md(t("corpus_files", L, path=str(corpus_dir))) + f" — {len(files)}"):
    st.text("\n".join(files) or "–")


# ------------------------------------------------------------------ ingestion
def _names(items: Sequence[Any]) -> list[str]:
    return [str(x[0]) if isinstance(x, tuple | list) else str(x) for x in items]


def run_ingest(log_lines: list[str], rebuild: bool = False) -> tuple[Any | None, str | None]:
    """Run ``ingest`` with a progress bar and a live log: (report, None) or (None, error message)."""
    from ingest.pipeline import ingest

    bar = st.progress(0.0, text=t("ingest_running", L))
    box = st.empty()
    last = [0.0]

    def log(message: Any) -> None:
        log_lines.append(str(message))
        now = time.monotonic()
        if now - last[0] > 0.15:
            last[0] = now
            box.code("\n".join(log_lines[-15:]), language=None)

    def progress(stage: str, done: int, total: int) -> None:
        if total:
            bar.progress(min(1.0, done / total), text=f"{t('ingest_running', L)} {stage} {done}/{total}")

    try:
        report = ingest(settings, rebuild=rebuild, progress=False, log=log, on_progress=progress)
    except MetodeguideError as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"{exc.strerror or exc}."
    reload_assistant(settings)
    return report, None


def _summarise(report: Any, dropped: set[str]) -> dict[str, Any]:
    return {
        "summary": report.summary().splitlines()[0],
        "added": _names(report.added),
        "changed": _names(report.changed),
        "removed": _names(report.removed),
        "unchanged": _names(report.unchanged),
        "skipped": [(str(f), str(r)) for f, r in report.skipped if Path(str(f)).name not in dropped],
        "warnings": [(str(f), str(w)) for f, w in report.warnings if Path(str(f)).name not in dropped],
    }


def _listing(title: str, items: Sequence[tuple[str, str]]) -> str:
    """``**title**`` and one ``- file: note`` line per item, file and note Markdown-escaped."""
    lines = [f"- {escape_md(f)}: {escape_md(r)}" for f, r in items[:MAX_SHOWN]]
    if len(items) > MAX_SHOWN:
        lines.append(escape_md(t("res_more", L, n=len(items) - MAX_SHOWN)))
    return "**" + title + "**\n\n" + "\n".join(lines)


def handle(uploads: Sequence[Any], ingest_wanted: bool, rebuild: bool) -> dict[str, Any]:
    """Save the uploads that pass the checks, ingest, and take back uploads the loader refused."""
    result: dict[str, Any] = {"rejected": [], "saved": [], "not_kept": [], "log": []}
    saved: list[tuple[str, SavedUpload]] = []
    for up in uploads:
        data = up.getvalue()
        try:
            if len(data) <= settings.max_upload_mb * 1024 * 1024:
                problem = loader_problem(up.name, data, sniff(data, up.name))
                if problem is not None:
                    raise UploadRejected(t("upload_unreadable", L, reason=problem))
            saved.append((up.name, save_upload(up.name, data, corpus_dir, settings.max_upload_mb)))
        except UploadRejected as exc:
            result["rejected"].append((up.name, str(exc)))
    result["saved"] = [(original, s.name) for original, s in saved]
    if not saved and not ingest_wanted:
        return result
    report, error = run_ingest(result["log"], rebuild=rebuild)
    if report is None:
        for _, s in saved:
            undo_upload(s)
        result["saved"] = []
        result["failed"] = error
        return result
    reasons = {Path(str(f)).name: str(r) for f, r in report.skipped}
    bad = [(o, s) for o, s in saved if s.name in reasons]
    for original, s in bad:
        undo_upload(s)
        result["not_kept"].append((original, reasons[s.name]))
    result["saved"] = [(o, s.name) for o, s in saved if (o, s) not in bad]
    if bad:  # the folder changed back (refused file removed or old version restored): index it again
        again_report, _ = run_ingest(result["log"])
        report = again_report or report
    result.update(_summarise(report, {s.name for _, s in bad}))
    return result


with st.form("mg_upload", clear_on_submit=True):
    uploads = st.file_uploader(
        t("upload_label", L),
        accept_multiple_files=True,
        help=t("upload_help", L, mb=settings.max_upload_mb),
        key="mg_upload_files",
    )
    st.caption(t("upload_help", L, mb=settings.max_upload_mb))
    submitted = st.form_submit_button(t("upload_submit", L), type="primary")

c1, c2 = st.columns(2)
again = c1.button(t("ingest_only", L), key="mg_ingest_again")
rebuild = c2.button(t("ingest_rebuild", L), key="mg_ingest_rebuild")

if submitted or again or rebuild:
    st.session_state[RESULT_KEY] = handle(
        uploads or [], ingest_wanted=bool(again or rebuild), rebuild=bool(rebuild)
    )
    st.rerun()  # show the page (index figures included) as it is after the ingest

result = st.session_state.get(RESULT_KEY)
if result:
    for name, msg in result.get("rejected", []):
        st.error(escape_md(t("upload_rejected", L, name=name, msg=msg)))
    for name, safe in result.get("saved", []):
        st.success(escape_md(t("upload_saved", L, name=name, safe=safe)))
    for name, reason in result.get("not_kept", []):
        st.error(escape_md(t("upload_not_kept", L, name=name, reason=reason)))
    if result.get("failed"):
        st.error(t("ingest_failed", L, msg=result["failed"]))
    if "added" in result:
        st.success(escape_md(result["summary"]))
        cols = st.columns(4)
        for col, key in zip(cols, ("added", "changed", "removed", "unchanged"), strict=True):
            col.metric(t(f"res_{key}", L), len(result[key]))
            if result[key] and key != "unchanged":
                col.caption(escape_md(", ".join(result[key])))
        if result["skipped"]:
            st.warning(_listing(t("res_skipped", L), result["skipped"]))
        if result.get("warnings"):
            st.warning(_listing(t("res_warnings", L), result["warnings"]))
    if result.get("log"):
        with st.expander(t("ingest_log", L)):
            st.code("\n".join(result["log"][-200:]), language=None)


# ------------------------------------------------------------------ metadata
def metadata_form(docs: Sequence[dict[str, Any]]) -> None:
    """Title, kind, year and publisher of one document; saved in the manifest, then re-ingested."""
    st.subheader(t("meta_heading", L))
    st.caption(t("meta_intro", L))
    rows = {str(d["source"]): d for d in docs}
    source = st.selectbox(
        t("meta_doc", L),
        list(rows),
        format_func=lambda s: f"{rows[s].get('title') or s} ({s})",
        key="mg_meta_doc",
    )
    row = rows[source]
    if row.get("edited"):
        st.caption(t("meta_edited", L))
    kind = str(row.get("kind") or "document")
    # Keys per document, so choosing another document shows its values.
    with st.form(f"mg_meta_form_{source}"):
        title = st.text_input(t("col_title", L), value=str(row.get("title") or ""), key=f"mg_meta_title_{source}")
        c1, c2, c3 = st.columns([2, 1, 3])
        new_kind = c1.selectbox(
            t("col_kind", L),
            KINDS,
            index=KINDS.index(kind) if kind in KINDS else KINDS.index("document"),
            format_func=lambda k: kind_label(k, L),
            key=f"mg_meta_kind_{source}",
        )
        year = c2.text_input(
            t("col_year", L),
            value="" if row.get("year") is None else str(row["year"]),
            help=t("meta_year_help", L),
            key=f"mg_meta_year_{source}",
        )
        publisher = c3.text_input(
            t("col_publisher", L),
            value=str(row.get("publisher") or ""),
            help=t("meta_publisher_help", L),
            key=f"mg_meta_publisher_{source}",
        )
        saved = st.form_submit_button(t("meta_save", L), type="primary")
    if not saved:
        return
    try:
        save_edit(settings.manifest_path, validate_edit(source, title, new_kind, year, publisher))
    except MetodeguideError as exc:
        st.error(escape_md(str(exc)))
        return
    report, error = run_ingest([])
    if report is None:
        flash("warning", escape_md(t("meta_saved_not_indexed", L, source=source, msg=error)))
    else:
        flash("success", escape_md(t("meta_saved", L, source=source)))
    st.rerun()


if docs:
    metadata_form(docs)
