"""Reading a case: exact parsers for what is crisp, meaning for what is soft, and what was understood.

``CaseReader.read(text)`` returns a ``CaseReading``: the ``CaseProfile`` the rules decide on, the
topics the text asks about, and ``understood`` — every fact with where it came from ("tekst":
an exact phrase or number; "betydning": a sentence read by meaning, with its confidence), so the
answer can show "Forstået: 55 år · hjemløs · …" and a user can correct one fact.

- crisp slots (age, counts, durations, method, role, meetings, start conditions): the regular
  expressions and number parsers of ``assistant.rules.extract``;
- soft slots (ability to use other support, short or long need, housing situation):
  ``SemanticSlots`` when the exact phrases found nothing for them.

The rules stay deterministic given the profile; reading the profile is the only part that uses
the embedder, and without one (``semantic=None``) the reader is the exact parser alone.

    >>> r = CaseReader().read("En hjemløs ung på 22 har brug for langvarig støtte")
    >>> (r.profile.age, r.profile.housing_situation, r.profile.support_need)
    (22, 'homeless', 'long')
    >>> [u.source for u in r.understood]
    ['tekst', 'tekst', 'tekst', 'tekst']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.rules.extract import extract_profile, stated_unknown
from assistant.rules.persons import about_the_subject
from assistant.rules.profile import STAY_IMPLIES_HOMELESS, CaseProfile, fact_label
from assistant.rules.semantic import SOFT_SLOTS, Reading, SemanticSlots

# Slots shown in the "Forstået" line, in this order.
SHOWN_SLOTS: tuple[str, ...] = (
    "age", "young", "housing_situation", "stay", "housing_allocated", "support_ability", "support_need",
    "complex_needs", "psychiatric", "substance", "treatment_need", "months_in_cti", "method", "caseload",
    "team_size", "caseload_shared", "caseload_role", "meetings_per_year", "coordination_need",
    "in_samarbejdsmodellen",
)


@dataclass(frozen=True)
class Understood:
    """One fact of the case: ``source`` is "tekst" (exact), "betydning" (read by meaning) or
    "rettet" (set by the user); ``evidence`` the sentence it was read from (meaning only)."""

    slot: str
    value: Any
    source: str
    confidence: float = 1.0
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "value": self.value, "source": self.source,
                "confidence": round(self.confidence, 2), "evidence": self.evidence}


@dataclass(frozen=True)
class CaseReading:
    profile: CaseProfile
    understood: tuple[Understood, ...]


class CaseReader:
    """Exact parsers plus, optionally, ``SemanticSlots`` for the soft slots."""

    def __init__(self, semantic: SemanticSlots | None = None) -> None:
        self.semantic = semantic

    def read(self, text: str, *, expecting: str | None = None, by_meaning: bool = True) -> CaseReading:
        """Read ``text``; ``expecting`` names the slot of a clarifying question just asked;
        ``by_meaning=False`` reads the exact facts only (no embedding)."""
        profile = extract_profile(text, expecting=expecting)
        exact = {k for k, v in profile.known().items()}
        readings: dict[str, Reading] = {}
        if self.semantic is not None and by_meaning:
            conflicted = {s for s, _ in profile.conflicts}
            unknown = stated_unknown(text)  # "we don't know yet how long she'll need support"
            for slot, r in self.semantic.read(about_the_subject(text)).items():
                if slot in exact or slot in conflicted or slot in unknown:
                    continue
                if slot == "housing_situation" and not _fits_stay(r.value, profile.stay):
                    continue
                readings[slot] = r
            if readings:
                profile = replace(profile, **{s: r.value for s, r in readings.items()})
        understood = [Understood(s, getattr(profile, s), "tekst") for s in SHOWN_SLOTS if s in exact]
        understood += [
            Understood(s, r.value, "betydning", r.confidence, r.sentence) for s, r in readings.items()
        ]
        order = {s: i for i, s in enumerate(SHOWN_SLOTS)}
        understood.sort(key=lambda u: order.get(u.slot, 99))
        return CaseReading(profile, tuple(understood))


def _fits_stay(value: str, stay: str | None) -> bool:
    """A housing situation read by meaning must not contradict where the text says they stay."""
    if stay is None:
        return True
    if stay in STAY_IMPLIES_HOMELESS:
        return value == "homeless"
    if stay == "own_home":
        return value in ("housed", "at_risk")
    return True


__all__ = ["SOFT_SLOTS", "SHOWN_SLOTS", "CaseReader", "CaseReading", "Understood"]


def understood_line(understood: Sequence[Understood], lang: str = "da") -> str:
    """The facts a verdict used, as one short line: "Forstået: 55 år · hjemløs · langvarigt
    behov". A fact read by meaning (not stated in so many words) is marked "(tolket)"; one the
    user set is marked "(rettet)". Empty string when nothing was understood.

    >>> understood_line([Understood("age", 55, "tekst"), Understood("support_need", "long", "betydning", 0.8)])
    'Forstået: 55 år · langvarigt behov (tolket)'
    >>> understood_line([Understood("caseload", 11, "rettet")], "en")
    'Understood: 11 clients (corrected)'
    """
    if not understood:
        return ""
    da = lang != "en"
    marks = {"betydning": " (tolket)" if da else " (interpreted)", "rettet": " (rettet)" if da else " (corrected)"}
    parts = [fact_label(u.slot, u.value, lang) + marks.get(u.source, "") for u in understood]
    return ("Forstået: " if da else "Understood: ") + " · ".join(parts)
