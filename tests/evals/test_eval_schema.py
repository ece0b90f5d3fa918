"""Question-set schema: line-precise validation, YAML and CSV round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import EvalSetError
from evals.schema import (
    EvalItem,
    Expected,
    check_yaml,
    dump_csv,
    dump_yaml,
    load_set,
    parse_csv,
    parse_yaml,
)

pytestmark = pytest.mark.unit

BROKEN = """\
- id: q01
  category: caseload
  question: Hvor mange?
  expected:
    facts: [["otte", "8"]]
    abstain: false
- id: q01
  category: "  "
  question: Dublet?
  expected: {facts: [[otte]]}
- id: q03
  category: caseload
  question: Hvad?
  colour: blå
  expected:
    facts: ["ni måneder"]
    verdict: {method: XYZ, phase: 2}
    abstain: nej
- id: q04
  category: out_of_scope
  question: Løn?
  expected: {abstain: true, quote: Vi ved det ikke}
- category: caseload
  expected: {facts: [[otte]]}
"""


def test_broken_set_gives_every_error_with_its_line() -> None:
    assert check_yaml(BROKEN, "grundsaet.yaml") == [
        "grundsaet.yaml:7: spørgsmål 'q01': id 'q01' er brugt før (linje 1); giv det et nyt id.",
        "grundsaet.yaml:8: spørgsmål 'q01': category skal være en ikke-tom tekst, fx caseload eller jeres egen "
        "gruppering (fandt '  ').",
        "grundsaet.yaml:14: spørgsmål 'q03': ukendt felt 'colour'; tilladte felter er id, category, "
        "question, expected, lang, history, notes.",
        "grundsaet.yaml:16: spørgsmål 'q03': expected.facts skal være en liste af lister med tekst, "
        'fx [["ni måneder", "9 måneder"]].',
        "grundsaet.yaml:17: spørgsmål 'q03': expected.verdict.method skal være CTI | ICM | ACT | "
        "SAMARBEJDSMODELLEN (store og små bogstaver er ligegyldige; også 'Samarbejdsmodellen uden bostøtte', "
        "'Samarbejdsmodellen og CTI', 'Samarbejdsmodellen og ICM') (fandt 'XYZ').",
        "grundsaet.yaml:17: spørgsmål 'q03': ukendt verdict-nøgle 'phase'; tilladte nøgler er method, "
        "caseload_ok, limit, cti_phase, can_start_now, with_samarbejdsmodellen.",
        "grundsaet.yaml:18: spørgsmål 'q03': expected.abstain skal være true eller false (fandt 'nej').",
        "grundsaet.yaml:22: spørgsmål 'q04': abstain: true kan ikke kombineres med quote eller verdict; facts "
        "(den forventede afvisning) og sources må gerne stå.",
        "grundsaet.yaml:23: spørgsmål nr. 5: mangler feltet 'id'.",
        "grundsaet.yaml:23: spørgsmål nr. 5: mangler feltet 'question'.",
    ]


def test_parse_raises_eval_set_error_listing_the_errors() -> None:
    with pytest.raises(EvalSetError) as exc:
        parse_yaml(BROKEN, "grundsaet.yaml")
    lines = str(exc.value).splitlines()
    assert len(lines) == 10
    assert lines[0].startswith("grundsaet.yaml:7: ")


def test_wrong_value_types_in_verdict() -> None:
    text = (
        "- id: a\n"
        "  category: caseload\n"
        "  question: Q?\n"
        "  expected:\n"
        "    verdict:\n"
        "      caseload_ok: 1\n"
        "      limit: true\n"
        "      cti_phase: 4\n"
    )
    assert check_yaml(text, "s.yaml") == [
        "s.yaml:6: spørgsmål 'a': expected.verdict.caseload_ok skal være true eller false (fandt 1).",
        "s.yaml:7: spørgsmål 'a': expected.verdict.limit skal være et positivt heltal (fandt True).",
        "s.yaml:8: spørgsmål 'a': expected.verdict.cti_phase skal være 1, 2 eller 3 (fandt 4).",
    ]


def test_duplicate_key_unknown_expected_key_and_empty_expectation() -> None:
    text = (
        "- id: a\n"
        "  id: b\n"
        "  category: caseload\n"
        "  question: Q?\n"
        "  expected:\n"
        "    fact: [[otte]]\n"
        "- id: c\n"
        "  category: caseload\n"
        "  question: Q?\n"
        "  lang: sv\n"
        "  expected: {abstain: false}\n"
    )
    assert check_yaml(text, "s.yaml") == [
        "s.yaml:2: feltet 'id' står to gange (første gang i linje 1); slet det ene.",
        "s.yaml:6: spørgsmål 'a': ukendt felt expected.fact; tilladte felter er facts, sources, quote, "
        "verdict, abstain, clarify.",
        "s.yaml:10: spørgsmål 'c': lang skal være en af da, en (fandt 'sv').",
        "s.yaml:11: spørgsmål 'c': expected måler ingenting; angiv facts, sources, quote, verdict eller "
        "abstain: true.",
    ]


def test_syntax_error_names_the_line() -> None:
    text = "- id: a\n  category: caseload\n  question: [ikke lukket\n  expected: {}\n"
    with pytest.raises(EvalSetError) as exc:
        parse_yaml(text, "s.yaml")
    assert str(exc.value).startswith("s.yaml:4: YAML-syntaksfejl: ")


def test_top_level_must_be_a_non_empty_list() -> None:
    assert check_yaml("id: a\n", "s.yaml") == [
        "s.yaml:1: et spørgsmålssæt skal være en liste af spørgsmål (`- id: ...`)."
    ]
    assert check_yaml("[]\n", "s.yaml") == ["s.yaml:1: sættet har ingen spørgsmål. Tilføj mindst ét."]
    assert check_yaml("# kun en kommentar\n", "s.yaml") == [
        "s.yaml:1: filen er tom. Skriv en liste af spørgsmål (se evals/sets/grundsaet.yaml)."
    ]


def test_valid_item_parses_to_typed_values() -> None:
    text = (
        "- id: cl\n"
        "  category: caseload\n"
        "  question: En ICM-medarbejder har 11 borgere – er det ok?\n"
        "  history: ['Hvad med CTI?']\n"
        "  lang: da\n"
        "  expected:\n"
        "    facts: [[otte, '8']]\n"
        "    sources: [001_a87d09dcf945fd35.txt]\n"
        "    quote: maksimalt otte\n"
        "    verdict: {caseload_ok: false, limit: 8}\n"
        "    abstain: false\n"
    )
    item = parse_yaml(text, "s.yaml").items[0]
    assert item == EvalItem(
        id="cl",
        category="caseload",
        question="En ICM-medarbejder har 11 borgere – er det ok?",
        expected=Expected(
            facts=(("otte", "8"),),
            sources=("001_a87d09dcf945fd35.txt",),
            quote="maksimalt otte",
            verdict={"caseload_ok": False, "limit": 8},
            abstain=False,
        ),
        history=("Hvad med CTI?",),
    )
    assert item.line == 1


CSV_BAD = (
    "id,category,question,facts,sources,quote,verdict,abstain\n"
    "a,caseload,Q?,otte|8,001_a87d09dcf945fd35.txt,,caseload_ok=false;limit=8,false\n"
    "b,caseload,Q?,otte,,,limit8,false\n"
    'c,caseload,"To\nlinjer?",otte,,,caseload_ok=nej,maybe\n'
)


def test_csv_errors_name_the_row_line() -> None:
    with pytest.raises(EvalSetError) as exc:
        parse_csv(CSV_BAD, "set.csv")
    assert str(exc.value).splitlines() == [
        "set.csv:3: verdict-cellen 'limit8' skal have formen nøgle=værdi;nøgle=værdi.",
        "set.csv:4: spørgsmål 'c': expected.verdict.caseload_ok skal være true eller false (fandt 'nej').",
        "set.csv:4: spørgsmål 'c': expected.abstain skal være true eller false (fandt 'maybe').",
    ]


def test_csv_header_must_have_the_columns() -> None:
    with pytest.raises(EvalSetError) as exc:
        parse_csv("id,category,question,svar\n", "set.csv")
    assert str(exc.value) == (
        "set.csv:1: overskriftslinjen mangler kolonnerne facts, sources, quote, verdict, abstain; "
        "ukendte kolonner 'svar'. Brug kolonnerne id, category, question, facts, sources, quote, verdict, "
        "abstain, lang, history, notes."
    )


def test_csv_round_trip_of_a_rich_item_is_lossless() -> None:
    item = EvalItem(
        id="follow-1",
        category="caseload",
        question='Og hvad med ICM, "spørger" hun?',
        expected=Expected(
            facts=(("otte", "8"), ("pr. medarbejder",)),
            sources=("001_a87d09dcf945fd35.txt", "003_af012a5f0ae89a04.txt"),
            quote="maksimalt otte, borgere",
            verdict={"method": "ICM", "caseload_ok": False, "limit": 8, "with_samarbejdsmodellen": True},
            abstain=False,
        ),
        lang="en",
        history=("Hvor mange må en CTI-medarbejder have?", "Og ACT?"),
        notes="Opfølgning,\nto linjer.",
    )
    abstain = EvalItem(id="ud", category="out_of_scope", question="Løn?", expected=Expected(abstain=True))
    text = dump_csv([item, abstain])
    assert (
        text.splitlines()[0] == "id,category,question,facts,sources,quote,verdict,abstain,lang,history,notes"
    )
    assert text.splitlines()[1].startswith(
        'follow-1,caseload,"Og hvad med ICM, ""spørger"" hun?",otte|8;pr. medarbejder,'
        "001_a87d09dcf945fd35.txt;003_af012a5f0ae89a04.txt,"
        '"maksimalt otte, borgere",method=ICM;caseload_ok=false;limit=8;with_samarbejdsmodellen=true,'
        "false,en,"
    )
    assert parse_csv(text, "x.csv").items == (item, abstain)


def test_csv_and_yaml_round_trip_of_the_shipped_set(tmp_path: Path) -> None:
    shipped = load_set(Path("evals/sets/grundsaet.yaml"))
    csv_path = tmp_path / "grundsaet.csv"
    csv_path.write_text(dump_csv(shipped.items), encoding="utf-8")
    assert load_set(csv_path).items == shipped.items
    assert parse_yaml(dump_yaml(shipped.items), "again.yaml").items == shipped.items


def test_csv_export_refuses_separator_inside_a_fact() -> None:
    item = EvalItem(id="x", category="caseload", question="Q?", expected=Expected(facts=(("a|b",),)))
    with pytest.raises(EvalSetError) as exc:
        dump_csv([item])
    assert str(exc.value) == (
        "spørgsmål 'x': facts-alternativet 'a|b' indeholder '|', som CSV-formatet bruger som skilletegn; "
        "omformuler eller brug YAML."
    )


def test_load_set_rejects_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(EvalSetError, match="findes ikke"):
        load_set(tmp_path / "nope.yaml")
    p = tmp_path / "set.json"
    p.write_text("[]", encoding="utf-8")
    with pytest.raises(EvalSetError) as exc:
        load_set(p)
    assert str(exc.value) == "set.json: ukendt filtype '.json'. Brug .yaml, .yml eller .csv."
