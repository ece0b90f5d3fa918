"""LiveAssistant: follows CURRENT.json, swaps only complete loads, keeps the old one on failure.

The loader is a fake that reads the generation from CURRENT.json (as ``Assistant.load`` does) and
can be held or made to fail; the multi-process behaviour with real ingests is tested in
``tests/reliability/test_live_switch.py``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.errors import IndexCorruptError, IndexMissingError
from assistant.live import RETRY_S, LiveAssistant
from assistant.settings import Settings

pytestmark = pytest.mark.unit


def write_current(data_dir: Path, generation: str) -> None:
    """Replace CURRENT.json the way ingest does (new file, os.replace)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / "CURRENT.json.tmp"
    tmp.write_text(
        json.dumps({"generation": generation, "collection": f"mg_{generation}", "corpus_version": f"v-{generation}",
                    "embedder": "hash", "documents": {}}),
        encoding="utf-8",
    )
    os.replace(tmp, data_dir / "CURRENT.json")


class FakeLoader:
    """``Assistant.load`` stand-in: an object whose ``index.generation`` is CURRENT.json's."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail: set[str] = set()
        self.hold: threading.Event | None = None
        self.started = threading.Event()

    def __call__(self, settings: Settings) -> Any:
        self.calls += 1
        path = settings.data_dir / "CURRENT.json"
        if not path.exists():
            raise IndexMissingError(str(settings.data_dir))
        gen = json.loads(path.read_text(encoding="utf-8"))["generation"]
        self.started.set()
        if self.hold is not None:
            assert self.hold.wait(10)
        if gen in self.fail:
            raise IndexCorruptError(f"generation {gen} er ødelagt")
        return SimpleNamespace(index=SimpleNamespace(generation=gen, corpus_version=f"v-{gen}"))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(tmp_path: Path, background: bool = False, check_s: float = 2.0) -> tuple[LiveAssistant, FakeLoader, Clock]:
    loader, clock = FakeLoader(), Clock()
    settings = Settings(data_dir=tmp_path / "data", embedding_backend="hash", reload_check_s=check_s)
    return LiveAssistant(settings, load=loader, background=background, clock=clock), loader, clock


def test_first_load_error_is_raised_and_tried_again(tmp_path: Path) -> None:
    live, loader, _ = make(tmp_path)
    with pytest.raises(IndexMissingError):
        live.get()
    write_current(tmp_path / "data", "g1")
    assert live.get().index.generation == "g1"
    assert loader.calls == 2 and live.switches == 0


def test_checks_at_most_every_reload_check_s_and_switches(tmp_path: Path) -> None:
    write_current(tmp_path / "data", "g1")
    live, loader, clock = make(tmp_path)
    assert live.get().index.generation == "g1"
    write_current(tmp_path / "data", "g2")
    clock.now += 1.0
    assert live.get().index.generation == "g1"  # not looked yet
    clock.now += 1.5
    assert live.get().index.generation == "g2"
    assert (loader.calls, live.switches, live.generation) == (2, 1, "g2")
    clock.now += 10
    assert live.get().index.generation == "g2" and loader.calls == 2  # unchanged: no reload


def test_same_generation_rewritten_is_not_reloaded(tmp_path: Path) -> None:
    write_current(tmp_path / "data", "g1")
    live, loader, clock = make(tmp_path)
    live.get()
    write_current(tmp_path / "data", "g1")  # new inode, same generation (e.g. a copied data dir)
    clock.now += 5
    assert live.get().index.generation == "g1" and loader.calls == 1


def test_background_switch_serves_the_old_generation_until_the_new_one_is_complete(tmp_path: Path) -> None:
    write_current(tmp_path / "data", "g1")
    live, loader, clock = make(tmp_path, background=True)
    try:
        assert live.get().index.generation == "g1"
        loader.hold, loader.started = threading.Event(), threading.Event()
        write_current(tmp_path / "data", "g2")
        clock.now += 5
        assert live.get().index.generation == "g1"  # noticed; the load has started in the background
        assert loader.started.wait(5)
        for _ in range(3):
            clock.now += 5
            assert live.get().index.generation == "g1"  # still loading: the old one answers
        assert loader.calls == 2  # one load in flight, not one per check
        loader.hold.set()
        live.wait(5)
        assert live.get().index.generation == "g2" and live.switches == 1
    finally:
        live.close()


def test_failing_new_generation_keeps_the_old_one_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_current(tmp_path / "data", "g1")
    live, loader, clock = make(tmp_path)
    live.get()
    loader.fail.add("g2")
    write_current(tmp_path / "data", "g2")
    clock.now += 5
    with caplog.at_level(logging.ERROR, logger="metodeguide.live"):
        assert live.get().index.generation == "g1"
    assert "Den nye indeksgeneration kan ikke åbnes" in caplog.text
    assert "Genopbyg det med `metodeguide ingest --rebuild`" in caplog.text
    assert "svarer fortsat" in caplog.text
    clock.now += 5
    assert live.get().index.generation == "g1" and loader.calls == 2  # not retried on every request
    clock.now += RETRY_S
    assert live.get().index.generation == "g1" and loader.calls == 3  # retried after RETRY_S
    loader.fail.clear()
    write_current(tmp_path / "data", "g3")  # a repaired ingest: switches at once
    clock.now += 5
    assert live.get().index.generation == "g3" and live.switches == 1


def test_unreadable_current_json_keeps_serving(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write_current(tmp_path / "data", "g1")
    live, loader, clock = make(tmp_path)
    live.get()
    (tmp_path / "data" / "CURRENT.json").write_text("{halv", encoding="utf-8")
    clock.now += 5
    with caplog.at_level(logging.ERROR, logger="metodeguide.live"):
        assert live.get().index.generation == "g1"
    assert "ikke gyldig JSON" in caplog.text
    (tmp_path / "data" / "CURRENT.json").unlink()  # ingest --rebuild of a broken Chroma folder
    clock.now += 5
    assert live.get().index.generation == "g1" and loader.calls == 1
