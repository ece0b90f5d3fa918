"""``scripts/install_ocr.sh`` (called by ``make install``) never fails the build.

Run against a PATH of stand-ins: no real apt-get or sudo is ever called here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "install_ocr.sh"


def _bin(tmp_path: Path, tools: dict[str, str]) -> Path:
    """A bin folder with grep and head, plus shell stand-ins ``{name: body}``."""
    d = tmp_path / "bin"
    d.mkdir()
    for real in ("grep", "head"):
        found = shutil.which(real)
        assert found is not None
        (d / real).symlink_to(found)
    for name, body in tools.items():
        (d / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (d / name).chmod(0o755)
    return d


def _run(bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PATH"} | {"PATH": str(bin_dir)}
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False)


@pytest.mark.unit
def test_present_tesseract_with_danish_is_left_alone(tmp_path: Path) -> None:
    tesseract = 'case "$1" in --list-langs) printf "List of\\ndan\\neng\\n";; *) echo "tesseract 5.3.0";; esac'
    done = _run(_bin(tmp_path, {"tesseract": tesseract, "apt-get": "echo apt >> \"$0.calls\"; exit 1"}))
    assert done.returncode == 0
    assert done.stdout.strip() == "tesseract: tesseract 5.3.0 (dansk model: ja)"
    assert not (tmp_path / "bin" / "apt-get.calls").exists()


@pytest.mark.unit
def test_without_root_or_sudo_it_warns_and_exits_0(tmp_path: Path) -> None:
    done = _run(_bin(tmp_path, {"id": "echo 1000", "apt-get": "echo apt >> \"$0.calls\"; exit 1"}))
    assert done.returncode == 0
    assert "ADVARSEL: kør som root" in done.stderr
    assert "sudo apt-get install -y tesseract-ocr tesseract-ocr-dan" in done.stderr
    assert not (tmp_path / "bin" / "apt-get.calls").exists()


@pytest.mark.unit
def test_failing_apt_as_root_warns_and_exits_0(tmp_path: Path) -> None:
    done = _run(_bin(tmp_path, {"id": "echo 0", "apt-get": "echo \"$@\" >> \"$0.calls\"; exit 100"}))
    assert done.returncode == 0
    assert "ADVARSEL: apt-get update mislykkedes" in done.stderr
    calls = (tmp_path / "bin" / "apt-get.calls").read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("install -y -q --no-install-recommends tesseract-ocr tesseract-ocr-dan")
    assert calls[1] == "update -q"
