"""Run a question set through an assistant, score every item, and write run.json and reports.

Any object with ``answer(question, history=None) -> Answer`` and ``corpus_version`` will do
(the real ``Assistant`` or a fake in tests).

    >>> from assistant import Assistant
    >>> from evals.schema import load_set
    >>> from evals.runner import run_set, write_run
    >>> run = run_set(load_set("evals/sets/grundsaet.yaml"), Assistant.load())   # doctest: +SKIP
    >>> write_run(run, Path("eval-out"))                                         # doctest: +SKIP
    {'run.json': ..., 'report.md': ..., 'report.html': ...}

The Streamlit page passes ``progress=lambda done, total, item_id: ...`` and ``show_progress=False``.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from assistant.audit import ORIGIN_EVAL, asked_by
from assistant.errors import MetodeguideError
from assistant.settings import PROJECT_ROOT, Settings
from assistant.types import Answer
from evals.metrics import DocumentTexts, Metric, MetricResult, Scored, default_metrics, summarize
from evals.schema import EvalItem, EvalSet

RUN_FORMAT = 1
SECRET_SETTINGS = frozenset({"llm_api_key", "admin_password_hash"})
Progress = Callable[[int, int, str], None]


class AnswersQuestions(Protocol):
    """What the runner needs of an assistant."""

    @property
    def corpus_version(self) -> str: ...

    def answer(self, question: str, history: Sequence[Any] | None = None) -> Answer: ...


@dataclass(frozen=True)
class ItemResult:
    """One scored item: the answer JSON (``Answer.to_dict()``) and every metric's result."""

    item: EvalItem
    answer: Mapping[str, Any]
    metrics: tuple[MetricResult, ...]
    passed: bool
    error: str | None = None
    wall_ms: float | None = None

    def scored(self) -> Scored:
        return Scored(
            metrics={m.name: m for m in self.metrics},
            passed=self.passed,
            expected_abstain=self.item.expected.abstain,
            abstained=bool(self.answer.get("abstained", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "category": self.item.category,
            "question": self.item.question,
            "lang": self.item.lang,
            "history": list(self.item.history),
            "expected": self.item.expected.to_dict(),
            "answer": dict(self.answer),
            "passed": self.passed,
            "error": self.error,
            "wall_ms": None if self.wall_ms is None else round(self.wall_ms, 2),
            "metrics": {m.name: m.to_dict() for m in self.metrics},
        }


@dataclass(frozen=True)
class EvalRun:
    """A finished run: per-item results, aggregates overall and per category, and provenance."""

    set_name: str
    set_path: str | None
    items: tuple[ItemResult, ...]
    summary: Mapping[str, Any]
    categories: Mapping[str, Mapping[str, Any]]
    corpus_version: str
    code_version: str
    settings: Mapping[str, Any]
    timestamp: str
    duration_s: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RUN_FORMAT,
            "set": self.set_name,
            "set_path": self.set_path,
            "timestamp": self.timestamp,
            "corpus_version": self.corpus_version,
            "code_version": self.code_version,
            "settings": dict(self.settings),
            "duration_s": round(self.duration_s, 3),
            "summary": dict(self.summary),
            "categories": {k: dict(v) for k, v in self.categories.items()},
            "items": [r.to_dict() for r in self.items],
        }


def code_version(root: Path = PROJECT_ROOT) -> str:
    """``git describe --always --dirty`` of the project, else the installed package version."""
    try:
        proc = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        if proc.returncode == 0 and proc.stdout.strip():
            return "git " + proc.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return "metodeguiden " + importlib.metadata.version("metodeguiden")
    except importlib.metadata.PackageNotFoundError:
        return "ukendt"


def settings_summary(settings: Settings) -> dict[str, Any]:
    """All settings except secrets, as JSON-friendly values."""
    out: dict[str, Any] = {}
    for f in fields(settings):
        if f.name in SECRET_SETTINGS:
            continue
        v = getattr(settings, f.name)
        out[f.name] = str(v) if isinstance(v, Path) else v
    return out


def _document_lookup(assistant: Any) -> Callable[[str], str | None] | None:
    doc = getattr(assistant, "document", None)
    if not callable(doc):
        return None

    def lookup(source: str) -> str | None:
        try:
            d = doc(source)
        except (KeyError, MetodeguideError):
            return None
        text = getattr(d, "text", None)
        return text if isinstance(text, str) else None

    return lookup


def _error_answer(question: str, corpus_version: str) -> Answer:
    return Answer(
        question=question,
        answer="",
        abstained=False,
        citations=(),
        verdicts=(),
        corpus_version=corpus_version,
        mode="extractive",
        timings_ms={},
    )


def run_item(item: EvalItem, assistant: AnswersQuestions, metrics: Sequence[Metric]) -> ItemResult:
    """Ask ``item`` (after its history questions, as one conversation) and score the answer.

    The questions are logged in the audit log as the evaluation's (``origin = 'eval'``), so
    they stay out of staff's question log and ``eval gaps``."""
    error: str | None = None
    try:
        with asked_by(ORIGIN_EVAL):
            history: list[Answer] = []
            for earlier in item.history:
                history.append(assistant.answer(earlier, history=list(history) or None))
            t0 = time.perf_counter()
            answer = assistant.answer(item.question, history=list(history) or None)
            wall = (time.perf_counter() - t0) * 1000.0
    except MetodeguideError as exc:
        error = str(exc)
        answer, wall = _error_answer(item.question, assistant.corpus_version), 0.0
    results = tuple(m.score(item, answer) for m in metrics)
    passed = error is None and all(r.passed is not False for r in results)
    return ItemResult(
        item=item, answer=answer.to_dict(), metrics=results, passed=passed, error=error, wall_ms=wall
    )


def run_set(
    eval_set: EvalSet,
    assistant: AnswersQuestions,
    *,
    settings: Settings | None = None,
    metrics: Sequence[Metric] | None = None,
    progress: Progress | None = None,
    show_progress: bool = True,
) -> EvalRun:
    """Run every item of ``eval_set`` through ``assistant`` and aggregate the scores.

    ``metrics`` defaults to all metrics, with citation validity checked against the corpus
    folder and the live index documents of ``settings`` (and ``assistant.document`` if present).
    """
    settings = settings if settings is not None else Settings.load()
    if metrics is None:
        texts = DocumentTexts.from_data_dir(
            settings.corpus_dir, settings.data_dir, _document_lookup(assistant)
        )
        metrics = default_metrics(texts)
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    results: list[ItemResult] = []
    total = len(eval_set.items)
    bar = tqdm(
        total=total,
        desc=f"eval {eval_set.name}",
        unit="spm",
        disable=not show_progress or bool(os.environ.get("METODEGUIDE_NO_PROGRESS")),
    )
    try:
        for i, item in enumerate(eval_set.items, start=1):
            results.append(run_item(item, assistant, metrics))
            bar.update(1)
            if progress is not None:
                progress(i, total, item.id)
    finally:
        bar.close()
    by_cat: dict[str, list[ItemResult]] = {}
    for r in results:
        by_cat.setdefault(r.item.category, []).append(r)
    return EvalRun(
        set_name=eval_set.name,
        set_path=eval_set.path,
        items=tuple(results),
        summary=summarize(r.scored() for r in results),
        categories={cat: summarize(r.scored() for r in rs) for cat, rs in by_cat.items()},
        corpus_version=assistant.corpus_version,
        code_version=code_version(),
        settings=settings_summary(settings),
        timestamp=started.isoformat(timespec="seconds"),
        duration_s=time.perf_counter() - t0,
    )


def write_run(run: EvalRun | Mapping[str, Any], out_dir: Path) -> dict[str, Path]:
    """Write ``run.json``, ``report.md`` and ``report.html`` into ``out_dir`` (created if needed)."""
    from evals.report import render_html, render_markdown

    data = run.to_dict() if isinstance(run, EvalRun) else dict(run)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "run.json": out_dir / "run.json",
        "report.md": out_dir / "report.md",
        "report.html": out_dir / "report.html",
    }
    paths["run.json"].write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["report.md"].write_text(render_markdown(data), encoding="utf-8")
    paths["report.html"].write_text(render_html(data), encoding="utf-8")
    return paths
