"""Listing the saved runs of a data directory (the app's and the CLI's), newest first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.runs import SavedRun, list_runs

pytestmark = pytest.mark.unit


def _write(path: Path, set_name: str, ts: str, passed: int = 1) -> Path:
    path.mkdir(parents=True)
    run = {
        "set": set_name,
        "timestamp": ts,
        "corpus_version": "v1",
        "code_version": "git abc",
        "summary": {"n": 2, "passed": passed},
        "items": [],
    }
    (path / "run.json").write_text(json.dumps(run), encoding="utf-8")
    return path / "run.json"


def test_runs_of_app_and_cli_newest_first_and_unreadable_files_left_out(tmp_path: Path) -> None:
    app_old = _write(tmp_path / "eval_runs" / "20250101T100000_lille", "lille", "2025-01-01T10:00:00+00:00")
    cli = _write(tmp_path / "evals" / "grundsaet-20250102-100000", "grundsaet", "2025-01-02T10:00:00+00:00", 2)
    app_new = _write(tmp_path / "eval_runs" / "20250103T100000_lille", "lille", "2025-01-03T10:00:00+00:00")
    (tmp_path / "eval_runs" / "broken").mkdir()
    (tmp_path / "eval_runs" / "broken" / "run.json").write_text("{", encoding="utf-8")
    (tmp_path / "evals" / "notes.txt").write_text("x", encoding="utf-8")

    assert list_runs(tmp_path) == [
        SavedRun(app_new, "lille", "2025-01-03T10:00:00+00:00", "git abc", "v1", 2, 1),
        SavedRun(cli, "grundsaet", "2025-01-02T10:00:00+00:00", "git abc", "v1", 2, 2),
        SavedRun(app_old, "lille", "2025-01-01T10:00:00+00:00", "git abc", "v1", 2, 1),
    ]


def test_no_runs_folder_gives_an_empty_list(tmp_path: Path) -> None:
    assert list_runs(tmp_path / "mangler") == []
