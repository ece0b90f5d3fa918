"""A small declarative condition language with three-valued logic.

A condition is plain data (from ``corpus/rules.yaml``):

    {slot: support_ability, eq: high}          # equality
    {slot: housing_situation, in: [homeless, at_risk]}
    {slot: months_in_cti, ge: 3}               # lt / le / gt / ge on numbers
    {absent: method}  /  {present: method}     # is the slot known?
    {all: [...]}  /  {any: [...]}  /  {not: {...}}
    {always: true}

``check(cond, profile)`` returns ``Result(value, missing)``: ``value`` is True, False or
None (unknown, because a slot the answer depends on is missing); ``missing`` names those slots.

    >>> from assistant.rules.profile import CaseProfile
    >>> check({"all": [{"slot": "support_ability", "eq": "high"},
    ...                {"slot": "support_need", "eq": "short"}]},
    ...       CaseProfile(support_ability="high")).missing
    ('support_need',)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.rules.profile import BOOL_SLOTS, DOMAINS, FLOAT_SLOTS, INT_SLOTS, SLOT_NAMES, CaseProfile

COMPARATORS = ("eq", "in", "lt", "le", "gt", "ge")


@dataclass(frozen=True)
class Result:
    value: bool | None
    missing: tuple[str, ...] = ()


class ConditionError(ValueError):
    """Raised by ``validate`` with a message naming the bad part; the loader adds the rule id."""


def validate(cond: Any, where: str = "when") -> None:
    """Raise ConditionError when ``cond`` is not a well-formed condition."""
    if not isinstance(cond, dict) or not cond:
        raise ConditionError(f"{where}: en betingelse skal være en ikke-tom mapping, fik {cond!r}")
    if "all" in cond or "any" in cond:
        key = "all" if "all" in cond else "any"
        if len(cond) != 1 or not isinstance(cond[key], list) or not cond[key]:
            raise ConditionError(f"{where}.{key}: skal være en ikke-tom liste og stå alene")
        for i, sub in enumerate(cond[key]):
            validate(sub, f"{where}.{key}[{i}]")
        return
    if "not" in cond:
        if len(cond) != 1:
            raise ConditionError(f"{where}.not: skal stå alene")
        validate(cond["not"], f"{where}.not")
        return
    if "always" in cond:
        if cond != {"always": True}:
            raise ConditionError(f"{where}: brug {{always: true}}")
        return
    for key in ("absent", "present"):
        if key in cond:
            if len(cond) != 1 or cond[key] not in SLOT_NAMES:
                raise ConditionError(f"{where}.{key}: ukendt felt {cond[key]!r}")
            return
    slot = cond.get("slot")
    if slot not in SLOT_NAMES:
        raise ConditionError(f"{where}.slot: ukendt felt {slot!r}")
    ops = [k for k in cond if k != "slot"]
    if len(ops) != 1 or ops[0] not in COMPARATORS:
        raise ConditionError(f"{where}: brug præcis én af {', '.join(COMPARATORS)} sammen med slot")
    op = ops[0]
    operand = cond[op]
    values = operand if op == "in" else [operand]
    if op == "in" and (not isinstance(operand, list) or not operand):
        raise ConditionError(f"{where}.in: skal være en ikke-tom liste")
    for v in values:
        _check_value(slot, op, v, where)


def _check_value(slot: str, op: str, v: Any, where: str) -> None:
    if op in ("lt", "le", "gt", "ge"):
        if slot not in INT_SLOTS + FLOAT_SLOTS or isinstance(v, bool) or not isinstance(v, int | float):
            raise ConditionError(f"{where}.{op}: kræver et talfelt og et tal, fik {slot}={v!r}")
        return
    if slot in DOMAINS and v not in DOMAINS[slot]:
        raise ConditionError(
            f"{where}.{op}: {v!r} er ikke en gyldig værdi for {slot} ({', '.join(DOMAINS[slot])})"
        )
    if slot in BOOL_SLOTS and not isinstance(v, bool):
        raise ConditionError(f"{where}.{op}: {slot} er sand/falsk, fik {v!r}")


def check(cond: dict[str, Any], profile: CaseProfile) -> Result:
    """Evaluate ``cond`` with Kleene three-valued logic (see module docstring)."""
    if "all" in cond:
        results = [check(c, profile) for c in cond["all"]]
        if any(r.value is False for r in results):
            return Result(False)
        missing = _union(r.missing for r in results if r.value is None)
        return Result(None, missing) if missing else Result(True)
    if "any" in cond:
        results = [check(c, profile) for c in cond["any"]]
        if any(r.value is True for r in results):
            return Result(True)
        missing = _union(r.missing for r in results if r.value is None)
        return Result(None, missing) if missing else Result(False)
    if "not" in cond:
        r = check(cond["not"], profile)
        return r if r.value is None else Result(not r.value)
    if "always" in cond:
        return Result(True)
    if "absent" in cond:
        return Result(getattr(profile, cond["absent"]) is None)
    if "present" in cond:
        return Result(getattr(profile, cond["present"]) is not None)
    slot = cond["slot"]
    value = getattr(profile, slot)
    if value is None:
        return Result(None, (slot,))
    if "eq" in cond:
        return Result(value == cond["eq"])
    if "in" in cond:
        return Result(value in cond["in"])
    if "lt" in cond:
        return Result(value < cond["lt"])
    if "le" in cond:
        return Result(value <= cond["le"])
    if "gt" in cond:
        return Result(value > cond["gt"])
    return Result(value >= cond["ge"])


def _union(groups: Any) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        out += list(g)
    return tuple(dict.fromkeys(out))
