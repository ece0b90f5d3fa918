"""A too-long question: what is kept, and the notice that says so (da/en)."""

from __future__ import annotations

import pytest

from assistant.compose.extractive import truncation_notice
from assistant.query import Truncation, clean_question, cut_question, prepare

pytestmark = pytest.mark.unit


def test_a_question_at_the_limit_is_kept_whole() -> None:
    text = ("ord " * 2000)[:7990] + " Hvad nu?"
    assert len(text) == 7999
    assert cut_question(text, 8000) == (text, None)
    assert prepare(text, max_chars=8000).truncation is None


def test_a_long_note_keeps_its_beginning_and_closing_question() -> None:
    note = "Baggrund: borgeren har boet på herberg i to år. " * 200
    text, how = cut_question(note + "Hvad er fjerdedelsreglen?", 8000)
    assert how == Truncation(length=len(note) + 25, max_chars=8000, kept="start_and_question")
    assert len(text) <= 8000 and text.startswith("Baggrund: ") and text.endswith(" … Hvad er fjerdedelsreglen?")
    assert prepare(note + "Hvad er fjerdedelsreglen?", max_chars=8000).truncation == how
    assert clean_question(note + "Hvad er fjerdedelsreglen?", 8000) == (text, True)


def test_text_without_a_closing_question_keeps_its_beginning() -> None:
    text, how = cut_question("ord " * 3000, 8000)
    assert how == Truncation(length=11999, max_chars=8000, kept="start")
    assert text == ("ord " * 2000).strip()


def test_the_notice_names_the_length_the_limit_and_the_part_read() -> None:
    both = Truncation(9625, 8000, "start_and_question")
    start = Truncation(11999, 8000, "start")
    assert truncation_notice(both, "da") == (
        "Bemærk: Spørgsmålet var for langt (9625 tegn) og er afkortet til 8000 tegn: begyndelsen og det "
        "afsluttende spørgsmål er læst, midten er udeladt."
    )
    assert truncation_notice(start, "da") == (
        "Bemærk: Spørgsmålet var for langt (11999 tegn) og er afkortet til 8000 tegn: kun de første 8000 tegn er læst."
    )
    assert truncation_notice(both, "en") == (
        "Note: the question was too long (9625 characters) and was cut to 8000 characters: the beginning and "
        "the closing question were read, the middle was left out."
    )
    assert truncation_notice(start, "en") == (
        "Note: the question was too long (11999 characters) and was cut to 8000 characters: only the first "
        "8000 characters were read."
    )
