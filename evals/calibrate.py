"""Fit the answer path's weights and thresholds by k-fold cross-validation, in one command:

    python -m evals.calibrate                 # every labelled set under evals/sets (+ blind/)
    python -m evals.calibrate SET.yaml ...    # only these sets
    python -m evals.calibrate --check         # report held-out figures, write nothing

It writes ``corpus/calibration.json`` (``Settings.calibration_path``): the values, and under
``fitted`` what they were fitted on and the held-out-fold scores they reached. Three fits:

1. **Evidence weights** (``assistant.evidence.FEATURES``): pairwise logistic regression —
   within each question, a sentence that holds the expected quote (or the expected facts, from
   an expected source) should outscore the others. Features the labelled sets never exercise
   (other-document, uncatalogued-file and low-value penalties) keep their starting values.
   Weights are scaled so coverage has weight 1. Held out: precision@1 and MRR of the first
   answering sentence, beside the starting weights on the same folds.
2. **Selection margin**: how far below the best sentence a runner-up may score and still be
   shown; chosen for fact recall and quote support, minus a small cost per extra sentence (no
   unrelated passages appended).
3. **Abstention model** (``assistant.abstain.SIGNALS``): logistic regression of "the manuals
   answer this" on the evidence signals, with the everyday-word Zipf cut-off chosen by grid,
   and the answer threshold that maximises balanced accuracy (answerable answered, out of
   scope refused) on the training folds. Case questions (an expected verdict or clarifying
   question) are left out: the rules answer them.

Every reported figure is from held-out folds (each item scored by a model fitted without it).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.abstain import SIGNALS, abstain_signals
from assistant.calibration import DEFAULT_EVIDENCE_WEIGHTS, DENSE_FEATURES, Calibration
from assistant.evidence import FEATURES, Evidence, select
from assistant.settings import PROJECT_ROOT, Settings
from assistant.text import normalize_for_match
from evals.metrics import contains_fact, fact_form
from evals.schema import EvalItem, load_set

SETS_DIR = PROJECT_ROOT / "evals" / "sets"
# Evidence features the labelled sets do not exercise: they keep their starting value.
FIXED_FEATURES = ("other_document", "uncatalogued", "low_value")
K_FOLDS = 5
SEED = 20261130
MARGINS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0)
EVERYDAY_ZIPF = (3.0, 3.5, 4.0, 4.5, 5.0)
ENGLISH_EVERYDAY_ZIPF = (3.0, 3.5, 4.0, 5.0)
SENTENCE_COST = 0.08  # per shown sentence, against fact recall + quote support: a runner-up must earn its place


def default_sets() -> list[Path]:
    """Every question set with answers: evals/sets/*.yaml (not the retrieval benchmark) and blind/."""
    out = [p for p in sorted(SETS_DIR.glob("*.yaml")) if p.name != "retrieval.yaml"]
    return out + sorted((SETS_DIR / "blind").glob("*.yaml"))


@dataclass
class Traced:
    """One item run through the answer path, with what the fits need."""

    item: EvalItem
    set_name: str
    scored: list[Evidence]
    positives: set[tuple[str, int]]
    trace: dict[str, Any]
    is_case: bool
    facts: tuple[tuple[str, ...], ...]
    quote: str | None


def _norm(text: str) -> str:
    return normalize_for_match(text).lower()


def _is_positive(ev: Evidence, item: EvalItem) -> bool:
    text = _norm(ev.sentence.text)
    exp = item.expected
    if exp.quote:
        q = _norm(exp.quote)
        if q in text or (len(text) >= 40 and text in q):
            return True
    if len(ev.sentence.text.split()) < 5:
        return False  # a heading or list label is not an answer, even when it names the fact
    if exp.facts and (not exp.sources or ev.sentence.chunk.source in exp.sources):
        form = fact_form(ev.sentence.text)
        hits = sum(any(_whole_word_fact(form, a) for a in fact) for fact in exp.facts)
        return hits >= max(1, math.ceil(len(exp.facts) / 2))
    return False


def _whole_word_fact(form: str, alternative: str) -> bool:
    """A fact as whole words ("ti" is not in "tid"): stricter than the metric, for labels."""
    import re

    f = fact_form(alternative)
    return bool(f) and re.search(rf"(?<!\w){re.escape(f)}(?!\w)", form) is not None


def collect(assistant: Any, paths: Sequence[Path], log: Callable[[str], None] = print) -> list[Traced]:
    """Run every item of ``paths`` through ``assistant.trace`` (history first, as one conversation)."""
    out: list[Traced] = []
    for path in paths:
        s = load_set(path)
        log(f"  {s.name}: {len(s.items)} spørgsmål")
        for item in s.items:
            history: list[Any] = []
            for earlier in item.history:
                history.append(assistant.answer(earlier, history=list(history) or None))
            tr = assistant.trace(item.question, history=list(history) or None)
            scored = list(tr.get("scored") or [])
            positives = {e.sentence.key for e in scored if _is_positive(e, item)}
            exp = item.expected
            out.append(
                Traced(
                    item=item,
                    set_name=s.name,
                    scored=scored,
                    positives=positives,
                    trace=tr,
                    is_case=exp.verdict is not None or exp.clarify,
                    facts=exp.facts,
                    quote=exp.quote,
                )
            )
    return out


def folds_of(n: int, k: int = K_FOLDS, seed: int = SEED) -> list[int]:
    """A fold number (0..k-1) for each of ``n`` items, shuffled with a fixed seed."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


# ---------------------------------------------------------------- 1. evidence weights


def _vec(ev: Evidence) -> np.ndarray:
    return np.array([float(ev.features.get(f, 0.0)) for f in FEATURES])


def _rescore(scored: Sequence[Evidence], weights: dict[str, float]) -> list[Evidence]:
    w = np.array([weights.get(f, 0.0) for f in FEATURES])
    out = [replace(e, score=float(_vec(e) @ w)) for e in scored]
    out.sort(key=lambda e: (-e.score, e.sentence.chunk_rank, e.sentence.chunk.id, e.sentence.start))
    return out


def fit_evidence_weights(train: Sequence[Traced], start: dict[str, float]) -> dict[str, float]:
    """Pairwise logistic regression (positive minus negative sentence of the same question)."""
    from sklearn.linear_model import LogisticRegression

    free = [i for i, f in enumerate(FEATURES) if f not in FIXED_FEATURES]
    xs: list[np.ndarray] = []
    sw: list[float] = []
    for t in train:
        pos = [e for e in t.scored if e.sentence.key in t.positives]
        neg = [e for e in t.scored if e.sentence.key not in t.positives]
        if not pos or not neg:
            continue
        pairs = [_vec(p) - _vec(n) for p in pos for n in neg]
        xs.extend(pairs)
        sw.extend([1.0 / len(pairs)] * len(pairs))  # every question counts the same
    if not xs:
        return dict(start)
    x = np.vstack(xs)[:, free]
    x = np.vstack([x, -x])
    y = np.concatenate([np.ones(len(xs)), np.zeros(len(xs))])
    w = np.concatenate([sw, sw]) * len(sw) / max(1, len(train))
    model = LogisticRegression(fit_intercept=False, C=1.0, max_iter=5000)
    model.fit(x, y, sample_weight=w)
    coef = model.coef_[0]
    fitted = dict(start)
    for j, i in enumerate(free):
        fitted[FEATURES[i]] = float(coef[j])
    # Put the fitted weights on the starting weights' scale (the same spread of scores within a
    # question), so the fixed penalties and the selection margin keep their meaning.
    free_only = {f: 0.0 if f in FIXED_FEATURES else fitted[f] for f in FEATURES}
    ratio = _spread(train, start) / max(_spread(train, free_only), 1e-9)
    out = dict(start)
    for i in free:
        out[FEATURES[i]] = round(fitted[FEATURES[i]] * ratio, 4)
    return out


def _spread(items: Sequence[Traced], weights: dict[str, float]) -> float:
    """Mean within-question standard deviation of the scores (free features only)."""
    w = np.array([0.0 if f in FIXED_FEATURES else weights.get(f, 0.0) for f in FEATURES])
    sds = [float(np.std(np.vstack([_vec(e) for e in t.scored]) @ w)) for t in items if len(t.scored) > 1]
    return sum(sds) / len(sds) if sds else 1.0


def ranking_scores(items: Sequence[Traced], weights: dict[str, float]) -> dict[str, float]:
    """Precision@1 and MRR of the first answering sentence, over items that have one."""
    p1, rr, n = 0.0, 0.0, 0
    for t in items:
        if not t.positives:
            continue
        n += 1
        ranked = _rescore(t.scored, weights)
        for rank, e in enumerate(ranked, start=1):
            if e.sentence.key in t.positives:
                rr += 1.0 / rank
                p1 += rank == 1
                break
    return {"precision_at_1": p1 / n if n else 0.0, "mrr": rr / n if n else 0.0, "items": n}


# ---------------------------------------------------------------- 2. selection margin


def selection_scores(items: Sequence[Traced], weights: dict[str, float], margin: float, max_sentences: int) -> dict[str, float]:
    """Fact recall and quote support of the selected sentences (fact questions only)."""
    facts_sum, facts_n, quote_sum, quote_n, shown = 0.0, 0, 0.0, 0, 0
    for t in items:
        if t.is_case or t.item.expected.abstain or not t.scored:
            continue
        ranked = _rescore(t.scored, weights)
        chosen = select(ranked, max_sentences=max_sentences, margin=margin, pool=[e.sentence for e in t.scored])
        shown += len(chosen)
        text = fact_form("\n".join(e.sentence.text for e in chosen))
        if t.facts:
            facts_n += 1
            facts_sum += sum(any(contains_fact(text, a) for a in f) for f in t.facts) / len(t.facts)
        if t.quote:
            quote_n += 1
            quote_sum += any(_norm(t.quote) in _norm(e.sentence.text) for e in chosen)
    fr = facts_sum / facts_n if facts_n else 0.0
    qs = quote_sum / quote_n if quote_n else 0.0
    per = shown / max(1, facts_n)
    return {"fact_recall": fr, "quote_support": qs, "sentences": per, "objective": fr + qs - SENTENCE_COST * per}


# ---------------------------------------------------------------- 2b. retrieval re-ranking

RERANK_DENSE_WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def rerank_reciprocal_ranks(assistant: Any, items: Sequence[Traced], weight: float, k: int = 8) -> list[float]:
    """Per item with an answering sentence: 1/rank of the first retrieved chunk that holds one."""
    reranker = getattr(assistant.retriever, "reranker", None)
    if reranker is None:
        return []
    reranker.dense_weight = weight
    out = []
    for t in items:
        if not t.positives or t.item.history:
            continue
        chunk_ids = {cid for cid, _ in t.positives}
        hits = assistant.search(t.item.question, k=k)
        rank = next((i for i, h in enumerate(hits, start=1) if h.chunk.id in chunk_ids), None)
        out.append(1.0 / rank if rank else 0.0)
    return out


# ---------------------------------------------------------------- 2c. reading soft case facts

CASE_RELEVANCE = (0.02, 0.03, 0.04, 0.05)
CASE_MARGIN = (0.005, 0.01, 0.015, 0.02)


def case_item_scores(assistant: Any, items: Sequence[EvalItem], relevance: float, margin: float) -> list[float]:
    """Per case item: 1 when the verdict is right (or the clarifying question is asked), else 0."""
    from evals.metrics import Clarification, VerdictAccuracy

    semantic = getattr(assistant.reader, "semantic", None)
    if semantic is None:
        return []
    assistant.reader.semantic = semantic.with_thresholds(relevance, margin)
    out = []
    try:
        for item in items:
            history: list[Any] = []
            for earlier in item.history:
                history.append(assistant.answer(earlier, history=list(history) or None))
            ans = assistant.answer(item.question, history=list(history) or None)
            metric = Clarification() if item.expected.clarify else VerdictAccuracy()
            out.append(1.0 if metric.score(item, ans).passed else 0.0)
    finally:
        assistant.reader.semantic = semantic
    return out


def _plateau_centre(scores: dict[tuple[float, float], float]) -> tuple[float, float]:
    """The middle of the best-scoring grid points: when the data cannot tell several thresholds
    apart, the centre of that plateau is the least fitted to it."""
    top = max(scores.values())
    best = sorted(g for g, v in scores.items() if v >= top - 1e-9)
    return best[len(best) // 2]


def fit_case_thresholds(
    assistant: Any, items: Sequence[EvalItem], log: Callable[[str], None]
) -> tuple[float, float, dict[str, Any]]:
    """Grid over the two thresholds; each fold's pick scored on its held-out items."""
    grid = {(r, m): case_item_scores(assistant, items, r, m) for r in CASE_RELEVANCE for m in CASE_MARGIN}
    if not next(iter(grid.values()), []):
        return 0.04, 0.015, {"note": "no semantic reader (another embedder)"}
    fold = folds_of(len(items))
    held: list[float] = []
    for k in range(K_FOLDS):
        pick = _plateau_centre({g: sum(v for i, v in enumerate(grid[g]) if fold[i] != k) for g in grid})
        held += [v for i, v in enumerate(grid[pick]) if fold[i] == k]
    best = _plateau_centre({g: sum(v) for g, v in grid.items()})
    report = {
        "case_items": len(items),
        "right_held_out": round(sum(held) / max(1, len(held)), 4),
        "right_without_meaning": round(sum(case_item_scores(assistant, items, 9.0, 9.0)) / max(1, len(items)), 4),
    }
    log(f"Sagslæsning (holdt ude): {report}; tærskler {best}")
    return best[0], best[1], report


# ---------------------------------------------------------------- 2d. case or fact question


def is_case_item(item: EvalItem) -> bool:
    """A case: an expected clarifying question, or a verdict beyond a bare limit (a general
    "Hvor mange borgere må en CTI-medarbejder have?" expects only the limit: no case)."""
    v = item.expected.verdict
    return item.expected.clarify or (v is not None and set(v) - {"limit"} != set())


def intent_rows(assistant: Any, items: Sequence[EvalItem]) -> list[dict[str, Any]]:
    """Per item: its label, exact cues and the two vectors (question sentence, whole text)."""
    from assistant.query import prepare

    assistant._fitting_intent = True
    rows = []
    try:
        for item in items:
            pq = prepare(item.question, max_chars=assistant.settings.max_question_chars, normalizer=assistant.normalizer)
            profile = assistant.reader.read(pq.rules_text, by_meaning=False).profile
            feats = assistant.case_intent_features(pq.rules_text, profile)
            rows.append({"label": is_case_item(item), **feats})
    finally:
        assistant._fitting_intent = False
    return rows


def _intent_matrix(rows: Sequence[dict[str, Any]], case_c: np.ndarray, fact_c: np.ndarray) -> np.ndarray:
    from assistant.rules.intent import FEATURES as INTENT_FEATURES

    out = []
    for r in rows:
        f = dict(r)
        f["focus_similarity"] = float(r["_focus_vec"] @ case_c - r["_focus_vec"] @ fact_c)
        f["text_similarity"] = float(r["_text_vec"] @ case_c - r["_text_vec"] @ fact_c)
        out.append([float(f[k]) for k in INTENT_FEATURES])
    return np.array(out)


def _fit_intent(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    from assistant.rules.intent import FEATURES as INTENT_FEATURES
    from assistant.rules.intent import mean_vector

    case_c = mean_vector([r["_focus_vec"] for r in rows if r["label"]])
    fact_c = mean_vector([r["_focus_vec"] for r in rows if not r["label"]])
    x = _intent_matrix(rows, case_c, fact_c)
    y = np.array([1 if r["label"] else 0 for r in rows])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    weights = {k: round(float(v), 4) for k, v in zip(INTENT_FEATURES, model.coef_[0], strict=True)}
    bias = round(float(model.intercept_[0]), 4)
    p = 1 / (1 + np.exp(-(x @ np.array([weights[k] for k in INTENT_FEATURES]) + bias)))
    return {
        "case_centroid": [round(float(v), 5) for v in case_c],
        "fact_centroid": [round(float(v), 5) for v in fact_c],
        "weights": weights,
        "bias": bias,
        "threshold": best_threshold(p, y),
    }


def fit_case_intent(
    assistant: Any, items: Sequence[EvalItem], log: Callable[[str], None]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit ``CaseIntent`` on every item; report held-out accuracy (each fold fitted without it)."""
    from assistant.rules.intent import CaseIntent

    rows = intent_rows(assistant, items)
    fold = folds_of(len(rows))
    right = cases = cases_found = facts = facts_kept = 0
    for k in range(K_FOLDS):
        train = [r for i, r in enumerate(rows) if fold[i] != k]
        model = CaseIntent.from_calibration(_fit_intent(train))
        assert model is not None
        for i, r in enumerate(rows):
            if fold[i] != k:
                continue
            guess = model.is_case(model.features(r["_focus_vec"], r["_text_vec"], r))
            right += guess == r["label"]
            if r["label"]:
                cases += 1
                cases_found += guess
            else:
                facts += 1
                facts_kept += not guess
    report = {
        "items": len(rows),
        "cases": cases,
        "accuracy_held_out": round(right / max(1, len(rows)), 4),
        "cases_recognised_held_out": round(cases_found / max(1, cases), 4),
        "fact_questions_kept_held_out": round(facts_kept / max(1, facts), 4),
    }
    log(f"Sag eller faktaspørgsmål (holdt ude): {report}")
    return _fit_intent(rows), report


# ---------------------------------------------------------------- 3. abstention


def _signals(
    t: Traced, everyday_zipf: float, english_everyday_zipf: float | None = None, english_dense_offset: float = 0.0
) -> np.ndarray:
    from assistant.normalize import everyday_word

    tr = t.trace
    lang = str(tr.get("lang", t.item.lang))
    from assistant.disagreement import asked_unit, years_in
    from assistant.evidence import asks_number
    from assistant.query import asked_part

    sig, _ = abstain_signals(
        tr.get("abstain_terms", tr["terms"]),
        tr["hits"],
        t.scored,
        tr.get("sims"),
        everyday_word(everyday_zipf, lang, english_everyday_zipf),
        wants_number=asks_number(str(tr.get("query", t.item.question))),
        asked_unit=asked_unit(str(tr.get("query", t.item.question))),
        unknown_pull=float(tr.get("unknown_pull", 0.0)),
        english=lang == "en",
        english_dense_offset=english_dense_offset,
        asked_years=years_in(asked_part(str(tr.get("query", t.item.question)))),
    )
    return np.array([sig[s] for s in SIGNALS])


def fit_abstention(x: np.ndarray, y: np.ndarray) -> tuple[dict[str, float], float]:
    """Logistic regression on standardised signals, returned as raw-scale weights and bias."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd < 1e-9] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    model.fit((x - mu) / sd, y)
    w = model.coef_[0] / sd
    b = float(model.intercept_[0] - np.sum(model.coef_[0] * mu / sd))
    return {s: round(float(v), 4) for s, v in zip(SIGNALS, w, strict=True)}, round(b, 4)


def _p(x: np.ndarray, weights: dict[str, float], bias: float) -> np.ndarray:
    w = np.array([weights[s] for s in SIGNALS])
    return 1.0 / (1.0 + np.exp(-np.clip(x @ w + bias, -40, 40)))


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best balanced accuracy (answer when p ≥ t); ties to the lowest."""
    best_t, best = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        answered = p >= t
        tpr = answered[y == 1].mean() if (y == 1).any() else 1.0
        tnr = (~answered[y == 0]).mean() if (y == 0).any() else 1.0
        if (tpr + tnr) / 2 > best + 1e-9:
            best, best_t = (tpr + tnr) / 2, float(t)
    return round(best_t, 3)


def english_dense_offset(items: Sequence[Traced]) -> float:
    """Mean best sentence similarity of answerable Danish questions minus that of answerable
    English ones (0 without both): what an English question's ``dense_best`` is short by."""
    best: dict[str, list[float]] = {"da": [], "en": []}
    for t in items:
        sims = t.trace.get("sims")
        if t.is_case or t.item.expected.abstain or sims is None or not sims.size:
            continue
        lang = str(t.trace.get("lang", t.item.lang or "da"))
        best.setdefault(lang, []).append(sims.best())
    if not best["da"] or not best["en"]:
        return 0.0
    return round(float(np.mean(best["da"]) - np.mean(best["en"])), 4)


def abstention_cv(
    items: Sequence[Traced],
    everyday_zipf: float,
    english_everyday_zipf: float | None = None,
    dense_offset: float = 0.0,
) -> dict[str, Any]:
    """Held-out refusal rates for one pair of everyday cut-offs (each fold fitted without its items)."""
    data = [t for t in items if not t.is_case]
    x = np.vstack([_signals(t, everyday_zipf, english_everyday_zipf, dense_offset) for t in data])
    y = np.array([0 if t.item.expected.abstain else 1 for t in data])
    en = everyday_zipf if english_everyday_zipf is None else english_everyday_zipf
    return {
        "everyday_zipf": everyday_zipf,
        "english_everyday_zipf": en,
        **_abstention_held_out(x, y),
        "_x": x,
        "_y": y,
    }


def _abstention_held_out(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Refusal rates with each fold's model and threshold fitted on the other folds."""
    fold = folds_of(len(y))
    refused = np.zeros(len(y), dtype=bool)
    for k in range(K_FOLDS):
        tr, te = [i for i in range(len(y)) if fold[i] != k], [i for i in range(len(y)) if fold[i] == k]
        w, b = fit_abstention(x[tr], y[tr])
        t = best_threshold(_p(x[tr], w, b), y[tr])
        refused[te] = _p(x[te], w, b) < t
    wrongful = float(refused[y == 1].mean()) if (y == 1).any() else 0.0
    oos = float(refused[y == 0].mean()) if (y == 0).any() else 1.0
    return {
        "answerable": int((y == 1).sum()),
        "out_of_scope": int((y == 0).sum()),
        "wrongful_refusal_rate": round(wrongful, 4),
        "out_of_scope_refusal_rate": round(oos, 4),
        "balanced_accuracy": round(((1 - wrongful) + oos) / 2, 4),
    }


# ---------------------------------------------------------------- the command


def calibrate(paths: Sequence[Path], settings: Settings, log: Callable[[str], None] = print) -> Calibration:
    """Run both passes and return the fitted calibration (with its held-out report)."""
    from assistant import Assistant

    start = Calibration.load(settings.calibration_path)
    base = Calibration(fitted={})
    # Pass 1: traces under the starting evidence weights -> evidence weights and margin.
    assistant = Assistant.load(settings)
    assistant.calibration = base
    assistant.intent = None  # the exact cues route while the traces are collected
    if getattr(assistant.retriever, "reranker", None) is not None:
        assistant.retriever.reranker.dense_weight = base.rerank_dense_weight  # start from scratch
    log("Indsamler spor (1/2) …")
    items = collect(assistant, paths, log)
    fold = folds_of(len(items))
    start_w = dict(DEFAULT_EVIDENCE_WEIGHTS)
    held: dict[str, list[dict[str, float]]] = {"fitted": [], "start": []}
    for k in range(K_FOLDS):
        train = [t for i, t in enumerate(items) if fold[i] != k]
        test = [t for i, t in enumerate(items) if fold[i] == k]
        w = fit_evidence_weights(train, start_w)
        held["fitted"].append(ranking_scores(test, w))
        held["start"].append(ranking_scores(test, start_w))
    weights = fit_evidence_weights(items, start_w)
    ev_report = {name: _mean(rows) for name, rows in held.items()}
    log(f"Evidens (holdt ude): tilpasset {ev_report['fitted']}, start {ev_report['start']}")

    # Margin: chosen on the training folds, scored on the held-out fold.
    sel_rows: list[dict[str, float]] = []
    chosen_margins: list[float] = []
    for k in range(K_FOLDS):
        train = [t for i, t in enumerate(items) if fold[i] != k]
        test = [t for i, t in enumerate(items) if fold[i] == k]
        w = fit_evidence_weights(train, start_w)
        m = max(MARGINS, key=lambda mg: selection_scores(train, w, mg, start.max_sentences)["objective"])
        chosen_margins.append(m)
        sel_rows.append(selection_scores(test, w, m, start.max_sentences))
    margin = max(MARGINS, key=lambda mg: selection_scores(items, weights, mg, start.max_sentences)["objective"])
    sel_report = {**_mean(sel_rows), "margins_per_fold": chosen_margins}
    log(f"Udvalg (holdt ude): {sel_report}; margin {margin}")

    # Retrieval: the weight of a chunk's best-sentence dense similarity in re-ranking (MRR of
    # the first chunk that holds an answering sentence), chosen on training folds.
    rr = {w: rerank_reciprocal_ranks(assistant, items, w) for w in RERANK_DENSE_WEIGHTS}
    n_rr = len(next(iter(rr.values())))
    rr_fold = folds_of(n_rr)
    rr_held: list[float] = []
    for k in range(K_FOLDS):
        train_means = {
            w: sum(v for i, v in enumerate(rr[w]) if rr_fold[i] != k) / max(1, sum(f != k for f in rr_fold))
            for w in RERANK_DENSE_WEIGHTS
        }
        w_k = max(RERANK_DENSE_WEIGHTS, key=lambda w: train_means[w])
        rr_held += [v for i, v in enumerate(rr[w_k]) if rr_fold[i] == k]
    rerank_weight = max(RERANK_DENSE_WEIGHTS, key=lambda w: sum(rr[w]))
    rr_report = {
        "mrr_held_out": round(sum(rr_held) / max(1, len(rr_held)), 4),
        "mrr_without_dense": round(sum(rr[0.0]) / max(1, n_rr), 4),
        "items": n_rr,
    }
    log(f"Genrangering (holdt ude): {rr_report}; vægt {rerank_weight}")

    # Case or fact question: centroids and weights, on every item.
    intent, intent_report = fit_case_intent(assistant, [t.item for t in items], log)
    from assistant.rules.intent import CaseIntent

    assistant.intent = CaseIntent.from_calibration(intent) if assistant.reader.semantic is not None else None

    # Reading soft case facts by meaning: the two thresholds, on every case question.
    case_items = [t.item for t in items if t.is_case]
    case_relevance, case_margin, case_report = fit_case_thresholds(assistant, case_items, log)

    # Pass 2: traces under the fitted evidence weights -> abstention model.
    assistant.calibration = replace(base, evidence_weights=weights, select_margin=margin, rerank_dense_weight=rerank_weight)
    assistant.retriever.reranker.dense_weight = rerank_weight
    log("Indsamler spor (2/2) …")
    items2 = collect(assistant, paths, log)
    offset = english_dense_offset(items2)
    log(f"Engelsk: best sætningslighed {offset} lavere end dansk (lægges til engelske spørgsmål)")
    grid = [abstention_cv(items2, z, z_en, offset) for z in EVERYDAY_ZIPF for z_en in ENGLISH_EVERYDAY_ZIPF]
    best = max(grid, key=lambda r: (r["balanced_accuracy"], -r["wrongful_refusal_rate"]))
    x, y = best["_x"], best["_y"]
    aw, ab = fit_abstention(x, y)
    threshold = best_threshold(_p(x, aw, ab), y)
    hedge = round(threshold / 2, 3)
    # The lexical fallback (another embedder, or no sentence vectors): the same fit without the
    # dense signals.
    dense_cols = [i for i, sig in enumerate(SIGNALS) if sig in DENSE_FEATURES]
    x_lex = x.copy()
    x_lex[:, dense_cols] = 0.0
    lw, lb = fit_abstention(x_lex, y)
    l_threshold = best_threshold(_p(x_lex, lw, lb), y)
    lex_report = _abstention_held_out(x_lex, y)
    ab_report = {k: v for k, v in best.items() if not k.startswith("_")}
    ab_report["grid"] = [{k: v for k, v in r.items() if not k.startswith("_")} for r in grid]
    ab_report["lexical_fallback"] = lex_report
    log(f"Afståelse (holdt ude): {ab_report}")

    sets = sorted({t.set_name for t in items})
    return Calibration(
        evidence_weights=weights,
        select_margin=margin,
        rerank_dense_weight=rerank_weight,
        case_intent=intent,
        case_min_relevance=case_relevance,
        case_min_margin=case_margin,
        max_sentences=start.max_sentences,
        abstain_weights=aw,
        abstain_bias=ab,
        answer_threshold=threshold,
        hedge_threshold=hedge,
        everyday_zipf=float(best["everyday_zipf"]),
        english_everyday_zipf=float(best["english_everyday_zipf"]),
        english_dense_offset=offset,
        embedder=str(getattr(assistant.embedder, "name", "")),
        lexical_abstain_weights=lw,
        lexical_abstain_bias=lb,
        lexical_answer_threshold=l_threshold,
        fitted={
            "command": "python -m evals.calibrate",
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "sets": sets,
            "items": len(items),
            "folds": K_FOLDS,
            "note": "Every score below is held out: each item scored by values fitted without it.",
            "evidence_ranking_held_out": ev_report,
            "selection_held_out": sel_report,
            "rerank_held_out": rr_report,
            "case_reading_held_out": case_report,
            "case_intent_held_out": intent_report,
            "abstention_held_out": ab_report,
            "fixed_not_fitted": list(FIXED_FEATURES) + ["max_sentences", "hedge_threshold = answer_threshold / 2"],
        },
    )


def _mean(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = [k for k in rows[0] if isinstance(rows[0][k], int | float)] if rows else []
    return {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="spørgsmålssæt (standard: alle under evals/sets)")
    parser.add_argument("--out", type=Path, default=None, help="kalibreringsfil (standard: Settings.calibration_path)")
    parser.add_argument("--check", action="store_true", help="vis de holdt-ude tal, skriv intet")
    args = parser.parse_args(argv)
    settings = Settings.load()
    paths = args.sets or default_sets()
    cal = calibrate(paths, settings)
    if not args.check:
        out = args.out or settings.calibration_path
        cal.write(out)
        print(f"Skrev {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
