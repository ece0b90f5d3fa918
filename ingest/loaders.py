"""One loader per file format behind the ``Loader`` protocol; a new format is one new class.

A loader turns a path into a ``RawDocument``: the raw text (and, for PDFs, one text per page),
nothing cleaned yet. Every failure is a ``LoaderError`` whose message is the Danish reason
shown to the user ("filen er tom", "PDF-filen er krypteret …"); the pipeline skips that file.

    >>> from ingest.loaders import load_document
    >>> raw = load_document(Path("corpus/documents/000_b7118d7c53b07453.txt"))   # doctest: +SKIP
    >>> raw.text[:10]                                                            # doctest: +SKIP
    '12/11 2014'
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, Protocol

from assistant.errors import LoaderError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A loaded, not yet cleaned document.

    ``pages`` holds one text per physical page when the format knows pages (PDF), else None.
    ``headings`` are lines the format itself marks as headings (HTML h1–h6, Markdown "#").
    """

    path: Path
    text: str
    content_hash: str  # sha256 of the raw bytes
    pages: tuple[str, ...] | None = None
    title: str | None = None
    headings: frozenset[str] = frozenset()
    encoding: str = "utf-8"

    @property
    def source(self) -> str:
        return self.path.name


class Loader(Protocol):
    """Reads one format. ``suffixes`` are lower-case, with the dot."""

    suffixes: ClassVar[tuple[str, ...]]

    def load(self, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument: ...


class _BytesLoader:
    """Reads the bytes (size, emptiness and vanishing checked once), then ``parse``s them."""

    suffixes: ClassVar[tuple[str, ...]] = ()

    def load(self, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
        return self.parse(path, read_bytes(path, max_bytes))

    def parse(self, path: Path, data: bytes) -> RawDocument:
        raise NotImplementedError


# ---------------------------------------------------------------- reading bytes and decoding


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or a LoaderError for a vanished, unreadable, too large or empty file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoaderError(
                f"filen er for stor ({_mb(size)} MB; grænsen er {_mb(max_bytes)} MB, "
                "se METODEGUIDE_MAX_UPLOAD_MB)"
            )
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise LoaderError("filen forsvandt under indlæsningen") from exc
    except PermissionError as exc:
        raise LoaderError("filen kan ikke læses (adgang nægtet)") from exc
    except IsADirectoryError as exc:
        raise LoaderError("stien er en mappe, ikke en fil") from exc
    except OSError as exc:
        raise LoaderError(f"filen kan ikke læses ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise LoaderError(f"filen er for stor (over {_mb(max_bytes)} MB; se METODEGUIDE_MAX_UPLOAD_MB)")
    if not data.strip():
        raise LoaderError("filen er tom")
    return data


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), else cp1252, else Latin-1.

    Returns (text, encoding). Raises LoaderError for binary content (NUL bytes, many control
    characters), which is what a PDF, image or archive renamed to .txt looks like.
    """
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoaderError("filen indeholder binære data og er ikke en tekstfil")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, enc = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise LoaderError("filen indeholder binære data og er ikke en tekstfil")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise LoaderError("filen er tom")
    return text, enc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- formats


class TextLoader(_BytesLoader):
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        text, enc = decode_text(data)
        return RawDocument(path=path, text=text, content_hash=_sha256(data), encoding=enc)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


class MarkdownLoader(_BytesLoader):
    """Markdown as text: "#" headings become heading lines, links keep their text."""

    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        text, enc = decode_text(data)
        lines: list[str] = []
        headings: set[str] = set()
        title: str | None = None
        in_code = False
        for line in text.splitlines():
            if line.strip().startswith("```"):
                in_code = not in_code
                continue
            m = None if in_code else _MD_HEADING.match(line)
            if m:
                heading = _MD_EMPHASIS.sub(r"\2", m.group(1)).strip()
                if heading:
                    headings.add(heading)
                    title = title or heading
                    lines.extend(["", heading, ""])
                continue
            line = _MD_LINK.sub(r"\1", line)
            line = _MD_EMPHASIS.sub(r"\2", line)
            lines.append(line)
        return RawDocument(
            path=path,
            text="\n".join(lines),
            content_hash=_sha256(data),
            title=title,
            headings=frozenset(headings),
            encoding=enc,
        )


class _HTMLText(HTMLParser):
    SKIP = frozenset(
        {"script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "form", "button"}
    )
    BLOCK = frozenset(
        {
            "p", "div", "section", "article", "main", "br", "li", "ul", "ol", "table", "tr", "td", "th",
            "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "header", "footer", "aside", "dd", "dt",
            "figure", "figcaption", "hr",
        }
    )  # fmt: skip
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self.title: str | None = None
        self._skip = 0
        self._in_title = False
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        if tag in self.HEADINGS and not self._skip:
            self._heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        if tag in self.HEADINGS and self._heading is not None:
            heading = " ".join("".join(self._heading).split())
            if heading:
                self.headings.append(heading)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = ((self.title or "") + data).strip() or None
            return
        if self._skip:
            return
        self.parts.append(data)
        if self._heading is not None:
            self._heading.append(data)


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class HTMLLoader(_BytesLoader):
    """HTML via the standard library parser; script, style, nav and forms are dropped."""

    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        m = _CHARSET.search(data[:4096])
        text: str | None = None
        enc = "utf-8"
        if m:
            try:
                text = data.decode(m.group(1).decode("ascii"))
                enc = m.group(1).decode("ascii").lower()
            except (LookupError, UnicodeDecodeError):
                text = None
        if text is None:
            text, enc = decode_text(data)
        parser = _HTMLText()
        parser.feed(text)
        parser.close()
        body = "".join(parser.parts)
        body = "\n".join(" ".join(line.split()) for line in body.splitlines())
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        if not body:
            raise LoaderError("HTML-filen indeholder ingen læsbar tekst")
        headings = frozenset(parser.headings)
        title = parser.title or (parser.headings[0] if parser.headings else None)
        return RawDocument(
            path=path,
            text=unicodedata.normalize("NFC", body),
            content_hash=_sha256(data),
            title=title,
            headings=headings,
            encoding=enc,
        )


class PDFLoader(_BytesLoader):
    """PDF via pypdf, page by page. Encrypted, corrupt and text-less (scanned) PDFs are refused."""

    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)
    max_pages: ClassVar[int] = 5000

    def parse(self, path: Path, data: bytes) -> RawDocument:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would drown our one-line reasons

        encrypted_msg = (
            "PDF-filen er krypteret (beskyttet med adgangskode); gem en ukrypteret kopi og prøv igen"
        )
        corrupt_msg = "PDF-filen er beskadiget eller ufuldstændig og kan ikke læses"
        if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
            raise LoaderError(f"{corrupt_msg} (filen starter ikke som en PDF)")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except (DependencyError, NotImplementedError) as exc:
                    raise LoaderError(encrypted_msg) from exc
                if not ok:
                    raise LoaderError(encrypted_msg)
            n = len(reader.pages)
            if n > self.max_pages:
                raise LoaderError(f"PDF-filen har {n} sider; højst {self.max_pages} sider kan indlæses")
            pages = tuple(unicodedata.normalize("NFC", (page.extract_text() or "")) for page in reader.pages)
            title = None
            try:
                meta = reader.metadata
                if meta is not None and meta.title:
                    title = str(meta.title).strip() or None
            except (PyPdfError, ValueError, KeyError, TypeError):
                title = None
        except (FileNotDecryptedError, DependencyError) as exc:
            raise LoaderError(encrypted_msg) from exc
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
                RecursionError, OSError, zlib.error, AssertionError) as exc:  # fmt: skip
            raise LoaderError(corrupt_msg) from exc
        if not pages or not any(p.strip() for p in pages):
            raise LoaderError(
                "scannet PDF uden tekst: der kan ikke udtrækkes tekst; kør tekstgenkendelse (OCR) først"
            )
        return RawDocument(
            path=path,
            text="\n\n".join(pages),
            content_hash=_sha256(data),
            pages=pages,
            title=title,
        )


LOADERS: tuple[Loader, ...] = (TextLoader(), MarkdownLoader(), HTMLLoader(), PDFLoader())


def loader_for(path: Path) -> Loader | None:
    suffix = path.suffix.lower()
    for loader in LOADERS:
        if suffix in loader.suffixes:
            return loader
    return None


def supported_suffixes() -> tuple[str, ...]:
    return tuple(s for loader in LOADERS for s in loader.suffixes)


def is_supported(path: Path) -> bool:
    return loader_for(path) is not None


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Load one file with the loader for its suffix. Raises LoaderError with a Danish reason."""
    loader = loader_for(path)
    if loader is None:
        raise LoaderError(
            f"filtypen {path.suffix or '(ingen)'} understøttes ikke (brug {', '.join(supported_suffixes())})"
        )
    return loader.load(path, max_bytes)
