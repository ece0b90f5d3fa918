"""Process-wide resources and per-session state for the app.

- ``get_settings()``: ``Settings.load()`` once per script run (environment may differ per test).
- ``get_assistant(settings)``: the process's ``Assistant`` for the live index generation
  (``st.cache_resource`` holding an ``assistant.live.LiveAssistant``): loaded in the background;
  a new ingest (here, by the CLI or by another app process on the same data dir) replaces
  ``CURRENT.json`` and the next requests switch to it without a restart. ``start_loading``
  starts the first load early, before the page draws.
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
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from assistant.errors import MetodeguideError
from assistant.settings import Settings
from assistant.types import Answer
from ui.conversations import (
    INTERRUPTED_AFTER_S,
    ConversationStore,
    answer_from_dict,
    answer_to_dict,
    new_id,
    valid_id,
)

if TYPE_CHECKING:
    from assistant.assistant import Assistant
    from assistant.live import LiveAssistant

log = logging.getLogger("metodeguide.ui")

LANG_KEY = "mg_lang"
HISTORY_KEY = "mg_history"
CONVERSATION_KEY = "mg_conversation"  # id of the conversation in HISTORY_KEY (None until saved)
BROWSER_KEY = "mg_browser"
SAVED_KEY = "mg_conversation_saved"  # what was last written, so an unchanged run writes nothing
INTERRUPTED_KEY = "mg_interrupted"  # a question whose answer a reload cut off (shown with a notice)


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


def index_present(settings: Settings) -> bool:
    """False when the local index has never been built (no ``CURRENT.json``): fail fast then."""
    return settings.server_mode or (Path(settings.data_dir) / "CURRENT.json").exists()


@st.cache_resource(show_spinner=False, max_entries=4)
def _live(settings_key: str, _settings: Settings) -> LiveAssistant:
    """One ``LiveAssistant`` per process and settings: the first load runs in a background thread
    (pages draw, and the chat box accepts input, meanwhile); afterwards it follows ``CURRENT.json``,
    so an ingest here or in another process switches it to the new generation without a restart,
    the previous one answering until the new one is loaded."""
    from assistant.live import LiveAssistant

    return LiveAssistant(_settings)


def start_loading(settings: Settings) -> Future[Assistant]:
    """Begin loading the ``Assistant`` (no-op when it is loading or loaded)."""
    return _live(repr(settings), settings).start()


def get_assistant(settings: Settings, wait_message: str | None = None) -> Assistant:
    """The process-wide ``Assistant`` for these settings and the live index generation.

    Waits for the first load (showing ``wait_message`` meanwhile). Raises
    ``IndexMissingError``/``IndexCorruptError``/``StoreUnavailableError`` when the first load
    fails; failures are not kept, so the next run tries again (e.g. after an ingest)."""
    live = _live(repr(settings), settings)
    first = live.start()
    if not first.done() and wait_message:
        with st.spinner(wait_message):
            first.exception()
    return live.get()


def reload_assistant(settings: Settings) -> None:
    """After an ingest in this process: switch to the new generation now and wait for it, so the
    page shows it (other sessions keep the previous one until then)."""
    live = _live(repr(settings), settings)
    live.check(force=True)
    live.wait()


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
    st.session_state.pop(INTERRUPTED_KEY, None)
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
    pending = store.pending(wanted)
    if pending is not None and not pending.interrupted:
        # reloaded while the answer was computed: the run that asked may still store it
        deadline = time.monotonic() + INTERRUPTED_AFTER_S - pending.age_s
        while pending is not None and not pending.interrupted and time.monotonic() < deadline:
            time.sleep(0.2)
            pending = store.pending(wanted)
    stored = store.load(wanted) or []
    try:
        turns = [turn_from_dict(d) for d in stored]
    except (KeyError, TypeError, ValueError, MetodeguideError):
        log.warning("Samtalen %s kan ikke læses tilbage; den vises tom.", wanted)
        turns = []
    st.session_state[HISTORY_KEY] = turns
    st.session_state[CONVERSATION_KEY] = wanted
    st.session_state[SAVED_KEY] = json.dumps(stored, ensure_ascii=False, sort_keys=True)
    st.session_state[INTERRUPTED_KEY] = pending.question if pending is not None else None


def interrupted_question() -> str | None:
    """The question of this conversation whose answer a reload cut off, if any."""
    value = st.session_state.get(INTERRUPTED_KEY)
    return str(value) if value else None


def begin_question(store: ConversationStore, browser: str, question: str) -> str:
    """Before answering: give the conversation its id (in the URL at once, so a reload finds it) and
    store the masked question as in flight; ``save_conversation`` clears that with the answer."""
    cid = current_conversation() or new_id()
    st.session_state[CONVERSATION_KEY] = cid
    st.session_state.pop(INTERRUPTED_KEY, None)
    if st.query_params.get("c") != cid:
        st.query_params["c"] = cid
    store.begin(cid, browser, question)
    return cid


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
def _documents(corpus_version: str, _assistant: Any) -> list[dict[str, Any]]:
    return list(_assistant.documents())


def document_titles(assistant: Assistant) -> dict[str, str]:
    """Source file name → title for the live corpus (cached per corpus version)."""
    return {str(d["source"]): str(d.get("title") or d["source"]) for d in _documents(assistant.corpus_version, assistant)}


def document_origins(assistant: Assistant) -> dict[str, tuple[str | None, int | None]]:
    """Source file name → (publisher, year), where known, for the live corpus (cached per
    corpus version): a rule's citation reads "Socialstyrelsen, 2018, s. 11"."""
    return {
        str(d["source"]): (d.get("publisher") or None, d["year"] if isinstance(d.get("year"), int) else None)
        for d in _documents(assistant.corpus_version, assistant)
    }
