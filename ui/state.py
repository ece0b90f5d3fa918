"""Process-wide resources and per-session state for the app.

- ``get_settings()``: ``Settings.load()`` once per script run (environment may differ per test).
- ``get_assistant(settings)``: one ``Assistant`` per process and index generation
  (``st.cache_resource`` holding a background load); a new ingest (here or by the CLI) changes
  ``CURRENT.json`` and so the key. ``start_loading`` starts it early, before the page draws.
- ``history()``: this browser session's conversation (``st.session_state``), never shared.

    >>> from ui.state import get_settings, get_assistant     # doctest: +SKIP
    >>> a = get_assistant(get_settings())                    # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from assistant.settings import Settings
from assistant.types import Answer

if TYPE_CHECKING:
    from assistant.assistant import Assistant

log = logging.getLogger("metodeguide.ui")

LANG_KEY = "mg_lang"
HISTORY_KEY = "mg_history"


@dataclass
class Turn:
    """One question and its answer in this session. ``question`` is the masked text we show."""

    question: str
    answer: Answer
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    feedback_sent: bool = False


def get_settings() -> Settings:
    """The app's settings (``ConfigError`` propagates; the caller shows it)."""
    return Settings.load()


def _index_stamp(settings: Settings) -> str:
    """Changes whenever a new index generation goes live (``CURRENT.json`` is replaced atomically)."""
    if settings.server_mode:
        return f"server:{settings.chroma_host}:{settings.chroma_port}"
    current = Path(settings.data_dir) / "CURRENT.json"
    try:
        st_ = current.stat()
    except OSError:
        return "missing"
    return f"{st_.st_mtime_ns}:{st_.st_size}:{st_.st_ino}"


def index_present(settings: Settings) -> bool:
    """False when the local index has never been built (no ``CURRENT.json``): fail fast then."""
    return _index_stamp(settings) != "missing"


_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mg-load")


def _load(settings: Settings) -> Assistant:
    from assistant.assistant import Assistant

    t0 = time.perf_counter()
    assistant = Assistant.load(settings)
    log.info(
        "Metodeguiden indlæst på %.1f s (korpusversion %s)",
        time.perf_counter() - t0,
        assistant.corpus_version,
    )
    return assistant


@st.cache_resource(show_spinner=False, max_entries=4)
def _assistant_future(settings_key: str, stamp: str, _settings: Settings) -> Future[Assistant]:
    """One load per process, settings and index generation; it runs in a background thread so
    pages can draw (and the chat box accept input) while the index and models load."""
    return _POOL.submit(_load, _settings)


def start_loading(settings: Settings) -> Future[Assistant]:
    """Begin loading the ``Assistant`` (no-op when it is loading or loaded)."""
    return _assistant_future(repr(settings), _index_stamp(settings), settings)


def get_assistant(settings: Settings, wait_message: str | None = None) -> Assistant:
    """The process-wide ``Assistant`` for these settings and the live index generation.

    Waits for the background load (showing ``wait_message`` meanwhile). Raises
    ``IndexMissingError``/``IndexCorruptError``/``StoreUnavailableError``; failures are not
    kept, so the next run tries again (e.g. after an ingest)."""
    future = start_loading(settings)
    if not future.done() and wait_message:
        with st.spinner(wait_message):
            future.exception()
    try:
        return future.result()
    except BaseException:
        _assistant_future.clear()
        raise


def reload_assistant() -> None:
    """Forget every cached ``Assistant`` (after an ingest in this process)."""
    _assistant_future.clear()


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "da")
    return "en" if value == "en" else "da"


def history() -> list[Turn]:
    if HISTORY_KEY not in st.session_state:
        st.session_state[HISTORY_KEY] = []
    turns: list[Turn] = st.session_state[HISTORY_KEY]
    return turns


def reset_history() -> None:
    st.session_state[HISTORY_KEY] = []


def flash(kind: str, message: str) -> None:
    """Queue a message to show on the next run (survives ``st.rerun``)."""
    st.session_state.setdefault("mg_flash", []).append((kind, message))


def pop_flashes() -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = st.session_state.pop("mg_flash", [])
    return items


@st.cache_data(show_spinner=False, max_entries=8)
def _titles(corpus_version: str, _assistant: Any) -> dict[str, str]:
    return {str(d["source"]): str(d.get("title") or d["source"]) for d in _assistant.documents()}


def document_titles(assistant: Assistant) -> dict[str, str]:
    """Source file name → title for the live corpus (cached per corpus version)."""
    return _titles(assistant.corpus_version, assistant)
