"""Loaders: one per format, and a clear Danish reason for every file they refuse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import LoaderError
from ingest.loaders import (
    HTMLLoader,
    MarkdownLoader,
    PDFLoader,
    TextLoader,
    decode_text,
    load_document,
    loader_for,
    supported_suffixes,
)

pytestmark = pytest.mark.unit


def test_registry_picks_one_loader_per_suffix() -> None:
    assert isinstance(loader_for(Path("a.TXT")), TextLoader)
    assert isinstance(loader_for(Path("a.md")), MarkdownLoader)
    assert isinstance(loader_for(Path("a.htm")), HTMLLoader)
    assert isinstance(loader_for(Path("a.html")), HTMLLoader)
    assert isinstance(loader_for(Path("a.pdf")), PDFLoader)
    assert loader_for(Path("a.xlsx")) is None
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".odt", ".pptx"} <= set(supported_suffixes())


def test_utf8_text_keeps_danish_letters(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Bostøtte på én måde: æøå ÆØÅ", encoding="utf-8")
    raw = load_document(p)
    assert raw.text == "Bostøtte på én måde: æøå ÆØÅ"
    assert raw.encoding == "utf-8"
    assert raw.pages is None
    assert len(raw.content_hash) == 64


def test_cp1252_file_is_decoded_with_aeoeaa(tmp_path: Path) -> None:
    p = tmp_path / "windows.txt"
    p.write_bytes("Hjemløse unge får støtte – “CTI” på ni måneder. Æblet.".encode("cp1252"))
    raw = load_document(p)
    assert raw.text == "Hjemløse unge får støtte – “CTI” på ni måneder. Æblet."
    assert raw.encoding == "cp1252"


def test_latin1_only_bytes_fall_back(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252; Latin-1 still decodes the rest.
    assert decode_text("Søren".encode("latin-1") + b"\x81 ok")[1] == "latin-1"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "tom.txt"
    p.write_bytes(b"")
    with pytest.raises(LoaderError, match="^filen er tom$"):
        load_document(p)
    p.write_bytes(b"  \n\n \t")
    with pytest.raises(LoaderError, match="^filen er tom$"):
        load_document(p)


def test_binary_named_txt_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "billede.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(LoaderError) as err:
        load_document(p)
    assert str(err.value) == "filen indeholder binære data og er ikke en tekstfil"


def test_binary_without_nul_bytes_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "støj.txt"
    p.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 50)
    with pytest.raises(LoaderError, match="binære data"):
        load_document(p)


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    p = tmp_path / "stor.txt"
    with p.open("wb") as fh:  # sparse: 50 MB + 1 byte on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(LoaderError) as err:
        load_document(p, max_bytes=50 * 1024 * 1024)
    assert str(err.value) == "filen er for stor (50,0 MB; grænsen er 50 MB, se METODEGUIDE_MAX_UPLOAD_MB)"


def test_vanished_file(tmp_path: Path) -> None:
    with pytest.raises(LoaderError, match="^filen forsvandt under indlæsningen$"):
        load_document(tmp_path / "væk.txt")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "låst.txt"
    p.write_text("hemmeligt")

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(LoaderError, match="^filen kan ikke læses \\(adgang nægtet\\)$"):
        load_document(p)


def test_unsupported_suffix(tmp_path: Path) -> None:
    p = tmp_path / "tal.xlsx"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoaderError, match=r"^filtypen \.xlsx understøttes ikke"):
        load_document(p)


def test_markdown_headings_and_links(tmp_path: Path) -> None:
    p = tmp_path / "noter.md"
    p.write_text(
        "# CTI i praksis\n\nSe [manualen](https://x.dk) for **detaljer**.\n\n## Fase 1\n\nOvergang.\n"
    )
    raw = load_document(p)
    assert raw.title == "CTI i praksis"
    assert raw.headings == frozenset({"CTI i praksis", "Fase 1"})
    assert "Se manualen for detaljer." in raw.text
    assert "#" not in raw.text and "https" not in raw.text


def test_html_drops_script_style_nav(tmp_path: Path) -> None:
    p = tmp_path / "side.html"
    p.write_text(
        "<html><head><title>Om ICM</title><style>p{color:red}</style></head><body>"
        "<nav><a href='/'>Forside</a> | <a href='/menu'>Menu</a></nav>"
        "<h1>Intensive Case Management</h1><p>ICM er en længerevarende indsats &amp; støtte.</p>"
        "<script>var x = 'skjult';</script><p>Caseload: otte borgere.</p></body></html>",
        encoding="utf-8",
    )
    raw = load_document(p)
    assert raw.title == "Om ICM"
    assert raw.headings == frozenset({"Intensive Case Management"})
    assert (
        raw.text == "Intensive Case Management\n\nICM er en længerevarende indsats & støtte."
        "\n\nCaseload: otte borgere."
    )


def test_html_latin1_charset(tmp_path: Path) -> None:
    p = tmp_path / "gammel.htm"
    p.write_bytes('<meta charset="iso-8859-1"><p>Hjemløse på gaden</p>'.encode("latin-1"))
    assert load_document(p).text == "Hjemløse på gaden"


def test_pdf_pages_and_title(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    p = make_pdf(tmp_path / "manual.pdf", ["Side et om bostøtte.", "Side to: tre faser."], title="CTI-manual")
    raw = load_document(p)
    assert raw.pages == ("Side et om bostøtte.", "Side to: tre faser.")
    assert raw.title == "CTI-manual"


def test_encrypted_pdf_is_refused(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    p = make_pdf(tmp_path / "låst.pdf", ["Fortroligt."], encrypt_password="hemmelig")
    with pytest.raises(LoaderError) as err:
        load_document(p)
    assert str(err.value) == (
        "PDF-filen er krypteret (beskyttet med adgangskode); gem en ukrypteret kopi og prøv igen"
    )


def test_truncated_pdf_is_refused(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    good = make_pdf(tmp_path / "hel.pdf", ["Noget tekst. " * 50])
    p = tmp_path / "halv.pdf"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(LoaderError, match="^PDF-filen er beskadiget eller ufuldstændig og kan ikke læses$"):
        load_document(p)


def test_garbage_pdf_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "skrald.pdf"
    p.write_bytes(b"dette er ikke en pdf" * 20)
    with pytest.raises(LoaderError, match="^PDF-filen er beskadiget eller ufuldstændig og kan ikke læses"):
        load_document(p)


@pytest.mark.usefixtures("no_ocr")
def test_scanned_pdf_without_text_is_refused(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    p = make_pdf(tmp_path / "scan.pdf", ["", ""])
    with pytest.raises(LoaderError) as err:
        load_document(p)
    assert (
        str(err.value)
        == "scannet PDF uden tekst: der kan ikke udtrækkes tekst; installér tesseract-ocr og tesseract-ocr-dan "
        "(fx `sudo apt-get install tesseract-ocr tesseract-ocr-dan`) for at læse den med tekstgenkendelse (OCR), "
        "eller kør OCR på filen først"
    )
