"""AppTest on Kilder: "Læs hele siden" opens the reader at the quoted passage, highlighted, before the
whole page (also highlighted; document text stays escaped); document kinds are shown in Danish."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.settings import Settings
from ui.i18n import t
from ui.render import CONTEXT_CHARS, READER_KEY
from ui.text import passage_html

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SOURCE = "001_a87d09dcf945fd35.txt"


def passages(at: Any) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith('<div class="mg-passage">')]


def open_reader(make_app: Any, settings: Settings, request: dict[str, Any]) -> Any:
    at = make_app(settings).run()
    at.session_state[READER_KEY] = request
    at.switch_page("views/kilder.py").run()
    assert not at.exception
    return at


def page_text(ui_assistant: Any, page: int) -> str:
    doc = ui_assistant.document(SOURCE)
    span = next(p for p in doc.pages if p.page == page)
    return str(doc.text[span.start : span.end])


def test_reader_shows_the_quote_first_then_the_whole_page(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    text = page_text(ui_assistant, 10)
    # a sentence from the end of the page, so it is far below the top of the whole page
    quote = " ".join(text.split()[-12:])
    assert len(text) > 2 * CONTEXT_CHARS + len(quote)
    at = open_reader(make_app, ui_settings, {"source": SOURCE, "page": 10, "quote": quote})
    assert at.selectbox(key="mg_reader_doc").value == SOURCE
    assert at.selectbox(key="mg_reader_page").value == 10
    assert passages(at) == [passage_html(text, quote, context=CONTEXT_CHARS), passage_html(text, quote)]
    first, whole = passages(at)
    assert first.count("<mark>") == 1 and whole.count("<mark>") == 1
    assert first.startswith('<div class="mg-passage">… ')  # the excerpt starts near the quote
    captions = [c.value for c in at.caption]
    assert captions.index(t("reader_quote_first", "da")) < captions.index(t("reader_whole_page", "da"))


def test_reader_quote_not_on_the_page_is_shown_first(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    text = page_text(ui_assistant, 10)
    quote = "<b>Et citat</b> der ikke står [her](javascript:alert(1))"
    at = open_reader(make_app, ui_settings, {"source": SOURCE, "page": 10, "quote": quote})
    assert passages(at) == [passage_html(quote, quote), passage_html(text, quote)]
    assert "<b>" not in passages(at)[0] and "&lt;b&gt;" in passages(at)[0]
    captions = [c.value for c in at.caption]
    assert captions.index(t("quote_not_located", "da")) < captions.index(t("reader_whole_page", "da"))


def test_reader_without_quote_shows_only_the_page(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    at = open_reader(make_app, ui_settings, {"source": SOURCE, "page": 10, "quote": ""})
    assert passages(at) == [passage_html(page_text(ui_assistant, 10), "")]
    assert t("reader_whole_page", "da") not in [c.value for c in at.caption]


def test_reader_in_english(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    text = page_text(ui_assistant, 10)
    quote = " ".join(text.split()[-12:])
    at = make_app(ui_settings).run()
    at.session_state["mg_lang"] = "en"
    at.session_state[READER_KEY] = {"source": SOURCE, "page": 10, "quote": quote}
    at.switch_page("views/kilder.py").run()
    captions = [c.value for c in at.caption]
    assert "The quoted passage (highlighted in yellow; the whole page follows below):" in captions
    assert "The whole page:" in captions


def test_sources_table_and_filter_show_danish_kinds(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.switch_page("views/kilder.py").run()
    assert list(at.dataframe[0].value["Type"]) == ["nyhed", "pjece", "slides", "vejledning", "webside"]
    assert at.selectbox(key="mg_search_kind").options == ["Alle", "nyhed", "pjece", "slides", "vejledning", "webside"]
    # the filter still searches by the stored (English) kind
    at.text_input(key="mg_search_q").input("bostøtte")
    at.selectbox(key="mg_search_kind").set_value("news")
    [b for b in at.button if b.label == "Søg i kilderne"][0].click().run()
    assert not at.exception
    heads = [m.value for m in at.markdown if m.value.startswith("**") and m.value[2:3].isdigit()]
    assert heads and all("Hjemløsestrategiens metoder" in h for h in heads)


def test_sources_table_kinds_in_english(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.session_state["mg_lang"] = "en"
    at.switch_page("views/kilder.py").run()
    assert list(at.dataframe[0].value["Kind"]) == ["news", "brochure", "slides", "guide", "web page"]
