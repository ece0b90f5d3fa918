"""Kilder: the manifest as a table, search across the corpus with filters, and a page reader."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from assistant.errors import MetodeguideError
from assistant.types import SourceDocument
from ui.i18n import kind_label, t
from ui.render import READER_KEY, render_reader_page, render_search_result
from ui.state import get_assistant, get_settings, lang
from ui.text import escape_md

DOC_KEY = "mg_reader_doc"
PAGE_KEY = "mg_reader_page"
QUOTE_KEY = "mg_reader_quote"  # (source, page, quote) to highlight

settings = get_settings()
L = lang()

st.title(t("sources_title", L))
st.caption(t("sources_intro", L))

try:
    assistant = get_assistant(settings, wait_message=t("starting", L))
except MetodeguideError as exc:
    st.error(str(exc))
    st.stop()

docs = assistant.documents()
titles = {str(d["source"]): str(d.get("title") or d["source"]) for d in docs}
st.caption(escape_md(t("corpus_version_sidebar", L, version=assistant.corpus_version)))


def _cell(value: Any) -> Any:
    return "" if value is None else value


table = pd.DataFrame(
    [
        {
            t("col_title", L): _cell(d.get("title")),
            t("col_publisher", L): _cell(d.get("publisher")),
            t("col_year", L): "" if d.get("year") is None else str(d.get("year")),
            t("col_kind", L): kind_label(d.get("kind"), L),
            t("col_chunks", L): int(d.get("chunks") or 0),
            t("col_source", L): d["source"],
        }
        for d in docs
    ]
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        t("col_title", L): st.column_config.TextColumn(width="large"),
        t("col_publisher", L): st.column_config.TextColumn(width="medium"),
        t("col_year", L): st.column_config.TextColumn(width="small"),
        t("col_kind", L): st.column_config.TextColumn(width="small"),
        t("col_chunks", L): st.column_config.NumberColumn(width="small"),
        t("col_source", L): st.column_config.TextColumn(width="medium"),
    },
)

# ------------------------------------------------------------------ search
st.subheader(t("search_heading", L))
kinds = sorted({str(d.get("kind")) for d in docs if d.get("kind")}, key=lambda k: kind_label(k, L))
with st.form("mg_search"):
    query = st.text_input(t("search_label", L), key="mg_search_q")
    c1, c2, c3 = st.columns([3, 2, 1])
    with c1:
        chosen = st.multiselect(
            t("search_docs", L),
            list(titles),
            format_func=lambda s: titles.get(s, s),
            placeholder=t("search_docs_placeholder", L),
            key="mg_search_docs",
        )
    with c2:
        kind = st.selectbox(
            t("search_kind", L),
            [None, *kinds],
            format_func=lambda k: t("search_any", L) if k is None else kind_label(k, L),
            key="mg_search_kind",
        )
    with c3:
        k = st.number_input(t("search_k", L), min_value=1, max_value=20, value=5, step=1, key="mg_search_k")
    searched = st.form_submit_button(t("search_heading", L), type="primary")

if searched and query.strip():
    where: dict[str, Any] = {}
    if len(chosen) == 1:
        where["source"] = chosen[0]
    elif chosen:
        where["source"] = {"$in": list(chosen)}
    if kind is not None:
        where["kind"] = kind
    st.session_state["mg_search_hits"] = assistant.search(query, k=int(k), where=where or None)
hits = st.session_state.get("mg_search_hits")
if hits is not None:
    if not hits:
        st.info(t("search_none", L))
    for i, h in enumerate(hits):
        render_search_result(h, L, f"s_{i}", rank=i + 1)

# ------------------------------------------------------------------ reader
st.subheader(t("reader_heading", L))
request = st.session_state.pop(READER_KEY, None)
if request is not None and request.get("source") in titles:
    st.session_state[DOC_KEY] = request["source"]
    if request.get("page") is not None:
        st.session_state[PAGE_KEY] = int(request["page"])
    st.session_state[QUOTE_KEY] = (request["source"], request.get("page"), request.get("quote") or "")
    st.session_state.pop("mg_reader_page_sel", None)

if not titles:
    st.stop()
source = st.selectbox(t("reader_doc", L), list(titles), format_func=lambda s: titles.get(s, s), key=DOC_KEY)
doc: SourceDocument = assistant.document(source)
pages = [p.page for p in doc.pages]
quote_for = st.session_state.get(QUOTE_KEY)

page: int | None
if pages:
    if st.session_state.get(PAGE_KEY) not in pages:
        st.session_state[PAGE_KEY] = pages[0]
    page = st.selectbox(t("reader_page", L), pages, key=PAGE_KEY)
    span = next(p for p in doc.pages if p.page == page)
    text = doc.text[span.start : span.end]
    st.caption(t("reader_of", L, page=page, n=pages[-1]))
    if page in doc.ocr_pages:
        st.caption(t("reader_ocr", L))
else:
    page = None
    text = doc.text
    st.caption(t("reader_no_pages", L))

quote = ""
if quote_for is not None and quote_for[0] == source and (quote_for[1] is None or quote_for[1] == page):
    quote = quote_for[2]
render_reader_page(text, quote, L)
