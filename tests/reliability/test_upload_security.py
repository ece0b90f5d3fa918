"""Hostile uploads: the type is decided by content, the size is limited, and no file name can make
``ui.upload.save_upload`` write outside the corpus folder. Archives (zip bombs included) and PDFs
with more pages than the loader accepts are refused with a clear Danish message.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import LoaderError
from ingest.loaders import PDFLoader, load_document
from ui.upload import UploadRejected, safe_filename, save_upload, sniff

pytestmark = pytest.mark.unit

TEXT = "CTI er en tidsafgrænset indsats på ni måneder.\n".encode()
PDF_HEAD = b"%PDF-1.4\n"
ONLY = "Kun PDF, Word (DOCX), OpenDocument (ODT), PowerPoint (PPTX), tekst (TXT/MD) og HTML kan indlæses."
FIX_FORMAT = "Gem filen i det rigtige format, og prøv igen."


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.fixture()
def sandbox(tmp_path: Path) -> tuple[Path, Path]:
    """(outside, corpus): corpus lives inside outside, so an escape would show up as a new file there."""
    outside = tmp_path / "outside"
    corpus = outside / "corpus"
    corpus.mkdir(parents=True)
    return outside, corpus


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\system32\\x.txt", "x.txt"),
        ("/etc/cron.d/evil.txt", "evil.txt"),
        ("C:\\Users\\x\\Håndbog 2.txt", "Håndbog_2.txt"),
        ("ok\x00.txt", "ok.txt"),
        ("..", "dokument.txt"),
        ("....txt", "txt.txt"),
        (".hidden.txt", "hidden.txt"),
        ("a/../../b.txt", "b.txt"),
        ("\u202egnp.txt", "gnp.txt"),  # right-to-left override is dropped
        ("ｆｕｌｌｗｉｄｔｈ.txt", "fullwidth.txt"),  # NFKC
        ("x\u2215..\u2215y.txt", "x_.._y.txt"),  # division slash is not a separator, and stays harmless
    ],
)
def test_hostile_names_land_inside_corpus_dir(sandbox: tuple[Path, Path], name: str, expected: str) -> None:
    outside, corpus = sandbox
    before = _tree(outside)
    saved = save_upload(name, TEXT, corpus, max_mb=1)
    assert saved.name == expected
    assert saved.path == corpus.resolve() / expected
    assert _tree(outside) - before == {corpus / expected}
    assert (corpus / expected).read_bytes() == TEXT


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=0, max_size=300))
def test_no_name_escapes_corpus_dir(tmp_path: Path, name: str) -> None:
    base = safe_filename(name, "txt")
    assert "/" not in base and "\\" not in base and "\x00" not in base
    assert base not in ("", ".", "..") and not base.startswith(".")
    assert len(base) <= 120
    assert base.endswith(".txt")
    root = tmp_path.resolve()
    assert (root / base).resolve().parent == root


def test_symlink_in_corpus_is_not_followed_out(sandbox: tuple[Path, Path]) -> None:
    """A name equal to a symlink inside the corpus that points outside is refused; the target is untouched."""
    outside, corpus = sandbox
    target = outside / "secret.txt"
    target.write_bytes(b"hemmelig")
    os.symlink(target, corpus / "link.txt")
    with pytest.raises(UploadRejected) as err:
        save_upload("link.txt", TEXT, corpus, max_mb=1)
    assert str(err.value) == "Filnavnet er ugyldigt. Omdøb filen, og prøv igen."
    assert target.read_bytes() == b"hemmelig"
    assert (corpus / "link.txt").is_symlink()
    assert [p.name for p in corpus.iterdir()] == ["link.txt"]  # no stray temp file


def test_size_limit_message(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    with pytest.raises(UploadRejected) as err:
        save_upload("stor.txt", b"a" * (1024 * 1024 + 1), corpus, max_mb=1)
    assert str(err.value) == (
        "Filen fylder 1.0 MB; grænsen er 1 MB. Del den op, eller bed administratoren hæve "
        "METODEGUIDE_MAX_UPLOAD_MB."
    )
    assert list(corpus.iterdir()) == []


def _zip_bomb() -> bytes:
    """~100 MB of zeros compressed into ~100 kB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\x00" * (100 * 1024 * 1024))
    return buf.getvalue()


def test_zip_bomb_refused_without_unpacking(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    bomb = _zip_bomb()
    assert len(bomb) < 200_000
    for name in ("bomb.zip", "bomb.txt", "bomb.pdf", "bomb.docx"):
        with pytest.raises(UploadRejected) as err:
            save_upload(name, bomb, corpus, max_mb=50)
        assert str(err.value) == f"Filen er et zip-arkiv. {ONLY}"
    assert list(corpus.iterdir()) == []


def test_gzip_bomb_refused(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    bomb = gzip.compress(b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(UploadRejected) as err:
        save_upload("bomb.txt", bomb, corpus, max_mb=50)
    assert str(err.value) == f"Filen er et gzip-arkiv. {ONLY}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, f"Filen er et Windows-program. {ONLY}"),
        (b"\x7fELF\x02\x01" + b"\x00" * 100, f"Filen er et program. {ONLY}"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, f"Filen er et billede (PNG). {ONLY}"),
        (b"   \n\t ", "Filen er tom. Vælg en fil med indhold."),
    ],
)
def test_type_decided_by_content_not_name(sandbox: tuple[Path, Path], data: bytes, message: str) -> None:
    _, corpus = sandbox
    with pytest.raises(UploadRejected) as err:
        save_upload("harmløs.txt", data, corpus, max_mb=1)
    assert str(err.value) == message


def test_pdf_named_txt_is_refused_and_text_named_pdf_too(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    with pytest.raises(UploadRejected) as err:
        save_upload("notat.txt", PDF_HEAD + b"1 0 obj\n", corpus, max_mb=1)
    assert str(err.value) == f"Filnavnet siger TXT, men indholdet er PDF. {FIX_FORMAT}"
    with pytest.raises(UploadRejected) as err:
        save_upload("notat.pdf", TEXT, corpus, max_mb=1)
    assert str(err.value) == f"Filnavnet siger PDF, men indholdet er TXT. {FIX_FORMAT}"
    assert sniff(b"<html><body><script>alert(1)</script></body></html>") == "html"


def test_html_with_script_saved_as_html_and_loaded_without_script(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    data = b"<html><body><p>CTI varer ni m\xc3\xa5neder.</p><script>alert('x')</script></body></html>"
    saved = save_upload("side", data, corpus, max_mb=1)
    assert saved.name == "side.html"
    raw = load_document(saved.path)
    assert "alert" not in raw.text and "<script" not in raw.text
    assert "CTI varer ni måneder." in raw.text


def _many_page_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=72, height=72)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_pdf_with_thousands_of_pages_refused_by_loader(sandbox: tuple[Path, Path]) -> None:
    _, corpus = sandbox
    pages = PDFLoader.max_pages + 1
    saved = save_upload("kæmpe.pdf", _many_page_pdf(pages), corpus, max_mb=50)
    with pytest.raises(LoaderError) as err:
        load_document(saved.path)
    assert str(err.value) == f"PDF-filen har {pages} sider; højst {PDFLoader.max_pages} sider kan indlæses"
