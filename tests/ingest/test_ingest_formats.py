"""Word (.docx) and OpenDocument (.odt): headings from styles, lists as lines, tables as row
lines, damaged files refused with a Danish reason (and skipped, not a crash, in a run)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.settings import Settings
from assistant.store import CorpusIndex
from ingest.loaders import DocxLoader, OdtLoader, load_document, loader_for
from ingest.pipeline import ingest
from ingest.structure import DocMeta, Vocabulary, build_document
from ingest.tables import row_lines

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.yaml"
BODY = (
    "Bostøtten gives efter serviceloven og tilpasses borgerens behov, så borgeren kan fastholde "
    "sin egen bolig og få flyttehjælp ved indflytning."
)


def write_docx(path: Path, *, header_row: bool = True) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Retningslinje for bostøtte"
    d.add_heading("Bostøtte i Aarhus", level=1)
    d.add_paragraph(BODY.replace("flyttehjælp", "ﬂyttehjælp"))  # a ligature from a PDF copy
    d.add_heading("Støttens omfang", level=2)
    d.add_paragraph("Støtten omfatter:")
    d.add_paragraph("hjælp til økonomi", style="List Bullet")
    d.add_paragraph("kontakt til jobcenter", style="List Number")
    rows = [("Støtteniveau", "Timer om ugen"), ("Intensiv bostøtte", "8"), ("Let bostøtte", "2")]
    if not header_row:
        rows = [("Intensiv bostøtte", "8 timer om ugen"), ("Let bostøtte", "2 timer om ugen")]
    table = d.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.rows[r].cells[c]
            cell.text = text
            if header_row and r == 0:
                cell.paragraphs[0].runs[0].bold = True
    d.add_paragraph("Afsluttende bemærkning om opfølgning hver tredje måned.")
    d.save(str(path))
    return path


def write_odt(path: Path) -> Path:
    from odf import table as T
    from odf import text as X
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText

    d = OpenDocumentText()
    d.meta.addElement(Title(text="CTI-notat"))
    d.text.addElement(X.H(outlinelevel=1, text="Critical Time Intervention"))
    d.text.addElement(X.P(text="CTI er en tidsafgrænset indsats i ni måneder fordelt på tre faser ved udflytning."))
    lst = X.List()
    for item in ("Fase 1: overgang", "Fase 2: afprøvning"):
        li = X.ListItem()
        li.addElement(X.P(text=item))
        lst.addElement(li)
    d.text.addElement(lst)
    t = T.Table(name="Faser")
    t.addElement(T.TableColumn(numbercolumnsrepeated=2))
    head = T.TableHeaderRows()
    for r, row in enumerate([("Fase", "Måneder"), ("Overgang", "3"), ("Afprøvning", "3")]):
        tr = T.TableRow()
        for text in row:
            cell = T.TableCell()
            cell.addElement(X.P(text=text))
            tr.addElement(cell)
        (head if r == 0 else t).addElement(tr)
        if r == 0:
            t.addElement(head)
    d.text.addElement(t)
    d.save(str(path))
    return path


@pytest.mark.unit
def test_new_formats_are_registered_like_the_others() -> None:
    assert isinstance(loader_for(Path("notat.DOCX")), DocxLoader)
    assert isinstance(loader_for(Path("notat.odt")), OdtLoader)


@pytest.mark.unit
def test_docx_text_headings_lists_and_table_rows(tmp_path: Path) -> None:
    raw = load_document(write_docx(tmp_path / "retningslinje.docx"))
    assert raw.title == "Retningslinje for bostøtte"
    assert raw.headings == frozenset({"Bostøtte i Aarhus", "Støttens omfang"})
    assert raw.text == (
        f"Bostøtte i Aarhus\n\n{BODY}\n\nStøttens omfang\n\nStøtten omfatter:\n\n"
        "• hjælp til økonomi\n• kontakt til jobcenter\n\n"
        "Støtteniveau: Intensiv bostøtte; Timer om ugen: 8\n"
        "Støtteniveau: Let bostøtte; Timer om ugen: 2\n\n"
        "Afsluttende bemærkning om opfølgning hver tredje måned."
    )
    assert raw.warnings == ()


@pytest.mark.unit
def test_docx_headings_become_sections_and_rows_survive_cleaning(tmp_path: Path) -> None:
    raw = load_document(write_docx(tmp_path / "retningslinje.docx"))
    doc = build_document(raw, Vocabulary.from_texts([raw.text]), DocMeta(source=raw.source, title="R"))
    assert [s.title for s in doc.sections] == ["Bostøtte i Aarhus", "Støttens omfang"]
    at = doc.text.index("Støtteniveau: Intensiv bostøtte; Timer om ugen: 8")
    assert doc.section_at(at) == "Støttens omfang"
    assert "• kontakt til jobcenter" in doc.text.split("\n")


@pytest.mark.unit
def test_docx_table_without_header_uses_first_column_as_label(tmp_path: Path) -> None:
    raw = load_document(write_docx(tmp_path / "b.docx", header_row=False))
    assert "\nIntensiv bostøtte: 8 timer om ugen\nLet bostøtte: 2 timer om ugen\n" in raw.text


@pytest.mark.unit
def test_row_lines_keep_number_only_cells_and_skip_empty_ones() -> None:
    assert row_lines([["Støtteniveau", "Timer"], ["Intensiv bostøtte", "8"], ["Let", ""]]) == [
        "Støtteniveau: Intensiv bostøtte; Timer: 8",
        "Støtteniveau: Let",
    ]
    assert row_lines([["2019", "2020"], ["12", "14"]], header=False) == ["2019: 2020", "12: 14"]
    assert row_lines([["Kun én kolonne"], ["8"]]) == ["Kun én kolonne", "8"]


@pytest.mark.unit
def test_odt_text_headings_lists_and_table_rows(tmp_path: Path) -> None:
    raw = load_document(write_odt(tmp_path / "cti.odt"))
    assert raw.title == "CTI-notat"
    assert raw.headings == frozenset({"Critical Time Intervention"})
    assert raw.text == (
        "Critical Time Intervention\n\n"
        "CTI er en tidsafgrænset indsats i ni måneder fordelt på tre faser ved udflytning.\n\n"
        "• Fase 1: overgang\n• Fase 2: afprøvning\n\n"
        "Fase: Overgang; Måneder: 3\nFase: Afprøvning; Måneder: 3"
    )


@pytest.mark.unit
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@pytest.mark.parametrize("content", [b"PK\x03\x04", b"ikke et dokument " * 20, "half"])
def test_damaged_office_file_is_a_danish_loader_error(tmp_path: Path, suffix: str, content: object) -> None:
    if content == "half":
        good = (write_docx if suffix == ".docx" else write_odt)(tmp_path / f"hel{suffix}")
        content = good.read_bytes()[: good.stat().st_size // 2]
    p = tmp_path / f"notat{suffix}"
    assert isinstance(content, bytes)
    p.write_bytes(content)
    with pytest.raises(LoaderError) as err:
        load_document(p)
    expected = {
        ".docx": "Word-filen er beskadiget eller ikke en rigtig .docx-fil og kan ikke læses "
        "(gem den igen fra Word som .docx, eller som PDF)",
        ".odt": "OpenDocument-filen er beskadiget eller ikke en rigtig .odt-fil og kan ikke læses "
        "(gem den igen som .odt, .docx eller PDF)",
    }[suffix]
    assert str(err.value) == expected


@pytest.mark.integration
def test_run_indexes_docx_and_odt_and_skips_a_damaged_docx(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    write_docx(corpus / "retningslinje.docx")
    write_odt(corpus / "cti.odt")
    (corpus / "ødelagt.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    s = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash")
    lines: list[str] = []
    r = ingest(s, progress=False, log=lines.append)
    assert r.added == ("cti.odt", "retningslinje.docx")
    reason = (
        "Word-filen er beskadiget eller ikke en rigtig .docx-fil og kan ikke læses "
        "(gem den igen fra Word som .docx, eller som PDF)"
    )
    assert r.skipped == (("ødelagt.docx", reason),)
    assert lines == [f"SPRUNGET OVER: ødelagt.docx: {reason}"]
    index = CorpusIndex.open(s)
    assert index.documents()["retningslinje.docx"]["title"] == "Retningslinje for bostøtte"
    doc = index.document("retningslinje.docx")
    assert [sec.title for sec in doc.sections] == ["Bostøtte i Aarhus", "Støttens omfang"]
    assert doc.section_at(doc.text.index("Støtteniveau: Intensiv bostøtte; Timer om ugen: 8")) == "Støttens omfang"
    assert any("Intensiv bostøtte; Timer om ugen: 8" in c.text for c in index.chunks())
    assert index.document("cti.odt").sections[0].title == "Critical Time Intervention"


@pytest.mark.unit
def test_zip_bomb_named_docx_is_refused_unopened(tmp_path: Path) -> None:
    import zipfile

    p = tmp_path / "bombe.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\x00" * (301 * 1024 * 1024))
    assert p.stat().st_size < 1_000_000
    with pytest.raises(LoaderError) as err:
        load_document(p)
    assert str(err.value) == (
        "Word-filen fylder over 300 MB udpakket og indlæses ikke "
        "(et komprimeret arkiv, der pakker sig ud til meget mere end filen selv)"
    )


# ---------------------------------------------------------------- HTML main text

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>ACT - Assertive Community Treatment | Socialstyrelsen2021</title>
<meta name="date" content="2021-05-10">
</head><body>
<a href="#main" class="skip">Gå til indhold</a>
<nav class="breadcrumb"><a href="/">Forside</a> » <a href="/voksne">Voksne</a> » <a>Hjemløshed</a> » ACT</nav>
<header><ul class="menu"><li><a href="/a">Om os</a></li><li><a href="/b">Kontakt</a></li></ul></header>
<div id="cookie">Vi bruger cookies til at forbedre din oplevelse. Accepter</div>
<main id="main"><article>
<h1>ACT - Assertive Community Treatment</h1>
<p>ACT er en tværfaglig indsats for borgere med komplekse støttebehov, hvor teamet selv leverer
støtten i borgerens eget hjem.</p>
<h2>Støtteniveauer</h2>
<p>Tabellen viser timer om ugen for hvert støtteniveau i indsatsen og bruges ved visitationen.</p>
<table><tr><th>Støtteniveau</th><th>Timer om ugen</th></tr>
<tr><td>Intensiv bostøtte</td><td>8</td></tr><tr><td>Let bostøtte</td><td>2</td></tr></table>
<ul><li>Teamet har højst ti borgere pr. medarbejder.</li><li>Teamet er tilgængeligt hele døgnet.</li></ul>
<div class="share">Del på Facebook Del på LinkedIn</div>
</article></main>
<footer>Socialstyrelsen · Edisonsvej 18 · 5000 Odense C</footer>
</body></html>"""


@pytest.mark.unit
def test_html_main_text_without_breadcrumbs_menus_cookies_or_share_lines(tmp_path: Path) -> None:
    p = tmp_path / "act.html"
    p.write_text(PAGE, encoding="utf-8")
    raw = load_document(p)
    assert raw.text == (
        "ACT - Assertive Community Treatment\n\n"
        "ACT er en tværfaglig indsats for borgere med komplekse støttebehov, hvor teamet selv leverer "
        "støtten i borgerens eget hjem.\n\n"
        "Støtteniveauer\n\n"
        "Tabellen viser timer om ugen for hvert støtteniveau i indsatsen og bruges ved visitationen.\n\n"
        "Støtteniveau: Intensiv bostøtte; Timer om ugen: 8\n"
        "Støtteniveau: Let bostøtte; Timer om ugen: 2\n\n"
        "• Teamet har højst ti borgere pr. medarbejder.\n"
        "• Teamet er tilgængeligt hele døgnet."
    )
    assert raw.title == "ACT - Assertive Community Treatment"
    assert (raw.date, raw.year) == ("2021-05-10", 2021)
    assert raw.headings == frozenset({"ACT - Assertive Community Treatment", "Støtteniveauer"})
    doc = build_document(raw, Vocabulary.from_texts([raw.text]), DocMeta(source=raw.source, title="ACT"))
    assert [s.title for s in doc.sections] == ["ACT - Assertive Community Treatment", "Støtteniveauer"]


@pytest.mark.unit
def test_html_title_and_year_reach_the_index_metadata_of_an_unlisted_page(tmp_path: Path) -> None:
    from ingest.manifest import Manifest

    p = tmp_path / "act.html"
    p.write_text(PAGE.replace('<meta name="date" content="2021-05-10">', ""), encoding="utf-8")
    raw = load_document(p)
    assert raw.date is None  # no date in the metadata: none is guessed from the text
    p.write_text(PAGE, encoding="utf-8")
    meta = Manifest().meta_for(load_document(p))
    assert (meta.title, meta.year, meta.date) == ("ACT - Assertive Community Treatment", 2021, "2021-05-10")


@pytest.mark.unit
def test_html_fallback_parser_keeps_number_only_table_cells(tmp_path: Path) -> None:
    # A bare fragment: trafilatura finds no main text, the fallback parser reads it.
    p = tmp_path / "tabel.html"
    p.write_text(
        "<h2>Timer</h2><table><tr><th>Støtteniveau</th><th>Timer om ugen</th></tr>"
        "<tr><td>Intensiv bostøtte</td><td>8</td></tr><tr><td>Let bostøtte</td><td>2</td></tr></table>",
        encoding="utf-8",
    )
    raw = load_document(p)
    doc = build_document(raw, Vocabulary.from_texts([raw.text]), DocMeta(source=raw.source, title="T"))
    assert doc.text.split("\n")[-2:] == [
        "Støtteniveau: Intensiv bostøtte; Timer om ugen: 8",
        "Støtteniveau: Let bostøtte; Timer om ugen: 2",
    ]


@pytest.mark.unit
def test_skip_links_and_breadcrumbs_are_clutter_in_any_text() -> None:
    from ingest.clean import is_clutter_line

    assert is_clutter_line("Gå til indhold")
    assert is_clutter_line("Forside » Voksne » Hjemløshed » ACT")
    assert not is_clutter_line("Intensiv bostøtte: 8")
    assert not is_clutter_line("Borgeren » kom » ikke.")


# ---------------------------------------------------------------- PDF pages without text


@pytest.mark.integration
@pytest.mark.usefixtures("no_ocr")
def test_pdf_page_without_text_is_reported_by_number_and_the_rest_is_indexed(
    tmp_path: Path, make_pdf: Callable[..., Path]
) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    make_pdf(
        corpus / "manual.pdf",
        [
            "Side et: borgeren får bostøtte i ni måneder efter udflytning fra herberget.",
            "",  # an image-only (scanned) page
            "Side tre: opfølgning sker hver tredje måned sammen med kontaktpersonen.",
        ],
    )
    s = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash")
    lines: list[str] = []
    r = ingest(s, progress=False, log=lines.append)
    note = (
        "side 2 har ingen tekst (et billede eller en scanning?) og er ikke indlæst; "
        "installér tesseract-ocr og tesseract-ocr-dan (fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`) "
        "for at få den læst med tekstgenkendelse (OCR)"
    )
    assert (r.added, r.skipped, r.pages) == (("manual.pdf",), (), 2)
    assert r.warnings == (("manual.pdf", note),)
    assert lines == [f"ADVARSEL: manual.pdf: {note}"]
    assert f"  - manual.pdf: {note}" in r.summary()
    doc = CorpusIndex.open(s).document("manual.pdf")
    assert [p.page for p in doc.pages] == [1, 3]
    assert doc.page_at(doc.text.index("Side tre")) == 3
