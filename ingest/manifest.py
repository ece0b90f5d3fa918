"""The corpus manifest (``corpus/manifest.yaml``), metadata for unlisted files, an administrator's
metadata edits (the manifest's ``edits:`` block, see ``ingest.manifest_edits``), and the corpus version.

>>> from assistant.settings import Settings
>>> m = load_manifest(Settings().manifest_path)
>>> m.entries["003_af012a5f0ae89a04.txt"].kind
'guide'
>>> len(corpus_version(Settings()))
12
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError, MetadataError
from assistant.settings import Settings
from ingest.loaders import RawDocument, is_supported, source_name
from ingest.manifest_edits import KINDS, MetadataEdit, parse_edits, with_edits
from ingest.publisher import read_publisher
from ingest.structure import DocMeta, first_heading

_FIELDS = frozenset(
    {
        "source",
        "title",
        "publisher",
        "year",
        "language",
        "kind",
        "description",
        "notes",
        "date",
        "teaser_tail",
    }
)


@dataclass(frozen=True)
class ManifestEntry:
    source: str
    title: str
    kind: str
    year: int | None
    language: str = "da"
    publisher: str | None = None
    description: str | None = None
    notes: str | None = None
    date: str | None = None
    teaser_tail: str = "drop"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "publisher": self.publisher,
            "year": self.year,
            "language": self.language,
            "kind": self.kind,
            "description": self.description,
            "notes": self.notes,
            "date": self.date,
        }


@dataclass(frozen=True)
class Manifest:
    """Entries by file name, the administrator's metadata edits by file name (they win over the
    entries and over what is read from a file), and the manifest's bytes (part of the corpus
    version)."""

    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    raw_bytes: bytes = b""
    path: Path | None = None
    edits: dict[str, MetadataEdit] = field(default_factory=dict)

    def __contains__(self, source: object) -> bool:
        return source in self.entries

    def get(self, source: str) -> ManifestEntry | None:
        return self.entries.get(source)

    def meta_for(self, raw: RawDocument) -> DocMeta:
        """Manifest metadata for a listed file; for any other file, metadata read from the file;
        an administrator's edit over either."""
        e = self.entries.get(raw.source)
        if e is not None:
            meta = DocMeta(
                source=raw.source,
                title=e.title,
                kind=e.kind,
                year=e.year,
                language=e.language,
                publisher=e.publisher,
                description=e.description,
                teaser_tail="low_value" if e.teaser_tail == "low_value" else "drop",
                notes=e.notes,
            )
        else:
            meta = DocMeta(
                source=raw.source,
                title=derive_title(raw),
                kind="document",
                year=raw.year,
                date=raw.date,
                publisher=read_publisher(raw.text, raw.site_name),
            )
        edit = self.edits.get(raw.source)
        if edit is None:
            return meta
        return replace(meta, title=edit.title, kind=edit.kind, year=edit.year, publisher=edit.publisher)

    def entry_dict(self, source: str, meta: DocMeta) -> dict[str, Any]:
        """The document's row in CURRENT.json: the manifest entry (or what was read from the
        file), with an administrator's edit over it (``"edited": True``)."""
        e = self.entries.get(source)
        if e is not None:
            row = e.to_dict()
        else:
            row = {
                "source": source,
                "title": meta.title,
                "publisher": meta.publisher,
                "year": meta.year,
                "language": meta.language,
                "kind": meta.kind,
                "description": None,
                "notes": "Ikke i manifestet; metadata er læst fra filen.",
                "date": meta.date,
            }
        return {**row, **self.overlay(source)}

    def overlay(self, source: str) -> dict[str, Any]:
        """What the manifest says about ``source`` now (its entry, with an edit over it), for
        showing a document's metadata without re-ingesting: {} for an unlisted, unedited file."""
        e = self.entries.get(source)
        row = e.to_dict() if e is not None else {}
        edit = self.edits.get(source)
        if edit is not None:
            row.update({k: v for k, v in edit.to_dict().items() if k != "source"}, edited=True)
        return row


# Titles that word processors write into PDF metadata and that name nothing.
_JUNK_TITLE = re.compile(r"^(untitled|unavngivet|uden titel|dokument\d*|document\d*|slide \d+|præsentation\d*)$", re.I)
_APP_PREFIX = re.compile(r"^(microsoft (word|powerpoint|excel)|word|powerpoint)\s*-\s*", re.I)
_FILE_SUFFIX = re.compile(r"\.(docx?|pptx?|xlsx?|odt|pdf|rtf|indd)$", re.I)


def clean_metadata_title(title: str | None) -> str | None:
    """A PDF/HTML title made readable, or None when it names nothing.

    >>> clean_metadata_title("Microsoft Word - Retningslinje_bostøtte_v3.docx")
    'Retningslinje bostøtte v3'
    >>> clean_metadata_title("Dokument1") is None
    True
    """
    if not title:
        return None
    t = _APP_PREFIX.sub("", " ".join(title.split()))
    if _FILE_SUFFIX.search(t):
        t = re.sub(r"[_]+", " ", _FILE_SUFFIX.sub("", t)).strip()
    if len(t) < 3 or _JUNK_TITLE.match(t):
        return None
    return t


def derive_title(raw: RawDocument) -> str:
    """Title for an unlisted file: PDF/HTML title, else a PDF's running header, else the first
    heading, else the file name."""
    title = clean_metadata_title(raw.title) or first_heading(replace(raw, title=None))
    if title and len(title.strip()) >= 3:
        return " ".join(title.split())[:200]
    stem = unicodedata.normalize("NFC", raw.path.stem)
    return re.sub(r"[_\-]+", " ", stem).strip() or raw.source


def load_manifest(path: Path) -> Manifest:
    """Read and validate the manifest. A missing file is an empty manifest; a bad one a ConfigError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Manifest(path=path)
    except OSError as exc:
        raise ConfigError(f"Manifestet {path} kan ikke læses ({exc}); ret METODEGUIDE_MANIFEST.") from exc
    return parse_manifest(data, path)


def parse_manifest(data: bytes, path: Path) -> Manifest:
    """The manifest in ``data`` (read from ``path``), validated; a bad one is a ConfigError."""
    try:
        doc = yaml.safe_load(data.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Manifestet {path} er ikke gyldig YAML ({exc}); ret filen.") from exc
    items = doc.get("documents") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"Manifestet {path} skal have en liste 'documents:' med ét punkt pr. fil.")
    try:
        edits = parse_edits(doc.get("edits"), f"Manifestet {path}")
    except MetadataError as exc:
        raise ConfigError(str(exc)) from exc
    entries: dict[str, ManifestEntry] = {}
    for n, item in enumerate(items, start=1):
        where = f"Manifestet {path}, dokument nr. {n}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: skal være en tabel med felterne source, title, kind, year.")
        unknown = sorted(set(item) - _FIELDS)
        if unknown:
            raise ConfigError(f"{where}: ukendt felt {unknown[0]!r} (tilladt: {', '.join(sorted(_FIELDS))}).")
        for key in ("source", "title", "kind"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ConfigError(f"{where}: feltet {key!r} mangler eller er tomt.")
        source = unicodedata.normalize("NFC", item["source"].strip())
        if "/" in source or "\\" in source:
            raise ConfigError(f"{where}: source skal være et filnavn uden mappe (er {source!r}).")
        if source in entries:
            raise ConfigError(f"{where}: {source} står der to gange.")
        kind = item["kind"].strip()
        if kind not in KINDS:
            raise ConfigError(f"{where} ({source}): kind {kind!r} er ukendt; vælg en af {', '.join(KINDS)}.")
        year = item.get("year")
        if year is not None and (
            not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100
        ):
            raise ConfigError(f"{where} ({source}): year skal være et årstal eller tomt (er {year!r}).")
        tail = item.get("teaser_tail", "drop")
        if tail not in ("drop", "low_value"):
            raise ConfigError(
                f"{where} ({source}): teaser_tail skal være 'drop' eller 'low_value' (er {tail!r})."
            )

        def opt(key: str, item: dict[str, Any] = item) -> str | None:
            v = item.get(key)
            return None if v is None else " ".join(str(v).split())

        entries[source] = ManifestEntry(
            source=source,
            title=" ".join(item["title"].split()),
            kind=kind,
            year=year,
            language=opt("language") or "da",
            publisher=opt("publisher"),
            description=opt("description"),
            notes=opt("notes"),
            date=opt("date"),
            teaser_tail=tail,
        )
    return Manifest(entries=entries, raw_bytes=data, path=path, edits=edits)


def save_edit(path: Path, edit: MetadataEdit) -> Manifest:
    """Store ``edit`` in the manifest at ``path`` (replacing an earlier edit of the same file) and
    return the manifest as it now reads. The file is replaced atomically, and only after the new
    text has been read back and validated; the rest of the manifest stays as it was.

    Raises MetadataError when the manifest cannot take the edit, ConfigError when it is invalid.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "version: 1\ndocuments: []\n"
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Manifestet {path} kan ikke læses ({exc}); ret METODEGUIDE_MANIFEST.") from exc
    current = parse_manifest(text.encode("utf-8"), path)
    new_text = with_edits(text, {**current.edits, edit.source: edit})
    manifest = parse_manifest(new_text.encode("utf-8"), path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(new_text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise MetadataError(
            f"Manifestet {path} kan ikke skrives ({exc.strerror or exc}); tjek at mappen er skrivbar."
        ) from exc
    return manifest


# ---------------------------------------------------------------- which files make the corpus


@dataclass(frozen=True)
class Discovery:
    """Candidate files (sorted, de-duplicated) and problems found while looking (file, reason)."""

    files: tuple[Path, ...]
    problems: tuple[tuple[str, str], ...] = ()


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.endswith(("~", ".tmp", ".part"))


def discover(paths: Sequence[Path]) -> Discovery:
    """Supported files under ``paths`` (files or folders, folders recursively).

    Unsupported files inside a folder and paths that do not exist are reported as problems.
    """
    files: dict[Path, None] = {}
    problems: list[tuple[str, str]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    not f.is_file()
                    or _ignored(f)
                    or any(part.startswith(".") for part in f.relative_to(p).parts)
                ):
                    continue
                if is_supported(f):
                    files[f.resolve()] = None
                else:
                    problems.append((source_name(f), f"filtypen {f.suffix or '(ingen)'} understøttes ikke"))
        elif p.is_file():
            if is_supported(p):
                files[p.resolve()] = None
            else:
                problems.append((source_name(p), f"filtypen {p.suffix or '(ingen)'} understøttes ikke"))
        else:
            problems.append((source_name(p) or str(p), "filen eller mappen findes ikke"))
    ordered = sorted(files, key=lambda f: (source_name(f), str(f)))
    return Discovery(files=tuple(ordered), problems=tuple(problems))


def file_hash(path: Path) -> str | None:
    """sha256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def version_of(manifest_bytes: bytes, content_hashes: Sequence[str]) -> str:
    """Short hash of the manifest bytes and the sorted document content hashes."""
    h = hashlib.sha256(manifest_bytes)
    for c in sorted(content_hashes):
        h.update(b"\n" + c.encode())
    return h.hexdigest()[:12]


def corpus_version(settings: Settings, paths: Sequence[Path] | None = None) -> str:
    """The corpus version of ``paths`` (default: the corpus folder) with the configured manifest.

    Every candidate file counts, also one that ingestion skips, so an unreadable file does not
    make the index look stale forever.
    """
    manifest = load_manifest(settings.manifest_path)
    found = discover(list(paths) if paths is not None else [settings.corpus_dir])
    hashes = [h for f in found.files if (h := file_hash(f)) is not None]
    return version_of(manifest.raw_bytes, hashes)
