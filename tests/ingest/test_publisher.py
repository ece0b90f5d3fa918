"""The publisher of a dropped-in document, read from the file: shown in citations and naming the
document in a question ("ifølge Aarhus Kommune") (issue 14, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evidence import document_scope
from assistant.settings import Settings
from assistant.store import CorpusIndex
from assistant.text import content_stems
from assistant.types import Chunk
from ingest.manifest import Manifest
from ingest.pipeline import ingest
from ingest.publisher import read_publisher
from ui.render import rule_citation_label
from ui.text import escape_md

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.yaml"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Retningslinje for bostøtte\nUdgivet af: Køge Kommune, 2023\nIndhold", "Køge Kommune"),
        ("Notat\nUdgiver: Social- og Boligstyrelsen\n", "Social- og Boligstyrelsen"),
        ("Tekst om bostøtte.\n© 2021 Aarhus Kommune. Alle rettigheder forbeholdes.", "Aarhus Kommune"),
        ("Copyright Socialstyrelsen 2019", "Socialstyrelsen"),
        ("Published by: Region Midtjylland\nHousing support", "Region Midtjylland"),
        ("Aarhus Kommune\nSocialforvaltningen\nKvalitetsstandard for § 85", "Aarhus Kommune"),
        ("Randers Kommunes Hjemløsestrategi\n2014", "Randers Kommune"),
        ("Socialstyrelsen\nACT – Assertive Community Treatment", "Socialstyrelsen"),
    ],
)
def test_a_stated_or_heading_publisher_is_read(text: str, publisher: str) -> None:
    assert read_publisher(text) == publisher


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Bostøtte efter § 85\nBorgeren kan få hjælp af Aarhus Kommune til flytning.",  # named in passing
        "Der er udgivet af mange bøger om emnet.",  # "udgivet af" not followed by a name
        "KLAR TIL START\nEt notat om bostøtte",
    ],
)
def test_no_publisher_is_guessed_from_the_body(text: str) -> None:
    assert read_publisher(text) is None


@pytest.mark.unit
def test_a_site_name_counts_unless_it_is_a_bare_domain() -> None:
    assert read_publisher("ACT er en tværfaglig indsats.", site_name="Socialstyrelsen") == "Socialstyrelsen"
    assert read_publisher("ACT er en tværfaglig indsats.", site_name="www.sbst.dk") is None
    # a stated publisher wins over the site name
    assert read_publisher("Udgivet af Køge Kommune\nx", site_name="Socialstyrelsen") == "Køge Kommune"


PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>ACT | Socialstyrelsen</title><meta property="og:site_name" content="Socialstyrelsen">
</head><body><main><article><h1>ACT - Assertive Community Treatment</h1>
<p>ACT er en tværfaglig indsats for borgere med komplekse støttebehov, hvor teamet selv leverer
støtten i borgerens eget hjem og har højst otte borgere pr. medarbejder.</p>
<p>Teamet er tilgængeligt hele døgnet og samarbejder med psykiatrien og misbrugsbehandlingen.</p>
</article></main></body></html>"""


@pytest.mark.unit
def test_an_unlisted_web_page_gets_its_site_name_as_publisher(tmp_path: Path) -> None:
    from ingest.loaders import load_document

    p = tmp_path / "act.html"
    p.write_text(PAGE, encoding="utf-8")
    raw = load_document(p)
    assert raw.site_name == "Socialstyrelsen"
    assert Manifest().meta_for(raw).publisher == "Socialstyrelsen"


@pytest.mark.integration
def test_the_publisher_reaches_the_index_chunks_and_document_scope(tmp_path: Path) -> None:
    import docx

    corpus = tmp_path / "korpus"
    corpus.mkdir()
    d = docx.Document()
    d.add_heading("Kvalitetsstandard for bostøtte", level=1)
    d.add_paragraph("Udgivet af: Køge Kommune, 2023")
    d.add_paragraph("En borger med intensiv bostøtte får op til otte timers støtte om ugen i eget hjem.")
    d.save(str(corpus / "kvalitetsstandard.docx"))
    s = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash")
    ingest(s, progress=False, log=lambda line: None)
    index = CorpusIndex.open(s)
    assert index.documents()["kvalitetsstandard.docx"]["publisher"] == "Køge Kommune"
    chunk = next(iter(index.chunks_of("kvalitetsstandard.docx")))
    assert chunk.publisher == "Køge Kommune"
    assert set(content_stems("Køge Kommune")) <= document_scope(chunk)  # names this document


@pytest.mark.unit
def test_a_chunk_without_publisher_is_named_by_title_file_and_kind_only() -> None:
    chunk = Chunk(id="x", source="notat.txt", title="Notat om bostøtte", page=1, section=None, start=0, end=4, text="Tekst")
    koege = set(content_stems("Køge Kommune"))
    assert not koege & document_scope(chunk)
    with_publisher = Chunk(**{**chunk.__dict__, "id": "y", "publisher": "Køge Kommune"})
    assert koege <= document_scope(with_publisher)


@pytest.mark.unit
def test_a_rule_citation_label_names_publisher_and_year() -> None:
    from assistant.rules.model import RuleCitation

    rc = RuleCitation(source="001.txt", page=9, quote="medarbejderen bør maksimalt have 10 borgere ad gangen")
    label = rule_citation_label("Udbredelse af Housing First", rc, "da", origin=("Socialstyrelsen", 2019))
    assert label == escape_md(
        "Udbredelse af Housing First — Socialstyrelsen, 2019, s. 9 — »medarbejderen bør maksimalt have 10 borgere ad gangen«"
    )
    assert rule_citation_label("Udbredelse af Housing First", rc, "da") == escape_md(
        "Udbredelse af Housing First — s. 9 — »medarbejderen bør maksimalt have 10 borgere ad gangen«"
    )
