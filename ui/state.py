"""Process-wide resources and per-session state for the app.

- ``get_settings()``: ``Settings.load()`` once per script run (environment may differ per test).
- ``get_assistant(settings)``: one ``Assistant`` per process and index generation
  (``st.cache_resource`` holding a background load); a new ingest (here or by the CLI) changes
  ``CURRENT.json`` and so the key. ``start_loading`` starts it early, before the page draws.
- ``history()``: this browser session's conversation (``st.session_state``), never shared.
- ``restore_conversation`` / ``save_conversation``: the conversation is also kept on this
  machine (``ui.conversations``) under a random id in the URL (``?c=``), so a reload restores
  it; ``?b=`` is this browser's id, by which the sidebar lists its recent conversations.

    >>> from ui.state import get_settings, get_assistant     # doctest: +SKIP
    >>> a = get_assistant(get_settings())                    # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from assistant.errors import MetodeguideError
from assistant.settings import Settings
from assistant.types import Answer
from ui.conversations import ConversationStore, answer_from_dict, answer_to_dict, new_id, valid_id

if TYPE_CHECKING:
    from assistant.assistant import Assistant

log = logging.getLogger("metodeguide.ui")

LANG_KEY = "mg_lang"
HISTORY_KEY = "mg_history"
CONVERSATION_KEY = "mg_conversation"  # id of the conversation in HISTORY_KEY (None until saved)
BROWSER_KEY = "mg_browser"
SAVED_KEY = "mg_conversation_saved"  # what was last written, so an unchanged run writes nothing


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
    """Start a new conversation (the stored one stays and is listed in the sidebar)."""
    st.session_state[HISTORY_KEY] = []
    st.session_state[CONVERSATION_KEY] = None
    st.session_state.pop(SAVED_KEY, None)
    if "c" in st.query_params:
        del st.query_params["c"]


# --------------------------------------------------------------------------- stored conversations


def turn_to_dict(turn: Turn) -> dict[str, Any]:
    return {
        "id": turn.id,
        "question": turn.question,
        "feedback_sent": turn.feedback_sent,
        "answer": answer_to_dict(turn.answer),
    }


def turn_from_dict(d: dict[str, Any]) -> Turn:
    return Turn(
        question=str(d["question"]),
        answer=answer_from_dict(d["answer"]),
        id=str(d.get("id") or uuid.uuid4().hex[:12]),
        feedback_sent=bool(d.get("feedback_sent", False)),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def conversation_store(path: str) -> ConversationStore:
    """One store per file and process (it holds one connection, used under a lock)."""
    return ConversationStore(path)


def browser_id() -> str:
    """This browser's id: the URL's ``?b=``, else the session's, else a new one (put in the URL)."""
    b = valid_id(st.query_params.get("b")) or st.session_state.get(BROWSER_KEY) or new_id()
    st.session_state[BROWSER_KEY] = b
    if st.query_params.get("b") != b:
        st.query_params["b"] = b
    return str(b)


def current_conversation() -> str | None:
    value = st.session_state.get(CONVERSATION_KEY)
    return str(value) if value else None


def restore_conversation(store: ConversationStore) -> None:
    """Show the URL's conversation (``?c=``): after a reload or from a link it is read back from
    the store; a page switch that dropped the parameter gets it back."""
    wanted = valid_id(st.query_params.get("c"))
    current = current_conversation()
    if wanted is None:
        if current is not None:
            st.query_params["c"] = current
        elif "c" in st.query_params:
            del st.query_params["c"]  # not an id we made
        return
    if wanted == current:
        return
    stored = store.load(wanted) or []
    try:
        turns = [turn_from_dict(d) for d in stored]
    except (KeyError, TypeError, ValueError, MetodeguideError):
        log.warning("Samtalen %s kan ikke læses tilbage; den vises tom.", wanted)
        turns = []
    st.session_state[HISTORY_KEY] = turns
    st.session_state[CONVERSATION_KEY] = wanted
    st.session_state[SAVED_KEY] = json.dumps(stored, ensure_ascii=False, sort_keys=True)


def save_conversation(store: ConversationStore, browser: str) -> str | None:
    """Store the session's conversation (a new one gets an id, also put in the URL); returns the
    store's error message when it could not be written, else None."""
    turns = history()
    if not turns:
        return None
    cid = current_conversation() or new_id()
    st.session_state[CONVERSATION_KEY] = cid
    if st.query_params.get("c") != cid:
        st.query_params["c"] = cid
    data = [turn_to_dict(t) for t in turns]
    stamp = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if st.session_state.get(SAVED_KEY) == stamp:
        return None
    if not store.save(cid, browser, data):
        return store.last_error or "ukendt fejl"
    st.session_state[SAVED_KEY] = stamp
    return None


def open_conversation(conversation_id: str) -> None:
    """Sidebar callback: show a stored conversation (read on the rerun)."""
    st.query_params["c"] = conversation_id


def delete_conversation(store: ConversationStore, conversation_id: str, browser: str) -> None:
    """Sidebar callback: delete one of this browser's conversations (a new one if it was open)."""
    store.delete(conversation_id, browser)
    if conversation_id == current_conversation():
        reset_history()


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
