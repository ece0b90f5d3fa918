"""Named rule evaluators. A rule's ``logic.evaluator`` picks one; its other keys are data.

Adding a rule means adding YAML that uses one of these. A genuinely new kind of logic is a
new class registered in ``EVALUATORS``; the engine does not change.

- ``decision``: ordered branches ``{when, outcome, explanation}`` plus ``otherwise``; the first
  branch whose condition is true wins; an unknown condition stops and asks for its slots.
- ``threshold``: compare a number slot (divided by the ``per`` slot when that is set, e.g.
  borgere per team member; when the ``shared`` flag says the number is a team's and ``per`` is
  unknown, ``per`` is asked for) with ``max`` (at most) or ``min`` (at least); sets
  ``limit`` and, when ``result`` names a field, that field to ok/not ok. A missing value is
  fine when ``value_optional`` is true: the verdict then states the limit.
- ``phase_bands``: map a number to the band ``from <= value < to``; at or past the last ``to``
  the ``beyond`` explanation applies and the result field is null.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.rules import conditions
from assistant.rules.profile import BOOL_SLOTS, FLOAT_SLOTS, INT_SLOTS, CaseProfile, fmt_number

OUTCOME_FIELDS: dict[str, tuple[type, ...]] = {
    "method": (str,),
    "with_samarbejdsmodellen": (bool,),
    "can_start_now": (bool,),
    "caseload_ok": (bool,),
    "limit": (int,),
    "cti_phase": (int,),
}
METHODS = ("CTI", "ICM", "ACT", "SAMARBEJDSMODELLEN")


@dataclass(frozen=True)
class Outcome:
    """What an evaluator decided: outcome fields, the explanation template, or missing slots."""

    fields: dict[str, Any] = field(default_factory=dict)
    template: str = ""
    missing: tuple[str, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)


class Evaluator(Protocol):
    def validate(self, logic: dict[str, Any]) -> None:
        """Raise ValueError("field: what is wrong") for malformed logic."""

    def templates(self, logic: dict[str, Any]) -> list[tuple[str, str]]:
        """(field path, template) pairs, so the loader can check their placeholders."""

    def evaluate(self, logic: dict[str, Any], profile: CaseProfile) -> Outcome: ...


def validate_outcome(outcome: Any, where: str) -> None:
    if not isinstance(outcome, dict):
        raise ValueError(f"{where}: skal være en mapping")
    for key, value in outcome.items():
        if key not in OUTCOME_FIELDS:
            raise ValueError(f"{where}.{key}: ukendt resultatfelt (tilladt: {', '.join(OUTCOME_FIELDS)})")
        if value is None:
            continue
        if isinstance(value, bool) and bool not in OUTCOME_FIELDS[key]:
            raise ValueError(f"{where}.{key}: forkert type {value!r}")
        if not isinstance(value, OUTCOME_FIELDS[key]):
            raise ValueError(f"{where}.{key}: forkert type {value!r}")
        if key == "method" and value not in METHODS:
            raise ValueError(f"{where}.method: {value!r} er ikke en af {', '.join(METHODS)}")


def _require_str(logic: dict[str, Any], key: str) -> str:
    value = logic.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key}: mangler eller er ikke en tekst")
    return value


class Decision:
    def validate(self, logic: dict[str, Any]) -> None:
        branches = logic.get("branches")
        if not isinstance(branches, list) or not branches:
            raise ValueError("branches: skal være en ikke-tom liste")
        for i, b in enumerate(branches):
            if not isinstance(b, dict) or set(b) - {"when", "outcome", "explanation"}:
                raise ValueError(f"branches[{i}]: kun when, outcome og explanation er tilladt")
            try:
                conditions.validate(b.get("when"), f"branches[{i}].when")
            except conditions.ConditionError as err:
                raise ValueError(str(err)) from err
            validate_outcome(b.get("outcome", {}), f"branches[{i}].outcome")
            _require_str(b, "explanation")
        other = logic.get("otherwise")
        if not isinstance(other, dict):
            raise ValueError("otherwise: mangler (outcome og explanation)")
        validate_outcome(other.get("outcome", {}), "otherwise.outcome")
        _require_str(other, "explanation")

    def templates(self, logic: dict[str, Any]) -> list[tuple[str, str]]:
        out = [(f"branches[{i}].explanation", b["explanation"]) for i, b in enumerate(logic["branches"])]
        return out + [("otherwise.explanation", logic["otherwise"]["explanation"])]

    def evaluate(self, logic: dict[str, Any], profile: CaseProfile) -> Outcome:
        for branch in logic["branches"]:
            r = conditions.check(branch["when"], profile)
            if r.value is None:
                return Outcome(missing=r.missing)
            if r.value:
                return Outcome(fields=dict(branch.get("outcome", {})), template=branch["explanation"])
        other = logic["otherwise"]
        return Outcome(fields=dict(other.get("outcome", {})), template=other["explanation"])


def _number_slot(logic: dict[str, Any]) -> str:
    slot = logic.get("value")
    if slot not in INT_SLOTS + FLOAT_SLOTS:
        raise ValueError(f"value: {slot!r} er ikke et talfelt ({', '.join(INT_SLOTS + FLOAT_SLOTS)})")
    return str(slot)


def _result_field(logic: dict[str, Any]) -> str | None:
    result = logic.get("result")
    if result is not None and result not in OUTCOME_FIELDS:
        raise ValueError(f"result: ukendt resultatfelt {result!r}")
    return result


class Threshold:
    _EXPLANATIONS = ("ok", "not_ok", "no_value")

    def validate(self, logic: dict[str, Any]) -> None:
        _number_slot(logic)
        _result_field(logic)
        has_max, has_min = "max" in logic, "min" in logic
        if has_max == has_min:
            raise ValueError("max/min: angiv præcis én af max og min")
        bound = logic["max"] if has_max else logic["min"]
        if isinstance(bound, bool) or not isinstance(bound, int):
            raise ValueError(f"{'max' if has_max else 'min'}: skal være et helt tal")
        validate_outcome(logic.get("outcome", {}), "outcome")
        expl = logic.get("explanations")
        if not isinstance(expl, dict):
            raise ValueError("explanations: mangler (ok, not_ok, no_value)")
        for key in self._EXPLANATIONS:
            _require_str(expl, key)
        if not isinstance(logic.get("value_optional", False), bool):
            raise ValueError("value_optional: skal være true eller false")
        per = logic.get("per")
        if per is not None and per not in INT_SLOTS:
            raise ValueError(f"per: {per!r} er ikke et heltalsfelt ({', '.join(INT_SLOTS)})")
        shared = logic.get("shared")
        if shared is not None and (per is None or shared not in BOOL_SLOTS):
            raise ValueError(f"shared: {shared!r} skal være et ja/nej-felt ({', '.join(BOOL_SLOTS)}) og kræver per")

    def templates(self, logic: dict[str, Any]) -> list[tuple[str, str]]:
        return [(f"explanations.{k}", logic["explanations"][k]) for k in self._EXPLANATIONS]

    def evaluate(self, logic: dict[str, Any], profile: CaseProfile) -> Outcome:
        slot = logic["value"]
        value = getattr(profile, slot)
        is_max = "max" in logic
        limit = logic["max"] if is_max else logic["min"]
        fields_: dict[str, Any] = dict(logic.get("outcome", {}))
        fields_["limit"] = limit
        result = logic.get("result")
        ctx: dict[str, Any] = {"limit": limit}
        if value is None:
            if not logic.get("value_optional", False):
                return Outcome(missing=(slot,))
            if result:
                fields_[result] = None
            return Outcome(fields=fields_, template=logic["explanations"]["no_value"], context=ctx)
        per = getattr(profile, logic["per"]) if logic.get("per") else None
        if per is None and logic.get("per") and logic.get("shared") and getattr(profile, logic["shared"]) is True:
            return Outcome(missing=(logic["per"],))  # a team's total, and how many share it is unknown
        if per:
            value = value / per  # shared by a team: the number per worker
        ok = value <= limit if is_max else value >= limit
        if result:
            fields_[result] = ok
        ctx.update(value=fmt_number(round(value, 1)), diff=fmt_number(round(abs(value - limit), 1)))
        key = "ok" if ok else "not_ok"
        return Outcome(fields=fields_, template=logic["explanations"][key], context=ctx)


class PhaseBands:
    _EXPLANATIONS = ("in_band", "beyond")

    def validate(self, logic: dict[str, Any]) -> None:
        _number_slot(logic)
        _result_field(logic)
        bands = logic.get("bands")
        if not isinstance(bands, list) or not bands:
            raise ValueError("bands: skal være en ikke-tom liste")
        expected_from: float | None = None
        for i, b in enumerate(bands):
            if not isinstance(b, dict) or set(b) != {"from", "to", "phase", "name"}:
                raise ValueError(f"bands[{i}]: skal have præcis from, to, phase og name")
            if not all(isinstance(b[k], int | float) and not isinstance(b[k], bool) for k in ("from", "to")):
                raise ValueError(f"bands[{i}]: from og to skal være tal")
            if b["to"] <= b["from"]:
                raise ValueError(f"bands[{i}]: to skal være større end from")
            if expected_from is not None and b["from"] != expected_from:
                raise ValueError(
                    f"bands[{i}].from: skal være {expected_from} (båndene skal slutte op til hinanden)"
                )
            expected_from = b["to"]
        validate_outcome(logic.get("outcome", {}), "outcome")
        expl = logic.get("explanations")
        if not isinstance(expl, dict):
            raise ValueError("explanations: mangler (in_band, beyond)")
        for key in self._EXPLANATIONS:
            _require_str(expl, key)

    def templates(self, logic: dict[str, Any]) -> list[tuple[str, str]]:
        return [(f"explanations.{k}", logic["explanations"][k]) for k in self._EXPLANATIONS]

    def evaluate(self, logic: dict[str, Any], profile: CaseProfile) -> Outcome:
        slot = logic["value"]
        value = getattr(profile, slot)
        if value is None:
            return Outcome(missing=(slot,))
        fields_: dict[str, Any] = dict(logic.get("outcome", {}))
        result = logic.get("result")
        bands = logic["bands"]
        ctx: dict[str, Any] = {
            "value": fmt_number(value),
            "end": fmt_number(bands[-1]["to"]),
            "remaining": fmt_number(max(bands[-1]["to"] - value, 0)),  # months left of the course
        }
        for band in bands:
            if band["from"] <= value < band["to"]:
                if result:
                    fields_[result] = band["phase"]
                ctx.update(phase=band["phase"], phase_name=band["name"])
                return Outcome(fields=fields_, template=logic["explanations"]["in_band"], context=ctx)
        if result:
            fields_[result] = None
        return Outcome(fields=fields_, template=logic["explanations"]["beyond"], context=ctx)


EVALUATORS: dict[str, Evaluator] = {
    "decision": Decision(),
    "threshold": Threshold(),
    "phase_bands": PhaseBands(),
}

# Placeholders an explanation template may use besides the slot names.
CONTEXT_KEYS = ("facts", "subject", "Subject", "value", "limit", "diff", "phase", "phase_name", "end", "remaining")
