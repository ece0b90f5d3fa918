"""Fitted numbers in one place: evidence weights, selection margin and the abstention model.

The values live in ``corpus/calibration.json`` (``Settings.calibration_path``), written by

    python -m evals.calibrate

which fits them on every labelled question set by k-fold cross-validation and records, next to
each group of values, what it was fitted on and the held-out-fold score it reached. The code
reads them through ``Calibration.load``; the built-in ``Calibration()`` holds the hand-set
starting values the fit begins from (used only when the file is missing).

Evidence score of a sentence = Σ weight[f] · feature[f] (features: ``assistant.evidence.FEATURES``).
Abstention: p(answerable) = σ(bias + Σ abstain_weights[f] · signal[f]) (signals:
``assistant.abstain.SIGNALS``); answer when p ≥ ``answer_threshold``; below it the answer says
the manuals do not state it, and shows the closest passage when p ≥ ``hedge_threshold``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

# Hand-set starting values (the weights the lexical scorer used before calibration).
DEFAULT_EVIDENCE_WEIGHTS: dict[str, float] = {
    "coverage": 1.0,
    "phrase": 0.0,
    "heading": 0.3,
    "heading_definition": 1.0,
    "rank_prior": 0.25,
    "dense": 0.0,
    "dense_z": 0.0,
    "dense_rank": 0.0,
    "number_cue": 0.15,
    "duration_cue": 0.2,
    "list_cue": 0.0,
    "definition_cue": 0.08,
    "defines_subject": 0.2,
    "fragment": -0.5,
    "long": -0.1,
    "question_mark": -0.3,
    "low_value": -0.5,
    "other_document": -0.2,
    "misses_name": 0.0,
    "uncatalogued": -0.04,
    "lost_number": -0.5,
}
# Features and signals that come from the embedder (zero for the lexical fallback).
DENSE_FEATURES = frozenset(
    {"dense", "dense_z", "dense_rank", "dense_best", "dense_best_z", "dense_margin", "unknown_pull"}
)
DEFAULT_ABSTAIN_WEIGHTS: dict[str, float] = {
    "dense_best_z": 0.0,
    "dense_best": 0.0,
    "dense_margin": 0.0,
    "unknown_pull": 0.0,
    "best_coverage": 4.0,
    "union_coverage": 4.0,
    "rare_unknown": -6.0,
    "unknown_name": -6.0,
    "number_missing": -2.0,
    "year_missing": 0.0,
}


@dataclass(frozen=True)
class Calibration:
    """All fitted constants of the answer path (see the module docstring)."""

    evidence_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_EVIDENCE_WEIGHTS))
    # Runners-up within this score distance of the best sentence are shown too.
    # Retrieval re-ranking: weight of a chunk's best-sentence dense similarity, in rank-1 votes.
    rerank_dense_weight: float = 0.0
    select_margin: float = 0.2
    max_sentences: int = 4
    abstain_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ABSTAIN_WEIGHTS))
    abstain_bias: float = -3.0
    answer_threshold: float = 0.5
    hedge_threshold: float = 0.25
    # Reading soft case facts by meaning (assistant.rules.semantic): a clause must be this much
    # closer to a value's phrasings than to the background, and than to the next value.
    case_min_relevance: float = 0.04
    case_min_margin: float = 0.015
    # Case or fact question (assistant.rules.intent): centroids, weights, bias, threshold; empty
    # until fitted (the exact cues decide then).
    case_intent: Mapping[str, Any] = field(default_factory=dict)
    # Everyday Danish words (Zipf >= this) never count as out-of-scope signals ("egentlig", "job").
    everyday_zipf: float = 3.5
    # An English question's words are unknown to the Danish manuals because of the language: an
    # English word this common (Zipf in general English; "extended" 4.2, "joined" 4.7) is no
    # out-of-scope signal either. Names always are.
    english_everyday_zipf: float = 3.5
    # The manuals are Danish, so an English question's best sentence similarity is lower for the
    # same content: this is added to an English question's ``dense_best`` (the mean difference
    # between answerable Danish and English questions of the labelled sets).
    english_dense_offset: float = 0.0
    # The embedder the dense weights were fitted with. Another embedder (or an index without
    # sentence vectors) uses the lexical model below and no dense evidence features.
    embedder: str = ""
    lexical_abstain_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ABSTAIN_WEIGHTS))
    lexical_abstain_bias: float = -3.0
    lexical_answer_threshold: float = 0.5
    # Provenance: what the values were fitted on and how well they held out (written by the fit).
    fitted: Mapping[str, Any] = field(default_factory=dict)

    def p_answerable(self, signals: Mapping[str, float]) -> float:
        """σ(bias + Σ w·signal) for the abstention signals of one question."""
        z = self.abstain_bias + sum(w * float(signals.get(k, 0.0)) for k, w in self.abstain_weights.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def for_embedder(self, name: str, has_sentences: bool) -> Calibration:
        """This calibration when it was fitted with ``name`` and the index has sentence vectors;
        otherwise its lexical fallback (no dense signals, the lexical abstention model)."""
        if has_sentences and (not self.embedder or name == self.embedder):
            return self
        from dataclasses import replace

        weights = {k: (0.0 if k in DENSE_FEATURES else v) for k, v in self.evidence_weights.items()}
        return replace(
            self,
            case_intent={},
            evidence_weights=weights,
            rerank_dense_weight=0.0,
            abstain_weights=dict(self.lexical_abstain_weights),
            abstain_bias=self.lexical_abstain_bias,
            answer_threshold=self.lexical_answer_threshold,
            hedge_threshold=self.lexical_answer_threshold / 2,
            embedder="",
        )

    def to_dict(self) -> dict[str, Any]:
        return {f.name: (dict(v) if isinstance(v := getattr(self, f.name), Mapping) else v) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Calibration:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ConfigError(f"Ukendte felter i kalibreringsfilen: {', '.join(unknown)}.")
        values = dict(d)
        for key, default in (
            ("evidence_weights", DEFAULT_EVIDENCE_WEIGHTS),
            ("abstain_weights", DEFAULT_ABSTAIN_WEIGHTS),
            ("lexical_abstain_weights", DEFAULT_ABSTAIN_WEIGHTS),
        ):
            if key in values:
                merged = {k: 0.0 for k in default}
                merged.update({str(k): float(v) for k, v in dict(values[key]).items()})
                values[key] = merged
        try:
            return cls(**values)
        except TypeError as exc:
            raise ConfigError(f"Kalibreringsfilen har ugyldige værdier: {exc}") from exc

    @classmethod
    def load(cls, path: Path) -> Calibration:
        """Read ``path``; the built-in starting values when it does not exist.

        Raises ``ConfigError`` (naming the file) when it exists but cannot be read.
        """
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(
                f"Kalibreringsfilen {path} kan ikke læses ({exc}). Skriv den igen med `python -m evals.calibrate`."
            ) from exc
        if not isinstance(data, dict):
            raise ConfigError(f"Kalibreringsfilen {path} skal være et JSON-objekt.")
        return cls.from_dict(data)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
