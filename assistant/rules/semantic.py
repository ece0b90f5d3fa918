"""Soft case facts read by meaning: how far a person can use other support, how long support is
needed, and the housing situation — from sentence embeddings against labelled phrasings.

Case notes say "han går selv til lægen og har styr på jobcentret" or "she basically cannot make
use of the regular system"; no pattern list covers every phrasing. ``SemanticSlots`` embeds each
sentence (and each clause after ", men"/"but") of a case with the query embedder and compares it
with the phrasings in ``corpus/case_phrases.yaml``: per value the mean of the ``top_k`` best
cosines, against the same for the background (case-note sentences that state none of them).

A slot gets a value from a sentence when

    relevance = best value score − background score ≥ ``min_relevance``, and
    margin    = best value score − second-best value score ≥ ``min_margin``;

its confidence is min(relevance / min_relevance, margin / min_margin) ≥ 1. Across sentences the
most confident reading wins. Both thresholds are fitted by ``python -m evals.calibrate`` on the
case questions of every labelled set (verdicts and clarifying questions, held out by k-fold).
Below them the slot stays unknown and the rules ask a clarifying question instead of guessing.

Pure given its embedding function; the phrasings are embedded once (cached by the caller).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.errors import RuleDataError

SOFT_SLOTS: tuple[str, ...] = ("support_ability", "support_need", "housing_situation")
_CLAUSE = re.compile(r"[.!?;\n]+|,\s*(?=(?:men|but|og|and|samt|mens)\b)|\s+(?=(?:men|but)\s)", re.IGNORECASE)
Embed = Callable[[Sequence[str]], np.ndarray]
# Sentences, keeping their end mark, so questions can be left out.
# a dash or colon between what a sentence tells and the question it ends with
_BEFORE_QUESTION = re.compile(r"\s+[–—-]+\s+|:\s+|\s*=\s*")
_QUESTION_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Reading:
    """One slot value read from one sentence: ``confidence`` ≥ 1 means above both thresholds."""

    slot: str
    value: str
    confidence: float
    sentence: str
    relevance: float
    margin: float


@dataclass(frozen=True)
class PhraseBank:
    """``phrases[slot][value]`` and the background sentences, as loaded from YAML."""

    phrases: Mapping[str, Mapping[str, tuple[str, ...]]]
    background: tuple[str, ...]

    @classmethod
    def load(cls, path: Path) -> PhraseBank:
        """Read ``corpus/case_phrases.yaml``; RuleDataError names the file and what is wrong."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise RuleDataError(f"{path}: kan ikke læses ({exc}).") from exc
        if not isinstance(data, dict) or not isinstance(data.get("slots"), dict):
            raise RuleDataError(f"{path}: skal have 'slots' (slot -> værdi -> formuleringer).")
        phrases: dict[str, dict[str, tuple[str, ...]]] = {}
        for slot, values in data["slots"].items():
            if slot not in SOFT_SLOTS or not isinstance(values, dict):
                raise RuleDataError(f"{path}: ukendt slot {slot!r}; brug en af {', '.join(SOFT_SLOTS)}.")
            phrases[slot] = {}
            for value, items in values.items():
                if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
                    raise RuleDataError(f"{path}: {slot}.{value} skal være en liste af tekster.")
                phrases[slot][str(value)] = tuple(items)
        background = data.get("background") or []
        if not isinstance(background, list) or not background:
            raise RuleDataError(f"{path}: 'background' skal være en ikke-tom liste af sætninger.")
        return cls(phrases, tuple(str(x) for x in background))

    def texts(self) -> list[str]:
        """Every phrasing, in a fixed order (values of each slot, then the background)."""
        out = [t for slot in self.phrases.values() for items in slot.values() for t in items]
        return out + list(self.background)


class SemanticSlots:
    """Reads ``SOFT_SLOTS`` from a case description (see the module docstring)."""

    def __init__(
        self,
        bank: PhraseBank,
        embed: Embed,
        *,
        min_relevance: float = 0.04,
        min_margin: float = 0.015,
        top_k: int = 3,
        bank_vectors: np.ndarray | None = None,
    ) -> None:
        self.bank = bank
        self.embed = embed
        self.min_relevance = min_relevance
        self.min_margin = min_margin
        self.top_k = top_k
        texts = bank.texts()
        vecs = bank_vectors if bank_vectors is not None else embed(texts)
        vecs = np.asarray(vecs, dtype=np.float32)
        if vecs.shape[0] != len(texts):
            raise ValueError(f"{vecs.shape[0]} vektorer for {len(texts)} formuleringer")
        self._groups: dict[str, dict[str, np.ndarray]] = {}
        i = 0
        for slot, values in bank.phrases.items():
            self._groups[slot] = {}
            for value, items in values.items():
                self._groups[slot][value] = vecs[i : i + len(items)]
                i += len(items)
        self._background = vecs[i:]

    @staticmethod
    def clauses(text: str) -> list[str]:
        """Sentences and clauses of a case text worth reading (three words or more): each sentence,
        and in a long sentence also its comma-separated parts ("41-year-old man, severe psychosis,
        won't go to the clinic, …" states three things)."""
        out: list[str] = []
        for raw in _QUESTION_SPLIT.split(text):
            if raw.rstrip().endswith("?"):
                # a question states no fact ("Hvilken bostøttemetode passer til ham?"), but what
                # comes before a dash or colon in the same sentence does ("… klarer sig ellers fint
                # med de almindelige tilbud – CTI eller ICM?")
                parts = _BEFORE_QUESTION.split(raw)
                for part in parts[:-1]:
                    out += SemanticSlots._statement_clauses(part)
                continue
            out += SemanticSlots._statement_clauses(raw)
        return list(dict.fromkeys(out))

    @staticmethod
    def _statement_clauses(text: str) -> list[str]:
        out: list[str] = []
        for sentence in _CLAUSE.split(text):
            sentence = sentence.strip(" ,-–:")
            if len(sentence.split()) < 3:
                continue
            out.append(sentence)
            if len(sentence.split()) > 12:
                out += [p.strip(" -–:") for p in sentence.split(",") if len(p.split()) >= 3]
        return out

    def _score(self, group: np.ndarray, v: np.ndarray) -> float:
        sims = group @ v
        k = min(self.top_k, sims.shape[0])
        return float(np.sort(sims)[-k:].mean())

    def readings(self, text: str) -> list[Reading]:
        """Every slot value some clause states above both thresholds, most confident first."""
        clauses = self.clauses(text)
        if not clauses:
            return []
        vecs = np.asarray(self.embed(clauses), dtype=np.float32)
        out: list[Reading] = []
        for clause, v in zip(clauses, vecs, strict=True):
            bg = self._score(self._background, v)
            for slot, values in self._groups.items():
                scores = sorted(((self._score(g, v), value) for value, g in values.items()), reverse=True)
                best, value = scores[0]
                second = scores[1][0] if len(scores) > 1 else bg
                relevance, margin = best - bg, best - second
                conf = min(relevance / self.min_relevance, margin / self.min_margin)
                if conf >= 1.0 and _speaks_of(slot, value, clause):
                    out.append(Reading(slot, value, conf, clause, relevance, margin))
        out.sort(key=lambda r: -r.confidence)
        return out

    def read(self, text: str) -> dict[str, Reading]:
        """The most confident reading per slot."""
        best: dict[str, Reading] = {}
        for r in self.readings(text):
            best.setdefault(r.slot, r)
        return best

    def with_thresholds(self, min_relevance: float, min_margin: float) -> SemanticSlots:
        """The same bank and vectors with other thresholds (for calibration)."""
        clone = object.__new__(SemanticSlots)
        clone.__dict__.update(self.__dict__)
        clone.min_relevance, clone.min_margin = min_relevance, min_margin
        return clone


_SUPPORT_WORDS = re.compile(r"støtte|hjælp|bostøtte|support|help|tovholder|bistand", re.I)
# What a clause must speak of to tell how far the person uses other support: using, attending or
# contacting someone or something. "Ingen psykiatrisk diagnose" or "no contact with family" is near
# some phrasings in meaning but says nothing about it.
_ABILITY_WORDS = re.compile(
    r"bruge|bruger|benytt|anvend|gøre brug|klare|klarer|kommer|komme|møde|mødt|går\b|gå\b|aftale|tilbud|system|læge"
    r"|jobcent|kommune|myndighed|psykiatrien|distriktspsyk|misbrugscent|behandling|sagsbehandler|ydelse|hjælp|støtte"
    r"|selv\b|selvhjulpen|ressourcestærk|navig|kontakter\b|ringe|ringer|gennemgående|tovholder|koordin"
    r"|\buse\b|\buses\b|using|used|service|appointment|clinic|\bgp\b|doctor|office|cope|manag|help|support|\bown\b"
    r"|attend|turn\w*\s+up|show\w*\s+up|contacts\b|contacting|offer|coordinat"
    # handling one's own affairs: "åbner ikke sin post", "e-boks ikke åbnet", "can't deal with letters"
    r"|\bpost\b|e-boks|breve|regning|henvend|økonomi|betal|\bmail|letters|bills|paperwork|forms\b|blanket",
    re.I,
)
# What a clause must speak of to tell the housing situation: where the person lives or sleeps.
_HOUSING_WORDS = re.compile(
    r"bolig|lejlighed|\bbo\b|\bbor\b|boede|boet|bopæl|sover|\bsov\b|herberg|forsorgshjem|boform|gade|sofa|værelse|hjem"
    r"|udsat|udsættelse|husleje|leje|kontrakt|tag over hovedet|nat\b|overnat|venner|familie|forældre|\bmor\b|\bfar\b"
    r"|fængsel|løslad|institution|opholdssted|krisecenter|telt|\bbil\b"
    r"|lease|flat|apartment|\bhome|shelter|hostel|sleep|rough|street|couch|evict|\brent|room|house|housing|prison"
    r"|release|friends|parents|\bstay|living|lives|\blive\b|roof|bench|\bcar\b|tent|landlord|tenancy|notice",
    re.I,
)


def _speaks_of(slot: str, value: str, clause: str) -> bool:
    """A clause is read for a slot only when it speaks of what the slot is about: no need for
    housing support only from a clause about support ("hun er ikke hjemløs endnu" is near the
    "none" phrasings in meaning, but says nothing about support); the use of other support from a
    clause about using, attending or contacting someone; the housing situation from a clause
    about where the person lives or sleeps."""
    if slot == "support_need" and value == "none":
        return bool(_SUPPORT_WORDS.search(clause))
    if slot == "support_ability":
        return bool(_ABILITY_WORDS.search(clause))
    if slot == "housing_situation":
        return bool(_HOUSING_WORDS.search(clause))
    return True


def raw_scores(slots: SemanticSlots, text: str) -> list[dict[str, Any]]:
    """Per clause and slot: relevance, margin and best value, without thresholds (calibration)."""
    clauses = slots.clauses(text)
    if not clauses:
        return []
    vecs = np.asarray(slots.embed(clauses), dtype=np.float32)
    rows = []
    for clause, v in zip(clauses, vecs, strict=True):
        bg = slots._score(slots._background, v)
        for slot, values in slots._groups.items():
            scores = sorted(((slots._score(g, v), value) for value, g in values.items()), reverse=True)
            second = scores[1][0] if len(scores) > 1 else bg
            rows.append(
                {"clause": clause, "slot": slot, "value": scores[0][1], "relevance": scores[0][0] - bg,
                 "margin": scores[0][0] - second}
            )
    return rows
