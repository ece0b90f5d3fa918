"""The ``Assistant`` facade: loads the index once and wires the answer pipeline.

The pipeline is a langchain-core Runnable chain (prepare → retrieve ∥ rules → select →
compose → finalise), so stages can be swapped and traced. The facade itself holds no
domain logic.

    >>> from assistant import Assistant
    >>> a = Assistant.load()                                    # doctest: +SKIP
    >>> ans = a.answer("Hvor lang tid varer et CTI-forløb?")    # doctest: +SKIP
    >>> ans.to_dict()["citations"][0]["source"]                 # doctest: +SKIP
    '001_a87d09dcf945fd35.txt'
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from langchain_core.runnables import Runnable, RunnableLambda, RunnableParallel

from assistant import privacy
from assistant.abstain import decide
from assistant.calibration import Calibration
from assistant.compose.extractive import compose_extractive
from assistant.disagreement import asked_unit, find_disagreement, prefer_year, years_in
from assistant.errors import MetodeguideError
from assistant.evidence import (
    DOCUMENT_WORDS,
    NAMING_MIN_WEIGHT,
    UNCATALOGUED_KIND,
    Evidence,
    Sentence,
    TermStats,
    asks_figure,
    candidate_sentences,
    document_scope,
    heading_at,
    key_terms,
    names_in,
    near_duplicate,
    scope_names,
    score_sentences,
    select,
    sentence_stems,
    split_sentences,
)
from assistant.normalize import QuestionNormalizer, everyday_word
from assistant.numbers import conflicting_premises
from assistant.query import (
    GLOSSARY,
    PreparedQuestion,
    asked_part,
    detect_language,
    is_followup,
    methods_in,
    prepare,
    question_parts,
)
from assistant.rules.numbers import NUM, ONE_WORDS, stated_figures
from assistant.rules.profile import validate_corrections
from assistant.rules.quantities import age_update, caseload_update, months_elapsed, months_update
from assistant.rules.reader import SHOWN_SLOTS, Understood
from assistant.sentence_index import SentenceIndex, SentenceSimilarity
from assistant.settings import Settings
from assistant.spans import find_span
from assistant.text import STOPWORDS, content_stems, stem, tokenize
from assistant.types import Answer, Chunk, Citation, Hit, RuleCitation, SourceDocument, Verdict

log = logging.getLogger("metodeguide.assistant")
# A question sentence that points back to what was told before it ("tæller han …?", "kan vi det?").
_REFERS_BACK = re.compile(
    r"\b(?:han|hun|ham|hende|hans|hendes|he|she|him|her|they|them)\b|\b(?:det|dem|it)\W*$", re.I
)
# "og nu er der gået 7 mdr, hvad så?", "but now she has a flat?": a follow-up on the same case.
_CASE_FOLLOWUP = re.compile(r"^\s*(?:og|men|så|nu|hvad så|hvad nu|and|but|now|what if|hvad hvis)\b(?=.{0,120}$)", re.I)
_LOCATORS = frozenset("i ifølge efter fra hos jf. iflg. in according from per".split())

# Chunks of this many best-matching sentences join the retrieved chunks as candidates.
SENTENCE_CANDIDATES = 8
QUERY_CACHE = 4096

History = Sequence[Answer | Mapping[str, Any]]


class Assistant:
    """Answers questions about the method manuals with citations, rule verdicts and abstention."""

    def __init__(
        self,
        settings: Settings,
        index: Any,
        embedder: Any,
        retriever: Any,
        rules: Any,
        sentences: SentenceIndex | None = None,
    ) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder if isinstance(embedder, _LockedEmbedder) else _LockedEmbedder(embedder)
        self.retriever = retriever
        self.rules = rules
        self._embed_lock = threading.Lock()
        # Chunks stay in the index's store (read on demand); each document's first chunk (its
        # title and file name, for questions that name a document) is read on first use.
        self._first_chunks: dict[str, Chunk] | None = None
        # Publisher per document as the index was built (manifest, file, or an edit).
        from assistant.store import document_publishers

        self._publishers = document_publishers(index.documents())
        reranker = getattr(retriever, "reranker", None)
        # The re-ranker already counted the corpus's stems; counting twice costs start-up time.
        self.stats = reranker.stats if reranker is not None else TermStats(index.chunks())
        lexical = getattr(retriever, "lexical", None)
        self._splitter = getattr(getattr(lexical, "analyzer", None), "splitter", None)
        self._rule_cite_cache: dict[tuple[str, str], tuple[Chunk, int, int] | None] = {}
        self._sections_by_chunk: dict[str, tuple[tuple[int, str], ...]] = {}
        self.calibration = Calibration.load(settings.calibration_path).for_embedder(
            str(getattr(embedder, "name", "")), has_sentences=True
        )
        # The retriever's re-ranker uses the same sentence index: load() reads it once for both.
        self.sentences = sentences if sentences is not None else SentenceIndex.for_index(index)
        if not len(self.sentences):
            self.calibration = self.calibration.for_embedder("", has_sentences=False)
        token_counts: Counter[str] = Counter()
        persisted = getattr(getattr(index, "lexical", None), "stats", None)  # counted at ingest
        for c in index.chunks() if persisted is None else ():
            token_counts.update(tokenize(c.text))
        token_counts.update(persisted.token_counts if persisted is not None else {})
        self.normalizer = QuestionNormalizer(token_counts)
        self.reader = _make_case_reader(settings, self.embedder, self.calibration)
        from assistant.rules.intent import CaseIntent

        self.intent = CaseIntent.from_calibration(self.calibration.case_intent) if self.reader.semantic else None
        self._audit = _make_audit(settings)
        self._llm = _make_llm(settings)
        self.chain: Runnable = self._build_chain()

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, settings: Settings | None = None) -> Assistant:
        """Open the index under ``settings.data_dir`` (or the Chroma server) and build the pipeline.

        Raises ``IndexMissingError``/``IndexCorruptError``/``StoreUnavailableError`` with a message
        that says what to do.
        """
        from assistant.embedding import make_embedder
        from assistant.retrieval import default_retriever
        from assistant.rules import load_rules
        from assistant.store import CorpusIndex

        settings = settings or Settings.load()
        privacy.install_log_redaction()
        index = CorpusIndex.open(settings)
        embedder = make_embedder(settings.with_(num_threads=settings.query_threads))
        locked = _LockedEmbedder(embedder)
        sentences = SentenceIndex.for_index(index)
        retriever = default_retriever(index, locked, settings, sentences=sentences)
        return cls(settings, index, locked, retriever, load_rules(settings.rules_path), sentences=sentences)

    # ---------------------------------------------------------------- public API
    @property
    def corpus_version(self) -> str:
        return str(self.index.corpus_version)

    def search(self, query: str, k: int = 5, where: dict[str, Any] | None = None) -> list[Hit]:
        """Ranked passages for ``query`` (hybrid retrieval), optionally filtered by metadata."""
        masked = privacy.mask(query).text
        return list(self.retriever.retrieve(masked, k=k, where=where))

    def check(self, profile_or_text: Any) -> list[Verdict]:
        """All applicable rule verdicts for a ``CaseProfile`` or a free-text case description
        (read like a chat question: exact facts, soft facts by meaning, routed by what it asks)."""
        from assistant.rules import case_topics, detect_topics, evaluate, profile_topics

        if not isinstance(profile_or_text, str):
            return list(evaluate(profile_or_text, self.rules))
        text = self._case_text(profile_or_text)
        reading = self.reader.read(text)
        # A text handed to the case check is a case by definition; when it asks nothing the
        # rules know, every topic its facts touch is checked (as the form does).
        asked, _ = case_topics(text, reading.profile, self.rules, is_case=True)
        # what the text asks, then every topic its facts touch (as the form checks them)
        topics = tuple(
            dict.fromkeys(asked + detect_topics(text, self.rules, reading.profile) + profile_topics(reading.profile, self.rules))
        )
        return list(evaluate(reading.profile, self.rules, topics=topics)) if topics else []

    def case_intent_features(self, text: str, profile: Any) -> dict[str, float]:
        """The features ``CaseIntent`` reads a text by (exact cues, plus the two centroid
        similarities when the calibration has them)."""
        from assistant.normalize import focus_question
        from assistant.rules.intent import cue_features

        focus = focus_question(text, min_chars=0)
        asked = any(t.asked_in(focus) or t.asked_in(text) for t in self.rules.topics)
        cues = cue_features(text, focus, profile, asked)
        if self.intent is None and not getattr(self, "_fitting_intent", False):
            return cues
        import numpy as np

        focus_vec = np.asarray(self.embedder.embed_query(focus), dtype=np.float32)
        text_vec = focus_vec if focus == text else np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        if self.intent is None:
            return {**cues, "_focus_vec": focus_vec, "_text_vec": text_vec}  # type: ignore[dict-item]
        return self.intent.features(focus_vec, text_vec, cues)

    def read_case(self, text: str, expecting: str | None = None) -> Any:
        """``CaseReading`` of a case text: the profile and what was understood (see
        ``assistant.rules.reader``). Personal data is masked first."""
        return self.reader.read(self._case_text(text), expecting=expecting)

    def _case_text(self, text: str) -> str:
        """A case text masked, then repaired as a chat question is ("31 aar", "sover paa gaden")."""
        masked = privacy.mask(text).text
        if self.normalizer is None:
            return masked
        # an English note is not spelled into Danish ("a proper contract" stays, not "centralt")
        return self.normalizer.normalize(masked, lang=detect_language(masked)).text

    def documents(self) -> list[dict[str, Any]]:
        """Manifest entries of the indexed documents (an administrator's edits over them) with
        their chunk counts."""
        from ingest.manifest import Manifest, load_manifest

        try:
            manifest = load_manifest(self.settings.manifest_path)
        except MetodeguideError:
            manifest = Manifest()
        out = []
        for source, info in sorted(self.index.documents().items()):
            row = {"source": source, **{k: v for k, v in info.items()}, **manifest.overlay(source)}
            row["chunks"] = int(info.get("chunks") or 0)  # counted by the ingest that wrote the generation
            out.append(row)
        return out

    def document(self, source: str) -> SourceDocument:
        return self.index.document(source)

    def answer(
        self, question: str, history: History | None = None, corrections: Mapping[str, Any] | None = None
    ) -> Answer:
        """Answer one question; ``history`` holds this conversation's earlier answers (oldest first).

        ``corrections`` sets case facts the user corrected ("Forstået: … · hjemløs" was wrong):
        ``{slot: value}`` with the ``CaseProfile`` slot names and values (``{"support_need":
        "long"}``); they override what was read from the text, are shown as "rettet", and hold
        for the rest of the conversation's case. Raises ``CaseProfileError`` for an unknown slot
        or a value outside the slot's domain."""
        fixes = validate_corrections(corrections or {})
        state = self.chain.invoke({"question": question, "history": list(history or []), "corrections": fixes})
        return state["answer"]

    # ---------------------------------------------------------------- pipeline
    def _build_chain(self) -> Runnable:
        def timed(name: str, fn: Any) -> RunnableLambda:
            def run(state: dict[str, Any]) -> dict[str, Any]:
                t0 = time.perf_counter()
                out = fn(state)
                out.setdefault("timings", {})
                out["timings"][name] = out["timings"].get(name, 0.0) + (time.perf_counter() - t0) * 1000
                return out

            return RunnableLambda(run, name=name)

        def merge(parts: dict[str, Any]) -> dict[str, Any]:
            state = dict(parts["retrieve"])
            state["verdicts"] = parts["rules"]["verdicts"]
            state["rules_text"] = parts["rules"]["rules_text"]
            state["understood"] = parts["rules"]["understood"]
            state["profile"] = parts["rules"]["profile"]
            state["corrections"] = parts["rules"]["corrections"]
            state["updates"] = parts["rules"]["updates"]
            state["timings"] = {**parts["retrieve"]["timings"], **parts["rules"]["timings"]}
            return state

        branches = RunnableParallel(retrieve=timed("retrieve", self._retrieve), rules=timed("rules", self._rules))
        return (
            timed("prepare", self._prepare)
            | branches
            | RunnableLambda(merge, name="merge")
            | timed("compose", self._compose)
            | RunnableLambda(self._finalise, name="finalise")
        ).with_config(run_name="metodeguide.answer")

    def _prepare(self, state: dict[str, Any]) -> dict[str, Any]:
        state = dict(state)
        state["t0"] = time.perf_counter()
        masked = privacy.mask(state["question"])
        history = [_history_entry(h) for h in state["history"]]
        previous = history[-1] if history else None
        pq = prepare(
            masked.text,
            max_chars=self.settings.max_question_chars,
            previous_question=previous["question"] if previous else None,
            normalizer=self.normalizer,
        )
        state.update(
            masked=masked,
            prepared=pq,
            previous=previous,
            pii_warned_before=any(h.get("pii_warned") for h in history),
        )
        return state

    def _retrieve(self, state: dict[str, Any]) -> dict[str, Any]:
        pq: PreparedQuestion = state["prepared"]
        text = pq.search_text
        clar = self._clarification_context(state)
        if clar is not None:
            text = f"{clar['question']} {pq.original}"
        hits = self.retriever.retrieve(text, k=self.settings.top_k) if text.strip() else []
        return {**state, "hits": list(hits), "retrieval_text": text}

    def _rules(self, state: dict[str, Any]) -> dict[str, Any]:
        from assistant.rules import case_topics, evaluate

        pq: PreparedQuestion = state["prepared"]
        clar = self._clarification_context(state)
        follow = self._case_followup_context(state) if clar is None else None
        if follow is not None:
            # "og nu er der gået 7 mdr, hvad så?" after a verdict: the same case, the new fact wins.
            case_text = f"{follow['rules_text']} {pq.original}"
            # The follow-up's own words (not the text resolved with the earlier question) are the update.
            own = pq.normalized.text if pq.normalized is not None else pq.original
            earlier = self.reader.read(follow["rules_text"])
            prior = follow.get("updates") or {}
            if prior:  # facts an earlier follow-up updated hold ("og hvis han er 24?", then "og med 3 mere?")
                earlier = replace(
                    earlier,
                    profile=replace(earlier.profile, **prior, **({"young": None} if "age" in prior else {})),
                    understood=_merge_understood(
                        earlier.understood, tuple(Understood(k, v, "tekst") for k, v in prior.items())
                    ),
                )
            update = self.reader.read(own)
            profile = earlier.profile.merge(update.profile)
            if earlier.profile.age is not None and update.profile.age is None:
                age = age_update(own)
                if age is not None:
                    profile = replace(profile, age=age, young=None)
            if earlier.profile.caseload is not None:
                count = caseload_update(own, earlier.profile.caseload)
                if count is not None:
                    profile = replace(profile, caseload=count)
            if earlier.profile.months_in_cti is not None:
                months = months_update(own, earlier.profile.months_in_cti)
            else:
                months = update.profile.months_in_cti if update.profile.months_in_cti is not None else months_elapsed(own)
            if months is not None:
                profile = replace(profile, months_in_cti=months)
            understood = _merge_understood(earlier.understood, update.understood)
            changed = tuple(
                Understood(slot, getattr(profile, slot), "tekst", evidence=own)
                for slot in ("age", "caseload", "months_in_cti")
                if getattr(profile, slot) is not None and getattr(profile, slot) != getattr(earlier.profile, slot)
            )
            understood = _merge_understood(understood, changed)
            updates = {**(follow.get("updates") or {}), **{u.slot: u.value for u in changed}}
            known = {t.id for t in self.rules.topics}
            topics = ({r.split(".")[0] for r in follow["decided"]} & known) or set(
                case_topics(case_text, profile, self.rules)[0]
            )
            verdicts = list(evaluate(profile, self.rules, topics=topics)) if topics else []
        elif clar is not None:
            updates = dict(clar.get("updates") or {})
            case_text = f"{clar['rules_text']} {pq.rules_text}"
            earlier = self.reader.read(clar["rules_text"])
            reply = self.reader.read(pq.rules_text, expecting=clar["missing"][0])
            profile = earlier.profile.merge(reply.profile)
            understood = _merge_understood(earlier.understood, reply.understood)
            known = {t.id for t in self.rules.topics}
            topics = {r.split(".")[0] for r in clar["rules"]} & known
            verdicts = list(evaluate(profile, self.rules, topics=topics)) if topics else []
            if not verdicts:  # the reply did not fit; read the whole case text again
                reading = self.reader.read(case_text)
                profile, understood = reading.profile, reading.understood
                topics_again, _ = case_topics(case_text, profile, self.rules)
                verdicts = list(evaluate(profile, self.rules, topics=topics_again)) if topics_again else []
        else:
            updates = {}
            case_text = pq.rules_text
            # The exact facts first (cheap); the soft facts by meaning only for a case or a rule
            # question, where they decide a verdict.
            reading = self.reader.read(case_text, by_meaning=False) if case_text.strip() else None
            profile = reading.profile if reading is not None else None
            understood = reading.understood if reading is not None else ()
            if profile is not None:
                intent = self.case_intent_features(case_text, profile)
                is_case = self.intent.is_case(intent) if self.intent is not None else None
                topics, is_case = case_topics(case_text, profile, self.rules, is_case=is_case)
                if (is_case or topics) and self.reader.semantic is not None:
                    reading = self.reader.read(case_text)
                    profile, understood = reading.profile, reading.understood
                    topics, is_case = case_topics(case_text, profile, self.rules, is_case=is_case)
            else:
                topics, is_case = (), False
            verdicts = list(evaluate(profile, self.rules, topics=topics)) if topics else []
            previous = state.get("previous")
            if verdicts and all(v.missing for v in verdicts) and previous and previous.get("rules_text"):
                # "kan bostøtten gå i gang nu?" after a message that described the case: the case
                # stated earlier in the conversation decides, when it does.
                earlier_text = f"{previous['rules_text']} {case_text}"
                earlier = self.reader.read(earlier_text)
                again = list(evaluate(earlier.profile, self.rules, topics=topics))
                if any(not v.missing for v in again):
                    case_text, profile, understood, verdicts = earlier_text, earlier.profile, earlier.understood, again
            recommended = (previous or {}).get("recommended")
            if (
                verdicts
                and recommended
                and profile is not None
                and profile.method in (None, "SAMARBEJDSMODELLEN")
                and any("method" in v.missing for v in verdicts)
            ):
                # "ok, vi visiterer ham til det. kan vi starte nu?" after a recommendation: the
                # method the previous answer recommended is the one asked about
                with_method = replace(profile, method=recommended)
                again = list(evaluate(with_method, self.rules, topics=topics))
                if any(not v.missing for v in again):
                    profile, verdicts = with_method, again
            if not is_case:
                # A fact question that merely mentions case words ("Er ICM tidsbegrænset?") or
                # asks in general ("Hvilken af de tre metoder er den mest intensive?"): keep
                # decided verdicts, but do not answer it with a clarifying question.
                verdicts = [v for v in verdicts if not v.missing]
            named = self._named_sources(pq.original) if verdicts else set()
            if named and not is_case and not methods_in(pq.original):
                # "Hvor ofte holdes netværksmøder i Odense?" asks Odense's guideline, not the
                # manual's rule: a rule statement from another document does not lead. A question
                # that names the method ("en CTI medarbejder må max have 10 borgere ik? hvad siger
                # aarhus retningslinjen") compares the two: the rule stays, the local passage follows.
                verdicts = [v for v in verdicts if v.missing or any(c.source in named for c in v.citations)]
        context = follow if follow is not None else clar
        if updates and clar is not None:
            # "og hvis han kun er 24?" then a reply to the question that asked: the updated age
            # holds, it is not read again from the first text (which says 38)
            profile, understood, verdicts = self._corrected(updates, profile, understood, verdicts, case_text, "tekst")
        fixes = {**((context or {}).get("corrections") or {}), **(state.get("corrections") or {})}
        if fixes:
            profile, understood, verdicts = self._corrected(fixes, profile, understood, verdicts, case_text)
        used = {s for v in verdicts for s, _ in v.facts} | {s for v in verdicts for s in v.missing}
        if "young" in used:
            used.add("age")  # "52 år" is what was read; "young" follows from it
        order = {slot: i for i, slot in enumerate(SHOWN_SLOTS)}
        shown = tuple(sorted((u for u in understood if u.slot in used), key=lambda u: order.get(u.slot, 99))) if verdicts else ()
        return {
            "verdicts": verdicts,
            "rules_text": case_text,
            "understood": shown,
            "profile": profile,
            "corrections": fixes,
            "updates": updates if verdicts else {},
        }

    def _corrected(
        self,
        fixes: Mapping[str, Any],
        profile: Any,
        understood: Sequence[Any],
        verdicts: list[Verdict],
        case_text: str,
        source: str = "rettet",
    ) -> tuple[Any, tuple[Any, ...], list[Verdict]]:
        """The case with the user's corrections (or the facts a follow-up updated, ``source``
        "tekst") applied and its verdicts recomputed (same topics)."""
        from assistant.rules import CaseProfile, case_topics, evaluate

        base = profile if profile is not None else CaseProfile()
        changes = dict(fixes)
        # A corrected slot wins over what it contradicts: "hjemløs" was wrong, so the stay that
        # implied it goes too; a corrected age decides "young".
        if "housing_situation" in fixes and "stay" not in fixes:
            changes["stay"] = None
        if "age" in fixes and "young" not in fixes:
            changes["young"] = None
        conflicts = tuple(c for c in base.conflicts if c[0] not in fixes)
        corrected = replace(base, **changes, conflicts=conflicts)
        marked = tuple(Understood(slot, value, source) for slot, value in fixes.items())
        kept = tuple(u for u in understood if u.slot not in changes)
        known = {t.id for t in self.rules.topics}
        topics = {v.rule.split(".")[0] for v in verdicts} & known or set(case_topics(case_text, corrected, self.rules)[0])
        return corrected, kept + marked, list(evaluate(corrected, self.rules, topics=topics)) if topics else []

    def _named_sources(self, question: str) -> set[str]:
        """Documents the question names ("i Aarhus", "ifølge retningslinjen"), by title or file name."""
        names = scope_names(question, key_terms(question, self.stats, self._split), min_weight=NAMING_MIN_WEIGHT)
        if not names:
            return set()
        if self._first_chunks is None:
            self._first_chunks = self.index.first_chunks()
        return {src for src, first in self._first_chunks.items() if names & document_scope(first)}

    def _case_followup_context(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """When the previous answer gave a verdict and this is a short follow-up on the same case."""
        prev = state.get("previous")
        pq: PreparedQuestion = state["prepared"]
        if not prev or not prev.get("decided") or prev.get("missing"):
            return None
        if pq.followup_of is None and not (is_followup(pq.original) or _CASE_FOLLOWUP.search(pq.original)):
            return None
        return prev

    def _clarification_context(self, state: dict[str, Any]) -> dict[str, Any] | None:
        """When the previous answer asked a clarifying question and this looks like the reply."""
        prev = state.get("previous")
        pq: PreparedQuestion = state["prepared"]
        if not prev or not prev.get("missing"):
            return None
        if len(tokenize(pq.original)) > 12:
            return None
        return prev

    def _compose(self, state: dict[str, Any]) -> dict[str, Any]:
        pq: PreparedQuestion = state["prepared"]
        verdicts: list[Verdict] = state["verdicts"]
        query = state["retrieval_text"]
        cal = self.calibration
        terms = key_terms(
            pq.resolved if pq.lang == "en" else query,
            self.stats,
            self._split,
            glossary=GLOSSARY if pq.lang == "en" else None,
        )
        sims = self._similarities(self._content_query(query, terms)) if query.strip() else None
        hits, candidates, scored = self._scored_sentences(query, terms, state["hits"], sims)
        scored = prefer_year(query, scored, cal.select_margin)
        decided = [v for v in verdicts if not v.missing]
        sides = _comparison_sides(pq.resolved)
        selected = (
            select(
                scored,
                max_sentences=2 if decided else cal.max_sentences,
                margin=cal.select_margin,
                sides=sides,
                pool=candidates,
                following=self._following,
                question=pq.resolved,
            )
            if scored
            else []
        )
        if not decided and not sides and selected:
            selected = self._cover_parts(pq.resolved if pq.lang == "en" else query, pq.lang, hits, terms, selected)
        if not decided and selected and len(sides) == 2 and all(side.upper() in _SUPPORT_METHODS for side in sides):
            selected = self._define_sides(sides, hits, selected)
        # Abstention reads what is asked, not what the asker tells about themselves.
        asked = asked_part(query)
        if _REFERS_BACK.search(asked):
            asked = query  # "… taeller han overhovedet som hjemlos?": what was told is what is asked about
        asked_terms = (
            key_terms(asked, self.stats, self._split, glossary=GLOSSARY if pq.lang == "en" else None)
            if asked != query
            else terms
        )
        abstain_terms = asked_terms if len(asked_terms) >= 2 else terms
        everyday = self._everyday(pq.lang)
        # An English question's everyday words are unknown only because the manuals are Danish.
        pull = self._unknown_pull(query, abstain_terms, sims, everyday if pq.lang == "en" else None) if not decided else 0.0
        decision = decide(
            abstain_terms,
            hits,
            scored,
            verdicts,
            sims=sims,
            calibration=cal,
            everyday=everyday,
            # what is asked is read from the question itself, not its English expansion ("the money
            # side" expands to "… kroner", which asks no amount)
            wants_number=asks_figure(pq.resolved or query),
            unknown_pull=pull,
            asked_unit=asked_unit(pq.resolved or query),
            english=pq.lang == "en",
            asked_years=_asked_years(query, asked),
        )
        conflicts: list[tuple[float, str]] = []
        disagreement = None
        if not decided and not decision.abstain:
            conflicts = conflicting_premises(pq.original, " ".join(e.sentence.text for e in selected))
            disagreement = find_disagreement(pq.resolved, selected, scored, cal.select_margin)
        named_local = _named_local_passage(scored, terms, verdicts) if decided else []
        local = named_local or (_local_other_limit(scored, verdicts) if decided else [])
        pii = bool(state["masked"].found) and not state["pii_warned_before"]
        composed = compose_extractive(
            lang=pq.lang,
            hits=hits,
            selected=selected,
            verdicts=verdicts,
            abstain=decision.abstain,
            hedge=decision.outcome == "hedge",
            resolve=self._resolve_rule_citation,
            headline=_headline,
            premise_conflicts=conflicts,
            disagreement=disagreement,
            injection=pq.injection,
            truncation=pq.truncation,
            pii_warning=pii,
            local=local,
            local_named=bool(named_local),
            also_asked=self._also_asked(query, decided, hits) if decided else (),
        )
        mode = "extractive"
        notes: list[str] = [f"abstain:{decision.reason}", f"p_answerable:{decision.p_answerable:.3f}"]
        text, citations = composed.text, composed.citations
        if self._llm is not None and not composed.abstained and hits:
            llm_text, llm_cites, note = self._try_llm(pq, hits, verdicts, selected)
            if llm_text is not None:
                text, citations, mode = llm_text, llm_cites, "llm"
            notes.append(note)
        return {
            **state,
            "text": text,
            "citations": citations,
            "abstained": composed.abstained,
            "related": composed.related,
            "mode": mode,
            "trace": {
                "terms": terms,
                "abstain_terms": abstain_terms,
                "unknown_pull": pull,
                "scored": scored,
                "selected": selected,
                "decision": decision,
                "hits": hits,
                "sims": sims,
                "lang": pq.lang,
                "query": query,
            },
            "notes": tuple(notes)
            + (("pii_warned",) if pii else ())
            + ((f"case:{state['rules_text']}",) if verdicts else ())
            + ((f"corrections:{json.dumps(state['corrections'], ensure_ascii=False)}",) if state.get("corrections") else ())
            + ((f"updates:{json.dumps(state['updates'], ensure_ascii=False)}",) if state.get("updates") else ()),
        }

    def _cover_parts(
        self, question: str, lang: str, hits: list[Hit], terms: Sequence[Any], selected: list[Evidence]
    ) -> list[Evidence]:
        """``selected`` plus, for a question that asks several things ("er ICM tidsbegrænset? hvornår
        stopper man så"), the best sentence for each part that no chosen sentence already gives.
        A later part is read with the first part's main topic words ("hvilke år kørte den" →
        "… hjemløsestrategien"), since it often refers back with a pronoun."""
        parts = question_parts(question)
        if len(parts) < 2:
            return selected
        cal = self.calibration
        glossary = GLOSSARY if lang == "en" else None
        methods = methods_in(parts[0])
        first_terms = key_terms(parts[0], self.stats, self._split, glossary=glossary)
        # The first part's method and its main word ("hvad hedder de tre faser" → "faser"): a later
        # part asks about them ("hvornår skifter man fra den ene til den anden").
        nouns = [
            t.word
            for t in sorted(first_terms, key=lambda t: -t.weight)
            if not t.unknown and not t.word.isdigit() and t.word.lower() not in {m.lower() for m in methods}
        ]
        topic = methods[:1] + nouns[:1]
        chosen = list(selected)
        seen = [set(sentence_stems(e.sentence.text)) for e in chosen]
        for i, part in enumerate(parts):
            text = part if i == 0 else f"{part} {' '.join(w for w in topic if w.lower() not in part.lower())}".strip()
            p_terms = key_terms(text, self.stats, self._split, glossary=glossary)
            if not p_terms:
                continue
            _, _, p_scored = self._scored_sentences(text, p_terms, hits, self._similarities(text))
            if not p_scored or p_scored[0].coverage <= 0:
                continue
            # The part's best sentences that the answer does not give yet (up to ``PART_SENTENCES``),
            # if they score near its best.
            added = 0
            for best in p_scored[:6]:
                if best.score < p_scored[0].score - cal.select_margin or added >= PART_SENTENCES:
                    break
                stems = set(sentence_stems(best.sentence.text))
                if any(e.sentence.key == best.sentence.key for e in chosen) or any(near_duplicate(stems, o) for o in seen):
                    if best is p_scored[0] and i == 0:
                        break  # the first part is answered by the answer's own lead
                    continue
                chosen.append(best)
                seen.append(stems)
                added += 1
                if i == 0:
                    break
        return chosen

    def _also_asked(self, query: str, decided: Sequence[Verdict], hits: list[Hit]) -> list[Evidence]:
        """Beside a method verdict, the best sentences for a fact the case note asks besides the
        method ("… we're putting him on ICM … His mum asks how long it will last", "hvem styrer
        møderne?"): read with the decided method for the pronoun, up to ``ALSO_ASKED_SENTENCES``,
        only when the question asks how long, how often, who or what it involves (``_ALSO_ASKS``)
        and no verdict already answers that (a phase or caseload verdict tells the time or count)."""
        if not all(v.rule.split(".")[0] in ("method", "samarbejdsmodellen") for v in decided):
            return []
        asked = [q for q in re.split(r"(?<=[.!?])\s+", query) if q.rstrip().endswith("?")]
        focus = asked[-1] if asked else ""
        if not _ALSO_ASKS.search(focus):
            return []
        methods = [v.method for v in decided if v.method in ("CTI", "ICM", "ACT")]
        text = f"{focus} {' '.join(dict.fromkeys(methods))}".strip()
        terms = key_terms(text, self.stats, self._split, glossary=GLOSSARY if detect_language(text) == "en" else None)
        _, _, scored = self._scored_sentences(text, terms, hits, self._similarities(text))
        best = [e for e in scored[:6] if e.score >= scored[0].score - self.calibration.select_margin] if scored else []
        return best[:ALSO_ASKED_SENTENCES]

    def _define_sides(self, sides: Sequence[str], hits: list[Hit], selected: list[Evidence]) -> list[Evidence]:
        """``selected`` plus, for each method a comparison sets against another ("hvad er forskellen
        på ICM og ACT? begge virker langvarige"), the best sentence that says what the method is
        (as for "hvad er ACT?") when the answer has none of it yet: the question's own words
        ("langvarige") pull every side towards the one thing they share, and the difference stands
        in the definitions ("… tilknyttes et tværfagligt indsatsteam", "… en gennemgående støtteperson")."""
        chosen = list(selected)
        seen = [set(sentence_stems(e.sentence.text)) for e in chosen]
        for side in sides:
            asked = f"Hvad er {side.upper()}?"
            terms = key_terms(asked, self.stats, self._split)
            _, _, scored = self._scored_sentences(asked, terms, hits, self._similarities(asked))
            for best in scored[:3]:
                if [m.upper() for m in methods_in(best.sentence.text)] != [side.upper()]:
                    continue  # about this method alone
                stems = set(sentence_stems(best.sentence.text))
                if any(e.sentence.key == best.sentence.key for e in chosen) or any(near_duplicate(stems, o) for o in seen):
                    continue
                chosen.append(best)
                seen.append(stems)
                break
        return chosen

    def _scored_sentences(
        self, text: str, terms: Sequence[Any], hits: list[Hit], sims: SentenceSimilarity | None
    ) -> tuple[list[Hit], list[Sentence], list[Evidence]]:
        """The hits plus the chunks of ``text``'s best sentences, their candidate sentences, and
        those sentences scored for ``text`` (best first)."""
        hits = self._with_sentence_hits(hits, sims)
        candidates = candidate_sentences(hits, max_chunks=len(hits), sections=self._chunk_sections)
        scored = score_sentences(
            text, candidates, terms, dense=self._dense_scores(candidates, sims), weights=self.calibration.evidence_weights
        )
        return hits, candidates, scored

    def _content_query(self, query: str, terms: Sequence[Any]) -> str:
        """The question without the phrase that locates it in a document ("i Aarhus", "efter
        Aarhus' retningslinje", "ifølge guiden"): the document's title answers that part, and left
        in, it pulls the dense similarity towards sentences that merely name the document. A name
        that is the subject ("Hvilke metoder implementerer Randers Kommune?") stays."""
        names = scope_names(query, terms)
        if not names:
            return query
        words = re.findall(r"\S+", query)
        stems = [set(content_stems(w)) for w in words]
        drop: set[int] = set()
        for i, st in enumerate(stems):
            is_doc_word = bool(st & DOCUMENT_WORDS)
            is_name = bool(st & names)
            after_locator = i > 0 and words[i - 1].lower() in _LOCATORS
            before_doc_word = i + 1 < len(words) and bool(stems[i + 1] & DOCUMENT_WORDS)
            if (is_name and (after_locator or before_doc_word)) or (is_doc_word and (after_locator or i - 1 in drop)):
                drop.add(i)
                if after_locator:
                    drop.add(i - 1)
        kept = [w for i, w in enumerate(words) if i not in drop]
        if len(kept) < 2 or not drop:
            return query
        text = " ".join(kept)
        return text if text.endswith(("?", ".", "!")) or not query.rstrip().endswith("?") else text + "?"

    def _unknown_pull(
        self, query: str, terms: Sequence[Any], sims: SentenceSimilarity | None, everyday: Any = None
    ) -> float:
        """How far the words the corpus does not know pull ``query`` away from the manuals: the
        best sentence similarity of the question without them minus with them, in z-units of the
        question's background (0 without unknown words or sentence vectors). With ``everyday``
        (English questions), the words it accepts ("joined", "out") stay in: every English word is
        unknown to Danish manuals, so only names and rare words are measured. In Danish every
        unknown word is measured: "vejret" pulls away, "egentlig" does not."""
        unknown = [t.word for t in terms if t.unknown and (t.name or everyday is None or not everyday(t.word))]
        if sims is None or not sims.size or not unknown:
            return 0.0
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in sorted(unknown, key=len, reverse=True)) + r")\w*"
        rest = " ".join(re.sub(pattern, " ", query, flags=re.IGNORECASE).split())
        if len(tokenize(rest)) < 2:
            return 0.0
        without = self._similarities(rest)
        if without is None:
            return 0.0
        return sims.z(without.best()) - sims.z(sims.best())

    def _similarities(self, text: str) -> SentenceSimilarity | None:
        """The question's similarity to every indexed sentence (None without sentence vectors)."""
        if not len(self.sentences):
            return None
        return self.sentences.similarities(self.embedder.embed_query(text))

    def _with_sentence_hits(self, hits: list[Hit], sims: SentenceSimilarity | None) -> list[Hit]:
        """The retrieved chunks plus the chunks of the best-matching sentences (after them)."""
        out = list(hits)
        if sims is None:
            return out
        seen = {h.chunk.id for h in out}
        for row, sim in self.sentences.top(sims, SENTENCE_CANDIDATES):
            chunk = self.sentences.chunk_of(row)
            if chunk.id not in seen:
                seen.add(chunk.id)
                out.append(Hit(chunk, sim, len(out) + 1))
        return out

    def _dense_scores(
        self, candidates: Sequence[Sentence], sims: SentenceSimilarity | None
    ) -> dict[tuple[str, int], tuple[float, float]] | None:
        if sims is None:
            return None
        keyed = [(s.key, self.sentences.row(s.chunk.id, s.start)) for s in candidates]
        keyed = [(key, row) for key, row in keyed if row is not None]
        values = sims.at_rows(np.asarray([row for _, row in keyed], dtype=np.int64))
        return {key: (float(v), sims.z(float(v))) for (key, _), v in zip(keyed, values, strict=True)}

    def _following(self, sentence: Sentence, max_chars: int = 6000) -> list[Sentence]:
        """The sentences after ``sentence`` in its document (its chunk, then the next chunks),
        each a span of its own chunk so it can be cited; chunk overlaps are skipped."""
        chunks = sorted(self.index.chunks_of(sentence.chunk.source), key=lambda c: c.start)
        out: list[Sentence] = []
        reached = sentence.chunk.start + sentence.end  # document offset already covered
        limit = reached + max_chars
        for chunk in chunks:
            if chunk.end <= reached or chunk.start >= limit:
                continue
            heads = self._chunk_sections(chunk)
            for s, e in split_sentences(chunk.text):
                if chunk.start + s < reached or chunk.start + s >= limit:
                    continue
                section, section_start = heading_at(heads, s)
                out.append(Sentence(chunk, s, e, chunk.text[s:e], sentence.chunk_rank, section, section_start))
                reached = chunk.start + e
        return out

    def _everyday(self, lang: str) -> Any:
        """Whether an out-of-corpus word is everyday language (never an out-of-scope signal)."""
        return everyday_word(self.calibration.everyday_zipf, lang, self.calibration.english_everyday_zipf)

    def trace(self, question: str, history: History | None = None) -> dict[str, Any]:
        """Answer and the evidence behind it: key terms, scored sentences (with their features),
        the selection and the abstention decision. Used by ``python -m evals.calibrate``."""
        state = self.chain.invoke({"question": question, "history": list(history or [])})
        return {"answer": state["answer"], **(state.get("trace") or {})}

    def _finalise(self, state: dict[str, Any]) -> dict[str, Any]:
        timings = dict(state["timings"])
        timings.pop("prepare", None)
        timings["total"] = (time.perf_counter() - state["t0"]) * 1000
        answer = Answer(
            question=state["prepared"].original,
            answer=state["text"],
            abstained=state["abstained"],
            citations=tuple(self._with_publisher(self._locate(c)) for c in state["citations"]),
            verdicts=tuple(state["verdicts"]),
            corpus_version=self.corpus_version,
            mode=state["mode"],
            timings_ms={k: timings.get(k, 0.0) for k in ("retrieve", "rules", "compose", "total")},
            related=tuple(state["related"]),
            notes=state["notes"],
            understood=tuple(state.get("understood") or ()),
            profile=state.get("profile") if state["verdicts"] else None,
        )
        if self._audit is not None:
            self._audit.record(answer)
        return {"answer": answer, "trace": state.get("trace")}

    # ---------------------------------------------------------------- helpers
    def _document_or_none(self, source: str) -> SourceDocument | None:
        """The cleaned document (cached by the index), or None with one warning in the log."""
        try:
            return self.index.document(source)
        except (KeyError, MetodeguideError) as err:
            log.warning("Dokumentet %s kan ikke åbnes (%s); uddragets side og afsnit bruges.", source, err)
            return None

    def _chunk_sections(self, chunk: Chunk) -> tuple[tuple[int, str], ...]:
        """The headings printed over a chunk's sentences (``evidence.ChunkSections``): the one in
        print before the chunk, then those starting inside it, whatever their reach."""
        got = self._sections_by_chunk.get(chunk.id)
        if got is not None:
            return got
        doc = self._document_or_none(chunk.source)
        if doc is None:
            got = ()
        else:
            first = doc.heading_before(chunk.start)
            inside = [sec for sec in doc.sections if chunk.start < sec.start < chunk.end]
            got = tuple((sec.start - chunk.start, sec.title) for sec in ([first] if first else []) + inside)
        self._sections_by_chunk[chunk.id] = got
        return got

    def _locate(self, citation: Citation) -> Citation:
        """Page and section of the quote itself, not of the chunk's start.

        A chunk can run over a page break (a sentence finished on the next page, a short page
        end packed with the next page); the quote is cited with the page it begins on.
        """
        try:
            chunk = self.index.chunk(citation.chunk_id)
        except KeyError:
            return citation
        offset = citation.offset if citation.offset >= 0 else chunk.text.find(citation.quote)
        if offset <= 0:
            return citation
        doc = self._document_or_none(chunk.source)
        if doc is None:
            return citation
        at = chunk.start + offset
        page = (doc.page_at(at) or citation.page) if chunk.page is not None else citation.page
        section = doc.section_at(at) or citation.section
        if page == citation.page and section == citation.section:
            return citation
        return replace(citation, page=page, section=section)

    def _with_publisher(self, citation: Citation) -> Citation:
        """The citation with its document's publisher, so it reads "Køge Kommune, 2023, s. 2"."""
        publisher = self._publishers.get(citation.source)
        return citation if publisher is None else replace(citation, publisher=publisher)

    def _split(self, word: str) -> list[str]:
        if self._splitter is None:
            return []
        return list(self._splitter.split(word))

    def _resolve_rule_citation(self, rc: RuleCitation) -> tuple[Chunk, int, int] | None:
        key = (rc.source, rc.quote)
        if key not in self._rule_cite_cache:
            found = None
            for chunk in self.index.chunks_of(rc.source):
                span = find_span(chunk.text, rc.quote)
                if span is not None:
                    found = (chunk, span[0], span[1])
                    if rc.page is None or chunk.page == rc.page:
                        break
            self._rule_cite_cache[key] = found
        return self._rule_cite_cache[key]

    def _try_llm(
        self, pq: PreparedQuestion, hits: list[Hit], verdicts: list[Verdict], selected: list[Any]
    ) -> tuple[str | None, tuple[Citation, ...], str]:
        passages = [h.chunk.text for h in hits[:6]]
        outcome = self._llm.compose(pq.original, passages, verdicts, pq.lang)
        if not outcome.ok or outcome.text is None:
            reason = outcome.error or "; ".join(outcome.reasons) or "ukendt fejl"
            log.warning("LLM-svar afvist, bruger udtræk: %s", reason)
            return None, (), f"llm_fallback:{reason}"
        from assistant.compose.llm_citations import citations_for

        text, cites = citations_for(outcome.text, hits[:6])
        return text, cites, "llm_ok"


_DOCUMENT_YEAR = (
    r"(?:pjece\w*|guide\w*|slides?|nyhed\w*|artikel\w*|rapport\w*|notat\w*|præsentation\w*|oplæg\w*|seminar\w*"
    r"|brochure|news(?:\s+piece)?|article|report|presentation|paper|booklet)"
)


def _named_local_passage(
    scored: Sequence[Evidence], terms: Sequence[Any], verdicts: Sequence[Verdict] = ()
) -> list[Evidence]:
    """Beside a verdict: the best passage, with a figure, of a dropped-in document (not in the
    manifest) that the question names by a rare word of its title, publisher or file name ("…
    gælder det samme i Køge?" names Køge Kommune's quality standard). Beside a verdict with a
    limit, a passage of that document that states another limit for the same thing comes first
    ("… en lokal norm på maks. 12 borgere pr. CTI-medarbejder" before "CTI-forløb i gennemsnit
    9,6 måneder"). Empty when none is named."""
    names = [frozenset(t.alts) for t in terms if t.weight >= NAMING_MIN_WEIGHT]
    named = []
    for ev in scored[:12]:
        chunk = ev.sentence.chunk
        if getattr(chunk, "kind", "") != UNCATALOGUED_KIND or not stated_figures(ev.sentence.text):
            continue
        scope = document_scope(chunk)
        if any(names_in(n, scope) for n in names):
            named.append(ev)
    if not named:
        return []
    other_limit = _local_other_limit(named, verdicts, min_coverage_share=0.0)
    return other_limit or named[:1]


# A sentence that states a limit: "højst 8 borgere", "mindst fire netværksmøder", "at most 15".
_LIMIT_STATED = re.compile(
    r"\b(?:højst|maks\w*|max\w*|mindst|minimum|op\s+til|ikke\s+over|ikke\s+mere\s+end|at\s+most|at\s+least|no\s+more\s+than|up\s+to)\b",
    re.I,
)
# What a rule's limit counts, as the stems of the word after the number: a caseload counts people
# ("12 borgere", "10 unge"), the meetings rule meetings ("fire netværksmøder"). A local sentence
# with a number of something else ("op til fire måneder") states no other limit for the same thing.
_LIMIT_UNITS: dict[str, tuple[str, ...]] = {"caseload": ("borg", "ung", "klient", "sag", "person"), "meetings": ("mød",)}
_COUNTED = re.compile(NUM + r"\s+(?:flere\s+|nye\s+)?(?P<unit>[^\W\d_]+)", re.I)


def _counted_stems(text: str) -> set[str]:
    """Stems of the words counted by the numbers of ``text`` ("maks. 12 borgere pr. …" → {"borg"})."""
    return {stem(m.group("unit").lower()) for m in _COUNTED.finditer(text) if m.group("n").lower() not in ONE_WORDS}


# The local sentence must answer the question about as well as the best sentence does.
LOCAL_LIMIT_MIN_COVERAGE_SHARE = 0.6


def _local_other_limit(
    scored: Sequence[Evidence], verdicts: Sequence[Verdict], min_coverage_share: float = LOCAL_LIMIT_MIN_COVERAGE_SHARE
) -> list[Evidence]:
    """Beside a verdict with a limit (a caseload, the meetings a year), when the question names no
    document: the best passage of a dropped-in document that states another limit for the same
    thing ("Lokalt i Fjordby Kommune må en CTI-medarbejder højst have 8 borgere ad gangen" beside
    the manuals' 10). Issue 14: figures that disagree are shown with both sources. Empty when no
    such passage is among the twelve best sentences, or it answers the question much less well
    (coverage below ``LOCAL_LIMIT_MIN_COVERAGE_SHARE`` of the best sentence's)."""
    limits = {float(v.limit) for v in verdicts if not v.missing and v.limit is not None}
    if not limits or not scored:
        return []
    # the same thing: a method's limit is another limit only when the sentence names that method
    # ("en bostøttemedarbejder må højst have 12" is § 85 support in general, not CTI)
    methods = {v.method for v in verdicts if not v.missing and v.limit is not None and v.method in ("CTI", "ICM", "ACT")}
    kinds = {v.rule.split(".")[0] for v in verdicts if not v.missing and v.limit is not None}
    units = tuple(u for kind in kinds for u in _LIMIT_UNITS.get(kind, ()))
    top = max(e.coverage for e in scored[:12])
    for ev in scored[:12]:
        chunk = ev.sentence.chunk
        if getattr(chunk, "kind", "") != UNCATALOGUED_KIND or not _LIMIT_STATED.search(ev.sentence.text):
            continue
        if methods and not methods & set(methods_in(ev.sentence.text)):
            continue
        if units and not any(u in counted for counted in _counted_stems(ev.sentence.text) for u in units):
            continue  # a number of something else ("op til fire måneder")
        if ev.coverage <= 0 or ev.coverage < min_coverage_share * top:
            continue
        figures = stated_figures(ev.sentence.text)
        if figures and not figures & limits:
            return [ev]
    return []


def _asked_years(query: str, asked: str) -> list[int]:
    """The years the question asks about: in the asked sentence and in what follows it ("hvor
    mange hjemløse var der ved den nyeste tælling? altså den fra 2022"), not in a note before it,
    and not a year that names a document ("i slides fra 2014")."""
    at = query.find(asked)
    text = query[at:] if at >= 0 else asked
    return [y for y in years_in(text) if not _locates_document(text, y)]


# A programme named by the year it began: "projekterne fra 2014", "the youth project from 2014",
# "de to projekter der blev skudt i gang i november 2014", "the roll-out that kicked off in 2014".
_PROGRAMME = r"(?:projekt\w*|project\w*|program\w*|programme\w*|strategi\w*|strateg(?:y|ies)|satsning\w*|udbredelse\w*|roll-?out)"
_BEGAN = (
    r"(?:skudt\s+i\s+gang|sat\s+i\s+gang|igangsat\w*|startede|startet|begyndte|lanceret"
    r"|kicked\s+off|started|launched|began|begun)"
)


def _locates_document(question: str, year: int) -> bool:
    """The year names a document or a programme, not a time asked about ("according to the news
    piece from 2014", "i slides fra 2014", "2018-guiden", "projekterne fra 2014", "the projects
    that kicked off in November 2014"): no figure for that year is needed."""
    y = str(year)
    return bool(
        re.search(rf"{_DOCUMENT_YEAR}\s+(?:\w+\s+){{0,3}}?(?:fra|from|of|i|in)\s+{y}\b", question, re.I)
        or re.search(rf"\b{y}\s*-?\s*{_DOCUMENT_YEAR}", question, re.I)
        or re.search(rf"{_PROGRAMME}\s+(?:\w+\s+){{0,3}}?(?:fra|from)\s+{y}\b", question, re.I)
        or re.search(rf"\b{_BEGAN}\s+(?:i|in)\s+(?:\w+\s+)?{y}\b", question, re.I)
    )


class _LockedEmbedder:
    """Serialises query embedding (the engine is shared by all threads of the process) and keeps
    the last ``QUERY_CACHE`` query vectors: retrieval and sentence scoring embed the same text."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "embedder")
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Any] = OrderedDict()

    def embed_query(self, text: str) -> Any:
        with self._lock:
            vec = self._cache.get(text)
            if vec is None:
                vec = self.inner.embed_query(text)
                self._cache[text] = vec
                if len(self._cache) > QUERY_CACHE:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(text)
            return vec

    def __getattr__(self, item: str) -> Any:
        return getattr(self.inner, item)


_COMPARISON = re.compile(r"\b(forskel\w*|vs\.?|versus|sammenlign\w*|difference|compare\w*|eller)\b", re.I)


# A later part of a question ("… og hvornår skifter man fra den ene til den anden?") often needs
# two sentences (the second and the third phase's start); the first part is the answer's lead.
PART_SENTENCES = 2


_SUPPORT_METHODS = ("CTI", "ICM", "ACT")
# A case note's question that asks a fact besides the method: how long, how often, who, what it costs.
_ALSO_ASKS = re.compile(
    r"\b(?:hvor\s+(?:længe|lang\s+tid|tit|ofte|meget)|hvem\b|hvornår\s+(?:slutter|stopper|ophører)"
    r"|how\s+(?:long|often|much)|who\b|when\s+(?:does|will)\s+(?:it|this|the\s+\w+)\s+(?:end|stop))",
    re.IGNORECASE,
)
ALSO_ASKED_SENTENCES = 2


def _comparison_sides(question: str) -> tuple[str, ...]:
    """The things a comparison question sets against each other: methods ("forskellen på ICM og
    ACT"), or two other words ("om myndighedskoordinatoren sidder i socialforvaltningen eller i
    beskæftigelsesforvaltningen", "forskellen på bred og smal organisering"); English words as the
    manuals' Danish ("broad … vs a narrow …" -> bred, smal)."""
    methods = methods_in(question)
    if len(methods) >= 2 and (_COMPARISON.search(question) or " og " in question.lower()):
        return tuple(m.lower() for m in methods)
    if methods:
        return ()
    m = _OTHER_SIDES.search(question)
    if m is None:
        return ()
    sides = []
    pair = next((m.group(x), m.group(y)) for x, y in (("x", "y"), ("x2", "y2"), ("x3", "y3")) if m.group(x))
    for word in pair:
        word = word.lower().split("/")[-1]
        danish = GLOSSARY.get(word, "").split()
        side = danish[0] if danish else word
        if len(side) < 3 or side in STOPWORDS:
            return ()
        sides.append(side)
    return tuple(sides) if sides[0] != sides[1] else ()


# Two non-method sides: "forskel(len) på X og Y", "X vs Y", "om … i X eller i Y", "skal vi placere … i X eller i Y".
_OTHER_SIDES = re.compile(
    r"\b(?:forskel\w*|difference|sammenlign\w*|compare\w*)\s+(?:på|paa|mellem|between|of)\s+(?:en\s+|et\s+|a\s+|an\s+|the\s+)?"
    r"(?P<x>[\w/-]+)\s+(?:og|and|vs\.?|versus)\s+(?:en\s+|et\s+|a\s+|an\s+|the\s+)?(?P<y>[\w/-]+)"
    r"|\b(?:a\s+|an\s+|en\s+|et\s+)(?P<x2>[\w/-]+)\s+(?:[\w-]+\s+){0,2}?(?:vs\.?|versus)\s+(?:a\s+|an\s+|en\s+|et\s+)(?P<y2>[\w/-]+)"
    r"|(?:\bom|\b(?:skal|bør)\s+(?:vi|man|de|kommunen))\s+(?:\w+\s+){0,4}?(?:i|på|hos|under|til)\s+(?P<x3>[\w/-]+)\s+eller\s+"
    r"(?:i|på|hos|under|til)\s+(?P<y3>[\w/-]+)",
    re.IGNORECASE,
)


def _headline(verdict: Verdict, lang: str) -> str:
    from assistant.rules import headline

    return headline(verdict, lang=lang)


def corrections_of(answer: Answer | Mapping[str, Any]) -> dict[str, Any]:
    """The case corrections an answer was given with (``{slot: value}``; empty when none)."""
    notes = answer.notes if isinstance(answer, Answer) else tuple(answer.get("notes") or ())
    fixed = next((n[len("corrections:") :] for n in notes if n.startswith("corrections:")), None)
    return validate_corrections(json.loads(fixed)) if fixed else {}


def _updates_of(notes: Sequence[str]) -> dict[str, Any]:
    """The facts a follow-up updated ("og hvis han er 24?"), as stored in the answer's notes."""
    raw = next((n[len("updates:") :] for n in notes if n.startswith("updates:")), None)
    return validate_corrections(json.loads(raw)) if raw else {}


def _history_entry(h: Answer | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(h, Answer):
        verdicts = [v.to_dict() for v in h.verdicts]
        question, notes = h.question, h.notes
    else:
        verdicts = list(h.get("verdicts") or [])
        question, notes = str(h.get("question", "")), tuple(h.get("notes") or ())
    missing: list[str] = []
    rules: list[str] = []
    decided: list[str] = []
    recommended: str | None = None
    for v in verdicts:
        if v.get("missing"):
            missing.extend(v["missing"])
            rules.append(v["rule"])
        elif not str(v.get("rule", "")).startswith("profile."):
            decided.append(v["rule"])
            if str(v.get("rule", "")).startswith("method.") and v.get("method") in ("CTI", "ICM", "ACT"):
                recommended = v["method"]
    case = next((n[5:] for n in notes if n.startswith("case:")), None)
    return {
        "question": question,
        "rules_text": case or question,
        "missing": missing,
        "rules": rules,
        "decided": decided,
        "recommended": recommended,
        "pii_warned": "pii_warned" in notes,
        "corrections": corrections_of({"notes": notes}),
        "updates": _updates_of(notes),
    }


def _merge_understood(earlier: Sequence[Any], later: Sequence[Any]) -> tuple[Any, ...]:
    """Facts from a clarifying reply replace the same slots read before."""
    slots = {u.slot for u in later}
    return tuple(u for u in earlier if u.slot not in slots) + tuple(later)


def _make_case_reader(settings: Settings, embedder: Any, calibration: Calibration) -> Any:
    """The case reader: exact parsers, plus soft facts by meaning when the embedder is the one
    the thresholds were fitted with (``calibration.embedder``) and the phrase bank is present."""
    from assistant.rules.reader import CaseReader
    from assistant.rules.semantic import PhraseBank, SemanticSlots

    name = str(getattr(embedder, "name", ""))
    path = settings.rules_path.parent / "case_phrases.yaml"
    if not calibration.embedder or name != calibration.embedder or not path.is_file():
        return CaseReader()
    bank = PhraseBank.load(path)
    embed = _QueryVectors(embedder, settings)
    return CaseReader(
        SemanticSlots(
            bank,
            embed,
            min_relevance=calibration.case_min_relevance,
            min_margin=calibration.case_min_margin,
            bank_vectors=embed.cached(bank.texts()),
        )
    )


class _QueryVectors:
    """Query-style vectors for short texts (case clauses, phrasings), cached in memory and, for
    the phrase bank, in the embedding cache on disk (so only the first start embeds them)."""

    def __init__(self, embedder: Any, settings: Settings) -> None:
        self.embedder = embedder
        self.settings = settings
        self.name = f"{getattr(embedder, 'name', 'embedder')}|query"

    def __call__(self, texts: Sequence[str]) -> Any:
        import numpy as np

        return np.vstack([np.asarray(self.embedder.embed_query(t), dtype=np.float32) for t in texts])

    def cached(self, texts: Sequence[str]) -> Any:
        import sqlite3

        import numpy as np

        from ingest.cache import EmbeddingCache, text_hash

        hashes = [text_hash(t) for t in texts]
        found: dict[str, Any] = {}
        try:
            with EmbeddingCache(self.settings.data_dir / "embeddings.sqlite") as cache:
                found = cache.get_many(self.name, hashes)
                todo = [(h, t) for h, t in zip(hashes, texts, strict=True) if h not in found]
                if todo:
                    fresh = {h: v for (h, _), v in zip(todo, self([t for _, t in todo]), strict=True)}
                    cache.put_many(self.name, fresh)
                    found.update(fresh)
        except (OSError, sqlite3.Error) as err:  # a read-only cache costs time, never correctness
            log.warning("Indlejringscachen kan ikke bruges (%s); formuleringerne beregnes igen.", err)
            return self(texts)
        return np.vstack([found[h] for h in hashes])


def _make_audit(settings: Settings) -> Any:
    try:
        from assistant.audit import AuditLog
    except ImportError:  # pragma: no cover - module ships with the package
        return None
    return AuditLog(settings.audit_db)


def _make_llm(settings: Settings) -> Any:
    if settings.llm_provider == "none":
        return None
    from assistant.compose.llm import LLMComposer

    return LLMComposer(settings)
