"""Metadata an administrator sets on the Korpus page: title, kind, year and publisher of a document.

An edit is stored in the manifest, in an ``edits:`` block at the end of the file, one item per
document. It wins over what the manifest's ``documents:`` list or the file itself says, and it
survives every re-ingest. The block is rewritten as a whole; the rest of the manifest (the
curated list and its comments) is left byte for byte as it was.

Values are data: whitespace is collapsed, control characters are refused, and the UI shows them
as escaped text only.

    >>> e = validate_edit("køge.pdf", " Retningslinje  for bostøtte ", "guide", "2023", "Køge Kommune")
    >>> e.title, e.year, e.publisher
    ('Retningslinje for bostøtte', 2023, 'Køge Kommune')
    >>> validate_edit("køge.pdf", "T", "guide", "23", None)
    Traceback (most recent call last):
    ...
    assistant.errors.MetadataError: Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '23').
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import yaml

from assistant.errors import MetadataError

__all__ = [
    "EDITS_HEADER",
    "KINDS",
    "PUBLISHER_MAX",
    "TITLE_MAX",
    "MetadataEdit",
    "parse_edits",
    "validate_edit",
    "with_edits",
]

KINDS = ("guide", "brochure", "slides", "news", "web page", "document")
TITLE_MAX = 200
PUBLISHER_MAX = 120
YEAR_MIN, YEAR_MAX = 1900, 2100
EDITS_HEADER = (
    "# Rettet af en administrator på siden Korpus: titel, type, år og udgiver her vinder over listen\n"
    "# ovenfor og over det, der læses fra filen. Siden Korpus skriver denne blok om; ret den dér.\n"
)
_FIELDS = ("source", "title", "kind", "year", "publisher")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class MetadataEdit:
    """An administrator's metadata for one document; ``year`` and ``publisher`` may be unknown."""

    source: str
    title: str
    kind: str
    year: int | None
    publisher: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text(value: object, field: str, limit: int) -> str:
    s = "" if value is None else str(value)
    if _CONTROL.search(s):
        raise MetadataError(f"{field} må ikke indeholde styretegn; skriv almindelig tekst.")
    s = " ".join(unicodedata.normalize("NFC", s).split())
    if len(s) > limit:
        raise MetadataError(f"{field} må højst være {limit} tegn (er {len(s)}); forkort den.")
    return s


def _year(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise MetadataError(f"Året skal være et helt tal mellem {YEAR_MIN} og {YEAR_MAX}, fx 2023 (er {value!r}).")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text) or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise MetadataError(f"Året skal være et helt tal mellem {YEAR_MIN} og {YEAR_MAX}, fx 2023 (er {text!r}).")
    return int(text)


def validate_edit(source: str, title: object, kind: object, year: object, publisher: object) -> MetadataEdit:
    """The edit as it will be stored, or a ``MetadataError`` that names the field and what to do.

    ``year`` may be an int or the text typed ("2023"; empty: unknown); an empty ``publisher`` is
    unknown; ``kind`` is one of ``KINDS``.
    """
    name = _text(source, "Filnavnet", 255)
    if not name or "/" in name or "\\" in name:
        raise MetadataError("Vælg et dokument i korpusset; filnavnet mangler eller indeholder en mappe.")
    clean_title = _text(title, "Titlen", TITLE_MAX)
    if not clean_title:
        raise MetadataError("Titlen må ikke være tom; skriv dokumentets titel.")
    if kind not in KINDS:
        raise MetadataError(f"Typen {kind!r} findes ikke; vælg en af {', '.join(KINDS)}.")
    clean_publisher = _text(publisher, "Udgiveren", PUBLISHER_MAX) or None
    return MetadataEdit(name, clean_title, str(kind), _year(year), clean_publisher)


def parse_edits(items: object, where: str) -> dict[str, MetadataEdit]:
    """The manifest's ``edits:`` list by file name; a bad item is a ``MetadataError`` naming it."""
    if items is None:
        return {}
    if not isinstance(items, list):
        raise MetadataError(f"{where}: 'edits:' skal være en liste med ét punkt pr. dokument.")
    out: dict[str, MetadataEdit] = {}
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise MetadataError(f"{where}, rettelse nr. {n}: skal have felterne {', '.join(_FIELDS)}.")
        unknown = sorted(set(item) - set(_FIELDS))
        if unknown:
            raise MetadataError(f"{where}, rettelse nr. {n}: ukendt felt {unknown[0]!r} (tilladt: {', '.join(_FIELDS)}).")
        try:
            fields = [item.get(k) for k in _FIELDS[1:]]
            edit = validate_edit(item["source"], *fields)
        except MetadataError as exc:
            raise MetadataError(f"{where}, rettelse nr. {n} ({item['source']}): {exc}") from exc
        out[edit.source] = edit
    return out


def _without_edits_block(text: str) -> str:
    """The manifest text before the ``edits:`` block this module writes (all of it when there is none)."""
    at = text.find(EDITS_HEADER)
    if at < 0:
        m = re.search(r"^edits:", text, flags=re.MULTILINE)
        if m is None:
            return text
        at = m.start()
    rest = text[at:]
    body = rest.split("edits:", 1)[1] if "edits:" in rest else ""
    if re.search(r"^[^\s#-]", body, flags=re.MULTILINE):
        raise MetadataError(
            "Manifestets blok 'edits:' skal stå sidst i filen, så siden Korpus kan skrive den om; flyt den."
        )
    return text[:at]


def with_edits(text: str, edits: Mapping[str, MetadataEdit]) -> str:
    """The manifest ``text`` with its ``edits:`` block replaced by ``edits`` (sorted by file name).

    >>> head = "version: 1\\ndocuments: []\\n"
    >>> out = with_edits(head, {"a.pdf": MetadataEdit("a.pdf", "A: <b>", "guide", None, None)})
    >>> out.startswith(head) and "title: 'A: <b>'" in out
    True
    >>> with_edits(out, {}) == head
    True
    """
    base = _without_edits_block(text).rstrip("\n") + "\n"
    if not edits:
        return base
    block = yaml.safe_dump(
        {"edits": [edits[s].to_dict() for s in sorted(edits)]}, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"{base}\n{EDITS_HEADER}{block}"
