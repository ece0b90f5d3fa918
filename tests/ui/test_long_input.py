"""The chat box: up to the configured maximum is read whole; longer text is shortened by the
assistant, which says so and which part it read; a question of only spaces gets a hint."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.settings import Settings
from tests.ui.apptest import texts
from ui.conversations import ConversationStore
from ui.render import split_answer
from ui.text import escape_md

pytestmark = pytest.mark.integration

NOTE = "Baggrund: borgeren har boet på herberg i to år. "
CLOSING = "Hvad er fjerdedelsreglen?"


def test_only_spaces_give_a_hint_and_no_bubble(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.chat_input[0].set_value("   \n\t  ").run()
    assert not at.exception
    assert not at.chat_message
    assert [i.value for i in at.info][-1] == (
        "Der kom kun mellemrum. Skriv et spørgsmål, fx »Hvor lang tid varer et CTI-forløb?«"
    )
    assert "c" not in at.query_params  # nothing was stored
    at.chat_input[0].set_value("Hvor lang tid varer et CTI-forløb?").run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert "Der kom kun mellemrum." not in " ".join(i.value for i in at.info)


def test_the_box_takes_more_than_the_assistant_reads(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    assert at.chat_input[0].max_chars == 4 * ui_settings.max_question_chars == 32000


def test_a_question_at_the_limit_is_read_whole(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    limit = ui_settings.max_question_chars
    question = (NOTE * 200)[: limit - len(CLOSING) - 1].rstrip() + " " + CLOSING
    assert len(question) <= limit
    at = make_app(ui_settings).run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    assert texts(at.chat_message[0]) == [escape_md(question)]
    bot = at.chat_message[1]
    shown = " ".join(texts(bot) + [c.value for c in bot.caption])
    assert "Spørgsmålet var for langt" not in shown and "Korpusversion" in shown
    stored = ConversationStore(ui_settings.conversations_db).load(at.query_params["c"]) or []
    assert [t["answer"]["question"] for t in stored] == [question]  # the assistant read all of it


def test_a_longer_question_is_shortened_and_the_answer_says_which_part_was_read(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    question = NOTE * 200 + CLOSING
    assert len(question) == 9625
    at = make_app(ui_settings).run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    bot = texts(at.chat_message[1])
    assert bot[0].startswith(
        escape_md(
            "Bemærk: Spørgsmålet var for langt (9625 tegn) og er afkortet til 8000 tegn: begyndelsen og det "
            "afsluttende spørgsmål er læst, midten er udeladt."
        )
    )
    expected = ui_assistant.answer(question)
    assert expected.question.endswith(" … " + CLOSING) and len(expected.question) <= 8000
    assert all(escape_md(p) in "\n\n".join(bot) for p in split_answer(expected, "da").body)
    stored = ConversationStore(ui_settings.conversations_db).load(at.query_params["c"]) or []
    assert [t["answer"]["question"] for t in stored] == [expected.question]
