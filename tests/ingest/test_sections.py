"""Sections in reading order: boxes, figure captions, list items and lead lines (issue 14, item 8).

The fixture is laid out as text extraction leaves a brochure in columns (as 001 is): a labelled
box and a figure sit between paragraphs of the main text, a figure's title comes after its
parts, and a box's paragraph runs over a page break.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.store import document_from_dict, document_to_dict
from assistant.types import SectionSpan, SourceDocument
from ingest.clean import Vocabulary
from ingest.loaders import RawDocument
from ingest.sections import detect_sections, figure_captions
from ingest.structure import DocMeta, build_document

pytestmark = pytest.mark.unit

BROCHURE = """(1)

STØTTEMETODER

Indledende tekst om metoderne, som beskriver hvordan kommunen tilrettelægger støtten for borgerne i egen bolig.

TILGANG: Målgrupper

Støtten vælges ud fra borgerens behov og forudsætninger. For at tilrettelægge støtten skal kommunen:

Udvikle en vifte af tilbud til borgerne

Skabe en fælles forståelse af målgruppen i kommunen, evt. ud fra en beskrivelse af borgerne i hjemløshed

Opspore borgerne systematisk

Tilrettelægge indsatsen med kapacitet.

CTI er et forløb på ni måneder, hvor en gennemgående medarbejder støtter borgeren i overgangen til egen bolig.

Fase 1: OVERGANG

Den første fase handler om at flytte ind i egen bolig og planlægge støtten sammen med borgeren i kommunen.

Fase 2: AFPRØVNING

Den anden fase handler om at afprøve støtten i praksis, mens netværket overtager dele af opgaven for borgeren.

FORLØBETS TO FASER

1

2

ICM er en længerevarende indsats uden tidsbegrænsning, som borgeren modtager, så længe behovet er der.

KENDETEGN: ICM-METODEN

En gennemgående støtteperson

Uden tidsbegrænsning

Bostøtte i egen bolig.

ACT er den mest intensive indsats, og det anbefalede caseload er højst otte borgere pr. medarbejder i teamet.

PRAKSISERFARING: Et team i kommunen

Et team har samlet erfaringer med metoden og fortæller, at det styrker det socialfaglige arbejde med borgerne i

(2)

egen bolig, fordi alle kender planen og ved, hvem der gør hvad.

Hovedteksten fortsætter om implementering, som kræver ledelsesmæssig opbakning og et tværfagligt samarbejde.

GODE RÅD

Kommuner kan med fordel:

1. samle medarbejderne i et team 2. følge metoden.

Ledelsen skal følge indsatsen tæt, så medarbejderne har tid til borgerne og til at dokumentere forløbet.

GODE RÅD

Brug erfaringerne fra andre kommuner.
"""


def _brochure() -> SourceDocument:
    raw = RawDocument(path=Path("pjece.txt"), text=BROCHURE, content_hash="0")
    return build_document(raw, Vocabulary.from_texts([BROCHURE]), DocMeta(source="pjece.txt", title="Pjece"))


@pytest.mark.parametrize(
    "sentence,section",
    [
        ("Indledende tekst om metoderne", "STØTTEMETODER"),
        ("Støtten vælges ud fra borgerens behov", "TILGANG: Målgrupper"),
        # the box introduced a list ("skal kommunen:"); it ends at the first body text after it
        ("CTI er et forløb på ni måneder", "STØTTEMETODER"),
        ("Den første fase handler", "Fase 1: OVERGANG"),
        ("Den anden fase handler", "Fase 2: AFPRØVNING"),
        # the figure's caption (over the labels 1 2) heads the figure, not the text after it
        ("ICM er en længerevarende indsats", "STØTTEMETODER"),
        ("Uden tidsbegrænsning", "KENDETEGN: ICM-METODEN"),
        ("Bostøtte i egen bolig.", "KENDETEGN: ICM-METODEN"),
        # after the box's list the main text goes on under the chapter, not under the box
        ("ACT er den mest intensive indsats", "STØTTEMETODER"),
        ("Et team har samlet erfaringer", "PRAKSISERFARING: Et team i kommunen"),
        # the box's sentence runs over the page break and stays in the box ...
        ("egen bolig, fordi alle kender planen", "PRAKSISERFARING: Et team i kommunen"),
        # ... and the box ends with its page: the main text goes on under the chapter
        ("Hovedteksten fortsætter om implementering", "STØTTEMETODER"),
        # a heading that recurs ("GODE RÅD" twice) is a box type, not a chapter
        ("Kommuner kan med fordel", "GODE RÅD"),
        ("1. samle medarbejderne", "GODE RÅD"),
        ("Ledelsen skal følge indsatsen tæt", "STØTTEMETODER"),
        ("Brug erfaringerne fra andre kommuner.", "GODE RÅD"),
    ],
)
def test_each_sentence_stands_under_the_heading_above_it_in_reading_order(sentence: str, section: str) -> None:
    doc = _brochure()
    assert doc.text.count(sentence) == 1, sentence
    assert doc.section_at(doc.text.index(sentence)) == section


def test_the_brochure_headings_and_their_reach() -> None:
    doc = _brochure()
    text = doc.text
    assert [(s.title, s.end is None) for s in doc.sections] == [
        ("STØTTEMETODER", True),
        ("TILGANG: Målgrupper", False),
        ("Udvikle en vifte af tilbud til borgerne", False),  # a list item that looks like a heading ...
        ("Fase 1: OVERGANG", False),
        ("Fase 2: AFPRØVNING", False),
        ("FORLØBETS TO FASER", False),
        ("KENDETEGN: ICM-METODEN", False),
        ("PRAKSISERFARING: Et team i kommunen", False),
        ("GODE RÅD", False),
        ("GODE RÅD", False),
    ]
    tilgang, item, fase1, fase2, caption, box, story, råd, _ = doc.sections[1:]
    assert tilgang.end == item.end and text[tilgang.end :].startswith("CTI er et forløb")  # ... ends with its box
    assert fase1.end == fase2.start and fase2.end == caption.start  # the caption ends the figure's parts
    assert text[caption.start : caption.end] == "FORLØBETS TO FASER"
    assert text[box.end :].startswith("ACT er den mest intensive indsats")
    assert text[story.end - len("hvem der gør hvad.") : story.end] == "hvem der gør hvad."
    assert text[råd.end :].startswith("Ledelsen skal følge")
    # the heading printed last before a sentence, whatever its reach (the scorer's heading)
    assert doc.heading_before(text.index("ICM er en længerevarende")).title == "FORLØBETS TO FASER"


def test_a_heading_over_a_one_line_lead() -> None:
    text = (
        "Kommunerne kan anvende tre metoder, som er beskrevet i manualerne fra Socialstyrelsen her:\n\n"
        "ACT – Assertive Community Treatment\n\n"
        "Tværfagligt udgående indsatsteam med socialpædagogisk støtte, psykiater, misbrugsbehandler, "
        "sygeplejerske, socialrådgiver og jobcentermedarbejder.\n\n"
        "Målgruppe: Borgere med komplekse støttebehov, der har vanskeligt ved at benytte det almindelige system\n\n"
        "ICM – Intensive Case Management\n\n"
        "Tovholder og socialpædagogisk støtte, langvarigt forløb\n\n"
        "Målgruppe: Borgere med behov for længerevarende social støtte, som kan benytte det almindelige system\n\n"
        "CTI – Critical Time Intervention\n\n"
        "Tidsbegrænset periode på ni måneder i en kritisk overgang fra herberg til egen bolig."
    )
    doc = SourceDocument(source="m.txt", title="M", text=text, content_hash="0", sections=detect_sections(text))
    assert [s.title for s in doc.sections] == [
        "ACT – Assertive Community Treatment",
        "ICM – Intensive Case Management",  # the title over its one-line lead ...
        "CTI – Critical Time Intervention",  # ... and the lead is no heading of its own
    ]
    assert doc.section_at(text.index("Målgruppe: Borgere med behov")) == "ICM – Intensive Case Management"


def test_the_short_line_over_a_documents_title_is_not_the_title() -> None:
    text = (
        "Hjemløsestrategien\n\nHvad er hjemløsestrategien?\n\n"
        "Hjemløsestrategien er et puljefinansieret program, som løber fra 2009 til 2012 i otte kommuner."
    )
    assert [s.title for s in detect_sections(text)] == ["Hvad er hjemløsestrategien?"]


def test_figure_captions_need_two_labels_right_after() -> None:
    lines = ["TRE FASER", "", "1", "", "2", "", "Tekst.", "GODE RÅD", "#1", "Tekst.", "MÅL", "3", "Tekst."]
    assert figure_captions(lines) == frozenset({"TRE FASER"})
    assert figure_captions(["PRINCIPPER", "1 2 3 4 5 6 7 8", "Tekst."]) == frozenset({"PRINCIPPER"})


def test_format_headings_are_chapters_even_when_they_look_like_a_box() -> None:
    text = "FORMÅL: Bostøtte\n\nTekst om formålet.\n\nEn ny side med mere tekst om bostøtten."
    (span,) = detect_sections(text, known=frozenset({"FORMÅL: Bostøtte"}), page_starts=(38,))
    assert span == SectionSpan("FORMÅL: Bostøtte", 0, None)


def test_the_reach_survives_the_index_round_trip() -> None:
    doc = _brochure()
    back = document_from_dict(document_to_dict(doc))
    assert back.sections == doc.sections
    # documents written before the reach was kept (two fields) still load
    old = document_to_dict(doc) | {"sections": [["STØTTEMETODER", 0]]}
    assert document_from_dict(old).sections == (SectionSpan("STØTTEMETODER", 0),)
