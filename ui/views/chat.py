"""Chat: ask the manuals; answers with openable citations, verdict cards, feedback and export."""

from __future__ import annotations

import streamlit as st

from assistant.audit import FeedbackStore
from assistant.errors import MetodeguideError
from assistant.privacy import mask
from assistant.rules.profile import fact_label
from ui.i18n import t
from ui.render import CORRECTION_KEY, PENDING_KEY, render_answer, render_feedback
from ui.state import (
    INTERRUPTED_KEY,
    Turn,
    begin_question,
    browser_id,
    conversation_store,
    current_conversation,
    delete_conversation,
    document_origins,
    document_titles,
    get_assistant,
    get_settings,
    history,
    index_present,
    interrupted_question,
    lang,
    open_conversation,
    reset_history,
    restore_conversation,
    save_conversation,
)
from ui.text import conversation_markdown, escape_md

INPUT_CAP_FACTOR = 4

settings = get_settings()
L = lang()
store = conversation_store(str(settings.conversations_db))
browser = browser_id()
restore_conversation(store)  # a reload or a link (?c=) shows the stored conversation

st.title(t("chat_title", L))
st.caption(t("tagline", L))
st.info(t("privacy", L))


def _queue(text: str) -> None:
    st.session_state[PENDING_KEY] = text


def _ask_again(text: str) -> None:
    st.session_state.pop(INTERRUPTED_KEY, None)
    _queue(text)


def _save_feedback(turn: Turn, rating: int, comment: str) -> str | None:
    store = FeedbackStore(settings.feedback_db)
    ok = store.add(turn.question, turn.answer.answer, rating, comment, turn.answer.corpus_version)
    return None if ok else (store.last_error or "ukendt fejl")


if not index_present(settings):  # no index at all: say what to do before offering the chat box
    try:
        get_assistant(settings)
    except MetodeguideError as exc:
        st.error(str(exc))
        st.stop()

turns = history()
# The box takes more than the assistant reads, so a long paste is never cut silently in the browser:
# the assistant reads max_question_chars of it and its answer says which part (beginning, or
# beginning and the closing question). Only beyond INPUT_CAP_FACTOR times that does the box cut.
typed = st.chat_input(
    t("chat_placeholder", L), max_chars=settings.max_question_chars * INPUT_CAP_FACTOR, key="mg_chat_input"
)
blank = typed is not None and not typed.strip()
question = (None if blank else typed) or st.session_state.pop(PENDING_KEY, None)
# A correction of the last verdict's facts ("Ret det forståede"): the same question, checked again.
correction = st.session_state.pop(CORRECTION_KEY, None) if not question and turns else None

if not turns and not question:
    st.markdown(t("chat_examples", L))
    with st.container(horizontal=True):
        for i in (1, 2, 3):
            example = t(f"example_{i}", L)
            st.button(example, key=f"mg_example_{i}", on_click=_queue, args=(example,))

# The page above is drawn (and the chat box usable) while the index loads in the background.
try:
    assistant = get_assistant(settings, wait_message=t("starting", L))
except MetodeguideError as exc:
    st.error(str(exc))
    st.stop()
titles = document_titles(assistant)
origins = document_origins(assistant)

for i, turn in enumerate(turns):
    with st.chat_message("user"):
        st.markdown(escape_md(turn.question))
    with st.chat_message("assistant"):
        render_answer(
            turn,
            L,
            last=(i == len(turns) - 1 and not question and not correction),
            titles=titles,
            fetch=assistant.document,
            origins=origins,
        )
        render_feedback(turn, L, _save_feedback)

interrupted = interrupted_question()
if interrupted and not question and not correction:
    # reloaded while this question was answered: say so under it and offer it again
    with st.chat_message("user"):
        st.markdown(escape_md(interrupted))
    with st.chat_message("assistant"):
        st.warning(t("answer_interrupted", L), icon=":material/sync_problem:")
        st.button(
            t("ask_again", L),
            icon=":material/replay:",
            key="mg_ask_again",
            on_click=_ask_again,
            args=(interrupted,),
        )

if blank and not question:
    st.info(t("empty_question", L))

if question:
    masked = mask(question)
    conversation = begin_question(store, browser, masked.text)  # a reload from here on can tell
    with st.chat_message("user"):
        st.markdown(escape_md(masked.text))
        if masked.found:
            st.caption(t("masked_notice", L, kinds=", ".join(masked.found)))
    with st.chat_message("assistant"):
        try:
            with st.spinner(t("thinking", L)):
                answer = assistant.answer(question, history=[x.answer for x in turns])
                turn = Turn(question=masked.text, answer=answer)
                turns.append(turn)
                # stored before anything is drawn: a reload now still finds the answer
                save_conversation(store, browser)
        except MetodeguideError as exc:
            store.clear_pending(conversation)
            st.error(str(exc))
        else:
            render_answer(turn, L, last=True, titles=titles, fetch=assistant.document, origins=origins)
            render_feedback(turn, L, _save_feedback)

if correction:
    from assistant.assistant import corrections_of

    corrected = turns[-1]
    shown = " · ".join(t("fact_unknown", L) if v is None else fact_label(s, v, L) for s, v in correction.items())
    with st.chat_message("user"):
        st.markdown(escape_md(t("corrected_question", L, facts=shown)))
    with st.chat_message("assistant"):
        try:
            with st.spinner(t("thinking", L)):
                answer = assistant.answer(
                    corrected.answer.question,
                    history=[x.answer for x in turns[:-1]],
                    corrections={**corrections_of(corrected.answer), **correction},
                )
        except MetodeguideError as exc:
            st.error(str(exc))
        else:
            turn = Turn(question=t("corrected_question", L, facts=shown), answer=answer)
            turns.append(turn)
            render_answer(turn, L, last=True, titles=titles, fetch=assistant.document, origins=origins)
            render_feedback(turn, L, _save_feedback)

not_saved = save_conversation(store, browser)
if not_saved is not None:
    st.warning(escape_md(t("conversation_not_saved", L, msg=not_saved)))

with st.sidebar:
    st.button(
        t("new_conversation", L), icon=":material/add_comment:", on_click=reset_history, key="mg_new_conv"
    )
    recent = store.recent(browser)
    if recent:
        st.caption(t("recent_conversations", L))
        shown_id = current_conversation()
        for conv in recent:
            title_col, delete_col = st.columns([0.84, 0.16], vertical_alignment="center", gap="small")
            with title_col:
                st.button(
                    escape_md(conv.title or "…"),
                    key=f"mg_open_{conv.id}",
                    help=t("open_conversation", L),
                    type="secondary" if conv.id == shown_id else "tertiary",
                    on_click=open_conversation,
                    args=(conv.id,),
                    width="stretch",
                )
            with delete_col:
                st.button(
                    "",
                    icon=":material/delete:",
                    key=f"mg_delete_{conv.id}",
                    help=t("delete_conversation", L),
                    type="tertiary",
                    on_click=delete_conversation,
                    args=(store, conv.id, browser),
                )
    st.download_button(
        t("export", L),
        data=conversation_markdown(turns),
        file_name="metodeguiden-samtale.md",
        mime="text/markdown",
        icon=":material/download:",
        disabled=not turns,
        on_click="ignore",
        key="mg_export",
    )
    st.caption(escape_md(t("corpus_version_sidebar", L, version=assistant.corpus_version)))
