import pytest

from assistant.compose.extractive import compose_extractive
from assistant.compose.llm_citations import citations_for
from assistant.evidence import TermStats, candidate_sentences, key_terms, score_sentences, select
from assistant.types import Chunk, Hit, RuleCitation, Verdict

pytestmark = pytest.mark.unit

CTI = Chunk(
    id="c1", source="001_a87d09dcf945fd35.txt", title="Udbredelse af Housing First", page=9, section="SPECIALISERET STØTTE",
    start=0, end=0,
    text="Critical Time Intervention (CTI) er et intensivt forløb, der har en bostøttemedarbejder som gennemgående "
    "figur, og som er afgrænset til ni måneder. Medarbejderen bør maksimalt have 10 borgere ad gangen.",
)
ICM = Chunk(
    id="c2", source="001_a87d09dcf945fd35.txt", title="Udbredelse af Housing First", page=10, section=None, start=0, end=0,
    text="ICM er en længerevarende indsats, som hverken er faseopdelt eller tidsbegrænset. For ICM-metoden er det "
    "anbefalede caseload på maksimalt otte borgere pr. medarbejder i teamet.",
)
HITS = [Hit(CTI, 0.9, 1), Hit(ICM, 0.5, 2)]


def _resolve(rc: RuleCitation):
    for c in (CTI, ICM):
        pos = c.text.find(rc.quote)
        if pos >= 0:
            return c, pos, pos + len(rc.quote)
    return None


def _headline(v: Verdict, lang: str) -> str:
    return f"Caseload: {v.limit}"


def _compose(question, **kw):
    stats = TermStats([CTI, ICM])
    scored = score_sentences(question, candidate_sentences(HITS), key_terms(question, stats))
    args = dict(lang="da", hits=HITS, selected=select(scored), verdicts=[], abstain=False,
                resolve=_resolve, headline=_headline)
    args.update(kw)
    return compose_extractive(**args)


def test_extractive_answer_cites_each_sentence_verbatim():
    out = _compose("Hvor lang tid varer et CTI-forløb?")
    assert out.abstained is False
    assert out.text.startswith("Critical Time Intervention (CTI) er et intensivt forløb")
    assert "[1]" in out.text
    first = out.citations[0]
    assert (first.n, first.source, first.page) == (1, "001_a87d09dcf945fd35.txt", 9)
    assert first.quote in first.passage
    assert "afgrænset til ni måneder." in first.quote


def test_verdict_leads_and_cites_rule_source():
    v = Verdict(
        rule="caseload.icm", explanation="En ICM-medarbejder bør højst have otte borgere.",
        citations=(RuleCitation("001_a87d09dcf945fd35.txt", 10, "anbefalede caseload på maksimalt otte borgere"),),
        caseload_ok=False, limit=8,
    )
    out = _compose("En ICM-medarbejder har 11 borgere – er det ok?", verdicts=[v])
    lines = out.text.split("\n\n")
    assert lines[0] == "Caseload: 8 [1]"
    assert lines[1] == "En ICM-medarbejder bør højst have otte borgere. [1]"
    # The only supporting sentence is the rule's own source, so it is not repeated.
    assert len(lines) == 2
    assert out.citations[0].quote == "anbefalede caseload på maksimalt otte borgere"
    assert out.citations[0].page == 10


def test_clarifying_question_replaces_the_answer():
    v = Verdict(rule="method.adult", explanation="", citations=(), missing=("support_ability",),
                question="I hvilken grad kan borgeren bruge andre tilbud?")
    out = _compose("CTI eller ICM?", verdicts=[v], headline=lambda v, lang: v.question)
    assert out.text == "I hvilken grad kan borgeren bruge andre tilbud?"
    assert out.abstained is False


def test_abstention_offers_related_passages_not_citations():
    out = _compose("Hvad tjener en CTI-medarbejder?", abstain=True)
    assert out.abstained is True
    assert out.citations == ()
    assert out.text.split("\n\n") == [
        "Det dækker manualerne ikke, så jeg kan ikke give et svar med kilde.",
        "Nærmeste passager (relateret, ikke et svar): «Udbredelse af Housing First», s. 9; "
        "«Udbredelse af Housing First», s. 10.",
    ]


def test_premise_note_and_english_templates():
    out = _compose("Why does CTI last 12 months?", lang="en", premise_conflicts=[(12.0, "måned")])
    assert out.text.endswith("Note: the question assumes 12 months, which does not match the manuals.")


def test_llm_markers_are_renumbered_with_verbatim_quotes():
    text, cites = citations_for("ICM er ikke tidsbegrænset [2]. CTI varer ni måneder [1].", HITS)
    assert text == "ICM er ikke tidsbegrænset [1]. CTI varer ni måneder [2]."
    assert [c.source for c in cites] == ["001_a87d09dcf945fd35.txt"] * 2
    assert cites[0].quote == "ICM er en længerevarende indsats, som hverken er faseopdelt eller tidsbegrænset."
    assert cites[1].quote in CTI.text
