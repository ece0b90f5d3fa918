"""A rule's limit beside a dropped-in document that states another limit for the same thing
(issue 14: figures that disagree are shown with both sources), when the question names no document."""

from __future__ import annotations

import pytest

from assistant.assistant import _local_other_limit, _named_local_passage
from assistant.compose.extractive import compose_extractive
from assistant.evidence import Evidence, Sentence
from assistant.rules.numbers import stated_figures
from assistant.types import Chunk, RuleCitation, Verdict

pytestmark = pytest.mark.unit


def _ev(text: str, kind: str, coverage: float, source: str = "fjordby.docx") -> Evidence:
    chunk = Chunk(id=f"{source}#{text[:8]}", source=source, title="Retningslinje", page=None, section=None,
                  start=0, end=len(text), text=text, kind=kind)
    return Evidence(Sentence(chunk, 0, len(text), text, 0), 1.0, coverage)


MANUAL = _ev("medarbejderen bør maksimalt have 10 borgere ad gangen for at kunne varetage opgaven.", "manual", 0.9,
             "001.txt")
CTI_RULE = Verdict(rule="caseload.cti", explanation="En CTI-medarbejder må højst have 10 borgere ad gangen.",
                   citations=(RuleCitation("001.txt", 9, "medarbejderen bør maksimalt have 10 borgere ad gangen"),),
                   method="CTI", limit=10)


def test_a_local_document_with_another_limit_for_the_method_is_shown() -> None:
    local = _ev("Lokalt i Fjordby Kommune må en CTI-medarbejder højst have 8 borgere ad gangen.", "document", 0.8)
    assert _local_other_limit([MANUAL, local], [CTI_RULE]) == [local]


@pytest.mark.parametrize(
    "text,coverage",
    [
        ("Lokalt i Fjordby Kommune må en CTI-medarbejder højst have 10 borgere ad gangen.", 0.8),  # the same limit
        ("En bostøttemedarbejder må højst have 12 borgere ad gangen.", 0.8),  # § 85 support in general, not CTI
        ("I Fjordby har CTI-teamet 8 medarbejdere.", 0.8),  # a figure, but no limit stated
        ("Lokalt må en CTI-medarbejder højst have 8 borgere.", 0.3),  # answers the question much less well
        # a limit of something else than the rule counts (months, not people)
        ("Ventelisten til CTI var op til fire måneder.", 0.8),
    ],
)
def test_no_local_passage_when_it_states_no_other_limit_for_the_same_thing(text: str, coverage: float) -> None:
    assert _local_other_limit([MANUAL, _ev(text, "document", coverage)], [CTI_RULE]) == []


def test_numbers_in_words_are_figures_and_articles_are_not() -> None:
    assert stated_figures("I Strandvig holdes der mindst fire netværksmøder om året for en ung.") == {4.0}
    assert stated_figures("højst 8 borgere ad gangen, 2,5 timer") == {8.0, 2.5}


def test_the_answer_says_a_local_document_gives_another_figure() -> None:
    local = _ev("Lokalt i Fjordby Kommune må en CTI-medarbejder højst have 8 borgere ad gangen.", "document", 0.8)
    composed = compose_extractive(
        lang="da", hits=[], selected=[], verdicts=[CTI_RULE], abstain=False,
        resolve=lambda rc: (MANUAL.sentence.chunk, 0, len(MANUAL.sentence.text)),
        headline=lambda v, lang: "Caseload: en CTI-medarbejder må højst have 10 borgere ad gangen.",
        local=[local], local_named=False,
    )
    paragraphs = composed.text.split("\n\n")
    assert "Et lokalt dokument i korpus angiver et andet tal end manualerne – se begge:" in paragraphs
    assert paragraphs[-1] == (
        "«Retningslinje»: Lokalt i Fjordby Kommune må en CTI-medarbejder højst have 8 borgere ad gangen. [2]"
    )


MEETINGS_RULE = Verdict(rule="meetings.samarbejdsmodellen", explanation="Mindst 3 netværksmøder om året.",
                        citations=(RuleCitation("003.txt", 10, "minimum tre møder om året"),),
                        method="SAMARBEJDSMODELLEN", limit=3)


@pytest.mark.parametrize(
    "verdict,other,right",
    [
        (CTI_RULE, "CTI-forløb i gennemsnit 9,6 måneder.", "For det første har Kvistrup fastsat en lokal norm på maks. 12 "
         "borgere pr. CTI-medarbejder."),
        (MEETINGS_RULE, "Det første netværksmøde holdes i gennemsnit 19 dage efter henvisningen.",
         "I Fjordholm har vi besluttet, at der skal holdes mindst fire netværksmøder om året for hver ung."),
    ],
)
def test_a_named_document_shows_its_other_limit_for_the_same_thing_first(verdict, other, right) -> None:
    """The question names the document ("kvistrup har vist en anden caseload …"): of its
    sentences with a figure, the one that states another limit for what the rule counts comes
    first, though a sentence with another figure scores better."""
    from assistant.evidence import Term

    first = _ev(other, "document", 0.9, "kvistrup.pdf")
    second = _ev(right, "document", 0.7, "kvistrup.pdf")
    name = Term("kvistrup", frozenset({"kvistrup"}), (), 9.0)
    assert _named_local_passage([first, second], [name], [verdict]) == [second]
    assert _named_local_passage([first, second], [name], []) == [first]
