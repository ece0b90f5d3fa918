"""Word (.docx), OpenDocument (.odt) and PowerPoint (.pptx) files as plain text blocks, headings and a title.

The document's own structure is kept the way the rest of ingest expects it: a paragraph in a
heading style ("Heading 1", "Overskrift 2", "Title", an ODF ``text:h``) becomes a heading line
standing alone between blank lines and is listed in ``headings`` (as Markdown "#" headings
are); a list item becomes one line starting with "• "; a table becomes one line per row
(``ingest.tables.row_lines``). Headers, footers and comments are left out. A slide deck is read
slide by slide (``read_pptx``): each slide is one page, its title a heading.

    >>> text = read_docx(Path("notat.docx").read_bytes())      # doctest: +SKIP
    >>> text.headings                                          # doctest: +SKIP
    frozenset({'Bostøtte i Aarhus', 'Omfang'})
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path  # noqa: F401 - used in the module docstring
from typing import Any

from assistant.errors import LoaderError
from ingest.tables import row_lines

BULLET = "• "
_HEADING_STYLE = re.compile(r"^(heading|overskrift|title|titel)\b", re.IGNORECASE)
_LIST_STYLE = re.compile(r"\b(list|liste|listeafsnit|opstilling)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OfficeText:
    text: str
    headings: frozenset[str]
    title: str | None
    warnings: tuple[str, ...] = ()


class _Blocks:
    """Collects blocks: headings alone, list items together, table rows together."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.headings: list[str] = []
        self._items: list[str] = []

    def _flush(self) -> None:
        if self._items:
            self.blocks.append("\n".join(self._items))
            self._items = []

    def heading(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self._flush()
            self.headings.append(text)
            self.blocks.append(text)

    def paragraph(self, text: str) -> None:
        text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
        if text:
            self._flush()
            self.blocks.append(text)

    def item(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self._items.append(BULLET + text)

    def table(self, lines: list[str]) -> None:
        if lines:
            self._flush()
            self.blocks.append("\n".join(lines))

    def result(self, title: str | None, warnings: list[str]) -> OfficeText:
        self._flush()
        return OfficeText(
            text="\n\n".join(self.blocks),
            headings=frozenset(self.headings),
            title=(title or "").strip() or None,
            warnings=tuple(warnings),
        )


MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a .docx/.odt is a zip archive; a "zip bomb" is refused unopened


def _check_archive(data: bytes, what: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # the reader reports a damaged file in its own words
    if unpacked > MAX_UNPACKED_BYTES:
        raise LoaderError(
            f"{what} fylder over {MAX_UNPACKED_BYTES // (1024 * 1024)} MB udpakket og indlæses ikke "
            "(et komprimeret arkiv, der pakker sig ud til meget mere end filen selv)"
        )


def _image_warning(n: int) -> list[str]:
    if not n:
        return []
    what = "1 billede" if n == 1 else f"{n} billeder"
    return [f"{what} i dokumentet er ikke læst (tekst i billeder kommer ikke med)"]


# ---------------------------------------------------------------- Word


def read_docx(data: bytes) -> OfficeText:
    """Text of a .docx file; a damaged or fake one is a LoaderError with a Danish reason."""
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    _check_archive(data, "Word-filen")
    try:
        document = docx.Document(io.BytesIO(data))
        out = _Blocks()
        for block in document.iter_inner_content():
            _docx_block(block, out)
        title = document.core_properties.title
        warnings = _image_warning(len(document.inline_shapes))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, AttributeError, TypeError) as exc:
        raise LoaderError(
            "Word-filen er beskadiget eller ikke en rigtig .docx-fil og kan ikke læses "
            "(gem den igen fra Word som .docx, eller som PDF)"
        ) from exc
    return out.result(title, warnings)


def _docx_style_chain(paragraph: Any) -> list[Any]:
    chain = []
    style = paragraph.style
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _docx_outline_level(paragraph: Any) -> int | None:
    for el in [paragraph._p, *[s.element for s in _docx_style_chain(paragraph)]]:
        found = el.xpath("./w:pPr/w:outlineLvl/@w:val")
        if found:
            level = int(found[0])
            return level if level < 9 else None  # 9 is body text
    return None


def _docx_is_list(paragraph: Any) -> bool:
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    for style in _docx_style_chain(paragraph):
        if style.element.xpath("./w:pPr/w:numPr") or _LIST_STYLE.search(style.name or ""):
            return True
    return False


def _docx_block(block: Any, out: _Blocks) -> None:
    from docx.table import Table

    if isinstance(block, Table):
        rows = _docx_rows(block)
        out.table(row_lines(rows, header=_docx_header(block) or None))
        return
    style_name = block.style.name if block.style is not None else ""
    text = block.text
    if _HEADING_STYLE.match(style_name or "") or _docx_outline_level(block) is not None:
        out.heading(text)
    elif _docx_is_list(block):
        out.item(text)
    else:
        out.paragraph(text)


def _docx_cell_text(cell: Any) -> str:
    from docx.table import Table

    parts: list[str] = []
    for inner in cell.iter_inner_content():
        if isinstance(inner, Table):
            parts.extend(row_lines(_docx_rows(inner)))
        else:
            parts.append(inner.text)
    return " ".join(" ".join(parts).split())


def _docx_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is returned once per grid column it spans
                continue
            last = cell._tc
            cells.append(_docx_cell_text(cell))
        rows.append(cells)
    return rows


def _docx_header(table: Any) -> bool:
    """The first row is a header when Word marks it as one (repeat as header row) or when all
    its text is bold."""
    if not table.rows:
        return False
    first = table.rows[0]
    if first._tr.xpath("./w:trPr/w:tblHeader"):
        return True
    runs = [r for cell in first.cells for p in cell.paragraphs for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


# ---------------------------------------------------------------- OpenDocument


def read_odt(data: bytes) -> OfficeText:
    """Text of an .odt file; a damaged or fake one is a LoaderError with a Danish reason."""
    from xml.parsers.expat import ExpatError
    from xml.sax import SAXException

    from odf.opendocument import load

    _check_archive(data, "OpenDocument-filen")
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # odfpy prints the XML it failed to parse
            document = load(io.BytesIO(data))
        from odf.draw import Image

        out = _Blocks()
        heading_styles = _odt_heading_styles(document)
        for node in document.text.childNodes:
            _odt_node(node, out, heading_styles)
        title = _odt_title(document)
        warnings = _image_warning(len(document.text.getElementsByType(Image)))
    except (zipfile.BadZipFile, KeyError, ValueError, SAXException, ExpatError, AttributeError, TypeError) as exc:
        raise LoaderError(
            "OpenDocument-filen er beskadiget eller ikke en rigtig .odt-fil og kan ikke læses "
            "(gem den igen som .odt, .docx eller PDF)"
        ) from exc
    return out.result(title, warnings)


_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CONTAINERS = {(_TEXT_NS, "section"), (_TEXT_NS, "soft-page-break")}
_SKIP = {(_TEXT_NS, "table-of-content"), (_TEXT_NS, "sequence-decls"), (_TEXT_NS, "tracked-changes")}
_MAX_REPEAT = 50  # a repeated cell or row beyond this is layout filler ("1024 empty columns")


def _odt_heading_styles(document: Any) -> set[str]:
    """Automatic paragraph styles that derive from a heading or title style."""
    from odf.style import Style

    names: set[str] = set()
    for part in (document.automaticstyles, document.styles):
        for style in part.getElementsByType(Style):
            name = style.getAttribute("name") or ""
            parent = style.getAttribute("parentstylename") or ""
            if _HEADING_STYLE.match(parent.replace("_20_", " ")) or _HEADING_STYLE.match(name.replace("_20_", " ")):
                names.add(name)
    return names


def _odt_text(node: Any) -> str:
    from odf import teletype

    return " ".join(teletype.extractText(node).split())


def _odt_node(node: Any, out: _Blocks, heading_styles: set[str]) -> None:
    qname = getattr(node, "qname", None)
    if qname is None or qname in _SKIP:
        return
    if qname == (_TEXT_NS, "h"):
        out.heading(_odt_text(node))
    elif qname == (_TEXT_NS, "p"):
        style = node.getAttribute("stylename") or ""
        if style in heading_styles:
            out.heading(_odt_text(node))
        else:
            out.paragraph(_odt_text(node))
    elif qname == (_TEXT_NS, "list"):
        _odt_list(node, out)
    elif qname == (_TABLE_NS, "table"):
        rows, header = _odt_rows(node)
        out.table(row_lines(rows, header=header or None))
    elif qname in _CONTAINERS:
        for child in node.childNodes:
            _odt_node(child, out, heading_styles)


def _odt_list(node: Any, out: _Blocks) -> None:
    for item in node.childNodes:
        if getattr(item, "qname", None) not in ((_TEXT_NS, "list-item"), (_TEXT_NS, "list-header")):
            continue
        for child in item.childNodes:
            if getattr(child, "qname", None) == (_TEXT_NS, "list"):
                _odt_list(child, out)
            else:
                out.item(_odt_text(child))


def _odt_rows(table: Any) -> tuple[list[list[str]], bool]:
    rows: list[list[str]] = []
    header = False

    def add_row(row: Any) -> None:
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) != (_TABLE_NS, "table-cell"):
                continue  # covered (merged) cells carry no text of their own
            text = _odt_text(cell)
            repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([text] * (min(repeat, _MAX_REPEAT) if text else 1))
        rows.append(cells)

    for child in table.childNodes:
        qname = getattr(child, "qname", None)
        if qname == (_TABLE_NS, "table-header-rows"):
            for row in child.childNodes:
                if getattr(row, "qname", None) == (_TABLE_NS, "table-row"):
                    add_row(row)
                    header = True
        elif qname == (_TABLE_NS, "table-row"):
            add_row(child)
        elif qname == (_TABLE_NS, "table-rows"):
            for row in child.childNodes:
                if getattr(row, "qname", None) == (_TABLE_NS, "table-row"):
                    add_row(row)
    return rows, header


def _odt_title(document: Any) -> str | None:
    from odf.dc import Title

    for el in document.meta.getElementsByType(Title):
        text = _odt_text(el)
        if text:
            return text
    return None


# ---------------------------------------------------------------- PowerPoint


@dataclass(frozen=True)
class SlideText:
    """A slide deck: one text per slide (a "page"), the slide titles as headings."""

    slides: tuple[str, ...]
    headings: frozenset[str]
    title: str | None
    warnings: tuple[str, ...] = ()


def read_pptx(data: bytes) -> SlideText:
    """Text of a .pptx file, slide by slide, in reading order (top to bottom, then left to right).

    The slide title is a heading; the paragraphs of a text box with more than one paragraph are
    list items ("• "); a table is one line per row (``ingest.tables.row_lines``); a chart is one
    line per category with its series' values; the speaker notes follow the slide's own text.
    Pictures are counted in a warning (their text is not read). A damaged or fake file is a
    LoaderError with a Danish reason.
    """
    import pptx
    from lxml.etree import LxmlError
    from pptx.exc import PackageNotFoundError

    _check_archive(data, "PowerPoint-filen")
    try:
        deck = pptx.Presentation(io.BytesIO(data))
        slides: list[str] = []
        headings: list[str] = []
        pictures = 0
        for slide in deck.slides:
            out = _Blocks()
            title_shape = slide.shapes.title
            if title_shape is not None and title_shape.has_text_frame:
                out.heading(title_shape.text_frame.text)
            pictures += _pptx_shapes(list(slide.shapes), out, skip=title_shape)
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                out.paragraph(slide.notes_slide.notes_text_frame.text)
            result = out.result(None, [])
            slides.append(result.text)
            headings.extend(out.headings)
        title = deck.core_properties.title
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, AttributeError, TypeError) as exc:
        raise LoaderError(
            "PowerPoint-filen er beskadiget eller ikke en rigtig .pptx-fil og kan ikke læses "
            "(gem den igen fra PowerPoint som .pptx, eller som PDF)"
        ) from exc
    first_title = next((h for h in headings if h), None)
    return SlideText(
        slides=tuple(slides),
        headings=frozenset(headings),
        title=(title or "").strip() or first_title,
        warnings=tuple(_image_warning(pictures)),
    )


def _reading_order(shape: Any) -> tuple[int, int]:
    return (shape.top if shape.top is not None else 0, shape.left if shape.left is not None else 0)


def _pptx_shapes(shapes: list[Any], out: _Blocks, skip: Any = None) -> int:
    """Adds the shapes' text to ``out`` in reading order; returns how many pictures were passed."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    pictures = 0
    for shape in sorted(shapes, key=_reading_order):
        if skip is not None and shape.shape_id == skip.shape_id:
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            pictures += _pptx_shapes(list(shape.shapes), out)
        elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            pictures += 1
        elif getattr(shape, "has_table", False) and shape.has_table:
            rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
            out.table(row_lines(rows, header=bool(shape.table.first_row) or None))
        elif getattr(shape, "has_chart", False) and shape.has_chart:
            _pptx_chart(shape.chart, out)
        elif shape.has_text_frame:
            paragraphs = [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
            if len(paragraphs) > 1:
                for text in paragraphs:
                    out.item(text)
            elif paragraphs:
                out.paragraph(paragraphs[0])
    return pictures


def _pptx_chart(chart: Any, out: _Blocks) -> None:
    """A chart as a table: its title, then one row per category ("2021: Bolig bevaret 78 %")."""
    if chart.has_title and chart.chart_title.has_text_frame:
        out.paragraph(chart.chart_title.text_frame.text)
    plot = chart.plots[0] if len(chart.plots) else None
    if plot is None:
        return
    categories = [str(c) for c in plot.categories]
    series = list(plot.series)
    header = [""] + [s.name or "" for s in series]
    rows = [header]
    for k, category in enumerate(categories):
        row = [category]
        for s in series:
            values = list(s.values)
            value = values[k] if k < len(values) else None
            row.append("" if value is None else f"{value:g}".replace(".", ","))
        rows.append(row)
    out.table(row_lines(rows, header=any(header[1:]) or None))
