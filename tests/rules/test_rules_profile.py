from __future__ import annotations

import pytest

from assistant.rules import CaseProfile, CaseProfileError

pytestmark = pytest.mark.unit


def test_merge_later_non_none_wins_and_keeps_the_rest() -> None:
    a = CaseProfile(age=22, support_need="short", housing_situation="homeless")
    b = CaseProfile(support_need="long", housing_allocated=False)
    m = a.merge(b)
    assert (m.age, m.support_need, m.housing_situation, m.housing_allocated) == (
        22,
        "long",
        "homeless",
        False,
    )


def test_merge_resolves_a_conflict_for_the_slot_it_sets() -> None:
    a = CaseProfile(conflicts=(("housing_allocated", ("True", "False")),))
    assert a.contradictions()
    assert a.merge(CaseProfile(housing_allocated=True)).contradictions() == []
    assert a.merge(CaseProfile(age=40)).conflicts == a.conflicts


def test_round_trip_dict() -> None:
    p = CaseProfile(
        age=22, months_in_cti=4.5, caseload_role="ICM", conflicts=(("stay", ("street", "own_home")),)
    )
    d = p.to_dict()
    assert d["conflicts"] == {"stay": ["street", "own_home"]}
    assert d["months_in_cti"] == 4.5
    assert CaseProfile.from_dict(d) == p


def test_from_dict_rejects_unknown_fields() -> None:
    with pytest.raises(CaseProfileError, match="Ukendte felter i sagsprofilen: shoe_size"):
        CaseProfile.from_dict({"shoe_size": 43})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"support_ability": "medium"},
            "Ugyldig værdi 'medium' for support_ability. Brug en af: high, some, low.",
        ),
        ({"caseload": -1}, "caseload skal være et helt tal på 0 eller derover, ikke -1."),
        ({"months_in_cti": -0.5}, "months_in_cti skal være et tal på 0 eller derover, ikke -0.5."),
        ({"housing_allocated": "ja"}, "housing_allocated skal være sand/falsk (True/False), ikke 'ja'."),
    ],
)
def test_invalid_values_are_refused(kwargs, message) -> None:
    with pytest.raises(CaseProfileError) as err:
        CaseProfile(**kwargs)
    assert str(err.value) == message


def test_months_are_stored_as_float() -> None:
    assert CaseProfile(months_in_cti=5).months_in_cti == 5.0


def test_derived_values() -> None:
    d = CaseProfile(age=29, stay="sofa", method="ICM").derived()
    assert (d.young, d.housing_situation, d.caseload_role) == (True, "homeless", "ICM")
    assert CaseProfile(age=30).derived().young is False
    assert CaseProfile(age=30, young=True).derived().young is True  # never overrides a set value


def test_contradictions() -> None:
    assert CaseProfile(housing_situation="housed", stay="street").contradictions() == [
        "Oplysningerne modsiger hinanden: borgeren beskrives både som en, der har egen bolig, og som en, "
        "der sover på gaden. Oplys, hvor borgeren bor nu."
    ]
    assert CaseProfile(housing_situation="homeless", stay="own_home").contradictions() == [
        "Oplysningerne modsiger hinanden: borgeren beskrives både som hjemløs og som boende i egen bolig. "
        "Oplys, hvor borgeren bor nu."
    ]
    assert CaseProfile(age=45, young=True).contradictions() == [
        "Oplysningerne modsiger hinanden: borgeren er 45 år, men beskrives som ung (under 30 år). "
        "Oplys borgerens alder."
    ]
    assert (
        CaseProfile(housing_situation="homeless", stay="shelter", age=22, young=True).contradictions() == []
    )
