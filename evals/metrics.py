"""Metric objects: each has a ``name`` and ``score(item, answer) -> MetricResult``.

``value`` is a float (``None`` when the metric does not apply to the item), ``passed`` says
whether the item passes on this metric (``None`` when not applicable or informational), and
``reason`` says in Danish what was found or what is missing.

    >>> from evals.metrics import FactRecall
    >>> FactRecall().score(item, answer)          # doctest: +SKIP
    MetricResult(name='fact_recall', value=0.5, passed=False, reason='mangler 1 af 2 fakta: "otte" / "8"')

``summarize(results)`` aggregates item results (overall or per category): means, pass counts,
abstention precision/recall and latency p50/p95.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.text import contains_normalized, nfc, normalize_for_match
from assistant.types import Answer
from evals.schema import EvalItem

THRESHOLD_METRICS: tuple[str, ...] = (
    "fact_recall",
    "source_hit",
    "quote_support",
    "citation_validity",
    "verdict_accuracy",
    "clarification",
    "abstention_precision",
    "abstention_recall",
)
SCORED_METRICS: tuple[str, ...] = (
    "fact_recall",
    "source_hit",
    "quote_support",
    "citation_validity",
    "verdict_accuracy",
    "clarification",
    "abstention",
)
# An abstain item may list the expected refusal wording as facts and the passages it may point
# to as sources; neither is scored (the abstention metric decides the item).
ABSTAIN_FACTS_REASON = "afståelsesspørgsmål: fakta er den forventede afvisning og tælles ikke som fact recall"
ABSTAIN_SOURCES_REASON = "afståelsesspørgsmål: kilderne tælles ikke som source hit"


@dataclass(frozen=True)
class MetricResult:
    """One metric's verdict on one item."""

    name: str
    value: float | None
    passed: bool | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "passed": self.passed, "reason": self.reason}

    @classmethod
    def from_dict(cls, name: str, d: Mapping[str, Any]) -> MetricResult:
        return cls(name=name, value=d.get("value"), passed=d.get("passed"), reason=str(d.get("reason", "")))


class Metric(Protocol):
    name: str

    def score(self, item: EvalItem, answer: Answer) -> MetricResult: ...


def _na(name: str, reason: str) -> MetricResult:
    return MetricResult(name=name, value=None, passed=None, reason=reason)


# --------------------------------------------------------------------------- fact matching

_HYPHEN = re.compile(r"\s*[-\u2010\u2011\u2012\u2013]\s*")
# A dash between two numbers is a range ("kl. 7.30–14.00", "6-9 timer"): it becomes a space, so the
# numbers stay apart ("7.30" is found in "7.30–14.00"; dropped, it would read "7.3014.00").
_RANGE_DASH = re.compile(r"(?<=\d)\s*[-\u2010\u2011\u2012\u2013\u2014]\s*(?=\d)")
_PARAGRAPH = re.compile(r"§\s*")


def fact_form(text: str) -> str:
    """Canonical form for fact matching: casefolded, whitespace folded, line-break hyphens
    joined, hyphens/dashes dropped ("CTI-forløb" == "CTI- forløb" == "ctiforløb"), "§ 85" -> "§85".

    >>> fact_form("Ni  måneder, CTI- forløb, § 85")
    'ni måneder, ctiforløb, §85'
    >>> fact_form("kl. 7.30–14.00, 6-9 timer")
    'kl. 7.30 14.00, 6 9 timer'
    """
    t = normalize_for_match(nfc(text).casefold())
    t = _RANGE_DASH.sub(" ", t)
    t = _HYPHEN.sub("", t)
    return _PARAGRAPH.sub("§", t)


def contains_fact(haystack_form: str, alternative: str) -> bool:
    """True when ``alternative`` occurs in ``haystack_form`` (already ``fact_form``-ed).

    A fact starting or ending in a digit must not continue a longer number ("8" does not match "18").
    """
    f = fact_form(alternative)
    if not f:
        return False
    pattern = re.escape(f)
    if f[0].isdigit():
        pattern = r"(?<!\d)" + pattern
    if f[-1].isdigit():
        pattern += r"(?!\d)"
    return re.search(pattern, haystack_form) is not None


def _fmt_fact(alternatives: Sequence[str]) -> str:
    return " / ".join(f'"{a}"' for a in alternatives)


def _fmt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# --------------------------------------------------------------------------- document texts


class DocumentTexts:
    """Looks up the text(s) a cited source may be checked against.

    A quote is valid when it occurs (after ``normalize_for_match``) in any candidate text of its
    source: the raw file in the corpus folder (text formats), the cleaned document of the live
    index generation, or whatever ``lookup(source)`` returns (e.g. ``Assistant.document``).

        >>> texts = DocumentTexts(corpus_dir=Path("corpus/documents"))
        >>> texts.contains("001_a87d09dcf945fd35.txt", "afgrænset til ni måneder")
        True
    """

    TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

    def __init__(
        self,
        corpus_dir: Path | None = None,
        index_docs_dir: Path | None = None,
        lookup: Callable[[str], str | None] | None = None,
        texts: Mapping[str, str] | None = None,
    ) -> None:
        self._corpus_dir = corpus_dir
        self._index_docs_dir = index_docs_dir
        self._lookup = lookup
        self._fixed = dict(texts or {})
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def from_data_dir(
        cls, corpus_dir: Path, data_dir: Path, lookup: Callable[[str], str | None] | None = None
    ) -> DocumentTexts:
        """Raw corpus files plus the cleaned documents of the live generation in ``data_dir``."""
        docs_dir: Path | None = None
        current = data_dir / "CURRENT.json"
        try:
            gen = json.loads(current.read_text(encoding="utf-8")).get("generation")
        except (OSError, ValueError, AttributeError):
            gen = None
        if isinstance(gen, str) and gen:
            candidate = data_dir / "generations" / gen / "docs"
            if candidate.is_dir():
                docs_dir = candidate
        return cls(corpus_dir=corpus_dir, index_docs_dir=docs_dir, lookup=lookup)

    @staticmethod
    def _inside(folder: Path, name: str) -> Path | None:
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            return None
        return folder / name

    def candidates(self, source: str) -> list[str]:
        if source in self._cache:
            return self._cache[source]
        out: list[str] = []
        if source in self._fixed:
            out.append(self._fixed[source])
        if self._corpus_dir is not None:
            p = self._inside(self._corpus_dir, source)
            if p is not None and p.suffix.lower() in self.TEXT_SUFFIXES and p.is_file():
                try:
                    out.append(p.read_text(encoding="utf-8", errors="replace"))
                except OSError:
                    pass
        if self._index_docs_dir is not None:
            p = self._inside(self._index_docs_dir, source + ".json")
            if p is not None and p.is_file():
                try:
                    text = json.loads(p.read_text(encoding="utf-8")).get("text")
                except (OSError, ValueError, AttributeError):
                    text = None
                if isinstance(text, str):
                    out.append(text)
        if self._lookup is not None:
            text = self._lookup(source)
            if text is not None:
                out.append(text)
        self._cache[source] = out
        return out

    def contains(self, source: str, quote: str) -> bool | None:
        """True/False when the source is known; None when no text for ``source`` exists."""
        texts = self.candidates(source)
        if not texts:
            return None
        return any(contains_normalized(t, quote) for t in texts)


# --------------------------------------------------------------------------- metrics


class FactRecall:
    """Share of expected facts found in the answer text plus its citation quotes."""

    name = "fact_recall"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        facts = item.expected.facts
        if not facts:
            return _na(self.name, "ingen fakta forventet")
        if item.expected.abstain:
            return _na(self.name, ABSTAIN_FACTS_REASON)
        hay = fact_form("\n".join([answer.answer, *(c.quote for c in answer.citations)]))
        missing = [f for f in facts if not any(contains_fact(hay, a) for a in f)]
        value = (len(facts) - len(missing)) / len(facts)
        if not missing:
            return MetricResult(self.name, value, True, f"alle {len(facts)} fakta fundet")
        listed = "; ".join(_fmt_fact(f) for f in missing)
        return MetricResult(
            self.name, value, False, f"mangler {len(missing)} af {len(facts)} fakta: {listed}"
        )


def _cited_sources(answer: Answer) -> list[str]:
    out = [c.source for c in answer.citations]
    out += [rc.source for v in answer.verdicts for rc in v.citations]
    return out


class SourceHit:
    """An expected source is among the answer's (or its verdicts') citations."""

    name = "source_hit"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        expected = item.expected.sources
        if not expected:
            return _na(self.name, "ingen kilder forventet")
        if item.expected.abstain:
            return _na(self.name, ABSTAIN_SOURCES_REASON)
        cited = _cited_sources(answer)
        for src in expected:
            if src in cited:
                return MetricResult(self.name, 1.0, True, f"kilden {src} er citeret")
        got = ", ".join(dict.fromkeys(cited)) or "ingen"
        return MetricResult(
            self.name,
            0.0,
            False,
            f"ingen af de forventede kilder ({', '.join(expected)}) er citeret; citeret: {got}",
        )


class QuoteSupport:
    """Some citation's passage (or quote) contains the expected quote."""

    name = "quote_support"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        quote = item.expected.quote
        if quote is None:
            return _na(self.name, "intet citat forventet")
        for c in answer.citations:
            if contains_normalized(c.passage, quote) or contains_normalized(c.quote, quote):
                return MetricResult(
                    self.name, 1.0, True, f"citat [{c.n}] ({c.source}) indeholder det forventede citat"
                )
        for v in answer.verdicts:
            for rc in v.citations:
                if contains_normalized(rc.quote, quote):
                    return MetricResult(
                        self.name, 1.0, True, f"reglen {v.rule} citerer det forventede citat ({rc.source})"
                    )
        return MetricResult(self.name, 0.0, False, f'intet citat indeholder det forventede citat "{quote}"')


def _short(text: str, n: int = 80) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


class CitationValidity:
    """Every citation quote (answer and verdict citations) occurs verbatim in its source document."""

    name = "citation_validity"

    def __init__(self, texts: DocumentTexts) -> None:
        self.texts = texts

    def _check(self, label: str, source: str, quote: str) -> str | None:
        if not quote.strip():
            return f"{label} {source}: tomt citat"
        found = self.texts.contains(source, quote)
        if found is None:
            return f"{label} {source}: kilden findes ikke i korpus"
        if not found:
            return f'{label} {source}: citatet findes ikke ordret i kilden: "{_short(quote)}"'
        return None

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        checks = [(f"[{c.n}]", c.source, c.quote) for c in answer.citations]
        checks += [(f"regel {v.rule}", rc.source, rc.quote) for v in answer.verdicts for rc in v.citations]
        if not checks:
            return _na(self.name, "ingen citater")
        invalid = [msg for msg in (self._check(*c) for c in checks) if msg is not None]
        value = (len(checks) - len(invalid)) / len(checks)
        if not invalid:
            return MetricResult(
                self.name, value, True, f"alle {len(checks)} citater findes ordret i kilderne"
            )
        return MetricResult(self.name, value, False, "; ".join(invalid))


class VerdictAccuracy:
    """Every expected verdict key has the expected value in some verdict of the answer."""

    name = "verdict_accuracy"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        expected = item.expected.verdict
        if expected is None:
            return _na(self.name, "ingen regelafgørelse forventet")
        wrong: list[str] = []
        for key, want in expected.items():
            got = [getattr(v, key) for v in answer.verdicts if getattr(v, key, None) is not None]
            if not any(type(g) is type(want) and g == want for g in got):
                shown = ", ".join(dict.fromkeys(_fmt_value(g) for g in got)) or "ingen"
                wrong.append(f"{key}: forventet {_fmt_value(want)}, fik {shown}")
        value = (len(expected) - len(wrong)) / len(expected)
        if not wrong:
            return MetricResult(self.name, value, True, f"alle {len(expected)} forventede afgørelser stemmer")
        return MetricResult(self.name, value, False, "; ".join(wrong))


class Clarification:
    """A case that lacks the deciding fact gets a clarifying question: no decided verdict, no refusal."""

    name = "clarification"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        if not item.expected.clarify:
            return _na(self.name, "intet opklarende spørgsmål forventet")
        asked = [v for v in answer.verdicts if v.missing]
        decided = [v for v in answer.verdicts if not v.missing and v.method is not None]
        if answer.abstained:
            return MetricResult(self.name, 0.0, False, "afstod i stedet for at spørge ind til sagen")
        if decided:
            got = ", ".join(dict.fromkeys(str(v.method) for v in decided))
            return MetricResult(self.name, 0.0, False, f"gættede en metode ({got}) i stedet for at spørge")
        if not asked:
            return MetricResult(self.name, 0.0, False, "stillede intet opklarende spørgsmål")
        slots = ", ".join(dict.fromkeys(s for v in asked for s in v.missing))
        return MetricResult(self.name, 1.0, True, f"spurgte ind til {slots}")


class Abstention:
    """The assistant abstains exactly when the item says the corpus cannot answer."""

    name = "abstention"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        want, got = item.expected.abstain, answer.abstained
        if want and got:
            return MetricResult(self.name, 1.0, True, "afstod korrekt")
        if not want and not got:
            return MetricResult(self.name, 1.0, True, "svarede korrekt")
        if want:
            return MetricResult(
                self.name, 0.0, False, "svarede, men korpus dækker ikke spørgsmålet (skulle afstå)"
            )
        return MetricResult(self.name, 0.0, False, "afstod, men korpus dækker spørgsmålet")


class Latency:
    """Informational: ``timings_ms["total"]`` of the answer, in milliseconds."""

    name = "latency_ms"

    def score(self, item: EvalItem, answer: Answer) -> MetricResult:
        total = answer.timings_ms.get("total")
        if total is None:
            return _na(self.name, "ingen tidsmåling i svaret")
        return MetricResult(self.name, float(total), None, f"{float(total):.0f} ms")


def default_metrics(texts: DocumentTexts) -> list[Metric]:
    return [
        FactRecall(),
        SourceHit(),
        QuoteSupport(),
        CitationValidity(texts),
        VerdictAccuracy(),
        Clarification(),
        Abstention(),
        Latency(),
    ]


# --------------------------------------------------------------------------- aggregation


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear-interpolation percentile (like numpy's default); ``p`` in [0, 100]."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100.0
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


@dataclass(frozen=True)
class Scored:
    """What aggregation needs of one item: its metric results, pass flag and abstention flags."""

    metrics: Mapping[str, MetricResult]
    passed: bool
    expected_abstain: bool
    abstained: bool


def summarize(items: Iterable[Scored]) -> dict[str, Any]:
    """Aggregate item results: ``{n, passed, pass_rate, <metric>: mean, abstention_precision, …}``.

    A metric's aggregate is the mean of its per-item values over the items it applies to
    (None when it applies to none); ``metrics[name]`` adds pass and applicability counts.
    """
    rows = list(items)
    n = len(rows)
    out: dict[str, Any] = {"n": n, "passed": sum(r.passed for r in rows)}
    out["pass_rate"] = out["passed"] / n if n else None
    detail: dict[str, dict[str, Any]] = {}
    for name in SCORED_METRICS:
        vals = [r.metrics[name] for r in rows if name in r.metrics and r.metrics[name].value is not None]
        mean = sum(m.value for m in vals if m.value is not None) / len(vals) if vals else None
        detail[name] = {"mean": mean, "passed": sum(m.passed is True for m in vals), "applicable": len(vals)}
        if name != "abstention":
            out[name] = mean
    tp = sum(r.expected_abstain and r.abstained for r in rows)
    fp = sum((not r.expected_abstain) and r.abstained for r in rows)
    fn = sum(r.expected_abstain and not r.abstained for r in rows)
    tn = sum((not r.expected_abstain) and not r.abstained for r in rows)
    out["abstention_precision"] = tp / (tp + fp) if tp + fp else None
    out["abstention_recall"] = tp / (tp + fn) if tp + fn else None
    out["abstention_accuracy"] = (tp + tn) / n if n else None
    out["abstention_confusion"] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    lat = [
        r.metrics["latency_ms"].value
        for r in rows
        if "latency_ms" in r.metrics and r.metrics["latency_ms"].value is not None
    ]
    lat_f = [float(v) for v in lat if v is not None]
    out["latency_p50_ms"] = percentile(lat_f, 50)
    out["latency_p95_ms"] = percentile(lat_f, 95)
    out["metrics"] = detail
    return out
