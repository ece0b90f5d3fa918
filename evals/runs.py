"""The evaluation runs saved in the data directory, newest first, for picking two to compare.

The app writes its runs to ``<data_dir>/eval_runs/<stamp>_<set>/run.json``, ``metodeguide eval``
(without ``--out``) to ``<data_dir>/evals/<set>-<stamp>/run.json``; both folders are listed.
A file that is not a readable run.json is left out.

    >>> from evals.runs import list_runs
    >>> [r.set_name for r in list_runs(settings.data_dir)]     # doctest: +SKIP
    ['grundsaet', 'grundsaet', 'mit_saet']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalSetError
from evals.compare import load_run

APP_RUNS = "eval_runs"  # the Evaluering page's runs
CLI_RUNS = "evals"  # `metodeguide eval` without --out
RUN_FOLDERS = (APP_RUNS, CLI_RUNS)


@dataclass(frozen=True)
class SavedRun:
    """What identifies a saved run in a list: its file, set, time and code and corpus versions."""

    path: Path  # the run.json
    set_name: str
    timestamp: str  # ISO 8601, as the runner wrote it
    code_version: str
    corpus_version: str
    n: int
    passed: int


def read_saved(path: Path) -> SavedRun | None:
    """The ``SavedRun`` of one run.json, or None when it cannot be read as a run."""
    try:
        data = load_run(path)
    except EvalSetError:
        return None
    summary = data.get("summary") or {}
    return SavedRun(
        path=path,
        set_name=str(data.get("set", "")),
        timestamp=str(data.get("timestamp", "")),
        code_version=str(data.get("code_version", "")),
        corpus_version=str(data.get("corpus_version", "")),
        n=int(summary.get("n", len(data["items"]))),
        passed=int(summary.get("passed", 0)),
    )


def run_files(data_dir: Path) -> list[Path]:
    """Every ``run.json`` one folder below ``eval_runs/`` and ``evals/`` of ``data_dir``."""
    out: list[Path] = []
    for folder in RUN_FOLDERS:
        root = Path(data_dir) / folder
        if root.is_dir():
            out += [p for p in root.glob("*/run.json") if p.is_file()]
    return out


def list_runs(data_dir: Path, read: Callable[[Path], SavedRun | None] = read_saved) -> list[SavedRun]:
    """The saved runs under ``data_dir``, newest first (by timestamp, then path).

    ``read`` turns one run.json into a ``SavedRun``; the app passes a cached reader."""
    runs = [r for r in (read(p) for p in run_files(data_dir)) if r is not None]
    return sorted(runs, key=lambda r: (r.timestamp, str(r.path)), reverse=True)
