"""Deterministic, cited decision rules: method choice, start, caseload, CTI phase, meetings.

    >>> from assistant.rules import evaluate, extract_profile, headline, CaseProfile
    >>> v = evaluate(CaseProfile(young=False, support_ability="some", support_need="long"))[0]
    >>> (v.rule, v.method)
    ('method.adult', 'ICM')
    >>> headline(v)[:48]
    'Anbefaling: ICM, fordi borgeren har brug for lan'

Rules are data in ``corpus/rules.yaml`` (``load_rules``); the engine is pure.
"""

from assistant.errors import RuleDataError
from assistant.rules.engine import (
    CONTRADICTION_RULE,
    case_topics,
    describes_case,
    detect_topics,
    evaluate,
    profile_topics,
)
from assistant.rules.extract import extract_profile, parse_reply, with_reply
from assistant.rules.loader import default_rules, load_rules, parse_rules, verify_quotes
from assistant.rules.model import Rule, RuleSet, SlotPrompt, Topic
from assistant.rules.profile import CaseProfile, CaseProfileError
from assistant.rules.render import headline

__all__ = [
    "CONTRADICTION_RULE",
    "CaseProfile",
    "CaseProfileError",
    "Rule",
    "RuleDataError",
    "RuleSet",
    "SlotPrompt",
    "Topic",
    "default_rules",
    "case_topics",
    "describes_case",
    "detect_topics",
    "evaluate",
    "extract_profile",
    "headline",
    "load_rules",
    "parse_reply",
    "parse_rules",
    "profile_topics",
    "verify_quotes",
    "with_reply",
]
