"""`make run` says what it is doing at every stage (a fresh clone installs and indexes first) and
takes the port from PORT. Checked with a dry run (`make -n -B`) in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT

pytestmark = [
    pytest.mark.unit,
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]

STAGES = [
    'echo "==> Opretter det virtuelle miljø (.venv) …"',
    'echo "==> Installerer afhængigheder (torch, CPU) … første gang tager det nogle minutter"',
    'echo "==> Installerer Metodeguiden og resten af afhængighederne …"',
    'echo "==> Afhængighederne er installeret."',
    'echo "==> Tjekker tekstgenkendelse (OCR) til skannede PDF-sider …"',
    'echo "==> Bygger indekset, hvis det mangler eller er forældet …"',
]


def dry_run(tmp_path: Path, *args: str) -> list[str]:
    shutil.copy(PROJECT_ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    out = subprocess.run(
        ["make", "-n", "-B", "run", *args], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return out.splitlines()


def test_make_run_announces_each_stage_in_order(tmp_path: Path) -> None:
    lines = dry_run(tmp_path)
    echoes = [line for line in lines if line.startswith('echo "==> ')]
    assert echoes == [*STAGES, 'echo "==> Starter Metodeguiden på http://127.0.0.1:8501 (stop med Ctrl+C) …"']
    # each announcement comes right before the step it announces
    assert lines[lines.index(STAGES[1]) + 1] == ".venv/bin/pip install --quiet torch==2.13.0"
    assert lines[lines.index(STAGES[5]) + 1] == ".venv/bin/metodeguide ingest --if-needed"


def test_make_run_port(tmp_path: Path) -> None:
    lines = dry_run(tmp_path, "PORT=8601")
    assert 'echo "==> Starter Metodeguiden på http://127.0.0.1:8601 (stop med Ctrl+C) …"' in lines
    assert any("--server.address 127.0.0.1 --server.port 8601" in line for line in lines)
