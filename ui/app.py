"""Metodeguiden's Streamlit entry point: page frame, language switch, navigation and access.

Run it as ``make run`` does::

    streamlit run ui/app.py --server.address 127.0.0.1 --server.port 8501 \
        --server.headless true --browser.gatherUsageStats false

Settings come from ``Settings.load()`` (``metodeguide.toml`` < environment). Errors on a page are
shown as one short Danish sentence; tracebacks go to the server log only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
for _var, _val in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False")):
    os.environ.setdefault(_var, _val)

import logging  # noqa: E402

import streamlit as st  # noqa: E402

from assistant.errors import ConfigError, MetodeguideError  # noqa: E402
from ui import access  # noqa: E402
from ui.i18n import t  # noqa: E402
from ui.render import inject_css  # noqa: E402
from ui.state import LANG_KEY, get_settings, lang  # noqa: E402

log = logging.getLogger("metodeguide.ui")
UI_DIR = Path(__file__).resolve().parent

WIDE_PAGES = ("kilder", "korpus", "evaluering")  # tables and metrics need the width; chat reads best narrow
inject_css()

with st.sidebar:
    st.segmented_control(
        t("lang_label", lang()),
        ["da", "en"],
        format_func={"da": "Dansk", "en": "English"}.__getitem__,
        default="da",
        required=True,
        key=LANG_KEY,
    )
L = lang()

try:
    settings = get_settings()
except ConfigError as exc:
    st.error(str(exc))
    st.stop()

WORK_PAGES = {
    "chat": st.Page(
        UI_DIR / "views" / "chat.py",
        title=t("nav_chat", L),
        icon=":material/chat:",
        url_path="chat",
        default=True,
    ),
    "sagstjek": st.Page(
        UI_DIR / "views" / "sagstjek.py",
        title=t("nav_check", L),
        icon=":material/fact_check:",
        url_path="sagstjek",
    ),
    "kilder": st.Page(
        UI_DIR / "views" / "kilder.py",
        title=t("nav_sources", L),
        icon=":material/library_books:",
        url_path="kilder",
    ),
}
ADMIN_PAGES = {
    "korpus": st.Page(
        UI_DIR / "views" / "korpus.py",
        title=t("nav_corpus", L),
        icon=":material/upload_file:",
        url_path="korpus",
    ),
    "evaluering": st.Page(
        UI_DIR / "views" / "evaluering.py",
        title=t("nav_eval", L),
        icon=":material/analytics:",
        url_path="evaluering",
    ),
}
page = st.navigation(
    {
        t("nav_section_work", L): list(WORK_PAGES.values()),
        t("nav_section_admin", L): list(ADMIN_PAGES.values()),
    }
)

st.set_page_config(
    page_title="Metodeguiden",
    page_icon=":material/menu_book:",
    layout="wide" if page.url_path in WIDE_PAGES else "centered",
)

with st.sidebar:
    access.sidebar_status(settings, L)

is_work_page = page.url_path in WORK_PAGES or page.url_path == ""
if is_work_page and not access.require_user(settings, L):
    st.stop()
try:
    page.run()
except MetodeguideError as exc:
    st.error(str(exc))
except Exception:  # noqa: BLE001 - the app must never show a traceback; details go to the log
    log.exception("Uventet fejl på siden %s", page.url_path)
    st.error(t("unexpected_error", L))
