"""The five shipped documents, loaded and cleaned once per test process (helpers, not tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from assistant.types import SourceDocument
from ingest.clean import Vocabulary
from ingest.loaders import RawDocument, load_document
from ingest.manifest import load_manifest
from ingest.structure import DocMeta, build_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
MANIFEST = CORPUS.parent / "manifest.yaml"
D001 = "001_a87d09dcf945fd35.txt"
D002 = "002_a954251154599e68.txt"
D003 = "003_af012a5f0ae89a04.txt"


@cache
def _raws() -> tuple[RawDocument, ...]:
    return tuple(load_document(p) for p in sorted(CORPUS.glob("*.txt")))


@cache
def _vocab() -> Vocabulary:
    return Vocabulary.from_texts(r.text for r in _raws())


@cache
def shipped(source: str, teaser_tail: str = "drop") -> SourceDocument:
    raw = next(r for r in _raws() if r.source == source)
    meta = load_manifest(MANIFEST).meta_for(raw)
    if teaser_tail != meta.teaser_tail:
        meta = DocMeta(**{**meta.__dict__, "teaser_tail": teaser_tail})
    return build_document(raw, _vocab(), meta)


def page_of(doc: SourceDocument, passage: str) -> int | None:
    at = doc.text.index(passage)
    assert doc.text.count(passage) == 1, passage
    return doc.page_at(at)
