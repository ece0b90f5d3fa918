"""Decide whether the manuals answer a question — by combining signals, never one cutoff.

Signals (all cheap, all deterministic):
- rule applicability: a rule verdict means the manuals cover it;
- unknown terms: topic words of the question that occur nowhere in the corpus ("løn", "Finland");
- coverage: the IDF-weighted share of the question's topic terms found in the best evidence
  sentence and in the top retrieved chunks together;
- retriever agreement: whether the dense and lexical top hits point to the same passages.

The thresholds were calibrated on ``evals/sets/abstention.yaml`` (see README, "Abstention").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evidence import Evidence, Term, coverage
from assistant.text import content_stems
from assistant.types import Hit, Verdict

# Calibrated constants (see module docstring).
MIN_UNION_COVERAGE = 0.45
MIN_BEST_COVERAGE = 0.34
MAX_UNKNOWN_WEIGHT_SHARE = 0.35


@dataclass(frozen=True)
class AbstainDecision:
    abstain: bool
    reason: str
    union_coverage: float
    best_coverage: float
    unknown_terms: tuple[str, ...]


def decide(
    terms: Sequence[Term],
    hits: Sequence[Hit],
    evidence: Sequence[Evidence],
    verdicts: Sequence[Verdict],
    top_chunks: int = 3,
) -> AbstainDecision:
    if any(not v.rule.startswith("profile.") for v in verdicts):
        return AbstainDecision(False, "rule", 1.0, 1.0, ())
    if not terms:
        return AbstainDecision(True, "no topic terms", 0.0, 0.0, ())
    if not hits or not evidence:
        return AbstainDecision(True, "no evidence", 0.0, 0.0, ())
    unknown = tuple(sorted(t.word for t in terms if t.unknown))
    unknown_weight = sum(t.weight * t.strength for t in terms if t.unknown)
    known_weight = sum(t.weight for t in terms if not t.unknown)
    unknown_share = unknown_weight / ((unknown_weight + known_weight) or 1.0)
    if any(t.name for t in terms):
        return AbstainDecision(True, "unknown name", 0.0, 0.0, unknown)
    union: set[str] = set()
    for h in hits[:top_chunks]:
        union |= set(content_stems(h.chunk.text))
    union_cov = coverage(terms, union)
    best_cov = max(e.coverage for e in evidence[:5])
    # Coverage counts weak unknown words (inflections) only as much as their strength.
    scale = (known_weight + unknown_weight) / (sum(t.weight for t in terms) or 1.0)
    if scale > 0:
        union_cov = min(1.0, union_cov / scale)
        best_cov = min(1.0, best_cov / scale)
    if unknown_share > MAX_UNKNOWN_WEIGHT_SHARE:
        return AbstainDecision(True, "unknown terms", union_cov, best_cov, unknown)
    if union_cov < MIN_UNION_COVERAGE:
        return AbstainDecision(True, "low coverage", union_cov, best_cov, unknown)
    if best_cov < MIN_BEST_COVERAGE:
        return AbstainDecision(True, "no sentence covers the question", union_cov, best_cov, unknown)
    return AbstainDecision(False, "covered", union_cov, best_cov, unknown)
