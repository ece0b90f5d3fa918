"""ui.upload: type by content, size limit, safe names, writes only inside the corpus folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.upload import UploadRejected, loader_problem, safe_filename, save_upload, sniff, undo_upload

pytestmark = pytest.mark.unit

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (PDF, "a.pdf", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.7 rest", "a.pdf", "pdf"),
        (b"<!DOCTYPE html><html><body><p>Hej</p></body></html>", "x.html", "html"),
        (b"  <html lang='da'><p>Hej</p></html>", "x.htm", "html"),
        ("Bostøtte i egen bolig.\n".encode(), "x.txt", "txt"),
        ("Bostøtte i egen bolig.\n".encode("cp1252"), "x.txt", "txt"),
        (b"# Overskrift\n\nTekst", "noter.md", "md"),
        (b"# Overskrift\n\nTekst", "noter", "txt"),
    ],
)
def test_sniff_accepts(data: bytes, name: str, kind: str) -> None:
    assert sniff(data, name) == kind


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tom"),
        (b"   \n", "tom"),
        (b"PK\x03\x04" + b"\x00" * 40, "zip-arkiv"),
        (b"MZ\x90\x00" + b"\x00" * 40, "Windows-program"),
        (b"\x7fELF\x02\x01", "et program"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "JPEG"),
        (b"GIF89a" + b"\x00" * 20, "GIF"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (bytes(range(256)) * 4, "binære data"),
    ],
)
def test_sniff_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(UploadRejected, match=reason):
        sniff(data, "fil.txt")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/etc/cron.d/evil.pdf", "evil.pdf"),
        ("C:\\Users\\x\\Håndbog 2.pdf", "Håndbog_2.pdf"),
        ("evil\x00.txt.pdf", "evil.txt.pdf"),
        ("..", "dokument"),
        (".bashrc", "bashrc"),
        ("a\u202egnp.txt", "agnp.txt"),  # right-to-left override removed
        ("ﬁl.txt", "fil.txt"),  # NFKC folds the ligature
        ("rapport<script>.html", "rapport_script.html"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_safe_filename_sets_extension_from_kind() -> None:
    assert safe_filename("notes", "md") == "notes.md"
    assert safe_filename("scan.PDF", "pdf") == "scan.pdf"


def test_save_writes_only_inside_corpus_dir(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    saved = save_upload("../../outside.txt", b"Tekst om CTI.", corpus, max_mb=1)
    assert saved.path == (corpus / "outside.txt").resolve()
    assert saved.path.read_text(encoding="utf-8") == "Tekst om CTI."
    assert not (tmp_path / "outside.txt").exists()
    assert sorted(p.name for p in corpus.iterdir()) == ["outside.txt"]  # no temp file left


def test_save_size_limit(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match="grænsen er 1 MB"):
        save_upload("stor.txt", b"a" * (1024 * 1024 + 1), tmp_path, max_mb=1)
    assert list(tmp_path.iterdir()) == []


def test_save_rejects_extension_content_mismatch(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match="Filnavnet siger PDF, men indholdet er TXT"):
        save_upload("falsk.pdf", b"bare tekst", tmp_path, max_mb=1)
    with pytest.raises(UploadRejected, match="zip-arkiv"):
        save_upload("dokument.txt", b"PK\x03\x04rest", tmp_path, max_mb=1)


def test_save_names_by_content_and_undo_restores(tmp_path: Path) -> None:
    first = save_upload("noter", b"gammel", tmp_path, max_mb=1)
    assert first.name == "noter.txt" and not first.replaced
    second = save_upload("noter.txt", b"ny", tmp_path, max_mb=1)
    assert second.replaced and second.previous == b"gammel"
    undo_upload(second)
    assert (tmp_path / "noter.txt").read_bytes() == b"gammel"
    undo_upload(first)
    assert not (tmp_path / "noter.txt").exists()


# ------------------------------------------------------------------ Word and OpenDocument (zip-based)
def _docx_bytes() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Bostøtte i Aarhus", level=1)
    d.add_paragraph("Borgeren får bostøtte i ni måneder efter udflytningen.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt_bytes() -> bytes:
    import io

    from odf import text as X
    from odf.opendocument import OpenDocumentText

    d = OpenDocumentText()
    d.text.addElement(X.P(text="CTI er en tidsafgrænset indsats i ni måneder."))
    buf = io.BytesIO()
    d.write(buf)
    return buf.getvalue()


def _pptx_bytes() -> bytes:
    import io

    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "ICM i Hedeby"
    slide.placeholders[1].text_frame.text = "Hver medarbejder har højst 7 borgere."
    buf = io.BytesIO()
    deck.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_word_and_opendocument_files_are_accepted_by_content(tmp_path: Path) -> None:
    docx_data, odt_data = _docx_bytes(), _odt_bytes()
    assert sniff(docx_data, "retningslinje.docx") == "docx"
    assert sniff(docx_data, "uden endelse") == "docx"
    assert sniff(odt_data, "notat.odt") == "odt"
    saved = save_upload("Retningslinje 2024", docx_data, tmp_path, max_mb=1)
    assert (saved.name, saved.kind) == ("Retningslinje_2024.docx", "docx")
    assert save_upload("notat.odt", odt_data, tmp_path, max_mb=1).kind == "odt"
    assert loader_problem("Retningslinje 2024.docx", docx_data, "docx") is None
    assert loader_problem("notat.odt", odt_data, "odt") is None


def test_powerpoint_decks_are_accepted_by_content(tmp_path: Path) -> None:
    data = _pptx_bytes()
    assert sniff(data, "oplæg.pptx") == "pptx"
    assert sniff(data, "uden endelse") == "pptx"
    saved = save_upload("ICM første år", data, tmp_path, max_mb=1)
    assert (saved.name, saved.kind) == ("ICM_første_år.pptx", "pptx")
    assert loader_problem("oplæg.pptx", data, "pptx") is None
    problem = loader_problem("oplæg.pptx", data[:300], "pptx")
    assert problem == (
        "PowerPoint-filen er beskadiget eller ikke en rigtig .pptx-fil og kan ikke læses "
        "(gem den igen fra PowerPoint som .pptx, eller som PDF)"
    )


@pytest.mark.parametrize(
    ("members", "what"),
    [
        ({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, "et Excel-regneark (.xlsx)"),
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, "et zip-arkiv"),
        ({"bilag/rapport.pdf": b"%PDF-1.4", "noter.txt": b"CTI"}, "et zip-arkiv"),
        ({"word/document.xml": b"<x/>"}, "et zip-arkiv"),  # no [Content_Types].xml: not a Word file
    ],
)
def test_other_zip_archives_are_still_refused(members: dict[str, bytes], what: str) -> None:
    for name in ("arkiv.zip", "arkiv.docx", "arkiv.odt"):
        with pytest.raises(UploadRejected) as err:
            sniff(_zip(members), name)
        assert str(err.value) == (
            f"Filen er {what}. Kun PDF, Word (DOCX), OpenDocument (ODT), PowerPoint (PPTX), tekst (TXT/MD) og HTML kan indlæses."
        )


def test_damaged_zip_is_left_to_the_loader_only_when_named_docx_or_odt() -> None:
    broken = _docx_bytes()[:200]
    assert sniff(broken, "notat.docx") == "docx"
    problem = loader_problem("notat.docx", broken, "docx")
    assert problem is not None and problem.startswith("Word-filen er beskadiget")
    with pytest.raises(UploadRejected, match="^Filen er et beskadiget zip-arkiv. Kun PDF, Word"):
        sniff(broken, "notat.txt")


def test_office_content_under_another_office_name_is_a_mismatch(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match="Filnavnet siger ODT, men indholdet er DOCX"):
        save_upload("notat.odt", _docx_bytes(), tmp_path, max_mb=1)
    with pytest.raises(UploadRejected, match="Filnavnet siger PDF, men indholdet er ODT"):
        save_upload("notat.pdf", _odt_bytes(), tmp_path, max_mb=1)
    assert list(tmp_path.iterdir()) == []


def test_word_shaped_zip_bomb_passes_the_sniff_unopened_but_the_loader_refuses_it() -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\x00" * (301 * 1024 * 1024)})
    assert len(bomb) < 1_000_000
    assert sniff(bomb, "bombe.docx") == "docx"
    problem = loader_problem("bombe.docx", bomb, "docx")
    assert problem is not None and problem.startswith("Word-filen fylder over 300 MB udpakket")
