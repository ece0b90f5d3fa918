"""PowerPoint (.pptx) slide decks: each slide a page, its title a heading, bullets, tables,
charts and speaker notes kept; a damaged file is a Danish LoaderError (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import LoaderError
from assistant.settings import Settings
from assistant.store import CorpusIndex
from ingest.loaders import PptxLoader, load_document, loader_for
from ingest.pipeline import ingest

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.yaml"


def write_pptx(path: Path, *, picture_slide: bool = False) -> Path:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    deck = Presentation()
    deck.core_properties.title = "ICM i Hedeby – første år"
    title_only, title_body, blank = deck.slide_layouts[5], deck.slide_layouts[1], deck.slide_layouts[6]

    s = deck.slides.add_slide(title_body)
    s.shapes.title.text = "Status efter første år"
    body = s.placeholders[1].text_frame
    body.text = "32 borgere har fået ICM-støtte"
    body.add_paragraph().text = "27 har bevaret deres bolig"
    body.add_paragraph().text = "Hver medarbejder har højst 7 borgere"
    s.notes_slide.notes_text_frame.text = "Tallene er opgjort 1. marts 2024."

    s = deck.slides.add_slide(title_only)
    s.shapes.title.text = "Timer pr. støtteniveau"
    rows = [("Niveau", "Timer om ugen"), ("Intensiv", "8"), ("Let", "2")]
    table = s.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text

    s = deck.slides.add_slide(title_only)
    s.shapes.title.text = "Bolig bevaret"
    data = CategoryChartData()
    data.categories = ["2022", "2023"]
    data.add_series("Andel i egen bolig (%)", (78, 84.5))
    s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), data)

    if picture_slide:
        from PIL import Image

        png = path.with_suffix(".png")
        Image.new("RGB", (20, 20), "white").save(png)
        s = deck.slides.add_slide(blank)
        s.shapes.add_picture(str(png), Inches(1), Inches(1))
    deck.save(str(path))
    return path


@pytest.mark.unit
def test_pptx_is_registered_like_the_other_formats() -> None:
    assert isinstance(loader_for(Path("oplæg.PPTX")), PptxLoader)


@pytest.mark.unit
def test_pptx_slides_are_pages_with_titles_bullets_tables_charts_and_notes(tmp_path: Path) -> None:
    raw = load_document(write_pptx(tmp_path / "icm.pptx"))
    assert raw.title == "ICM i Hedeby – første år"
    assert raw.headings == frozenset({"Status efter første år", "Timer pr. støtteniveau", "Bolig bevaret"})
    assert raw.pages == (
        "Status efter første år\n\n"
        "• 32 borgere har fået ICM-støtte\n• 27 har bevaret deres bolig\n• Hver medarbejder har højst 7 borgere\n\n"
        "Tallene er opgjort 1. marts 2024.",
        "Timer pr. støtteniveau\n\nNiveau: Intensiv; Timer om ugen: 8\nNiveau: Let; Timer om ugen: 2",
        "Bolig bevaret\n\n2022; Andel i egen bolig (%): 78\n2023; Andel i egen bolig (%): 84,5",
    )
    assert raw.text == "\n\n".join(raw.pages)
    assert raw.warnings == ()


@pytest.mark.unit
def test_pptx_picture_only_slide_is_reported_by_number(tmp_path: Path) -> None:
    raw = load_document(write_pptx(tmp_path / "icm.pptx", picture_slide=True))
    assert raw.pages is not None and len(raw.pages) == 4 and raw.pages[3] == ""
    assert raw.warnings == (
        "1 billede i dokumentet er ikke læst (tekst i billeder kommer ikke med)",
        "dias 4 har ingen tekst (kun billeder?) og er ikke indlæst",
    )


@pytest.mark.unit
@pytest.mark.parametrize("content", [b"PK\x03\x04", b"ikke et dokument " * 20, "half"])
def test_damaged_pptx_is_a_danish_loader_error(tmp_path: Path, content: object) -> None:
    if content == "half":
        good = write_pptx(tmp_path / "hel.pptx")
        content = good.read_bytes()[: good.stat().st_size // 2]
    assert isinstance(content, bytes)
    p = tmp_path / "oplæg.pptx"
    p.write_bytes(content)
    with pytest.raises(LoaderError) as err:
        load_document(p)
    assert str(err.value) == (
        "PowerPoint-filen er beskadiget eller ikke en rigtig .pptx-fil og kan ikke læses "
        "(gem den igen fra PowerPoint som .pptx, eller som PDF)"
    )


@pytest.mark.integration
def test_run_indexes_a_slide_deck_with_slide_numbers_as_pages(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    write_pptx(corpus / "icm_hedeby.pptx")
    s = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash")
    r = ingest(s, progress=False, log=lambda _line: None)
    assert r.added == ("icm_hedeby.pptx",)
    index = CorpusIndex.open(s)
    assert index.documents()["icm_hedeby.pptx"]["title"] == "ICM i Hedeby – første år"
    doc = index.document("icm_hedeby.pptx")
    at = doc.text.index("Niveau: Intensiv; Timer om ugen: 8")
    assert (doc.page_at(at), doc.section_at(at)) == (2, "Timer pr. støtteniveau")
    chart = doc.text.index("2023; Andel i egen bolig (%): 84,5")
    assert (doc.page_at(chart), doc.section_at(chart)) == (3, "Bolig bevaret")
    assert any("Niveau: Intensiv; Timer om ugen: 8" in c.text for c in index.chunks())
