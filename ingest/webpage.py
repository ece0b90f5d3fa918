"""The main text of a web page, through trafilatura: no menus, breadcrumbs, skip links, cookie
banners, share buttons or footers; headings, lists and tables kept as the rest of ingest
expects them (heading lines listed in ``headings``, "• " list lines, one line per table row).

Title: og:title, else <title>, else the first h1, without a site suffix ("ACT | Socialstyrelsen"
-> "ACT"). Date: only from the page's metadata (never guessed from the text).

    >>> page = read_main_text(Path("side.html").read_text())     # doctest: +SKIP
    >>> page.title, page.date                                    # doctest: +SKIP
    ('ACT - Assertive Community Treatment', '2021-05-10')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path  # noqa: F401 - used in the module docstring
from typing import Any

from ingest.office import BULLET
from ingest.tables import row_lines


@dataclass(frozen=True)
class WebPage:
    text: str
    headings: tuple[str, ...]
    title: str | None
    date: str | None
    site_name: str | None = None


# " | Socialstyrelsen", " · Aarhus Kommune", " – sm.dk" at the end of a <title>.
_SITE_SUFFIX = re.compile(r"\s+[|·»–—]\s+[^|·»–—]{1,60}$")


def clean_page_title(title: str | None) -> str | None:
    """A page title without the site name after it.

    >>> clean_page_title("ACT - Assertive Community Treatment | Socialstyrelsen2021")
    'ACT - Assertive Community Treatment'
    """
    if not title:
        return None
    t = " ".join(title.split())
    while _SITE_SUFFIX.search(t) and len(_SITE_SUFFIX.sub("", t)) >= 3:
        t = _SITE_SUFFIX.sub("", t)
    return t or None


_BLOCK_TAG = re.compile(r"<(?:p|h[1-6]|li|td|th|dd)\b", re.IGNORECASE)


def _text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def read_main_text(html: str) -> WebPage | None:
    """The page's main text, or None when trafilatura finds none (the caller falls back)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        html, output_format="xml", include_tables=True, include_comments=False, favor_recall=True
    )
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None or (len(main) == 1 and len(_BLOCK_TAG.findall(html)) >= 2):
        return None  # trafilatura's last resort glues the whole page (menus too) into one paragraph
    blocks: list[str] = []
    headings: list[str] = []
    for el in main:
        if el.tag == "head":
            text = _text(el)
            if text:
                headings.append(text)
                blocks.append(text)
        elif el.tag == "list":
            items = [BULLET + t for item in el.iter("item") if (t := _own_item_text(item))]
            if items:
                blocks.append("\n".join(items))
        elif el.tag == "table":
            row_els = list(el.iter("row"))
            rows = [[_text(cell) for cell in row.iter("cell")] for row in row_els]
            # a caption comes as a first row with one filled cell ("Tilbud i Ungeindsatsen", then
            # empty cells): it is the table's title, and the column names are in the row after it
            caption = ""
            if len(rows) > 1 and len(rows[0]) > 1 and rows[0][0] and not any(rows[0][1:]):
                caption, rows, row_els = rows[0][0], rows[1:], row_els[1:]
            first = row_els[0] if row_els else None
            header = first is not None and any(c.get("role") == "head" for c in first.iter("cell"))
            lines = row_lines(rows, header=header or None)
            if caption:
                blocks.append(caption)
            if lines:
                blocks.append("\n".join(lines))
        else:
            text = _text(el)
            if text:
                blocks.append(text)
    text = "\n\n".join(blocks).strip()
    if not text:
        return None
    meta = trafilatura.extract_metadata(html, extensive=False)
    title = _page_title(html) or (headings[0] if headings else None)
    date = meta.date if meta is not None and meta.date else None
    site = meta.sitename if meta is not None and meta.sitename else None
    return WebPage(text=text, headings=tuple(headings), title=title, date=date, site_name=site)


def _page_title(html: str) -> str | None:
    """og:title, else <title>, each without a site suffix."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    for found in (tree.xpath("//meta[@property='og:title']/@content"), tree.xpath("//title//text()")):
        title = clean_page_title(" ".join(str(t) for t in found))
        if title and len(title) >= 3:
            return title
    return None


def _own_item_text(item: Any) -> str:
    """An item's text without the items of a list nested in it (those are items of their own)."""
    parts = [item.text or ""]
    for child in item:
        if child.tag != "list":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
