"""``metodeguide ingest``: summary, --json, and exit status 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.settings import Settings
from ingest.cli import main

pytestmark = pytest.mark.integration


@pytest.fixture
def env(hash_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(hash_settings.data_dir))
    monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(hash_settings.corpus_dir))
    monkeypatch.setenv("METODEGUIDE_MANIFEST", str(hash_settings.manifest_path))
    monkeypatch.setenv("METODEGUIDE_EMBEDDING_BACKEND", "hash")
    monkeypatch.delenv("CHROMA_HOST", raising=False)
    monkeypatch.delenv("METODEGUIDE_CONFIG", raising=False)
    monkeypatch.chdir(hash_settings.corpus_dir.parent)
    return hash_settings


def test_clean_run_exits_0_with_summary(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Indlæsning færdig på ")
    assert out[1].startswith("Dokumenter: 5  Sider: 58  Uddrag: ")
    assert out[-1] == "Sprunget over: ingen"


def test_skipped_file_exits_1_with_one_line(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    (env.corpus_dir / "tom.txt").write_bytes(b"")
    assert main([]) == 1
    out = capsys.readouterr().out
    assert out.count("tom.txt") == 2  # the one SPRUNGET OVER line, and the summary's list
    assert "SPRUNGET OVER: tom.txt: filen er tom\n" in out
    assert "  - tom.txt: filen er tom" in out


def test_json_output(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 5 and data["skipped"] == [] and len(data["corpus_version"]) == 12


def test_explicit_path_and_rebuild(env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    one = env.corpus_dir / "000_b7118d7c53b07453.txt"
    assert main([str(one), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 1
    assert main(["--rebuild", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 5 and data["rebuilt"] is True


def test_fatal_error_exits_2_without_traceback(
    env: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(tmp_path / "findes_ikke"))
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fejl: Korpusmappen ")
    assert "Traceback" not in err
    bad = tmp_path / "manifest.yaml"
    bad.write_text("documents: [", encoding="utf-8")
    monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(env.corpus_dir))
    monkeypatch.setenv("METODEGUIDE_MANIFEST", str(bad))
    assert main([]) == 2
    assert "er ikke gyldig YAML" in capsys.readouterr().err
