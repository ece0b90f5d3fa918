"""Documents as municipalities write them (issue 14), from the blind documents set LL of stop 27:
a ruled table in a PDF read row by row with its column names; an HTML table's caption apart from
its column names; table rows, a bulleted list that finishes a sentence and a line break after "pr."
as sentences; a dropped-in document's other limit found by what it counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evidence import split_sentences
from ingest.loaders import load_document
from ingest.tables import looks_tabular, row_lines

pytestmark = pytest.mark.unit

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf_with_table(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if DEJAVU.is_file():
        pdf.add_font("DejaVu", "", str(DEJAVU))
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Nøgletal 2021–2023. Tabellen viser antal borgere i forløb i løbet af året.")
    pdf.ln(4)
    rows = [("År", "Borgere i CTI", "Borgere i ICM", "Egen bolig efter 12 mdr."),
            ("2021", "14", "9", "71 %"), ("2022", "22", "13", "76 %"), ("2023", "29", "16", "79 %")]
    from fpdf.fonts import FontFace

    with pdf.table(headings_style=FontFace()) as table:
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Andelen, der har fastholdt egen bolig, er steget hvert år.")
    pdf.output(str(path))
    return path


def test_a_ruled_pdf_table_is_read_row_by_row_with_its_column_names(tmp_path: Path) -> None:
    raw = load_document(_pdf_with_table(tmp_path / "aarsrapport.pdf"))
    assert raw.pages is not None
    lines = raw.pages[0].splitlines()
    assert "År: 2022; Borgere i CTI: 22; Borgere i ICM: 13; Egen bolig efter 12 mdr.: 76 %" in lines
    assert lines.index("År: 2021; Borgere i CTI: 14; Borgere i ICM: 9; Egen bolig efter 12 mdr.: 71 %") < lines.index(
        "Andelen, der har fastholdt egen bolig, er steget hvert år."
    )
    assert raw.pages[0].startswith("Nøgletal 2021–2023.")
    assert raw.warnings == ()


def test_flattened_table_lines_are_told_from_prose() -> None:
    assert looks_tabular("År\nBorgere\n2021 58 14 9 11 142 71 %\n2022 63 22 13 17 121 76 %")
    assert not looks_tabular("I 2022 havde 63 borgere i 14 kommuner en bolig.\nDet er 9 flere end i 2021.")


def test_a_header_row_with_a_number_in_a_column_name_is_still_a_header() -> None:
    rows = [["År", "Hjemløse ved lokal tælling (uge 6)", "Borgere i ICM"], ["2022", "63", "13"]]
    assert row_lines(rows) == ["År: 2022; Hjemløse ved lokal tælling (uge 6): 63; Borgere i ICM: 13"]
    assert row_lines([["Intensiv bostøtte", "8 timer om ugen"], ["Let bostøtte", "2 timer om ugen"]]) == [
        "Intensiv bostøtte: 8 timer om ugen",
        "Let bostøtte: 2 timer om ugen",
    ]


def test_an_html_table_caption_stands_apart_from_the_column_names(tmp_path: Path) -> None:
    page = tmp_path / "ungeindsatsen.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>Ungeindsatsen</title></head><body><main><h1>Ungeindsatsen</h1>"
        "<p>Her kan du læse om de tilbud, kommunen giver unge i hjemløshed, og hvor længe de varer.</p>"
        "<table><caption>Tilbud i Ungeindsatsen</caption><thead><tr><th>Tilbud</th><th>Varighed</th>"
        "<th>Antal unge pr. medarbejder</th></tr></thead><tbody>"
        "<tr><td>Bostøtte efter CTI</td><td>9 måneder</td><td>Højst 10</td></tr>"
        "<tr><td>Bostøtte efter ICM</td><td>Uden fast slutdato</td><td>Højst 8</td></tr></tbody></table>"
        "<p>Kontakt os på telefon, hvis du har spørgsmål til tilbuddene eller til din sag.</p></main></body></html>",
        encoding="utf-8",
    )
    raw = load_document(page)
    assert "\n\nTilbud i Ungeindsatsen\n\n" in raw.text
    assert "Tilbud: Bostøtte efter CTI; Varighed: 9 måneder; Antal unge pr. medarbejder: Højst 10" in raw.text.splitlines()


@pytest.mark.parametrize(
    "text,sentences",
    [
        # table rows as ingest writes them are sentences of their own
        (
            "Tilbud: Bostøtte efter CTI; Hvem er det for?: Unge, der flytter i egen bolig og har brug for støtte; "
            "Varighed: 9 måneder\nTilbud: Bostøtte efter ICM; Hvem er det for?: Unge, der har brug for støtte i længere "
            "tid; Varighed: Uden fast slutdato",
            2,
        ),
        # a bulleted list that finishes a sentence belongs to it
        (
            "Ungeindsatsen er for unge mellem 18 og 29 år med bopæl i Egebæk Kommune, som\n\n• sover hos venner\n"
            "• bor på herberg\n\nDu kan også få hjælp.",
            2,
        ),
        # bullets after a finished sentence stay items of their own
        ("Resultater efter første år.\n\n• 38 borgere visiteret\n• 31 startede", 3),
        # "pr." at a line's end does not end the sentence, whatever the next line starts with
        ("Kvistrup har fastsat en lokal norm på maks. 12 borgere pr.\nCTI-medarbejder. Normen evalueres i 2024.", 2),
    ],
)
def test_sentences_of_tables_lists_and_abbreviations(text: str, sentences: int) -> None:
    assert len(split_sentences(text)) == sentences, [text[a:b] for a, b in split_sentences(text)]


def test_a_table_pdfplumber_cannot_read_is_reported_and_its_text_kept(tmp_path: Path, monkeypatch) -> None:
    import ingest.loaders as loaders

    monkeypatch.setattr(loaders, "pdf_table_pages", lambda data, pages: ({}, list(pages)))
    raw = load_document(_pdf_with_table(tmp_path / "aarsrapport.pdf"))
    assert raw.warnings == (
        "side 1: en tabel kunne ikke læses som tabel; dens tal er indlæst som løbende tekst uden kolonnenavne",
    )
    assert raw.pages is not None and "2022" in raw.pages[0] and "76 %" in raw.pages[0]
