"""Real Chromium: a chat conversation survives a page reload (kept on this machine under the URL's
id), and the sidebar lists it. Screenshot: tests/artifacts/09_chat_after_reload.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from ui.conversations import ConversationStore

if TYPE_CHECKING:
    from tests.browser.conftest import AppServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CTI_Q = "Hvor lang tid varer et CTI-forløb?"
CASELOAD_Q = "En ICM-medarbejder har 11 borgere – er det ok?"


def ask(page: Page, question: str) -> None:
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(before + 1)
    expect(answer.get_by_text(re.compile(r"^Korpusversion "))).to_be_visible()


def shot(page: Page, path: Path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMainBlockContainer],"
        " [data-testid=stSidebarContent]')).map(e => e.scrollHeight), 0)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 200, 5000))})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def test_conversation_survives_a_reload(page: Page, app_server: AppServer, artifacts: Path) -> None:
    from assistant.assistant import Assistant

    assistant: Any = Assistant.load(app_server.settings)
    page.goto(app_server.url)
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    ask(page, CTI_Q)
    ask(page, CASELOAD_Q)
    expect(page).to_have_url(re.compile(r"[?&]c=[0-9a-f]{32}"))
    url = page.url
    cid = re.search(r"[?&]c=([0-9a-f]{32})", url).group(1)  # type: ignore[union-attr]

    page.reload()
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(4)
    expect(messages.nth(0)).to_contain_text(CTI_Q)
    expect(messages.nth(1)).to_contain_text(assistant.answer(CTI_Q).citations[0].title)
    expect(messages.nth(2)).to_contain_text(CASELOAD_Q)
    expect(messages.nth(3)).to_contain_text("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.")
    assert f"c={cid}" in page.url
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Seneste samtaler i denne browser")).to_be_visible()
    expect(sidebar.get_by_role("button", name=CTI_Q)).to_be_visible()
    shot(page, artifacts / "09_chat_after_reload.png")

    # stored on this machine, question as shown
    stored = ConversationStore(app_server.settings.conversations_db).load(cid)
    assert [t["question"] for t in stored or []] == [CTI_Q, CASELOAD_Q]


def test_a_long_paste_is_not_cut_silently(page: Page, app_server: AppServer) -> None:
    question = "Baggrund: borgeren har boet på herberg i to år. " * 200 + "Hvad er fjerdedelsreglen?"
    page.goto(app_server.url)
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    ask(page, question)
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text(
        "Bemærk: Spørgsmålet var for langt (9625 tegn) og er afkortet til 8000 tegn: begyndelsen og det "
        "afsluttende spørgsmål er læst, midten er udeladt."
    )
    # the question the note ends with is the one answered
    expect(answer).to_contain_text("fjerdedels-reglen")
    # only spaces: a hint, no new bubble
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("    ")
    box.press("Enter")
    page.wait_for_timeout(1500)
    expect(page.get_by_test_id("stChatMessage")).to_have_count(2)


INTERRUPTED = "Svaret blev afbrudt, da siden blev genindlæst. Stil spørgsmålet igen."


def test_a_reload_while_answering_keeps_the_question_with_its_answer_or_a_notice(
    page: Page, app_server: AppServer
) -> None:
    page.goto(app_server.url)
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    ask(page, CTI_Q)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(CASELOAD_Q)
    box.press("Enter")
    # the question has reached the app once its bubble is drawn (it is stored as in flight before
    # that); a reload right after a keypress the browser never sent is not what this test is about
    expect(page.get_by_test_id("stChatMessage").nth(2)).to_contain_text(CASELOAD_Q)
    page.reload()  # at once: the answer may or may not have been stored yet
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(4)
    expect(messages.nth(2)).to_contain_text(CASELOAD_Q)
    last = messages.nth(3)
    # never neither: the answer completed, or the question is marked as interrupted
    expect(
        last.get_by_text("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.")
        .or_(last.get_by_text(INTERRUPTED, exact=True))
        .first
    ).to_be_visible()
    if last.get_by_text(INTERRUPTED, exact=True).count():
        last.get_by_role("button", name="Stil spørgsmålet igen").click()
        expect(messages.nth(3)).to_contain_text("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.")
    expect(page.get_by_text(INTERRUPTED, exact=True)).to_have_count(0)


def test_an_answer_cut_off_by_a_reload_is_marked_and_can_be_asked_again(
    page: Page, app_server: AppServer, artifacts: Path
) -> None:
    import time

    page.goto(app_server.url)
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    ask(page, CTI_Q)
    cid = re.search(r"[?&]c=([0-9a-f]{32})", page.url).group(1)  # type: ignore[union-attr]
    browser = re.search(r"[?&]b=([0-9a-f]{32})", page.url).group(1)  # type: ignore[union-attr]
    # as if the next question's run was cut off by a reload half a minute ago
    ConversationStore(app_server.settings.conversations_db).begin(cid, browser, CASELOAD_Q, now=time.time() - 30)
    page.reload()
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(4)
    expect(messages.nth(2)).to_contain_text(CASELOAD_Q)
    expect(messages.nth(3).get_by_text(INTERRUPTED, exact=True)).to_be_visible()
    shot(page, artifacts / "11_chat_answer_interrupted.png")
    messages.nth(3).get_by_role("button", name="Stil spørgsmålet igen").click()
    expect(messages.nth(3)).to_contain_text("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.")
    expect(page.get_by_text(INTERRUPTED, exact=True)).to_have_count(0)
    expect(messages).to_have_count(4)
