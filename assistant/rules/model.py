"""Typed, validated rule data (built by ``loader.load_rules`` from ``corpus/rules.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.types import RuleCitation


@dataclass(frozen=True)
class SlotPrompt:
    """The clarifying question for a missing slot and its quick-reply options."""

    question: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A question topic (rule family): which wordings ask about it, which slots signal it.

    ``patterns`` are case-insensitive regular expressions over the question text;
    ``keys`` are profile slots whose presence makes the topic relevant for a case profile;
    ``case_keys`` do the same for a text that asks no recognised question.
    """

    id: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    keys: tuple[str, ...]
    # Slots that mark a question-less text as a concrete case for this topic.
    case_keys: tuple[str, ...] = ()
    # Outcome fields that, once a verdict of this topic sets them, fill the same-named
    # empty slot for the topics after it (a recommended method decides when it can start).
    feeds: tuple[str, ...] = ()
    # Used when no rule of the topic can tell yet whether it applies (e.g. age unknown).
    statement: str = ""

    def asked_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class Rule:
    id: str
    statement: str
    triggers: tuple[str, ...]
    inputs: tuple[str, ...]
    applies: dict[str, Any]
    logic: dict[str, Any]
    sources: tuple[RuleCitation, ...]
    subject: str = "borgeren"
    questions: dict[str, SlotPrompt] = field(default_factory=dict, compare=False)
    # Per source (same order): the outcome it supports ({"method": ("ACT",)}), or None when it
    # supports every outcome. A verdict cites only the sources of the outcome it reached.
    source_for: tuple[dict[str, tuple[Any, ...]] | None, ...] = field(default=(), compare=False)

    def sources_for(self, outcome: dict[str, Any], facts: dict[str, Any] | None = None) -> tuple[RuleCitation, ...]:
        """The sources that support ``outcome`` (a verdict's outcome fields) reached from ``facts``
        (the profile's slot values; a ``for`` key that is no outcome field is looked up there);
        all of them when no source is tied to an outcome."""
        if not any(self.source_for):
            return self.sources
        known = {**(facts or {}), **outcome}
        return tuple(
            c
            for c, cond in zip(self.sources, self.source_for, strict=True)
            if cond is None or all(known.get(k) in values for k, values in cond.items())
        )


@dataclass(frozen=True)
class RuleSet:
    """All rules, topics and default slot prompts, in file order.

    >>> from assistant.rules import load_rules
    >>> rs = load_rules()
    >>> rs.rule("caseload.icm").logic["max"]
    8
    """

    rules: tuple[Rule, ...]
    topics: tuple[Topic, ...]
    prompts: dict[str, SlotPrompt] = field(compare=False)
    version: int = 1

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def topic(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)

    def rules_for(self, topic_id: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if topic_id in r.triggers)

    def prompt(self, slot: str, rule: Rule | None = None) -> SlotPrompt:
        if rule is not None and slot in rule.questions:
            return rule.questions[slot]
        return self.prompts[slot]
