# ruff: noqa: E501  (exact expected Danish texts are kept on one line each)
"""The rules file: defaults, and malformed data named by rule id and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from assistant.errors import RuleDataError
from assistant.rules import RuleSet, evaluate, load_rules, parse_rules
from assistant.rules.loader import DEFAULT_RULES_PATH
from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

RAW = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))


def _rule(raw: dict, rule_id: str) -> dict:
    return next(r for r in raw["rules"] if r["id"] == rule_id)


def test_default_path_is_the_project_rules_file() -> None:
    assert DEFAULT_RULES_PATH == PROJECT_ROOT / "corpus" / "rules.yaml"
    rs = load_rules()
    assert isinstance(rs, RuleSet)
    assert [r.id for r in rs.rules] == [
        "method.adult",
        "method.youth",
        "start.cti",
        "start.icm",
        "start.samarbejdsmodellen",
        "caseload.cti",
        "caseload.icm",
        "caseload.act",
        "caseload.myndighedskoordinator",
        "phase.cti",
        "phase.icm",
        "phase.act",
        "samarbejdsmodellen.target_group",
            "samarbejdsmodellen.membership",
        "meetings.samarbejdsmodellen",
    ]
    assert [t.id for t in rs.topics] == ["method", "start", "caseload", "phase", "samarbejdsmodellen", "meetings"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="findes ikke. Angiv stien med METODEGUIDE_RULES"):
        load_rules(tmp_path / "nope.yaml")


def test_invalid_yaml(tmp_path: Path) -> None:
    p = tmp_path / "rules.yaml"
    p.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match="er ikke gyldig YAML"):
        load_rules(p)


def _broken(mutate) -> str:
    raw = copy.deepcopy(RAW)
    mutate(raw)
    with pytest.raises(RuleDataError) as err:
        parse_rules(raw)
    return str(err.value)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda raw: _rule(raw, "caseload.icm")["logic"].__setitem__("max", "otte"),
            "Regel caseload.icm: feltet logic.max er ugyldigt: skal være et helt tal.",
        ),
        (
            lambda raw: _rule(raw, "caseload.cti")["logic"].__setitem__("evaluator", "magic"),
            "Regel caseload.cti: feltet logic.evaluator skal være en af decision, threshold, phase_bands.",
        ),
        (
            lambda raw: _rule(raw, "method.adult")["logic"]["branches"][0]["when"].__setitem__(
                "eq", "medium"
            ),
            "Regel method.adult: feltet logic.branches[0].when.eq er ugyldigt: 'medium' er ikke en gyldig værdi "
            "for support_ability (high, some, low).",
        ),
        (
            lambda raw: _rule(raw, "method.youth")["logic"]["branches"][1]["outcome"].__setitem__(
                "method", "XYZ"
            ),
            "Regel method.youth: feltet logic.branches[1].outcome.method er ugyldigt: 'XYZ' er ikke en af "
            "CTI, ICM, ACT, SAMARBEJDSMODELLEN.",
        ),
        (
            lambda raw: _rule(raw, "start.cti").__setitem__("sources", []),
            "Regel start.cti: feltet sources skal være en ikke-tom liste af {source, page, quote}.",
        ),
        (
            lambda raw: _rule(raw, "start.icm")["sources"][0].__setitem__("page", "11"),
            "Regel start.icm: feltet sources[0].page skal være et helt tal eller null.",
        ),
        (
            # a source tied to case facts alone, with no outcome, names no verdict it supports
            lambda raw: _rule(raw, "phase.cti")["sources"][0].__setitem__("for", {"complex_needs": False}),
            "Regel phase.cti: feltet sources[0].for skal være en mapping fra et udfaldsfelt (method, "
            "with_samarbejdsmodellen, can_start_now, caseload_ok, cti_phase), evt. sammen med sagsfelter, til en "
            "værdi eller liste.",
        ),
        (
            lambda raw: _rule(raw, "phase.cti")["sources"][0].__setitem__("for", {"cti_phase": 1, "shoe_size": 44}),
            "Regel phase.cti: feltet sources[0].for skal være en mapping fra et udfaldsfelt (method, "
            "with_samarbejdsmodellen, can_start_now, caseload_ok, cti_phase), evt. sammen med sagsfelter, til en "
            "værdi eller liste.",
        ),
        (
            lambda raw: _rule(raw, "phase.cti")["sources"][0].__setitem__("quote", ""),
            "Regel phase.cti: feltet sources[0].quote mangler (et ordret citat fra dokumentet).",
        ),
        (
            lambda raw: _rule(raw, "phase.cti")["logic"]["bands"][1].__setitem__("from", 4),
            "Regel phase.cti: feltet logic.bands[1].from er ugyldigt: skal være 3 (båndene skal slutte op til hinanden).",
        ),
        (
            lambda raw: _rule(raw, "caseload.act")["logic"]["explanations"].__setitem__(
                "ok", "{borgere} er ok"
            ),
            "Regel caseload.act: feltet logic.explanations.ok bruger den ukendte pladsholder {borgere}.",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__("inputs", ["caseload", "shoe_size"]),
            "Regel caseload.act: feltet inputs skal være en liste af feltnavne fra CaseProfile.",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__("triggers", ["salary"]),
            "Regel caseload.act: feltet triggers skal være en ikke-tom liste af emner "
            "(caseload, meetings, method, phase, samarbejdsmodellen, start).",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__("statement", ""),
            "Regel caseload.act: feltet statement mangler. Skriv reglen i klart dansk.",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__("colour", "blue"),
            "Regel caseload.act: feltet colour er ukendt. Tilladte felter: applies, id, inputs, logic, questions, "
            "sources, statement, subject, triggers.",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__(
                "applies", {"slot": "caseload_role", "eq": "PIRATE"}
            ),
            "Regel caseload.act: feltet applies er ugyldig: applies.eq: 'PIRATE' er ikke en gyldig værdi for "
            "caseload_role (CTI, ICM, ACT, MYNDIGHEDSKOORDINATOR).",
        ),
        (
            lambda raw: raw["rules"].append(copy.deepcopy(_rule(raw, "caseload.act"))),
            "Regel caseload.act: feltet id er brugt to gange. Giv reglen et unikt id.",
        ),
        (
            lambda raw: _rule(raw, "caseload.act").__setitem__("id", "Caseload ACT"),
            "rules[7]: feltet id mangler eller har ikke formen 'emne.navn' ('Caseload ACT').",
        ),
        (
            lambda raw: raw["slots"].pop("caseload"),
            "slots: mangler spørgsmål for caseload.",
        ),
        (
            lambda raw: raw["topics"][0]["patterns"].insert(0, "(unclosed"),
            "Emne method: feltet patterns[0] er ikke et gyldigt regulært udtryk (missing ), unterminated subpattern "
            "at position 0).",
        ),
    ],
)
def test_malformed_rule_data_names_rule_and_field(mutate, message) -> None:
    assert _broken(mutate) == message


def test_adding_a_rule_needs_no_engine_change() -> None:
    raw = copy.deepcopy(RAW)
    raw["rules"].append(
        {
            "id": "caseload.team_leader",
            "triggers": ["caseload"],
            "statement": "Test: a hypothetical limit, to show rules are data.",
            "applies": {"all": [{"slot": "caseload_role", "eq": "CTI"}, {"slot": "caseload", "gt": 10}]},
            "inputs": ["caseload"],
            "logic": {
                "evaluator": "decision",
                "branches": [
                    {
                        "when": {"always": True},
                        "outcome": {"caseload_ok": False},
                        "explanation": "{caseload} er for mange.",
                    }
                ],
                "otherwise": {"outcome": {}, "explanation": "ok"},
            },
            "sources": [
                {"source": "001_a87d09dcf945fd35.txt", "page": 9, "quote": "bør maksimalt have 10 borgere"}
            ],
        }
    )
    from assistant.rules import CaseProfile

    rules = parse_rules(raw)
    verdicts = evaluate(CaseProfile(caseload_role="CTI", caseload=12), rules)
    assert [(v.rule, v.caseload_ok, v.explanation) for v in verdicts] == [
        ("caseload.cti", False, verdicts[0].explanation),
        ("caseload.team_leader", False, "12 er for mange."),
    ]
