"""ui.text: escaping, quote highlighting and the Markdown export."""

from __future__ import annotations

import re

import pytest

from assistant.types import Answer, Citation, RuleCitation, Verdict
from ui.text import conversation_markdown, escape_html, escape_md, locate, passage_html

pytestmark = pytest.mark.unit


def test_escape_md_neutralises_markdown_and_html() -> None:
    out = escape_md("![x](http://evil/a.png) <script>alert(1)</script> **fed** $x$ :red[y]")
    for active in ("![", "](", "<script>", "**", "$x$", ":red["):
        assert active not in out
    # every special character is backslash-escaped, the words survive
    assert (
        re.sub(r"\\(.)", r"\1", out)
        == "![x](http://evil/a.png) <script>alert(1)</script> **fed** $x$ :red[y]"
    )


def test_passage_html_marks_only_the_quote_and_escapes_everything() -> None:
    passage = "Før <b>CTI</b> [link](javascript:x) & ni måneder.\n\nNy linje"
    html = passage_html(passage, "ni måneder")
    assert html.startswith('<div class="mg-passage">') and html.endswith("</div>")
    assert html.count("<mark>") == 1 and "<mark>ni måneder</mark>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "[" not in html and "](" not in html and "&#91;link&#93;" in html
    assert "\n" not in html and html.count("<br>") == 2
    # only our own tags are live
    assert set(re.findall(r"</?([a-z]+)", html)) == {"div", "mark", "br"}


def test_locate_tolerates_whitespace_hyphen_and_case() -> None:
    passage = "Et CTI-forløb er tids- begrænset\nog varer NI måneder."
    assert locate(passage, "CTI-forløb") == (3, 13)
    a, b = locate(passage, "tidsbegrænset og varer ni måneder") or (0, 0)
    assert passage[a:b] == "tids- begrænset\nog varer NI måneder"
    assert locate(passage, "tolv måneder") is None
    assert locate(passage, "  ") is None


def test_passage_without_the_quote_has_no_mark() -> None:
    assert "<mark>" not in passage_html("Noget andet.", "ni måneder")


def test_escape_html_entities() -> None:
    assert escape_html('<a href="x">_') == "&lt;a href&#61;&quot;x&quot;&gt;&#95;"


def test_conversation_markdown() -> None:
    ans = Answer(
        question="Hvor længe varer CTI?",
        answer="Et CTI-forløb varer ni måneder. [1]",
        abstained=False,
        citations=(Citation(1, "001.txt", "CTI-manual", 10, "Faser", "varer ni måneder"),),
        verdicts=(
            Verdict(rule="cti.phase", explanation="Fase 2.", citations=(RuleCitation("001.txt", 10, "q"),)),
        ),
        corpus_version="abc123",
        mode="extractive",
        timings_ms={"total": 5.0},
    )

    class T:
        question = "Hvor længe varer CTI?"
        answer = ans

    md = conversation_markdown([T()])
    assert md == (
        "# Samtale med Metodeguiden\n\n## 1. Hvor længe varer CTI?\n\n"
        "Et CTI-forløb varer ni måneder. [1]\n\n- Regel `cti.phase`: Fase 2.\n\nKilder:\n\n"
        "[1] CTI-manual (001.txt), s. 10, Faser: »varer ni måneder«\n\n_Korpusversion abc123, extractive_\n"
    )


def test_rule_citation_passage_is_the_paragraph_around_the_quote() -> None:
    from assistant.types import PageSpan, SourceDocument
    from ui.render import rule_citation_passage

    text = "Indledning.\n\nFørste afsnit. CTI varer ni måneder i tre faser. Mere tekst her.\n\nSidste afsnit."
    doc = SourceDocument(
        source="d.txt",
        title="D",
        text=text,
        content_hash="h",
        pages=(PageSpan(1, 0, 13), PageSpan(2, 13, len(text))),
    )
    passage, page = rule_citation_passage(doc, RuleCitation("d.txt", None, "ni måneder i tre faser"))
    assert (passage, page) == ("Første afsnit. CTI varer ni måneder i tre faser. Mere tekst her.", 2)
    long = "ord " * 400 + "Her står citatet midt i. " + "ord " * 400
    doc2 = SourceDocument(source="e.txt", title="E", text=long, content_hash="h")
    passage, page = rule_citation_passage(doc2, RuleCitation("e.txt", 3, "citatet midt"))
    assert passage.startswith("ord ") and passage.endswith("Her står citatet midt i.")
    assert page == 3
    passage, _ = rule_citation_passage(doc2, RuleCitation("e.txt", 3, "findes ikke"))
    assert passage == "findes ikke"


def test_passage_html_with_context_keeps_the_quote_in_view() -> None:
    passage = "alfa " * 100 + "CTI varer ni måneder." + " beta" * 100
    html = passage_html(passage, "ni måneder", context=20)
    assert html == (
        '<div class="mg-passage">… alfa CTI varer <mark>ni måneder</mark>&#46; beta beta beta …</div>'
    )
    # short passages are shown whole
    assert passage_html("CTI varer ni måneder.", "ni måneder", context=20) == passage_html(
        "CTI varer ni måneder.", "ni måneder"
    )
