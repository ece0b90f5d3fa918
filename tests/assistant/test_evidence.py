import pytest

from assistant.evidence import (
    TermStats,
    candidate_sentences,
    key_terms,
    scope_names,
    score_sentences,
    select,
    split_sentences,
)
from assistant.types import Chunk, Hit

pytestmark = pytest.mark.unit


def _chunk(i: str, text: str, source: str = "d.txt") -> Chunk:
    return Chunk(id=i, source=source, title="T", page=1, section=None, start=0, end=len(text), text=text)


def test_split_sentences_respects_abbreviations_and_lines():
    text = "Medarbejderen bør bl.a. have max 10 borgere. Det er fx godt!\nOVERSKRIFT\nCTI varer ni måneder."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Medarbejderen bør bl.a. have max 10 borgere.",
        "Det er fx godt!",
        "OVERSKRIFT",
        "CTI varer ni måneder.",
    ]


def test_scoring_prefers_the_sentence_that_states_the_fact():
    a = _chunk("a", "CTI nævnes her. CTI-forløbet er afgrænset til ni måneder og har tre faser.")
    b = _chunk("b", "Fase 2 handler om afprøvning af støtten i praksis.")
    stats = TermStats([a, b])
    hits = [Hit(a, 1.0, 1), Hit(b, 0.5, 2)]
    q = "Hvor lang tid varer et CTI-forløb?"
    terms = key_terms(q, stats)
    scored = score_sentences(q, candidate_sentences(hits), terms)
    assert scored[0].sentence.text == "CTI-forløbet er afgrænset til ni måneder og har tre faser."
    chosen = select(scored, max_sentences=2)
    assert chosen[0].sentence.text.startswith("CTI-forløbet")
    for ev in chosen:
        s = ev.sentence
        assert s.chunk.text[s.start : s.end] == s.text


def test_select_drops_near_duplicates():
    a = _chunk("a", "ICM er en længerevarende indsats uden tidsbegrænsning.")
    b = _chunk("b", "ICM er en længerevarende indsats uden tidsbegrænsning.")
    stats = TermStats([a, b])
    q = "Er ICM tidsbegrænset?"
    scored = score_sentences(q, candidate_sentences([Hit(a, 1, 1), Hit(b, 1, 2)]), key_terms(q, stats))
    assert len(select(scored)) == 1


def test_key_terms_drop_question_words_and_mark_unknown():
    stats = TermStats([_chunk("a", "fjerdedelsreglen giver kommunen anvisningsret")])
    terms = key_terms("Hvad er fjerdedelsreglen i Finland?", stats)
    assert [(t.word, sorted(t.alts), t.unknown) for t in terms] == [
        ("fjerdedelsreglen", ["fjerdedelsregel", "fjerdedelsregl"], False),  # stem and lemma's stem
        ("finland", ["finland"], True),
    ]


def test_compound_parts_cover_a_hyphenated_spelling():
    stats = TermStats([_chunk("a", "den såkaldte fjerdedels-reglen giver kommunen anvisningsret")])
    terms = key_terms("Hvad er fjerdedelsreglen?", stats, splitter=lambda w: ["fjerdedels", "reglen"])
    assert terms[0].parts == ("fjerdedel", "regl")
    assert terms[0].present(frozenset({"fjerdedel", "regl"})) is True
    assert terms[0].unknown is False


def test_english_glossary_maps_to_danish_stems():
    stats = TermStats([_chunk("a", "CTI varer ni måneder")])
    terms = key_terms("How long does CTI last?", stats, glossary={"last": "varer"})
    assert {t.word: t.unknown for t in terms} == {"cti": False, "last": False}


def test_english_title_case_words_are_no_names_but_countries_are():
    """English writes common words capitalised ("the National Board", "Roll-Out"); only a
    capitalised word that is rare in general English is a name (an out-of-scope signal)."""
    stats = TermStats([_chunk("a", "kommunerne i Danmark")])
    terms = key_terms("How did the National Board Roll Out the model in Sweden?", stats, glossary={})
    # everyday English ("national", "board", "out", "model") carries no topic at all; a rarer
    # word is unknown but no name; the country is a name
    assert {t.word: t.name for t in terms if t.unknown} == {"roll": False, "sweden": True}
    assert {t.word for t in terms} == {"roll", "sweden"}


def test_derived_words_count_as_present():
    stats = TermStats([_chunk("a", "Som hjemløse regnes personer uden egen bolig")])
    terms = key_terms("Hvordan defineres hjemløshed?", stats)
    hjem = next(t for t in terms if t.word == "hjemløshed")
    assert hjem.present(frozenset({"hjemløs", "person"})) is True
    assert hjem.present(frozenset({"hjem"})) is False


def test_definition_question_prefers_the_opening_of_the_section_named_by_its_topic():
    head = "LOVGIVNING: Kvartreglen"
    text = f"{head}\n\nKommunen har ret til hver fjerde ledige bolig. Det gælder almene boliger."
    boxed = Chunk(id="box", source="d.txt", title="T", page=6, section=head, start=0, end=len(text), text=text)
    other = _chunk("other", "Kvartreglen gælder som udgangspunkt kun for anvisningen.")
    stats = TermStats([boxed, other])
    hits = [Hit(other, 1.0, 1), Hit(boxed, 0.9, 2)]
    q = "Hvad er kvartreglen?"
    scored = score_sentences(q, candidate_sentences(hits), key_terms(q, stats))
    assert scored[0].sentence.text == "Kommunen har ret til hver fjerde ledige bolig."
    # Without "Hvad er", the heading only helps a little: the sentence naming the rule wins.
    q2 = "Gælder kvartreglen kun for anvisningen?"
    scored2 = score_sentences(q2, candidate_sentences(hits), key_terms(q2, stats))
    assert scored2[0].sentence.text == "Kvartreglen gælder som udgangspunkt kun for anvisningen."


def test_a_break_inside_a_sentence_does_not_split_it():
    text = "De fleste modtager uddannelseshjælp (der fx kan modtage\n\nkontanthjælp). En løsning findes.\nOVERSKRIFT\nNy linje."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "De fleste modtager uddannelseshjælp (der fx kan modtage\n\nkontanthjælp).",
        "En løsning findes.",
        "OVERSKRIFT",
        "Ny linje.",
    ]


def _titled(i: str, text: str, source: str, title: str) -> Chunk:
    return Chunk(id=i, source=source, title=title, page=1, section=None, start=0, end=len(text), text=text)


def test_a_name_in_the_question_can_be_read_off_the_document():
    guide = _titled(
        "g",
        "Denne retningslinje beskriver, hvordan Aarhus Kommune tilrettelægger bostøtte. "
        "En bostøttemedarbejder må højst have 12 borgere ad gangen.",
        "aarhus_bostoette.pdf",
        "Retningslinje for bostøtte",
    )
    other = _chunk("o", "Borgere i hjemløshed får bostøtte efter Housing First. Støtten er individuel.")
    stats = TermStats([guide, other])
    q = "Hvor mange borgere må en bostøttemedarbejder have i Aarhus?"
    terms = key_terms(q, stats)
    assert scope_names(q, terms) == frozenset({"aarhus"})
    scored = score_sentences(q, candidate_sentences([Hit(guide, 1.0, 1), Hit(other, 0.9, 2)]), terms)
    assert scored[0].sentence.text == "En bostøttemedarbejder må højst have 12 borgere ad gangen."
    # Only names and document words; a question of names alone still needs a sentence saying it.
    assert scope_names("Hvad er Housing First?", key_terms("Hvad er Housing First?", stats)) == frozenset()


def test_sentences_stand_under_their_own_heading_inside_a_chunk():
    text = "1. Formål\nRetningslinjen gælder alle.\n2. Målgruppe\nMålgruppen er borgere over 18 år."
    chunk = _chunk("c", text)
    heads = [(0, "1. Formål"), (text.index("2. Målgruppe"), "2. Målgruppe")]
    sentences = candidate_sentences([Hit(chunk, 1.0, 1)], sections=lambda c: heads)
    assert [(s.text, s.heading, s.opens_section) for s in sentences] == [
        ("1. Formål", "1. Formål", True),
        ("Retningslinjen gælder alle.", "1. Formål", True),
        ("2. Målgruppe", "2. Målgruppe", True),
        ("Målgruppen er borgere over 18 år.", "2. Målgruppe", True),
    ]
    # Without section information every sentence falls back to the chunk's first section.
    assert {s.heading for s in candidate_sentences([Hit(chunk, 1.0, 1)])} == {None}


@pytest.mark.parametrize(
    "question,figure",
    [
        ("Hvor mange kommuner deltog?", True),
        ("hvor længe varer CTI?", True),
        ("hvilket år startede strategien, og hvornår sluttede den?", True),
        # "hvornår" alone may be answered in words ("allerede fra starten af et forløb")
        ("Hvornår skal boligløsningen og den sociale støtte etableres?", False),
        ("When does the support start?", False),
        ("Hvad er Housing First?", False),
    ],
)
def test_which_questions_a_figure_must_answer(question, figure):
    from assistant.evidence import asks_figure

    assert asks_figure(question) is figure


def test_an_acronym_is_a_name_however_common_the_word_it_spells():
    """"FACT (Flexible ACT)": "fact" is everyday English, but written in capitals it names a model the
    manuals never mention (an out-of-scope signal); everyday English around it carries no topic."""
    stats = TermStats([_chunk("a", "ACT er et tværfagligt team")])
    terms = {t.word: t for t in key_terms("What is FACT and how is it different from ACT?", stats, glossary={})}
    assert terms["fact"].unknown and terms["fact"].name
    assert "different" not in terms


def test_a_country_typed_in_lower_case_is_still_a_name():
    stats = TermStats([_chunk("a", "kommunerne i Danmark")])
    from assistant.query import GLOSSARY

    terms = {t.word: t for t in key_terms("how did housing first do in finland compared to denmark?", stats, glossary=GLOSSARY)}
    assert terms["finland"].unknown and terms["finland"].name
    # the manuals' own country is no unknown name
    assert not terms["denmark"].unknown
