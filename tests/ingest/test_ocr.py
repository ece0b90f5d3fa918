"""Tekstgenkendelse (OCR) of image-only PDF pages (``ingest.ocr`` via ``PDFLoader``).

The PDFs are built here: page 2 (or the only page) is a picture of Danish text drawn with
Pillow and embedded with fpdf2, so it has no text layer, like a scan. Tests that run Tesseract
are skipped, with the reason, when Tesseract or its Danish model is not installed; the path
without Tesseract is tested everywhere by switching the availability check off.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.settings import Settings
from assistant.store import CorpusIndex
from assistant.types import Citation
from ingest import ocr
from ingest.loaders import load_document
from ingest.pipeline import ingest
from tests.conftest import DEJAVU, SHIPPED_MANIFEST
from ui.text import citation_label_text, conversation_markdown, escape_md

needs_tesseract = pytest.mark.skipif(
    not (shutil.which("tesseract") and ocr.ocr_available()),
    reason="Tesseract med dansk model mangler (apt-get install tesseract-ocr tesseract-ocr-dan)",
)
needs_font = pytest.mark.skipif(not DEJAVU.is_file(), reason=f"skrifttypen {DEJAVU} mangler (fonts-dejavu-core)")

PAGE_1 = (
    "Side et handler om bostøtte. Borgeren får bostøtte i ni måneder efter udflytningen fra herberget, "
    "og medarbejderen hjælper med at finde en bolig, skaffe møbler og søge de ydelser borgeren har ret til. "
) * 3
PAGE_3 = (
    "Side tre handler om opfølgning. Kontaktpersonen følger op hver tredje måned sammen med borgeren, "
    "og planen bliver justeret, når borgerens behov ændrer sig undervejs i forløbet. "
) * 3
SCANNED_LINES = [
    "Kritisk tid og overgangen til egen bolig",
    "Borgeren flytter fra herberget til en lejlighed",
    "og medarbejderen besøger borgeren hver uge i",
    "den første fase. Støtten trappes gradvist ned,",
    "når netværket omkring borgeren fungerer godt.",
    "Kommunen sørger for at koordinere indsatsen",
    "mellem bostøtten, jobcentret og psykiatrien,",
    "så borgeren ikke falder mellem to stole, og",
    "så alle aftaler bliver skrevet ned i planen.",
    "Metoden bygger på erfaringer fra Danmark.",
    "Medarbejderen hjælper også med økonomien.",
    "Når borgeren har boet i lejligheden et stykke",
    "tid, holder teamet et møde om, hvordan det går,",
    "og aftaler, hvem der overtager støtten bagefter.",
    "Kommunen følger op på aftalerne efter fasen.",
]
# Words Tesseract reads reliably in the picture above (checked case-insensitively).
ROBUST_WORDS = ("borgeren", "herberget", "medarbejderen", "kommunen", "planen")


def _scan_image(lines: list[str]) -> object:
    """A white A4-wide picture (200 dpi) with ``lines`` in black, like a scanned page."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), 44)
    img = Image.new("L", (1654, 160 + 72 * len(lines)), color=255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((120, 80 + 72 * i), line, font=font, fill=0)
    return img


def _pdf(path: Path, pages: list[str | None]) -> Path:
    """Text pages, and for ``None`` an image-only page showing ``SCANNED_LINES``."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    for text in pages:
        pdf.add_page()
        if text is None:
            pdf.image(_scan_image(SCANNED_LINES), x=0, y=10, w=pdf.w)
        else:
            pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def _settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash")


# ---------------------------------------------------------------- with Tesseract


@needs_font
@needs_tesseract
def test_image_page_is_read_with_ocr_and_reported(tmp_path: Path) -> None:
    raw = load_document(_pdf(tmp_path / "manual.pdf", [PAGE_1, None, PAGE_3]))
    assert raw.pages is not None and len(raw.pages) == 3
    scanned = raw.pages[1].lower()
    assert all(w in scanned for w in ROBUST_WORDS), raw.pages[1]
    assert raw.pages[0].split()[:2] == ["Side", "et"] and raw.pages[2].split()[:2] == ["Side", "tre"]
    assert raw.ocr_pages == frozenset({2})
    assert raw.warnings == ("side 2: tekst genkendt med OCR",)


@needs_font
@needs_tesseract
@pytest.mark.integration
def test_ocr_page_is_indexed_with_its_page_number_and_cited_as_ocr(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    _pdf(corpus / "manual.pdf", [PAGE_1, None, PAGE_3])
    s = _settings(tmp_path, corpus)
    lines: list[str] = []
    r = ingest(s, progress=False, log=lines.append)
    assert (r.added, r.skipped, r.pages) == (("manual.pdf",), (), 3)
    assert r.warnings == (("manual.pdf", "side 2: tekst genkendt med OCR"),)
    assert lines == ["ADVARSEL: manual.pdf: side 2: tekst genkendt med OCR"]

    index = CorpusIndex.open(s)
    doc = index.document("manual.pdf")
    assert [p.page for p in doc.pages] == [1, 2, 3]
    assert doc.ocr_pages == frozenset({2})
    at = doc.text.lower().index("herberget til")
    assert doc.page_at(at) == 2

    chunks = [c for c in index.chunks() if c.source == "manual.pdf"]
    scanned = next(c for c in chunks if c.start <= at < c.end)
    assert scanned.ocr and scanned.page == 2
    assert [c.ocr for c in chunks] == [doc.ocr_in(c.start, c.end) for c in chunks]
    assert not next(c for c in chunks if c.page == 3).ocr

    quote_start = scanned.text.lower().index("borgeren flytter")
    cite = Citation.of_span(1, scanned, quote_start, quote_start + 30)
    assert cite.ocr and cite.page == 2
    assert list(cite.to_dict()) == ["n", "source", "title", "page", "section", "quote"]  # contract unchanged
    assert escape_md("s. 2 (OCR)") in citation_label_text(cite.n, cite.title, cite.page, cite.section, "da", cite.ocr)


@needs_font
@needs_tesseract
def test_whole_scanned_document_is_read_with_ocr_instead_of_refused(tmp_path: Path) -> None:
    raw = load_document(_pdf(tmp_path / "scan.pdf", [None]))
    assert raw.ocr_pages == frozenset({1})
    assert "medarbejderen" in raw.text.lower()
    assert raw.warnings == ("side 1: tekst genkendt med OCR",)


@needs_tesseract
def test_page_without_any_image_is_still_reported_when_ocr_finds_nothing(tmp_path: Path, make_pdf) -> None:  # noqa: ANN001
    raw = load_document(make_pdf(tmp_path / "tegning.pdf", ["Side et om bostøtte.", ""]))
    assert raw.ocr_pages == frozenset()
    assert raw.warnings == (
        "side 2 har ingen tekst, og tekstgenkendelse (OCR) fandt heller ingen; siden er ikke indlæst",
    )
    with pytest.raises(LoaderError, match="hverken tekstudtræk eller tekstgenkendelse"):
        load_document(make_pdf(tmp_path / "tom.pdf", ["", ""]))


# ---------------------------------------------------------------- without Tesseract


@needs_font
@pytest.mark.usefixtures("no_ocr")
def test_without_tesseract_the_page_is_left_out_and_the_warning_says_how_to_enable_ocr(tmp_path: Path) -> None:
    raw = load_document(_pdf(tmp_path / "manual.pdf", [PAGE_1, None, PAGE_3]))
    assert raw.pages is not None and raw.pages[1] == ""
    assert raw.ocr_pages == frozenset()
    assert raw.warnings == (
        "side 2 har ingen tekst (et billede eller en scanning?) og er ikke indlæst; "
        "installér tesseract-ocr og tesseract-ocr-dan (fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`) "
        "for at få den læst med tekstgenkendelse (OCR)",
    )


@needs_font
@pytest.mark.usefixtures("no_ocr")
def test_without_tesseract_a_whole_scan_is_refused_with_the_install_hint(tmp_path: Path) -> None:
    with pytest.raises(LoaderError) as err:
        load_document(_pdf(tmp_path / "scan.pdf", [None]))
    assert str(err.value) == (
        "scannet PDF uden tekst: der kan ikke udtrækkes tekst; installér tesseract-ocr og tesseract-ocr-dan "
        "(fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`) for at læse den med tekstgenkendelse (OCR), "
        "eller kør OCR på filen først"
    )


def test_availability_needs_the_danish_model_and_is_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    calls: list[int] = []

    def only_english(config: str = "") -> list[str]:
        calls.append(1)
        return ["eng", "osd"]

    monkeypatch.setattr(pytesseract, "get_languages", only_english)
    ocr.ocr_available.cache_clear()
    try:
        assert ocr.ocr_available() is False
        assert ocr.ocr_available() is False
        assert calls == [1]

        def missing(config: str = "") -> list[str]:
            raise pytesseract.TesseractNotFoundError()

        monkeypatch.setattr(pytesseract, "get_languages", missing)
        ocr.ocr_available.cache_clear()
        assert ocr.ocr_available() is False
    finally:
        ocr.ocr_available.cache_clear()


def test_citation_label_and_export_mark_ocr_only_when_set() -> None:
    assert citation_label_text(1, "CTI", 2, None, "da") == escape_md("[1] CTI — s. 2")
    assert citation_label_text(1, "CTI", 2, None, "da", ocr=True) == escape_md("[1] CTI — s. 2 (OCR)")
    assert citation_label_text(None, "CTI", 4, "Fase 1", "en", ocr=True) == escape_md("CTI — p. 4 (OCR) — Fase 1")

    class _Turn:
        question = "Hvad?"

        class answer:  # noqa: N801 - a stand-in for an Answer
            abstained = False
            answer = "Svar [1]."
            verdicts = ()
            citations = (Citation(1, "scan.pdf", "Scan", 2, None, "Borgeren flytter", ocr=True),)
            corpus_version = "v"
            mode = "extractive"

    assert "[1] Scan (scan.pdf), s. 2 (OCR): »Borgeren flytter«" in conversation_markdown([_Turn()])
