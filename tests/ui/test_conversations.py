"""Conversations survive a reload: the store, the JSON codec of answers, and the chat page restoring
a conversation from the URL's id (AppTest), listing this browser's conversations and deleting one."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from tests.ui.apptest import ask, texts
from ui.conversations import ConversationStore, answer_from_dict, answer_to_dict, new_id, valid_id
from ui.render import split_answer
from ui.text import escape_md

CTI_Q = "Hvor lang tid varer et CTI-forløb?"
CASELOAD_Q = "En ICM-medarbejder har 11 borgere – er det ok?"
FOLLOW_Q = "og hvis hun får 2 mere?"
CPR_Q = "Borger med cpr 010190-1234 er hjemløs, hvad gør vi?"


# ------------------------------------------------------------------ codec and store


@pytest.mark.integration
@pytest.mark.parametrize("question", [CTI_Q, CASELOAD_Q, "Mand på 45, sover på gaden. Hvilken metode?"])
def test_answer_round_trip_keeps_what_the_chat_draws(ui_assistant: Any, question: str) -> None:
    a = ui_assistant.answer(question)
    b = answer_from_dict(answer_to_dict(a))
    assert b == a and b.to_dict() == a.to_dict()
    assert [(c.passage, c.chunk_id) for c in b.citations] == [(c.passage, c.chunk_id) for c in a.citations]
    assert [(v.options, v.facts) for v in b.verdicts] == [(v.options, v.facts) for v in a.verdicts]
    assert [(h.chunk, h.score, h.rank, h.retriever) for h in b.related] == [
        (h.chunk, h.score, h.rank, h.retriever) for h in a.related
    ]
    assert (b.notes, b.profile) == (a.notes, a.profile)
    assert [(u.slot, u.value, u.source, u.evidence) for u in b.understood] == [
        (u.slot, u.value, u.source, u.evidence) for u in a.understood
    ]


def _turn(question: str, answer_question: str | None = None) -> dict[str, Any]:
    answer = {"question": answer_question or question, "answer": "Svar."}
    return {"id": "t1", "question": question, "feedback_sent": False, "answer": answer}


@pytest.mark.unit
def test_store_saves_lists_per_browser_and_deletes_only_its_own(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "conversations.sqlite")
    mine, other = new_id(), new_id()
    first, second, theirs = new_id(), new_id(), new_id()
    assert store.load(first) is None and store.recent(mine) == []
    assert store.save(first, mine, [_turn("Hvor lang tid varer et CTI-forløb? " + "x" * 80)])
    assert store.save(theirs, other, [_turn("Deres spørgsmål")])
    assert store.save(second, mine, [_turn("Andet spørgsmål"), _turn("Og så?")])
    assert [(c.id, c.title, c.turns) for c in store.recent(mine)] == [
        (second, "Andet spørgsmål", 2),
        (first, "Hvor lang tid varer et CTI-forløb? " + "x" * 24 + "…", 1),
    ]
    assert store.load(second) == [_turn("Andet spørgsmål"), _turn("Og så?")]
    assert store.delete(theirs, mine) is False  # not this browser's
    assert store.delete(first, mine) is True
    assert [c.id for c in store.recent(mine)] == [second]
    assert store.load(theirs) == [_turn("Deres spørgsmål")]
    with pytest.raises(ValueError, match="new_id"):
        store.save("../x", mine, [])
    assert valid_id("0" * 32) == "0" * 32 and valid_id("x" * 32) is None and valid_id(None) is None


@pytest.mark.unit
def test_store_keeps_only_masked_text_and_survives_a_damaged_row(tmp_path: Path) -> None:
    db = tmp_path / "conversations.sqlite"
    store = ConversationStore(db)
    cid, browser = new_id(), new_id()
    assert store.save(cid, browser, [_turn(CPR_Q)])  # a second line of defence: the page masks first
    raw = db.read_bytes() + (tmp_path / "conversations.sqlite-wal").read_bytes()
    assert b"010190" not in raw and b"1234" not in raw
    assert store.load(cid)[0]["question"] == "Borger med cpr [CPR] er hjemløs, hvad gør vi?"  # type: ignore[index]
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE conversations SET turns = 'ikke json' WHERE id = ?", (cid,))
    assert store.load(cid) is None


# ------------------------------------------------------------------ the chat page


@pytest.mark.integration
def test_a_reload_restores_the_conversation_and_follow_ups_continue(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    at = ask(make_app(ui_settings).run(), CASELOAD_Q)
    cid, browser = at.query_params["c"], at.query_params["b"]
    assert valid_id(cid) and valid_id(browser)

    # a reload is a new session with the same URL
    again = make_app(ui_settings)
    again.query_params["c"] = cid
    again.query_params["b"] = browser
    again.run()
    assert not again.exception
    first = ui_assistant.answer(CASELOAD_Q)
    user, bot = again.chat_message[0], again.chat_message[1]
    assert texts(user) == [escape_md(CASELOAD_Q)]
    assert "\n\n".join(escape_md(p) for p in split_answer(first, "da").body) in "\n\n".join(texts(bot))
    assert [b.label for b in again.sidebar.button] == ["Ny samtale", escape_md(CASELOAD_Q), ""]
    assert again.query_params["c"] == cid

    # the restored answers are the history of the next question
    ask(again, FOLLOW_Q)
    expected = ui_assistant.answer(FOLLOW_Q, history=[first])
    follow = again.chat_message[3]
    assert "\n\n".join(escape_md(p) for p in split_answer(expected, "da").body) in "\n\n".join(texts(follow))
    store = ConversationStore(ui_settings.conversations_db)
    assert [t["question"] for t in store.load(cid) or []] == [CASELOAD_Q, FOLLOW_Q]


@pytest.mark.integration
def test_an_unknown_or_malformed_id_gives_an_empty_chat(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings)
    at.query_params["c"] = "'; DROP TABLE conversations; --"
    at.run()
    assert not at.exception and not at.chat_message
    assert "c" not in at.query_params and valid_id(at.query_params["b"])
    unknown = new_id()
    at = make_app(ui_settings)
    at.query_params["c"] = unknown
    at.run()
    assert not at.exception and not at.chat_message
    ask(at, CTI_Q)  # the link's id is used for the new conversation
    assert at.query_params["c"] == unknown


@pytest.mark.integration
def test_new_conversation_lists_both_and_delete_removes_one(make_app: Any, ui_settings: Settings) -> None:
    at = ask(make_app(ui_settings).run(), CTI_Q)
    first = at.query_params["c"]
    at.sidebar.button(key="mg_new_conv").click().run()
    assert not at.chat_message and "c" not in at.query_params
    ask(at, CPR_Q)
    second = at.query_params["c"]
    assert second != first
    masked = escape_md("Borger med cpr [CPR] er hjemløs, hvad gør vi?")
    assert [b.label for b in at.sidebar.button] == ["Ny samtale", masked, "", escape_md(CTI_Q), ""]
    # open the first again, then delete the second (not shown) and then the first (shown)
    at.sidebar.button(key=f"mg_open_{first}").click().run()
    assert at.query_params["c"] == first and texts(at.chat_message[0]) == [escape_md(CTI_Q)]
    at.sidebar.button(key=f"mg_delete_{second}").click().run()
    assert [b.label for b in at.sidebar.button] == ["Ny samtale", escape_md(CTI_Q), ""]
    assert texts(at.chat_message[0]) == [escape_md(CTI_Q)]
    at.sidebar.button(key=f"mg_delete_{first}").click().run()
    assert not at.chat_message and "c" not in at.query_params
    assert [b.label for b in at.sidebar.button] == ["Ny samtale"]
    store = ConversationStore(ui_settings.conversations_db)
    assert store.load(first) is None and store.load(second) is None


# ------------------------------------------------------------------ an answer cut off by a reload

INTERRUPTED = "Svaret blev afbrudt, da siden blev genindlæst. Stil spørgsmålet igen."


@pytest.mark.unit
def test_a_question_in_flight_is_marked_until_its_answer_is_saved(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "conversations.sqlite")
    browser, cid = new_id(), new_id()
    assert store.begin(cid, browser, "Min cpr er 010190-1234, hvad nu?", now=1000.0)
    pending = store.pending(cid, now=1002.0)
    assert pending is not None and pending.question == "Min cpr er [CPR], hvad nu?"
    assert pending.age_s == 2.0 and not pending.interrupted  # may still be answered
    assert store.pending(cid, now=1006.0).interrupted  # type: ignore[union-attr]
    assert store.load(cid) == [] and [c.title for c in store.recent(browser)] == ["Min cpr er [CPR], hvad nu?"]
    assert store.save(cid, browser, [_turn("Min cpr er [CPR], hvad nu?")])
    assert store.pending(cid) is None
    # a second question in the same conversation keeps the first answer
    assert store.begin(cid, browser, "Og så?")
    assert [t["question"] for t in store.load(cid) or []] == ["Min cpr er [CPR], hvad nu?"]
    assert store.clear_pending(cid) and store.pending(cid) is None


@pytest.mark.unit
def test_an_older_file_gets_the_pending_columns(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE conversations (id TEXT PRIMARY KEY, browser TEXT NOT NULL, created TEXT NOT NULL, "
        "updated TEXT NOT NULL, title TEXT NOT NULL, turns TEXT NOT NULL)"
    )
    cid, browser = new_id(), new_id()
    conn.execute("INSERT INTO conversations VALUES (?, ?, 'x', 'x', 'Gammel', '[]')", (cid, browser))
    conn.commit()
    conn.close()
    store = ConversationStore(path)
    assert store.pending(cid) is None
    assert store.begin(cid, browser, "Nyt spørgsmål") and store.pending(cid).question == "Nyt spørgsmål"  # type: ignore[union-attr]


@pytest.mark.integration
def test_a_reload_during_an_answer_says_it_was_interrupted_and_offers_the_question_again(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    at = ask(make_app(ui_settings).run(), CTI_Q)
    cid, browser = at.query_params["c"], at.query_params["b"]
    store = ConversationStore(ui_settings.conversations_db)
    assert store.pending(cid) is None  # answered and stored
    # the next question was asked, then the page was reloaded before its answer was stored
    store.begin(cid, browser, CASELOAD_Q, now=time.time() - 30)

    again = make_app(ui_settings)
    again.query_params["c"] = cid
    again.query_params["b"] = browser
    again.run()
    assert not again.exception
    assert len(again.chat_message) == 4
    assert texts(again.chat_message[0]) == [escape_md(CTI_Q)]
    assert texts(again.chat_message[2]) == [escape_md(CASELOAD_Q)]
    assert [w.value for w in again.chat_message[3].warning] == [INTERRUPTED]
    again.chat_message[3].button[0].click().run()  # "Stil spørgsmålet igen"
    assert not again.exception
    assert INTERRUPTED not in [w.value for w in again.warning]
    assert len(again.chat_message) == 4
    assert texts(again.chat_message[2]) == [escape_md(CASELOAD_Q)]
    assert escape_md("Caseload: 11 borgere er over grænsen på 8") in "\n".join(texts(again.chat_message[3]))
    assert store.pending(cid) is None
    assert [t["question"] for t in store.load(cid) or []] == [CTI_Q, CASELOAD_Q]


@pytest.mark.integration
def test_a_reload_just_after_asking_waits_for_the_answer(
    make_app: Any, ui_settings: Settings
) -> None:
    at = ask(make_app(ui_settings).run(), CTI_Q)
    cid, browser = at.query_params["c"], at.query_params["b"]
    store = ConversationStore(ui_settings.conversations_db)
    stored = store.load(cid)
    store.begin(cid, browser, CASELOAD_Q)  # in flight, just now
    threading.Timer(1.0, store.save, (cid, browser, [*(stored or []), {**(stored or [])[0], "id": "t2"}])).start()

    again = make_app(ui_settings)
    again.query_params["c"] = cid
    again.query_params["b"] = browser
    again.run()
    assert not again.exception
    assert len(again.chat_message) == 4 and not again.warning.values.count(INTERRUPTED)
