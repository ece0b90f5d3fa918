"""Cleaning, page and section detection, fitted to the five shipped texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from shipped_docs import D001, D002, D003, _raws, _vocab, page_of, shipped

from ingest.clean import Vocabulary, is_clutter_line, join_hyphenation, normalize_raw
from ingest.loaders import RawDocument
from ingest.structure import DocMeta, build_document, detect_sections, split_pages, strip_page_furniture

pytestmark = pytest.mark.unit

# ---------------------------------------------------------------- hyphenation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en gennemgående fi- gur", "en gennemgående figur"),
        ("en tids- begrænset periode", "en tidsbegrænset periode"),
        ("ledere og beslut- ningstagere, der", "ledere og beslutningstagere, der"),
        ("implementerings- og forankringsprojektet", "implementerings- og forankringsprojektet"),
        ("social- eller sundhedsfaglig", "social- eller sundhedsfaglig"),
        ("Børn- og Ungeforvaltningen", "Børn- og Ungeforvaltningen"),
        ("ACT- metoden er", "ACT-metoden er"),
        ("Housing First- tilgangen", "Housing First-tilgangen"),
        ("støtte ind- til behovet", "støtte indtil behovet"),
        ("ukendt ordstykke af-\nslut", "ukendt ordstykke afslut"),
    ],
)
def test_hyphen_join_on_shipped_vocabulary(text: str, expected: str) -> None:
    assert join_hyphenation(text, _vocab()) == expected


def test_hyphen_join_needs_evidence_mid_line() -> None:
    vocab = Vocabulary.from_texts(["bolig og anvisning er to ord"])
    # Both halves are words of their own and the joined form is unknown: leave it.
    assert join_hyphenation("bolig- anvisning", vocab) == "bolig- anvisning"
    vocab2 = Vocabulary.from_texts(["bolig anvisning boliganvisning"])
    assert join_hyphenation("bolig- anvisning", vocab2) == "boliganvisning"


def test_shipped_001_hyphen_joins() -> None:
    text = shipped(D001).text
    assert "har en bostøttemedarbejder som gennemgående figur, og som er afgrænset til ni måneder" in text
    assert "fagpersoner, udviklingskonsulenter, kommunale ledere og beslutningstagere, der arbejder" in text
    assert "ICM er en længerevarende indsats, som hverken er faseopdelt eller tidsbegrænset." in text
    assert "fi- gur" not in text and "beslut- ningstagere" not in text


def test_shipped_000_keeps_suspended_compound() -> None:
    raw = next(r for r in _raws() if r.source.startswith("000_"))
    doc = build_document(raw, _vocab(), DocMeta(source=raw.source, title="t"))
    assert "deltager i det såkaldte implementerings- og forankringsprojekt, 11 af de 26" in doc.text


# ---------------------------------------------------------------- clutter


@pytest.mark.parametrize(
    "line",
    ["Copied!", "Hent", "N/A", "Indlæser.... (se fuldtekst nu)", "Læs mere", "Transkript",
     "Størrelse: px", "Starte visningen fra side:", 'Download "Udbredelse af Hjemløsestrategien"',
     "Vi bruger cookies på siden", "© Rambøll Management Consulting A/S", "1 2 3 4 5 6 7 8", "#2",
     "Læs om Socialstyrelsens arbejde med hjemløshed"],
)  # fmt: skip
def test_clutter_lines(line: str) -> None:
    assert is_clutter_line(line)


@pytest.mark.parametrize(
    "line",
    ["Udbud af boliger", "CTI – Critical Time Intervention", "Sidst opdateret 12/05 2015",
     "Læs mere om CTI-metoden i manualen, som beskriver de tre faser."],
)  # fmt: skip
def test_content_lines_are_kept(line: str) -> None:
    assert not is_clutter_line(line)


def test_normalize_raw() -> None:
    assert normalize_raw("a\u00adb  c\u00a0d \r\ne\t f ") == "ab c d\ne f"


# ---------------------------------------------------------------- pages


def test_001_pages_from_markers_and_header_dropped() -> None:
    doc = shipped(D001)
    assert [p.page for p in doc.pages] == list(range(1, 17))
    assert doc.text.startswith("UDBREDELSE AF HOUSING FIRST\n\nBESKRIVELSE AF INDSATSEN")
    for junk in ("Ingen resultater fundet", "Copied!", "Academic year", "Indlæser", "(1)", "(10)"):
        assert junk not in doc.text


def test_001_cti_three_phases_on_page_10() -> None:
    doc = shipped(D001)
    assert page_of(doc, "CTI-FORLØBETS TRE FASER") == 10
    assert page_of(doc, "klar tidsmæssig opdeling i tre faser á tre måneders varighed") == 10
    assert page_of(doc, "Critical Time Intervention (CTI) er et intensivt forløb") == 9
    assert page_of(doc, "almenboliglovens § 59. Det fremgår her") == 6


def test_001_related_documents_dropped() -> None:
    doc = shipped(D001)
    assert doc.text.endswith("Søg efter den ønskede publikation via ovenstående titler.")
    assert "RELATEREDE DOKUMENTER" not in doc.text and "Referencer" not in doc.text


def test_002_slide_pages() -> None:
    doc = shipped(D002)
    assert [p.page for p in doc.pages] == list(range(1, 17))
    assert doc.text.startswith("Udbredelse af Hjemløsestrategien Opstartsseminar den 13. november 2014")
    assert page_of(doc, "24 startboliger indvies 28. november 2014") == 4
    # The printed slide number at the end of a slide is removed.
    assert "Boligbyggeplan 4" not in doc.text
    assert "Transkript" not in doc.text and "Størrelse" not in doc.text


def test_003_pages_and_teaser_tail_dropped() -> None:
    doc = shipped(D003)
    pages = [p.page for p in doc.pages]
    assert pages == [p for p in range(1, 29) if p not in (8, 13)]  # 8 and 13 are empty pages
    assert page_of(doc, "minimum tre møder om året") == 10
    assert page_of(doc, "DEL 4: IMPLEMENTERING AF INDSATSEN Implementering af indsatsen") == 16
    assert doc.text.endswith("Socialstyrelsen Edisonsvej Odense C Tlf.: April 2018")
    assert "Læs mere" not in doc.text.split("\n")
    assert "Blå Kors medarbejderkonference" not in doc.text
    assert "STRATEGI FOR DEN INKLUDERENDE BY OG HOUSING FIRST" not in doc.text
    assert doc.low_value_from is None


def test_003_teaser_tail_can_be_kept_as_low_value() -> None:
    doc = shipped(D003, teaser_tail="low_value")
    assert doc.low_value_from is not None
    assert doc.text[: doc.low_value_from].rstrip().endswith("Tlf.: April 2018")
    assert "Blå Kors medarbejderkonference" in doc.text[doc.low_value_from :]
    assert "Læs mere" not in doc.text.split("\n")


def test_page_spans_cover_their_text() -> None:
    for raw in _raws():
        doc = shipped(raw.source)
        for span in doc.pages:
            assert 0 <= span.start < span.end <= len(doc.text)
        starts = [p.start for p in doc.pages]
        assert starts == sorted(starts)


# ---------------------------------------------------------------- sections


def test_001_sections() -> None:
    doc = shipped(D001)
    titles = [s.title for s in doc.sections]
    for t in ("SPECIALISERET STØTTE", "KENDETEGN: CTI-METODEN", "Fase 1: OVERGANG TIL EGEN BOLIG",
              "CTI-FORLØBETS TRE FASER", "LOVGIVNING: Fjerdedels-reglen", "Udbud af boliger"):  # fmt: skip
        assert t in titles
    # Table-of-contents lines and fact-box items are not headings.
    assert "Specialiseret støtte 8" not in titles
    assert "Tidsbegrænset og faseopdelt" not in titles
    cti = doc.text.index("Den anden fase indledes efter cirka tre måneder")
    assert doc.section_at(cti) == "Fase 2: AFPRØVNING"


@pytest.mark.parametrize(
    "sentence,section",
    [
        # after the figure "CTI-FORLØBETS TRE FASER" (over the labels 1 2 3) the main text goes on
        ("ICM er en længerevarende indsats", "SPECIALISERET STØTTE"),
        ("Intensive Case Management (ICM) er en intensiv", "SPECIALISERET STØTTE"),
        # after the box "KENDETEGN: ICM-METODEN" too
        ("For ACT-metoden er det anbefalede caseload", "SPECIALISERET STØTTE"),
        ("Særligt målrettet borgere, som i nogen grad", "KENDETEGN: ICM-METODEN"),
        # the box "KENDETEGN: CTI-METODEN" ends with its page
        ("Medarbejderen koordinerer det samlede forløb", "SPECIALISERET STØTTE"),
        # the box "TILGANG: Målgruppedifferentiering" ends after the list it introduces ("skal kommunen:")
        ("Udgangspunktet i CTI-metoden er", "SPECIALISERET STØTTE"),
        # a box in the chapter ends with its page; the chapter goes on
        ("Kommunalbestyrelsen beslutter, om kommunen skal anvende", "ETABLERING AF BOLIGLØSNING"),
        ("Den fjerde forudsætning er", "GODE RÅD TIL IMPLEMENTERING"),
        ("Flere af de otte principper sætter borgerne i centrum", "DEN METODISKE TILGANG"),
    ],
)
def test_001_sentences_stand_under_the_heading_above_them_in_reading_order(sentence: str, section: str) -> None:
    doc = shipped(D001)
    assert doc.text.count(sentence) == 1, sentence
    assert doc.section_at(doc.text.index(sentence)) == section


def test_000_the_icm_target_group_stands_under_icm() -> None:
    doc = shipped("000_b7118d7c53b07453.txt")
    at = doc.text.index("Målgruppe: Socialt udsatte med behov for længerevarende social støtte")
    assert doc.section_at(at) == "ICM – Intensive Case Management"
    assert "Tovholder og socialpædagogisk støtte, langvarigt forløb" not in [s.title for s in doc.sections]


def test_003_inline_sections() -> None:
    doc = shipped(D003)
    titles = [s.title for s in doc.sections]
    assert titles.count("DEL 4: IMPLEMENTERING AF INDSATSEN") == 1  # the running page header is not repeated
    assert "Trin 1: Opsporing og henvisning" in titles
    assert "TRIN 3: Fokuser systematisk på at skaffe billige boliger til de unge i målgruppen" in titles
    # The figure on page 11 lists the steps out of order: no headings from it.
    assert [(doc.page_at(s.start), s.title) for s in doc.sections if s.title.startswith("Trin ")][:3] == [
        (12, "Trin 1: Opsporing og henvisning"),
        (12, "Trin 2: Udredning og visitation"),
        (12, "Trin 3: Opstart i Samarbejdsmodellen"),
    ]
    at = doc.text.index("minimum tre møder om året")
    assert doc.section_at(at) == "DEL 2: INDSATSENS METODER"


def test_known_headings_from_the_format() -> None:
    text = "Indledning\nførste linje fortsætter her.\n\nSlut."
    assert [s.title for s in detect_sections(text, frozenset({"Indledning"}))] == ["Indledning"]


# ---------------------------------------------------------------- PDF page furniture


def _pdf_raw(pages: list[str]) -> RawDocument:
    return RawDocument(path=Path("r.pdf"), text="\n\n".join(pages), content_hash="0", pages=tuple(pages))


def test_running_header_footer_and_page_numbers_are_dropped_from_pdf_pages() -> None:
    head = "Aarhus Kommune · Retningslinje for bostøtte\n"
    pages = [
        head + "1. Formål\nBorgere, der alene har\nbehov for praktisk hjælp, henvises til\nSide 1 af 3",
        head + "hjemmeplejen efter servicelovens § 83.\n2. Visitation\nVisitationen sker inden 14 dage.\nSide 2 af 3",
        head + "3. Klageadgang\nKlagefristen er fire uger.\nSide 3 af 3",
    ]
    split = split_pages(_pdf_raw(pages))
    assert [p.lines for p in split.pages] == [
        ("1. Formål", "Borgere, der alene har", "behov for praktisk hjælp, henvises til"),
        ("hjemmeplejen efter servicelovens § 83.", "2. Visitation", "Visitationen sker inden 14 dage."),
        ("3. Klageadgang", "Klagefristen er fire uger."),
    ]
    doc = build_document(_pdf_raw(pages), Vocabulary.from_texts(pages), DocMeta(source="r.pdf", title="R"))
    assert "Aarhus Kommune" not in doc.text and "Side" not in doc.text
    assert [(s.title, doc.page_at(s.start)) for s in doc.sections] == [
        ("1. Formål", 1),
        ("2. Visitation", 2),
        ("3. Klageadgang", 3),
    ]


@pytest.mark.parametrize("number", ["7", "- 7 -", "(7)", "Side 7", "side 7 af 12", "Page 7 of 12", "7/12"])
def test_bare_page_numbers_at_a_page_edge_go_even_on_one_page(number: str) -> None:
    assert strip_page_furniture([["Tekst om boliger.", number]]) == [["Tekst om boliger."]]


def test_furniture_needs_half_the_pages_and_the_page_edge() -> None:
    pages = [
        ["Tjekliste", "a.", "b.", "c.", "d.", "e.", "f.", "g."],
        ["Indhold her.", "h.", "i.", "j.", "k.", "l.", "m.", "n."],
        ["Mere indhold.", "o.", "p.", "Tjekliste", "q.", "r.", "s.", "t."],
        ["Sidste side.", "u.", "v.", "w.", "x.", "y.", "z.", "æ."],
    ]
    # "Tjekliste" tops one page of four and stands mid-page on another: content, not furniture.
    assert strip_page_furniture(pages) == pages
    # Nor is a number line in the middle of a page a page number.
    assert strip_page_furniture([["A.", "B.", "C.", "12", "D.", "E.", "F.", "G."]]) == [
        ["A.", "B.", "C.", "12", "D.", "E.", "F.", "G."]
    ]


@pytest.mark.parametrize(
    "text,titles",
    [
        ("3. Visitation\nVisitationen skal ske senest 14 dage efter henvendelsen.", ["3. Visitation"]),
        ("2.1 Målgruppe\nMålgruppen er borgere over 18 år i hjemløshed.", ["2.1 Målgruppe"]),
        # a list item: introduced by a colon, or followed by the next number at the same level
        ("Metoderne støtter borgere i:\n\n1. Etablering i egen bolig\n\nTekst om det.", []),
        ("1. Udbud af boliger\n2. Hurtig adgang til støtte\nTekst om det.", []),
        ("1. Borgeren skal have en bolig.\nTekst om det.", []),
        ("1. Etablering i egen bolig 2. Fastholdelse af egen bolig\n\n3. Udvikling.", []),
        # a table of contents
        ("Indhold\n1. Formål ........ 3\n1.1 Baggrund 3\n2. Målgruppe ........ 4\nTekst.", []),
    ],
)
def test_numbered_headings(text: str, titles: list[str]) -> None:
    assert [s.title for s in detect_sections(text)] == titles


def test_a_table_of_contents_is_not_document_text() -> None:
    pages = [
        "Vejledning om ungeindsatsen\nOdense Kommune",
        "Indhold\n1. Indledning ........ 3\n2. Målgruppe ........ 3\n3.1 CTI for unge …… 4",
        "1. Indledning\nVejledningen beskriver indsatsen. Se afsnit 2 ..... om målgruppen.",
    ]
    doc = build_document(_pdf_raw(pages), Vocabulary.from_texts(pages), DocMeta(source="r.pdf", title="R"))
    assert "Indhold" not in doc.text and "........ 3" not in doc.text
    assert "Se afsnit 2 ..... om målgruppen." in doc.text  # a single line with dots is text
    assert [s.title for s in doc.sections] == ["1. Indledning"]
