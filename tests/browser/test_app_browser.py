"""End to end in Debian's Chromium: the app started as ``make run`` does, on a free port.

Ask a question and open the cited passage (the quote is in <mark>); run a case check; upload a
corrupt PDF as admin and see the clear error while chat keeps answering; two browser contexts keep
separate histories. Screenshots of every page go to tests/artifacts/; timings to
tests/artifacts/browser_timings.json.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from assistant.rules import headline

if TYPE_CHECKING:
    from tests.browser.conftest import AppServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CTI_Q = "Hvor lang tid varer et CTI-forløb?"
CASELOAD_Q = "En ICM-medarbejder har 11 borgere – er det ok?"
TIMINGS: dict[str, Any] = {}


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def assistant(app_server: AppServer) -> Any:
    from assistant.assistant import Assistant

    return Assistant.load(app_server.settings)


@pytest.fixture(scope="module", autouse=True)
def write_timings(app_server: AppServer, artifacts: Path) -> Any:
    yield
    TIMINGS["server_ready_s"] = round(app_server.ready_s, 3)
    (artifacts / "browser_timings.json").write_text(json.dumps(TIMINGS, indent=2) + "\n", encoding="utf-8")


def shot(page: Page, path: Path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMainBlockContainer],"
        " [data-testid=stSidebarContent]')).map(e => e.scrollHeight), 0)"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], min(int(height) + 200, 5000))}
    )
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def open_app(page: Page, url: str) -> float:
    """Go to ``url``; seconds until the chat box is usable."""
    t0 = time.perf_counter()
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    return time.perf_counter() - t0


def assistant_ms(page: Page, index: int) -> int:
    """The pipeline time the assistant reported for message ``index`` (its "· N ms" line)."""
    line = (
        page.get_by_test_id("stChatMessage")
        .nth(index)
        .get_by_text(re.compile(r"^Korpusversion "))
        .inner_text()
    )
    return int(re.search(r"· (\d+) ms", line).group(1))  # type: ignore[union-attr]


def ask(page: Page, question: str) -> float:
    """Type and send ``question``; seconds until the answer (with its corpus-version line) is shown."""
    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    t0 = time.perf_counter()
    box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(before + 1)
    expect(answer.get_by_text(re.compile(r"^Korpusversion "))).to_be_visible()
    elapsed = time.perf_counter() - t0
    # The answer is drawn before the script run ends (feedback widgets, the conversation saved, the
    # URL's ?c= set): a click before then can be lost in the rerun, so wait until the app is idle.
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    return elapsed


def click_until_visible(page: Page, button: Any, shown: Any, tries: int = 3) -> None:
    """Click ``button`` until ``shown`` is visible. A click that lands while Streamlit starts a
    rerun of its own (the answer's URL or feedback state being saved) can be dropped by that
    rerun; the user then clicks again, and so does the test (at most ``tries`` times)."""
    for attempt in range(tries):
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
        button.click()
        try:
            expect(shown).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise


def login_admin(page: Page, password: str) -> None:
    expect(page.get_by_text("Denne side er kun for administratorer.")).to_be_visible()
    page.locator("input[type='password']").fill(password)
    page.get_by_role("button", name="Log ind som administrator").click()
    expect(page.get_by_text("Logget ind som administrator")).to_be_visible()


def test_chat_answer_and_cited_passage_with_highlight(
    page: Page, app_server: AppServer, assistant: Any, artifacts: Path
) -> None:
    TIMINGS["first_page_usable_s"] = round(open_app(page, app_server.url), 3)
    expect(page.get_by_text("Skriv ikke personoplysninger", exact=False)).to_be_visible()
    shot(page, artifacts / "01_chat_start.png")

    expected = assistant.answer(CTI_Q)
    assert expected.citations and not expected.abstained
    TIMINGS["answer_rendered_s"] = round(ask(page, CTI_Q), 3)
    TIMINGS["answer_pipeline_ms"] = assistant_ms(page, 1)
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text(expected.citations[0].title)

    first = answer.get_by_test_id("stExpander").first
    expect(first.locator("summary")).to_contain_text(f"[1] {expected.citations[0].title}")
    expect(first.locator("summary")).to_contain_text(f"s. {expected.citations[0].page}")
    first.locator("summary").click()
    mark = first.locator(".mg-passage mark")
    expect(mark).to_be_visible()
    assert _ws(mark.inner_text()) == _ws(expected.citations[0].quote)
    shot(page, artifacts / "02_chat_answer_citation.png")

    # a rule verdict renders as a card
    TIMINGS["verdict_answer_rendered_s"] = round(ask(page, CASELOAD_Q), 3)
    TIMINGS["verdict_answer_pipeline_ms"] = assistant_ms(page, 3)
    card = page.get_by_test_id("stChatMessage").nth(3)
    expect(card.get_by_text("Regelvurdering")).to_be_visible()
    expect(card).to_contain_text("Caseload: 11 borgere er over grænsen på 8 for en ICM-medarbejder.")
    card.scroll_into_view_if_needed()
    shot(page, artifacts / "03_chat_verdict_card.png")

    # the quoted text never becomes HTML
    hostile = "<img src=x onerror=alert(1)> hvad er CTI?"
    ask(page, hostile)
    expect(page.get_by_test_id("stChatMessage").nth(4)).to_contain_text(hostile)
    assert page.locator("img[src='x']").count() == 0


NARRATIVE = (
    "Jeg har en borger på 52 år, som bor på herberget. Han kan i nogen grad bruge andre tilbud og har brug "
    "for langvarig støtte. Hvilken bostøttemetode passer?"
)


def test_case_check(page: Page, app_server: AppServer, assistant: Any, artifacts: Path) -> None:
    t0 = time.perf_counter()
    page.goto(f"{app_server.url}/sagstjek")
    expect(page.get_by_role("heading", name="Sagstjek")).to_be_visible()
    TIMINGS["case_check_page_usable_s"] = round(time.perf_counter() - t0, 3)
    (expected,) = assistant.check(NARRATIVE)
    assert (expected.rule, expected.method, expected.missing) == ("method.adult", "ICM", ())
    page.get_by_role("tab", name="Fritekst").click()
    page.get_by_role("textbox", name=re.compile("Beskriv sagen")).fill(NARRATIVE)
    page.get_by_role("button", name="Vurdér sagen").filter(visible=True).click()
    expect(page.get_by_text(headline(expected, "da"))).to_be_visible()
    expect(page.get_by_text("Regelvurdering").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Forstået: .*kan i nogen grad bruge andre tilbud"))).to_be_visible()
    # the free text filled the form: correct one field there and check again
    page.get_by_role("tab", name="Formular").click()
    expect(page.get_by_role("spinbutton", name="Alder")).to_have_value("52")
    page.get_by_role("combobox", name=re.compile("Kan borgeren bruge andre tilbud")).click()
    page.get_by_role("option", name="I lav grad").click()
    page.get_by_role("button", name="Vurdér sagen").filter(visible=True).click()
    expect(page.get_by_text("ACT", exact=True).first).to_be_visible()
    shot(page, artifacts / "04_sagstjek.png")


def test_chat_verdict_shows_what_was_understood_and_one_correction_checks_again(
    page: Page, app_server: AppServer, assistant: Any, artifacts: Path
) -> None:
    first = assistant.answer(NARRATIVE)
    corrected = assistant.answer(NARRATIVE, corrections={"support_ability": "low"})
    assert [v.method for v in first.verdicts] == ["ICM"] and [v.method for v in corrected.verdicts] == ["ACT"]
    open_app(page, app_server.url)
    ask(page, NARRATIVE)
    card = page.get_by_test_id("stChatMessage").nth(1)
    expect(card.get_by_text(re.compile(r"^Forstået: 52 år · .*kan i nogen grad bruge andre tilbud"))).to_be_visible()
    card.get_by_role("button", name="Ret det forståede").click()
    page.get_by_role("combobox", name=re.compile("Kan borgeren bruge andre tilbud")).click()
    page.get_by_role("option", name="kan i lav grad bruge andre tilbud").click()
    page.get_by_role("button", name="Vurdér igen").click()
    messages = page.get_by_test_id("stChatMessage")
    expect(messages.nth(2)).to_contain_text("Rettelse: kan i lav grad bruge andre tilbud")
    expect(messages.nth(3)).to_contain_text(headline(corrected.verdicts[0], "da"))
    expect(messages.nth(3).get_by_text(re.compile(r"kan i lav grad bruge andre tilbud \(rettet\)"))).to_be_visible()
    shot(page, artifacts / "06_chat_correction.png")


def test_sources_page(page: Page, app_server: AppServer, assistant: Any, artifacts: Path) -> None:
    page.goto(f"{app_server.url}/kilder")
    expect(page.get_by_role("heading", name="Kilder").first).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_text(f"Korpusversion: {assistant.corpus_version}")).to_be_visible()
    page.get_by_role("textbox", name="Søgeord eller spørgsmål").fill("caseload ICM")
    page.get_by_role("button", name="Søg i kilderne").click()
    expect(page.get_by_text(re.compile(r"^1\. ")).first).to_be_visible()
    expect(page.get_by_role("button", name="Læs hele siden under Kilder").first).to_be_visible()
    shot(page, artifacts / "05_kilder.png")


def test_read_whole_page_shows_the_quote_first(page: Page, app_server: AppServer, assistant: Any) -> None:
    expected = assistant.answer(CTI_Q).citations[0]
    open_app(page, app_server.url)
    ask(page, CTI_Q)
    first = page.get_by_test_id("stChatMessage").nth(1).get_by_test_id("stExpander").first
    first.locator("summary").click()
    note = page.get_by_text("Det citerede sted (markeret med gult; hele siden følger herunder):")
    click_until_visible(page, first.get_by_role("button", name="Læs hele siden under Kilder"), note)
    marks = page.locator(".mg-passage mark")
    expect(marks).to_have_count(2)  # the excerpt first, then the whole page
    assert [_ws(m) for m in marks.all_inner_texts()] == [_ws(expected.quote)] * 2
    excerpt, whole = page.locator(".mg-passage").all_inner_texts()[-2:]
    assert len(excerpt) < len(whole) and excerpt.startswith(("… ", whole[:20]))


def test_corrupt_pdf_upload_as_admin_and_chat_keeps_answering(
    page: Page, app_server: AppServer, artifacts: Path
) -> None:
    corpus = Path(app_server.settings.corpus_dir)
    before = sorted(p.name for p in corpus.iterdir())
    page.goto(f"{app_server.url}/korpus")
    login_admin(page, app_server.admin_password)
    page.locator("input[type='file']").set_input_files(
        files=[
            {
                "name": "ødelagt.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj <<\n garbage",
            }
        ]
    )
    expect(page.get_by_text("ødelagt.pdf", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Gem og indlæs").click()
    expect(
        page.get_by_text("ødelagt.pdf blev afvist: Dokumentet kan ikke læses", exact=False)
    ).to_be_visible()
    shot(page, artifacts / "06_korpus_corrupt_pdf.png")
    assert sorted(p.name for p in corpus.iterdir()) == before

    # chat in the same session keeps answering
    page.get_by_role("link", name="Chat").click()
    page.get_by_test_id("stChatInputTextArea").wait_for(state="visible")
    ask(page, CTI_Q)
    expect(page.get_by_test_id("stChatMessage").nth(1).get_by_test_id("stExpander").first).to_be_visible()


def test_evaluation_page_as_admin(page: Page, app_server: AppServer, artifacts: Path) -> None:
    page.goto(f"{app_server.url}/evaluering")
    login_admin(page, app_server.admin_password)
    small = (Path(__file__).resolve().parents[1] / "ui" / "data" / "small_set.yaml").read_bytes()
    page.locator("input[type='file']").set_input_files(
        files=[{"name": "lille.yaml", "mimeType": "application/x-yaml", "buffer": small}]
    )
    page.get_by_role("button", name="Kør evaluering").click()
    expect(page.get_by_text("Spørgsmål for spørgsmål")).to_be_visible(timeout=120_000)
    # the metric labels are short and shown whole (not cut off with an ellipsis)
    for label in ("Fakta fundet", "Rigtige afgørelser", "Afstår når den bør"):
        expect(page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)).to_be_visible()
    cut = page.get_by_test_id("stMetricLabel").evaluate_all(
        "els => els.filter(e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1))"
        ".map(e => e.textContent)"
    )
    assert cut == []
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    page.wait_for_timeout(500)  # let the chart finish drawing before the screenshot
    shot(page, artifacts / "07_evaluering.png")


CUSTOM_SET = """\
# A trainer's own grouping labels: not the project's categories, shown as written.
- {id: bolig1, category: law_housing, question: "Hvor lang tid varer et CTI-forløb?",
   expected: {facts: [["ni måneder", "9 måneder"]], sources: [], quote: null, verdict: null, abstain: false}}
- {id: princip1, category: principles, question: "Hvad koster en bil i Tyskland?",
   expected: {facts: [], sources: [], quote: null, verdict: null, abstain: true}}
"""


def test_uploaded_set_with_custom_categories_runs_and_shows_them(page: Page, app_server: AppServer) -> None:
    page.goto(f"{app_server.url}/evaluering")
    login_admin(page, app_server.admin_password)
    page.locator("input[type='file']").set_input_files(
        files=[{"name": "traener.yaml", "mimeType": "application/x-yaml", "buffer": CUSTOM_SET.encode()}]
    )
    page.get_by_role("button", name="Kør evaluering").click()
    expect(page.get_by_text("Spørgsmål for spørgsmål")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("traener · ", exact=False).first).to_be_visible()
    # the report the trainer downloads from the page names the categories as written
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent rapport (Markdown)").click()
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "law_housing" in report and "principles" in report


def _compare_item(item_id: str, question: str, answer: str, passed: bool, metric: tuple[str, float, bool, str]) -> Any:
    name, value, ok, reason = metric
    expected = {"facts": [["ni måneder", "9 måneder"]], "sources": [], "quote": None, "verdict": None, "abstain": False}
    if name == "verdict_accuracy":
        expected = {"facts": [], "sources": [], "quote": None, "verdict": {"caseload_ok": False, "limit": 8}, "abstain": False}
    if name == "abstention":
        expected = {"facts": [], "sources": [], "quote": None, "verdict": None, "abstain": True}
    return {
        "id": item_id,
        "category": "method_facts" if item_id == "t1" else "caseload" if item_id == "t2" else "out_of_scope",
        "question": question,
        "expected": expected,
        "answer": {"answer": answer, "abstained": name == "abstention" and ok, "citations": [], "verdicts": []},
        "passed": passed,
        "error": None,
        "metrics": {name: {"value": value, "passed": ok, "reason": reason}},
    }


def _write_compare_run(data_dir: Path, ts: str, code: str, items: list[Any], **summary: float) -> str:
    out = data_dir / "eval_runs" / f"{ts[:10].replace('-', '')}T000000_sammenligning"
    out.mkdir(parents=True, exist_ok=True)
    passed = sum(i["passed"] for i in items)
    run = {
        "format": 1,
        "set": "sammenligning",
        "timestamp": ts,
        "corpus_version": "v1",
        "code_version": code,
        "settings": {},
        "summary": {"n": len(items), "passed": passed, "pass_rate": passed / len(items), **summary},
        "categories": {},
        "items": items,
    }
    (out / "run.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    return f"sammenligning · {ts[:10]} {ts[11:19]} UTC · kode {code} · {passed}/{len(items)} bestået"


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_evaluation_compares_two_saved_runs(page: Page, app_server: AppServer, artifacts: Path) -> None:
    cti = "Hvor lang tid varer et CTI-forløb?"
    icm = "En ICM-medarbejder har 11 borgere – er det ok?"
    car = "Hvad koster en bil i Tyskland?"
    data = Path(app_server.settings.data_dir)
    old = _write_compare_run(
        data,
        "2025-01-01T10:00:00+00:00",
        "git aaa111",
        [
            _compare_item(
                "t1", cti, "Et CTI-forløb varer ni måneder [1].", True, ("fact_recall", 1.0, True, "alle 1 fakta fundet")
            ),
            _compare_item(
                "t2",
                icm,
                "Caseload: 11 borgere er inden for grænsen.",
                False,
                ("verdict_accuracy", 0.5, False, "limit: 10, forventet 8"),
            ),
            _compare_item(
                "t3", car, "En bil koster 30.000 euro.", False, ("abstention", 0.0, False, "svarede, men korpus dækker det ikke")
            ),
        ],
        fact_recall=1.0,
        verdict_accuracy=0.5,
        abstention_recall=0.0,
        latency_p50_ms=95.0,
        latency_p95_ms=140.0,
    )
    new = _write_compare_run(
        data,
        "2025-01-02T10:00:00+00:00",
        "git bbb222",
        [
            _compare_item(
                "t1",
                cti,
                "CTI er en tidsafgrænset indsats i tre faser [1].",
                False,
                ("fact_recall", 0.0, False, 'mangler 1 af 1 fakta: "ni måneder" / "9 måneder"'),
            ),
            _compare_item(
                "t2",
                icm,
                "Caseload: 11 borgere er <b>inden for</b> grænsen.",
                False,
                ("verdict_accuracy", 0.0, False, "caseload_ok: ja, forventet nej; limit: 10, forventet 8"),
            ),
            _compare_item("t3", car, "Ikke dækket af håndbøgerne.", True, ("abstention", 1.0, True, "afstod korrekt")),
        ],
        fact_recall=0.0,
        verdict_accuracy=0.0,
        abstention_recall=1.0,
        latency_p50_ms=88.0,
        latency_p95_ms=151.0,
    )
    page.goto(f"{app_server.url}/evaluering")
    login_admin(page, app_server.admin_password)
    page.get_by_role("tab", name="Sammenlign kørsler").click()
    pick(page, "Før", old)
    pick(page, "Efter", new)
    expect(page.get_by_text("Ændrede spørgsmål: 2 blev dårligere, 1 blev bedre")).to_be_visible()
    # key figures before → after
    rows = page.get_by_test_id("stTable").locator("tbody tr")
    expect(rows.first).to_contain_text("Andel bestået")
    assert [_ws(r) for r in rows.all_inner_texts()] == [
        "Andel bestået 0.33 0.33 +0.00",
        "Fakta fundet 1.00 0.00 -1.00",
        "Rigtige afgørelser 0.50 0.00 -0.50",
        "Afstår når den bør 0.00 1.00 +1.00",
        "Svartid p50 (ms) 95 88 -7",
        "Svartid p95 (ms) 140 151 +11",
    ]
    # the changed items, regression first: badge, id, question, expected, both answers
    cards = page.locator("[class*='st-key-mg_cmp_change_']")
    expect(cards).to_have_count(3)
    assert [_ws(c)[:40] for c in cards.all_inner_texts()] == [
        "Bestået → fejlet t1 · Metodefakta Spørgs",
        "Mål faldet t2 · Caseload Spørgsmål: En I",
        "Fejlet → bestået t3 · Uden for korpus Sp",
    ]
    first = cards.nth(0)
    expect(first).to_contain_text('Forventet: fakta: "ni måneder" / "9 måneder"')
    expect(first).to_contain_text("Et CTI-forløb varer ni måneder [1].")
    expect(first).to_contain_text("CTI er en tidsafgrænset indsats i tre faser [1].")
    expect(cards.nth(1)).to_contain_text("Caseload: 11 borgere er <b>inden for</b> grænsen.")  # text, not HTML
    assert cards.nth(1).locator("b", has_text="inden for").count() == 0
    page.wait_for_timeout(500)
    shot(page, artifacts / "10_evaluering_sammenligning.png")


def test_two_browser_contexts_keep_separate_histories(
    chromium: Any, app_server: AppServer, artifacts: Path
) -> None:
    a_ctx = chromium.new_context(viewport={"width": 1280, "height": 900})
    b_ctx = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        for pg in (a, b):
            pg.set_default_timeout(30_000)
            open_app(pg, app_server.url)
        for pg, q in (
            (a, CTI_Q),
            (b, CASELOAD_Q),
        ):  # send both before waiting: the server handles them at once
            box = pg.get_by_test_id("stChatInputTextArea")
            box.fill(q)
            box.press("Enter")
        for pg in (a, b):
            expect(
                pg.get_by_test_id("stChatMessage").nth(1).get_by_text(re.compile(r"^Korpusversion "))
            ).to_be_visible()
        ask(a, "og hvad med ICM?")
        user_a = [_ws(m) for m in a.get_by_test_id("stChatMessageAvatarUser").locator("..").all_inner_texts()]
        user_b = [_ws(m) for m in b.get_by_test_id("stChatMessageAvatarUser").locator("..").all_inner_texts()]
        assert len(user_a) == 2 and CTI_Q in user_a[0] and "og hvad med ICM?" in user_a[1]
        assert len(user_b) == 1 and CASELOAD_Q in user_b[0]
        assert b.get_by_test_id("stChatMessage").count() == 2
        shot(b, artifacts / "08_second_user.png")
    finally:
        a_ctx.close()
        b_ctx.close()
