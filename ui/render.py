"""Streamlit components that render ``Answer``, ``Citation``, ``Verdict`` and ``Hit`` objects.

Everything from documents or users goes through ``ui.text.escape_md`` / ``passage_html``; the
only live HTML is our own ``<div>``/``<mark>``/``<br>``.

    >>> render_answer(turn, lang="da", titles={}, last=True)   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from assistant.rules.profile import BOOL_SLOTS, DOMAINS, FLOAT_SLOTS, INT_SLOTS, fact_label
from assistant.rules.reader import understood_line
from assistant.types import Answer, Citation, Hit, RuleCitation, SourceDocument, Verdict
from ui.i18n import t
from ui.state import Turn
from ui.text import citation_label_text, escape_md, locate, passage_html

READER_KEY = "mg_reader"  # {"source", "page", "quote"}: what Kilder opens
PENDING_KEY = "mg_pending_question"  # a quick reply to send as the next question
CORRECTION_KEY = "mg_correction"  # {slot: value}: corrections of the last answer's case, to check again
SOURCES_PAGE = "views/kilder.py"
CONTEXT_CHARS = 320  # characters of context either side of a highlighted quote

CSS = """
<style>
.mg-passage { background: #f7f7f4; border-left: 4px solid #c9c2a6; padding: .7rem .9rem;
  border-radius: .3rem; line-height: 1.55; font-size: .95rem; white-space: normal; }
.mg-passage mark { background: #ffe58a; padding: 0 .15rem; border-radius: .15rem; }
.mg-quote { font-style: italic; }
</style>
"""


def inject_css() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


# ----------------------------------------------------------------------------- headlines
def headline(v: Verdict, lang: str) -> str:
    """The verdict's one-line headline from the rules package (its own wording, in ``lang``)."""
    try:
        from assistant.rules import headline as rules_headline
    except ImportError:  # rules package without a headline helper: fall back to the question/explanation
        return v.question or v.explanation.split(". ")[0]
    return str(rules_headline(v, lang=lang))


@dataclass(frozen=True)
class _Split:
    verdict_lines: dict[str, list[str]]  # rule -> answer paragraphs that state it (with [n] refs)
    body: list[str]  # the remaining paragraphs


def split_answer(answer: Answer, lang: str) -> _Split:
    """Separate the paragraphs that state each verdict (they go on its card) from the rest."""
    paragraphs = [p for p in answer.answer.split("\n\n") if p.strip()]
    taken: dict[str, list[str]] = {}
    used: set[int] = set()
    for v in answer.verdicts:
        starts = {headline(v, lang), headline(v, "da"), headline(v, "en"), v.explanation}
        starts.discard("")
        for i, p in enumerate(paragraphs):
            if i not in used and any(p.startswith(s) for s in starts):
                taken.setdefault(v.rule, []).append(p)
                used.add(i)
    return _Split(taken, [p for i, p in enumerate(paragraphs) if i not in used])


# ----------------------------------------------------------------------------- citations
def open_in_reader(source: str, page: int | None, quote: str) -> None:
    st.session_state[READER_KEY] = {"source": source, "page": page, "quote": quote}


def render_passage(passage: str, quote: str, lang: str, context: int | None = None) -> None:
    """The passage with the quote highlighted (``context`` characters around it, or all of it);
    when the quote is not in it, the quote below."""
    st.markdown(passage_html(passage, quote, context=context), unsafe_allow_html=True)
    if quote and locate(passage, quote) is None:
        st.caption(t("quote_not_located", lang))
        st.markdown(passage_html(quote, quote), unsafe_allow_html=True)


def render_reader_page(text: str, quote: str, lang: str, key: str = "mg_reader_text", height: int = 520) -> None:
    """A whole page in the reader. With a quote that is on the page, the quoted passage comes
    first (highlighted, with ``CONTEXT_CHARS`` of context) so it is in view without scrolling,
    then the whole page with the same quote highlighted; with a quote that is not on the page,
    the quote first and then the page; without a quote, just the page."""
    if quote and locate(text, quote) is not None:
        st.caption(t("reader_quote_first", lang))
        st.markdown(passage_html(text, quote, context=CONTEXT_CHARS), unsafe_allow_html=True)
        st.caption(t("reader_whole_page", lang))
    elif quote:
        st.caption(t("quote_not_located", lang))
        st.markdown(passage_html(quote, quote), unsafe_allow_html=True)
        st.caption(t("reader_whole_page", lang))
    with st.container(height=height, border=False, key=key):
        st.markdown(passage_html(text, quote), unsafe_allow_html=True)


citation_label = citation_label_text


def rule_citation_label(
    title: str, rc: RuleCitation, lang: str, width: int = 70, origin: tuple[str | None, int | None] = (None, None)
) -> str:
    """``short title — Socialstyrelsen, 2018, s. 11 — »start of the quote …«`` (several quotes
    often share a page); ``origin`` is the document's (publisher, year), where known."""
    short = title if len(title) <= 60 else title[:58].rsplit(" ", 1)[0] + " …"
    quote = " ".join(rc.quote.split())
    quote = quote if len(quote) <= width else quote[: width - 1].rsplit(" ", 1)[0] + " …"
    publisher, year = origin
    return citation_label_text(None, f"{short}", rc.page, f"»{quote}«", lang, publisher=publisher, year=year)


def render_citation(c: Citation, lang: str, key: str) -> None:
    label = citation_label(c.n, c.title, c.page, c.section, lang, c.ocr, publisher=c.publisher, year=c.year)
    with st.expander(label):
        render_passage(c.passage or c.quote, c.quote, lang, context=CONTEXT_CHARS)
        st.caption(escape_md(c.source))
        if st.button(t("open_in_reader", lang), key=f"{key}_open", type="tertiary"):
            open_in_reader(c.source, c.page, c.quote)
            st.switch_page(SOURCES_PAGE)


def render_hit(h: Hit, lang: str, key: str, quote: str = "") -> None:
    c = h.chunk
    with st.expander(citation_label(None, c.title, c.page, c.section, lang, c.ocr)):
        render_passage(c.text, quote, lang)
        st.caption(escape_md(f"{c.source} · score {h.score:.3f}"))
        if st.button(t("open_in_reader", lang), key=f"{key}_open", type="tertiary"):
            open_in_reader(c.source, c.page, quote)
            st.switch_page(SOURCES_PAGE)


def render_search_result(h: Hit, lang: str, key: str, rank: int, max_chars: int = 600) -> None:
    """One search hit, open: rank, title, page, section, the passage (shortened) and a reader link."""
    c = h.chunk
    with st.container(border=True, key=f"{key}_box"):
        st.markdown(
            "**" + escape_md(f"{rank}. ") + citation_label_text(None, c.title, c.page, c.section, lang, c.ocr) + "**"
        )
        text = c.text if len(c.text) <= max_chars else c.text[:max_chars].rsplit(" ", 1)[0] + " …"
        st.markdown(passage_html(text, ""), unsafe_allow_html=True)
        st.caption(escape_md(f"{c.source} · score {h.score:.3f}"))
        if st.button(t("open_in_reader", lang), key=f"{key}_open", type="tertiary"):
            open_in_reader(c.source, c.page, "")
            st.switch_page(SOURCES_PAGE)


def rule_citation_passage(doc: SourceDocument, rc: RuleCitation, window: int = 700) -> tuple[str, int | None]:
    """The paragraph of ``doc`` around a rule's quote (whole text window when not found)."""
    span = locate(doc.text, rc.quote)
    if span is None:
        return rc.quote, rc.page
    a, b = span
    text = doc.text
    start = text.rfind("\n\n", max(0, a - window), a)
    if start >= 0:
        start += 2
    else:  # no paragraph break near: start at a sentence end (or the window edge, on a word boundary)
        lo = max(0, a - window // 2)
        dot = text.rfind(". ", lo, a)
        space = text.find(" ", lo, a)
        start = dot + 2 if dot >= 0 else (space + 1 if lo > 0 and space >= 0 else lo)
    end = text.find("\n\n", b, b + window)
    if end < 0:
        hi = min(len(text), b + window // 2)
        dot = text.find(". ", b, hi)
        end = dot + 1 if dot >= 0 else (hi if hi == len(text) else max(b, text.rfind(" ", b, hi)))
    return text[start:end], doc.page_at(a) if doc.pages else rc.page


def render_rule_citation(
    rc: RuleCitation,
    lang: str,
    key: str,
    titles: Mapping[str, str],
    fetch: Callable[[str], SourceDocument] | None,
    origins: Mapping[str, tuple[str | None, int | None]] | None = None,
) -> None:
    title = titles.get(rc.source, rc.source)
    with st.expander(rule_citation_label(title, rc, lang, origin=(origins or {}).get(rc.source, (None, None)))):
        passage = rc.quote
        if fetch is not None:
            try:
                passage, _ = rule_citation_passage(fetch(rc.source), rc)
            except (KeyError, OSError, LookupError):
                passage = rc.quote
        render_passage(passage, rc.quote, lang, context=CONTEXT_CHARS)
        st.caption(escape_md(rc.source))
        if st.button(t("open_in_reader", lang), key=f"{key}_open", type="tertiary"):
            open_in_reader(rc.source, rc.page, rc.quote)
            st.switch_page(SOURCES_PAGE)


# ----------------------------------------------------------------------------- verdicts
def outcome_badges(v: Verdict, lang: str) -> list[tuple[str, str]]:
    """Short coloured labels for the verdict's outcome fields (what the card says at a glance)."""
    out: list[tuple[str, str]] = []
    if v.method is not None:
        method: str = "Samarbejdsmodellen" if v.method == "SAMARBEJDSMODELLEN" else v.method
        if v.with_samarbejdsmodellen and v.method != "SAMARBEJDSMODELLEN":
            method += " + Samarbejdsmodellen"
        out.append((method, "violet"))
    if v.caseload_ok is not None:
        out.append(
            (
                t("badge_caseload_ok" if v.caseload_ok else "badge_caseload_over", lang),
                "green" if v.caseload_ok else "red",
            )
        )
    if v.can_start_now is not None:
        out.append(
            (
                t("badge_start_ok" if v.can_start_now else "badge_start_not", lang),
                "green" if v.can_start_now else "red",
            )
        )
    if v.cti_phase is not None:
        out.append((t("badge_phase", lang, phase=v.cti_phase), "blue"))
    return out


def _queue_reply(text: str) -> None:
    st.session_state[PENDING_KEY] = text


def verdict_slots(v: Verdict) -> list[str]:
    """The case facts a verdict used, as the slots a user may correct (age, not the "young" it implies)."""
    slots = [s for s, _ in v.facts]
    if "young" in slots:
        slots = ["age" if s == "young" else s for s in slots]
    return list(dict.fromkeys(slots))


def fact_input(slot: str, current: object, lang: str, key: str) -> object:
    """One editable case fact: a choice for slots with a domain or yes/no, a number otherwise."""
    label = t(f"f_{slot}", lang)
    if slot in DOMAINS or slot in BOOL_SLOTS:
        options: list[object] = [None, *(DOMAINS[slot] if slot in DOMAINS else (True, False))]
        index = options.index(current) if current in options else 0
        return st.selectbox(
            label,
            options,
            index=index,
            format_func=lambda v: t("fact_unknown", lang) if v is None else fact_label(slot, v, lang),
            key=key,
        )
    if slot in FLOAT_SLOTS:
        value = None if current is None else float(current)  # type: ignore[arg-type]
        return st.number_input(label, min_value=0.0, max_value=60.0, value=value, step=0.5, key=key)
    if slot in INT_SLOTS:
        value = None if current is None else int(current)  # type: ignore[call-overload]
        return st.number_input(label, min_value=0, max_value=500, value=value, step=1, key=key)
    return current


def render_understood(
    v: Verdict,
    understood: Sequence[object],
    current: Mapping[str, object],
    lang: str,
    key: str,
    *,
    editable: bool,
) -> None:
    """The "Forstået: …" line of a verdict (the facts it used) and, when ``editable``, a small
    form to correct them; a submitted change is queued under ``CORRECTION_KEY`` for the page."""
    slots = verdict_slots(v)
    shown = [u for u in understood if getattr(u, "slot", None) in slots]
    line = understood_line(shown, lang)  # type: ignore[arg-type]
    if line:
        st.caption(escape_md(line))
    if not editable or not slots:
        return
    with st.popover(t("understood_fix", lang), icon=":material/edit:"), st.form(f"{key}_fix", border=False):
        st.caption(t("understood_fix_help", lang))
        values = {slot: fact_input(slot, current.get(slot), lang, f"{key}_fix_{slot}") for slot in slots}
        if st.form_submit_button(t("understood_fix_submit", lang), type="primary"):
            changed = {s: (int(x) if s in INT_SLOTS and x is not None else x) for s, x in values.items() if x != current.get(s)}
            if not changed:
                st.info(t("understood_fix_nothing", lang))
            else:
                st.session_state[CORRECTION_KEY] = changed
                st.rerun()


def render_verdict_card(
    v: Verdict,
    lang: str,
    key: str,
    *,
    lines: Sequence[str] = (),
    titles: Mapping[str, str] | None = None,
    fetch: Callable[[str], SourceDocument] | None = None,
    quick_replies: bool = False,
    show_sources: bool = True,
    understood: Sequence[object] = (),
    current: Mapping[str, object] | None = None,
    editable: bool = False,
    origins: Mapping[str, tuple[str | None, int | None]] | None = None,
) -> None:
    """A bordered card: badge, headline, explanation, clarifying question with quick replies, sources.

    ``lines`` are the answer paragraphs that state this verdict (with their [n] refs); without
    them the card shows the verdict's own headline and explanation."""
    with st.container(border=True, key=f"{key}_card"):
        with st.container(horizontal=True, gap="small"):
            if v.missing:
                st.badge(t("verdict_needs_input", lang), icon=":material/help:", color="orange")
            else:
                st.badge(t("verdict_badge", lang), icon=":material/rule:", color="blue")
            for label, color in outcome_badges(v, lang):
                st.badge(label, color=color)  # type: ignore[arg-type]
        body = list(lines) or [headline(v, lang), v.explanation]
        first, rest = body[0], body[1:]
        st.markdown(f"**{escape_md(first)}**")
        for p in rest:
            st.markdown(escape_md(p))
        if v.missing and v.question and v.question not in first:
            st.markdown(escape_md(v.question))
        if not v.missing or understood:
            render_understood(v, understood, current or {}, lang, key, editable=editable and not v.missing)
        if v.missing and quick_replies and v.options:
            st.caption(t("verdict_quick_replies", lang))
            with st.container(horizontal=True):
                for i, opt in enumerate(v.options):
                    st.button(opt, key=f"{key}_qr{i}", on_click=_queue_reply, args=(opt,))
        st.caption(escape_md(t("verdict_rule", lang, rule=v.rule)))
        if show_sources and v.citations and not lines:
            st.caption(t("verdict_sources", lang))
            for i, rc in enumerate(v.citations):
                render_rule_citation(rc, lang, f"{key}_rc{i}", titles or {}, fetch, origins)


# ----------------------------------------------------------------------------- answers
def _current_facts(ans: Answer) -> dict[str, object]:
    """The case facts behind an answer's verdicts (what the correction form starts from)."""
    facts: dict[str, object] = dict(ans.profile.known()) if ans.profile is not None else {}
    facts.update({u.slot: u.value for u in ans.understood})
    return facts


def render_answer(
    turn: Turn,
    lang: str,
    *,
    last: bool,
    titles: Mapping[str, str] | None = None,
    fetch: Callable[[str], SourceDocument] | None = None,
    origins: Mapping[str, tuple[str | None, int | None]] | None = None,
) -> None:
    """One assistant message: verdict cards, answer text (or the abstention box), citations, meta."""
    ans = turn.answer
    split = split_answer(ans, lang)
    for i, v in enumerate(ans.verdicts):
        render_verdict_card(
            v,
            lang,
            f"v_{turn.id}_{i}",
            lines=split.verdict_lines.get(v.rule, ()),
            titles=titles,
            fetch=fetch,
            quick_replies=last,
            show_sources=not ans.citations,
            understood=ans.understood,
            current=_current_facts(ans),
            editable=last,
            origins=origins,
        )
    body = "\n\n".join(escape_md(p) for p in split.body)
    if ans.abstained:
        st.warning(t("abstain_title", lang) + ("\n\n" + body if body else ""), icon=":material/block:")
        if ans.related:
            st.caption(t("related_heading", lang))
            for i, h in enumerate(ans.related):
                render_hit(h, lang, f"rel_{turn.id}_{i}")
    elif body:
        st.markdown(body)
    if ans.citations and not ans.abstained:
        st.caption(t("sources_heading", lang))
        for c in ans.citations:
            render_citation(c, lang, f"c_{turn.id}_{c.n}")
    mode = t("mode_llm", lang) if ans.mode == "llm" else t("mode_extractive", lang)
    total = ans.timings_ms.get("total")
    ms = "?" if total is None else f"{total:.0f}"
    st.caption(escape_md(t("answer_meta", lang, version=ans.corpus_version, mode=mode, ms=ms)))


def render_feedback(turn: Turn, lang: str, save: Callable[[Turn, int, str], str | None]) -> None:
    """Thumbs up/down; after a choice, an optional comment and a send button.

    ``save`` stores the rating (+1/-1) and returns an error message or None."""
    if turn.feedback_sent:
        st.caption(t("feedback_thanks", lang))
        return
    choice = st.feedback("thumbs", key=f"fb_{turn.id}")
    if choice is None:
        return
    rating = 1 if choice == 1 else -1
    with st.form(f"fbf_{turn.id}", border=False):
        comment = st.text_input(t("feedback_comment", lang), key=f"fbc_{turn.id}")
        sent = st.form_submit_button(t("feedback_send", lang))
    if sent:
        error = save(turn, rating, comment)
        if error is None:
            turn.feedback_sent = True
            st.caption(t("feedback_thanks", lang))
        else:
            st.error(t("feedback_failed", lang, msg=error))


__all__ = [
    "CORRECTION_KEY",
    "CSS",
    "PENDING_KEY",
    "READER_KEY",
    "headline",
    "inject_css",
    "render_answer",
    "render_citation",
    "render_feedback",
    "render_hit",
    "render_search_result",
    "render_passage",
    "render_reader_page",
    "render_rule_citation",
    "render_understood",
    "render_verdict_card",
    "split_answer",
    "fact_input",
    "verdict_slots",
]
