"""AppTest: Sagstjek, Kilder, and the admin pages (Korpus, Evaluering) with their access rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.rules import CaseProfile, headline
from assistant.settings import Settings
from tests.ui.apptest import ADMIN_PASSWORD, button, login
from ui.i18n import t
from ui.text import citation_label_text, escape_md
from ui.upload import safe_filename

pytestmark = [pytest.mark.integration, pytest.mark.slow]

NOT_CONFIGURED = (
    "Der er ikke sat en administratoradgangskode, så siden er lukket. Lav en hash med "
    "`python -m ui.auth hash`, sæt den som `METODEGUIDE_ADMIN_PASSWORD_HASH` (eller "
    "`admin_password_hash` i `metodeguide.toml`), og genstart appen."
)


def cards(at: Any) -> list[tuple[str, str]]:
    """(badges, bold headline) of every verdict card on the page."""
    values = [m.value for m in at.markdown]
    out = []
    for i, v in enumerate(values):
        if v.startswith((":blue-badge[:material/rule:", ":orange-badge[:material/help:")):
            j = next(k for k in range(i, len(values)) if values[k].startswith("**"))
            out.append((" ".join(values[i:j]), values[j]))
    return out


# ------------------------------------------------------------------ Sagstjek
def test_case_check_form_gives_the_engines_verdicts(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    at = make_app(ui_settings).run()
    at.switch_page("views/sagstjek.py").run()
    assert at.title[0].value == "Sagstjek"
    at.number_input(key="f_age").set_value(22)
    at.selectbox(key="f_hs").set_value("homeless")
    at.selectbox(key="f_need").set_value("long")
    button(at, "Vurdér sagen", 0).click().run()
    assert not at.exception
    expected = ui_assistant.check(CaseProfile(age=22, housing_situation="homeless", support_need="long"))
    assert [v.rule for v in expected] == ["method.youth"]
    assert headline(expected[0], "da") == (
        "Anbefaling: Samarbejdsmodellen med bostøtte efter ICM, fordi den unge har brug for langvarig støtte "
        "og er i hjemløshed."
    )
    assert cards(at) == [
        (
            ":blue-badge[:material/rule: Regelvurdering] :violet-badge[ICM + Samarbejdsmodellen]",
            "**" + escape_md(headline(expected[0], "da")) + "**",
        )
    ]
    # the card's sources: one expander per rule citation, titled by document, publisher, year and page
    docs = {d["source"]: d for d in ui_assistant.documents()}
    from ui.render import rule_citation_label

    assert [e.label for e in at.expander] == [
        rule_citation_label(
            docs[c.source]["title"], c, "da", origin=(docs[c.source]["publisher"], docs[c.source]["year"])
        )
        for c in expected[0].citations
    ]
    assert at.expander[0].label.startswith(
        escape_md("Samarbejdsmodellen og bostøtte til unge i hjemløshed og … — Socialstyrelsen (Rambøll og VIVE), 2018, s. ")
    )


def test_case_check_free_text(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    text = "En ICM-medarbejder har 11 borgere, og borgeren er 5 måneder inde i CTI"
    at = make_app(ui_settings).run()
    at.switch_page("views/sagstjek.py").run()
    at.text_area(key="f_text").input(text)
    button(at, "Vurdér sagen", 1).click().run()
    expected = ui_assistant.check(text)
    assert [b for _, b in cards(at)] == ["**" + escape_md(headline(v, "da")) + "**" for v in expected]
    phase = "Fase: 5 måneder inde i CTI-forløbet svarer til fase 2 (afprøvning); cirka 4 måneder tilbage."
    assert "**" + escape_md(phase) + "**" in [
        b for _, b in cards(at)
    ]


def test_case_check_free_text_fills_the_form_and_says_what_it_understood(
    make_app: Any, ui_settings: Settings, ui_assistant: Any
) -> None:
    text = "En hjemløs ung på 22, som har brug for langvarig støtte"
    at = make_app(ui_settings).run()
    at.switch_page("views/sagstjek.py").run()
    at.text_area(key="f_text").input(text)
    button(at, "Vurdér sagen", 1).click().run()
    assert not at.exception
    (expected,) = ui_assistant.check(text)
    assert [b for _, b in cards(at)] == ["**" + escape_md(headline(expected, "da")) + "**"]
    captions = [c.value for c in at.caption]
    assert escape_md("Forstået: 22 år · hjemløs · langvarigt behov") in captions
    assert t("check_filled", "da") in captions
    # the same facts are now in the form, ready to be corrected and checked again
    assert (at.number_input(key="f_age").value, at.selectbox(key="f_hs").value, at.selectbox(key="f_need").value) == (
        22,
        "homeless",
        "long",
    )
    at.selectbox(key="f_need").set_value("short")
    button(at, "Vurdér sagen", 0).click().run()
    (short,) = ui_assistant.check(CaseProfile(age=22, housing_situation="homeless", support_need="short"))
    assert [b for _, b in cards(at)] == ["**" + escape_md(headline(short, "da")) + "**"]
    assert "CTI" in cards(at)[0][0]


def test_case_check_free_text_without_facts_says_what_to_write(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.switch_page("views/sagstjek.py").run()
    at.text_area(key="f_text").input("Hvad synes I om det her?")
    button(at, "Vurdér sagen", 1).click().run()
    assert [w.value for w in at.warning] == [t("check_text_none", "da")]


def test_case_check_empty_form_says_what_to_do(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings).run()
    at.switch_page("views/sagstjek.py").run()
    button(at, "Vurdér sagen", 0).click().run()
    assert [w.value for w in at.warning] == ["Udfyld mindst ét felt."]


# ------------------------------------------------------------------ Kilder
def test_sources_table_search_and_reader(make_app: Any, ui_settings: Settings, ui_assistant: Any) -> None:
    at = make_app(ui_settings).run()
    at.switch_page("views/kilder.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    docs = ui_assistant.documents()
    assert list(table.columns) == ["Titel", "Udgiver", "År", "Type", "Passager", "Fil"]
    assert list(table["Titel"]) == [d["title"] for d in docs]
    assert list(table["Passager"]) == [d["chunks"] for d in docs]
    assert sum(table["Passager"]) == len(ui_assistant.index.chunks())
    assert escape_md(f"Korpusversion: {ui_assistant.corpus_version}") in [c.value for c in at.caption]

    src = "003_af012a5f0ae89a04.txt"
    at.text_input(key="mg_search_q").input("caseload ICM")
    at.multiselect(key="mg_search_docs").select(src)
    button(at, "Søg i kilderne").click().run()
    hits = ui_assistant.search("caseload ICM", k=5, where={"source": src})
    assert hits and all(h.chunk.source == src for h in hits)
    heads = [m.value for m in at.markdown if m.value.startswith("**") and m.value[2:3].isdigit()]
    assert heads == [
        "**"
        + escape_md(f"{i}. ")
        + citation_label_text(None, h.chunk.title, h.chunk.page, h.chunk.section, "da")
        + "**"
        for i, h in enumerate(hits, start=1)
    ]
    assert heads[0].startswith("**1\\. ")

    # reader: pick the CTI manual, page 10, and read it
    at.selectbox(key="mg_reader_doc").set_value("001_a87d09dcf945fd35.txt").run()
    at.selectbox(key="mg_reader_page").set_value(10).run()
    doc = ui_assistant.document("001_a87d09dcf945fd35.txt")
    span = next(p for p in doc.pages if p.page == 10)
    assert f"Side 10 af {doc.pages[-1].page}" in [c.value for c in at.caption]
    shown = [m.value for m in at.markdown if m.value.startswith('<div class="mg-passage">')][-1]
    from ui.text import passage_html

    assert shown == passage_html(doc.text[span.start : span.end], "")


# ------------------------------------------------------------------ access
@pytest.mark.parametrize("page", ["views/korpus.py", "views/evaluering.py"])
def test_admin_pages_closed_when_no_password_is_configured(
    make_app: Any, ui_settings: Settings, page: str
) -> None:
    at = make_app(ui_settings).run()
    at.switch_page(page).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Denne side er kun for administratorer."]
    assert [w.value for w in at.warning] == [NOT_CONFIGURED]
    assert len(at.file_uploader) == 0 and len(at.text_input) == 0
    assert not [
        b for b in at.button if b.label in ("Gem og indlæs", "Indlæs korpusmappen igen", "Kør evaluering")
    ]


def test_wrong_password_keeps_admin_pages_closed(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    assert len(at.file_uploader) == 0
    login(at, "forkert")
    assert [e.value for e in at.error] == ["Forkert adgangskode. Prøv igen."]
    assert len(at.file_uploader) == 0
    # five wrong attempts lock the form
    for _ in range(4):
        login(at, "forkert")
    assert [e.value for e in at.error] == ["For mange forkerte forsøg. Vent 30 sekunder, og prøv igen."]
    at.run()
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0


def test_admin_login_opens_both_pages_and_logout_closes(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    assert not at.exception
    assert at.file_uploader[0].label == "Upload dokumenter"
    assert [m.label for m in at.metric][:2] == ["Dokumenter", "Passager"]
    assert at.metric[0].value == "5"
    at.switch_page("views/evaluering.py").run()
    assert [b.label for b in at.button if b.label == "Kør evaluering"] == ["Kør evaluering"]
    assert "Logget ind som administrator" in [c.value for c in at.sidebar.caption]
    button(at, "Log ud").click().run()
    assert [i.value for i in at.info] == ["Denne side er kun for administratorer."]
    assert len(at.file_uploader) == 0


def test_require_login_closes_the_work_pages(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings, admin=True, require_login=True).run()
    assert len(at.chat_input) == 0
    assert at.info[0].value.startswith("Metodeguiden er sat op til at kræve login (`require_login`)")
    login_field = at.text_input(key="mg_user_form_pw")
    login_field.input(ADMIN_PASSWORD)
    button(at, "Log ind som administrator").click().run()
    assert len(at.chat_input) == 1


def test_oidc_login_required_and_admin_by_email(make_app: Any, ui_settings: Settings) -> None:
    at = make_app(ui_settings, require_login=True)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}
    at.secrets["metodeguide"] = {"admin_emails": ["leder@kommune.dk"]}
    at.user = {"is_logged_in": False}
    at.run()
    assert [i.value for i in at.info] == ["Log ind med din arbejdskonto for at bruge Metodeguiden."]
    assert [b.label for b in at.button if b.key == "mg_oidc_user"] == ["Log ind"]
    assert len(at.chat_input) == 0

    at.user = {"is_logged_in": True, "email": "medarbejder@kommune.dk"}
    at.run()
    assert len(at.chat_input) == 1
    at.switch_page("views/korpus.py").run()
    assert len(at.file_uploader) == 0
    assert at.warning[0].value.startswith("Din konto (medarbejder@kommune.dk) er ikke administrator.")

    at.user = {"is_logged_in": True, "email": "Leder@Kommune.dk"}
    at.run()
    assert at.file_uploader[0].label == "Upload dokumenter"


def test_a_page_read_with_ocr_is_marked_in_search_results_and_the_reader(
    make_app: Any, admin_settings: Settings, make_pdf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OCR itself is replaced by a fixed text here (tests/ingest/test_ocr.py runs Tesseract)."""
    from ingest import ocr
    from ingest.pipeline import ingest

    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", lambda page: "Fra scanningen: borgeren får natlig bostøtte i skurvognen.")
    make_pdf(admin_settings.corpus_dir / "scan.pdf", ["Side et om bostøtte i egen bolig efter udflytning.", ""])
    report = ingest(admin_settings, progress=False, log=lambda line: None)
    assert report.warnings == (("scan.pdf", "side 2: tekst genkendt med OCR"),)

    at = make_app(admin_settings).run()
    at.switch_page("views/kilder.py").run()
    at.text_input(key="mg_search_q").input("skurvognen")
    at.multiselect(key="mg_search_docs").select("scan.pdf")
    button(at, "Søg i kilderne").click().run()
    assert not at.exception
    heads = [m.value for m in at.markdown if m.value.startswith("**") and m.value[2:3].isdigit()]
    assert heads and all(escape_md("(OCR)") in h for h in heads)

    ocr_note = t("reader_ocr", "da")
    at.selectbox(key="mg_reader_doc").set_value("scan.pdf").run()
    at.selectbox(key="mg_reader_page").set_value(1).run()
    assert ocr_note not in [c.value for c in at.caption]
    at.selectbox(key="mg_reader_page").set_value(2).run()
    assert ocr_note in [c.value for c in at.caption]


# ------------------------------------------------------------------ Korpus: uploads
def test_upload_corrupt_pdf_is_refused_and_chat_keeps_answering(
    make_app: Any, admin_settings: Settings
) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    version_before = at.metric[2].value
    at.file_uploader[0].set_value(("ødelagt.pdf", b"%PDF-1.4\n1 0 obj <<\n garbage", "application/pdf"))
    button(at, "Gem og indlæs").click().run(timeout=180)
    assert not at.exception
    assert [e.value for e in at.error] == [
        escape_md(
            "ødelagt.pdf blev afvist: Dokumentet kan ikke læses (PDF-filen er beskadiget eller "
            "ufuldstændig og kan ikke læses). Gem det igen fra det oprindelige program, og upload det på ny."
        )
    ]
    assert not at.success
    assert not (admin_settings.corpus_dir / "ødelagt.pdf").exists()
    assert at.metric[2].value == version_before
    # chat still answers from the unchanged index
    at.switch_page("views/chat.py").run()
    at.chat_input[0].set_value("Hvor lang tid varer et CTI-forløb?").run()
    assert not at.exception and len(at.chat_message) == 2 and at.chat_message[1].expander


def test_ingest_again_reports_unchanged(make_app: Any, admin_settings: Settings) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    (admin_settings.corpus_dir / "004_d50f6f41890c1f33.txt").unlink()
    button(at, "Indlæs korpusmappen igen").click().run(timeout=180)
    assert not at.exception
    assert [m.label for m in at.metric][-4:] == ["Tilføjet", "Ændret", "Fjernet", "Uændret"]
    assert [m.value for m in at.metric][-4:] == ["0", "0", "1", "4"]
    assert escape_md("004_d50f6f41890c1f33.txt") in [c.value for c in at.caption]
    assert at.metric[0].value == "4"
    assert at.success[0].value.startswith(escape_md("Indlæsning færdig på "))


def test_upload_text_document_is_added(make_app: Any, admin_settings: Settings) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    text = "Lokal retningslinje for bostøtte.\n\nI vores kommune holdes et opfølgningsmøde hver fjerde uge.\n"
    at.file_uploader[0].set_value(("../../Lokal retningslinje.txt", text.encode(), "text/plain"))
    button(at, "Gem og indlæs").click().run(timeout=180)
    assert not at.exception
    assert (admin_settings.corpus_dir / "Lokal_retningslinje.txt").read_text(encoding="utf-8") == text
    assert at.success[0].value == escape_md(
        "../../Lokal retningslinje.txt er gemt som Lokal_retningslinje.txt."
    )
    assert [m.value for m in at.metric][-4:] == ["1", "0", "0", "5"]
    assert escape_md("Lokal_retningslinje.txt") in [c.value for c in at.caption]
    assert at.metric[0].value == "6"  # the page reloaded the assistant on the new generation


@pytest.mark.usefixtures("no_ocr")
def test_ingest_warnings_are_listed_per_file_as_escaped_text(
    make_app: Any, admin_settings: Settings, make_pdf: Any, tmp_path: Path
) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    # A kept document with a repaired encoding, under a name full of Markdown, and a PDF whose
    # second page has no text (no OCR here): both are indexed, and both warnings are listed.
    mixed = "Lokal retningslinje: bostøtte og opfølgning på Ærø.\n".encode() + b"Gr\xf8n plan for *alle* <b>borgere</b>.\n"
    at.file_uploader[0].set_value(("**fed** _navn_.txt", mixed, "text/plain"))
    saved_as = safe_filename("**fed** _navn_.txt", "txt")
    make_pdf(admin_settings.corpus_dir / "scan.pdf", ["Side et om bostøtte i egen bolig efter udflytning.", ""])
    button(at, "Gem og indlæs").click().run(timeout=180)
    assert not at.exception
    assert [m.value for m in at.metric][-4:] == ["2", "0", "0", "5"]
    hint = "installér tesseract-ocr og tesseract-ocr-dan (fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`)"
    expected = [
        (saved_as, "blandet tegnkodning repareret: 1 tegn på linje 2 var ikke UTF-8 og er læst som Windows-1252"),
        (
            "scan.pdf",
            f"side 2 har ingen tekst (et billede eller en scanning?) og er ikke indlæst; {hint} "
            "for at få den læst med tekstgenkendelse (OCR)",
        ),
    ]
    lines = [f"- {escape_md(f)}: {escape_md(w)}" for f, w in expected]
    assert [w.value for w in at.warning] == ["**" + t("res_warnings", "da") + "**\n\n" + "\n".join(lines)]
    assert saved_as.startswith("fed") and "*" not in saved_as  # nothing from the document's own text shows


def test_upload_of_a_program_is_rejected_before_ingest(make_app: Any, admin_settings: Settings) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/korpus.py").run()
    login(at, ADMIN_PASSWORD)
    at.file_uploader[0].set_value(("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf"))
    button(at, "Gem og indlæs").click().run()
    assert [e.value for e in at.error] == [
        escape_md(
            "rapport.pdf blev afvist: Filen er et Windows-program. "
            "Kun PDF, Word (DOCX), OpenDocument (ODT), PowerPoint (PPTX), tekst (TXT/MD) og HTML kan indlæses."
        )
    ]
    assert sorted(p.name for p in Path(admin_settings.corpus_dir).iterdir()) == sorted(
        p.name for p in (Path(__file__).resolve().parents[2] / "corpus" / "documents").iterdir()
    )


# ------------------------------------------------------------------ Evaluering
SMALL_SET = (Path(__file__).parent / "data" / "small_set.yaml").read_text(encoding="utf-8")


def test_evaluation_of_an_uploaded_set_and_comparison(make_app: Any, admin_settings: Settings) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/evaluering.py").run()
    login(at, ADMIN_PASSWORD)
    at.file_uploader[0].set_value(("lille.yaml", SMALL_SET.encode(), "application/x-yaml"))
    button(at, "Kør evaluering").click().run(timeout=180)
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["id"]) == ["t1", "t2", "t3"]
    assert set(table["Bestået"]) <= {"Ja", "Nej"}
    assert at.markdown and "Der er ingen tidligere kørsel af dette sæt at sammenligne med." in [
        c.value for c in at.caption
    ]
    # four columns, read column by column: (1, 5), (2, 6), (3, 7), (4)
    assert [m.label for m in at.metric] == [
        "Fakta fundet",
        "Rigtige afgørelser",
        "Rigtig kilde",
        "Afstår med rette",
        "Citat fundet",
        "Afstår når den bør",
        "Gyldige citater",
    ]
    assert at.metric[0].help == (
        "Andel af de forventede fakta, der står i svaret eller dets citater (fact recall)."
    )
    assert [d.proto.label for d in at.get("download_button")] == [
        "Hent rapport (Markdown)",
        "Hent rapport (HTML)",
        "Hent run.json",
    ]
    runs = sorted((Path(admin_settings.data_dir) / "eval_runs").iterdir())
    assert len(runs) == 1 and (runs[0] / "report.html").is_file()
    # a second run is compared with the first
    at.file_uploader[0].set_value(("lille.yaml", SMALL_SET.encode(), "application/x-yaml"))
    button(at, "Kør evaluering").click().run(timeout=180)
    assert "Der er ingen tidligere kørsel af dette sæt at sammenligne med." not in [
        c.value for c in at.caption
    ]
    assert len(sorted((Path(admin_settings.data_dir) / "eval_runs").iterdir())) == 2


def test_malformed_set_gives_line_precise_error(make_app: Any, admin_settings: Settings) -> None:
    at = make_app(admin_settings, admin=True).run()
    at.switch_page("views/evaluering.py").run()
    login(at, ADMIN_PASSWORD)
    at.file_uploader[0].set_value(
        ("dårlig.yaml", b"- {id: x1, category: nope, question: 3}\n", "application/x-yaml")
    )
    button(at, "Kør evaluering").click().run()
    (error,) = at.error
    assert error.value.startswith(escape_md("Spørgesættet kan ikke bruges: dårlig.yaml"))
    assert "1" in error.value
