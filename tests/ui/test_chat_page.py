"""AppTest: the Chat page against a real small index. The app must render exactly what the
``Assistant`` answers: text, citation titles and pages, highlighted quotes, verdict cards."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.audit import AuditLog, FeedbackStore
from assistant.rules import headline
from assistant.settings import Settings
from tests.ui.apptest import ask, texts
from ui.render import split_answer
from ui.text import citation_label_text, escape_html, escape_md

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CTI_Q = "Hvor lang tid varer et CTI-forløb?"
CASELOAD_Q = "En ICM-medarbejder har 11 borgere – er det ok?"
YOUTH_Q = "Skal en ung hjemløs have CTI eller ICM?"


def test_answer_text_citations_and_corpus_version(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    expected = ui_assistant.answer(CTI_Q)
    assert expected.citations and not expected.abstained
    at = ask(make_app(ui_settings).run(), CTI_Q)

    user, bot = at.chat_message[0], at.chat_message[1]
    assert (user.name, bot.name) == ("user", "assistant")
    assert texts(user) == [escape_md(CTI_Q)]
    body = "\n\n".join(escape_md(p) for p in split_answer(expected, "da").body)
    assert texts(bot)[0] == body
    # one expander per citation: "[n] title — publisher, year, s. page — section", in order
    labels = [e.label for e in bot.expander]
    assert labels == [
        citation_label_text(c.n, c.title, c.page, c.section, "da", publisher=c.publisher, year=c.year)
        for c in expected.citations
    ]
    assert labels[0].startswith(  # the manifest's publisher and year of 001 before the page
        escape_md(f"[1] {expected.citations[0].title} — Socialstyrelsen, 2019, s. {expected.citations[0].page}")
    )
    # the cited passage with the verbatim quote in <mark>, escaped
    first = expected.citations[0]
    passage = bot.expander[0].markdown[0].value
    assert f"<mark>{escape_html(first.quote).replace(chr(10), '<br>')}</mark>" in passage
    assert bot.caption[-1].value == escape_md(
        f"Korpusversion {ui_assistant.corpus_version} · uddrag fra håndbøgerne · "
        f"{bot.caption[-1].value.split(' · ')[-1].split(' ')[0]} ms"
    )
    assert ui_assistant.corpus_version in bot.caption[-1].value
    # the conversation is stored and listed (open it, delete it)
    assert [b.label for b in at.sidebar.button] == ["Ny samtale", escape_md(CTI_Q), ""]


def test_verdict_card_for_caseload(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    expected = ui_assistant.answer(CASELOAD_Q)
    (verdict,) = [v for v in expected.verdicts if v.rule.startswith("caseload")]
    assert verdict.caseload_ok is False and verdict.limit == 8
    at = ask(make_app(ui_settings).run(), CASELOAD_Q)
    bot = texts(at.chat_message[1])
    assert bot[:3] == [
        ":blue-badge[:material/rule: Regelvurdering]",
        ":violet-badge[ICM]",
        ":red-badge[Over grænsen]",
    ]
    assert headline(verdict, "da") == "Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder."
    assert bot[3].startswith(
        "**" + escape_md("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder. [1]")
    )
    assert bot[4].startswith(escape_md(verdict.explanation))
    # the verdict's lines are on the card only, not repeated in the body
    assert escape_md(verdict.explanation) not in bot[5]


def test_a_verdict_shows_what_was_understood_and_a_correction_checks_again(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    at = ask(make_app(ui_settings).run(), CASELOAD_Q)
    captions = [c.value for c in at.chat_message[1].caption]
    assert escape_md("Forstået: 11 borgere · ICM-medarbejder") in captions
    # correct the count in the card's form: the same question is checked again with 7
    at.number_input(key=next(k for k in _keys(at) if k.endswith("_fix_caseload"))).set_value(7)
    [b for b in at.button if b.label == "Vurdér igen"][0].click().run()
    assert not at.exception, at.exception
    assert len(at.chat_message) == 4
    assert texts(at.chat_message[2]) == [escape_md("Rettelse: 7 borgere")]
    expected = ui_assistant.answer(CASELOAD_Q, corrections={"caseload": 7})
    (verdict,) = [v for v in expected.verdicts if v.rule.startswith("caseload")]
    assert (verdict.caseload_ok, verdict.limit) == (True, 8)
    card = texts(at.chat_message[3])
    assert card[:3] == [":blue-badge[:material/rule: Regelvurdering]", ":violet-badge[ICM]", ":green-badge[Inden for grænsen]"]
    assert escape_md("Forstået: 7 borgere (rettet) · ICM-medarbejder") in [c.value for c in at.chat_message[3].caption]
    # the first answer's form is gone; the corrected one can be corrected again
    assert len([b for b in at.button if b.label == "Vurdér igen"]) == 1


def _keys(at: Any) -> list[str]:
    return [w.key for w in at.number_input if w.key]


def test_clarifying_question_quick_reply(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    first = ui_assistant.answer(YOUTH_Q)
    (asking,) = [v for v in first.verdicts if v.missing]
    assert asking.options == ("Kortvarig støtte i en overgang", "Langvarig støtte", "Ingen bostøtte")
    at = ask(make_app(ui_settings).run(), YOUTH_Q)
    bot = texts(at.chat_message[1])
    assert bot[0] == ":orange-badge[:material/help: Der mangler oplysninger]"
    assert bot[1] == "**" + escape_md(asking.question or "") + "**"
    replies = [b for b in at.button if b.key and "_qr" in b.key]
    assert [b.label for b in replies] == list(asking.options)

    replies[1].click().run()  # "Langvarig støtte"
    assert not at.exception
    second = ui_assistant.answer("Langvarig støtte", history=[first])
    decided = [v for v in second.verdicts if not v.missing]
    assert decided, second.answer
    assert len(at.chat_message) == 4
    assert texts(at.chat_message[2]) == [escape_md("Langvarig støtte")]
    card = texts(at.chat_message[3])
    assert card[0] == ":blue-badge[:material/rule: Regelvurdering]"
    bold = [x for x in card if x.startswith("**")]
    assert bold[0].startswith("**" + escape_md(headline(decided[0], "da")))
    # quick replies of the answered question are gone
    assert not [b for b in at.button if b.key and "_qr" in b.key]


def test_abstention_is_a_warning_with_related_passages(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    question = "Hvad er lønnen for en sygeplejerske i Norge?"
    expected = ui_assistant.answer(question)
    assert expected.abstained
    at = ask(make_app(ui_settings).run(), question)
    bot = at.chat_message[1]
    (warning,) = bot.warning
    assert warning.value.startswith(
        "**Ikke dækket af håndbøgerne.** Svaret herunder er ikke et svar fra kilderne."
    )
    assert escape_md("Det dækker manualerne ikke, så jeg kan ikke give et svar med kilde.") in warning.value
    assert [c.value for c in bot.caption][0] == "Relaterede passager — ikke et svar"
    assert len(bot.expander) == len(expected.related) > 0


def test_user_and_document_text_is_never_html(make_app: Any, ui_settings: Settings) -> None:
    question = '<img src=x onerror="alert(1)"> [klik](javascript:alert(1)) **fed** hvad er CTI?'
    at = ask(make_app(ui_settings).run(), question)
    assert texts(at.chat_message[0]) == [escape_md(question)]
    for m in at.markdown:
        if m.proto.allow_html:
            assert re.findall(r"<([a-z]+)", m.value) and set(re.findall(r"</?([a-z]+)", m.value)) <= {
                "div",
                "mark",
                "br",
                "style",
            }, m.value
        assert "<img" not in m.value or m.proto.allow_html is False


def test_personal_data_is_masked_on_screen_and_in_the_log(make_app: Any, ui_settings: Settings) -> None:
    at = ask(make_app(ui_settings).run(), "Borger med cpr 010190-1234 er hjemløs, hvad gør vi?")
    user = at.chat_message[0]
    assert texts(user) == [escape_md("Borger med cpr [CPR] er hjemløs, hvad gør vi?")]
    assert user.caption[0].value == "Personoplysninger i dit spørgsmål er skjult (cpr) og gemmes ikke."
    assert all("010190" not in e.question for e in AuditLog(ui_settings.audit_db).recent(50))
    assert all("010190" not in m.value for m in at.markdown)


def test_feedback_thumbs_and_comment_are_stored(make_app: Any, ui_settings: Settings) -> None:
    store = FeedbackStore(ui_settings.feedback_db)
    before = len(store.list())
    at = ask(make_app(ui_settings).run(), CTI_Q)
    at.feedback[0].set_value(0).run()  # thumbs down
    at.text_input[0].input("Mangler fasernes navne. Ring 21 45 46 23")
    [b for b in at.button if b.label == "Send tilbagemelding"][0].click().run()
    entries = store.list()
    assert len(entries) == before + 1
    latest = entries[0]
    assert (latest.rating, latest.comment) == (-1, "Mangler fasernes navne. Ring [TELEFON]")
    assert latest.question == CTI_Q
    assert "Tak for din tilbagemelding." in [c.value for c in at.chat_message[1].caption]


def test_new_conversation_and_export(make_app: Any, ui_settings: Settings) -> None:
    at = ask(make_app(ui_settings).run(), CTI_Q)
    (export,) = at.get("download_button")
    assert export.proto.label == "Hent samtalen (Markdown)" and export.proto.disabled is False
    at.sidebar.button[0].click().run()
    assert len(at.chat_message) == 0
    (export,) = at.get("download_button")
    assert export.proto.disabled is True
    assert [b.label for b in at.button if b.key and b.key.startswith("mg_example_")] == [
        "Hvor lang tid varer et CTI-forløb?",
        "En ICM-medarbejder har 11 borgere – er det ok?",
        "Kan CTI starte, før der er fundet en bolig?",
    ]


def test_example_button_asks_the_question(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.button(key="mg_example_1").click().run()
    assert texts(at.chat_message[0]) == [escape_md(CTI_Q)]


def test_two_sessions_have_separate_histories(make_app: Any, ui_settings: Settings) -> None:
    a = ask(make_app(ui_settings).run(), CTI_Q)
    b = ask(make_app(ui_settings).run(), CASELOAD_Q)
    assert [texts(m)[0] for m in a.chat_message if m.name == "user"] == [escape_md(CTI_Q)]
    assert [texts(m)[0] for m in b.chat_message if m.name == "user"] == [escape_md(CASELOAD_Q)]


def test_open_citation_in_reader(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    expected = ui_assistant.answer(CTI_Q)
    c = expected.citations[0]
    at = ask(make_app(ui_settings).run(), CTI_Q)
    [b for b in at.button if b.key and b.key.endswith("_1_open")][0].click().run()
    assert not at.exception
    assert at.title[0].value == "Kilder"
    assert at.selectbox(key="mg_reader_doc").value == c.source
    assert at.selectbox(key="mg_reader_page").value == c.page
    reader = [m.value for m in at.markdown if m.value.startswith('<div class="mg-passage">')][-1]
    assert f"<mark>{escape_html(c.quote).replace(chr(10), '<br>')}</mark>" in reader


def test_english_switch(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    assert at.title[0].value == "Spørg metodehåndbøgerne"
    at.session_state["mg_lang"] = "en"
    at.run()
    assert at.title[0].value == "Ask the method manuals"
    assert at.chat_input[0].placeholder == "Ask about the methods …"


def test_index_missing_gives_the_danish_instruction(make_app: Any, tmp_path: Any) -> None:
    settings = Settings(data_dir=tmp_path / "none", corpus_dir=tmp_path / "c", embedding_backend="hash")
    at = make_app(settings).run()
    message = (
        f"Der er intet indeks i {tmp_path / 'none'}. "
        "Kør indlæsning på siden Korpus eller `metodeguide ingest`."
    )
    assert [e.value for e in at.error] == [message]
    assert not at.exception and len(at.chat_input) == 0
    for page in ("views/sagstjek.py", "views/kilder.py"):
        at.switch_page(page).run()
        assert [e.value for e in at.error] == [message] and not at.exception
