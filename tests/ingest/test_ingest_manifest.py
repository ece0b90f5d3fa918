"""The manifest, metadata for unlisted files, and the corpus version."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from shipped_docs import CORPUS, MANIFEST

from assistant.errors import ConfigError
from assistant.settings import Settings
from ingest.loaders import load_document
from ingest.manifest import KINDS, corpus_version, discover, load_manifest

pytestmark = pytest.mark.unit


def test_manifest_lists_every_shipped_file_with_its_facts() -> None:
    m = load_manifest(MANIFEST)
    assert sorted(m.entries) == sorted(p.name for p in CORPUS.iterdir())
    expected = {
        "000_b7118d7c53b07453.txt": ("news", 2014, "Socialstyrelsen"),
        "001_a87d09dcf945fd35.txt": ("brochure", 2019, "Socialstyrelsen"),
        "002_a954251154599e68.txt": ("slides", 2014, "Randers Kommune"),
        "003_af012a5f0ae89a04.txt": ("guide", 2018, "Socialstyrelsen (Rambøll og VIVE)"),
        "004_d50f6f41890c1f33.txt": ("web page", 2011, "Rambøll Management Consulting"),
    }
    for source, (kind, year, publisher) in expected.items():
        e = m.entries[source]
        assert (e.kind, e.year, e.publisher, e.language) == (kind, year, publisher, "da")
        assert e.title and e.description
    assert m.entries["003_af012a5f0ae89a04.txt"].teaser_tail == "drop"
    assert "FJERNES" in (m.entries["003_af012a5f0ae89a04.txt"].notes or "")
    assert (
        m.entries["001_a87d09dcf945fd35.txt"].title
        == "Udbredelse af Housing First – Beskrivelse af indsatsen"
    )


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    m = load_manifest(tmp_path / "nope.yaml")
    assert m.entries == {} and m.raw_bytes == b""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("documents: 3", "skal have en liste 'documents:'"),
        (
            "documents:\n  - source: a.txt\n    kind: guide\n",
            "dokument nr. 1: feltet 'title' mangler eller er tomt.",
        ),
        ("documents:\n  - {source: a.txt, title: A, kind: bog}\n", "kind 'bog' er ukendt"),
        (
            "documents:\n  - {source: a.txt, title: A, kind: guide, year: 'ca. 2019'}\n",
            "year skal være et årstal",
        ),
        ("documents:\n  - {source: a.txt, title: A, kind: guide, forfatter: X}\n", "ukendt felt 'forfatter'"),
        (
            "documents:\n  - {source: a/b.txt, title: A, kind: guide}\n",
            "source skal være et filnavn uden mappe",
        ),
        ("documents: [\n", "er ikke gyldig YAML"),
    ],
)
def test_manifest_validation_names_the_problem(tmp_path: Path, body: str, message: str) -> None:
    p = tmp_path / "manifest.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_manifest(p)
    assert message in str(err.value)
    assert str(p) in str(err.value)


def test_unlisted_pdf_gets_metadata_from_the_file(tmp_path: Path, make_pdf: Callable[..., Path]) -> None:
    p = make_pdf(tmp_path / "ny_vejledning.pdf", ["Indhold om bostøtte."], title="Ny vejledning om ACT")
    meta = load_manifest(MANIFEST).meta_for(load_document(p))
    assert (meta.title, meta.kind, meta.year) == ("Ny vejledning om ACT", "document", None)


@pytest.mark.parametrize(
    "metadata,expected",
    [
        ("Microsoft Word - Retningslinje_bostøtte_v3.docx", "Retningslinje bostøtte v3"),
        ("Dokument1", "Aarhus Kommune · Retningslinje for bostøtte"),  # junk: the running header
        (None, "Aarhus Kommune · Retningslinje for bostøtte"),
    ],
)
def test_unlisted_pdf_title_skips_junk_metadata_for_the_running_header(
    tmp_path: Path, make_pdf: Callable[..., Path], metadata: str | None, expected: str
) -> None:
    p = make_pdf(
        tmp_path / "retningslinje.pdf",
        ["1. Formål\nTekst om bostøtte til borgere.", "2. Målgruppe\nTekst om borgere over 18 år."],
        title=metadata,
        header="Aarhus Kommune · Retningslinje for bostøtte",
        footer="Side {page} af {pages}",
    )
    assert load_manifest(MANIFEST).meta_for(load_document(p)).title == expected


def test_unlisted_text_title_from_first_heading_or_name(tmp_path: Path) -> None:
    m = load_manifest(MANIFEST)
    a = tmp_path / "notat.txt"
    a.write_text("FORLØB FOR UNGE\n\nDer er mange ord her om unge i hjemløshed og deres forløb.\n")
    assert m.meta_for(load_document(a)).title == "FORLØB FOR UNGE"
    b = tmp_path / "mit_notat-2024.txt"
    b.write_text("x" * 300)
    assert m.meta_for(load_document(b)).title == "mit notat 2024"


def test_kinds_cover_the_issue() -> None:
    assert set(KINDS) >= {"guide", "brochure", "slides", "news", "web page"}


def test_corpus_version_tracks_documents_and_manifest(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    for f in corpus.iterdir():
        f.chmod(0o644)
    manifest = tmp_path / "m.yaml"
    shutil.copy(MANIFEST, manifest)
    s = Settings(corpus_dir=corpus, manifest_path=manifest)
    v1 = corpus_version(s)
    assert len(v1) == 12 and v1 == corpus_version(s)
    assert v1 == corpus_version(Settings(corpus_dir=CORPUS, manifest_path=MANIFEST))
    (corpus / "000_b7118d7c53b07453.txt").write_text("ændret", encoding="utf-8")
    v2 = corpus_version(s)
    assert v2 != v1
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n# kommentar\n", encoding="utf-8")
    assert corpus_version(s) not in (v1, v2)


def test_discover_reports_unsupported_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    (tmp_path / ".skjult.txt").write_text("x")
    (tmp_path / "under").mkdir()
    (tmp_path / "under" / "c.md").write_text("c")
    found = discover([tmp_path, tmp_path / "findes_ikke.pdf"])
    assert [f.name for f in found.files] == ["a.txt", "c.md"]
    assert found.problems == (
        ("b.xlsx", "filtypen .xlsx understøttes ikke"),
        ("findes_ikke.pdf", "filen eller mappen findes ikke"),
    )
