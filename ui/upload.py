"""Checks for uploaded documents: type by content (magic bytes), size, and a safe file name.

Pure functions, no Streamlit. The app saves an upload only through ``save_upload``, which
writes inside ``corpus_dir`` and nowhere else.

    >>> sniff(b"%PDF-1.7 ...")
    'pdf'
    >>> safe_filename("../../etc/passwd.txt")
    'passwd.txt'
    >>> safe_filename("C:\\\\Users\\\\x\\\\Håndbog 2.pdf")
    'Håndbog_2.pdf'
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import MetodeguideError

SUPPORTED = {
    "pdf": ".pdf", "html": ".html", "md": ".md", "txt": ".txt", "docx": ".docx", "odt": ".odt", "pptx": ".pptx",
}  # fmt: skip
_EXT_KIND = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".txt": "txt",
    ".docx": "docx", ".odt": "odt", ".pptx": "pptx",
}  # fmt: skip
_ONLY = "Kun PDF, Word (DOCX), OpenDocument (ODT), PowerPoint (PPTX), tekst (TXT/MD) og HTML kan indlæses."

# A zip archive is accepted only as a Word, OpenDocument text or PowerPoint document (``_zip_kind``);
# other zip-based Office files get their own name in the message.
_ZIP_OTHER: tuple[tuple[str, str], ...] = (("xl/workbook.xml", "et Excel-regneark (.xlsx)"),)
_ODF_TEXT = b"application/vnd.oasis.opendocument.text"

# Magic numbers of formats we refuse, with a Danish name for the message.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"PK\x05\x06", "et tomt zip-arkiv"),
    (b"\x1f\x8b", "et gzip-arkiv"),
    (b"7z\xbc\xaf\x27\x1c", "et 7z-arkiv"),
    (b"Rar!", "et rar-arkiv"),
    (b"MZ", "et Windows-program"),
    (b"\x7fELF", "et program"),
    (b"\x89PNG", "et billede (PNG)"),
    (b"\xff\xd8\xff", "et billede (JPEG)"),
    (b"GIF8", "et billede (GIF)"),
    (b"II*\x00", "et billede (TIFF)"),
    (b"MM\x00*", "et billede (TIFF)"),
    (b"\xd0\xcf\x11\xe0", "et gammelt Office-dokument (.doc)"),
    (b"{\\rtf", "et RTF-dokument"),
)
_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|p|div|h[1-6]|article|section|title)\b", re.I)
_MAX_NAME = 120


class UploadRejected(MetodeguideError):
    """An upload was refused; the message says why and what to do (in Danish)."""


@dataclass(frozen=True)
class SavedUpload:
    name: str  # the safe file name inside corpus_dir
    path: Path
    kind: str  # pdf / html / md / txt / docx / odt / pptx
    replaced: bool  # a file with that name was already there
    previous: bytes | None  # its old content (to restore if ingestion skips the new one)


def sniff(data: bytes, name: str = "") -> str:
    """Decide the document type from the bytes: ``pdf``, ``docx``, ``odt``, ``pptx``, ``html``, ``md`` or ``txt``.

    Markdown cannot be told from text by content, so a text file named ``*.md`` is ``md``.
    Raises ``UploadRejected`` for empty, binary, program and image files, and for archives other
    than Word (.docx), OpenDocument text (.odt) and PowerPoint (.pptx) files.
    """
    if not data.strip():
        raise UploadRejected("Filen er tom. Vælg en fil med indhold.")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise UploadRejected(f"Filen er {what}. {_ONLY}")
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise UploadRejected(f"Filen er et billede (WEBP). {_ONLY}")
    text = _decode_text(data)
    if text is None:
        raise UploadRejected(
            f"Filen ligner hverken PDF, Office-dokument, tekst eller HTML (den indeholder binære data). {_ONLY}"
        )
    if _HTML_RE.search(data[:4096]):
        return "html"
    ext = Path(name).suffix.lower()
    return "md" if _EXT_KIND.get(ext) == "md" else "txt"


def _zip_kind(data: bytes, name: str) -> str:
    """``docx``, ``odt`` or ``pptx`` for a zip archive that is a Word, OpenDocument text or PowerPoint document, read
    from its table of contents (and the few bytes of an ODF ``mimetype``; nothing else is
    unpacked, so a zip bomb costs nothing here: the loader refuses it). An archive that cannot be
    opened but is named .docx/.odt/.pptx gets that kind, so the loader's own reason ("Word-filen er
    beskadiget …") is what the user sees. Any other archive is refused.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "ppt/presentation.xml" in names and "[Content_Types].xml" in names:
                return "pptx"
            if "mimetype" in names and "content.xml" in names:
                with zf.open("mimetype") as fh:
                    if fh.read(len(_ODF_TEXT) + 8).strip() == _ODF_TEXT:
                        return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError, zlib.error):  # fmt: skip
        ext_kind = _EXT_KIND.get(Path(name.replace("\x00", "")).suffix.lower())
        if ext_kind in ("docx", "odt", "pptx"):
            return ext_kind
        raise UploadRejected(f"Filen er et beskadiget zip-arkiv. {_ONLY}") from None
    what = next((w for member, w in _ZIP_OTHER if member in names), "et zip-arkiv")
    raise UploadRejected(f"Filen er {what}. {_ONLY}")


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data[:65536]:
        return None
    sample = data[:65536]
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a multi-byte character cut by the sample boundary
            text = sample[: exc.start].decode("utf-8-sig")
        else:
            try:
                text = sample.decode("cp1252")
            except UnicodeDecodeError:
                return None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 100):
        return None
    return text


def safe_filename(name: str, kind: str | None = None) -> str:
    """A plain base name: no folders, no NUL or control characters, NFC, only letters, digits,
    ``._-``; spaces become ``_``. With ``kind`` the extension is set to that type's."""
    base = re.split(r"[\\/]", name.replace("\x00", ""))[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    base = re.sub(r"\s+", "_", base.strip())
    base = re.sub(r"[^\w.\-]", "_", base)  # \w keeps æøå and other letters
    base = base.lstrip(".-_")
    stem, ext = os.path.splitext(base)
    stem = stem.strip("._") or "dokument"
    if kind is not None:
        ext = SUPPORTED[kind]
    return (stem[: _MAX_NAME - len(ext)] + ext.lower()) or "dokument.txt"


def save_upload(name: str, data: bytes, corpus_dir: Path, max_mb: int) -> SavedUpload:
    """Check ``data`` and write it as a safe name inside ``corpus_dir`` (atomically).

    Raises ``UploadRejected`` for a too large file, a refused type, or a name whose extension
    says one type while the content is another.
    """
    if len(data) > max_mb * 1024 * 1024:
        size = len(data) / (1024 * 1024)
        raise UploadRejected(
            f"Filen fylder {size:.1f} MB; grænsen er {max_mb} MB. Del den op, eller bed "
            "administratoren hæve METODEGUIDE_MAX_UPLOAD_MB."
        )
    kind = sniff(data, name)
    ext_kind = _EXT_KIND.get(Path(name.replace("\x00", "")).suffix.lower())
    if ext_kind is not None and ext_kind != kind and {ext_kind, kind} != {"md", "txt"}:
        raise UploadRejected(
            f"Filnavnet siger {ext_kind.upper()}, men indholdet er {kind.upper()}. Gem filen i det rigtige "
            "format, og prøv igen."
        )
    safe = safe_filename(name, kind)
    root = corpus_dir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    target = (root / safe).resolve()
    if target.parent != root:  # defence in depth; safe_filename never yields a folder
        raise UploadRejected("Filnavnet er ugyldigt. Omdøb filen, og prøv igen.")
    previous = target.read_bytes() if target.is_file() else None
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SavedUpload(name=safe, path=target, kind=kind, replaced=previous is not None, previous=previous)


def loader_problem(name: str, data: bytes, kind: str) -> str | None:
    """Try the ingestion loader on ``data`` in a private temp folder (never the corpus folder).

    Returns the loader's Danish reason when the document cannot be read (corrupt, encrypted or
    scanned PDF, too many pages …), else None.
    """
    from assistant.errors import LoaderError
    from ingest.loaders import load_document

    with tempfile.TemporaryDirectory(prefix="mg-upload-") as tmp:
        path = Path(tmp) / safe_filename(name, kind)
        path.write_bytes(data)
        try:
            load_document(path)
        except LoaderError as exc:
            return str(exc)
    return None


def undo_upload(saved: SavedUpload) -> None:
    """Put back what was there before ``saved`` (or remove the new file)."""
    if saved.previous is None:
        saved.path.unlink(missing_ok=True)
    else:
        saved.path.write_bytes(saved.previous)
