"""The default composer: an extractive, cited answer with no LLM.

Only corpus sentences, rule explanations (written and cited in ``corpus/rules.yaml``) and the
fixed connective templates in ``TEMPLATES`` appear in an answer. Every sentence taken from the
corpus is cited with ``[n]``; every citation quote is a verbatim span of the cited chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.disagreement import Disagreement
from assistant.evidence import Evidence
from assistant.query import Truncation
from assistant.rules.numbers import stated_figures
from assistant.types import Chunk, Citation, Hit, RuleCitation, Verdict

TEMPLATES: dict[str, dict[str, str]] = {
    "da": {
        "abstain": "Det dækker manualerne ikke, så jeg kan ikke give et svar med kilde.",
        "indirect": "Manualerne siger det ikke direkte. Den nærmeste passage er:",
        "related": "Nærmeste passager (relateret, ikke et svar): {items}.",
        "from_manuals": "Fra manualerne:",
        "premise": "Bemærk: Spørgsmålet forudsætter {value} {unit}, men det stemmer ikke med manualerne.",
        "injection": "Bemærk: Instruktioner i spørgsmålet følges ikke; svaret bygger kun på manualerne.",
        "truncated": "Bemærk: Spørgsmålet var for langt ({length} tegn) og er afkortet til {n} tegn: {kept}.",
        "kept_start": "kun de første {n} tegn er læst",
        "kept_start_and_question": "begyndelsen og det afsluttende spørgsmål er læst, midten er udeladt",
        "pii": "Skriv ikke personoplysninger (CPR-nummer, telefon, e-mail) i spørgsmål – de er maskeret.",
        "page": "s. {page}",
        "contradiction": "Oplysningerne i sagen modsiger hinanden:",
        "rule": "Reglen:",
        "disagree": "Kilderne angiver forskellige tal – se begge:",
        "local": "Det lokale dokument, spørgsmålet nævner, siger:",
        "local_differs": "Det lokale dokument, spørgsmålet nævner, angiver et andet tal end manualerne – se begge:",
        "local_unnamed": "Et lokalt dokument i korpus angiver et andet tal end manualerne – se begge:",
    },
    "en": {
        "abstain": "The manuals do not cover this, so I cannot give a sourced answer.",
        "indirect": "The manuals do not state this directly. The closest passage (in Danish) is:",
        "related": "Closest passages (related, not an answer): {items}.",
        "from_manuals": "From the manuals (quoted in Danish):",
        "premise": "Note: the question assumes {value} {unit}, which does not match the manuals.",
        "injection": "Note: instructions inside the question are not followed; the answer rests on the manuals only.",
        "truncated": "Note: the question was too long ({length} characters) and was cut to {n} characters: {kept}.",
        "kept_start": "only the first {n} characters were read",
        "kept_start_and_question": "the beginning and the closing question were read, the middle was left out",
        "pii": "Do not enter personal data (CPR number, phone, e-mail) in questions – it has been masked.",
        "page": "p. {page}",
        "contradiction": "The case details contradict each other:",
        "rule": "The rule (in Danish):",
        "disagree": "The sources give different figures – see both (quoted in Danish):",
        "local": "The local document the question names says (quoted in Danish):",
        "local_differs": "The local document the question names gives a different figure from the manuals – see both "
        "(quoted in Danish):",
        "local_unnamed": "A local document in the corpus gives a different figure from the manuals – see both "
        "(quoted in Danish):",
    },
}

_UNIT_NAMES = {
    "da": {"måned": "måneder", "år": "år", "uge": "uger", "borger": "borgere", "fase": "faser",
           "princip": "principper", "møde": "møder", "trin": "trin", "kommune": "kommuner", "time": "timer"},
    "en": {"måned": "months", "år": "years", "uge": "weeks", "borger": "citizens", "fase": "phases",
           "princip": "principles", "møde": "meetings", "trin": "steps", "kommune": "municipalities",
           "time": "hours"},
}

# (RuleCitation) -> (chunk, start, end) in chunk.text, or None when the quote cannot be located.
RuleCitationResolver = Callable[[RuleCitation], "tuple[Chunk, int, int] | None"]
Headline = Callable[[Verdict, str], str]


@dataclass(frozen=True)
class Composed:
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    related: tuple[Hit, ...]


class _Citations:
    """Numbers citations in order of first use; one number per (chunk, quote)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._by_key: dict[tuple[str, int, int], int] = {}

    def add(self, chunk: Chunk, start: int, end: int) -> int:
        key = (chunk.id, start, end)
        if key in self._by_key:
            return self._by_key[key]
        n = len(self.items) + 1
        self.items.append(Citation.of_span(n, chunk, start, end))
        self._by_key[key] = n
        return n

    def overlaps(self, chunk: Chunk, start: int, end: int) -> bool:
        return any(cid == chunk.id and s < end and start < e for cid, s, e in self._by_key)


def truncation_notice(truncation: Truncation, lang: str) -> str:
    """The answer's first line when the question was cut: how long it was, the limit, and
    which part was read.

    >>> truncation_notice(Truncation(9500, 8000, "start"), "da")
    'Bemærk: Spørgsmålet var for langt (9500 tegn) og er afkortet til 8000 tegn: kun de første 8000 tegn er læst.'
    """
    t = TEMPLATES["en" if lang == "en" else "da"]
    kept = t[f"kept_{truncation.kept}"].format(n=truncation.max_chars)
    return t["truncated"].format(length=truncation.length, n=truncation.max_chars, kept=kept)


def _fmt_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def compose_extractive(
    *,
    lang: str,
    hits: Sequence[Hit],
    selected: Sequence[Evidence],
    verdicts: Sequence[Verdict],
    abstain: bool,
    resolve: RuleCitationResolver,
    hedge: bool = False,
    headline: Headline,
    premise_conflicts: Sequence[tuple[float, str]] = (),
    disagreement: Disagreement | None = None,
    injection: bool = False,
    truncation: Truncation | None = None,
    pii_warning: bool = False,
    local: Sequence[Evidence] = (),
    local_named: bool = True,
    also_asked: Sequence[Evidence] = (),
) -> Composed:
    """Build the answer text and its numbered citations.

    ``local``: beside a verdict, the passage of a dropped-in local document the question names
    ("… gælder det samme i Køge?"); shown after the rule with its source, and said to differ when
    its figures do not include the rule's limit. ``local_named=False``: the question names no
    document, and the passage is one that states another limit for the same thing ("Lokalt i
    Fjordby må en CTI-medarbejder højst have 8 borgere"); it is introduced as such.

    ``abstain`` with ``hedge``: the manuals do not answer directly; the text says so and shows
    the closest passage (cited). ``abstain`` alone: a refusal naming the nearest documents.

    ``also_asked``: beside a verdict, passages that answer the fact the case note also asks
    ("… his mum asks how long it will last"); shown after the rule, cited.

    >>> # see tests/assistant/test_compose.py for worked examples
    """
    t = TEMPLATES["en" if lang == "en" else "da"]
    cites = _Citations()
    lines: list[str] = []
    if truncation is not None:
        lines.append(truncation_notice(truncation, lang))
    if pii_warning:
        lines.append(t["pii"])
    if injection:
        lines.append(t["injection"])

    clarifying = [v for v in verdicts if v.missing]
    decided = [v for v in verdicts if not v.missing]
    for v in decided:
        markers = []
        for rc in v.citations:
            loc = resolve(rc)
            if loc is not None:
                markers.append(cites.add(*loc))
        ref = "".join(f"[{n}]" for n in markers)
        lines.append(f"{headline(v, lang)} {ref[: ref.find(']') + 1] if ref else ''}".rstrip())
        lines.append(f"{v.explanation} {ref}".rstrip())
    for ev in local if decided else ():
        s = ev.sentence
        figures_here = stated_figures(s.text)
        limits = {float(v.limit) for v in decided if v.limit is not None}
        differs = bool(limits) and bool(figures_here) and not limits & figures_here
        lines.append(t["local_unnamed"] if not local_named else t["local_differs" if differs else "local"])
        origin = ", ".join(str(x) for x in (s.chunk.publisher, s.chunk.year) if x)
        label = f"«{s.chunk.title}»" + (f" ({origin})" if origin else "")
        lines.append(f"{label}: {s.text} [{cites.add(s.chunk, s.start, s.end)}]")
    if clarifying and not decided:
        for v in clarifying:
            lines.append(headline(v, lang))
            markers = [cites.add(*loc) for loc in (resolve(rc) for rc in v.citations) if loc is not None]
            if v.explanation:
                ref = "".join(f"[{n}]" for n in markers)
                lines.append(f"{t['rule']} {v.explanation} {ref}".rstrip())
        return Composed("\n\n".join(lines), tuple(cites.items), False, tuple(hits[:3]))

    if abstain and not decided and hedge and selected:
        # Not an answer: say so, and show the closest passage with its citation to check.
        s = selected[0].sentence
        lines.append(t["indirect"])
        lines.append(f"{s.text} [{cites.add(s.chunk, s.start, s.end)}]")
        return Composed("\n\n".join(lines), tuple(cites.items), True, tuple(hits[:3]))
    if abstain and not decided:
        lines.append(t["abstain"])
        related = tuple(hits[:3])
        if related:
            items = "; ".join(
                f"«{h.chunk.title}»" + (f", {t['page'].format(page=h.chunk.page)}" if h.chunk.page else "")
                for h in related
            )
            lines.append(t["related"].format(items=items))
        return Composed("\n\n".join(lines), tuple(cites.items), True, related)

    sentence_lines = []
    if disagreement is not None and not decided:
        lines.append(t["disagree"])
        for ev in (disagreement.first, disagreement.other):
            s = ev.sentence
            n = cites.add(s.chunk, s.start, s.end)
            label = f"«{s.chunk.title}»" + (f" ({s.chunk.year})" if s.chunk.year else "")
            lines.append(f"{label}: {s.text} [{n}]")
    # A verdict answers with its rule and the rule's own cited sources; passages from the
    # manuals are added only when no rule decided.
    for ev in list(also_asked) if decided else selected:
        s = ev.sentence
        if cites.overlaps(s.chunk, s.start, s.end):
            continue  # already cited
        n = cites.add(s.chunk, s.start, s.end)
        sentence_lines.append(f"{s.text} [{n}]")
    if sentence_lines:
        if lang == "en" and disagreement is None:
            lines.append(t["from_manuals"])
        lines.extend(sentence_lines)
    for value, unit in premise_conflicts:
        lines.append(t["premise"].format(value=_fmt_number(value), unit=_UNIT_NAMES[lang if lang == "en" else "da"][unit]))
    return Composed("\n\n".join(lines), tuple(cites.items), False, tuple(hits[:3]))
