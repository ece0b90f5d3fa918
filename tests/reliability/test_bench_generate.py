"""The benchmark corpus generator: exact page count, deterministic bytes, Danish letters intact,
and every file readable by the real loaders with the pages the generator wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.generate import generate_corpus
from ingest.loaders import load_document
from ingest.structure import split_pages

pytestmark = pytest.mark.unit


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("gen_*"))}


def test_generator_pages_determinism_and_loaders(tmp_path: Path) -> None:
    a = generate_corpus(tmp_path / "a", pages=60, seed=3, pdf_share=0.5)
    b = generate_corpus(tmp_path / "b", pages=60, seed=3, pdf_share=0.5)
    assert (a.documents, a.characters) == (b.documents, b.characters)
    assert a.pages == 60 and a.text_files + a.pdf_files == a.documents
    assert a.text_files > 0 and a.pdf_files > 0
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert _digests(tmp_path / "a") != _digests(Path(generate_corpus(tmp_path / "c", 60, seed=4).out))

    pages = 0
    for path in sorted((tmp_path / "a").glob("gen_*")):
        raw = load_document(path)
        split = split_pages(raw)
        assert [p.page for p in split.pages] == list(range(1, len(split.pages) + 1))
        pages += len(split.pages)
        assert "syntetisk dokument" in raw.text
    assert pages == 60
    text = " ".join(load_document(p).text for p in sorted((tmp_path / "a").glob("gen_*")))
    assert all(ch in text for ch in "æøå")
