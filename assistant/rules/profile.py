"""The case profile: what we know about one citizen, every field optional.

A ``CaseProfile`` is filled from free text (``extract_profile``), from the case-check form,
or by merging a follow-up answer into an earlier profile (``merge``: later non-None wins).
The rules read it; they never guess a value that is ``None``.

    >>> p = CaseProfile(age=22, housing_situation="homeless")
    >>> p.derived().young
    True
    >>> p.merge(CaseProfile(support_need="long")).to_dict()["support_need"]
    'long'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from assistant.errors import MetodeguideError

YOUNG_MAX_AGE = 29  # "unge" in the youth guide (003): up to and including 29 years

# Allowed values per enumerated slot. Booleans and numbers are checked by type.
DOMAINS: dict[str, tuple[str, ...]] = {
    "housing_situation": ("homeless", "at_risk", "housed"),
    "stay": ("street", "shelter", "sofa", "institution", "prison", "own_home"),
    "support_ability": ("high", "some", "low"),
    "support_need": ("short", "long", "none"),
    "method": ("CTI", "ICM", "ACT", "SAMARBEJDSMODELLEN"),
    "caseload_role": ("CTI", "ICM", "ACT", "MYNDIGHEDSKOORDINATOR"),
}
BOOL_SLOTS = (
    "housing_allocated", "complex_needs", "psychiatric", "substance", "treatment_need", "young", "coordination_need",
    "in_samarbejdsmodellen", "caseload_shared",
)
INT_SLOTS = ("age", "caseload", "meetings_per_year", "team_size")
FLOAT_SLOTS = ("months_in_cti",)
# Where the person stays -> housing situation it implies (Socialstyrelsen's definition of
# homelessness counts the street, shelters and staying with others without a contract).
STAY_IMPLIES_HOMELESS = ("street", "shelter", "sofa")


class CaseProfileError(MetodeguideError):
    """A profile value is out of range; the message names the field and the allowed values."""


@dataclass(frozen=True)
class CaseProfile:
    """Facts about one case. ``None`` means "not known" – never "no".

    ``conflicts`` lists slots for which the same text gave two different values
    (e.g. "har fået tildelt en bolig" and "har ikke fundet en bolig"); such a slot is left
    ``None`` and ``contradictions()`` reports it.
    """

    age: int | None = None
    young: bool | None = None
    housing_situation: str | None = None
    stay: str | None = None
    housing_allocated: bool | None = None
    support_ability: str | None = None
    support_need: str | None = None
    complex_needs: bool | None = None
    psychiatric: bool | None = None
    substance: bool | None = None
    treatment_need: bool | None = None
    months_in_cti: float | None = None
    method: str | None = None
    caseload: int | None = None
    # Staff sharing ``caseload`` ("ACT-teamet består af 5 medarbejdere og har 38 borgere"):
    # the caseload rules then compare caseload / team_size with the limit per worker.
    team_size: int | None = None
    # ``caseload`` is a whole team's total ("ICM-teamet har 30 borgere"): without ``team_size`` the
    # number per worker is unknown, and the caseload rules ask for the team's size.
    caseload_shared: bool | None = None
    caseload_role: str | None = None
    meetings_per_year: int | None = None
    # The young person needs the coordinating effort of Samarbejdsmodellen (several agencies to
    # hold together); False once it is no longer needed (Ungeguiden, trin 7).
    coordination_need: bool | None = None
    # The text states the person is in (or visited to) Samarbejdsmodellen beside the bostøtte:
    # "visiteret til CTI + samarbejdsmodel"; a verdict about that bostøtte says so.
    in_samarbejdsmodellen: bool | None = None
    conflicts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        for name, allowed in DOMAINS.items():
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise CaseProfileError(
                    f"Ugyldig værdi {value!r} for {name}. Brug en af: {', '.join(allowed)}."
                )
        for name in BOOL_SLOTS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise CaseProfileError(f"{name} skal være sand/falsk (True/False), ikke {value!r}.")
        for name in INT_SLOTS:
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise CaseProfileError(f"{name} skal være et helt tal på 0 eller derover, ikke {value!r}.")
        if self.months_in_cti is not None:
            m = self.months_in_cti
            if isinstance(m, bool) or not isinstance(m, int | float) or m < 0:
                raise CaseProfileError(f"months_in_cti skal være et tal på 0 eller derover, ikke {m!r}.")
            object.__setattr__(self, "months_in_cti", float(m))

    # -- combining -------------------------------------------------------------------------
    def merge(self, other: CaseProfile) -> CaseProfile:
        """Return a profile where ``other``'s non-None values win (follow-up answers).

        A conflict in ``self`` is resolved when ``other`` gives that slot a value. A new age
        replaces what the old one implied (``young``) unless ``other`` states that too.

        >>> CaseProfile(age=52, young=False).merge(CaseProfile(age=25)).derived().young
        True
        >>> CaseProfile(method="CTI", caseload_role="CTI").merge(CaseProfile(method="ICM")).derived().caseload_role
        'ICM'
        """
        changes: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "conflicts":
                continue
            value = getattr(other, f.name)
            if value is not None:
                changes[f.name] = value
        if other.age is not None and other.young is None:
            changes["young"] = None
        # "what about ICM?" after a CTI worker's caseload: the worker's role was the old method
        if other.method is not None and other.caseload_role is None and self.caseload_role == self.method:
            changes["caseload_role"] = None
        kept = tuple((s, v) for s, v in self.conflicts if s not in changes)
        own = {s for s, _ in other.conflicts}
        kept = tuple((s, v) for s, v in kept if s not in own) + other.conflicts
        return replace(self, **changes, conflicts=kept)

    def derived(self) -> CaseProfile:
        """Fill values that follow from others: ``young`` from ``age``, homelessness from
        where the person stays, and the caseload role from the method (CTI/ICM/ACT).
        Never overrides a value that is set."""
        changes: dict[str, Any] = {}
        if self.young is None and self.age is not None:
            changes["young"] = self.age <= YOUNG_MAX_AGE
        if self.housing_situation is None and self.stay in STAY_IMPLIES_HOMELESS:
            changes["housing_situation"] = "homeless"
        if self.caseload_role is None and self.method in ("CTI", "ICM", "ACT"):
            changes["caseload_role"] = self.method
        return replace(self, **changes) if changes else self

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, ()) for f in fields(self))

    def known(self) -> dict[str, Any]:
        """The slots that have a value (conflicts excluded)."""
        return {k: v for k, v in self.to_dict().items() if v is not None and k != "conflicts"}

    # -- consistency -----------------------------------------------------------------------
    def contradictions(self) -> list[str]:
        """Danish messages, one per contradiction; empty when the profile is consistent.

        >>> CaseProfile(housing_situation="housed", stay="street").contradictions()[0][:40]
        'Oplysningerne modsiger hinanden: borgere'
        """
        out: list[str] = []
        for slot, values in self.conflicts:
            shown = " og ".join(phrase_da(slot, _parse_value(slot, v)) for v in values)
            out.append(
                f"Teksten giver to forskellige oplysninger om {SLOT_LABELS_DA.get(slot, slot)}: "
                f"at borgeren {shown}. Oplys, hvad der er rigtigt."
            )
        if self.housing_situation == "housed" and self.stay in STAY_IMPLIES_HOMELESS:
            out.append(
                "Oplysningerne modsiger hinanden: borgeren beskrives både som en, der har egen bolig, "
                f"og som en, der {phrase_da('stay', self.stay)}. Oplys, hvor borgeren bor nu."
            )
        if self.housing_situation == "homeless" and self.stay == "own_home":
            out.append(
                "Oplysningerne modsiger hinanden: borgeren beskrives både som hjemløs og som boende "
                "i egen bolig. Oplys, hvor borgeren bor nu."
            )
        if self.age is not None and self.young is not None and self.young != (self.age <= YOUNG_MAX_AGE):
            word = "ung (under 30 år)" if self.young else "voksen (30 år eller ældre)"
            out.append(
                f"Oplysningerne modsiger hinanden: borgeren er {self.age} år, men beskrives som {word}. "
                "Oplys borgerens alder."
            )
        return out

    def contradiction_slots(self) -> tuple[str, ...]:
        slots: list[str] = [s for s, _ in self.conflicts]
        if self.housing_situation == "housed" and self.stay in STAY_IMPLIES_HOMELESS:
            slots += ["housing_situation", "stay"]
        if self.housing_situation == "homeless" and self.stay == "own_home":
            slots += ["housing_situation", "stay"]
        if self.age is not None and self.young is not None and self.young != (self.age <= YOUNG_MAX_AGE):
            slots += ["age"]
        return tuple(dict.fromkeys(slots))

    # -- (de)serialisation -----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        d["conflicts"] = {s: list(v) for s, v in self.conflicts}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CaseProfile:
        """Build from ``to_dict()`` output or a form; unknown keys raise CaseProfileError."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise CaseProfileError(
                f"Ukendte felter i sagsprofilen: {', '.join(unknown)}. "
                f"Tilladte felter: {', '.join(sorted(names))}."
            )
        values = dict(d)
        raw_conflicts = values.pop("conflicts", None) or {}
        conflicts = tuple((str(s), tuple(str(x) for x in v)) for s, v in dict(raw_conflicts).items())
        return cls(**values, conflicts=conflicts)


SLOT_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CaseProfile) if f.name != "conflicts")

SLOT_LABELS_DA: dict[str, str] = {
    "age": "alder",
    "young": "om borgeren er ung",
    "housing_situation": "boligsituationen",
    "stay": "hvor borgeren opholder sig",
    "housing_allocated": "om der er tildelt en bolig",
    "support_ability": "evnen til at bruge andre tilbud",
    "support_need": "støttebehovets varighed",
    "complex_needs": "komplekse støttebehov",
    "psychiatric": "psykisk sygdom",
    "substance": "misbrug",
    "treatment_need": "behandlingsbehov",
    "months_in_cti": "antal måneder i CTI-forløbet",
    "method": "metoden",
    "caseload": "antal borgere pr. medarbejder",
    "team_size": "antal medarbejdere, der deler borgerne",
    "caseload_shared": "om antallet er hele teamets",
    "caseload_role": "medarbejderens funktion",
    "meetings_per_year": "antal netværksmøder om året",
    "coordination_need": "behovet for koordinering",
    "in_samarbejdsmodellen": "om den unge er i Samarbejdsmodellen",
}

# Subordinate-clause phrases ("..., fordi borgeren <phrase>").
_PHRASES_DA: dict[str, dict[Any, str]] = {
    "support_ability": {
        "high": "i høj grad selv kan bruge andre tilbud",
        "some": "i nogen grad kan bruge andre tilbud",
        "low": "kun i lav grad kan bruge andre tilbud",
    },
    "support_need": {
        "short": "har brug for kortvarig støtte i en overgang",
        "long": "har brug for langvarig støtte",
        "none": "ikke har brug for bostøtte",
    },
    "housing_situation": {
        "homeless": "er i hjemløshed",
        "at_risk": "er i risiko for hjemløshed",
        "housed": "har egen bolig",
    },
    "stay": {
        "street": "sover på gaden",
        "shelter": "bor på en § 110-boform (herberg eller forsorgshjem)",
        "sofa": "sover hos andre uden kontrakt (sofasurfer)",
        "institution": "opholder sig på en institution",
        "prison": "er i fængsel",
        "own_home": "bor i egen bolig",
    },
    "housing_allocated": {
        True: "har fået tildelt en bolig eller skrevet under på en lejekontrakt",
        False: "endnu ikke har fået tildelt en bolig",
    },
    "complex_needs": {True: "har komplekse støttebehov", False: "ikke har komplekse støttebehov"},
    "psychiatric": {True: "har en psykisk lidelse", False: "ikke har en psykisk lidelse"},
    "substance": {True: "har et misbrug", False: "ikke har et misbrug"},
    "treatment_need": {True: "har behov for behandling", False: "ikke har behov for behandling"},
    "young": {True: "er ung (under 30 år)", False: "er voksen (30 år eller ældre)"},
    "coordination_need": {
        True: "har brug for en koordinerende indsats",
        False: "ikke længere har brug for den koordinerende indsats",
    },
    "in_samarbejdsmodellen": {True: "er i Samarbejdsmodellen", False: "ikke er i Samarbejdsmodellen"},
    "caseload_shared": {True: "er hele teamets antal", False: "er den enkelte medarbejders antal"},
}

_PHRASES_EN: dict[str, dict[Any, str]] = {
    "support_ability": {
        "high": "can to a high degree use other services",
        "some": "can to some degree use other services",
        "low": "can only to a low degree use other services",
    },
    "support_need": {
        "short": "needs short-term support in a transition",
        "long": "needs long-term support",
        "none": "does not need housing support",
    },
    "housing_situation": {
        "homeless": "is homeless",
        "at_risk": "is at risk of homelessness",
        "housed": "has a home",
    },
    "stay": {
        "street": "sleeps on the street",
        "shelter": "lives in a shelter (§ 110)",
        "sofa": "stays with others without a lease (sofa surfing)",
        "institution": "is in an institution",
        "prison": "is in prison",
        "own_home": "lives in their own home",
    },
    "housing_allocated": {True: "has been allocated housing", False: "has not yet been allocated housing"},
    "complex_needs": {True: "has complex needs", False: "has no complex needs"},
    "psychiatric": {True: "has a mental illness", False: "has no mental illness"},
    "substance": {True: "has a substance problem", False: "has no substance problem"},
    "treatment_need": {True: "needs treatment", False: "does not need treatment"},
    "young": {True: "is young (under 30)", False: "is an adult (30 or older)"},
    "coordination_need": {True: "needs a coordinating effort", False: "no longer needs the coordinating effort"},
    "in_samarbejdsmodellen": {True: "is in Samarbejdsmodellen", False: "is not in Samarbejdsmodellen"},
    "caseload_shared": {True: "is the whole team's number", False: "is one worker's number"},
}


def _parse_value(slot: str, text: str) -> Any:
    if slot in BOOL_SLOTS:
        return text == "True"
    return text


def fmt_number(x: float | int, lang: str = "da") -> str:
    """5.0 -> '5', 2.9 -> '2,9' (Danish decimal comma) or '2.9' (English)."""
    if float(x).is_integer():
        return str(int(x))
    s = f"{float(x):.1f}"
    return s.replace(".", ",") if lang == "da" else s


def phrase_da(slot: str, value: Any) -> str:
    """Danish subordinate-clause phrase for a slot value ("har brug for langvarig støtte")."""
    return _phrase(_PHRASES_DA, slot, value, "da")


def phrase_en(slot: str, value: Any) -> str:
    return _phrase(_PHRASES_EN, slot, value, "en")


def _phrase(table: dict[str, dict[Any, str]], slot: str, value: Any, lang: str) -> str:
    if slot in table and value in table[slot]:
        return table[slot][value]
    if slot == "age":
        return f"er {value} år" if lang == "da" else f"is {value} years old"
    if slot == "months_in_cti":
        n = fmt_number(value, lang)
        return f"er {n} måneder inde i CTI-forløbet" if lang == "da" else f"is {n} months into CTI"
    if slot == "team_size":
        return f"deles af {value} medarbejdere" if lang == "da" else f"are shared by {value} workers"
    return f"{slot}={value}"


def validate_corrections(fixes: Any) -> dict[str, Any]:
    """Check user corrections of a case (``{slot: value}``) and return them as a plain dict.

    ``None`` as a value means "not known" (the fact is removed). Raises ``CaseProfileError``
    naming the slot for an unknown slot or a value outside its domain.

    >>> validate_corrections({"support_need": "long", "months_in_cti": 4})
    {'support_need': 'long', 'months_in_cti': 4.0}
    >>> validate_corrections({"mood": "glad"})
    Traceback (most recent call last):
    ...
    assistant.rules.profile.CaseProfileError: Ukendt oplysning 'mood'. Brug en af: age, young, ...
    """
    if not isinstance(fixes, Mapping):
        raise CaseProfileError(f"Rettelser skal være en tabel {{oplysning: værdi}}, ikke {type(fixes).__name__}.")
    names = [f.name for f in fields(CaseProfile) if f.name != "conflicts"]
    out: dict[str, Any] = {}
    for slot, value in fixes.items():
        if slot not in names:
            raise CaseProfileError(f"Ukendt oplysning {slot!r}. Brug en af: {', '.join(names)}.")
        checked = CaseProfile(**{slot: value})  # raises CaseProfileError for a bad value
        out[slot] = getattr(checked, slot)
    return out


# Short noun-phrase labels for the "Forstået:" line of a verdict ("55 år · hjemløs · langvarigt behov").
_LABELS: dict[str, dict[str, dict[Any, str]]] = {
    "da": {
        "young": {True: "under 30 år", False: "30 år eller ældre"},
        "housing_situation": {"homeless": "hjemløs", "at_risk": "i risiko for hjemløshed", "housed": "har egen bolig"},
        "stay": {
            "street": "sover på gaden",
            "shelter": "på herberg/forsorgshjem",
            "sofa": "sofasurfer hos andre",
            "institution": "på institution",
            "prison": "i fængsel",
            "own_home": "i egen bolig",
        },
        "housing_allocated": {True: "bolig fundet", False: "ingen bolig endnu"},
        "support_ability": {
            "high": "kan i høj grad bruge andre tilbud",
            "some": "kan i nogen grad bruge andre tilbud",
            "low": "kan i lav grad bruge andre tilbud",
        },
        "support_need": {
            "short": "kortvarigt behov i en overgang",
            "long": "langvarigt behov",
            "none": "intet behov for bostøtte",
        },
        "complex_needs": {True: "komplekse behov", False: "ingen komplekse behov"},
        "psychiatric": {True: "psykisk lidelse", False: "ingen psykisk lidelse"},
        "substance": {True: "misbrug", False: "intet misbrug"},
        "treatment_need": {True: "behov for behandling", False: "intet behov for behandling"},
        "coordination_need": {True: "behov for koordinering", False: "intet behov for koordinering"},
        "in_samarbejdsmodellen": {True: "i Samarbejdsmodellen", False: "ikke i Samarbejdsmodellen"},
        "caseload_shared": {True: "hele teamets antal", False: "én medarbejders antal"},
        "caseload_role": {"MYNDIGHEDSKOORDINATOR": "myndighedskoordinator"},
    },
    "en": {
        "young": {True: "under 30", False: "30 or older"},
        "housing_situation": {"homeless": "homeless", "at_risk": "at risk of homelessness", "housed": "has a home"},
        "stay": {
            "street": "sleeps on the street",
            "shelter": "in a shelter",
            "sofa": "sofa surfing",
            "institution": "in an institution",
            "prison": "in prison",
            "own_home": "in own home",
        },
        "housing_allocated": {True: "housing found", False: "no housing yet"},
        "support_ability": {
            "high": "can to a high degree use other services",
            "some": "can to some degree use other services",
            "low": "can to a low degree use other services",
        },
        "support_need": {
            "short": "short-term need in a transition",
            "long": "long-term need",
            "none": "no need for housing support",
        },
        "complex_needs": {True: "complex needs", False: "no complex needs"},
        "psychiatric": {True: "mental illness", False: "no mental illness"},
        "substance": {True: "substance problem", False: "no substance problem"},
        "treatment_need": {True: "needs treatment", False: "no treatment need"},
        "coordination_need": {True: "needs coordination", False: "no coordination need"},
        "in_samarbejdsmodellen": {True: "in Samarbejdsmodellen", False: "not in Samarbejdsmodellen"},
        "caseload_shared": {True: "the whole team's number", False: "one worker's number"},
        "caseload_role": {"MYNDIGHEDSKOORDINATOR": "case coordinator"},
    },
}


def fact_label(slot: str, value: Any, lang: str = "da") -> str:
    """A short label for one fact of a case, as the "Forstået:" line shows it.

    >>> [fact_label("age", 55), fact_label("support_need", "long"), fact_label("caseload", 11)]
    ['55 år', 'langvarigt behov', '11 borgere']
    >>> fact_label("months_in_cti", 3.7, "en")
    '3.7 months in CTI'
    """
    da = lang != "en"
    table = _LABELS["da" if da else "en"].get(slot, {})
    if value in table:
        return table[value]
    if slot == "age":
        return f"{value} år" if da else f"{value} years old"
    if slot == "months_in_cti":
        n = fmt_number(value, "da" if da else "en")
        return f"{n} mdr. i egen bolig/CTI" if da else f"{n} months in CTI"
    if slot == "caseload":
        return f"{value} borgere" if da else f"{value} clients"
    if slot == "team_size":
        return f"{value} medarbejdere" if da else f"{value} workers"
    if slot == "meetings_per_year":
        return f"{value} netværksmøder om året" if da else f"{value} network meetings a year"
    if slot == "caseload_role":
        return f"{value}-medarbejder" if da else f"{value} worker"
    if slot == "method":
        return "Samarbejdsmodellen" if value == "SAMARBEJDSMODELLEN" else str(value)
    return f"{slot}={value}"


def join_da(parts: list[str], word: str = "og") -> str:
    """['a', 'b', 'c'] -> 'a, b og c'."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]
