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

import codecs
import hashlib
import io
import logging
import re
import unicodedata
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from assistant.errors import LoaderError
from ingest import ocr
from ingest.clean import fold_unicode
from ingest.tables import looks_tabular, pdf_table_pages

if TYPE_CHECKING:
    from ingest.office import OfficeText

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    """A loaded, not yet cleaned document.

    ``pages`` holds one text per physical page when the format knows pages (PDF), else None.
    ``headings`` are lines the format itself marks as headings (HTML h1–h6, Markdown "#",
    Word/OpenDocument heading styles). ``warnings`` say in Danish what was repaired or could not
    be read ("side 2 er et billede uden tekst …"); the ingest summary lists them per document.
    ``ocr_pages`` are the (1-based) pages whose text came from tekstgenkendelse (OCR).
    ``date`` is a publication date (ISO, "2021-03-04" or "2021") read from the file's metadata;
    ``site_name`` a web page's site name (``og:site_name``), one clue to its publisher.
    """

    path: Path
    text: str
    content_hash: str  # sha256 of the raw bytes
    pages: tuple[str, ...] | None = None
    title: str | None = None
    headings: frozenset[str] = frozenset()
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    ocr_pages: frozenset[int] = frozenset()
    date: str | None = None
    site_name: str | None = None

    @property
    def source(self) -> str:
        return source_name(self.path)

    @property
    def year(self) -> int | None:
        """The year of ``date``, when it is a plausible publication year."""
        m = re.match(r"(\d{4})", self.date or "")
        return int(m.group(1)) if m and 1900 <= int(m.group(1)) <= 2100 else None


def source_name(path: Path) -> str:
    """The document's name in the index: the file name in NFC, so a name written by macOS in
    decomposed form ("A" + combining ring) is the same name as the one typed ("Århus.txt")."""
    return unicodedata.normalize("NFC", path.name)


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


@dataclass(frozen=True)
class DecodedText:
    """Decoded text, the encoding it was read with, and what had to be repaired (Danish)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), else cp1252, else Latin-1.

    Returns (text, encoding); ``decode_text_report`` also says what was repaired. Raises
    LoaderError for binary content (NUL bytes, many control characters), which is what a PDF,
    image or archive renamed to .txt looks like.
    """
    decoded = decode_text_report(data)
    return decoded.text, decoded.encoding


def decode_text_report(data: bytes) -> DecodedText:
    r"""``decode_text`` with its repairs: a UTF-8 file with a few stray Windows-1252 bytes (a
    line pasted from an old document) is decoded segment by segment, UTF-8 where the bytes are
    valid UTF-8 and cp1252 for the bad bytes only, so "på Østergade" never turns into
    "pÃ¥ Ã˜stergade"; the lines are named in a warning.

        >>> d = decode_text_report("på Østergade\nhjemløse".encode() + b" \xe6ldre")
        >>> d.text, d.encoding
        ('på Østergade\nhjemløse ældre', 'utf-8')
        >>> d.warnings
        ('blandet tegnkodning repareret: 1 tegn på linje 2 var ikke UTF-8 og er læst som Windows-1252',)
    """
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoaderError("filen indeholder binære data og er ikke en tekstfil")
    warnings: tuple[str, ...] = ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            mixed = _decode_mixed(data)
            if mixed is not None:
                text, bad_lines, n_bad = mixed
                enc = "utf-8"
                warnings = (
                    f"blandet tegnkodning repareret: {n_bad} tegn på {_line_list(bad_lines)} "
                    "var ikke UTF-8 og er læst som Windows-1252",
                )
            else:
                try:
                    text, enc = data.decode("cp1252"), "cp1252"
                except UnicodeDecodeError:
                    text, enc = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise LoaderError("filen indeholder binære data og er ikke en tekstfil")
    text = fold_unicode(text)
    if not text.strip():
        raise LoaderError("filen er tom")
    return DecodedText(text, enc, warnings)


def _legacy_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        return bytes([b]).decode("latin-1")


def _decode_mixed(data: bytes) -> tuple[str, list[int], int] | None:
    """Line by line: valid UTF-8 segments as UTF-8, invalid bytes as cp1252. Returns (text,
    line numbers repaired, bytes repaired), or None when the file is not mostly UTF-8 (no more
    valid non-ASCII UTF-8 characters than bad bytes): then it is a legacy-encoded file."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out: list[str] = []
    bad_lines: list[int] = []
    n_bad = 0
    n_utf8 = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        pos = 0
        parts: list[str] = []
        while True:
            try:
                part = line[pos:].decode("utf-8")
            except UnicodeDecodeError as exc:
                part = line[pos : pos + exc.start].decode("utf-8")
                parts.append(part)
                n_utf8 += sum(1 for c in part if ord(c) > 127)
                bad = line[pos + exc.start : pos + exc.end]
                parts.append("".join(_legacy_byte(b) for b in bad))
                n_bad += len(bad)
                if not bad_lines or bad_lines[-1] != number:
                    bad_lines.append(number)
                pos += exc.end
                continue
            parts.append(part)
            n_utf8 += sum(1 for c in part if ord(c) > 127)
            break
        out.append("".join(parts))
    if n_utf8 <= n_bad:
        return None
    return "\n".join(out), bad_lines, n_bad


def _line_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return f"linje {shown}" if len(numbers) == 1 else f"linjerne {shown}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- formats


class TextLoader(_BytesLoader):
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        d = decode_text_report(data)
        return RawDocument(
            path=path, text=d.text, content_hash=_sha256(data), encoding=d.encoding, warnings=d.warnings
        )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


class MarkdownLoader(_BytesLoader):
    """Markdown as text: "#" headings become heading lines, links keep their text."""

    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        decoded = decode_text_report(data)
        text, enc = decoded.text, decoded.encoding
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
            warnings=decoded.warnings,
        )


class _HTMLText(HTMLParser):
    """The fallback HTML reader. A table becomes one line per row (``ingest.tables.row_lines``),
    so a number-only cell ("Intensiv bostøtte | 8") stays beside its label."""

    SKIP = frozenset(
        {"script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "form", "button"}
    )
    BLOCK = frozenset(
        {
            "p", "div", "section", "article", "main", "br", "li", "ul", "ol",
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
        # Open tables, innermost last: (rows, whether each row's cells are all <th>); the text of
        # an open cell is collected in ``_cells`` (innermost last) instead of ``parts``.
        self._tables: list[tuple[list[list[str]], list[bool]]] = []
        self._cells: list[list[str]] = []
        self._th_only = True

    def _out(self) -> list[str]:
        return self._cells[-1] if self._cells else self.parts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "table":
            self._tables.append(([], []))
        elif tag == "tr" and self._tables:
            self._tables[-1][0].append([])
            self._tables[-1][1].append(True)
        elif tag in ("td", "th") and self._tables:
            if not self._tables[-1][0]:
                self._tables[-1][0].append([])
                self._tables[-1][1].append(True)
            if tag == "td":
                self._tables[-1][1][-1] = False
            self._cells.append([])
        elif tag in self.BLOCK:
            self._out().append("\n\n" if not self._cells else " ")
        if tag in self.HEADINGS and not self._skip:
            self._heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self._out().append("\n" if not self._cells else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._cells:
            cell = " ".join("".join(self._cells.pop()).split())
            self._tables[-1][0][-1].append(cell)
        elif tag == "table" and self._tables:
            rows, th_rows = self._tables.pop()
            from ingest.tables import row_lines

            header = bool(th_rows) and th_rows[0] and len(rows) > 1
            lines = row_lines(rows, header=header or None)
            if self._cells:
                self._out().append(" " + " ".join(lines) + " ")
            else:
                self.parts.append("\n\n" + "\n".join(lines) + "\n\n")
        elif tag in self.BLOCK:
            self._out().append("\n\n" if not self._cells else " ")
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
        if self._tables and not self._cells:
            return  # whitespace between rows and cells
        self._out().append(data)
        if self._heading is not None:
            self._heading.append(data)


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> DecodedText:
    """HTML bytes decoded by their ``<meta charset>``, unless the bytes say otherwise: a page
    that declares iso-8859-1 (or cp1252) but is valid UTF-8 with non-ASCII letters was saved as
    UTF-8 by someone who left the old header in; it is read as UTF-8 and that is reported.
    Without a usable charset, ``decode_text_report`` decides."""
    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-8", "utf-8-sig") and not data.isascii():
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
            else:
                return DecodedText(
                    fold_unicode(text),
                    "utf-8",
                    (f"HTML-filen siger tegnsæt {declared}, men indholdet er gyldig UTF-8; filen er læst som UTF-8",),
                )
        if codec:
            try:
                return DecodedText(fold_unicode(data.decode(codec)), declared)
            except UnicodeDecodeError:
                pass
    return decode_text_report(data)


class HTMLLoader(_BytesLoader):
    """HTML: the main text via trafilatura (``ingest.webpage``: no menus, breadcrumbs, cookie or
    share lines; tables as row lines; title and date from the page's metadata); when it finds
    nothing, the standard library parser with script, style, nav and forms dropped."""

    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")

    def parse(self, path: Path, data: bytes) -> RawDocument:
        decoded = decode_html(data)
        text, enc = decoded.text, decoded.encoding
        from ingest.webpage import read_main_text

        page = read_main_text(text)
        if page is not None:
            return RawDocument(
                path=path,
                text=fold_unicode(page.text),
                content_hash=_sha256(data),
                title=page.title,
                headings=frozenset(fold_unicode(h) for h in page.headings),
                encoding=enc,
                warnings=decoded.warnings,
                date=page.date,
                site_name=page.site_name,
            )
        # trafilatura found no main text (a bare fragment, a list page): the whole page, minus
        # script, style, nav and forms.
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
            text=fold_unicode(body),
            content_hash=_sha256(data),
            title=title,
            headings=headings,
            encoding=enc,
            warnings=decoded.warnings,
        )


class PDFLoader(_BytesLoader):
    """PDF via pypdf, page by page. A page without a text layer (a scan) is read with
    tekstgenkendelse (OCR, ``ingest.ocr``) when Tesseract with the Danish model is installed; the
    page is then listed in ``ocr_pages`` and reported in a warning. Without Tesseract such a page
    is left out with a warning that says how to enable OCR. Encrypted and corrupt PDFs are
    refused, and so is a PDF in which no page has text after OCR."""

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
            pages = [fold_unicode(page.extract_text() or "") for page in reader.pages]
            empty = [n for n, page in enumerate(pages, start=1) if not page.strip()]
            use_ocr = bool(empty) and ocr.ocr_available()
            ocr_done: list[int] = []
            for n in empty if use_ocr else ():
                recognised = fold_unicode(ocr.ocr_page(reader.pages[n - 1]))
                if recognised.strip():
                    pages[n - 1] = recognised
                    ocr_done.append(n)
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
            if use_ocr:
                raise LoaderError(
                    "scannet PDF uden tekst: hverken tekstudtræk eller tekstgenkendelse (OCR) fandt tekst i filen"
                )
            raise LoaderError(
                "scannet PDF uden tekst: der kan ikke udtrækkes tekst; "
                f"{ocr.INSTALL_HINT} for at læse den med tekstgenkendelse (OCR), eller kør OCR på filen først"
            )
        warnings: list[str] = []
        # Ruled tables: pypdf flattens them into lines of bare numbers; pdfplumber reads their rows
        tabular = [n for n, page in enumerate(pages, start=1) if n not in ocr_done and looks_tabular(page)]
        table_texts, table_failed = pdf_table_pages(data, tabular)
        for n, text in table_texts.items():
            pages[n - 1] = fold_unicode(text)
        if table_failed:
            warnings.append(
                f"side {ocr.page_list(table_failed)}: en tabel kunne ikke læses som tabel; "
                "dens tal er indlæst som løbende tekst uden kolonnenavne"
            )
        if ocr_done:
            warnings.append(f"side {ocr.page_list(ocr_done)}: tekst genkendt med OCR")
        for n in empty:
            if n in ocr_done:
                continue
            if use_ocr:
                warnings.append(f"side {n} har ingen tekst, og tekstgenkendelse (OCR) fandt heller ingen; siden er ikke indlæst")
            else:
                warnings.append(
                    f"side {n} har ingen tekst (et billede eller en scanning?) og er ikke indlæst; "
                    f"{ocr.INSTALL_HINT} for at få den læst med tekstgenkendelse (OCR)"
                )
        return RawDocument(
            path=path,
            text="\n\n".join(pages),
            content_hash=_sha256(data),
            pages=tuple(pages),
            title=title,
            warnings=tuple(warnings),
            ocr_pages=frozenset(ocr_done),
        )


class DocxLoader(_BytesLoader):
    """Word .docx via python-docx: heading styles become headings, list items "• " lines, table
    rows "Overskrift: celle; …" lines (see ``ingest.office``)."""

    suffixes: ClassVar[tuple[str, ...]] = (".docx",)

    def parse(self, path: Path, data: bytes) -> RawDocument:
        from ingest.office import read_docx

        return _office_document(path, data, read_docx(data), "Word-filen")


class OdtLoader(_BytesLoader):
    """OpenDocument .odt via odfpy, with the same text shape as ``DocxLoader``."""

    suffixes: ClassVar[tuple[str, ...]] = (".odt",)

    def parse(self, path: Path, data: bytes) -> RawDocument:
        from ingest.office import read_odt

        return _office_document(path, data, read_odt(data), "OpenDocument-filen")


class PptxLoader(_BytesLoader):
    """PowerPoint .pptx via python-pptx: each slide is a page, its title a heading (see
    ``ingest.office.read_pptx``). A slide without text is reported by number."""

    suffixes: ClassVar[tuple[str, ...]] = (".pptx",)

    def parse(self, path: Path, data: bytes) -> RawDocument:
        from ingest.office import read_pptx

        deck = read_pptx(data)
        slides = tuple(fold_unicode(s) for s in deck.slides)
        if not any(s.strip() for s in slides):
            raise LoaderError("PowerPoint-filen indeholder ingen tekst (kun billeder eller tomme dias?)")
        empty = [n for n, s in enumerate(slides, start=1) if not s.strip()]
        warnings = list(deck.warnings)
        if empty:
            which = ", ".join(str(n) for n in empty)
            warnings.append(f"dias {which} har ingen tekst (kun billeder?) og er ikke indlæst")
        return RawDocument(
            path=path,
            text="\n\n".join(slides),
            content_hash=_sha256(data),
            pages=slides,
            title=deck.title,
            headings=frozenset(fold_unicode(h) for h in deck.headings),
            warnings=tuple(warnings),
        )


def _office_document(path: Path, data: bytes, office: OfficeText, what: str) -> RawDocument:
    text = fold_unicode(office.text)
    if not text.strip():
        raise LoaderError(f"{what} indeholder ingen tekst")
    return RawDocument(
        path=path,
        text=text,
        content_hash=_sha256(data),
        title=office.title,
        headings=frozenset(fold_unicode(h) for h in office.headings),
        warnings=office.warnings,
    )


LOADERS: tuple[Loader, ...] = (
    TextLoader(),
    MarkdownLoader(),
    HTMLLoader(),
    PDFLoader(),
    DocxLoader(),
    OdtLoader(),
    PptxLoader(),
)


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
