"""Load and validate ``corpus/rules.yaml`` into a ``RuleSet``.

Malformed data raises ``RuleDataError`` naming the rule id (or section) and the field.
``default_rules()`` loads the project's file once per process and caches it; the engine
itself never does I/O.

    >>> from assistant.rules import load_rules
    >>> rs = load_rules()                       # <project>/corpus/rules.yaml
    >>> [t.id for t in rs.topics][:2]
    ['method', 'start']
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import RuleDataError
from assistant.rules.conditions import ConditionError
from assistant.rules.conditions import validate as validate_condition
from assistant.rules.evaluators import CONTEXT_KEYS, EVALUATORS
from assistant.rules.model import Rule, RuleSet, SlotPrompt, Topic
from assistant.rules.profile import SLOT_NAMES
from assistant.settings import PROJECT_ROOT
from assistant.text import normalize_for_match
from assistant.types import RuleCitation

DEFAULT_RULES_PATH = PROJECT_ROOT / "corpus" / "rules.yaml"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_RULE_KEYS = {"id", "statement", "triggers", "inputs", "applies", "logic", "sources", "subject", "questions"}


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read and validate a rules file (default: ``<project>/corpus/rules.yaml``)."""
    p = Path(path) if path is not None else DEFAULT_RULES_PATH
    try:
        raw = yaml.load(p.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except FileNotFoundError as err:
        raise RuleDataError(f"Regelfilen {p} findes ikke. Angiv stien med METODEGUIDE_RULES.") from err
    except yaml.YAMLError as err:
        raise RuleDataError(f"Regelfilen {p} er ikke gyldig YAML: {err}. Ret filen.") from err
    return parse_rules(raw, origin=str(p))


@lru_cache(maxsize=4)
def default_rules(path: str | None = None) -> RuleSet:
    """The project's rules, loaded once per process (and per path)."""
    return load_rules(path)


def parse_rules(raw: Any, origin: str = "<data>") -> RuleSet:
    """Validate already-parsed YAML data; see ``load_rules``."""
    if not isinstance(raw, dict):
        raise RuleDataError(f"{origin}: regelfilen skal være en mapping med slots, topics og rules.")
    prompts = _parse_prompts(raw.get("slots"), origin)
    topics = _parse_topics(raw.get("topics"), origin)
    topic_ids = {t.id for t in topics}
    rules_raw = raw.get("rules")
    if not isinstance(rules_raw, list) or not rules_raw:
        raise RuleDataError(f"{origin}: 'rules' skal være en ikke-tom liste.")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(rules_raw):
        rule = _parse_rule(item, i, topic_ids, prompts)
        if rule.id in seen:
            raise RuleDataError(f"Regel {rule.id}: feltet id er brugt to gange. Giv reglen et unikt id.")
        seen.add(rule.id)
        rules.append(rule)
    for t in topics:
        if not any(t.id in r.triggers for r in rules):
            raise RuleDataError(
                f"Emne {t.id}: ingen regel har det i triggers. Fjern emnet eller tilføj en regel."
            )
    version = raw.get("version", 1)
    if not isinstance(version, int):
        raise RuleDataError(f"{origin}: feltet version skal være et helt tal.")
    return RuleSet(rules=tuple(rules), topics=tuple(topics), prompts=prompts, version=version)


def _parse_prompt(value: Any, where: str) -> SlotPrompt:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("question"), str)
        or not value["question"].strip()
    ):
        raise RuleDataError(f"{where}: feltet question mangler. Skriv et dansk opklarende spørgsmål.")
    options = value.get("options", [])
    if not isinstance(options, list) or not all(isinstance(o, str) and o.strip() for o in options):
        raise RuleDataError(f"{where}: feltet options skal være en liste af tekster.")
    return SlotPrompt(question=value["question"].strip(), options=tuple(options))


def _parse_prompts(raw: Any, origin: str) -> dict[str, SlotPrompt]:
    if not isinstance(raw, dict):
        raise RuleDataError(f"{origin}: 'slots' skal være en mapping fra felt til spørgsmål.")
    prompts: dict[str, SlotPrompt] = {}
    for slot, value in raw.items():
        if slot not in SLOT_NAMES:
            raise RuleDataError(f"slots.{slot}: ukendt felt. Tilladte felter: {', '.join(SLOT_NAMES)}.")
        prompts[slot] = _parse_prompt(value, f"slots.{slot}")
    missing = [s for s in SLOT_NAMES if s not in prompts]
    if missing:
        raise RuleDataError(f"slots: mangler spørgsmål for {', '.join(missing)}.")
    return prompts


def _parse_topics(raw: Any, origin: str) -> list[Topic]:
    if not isinstance(raw, list) or not raw:
        raise RuleDataError(f"{origin}: 'topics' skal være en ikke-tom liste.")
    topics: list[Topic] = []
    for i, t in enumerate(raw):
        tid = t.get("id") if isinstance(t, dict) else None
        if not isinstance(tid, str) or not tid:
            raise RuleDataError(f"topics[{i}]: feltet id mangler.")
        patterns = t.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            raise RuleDataError(
                f"Emne {tid}: feltet patterns skal være en ikke-tom liste af regulære udtryk."
            )
        compiled = []
        for j, pat in enumerate(patterns):
            try:
                compiled.append(re.compile(str(pat), re.IGNORECASE))
            except re.error as err:
                raise RuleDataError(
                    f"Emne {tid}: feltet patterns[{j}] er ikke et gyldigt regulært udtryk ({err})."
                ) from err
        keys = t.get("keys", [])
        if not isinstance(keys, list) or any(k not in SLOT_NAMES for k in keys):
            raise RuleDataError(f"Emne {tid}: feltet keys skal være en liste af feltnavne.")
        case_keys = t.get("case_keys", [])
        if not isinstance(case_keys, list) or any(k not in SLOT_NAMES for k in case_keys):
            raise RuleDataError(f"Emne {tid}: feltet case_keys skal være en liste af feltnavne.")
        feeds = t.get("feeds", [])
        if not isinstance(feeds, list) or any(f not in SLOT_NAMES for f in feeds):
            raise RuleDataError(f"Emne {tid}: feltet feeds skal være en liste af feltnavne.")
        label = t.get("label")
        if not isinstance(label, str) or not label:
            raise RuleDataError(f"Emne {tid}: feltet label mangler.")
        statement = t.get("statement", "")
        if not isinstance(statement, str):
            raise RuleDataError(f"Emne {tid}: feltet statement skal være en tekst.")
        topics.append(
            Topic(
                id=tid,
                label=label,
                patterns=tuple(compiled),
                keys=tuple(keys),
                case_keys=tuple(case_keys),
                feeds=tuple(feeds),
                statement=statement,
            )
        )
    return topics


def _parse_rule(item: Any, index: int, topic_ids: set[str], prompts: dict[str, SlotPrompt]) -> Rule:
    if not isinstance(item, dict):
        raise RuleDataError(f"rules[{index}]: en regel skal være en mapping.")
    rid = item.get("id")
    if not isinstance(rid, str) or not _RULE_ID.match(rid):
        raise RuleDataError(f"rules[{index}]: feltet id mangler eller har ikke formen 'emne.navn' ({rid!r}).")

    def bad(fieldname: str, what: str) -> RuleDataError:
        return RuleDataError(f"Regel {rid}: feltet {fieldname} {what}")

    extra = set(item) - _RULE_KEYS
    if extra:
        raise bad(sorted(extra)[0], "er ukendt. Tilladte felter: " + ", ".join(sorted(_RULE_KEYS)) + ".")
    statement = item.get("statement")
    if not isinstance(statement, str) or not statement.strip():
        raise bad("statement", "mangler. Skriv reglen i klart dansk.")
    triggers = item.get("triggers")
    if not isinstance(triggers, list) or not triggers or any(t not in topic_ids for t in triggers):
        raise bad("triggers", f"skal være en ikke-tom liste af emner ({', '.join(sorted(topic_ids))}).")
    if rid.split(".")[0] not in triggers:
        raise bad("id", f"skal begynde med et af sine emner ({', '.join(triggers)}).")
    inputs = item.get("inputs")
    if not isinstance(inputs, list) or any(s not in SLOT_NAMES for s in inputs):
        raise bad("inputs", "skal være en liste af feltnavne fra CaseProfile.")
    applies = item.get("applies", {"always": True})
    try:
        validate_condition(applies, "applies")
    except ConditionError as err:
        raise bad("applies", f"er ugyldig: {err}.") from err
    logic = item.get("logic")
    if not isinstance(logic, dict) or logic.get("evaluator") not in EVALUATORS:
        raise bad("logic.evaluator", f"skal være en af {', '.join(EVALUATORS)}.")
    evaluator = EVALUATORS[logic["evaluator"]]
    try:
        evaluator.validate(logic)
    except ValueError as err:
        fieldname, _, what = str(err).partition(": ")
        raise bad(f"logic.{fieldname}", f"er ugyldigt: {what}.") from err
    allowed = set(SLOT_NAMES) | set(CONTEXT_KEYS)
    for path, template in evaluator.templates(logic):
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and name not in allowed:
                raise bad(f"logic.{path}", f"bruger den ukendte pladsholder {{{name}}}.")
    sources, source_for = _parse_sources(item.get("sources"), bad)
    subject = item.get("subject", "borgeren")
    if not isinstance(subject, str) or not subject:
        raise bad("subject", "skal være en tekst, fx 'borgeren' eller 'den unge'.")
    questions_raw = item.get("questions", {})
    if not isinstance(questions_raw, dict):
        raise bad("questions", "skal være en mapping fra felt til spørgsmål.")
    questions: dict[str, SlotPrompt] = {}
    for slot, q in questions_raw.items():
        if slot not in SLOT_NAMES:
            raise bad(f"questions.{slot}", "er ikke et felt i CaseProfile.")
        questions[slot] = _parse_prompt(q, f"Regel {rid}: feltet questions.{slot}")
    return Rule(
        id=rid,
        statement=statement.strip(),
        triggers=tuple(triggers),
        inputs=tuple(inputs),
        applies=applies,
        logic=logic,
        sources=sources,
        subject=subject,
        questions=questions,
        source_for=source_for,
    )


def _parse_sources(raw: Any, bad: Any) -> tuple[tuple[RuleCitation, ...], tuple[dict[str, tuple[Any, ...]] | None, ...]]:
    """The rule's citations, and per citation the outcome it supports (``for: {method: ACT}``),
    optionally narrowed by the case facts behind it (``for: {with_samarbejdsmodellen: false,
    complex_needs: false}``)."""
    if not isinstance(raw, list) or not raw:
        raise bad("sources", "skal være en ikke-tom liste af {source, page, quote}.")
    out: list[RuleCitation] = []
    conditions: list[dict[str, tuple[Any, ...]] | None] = []
    for i, s in enumerate(raw):
        if not isinstance(s, dict) or set(s) - {"source", "page", "quote", "for"}:
            raise bad(f"sources[{i}]", "skal have felterne source, page og quote (og evt. for).")
        cond = s.get("for")
        if cond is not None:
            if (
                not isinstance(cond, dict)
                or not cond
                or not set(cond) & set(OUTCOME_FIELDS)
                or set(cond) - set(OUTCOME_FIELDS) - set(SLOT_NAMES)
            ):
                raise bad(
                    f"sources[{i}].for",
                    f"skal være en mapping fra et udfaldsfelt ({', '.join(OUTCOME_FIELDS)}), evt. sammen med "
                    "sagsfelter, til en værdi eller liste.",
                )
            cond = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in cond.items()}
        conditions.append(cond)
        if not isinstance(s.get("source"), str) or not s["source"].strip():
            raise bad(f"sources[{i}].source", "mangler (dokumentets filnavn).")
        page = s.get("page")
        if page is not None and (isinstance(page, bool) or not isinstance(page, int)):
            raise bad(f"sources[{i}].page", "skal være et helt tal eller null.")
        if not isinstance(s.get("quote"), str) or not s["quote"].strip():
            raise bad(f"sources[{i}].quote", "mangler (et ordret citat fra dokumentet).")
        out.append(RuleCitation(source=s["source"], page=page, quote=s["quote"].strip()))
    return tuple(out), tuple(conditions)


# Verdict fields a source can be tied to with ``for:``.
OUTCOME_FIELDS: tuple[str, ...] = ("method", "with_samarbejdsmodellen", "can_start_now", "caseload_ok", "cti_phase")


def verify_quotes(rules: RuleSet, corpus_dir: str | Path) -> list[str]:
    """Danish problem messages for sources whose quote is not verbatim in its document
    (after ``normalize_for_match``); empty when all are found. Reads the documents."""
    problems: list[str] = []
    cache: dict[str, str | None] = {}
    for rule in rules.rules:
        for c in rule.sources:
            if c.source not in cache:
                path = Path(corpus_dir) / c.source
                cache[c.source] = (
                    normalize_for_match(path.read_text(encoding="utf-8")) if path.is_file() else None
                )
            text = cache[c.source]
            if text is None:
                problems.append(f"Regel {rule.id}: dokumentet {c.source} findes ikke i {corpus_dir}.")
            elif normalize_for_match(c.quote) not in text:
                problems.append(f"Regel {rule.id}: citatet findes ikke ordret i {c.source}: {c.quote[:60]!r}")
    return problems
