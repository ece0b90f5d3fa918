"""Server mode: the Chroma server goes down and comes back.

While it is down, the CLI exits with code 2 and one Danish line that names the server and what
to do; an ``Assistant`` that is already loaded (as in the running app) raises our
``StoreUnavailableError`` instead of a raw HTTP error, so the app can show it and stay up. When
the server is back on the same port, both answer exactly as before, without a restart.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import cli
from assistant.errors import StoreUnavailableError
from assistant.settings import Settings
from bench._common import chroma_bin, free_port, stop, wait_port

from .helpers import child_env, fresh_chroma, probe_results, quiet_ingest, small_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTION = "Hvor mange kommuner deltager i udbredelsen af metoderne?"


class ChromaServer:
    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [chroma_bin(), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(),
        )
        wait_port(self.port, timeout_s=60)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None


@pytest.fixture()
def server_index(tmp_path: Path) -> Iterator[tuple[Settings, ChromaServer]]:
    port = free_port()
    server = ChromaServer(tmp_path / "chroma-server", port)
    server.start()
    settings = small_settings(tmp_path).with_(chroma_host="127.0.0.1", chroma_port=port)
    try:
        report = quiet_ingest(settings)
        assert report.chunks == 9
        yield settings, server
    finally:
        server.stop()
        fresh_chroma()


def _cli(monkeypatch: pytest.MonkeyPatch, s: Settings, *argv: str) -> int:
    monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("METODEGUIDE_MANIFEST", str(s.manifest_path))
    monkeypatch.setenv("METODEGUIDE_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(s.chroma_port))
    fresh_chroma()
    return cli.main(list(argv))


def test_server_down_then_back(
    server_index: tuple[Settings, ChromaServer],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from assistant.assistant import Assistant

    settings, server = server_index
    before = probe_results(settings)
    assert _cli(monkeypatch, settings, "search", QUESTION, "--json") == 0
    hits_before = json.loads(capsys.readouterr().out)
    app = Assistant.load(settings)  # what the running app holds
    answer_before = app.answer(QUESTION).to_dict()

    server.stop()

    assert _cli(monkeypatch, settings, "search", QUESTION) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Fejl: Chroma-serveren på 127.0.0.1:{settings.chroma_port} svarer ikke (")
    assert err.endswith("Start serveren, eller fjern CHROMA_HOST for at bruge det lokale indeks.\n")
    assert err.count("\n") == 1

    for call in (lambda: app.answer(QUESTION), lambda: app.search(QUESTION)):
        with pytest.raises(StoreUnavailableError) as down:
            call()
        assert str(down.value).startswith(f"Chroma-serveren på 127.0.0.1:{settings.chroma_port} svarer ikke")

    server.start()

    assert probe_results(settings) == before
    assert _cli(monkeypatch, settings, "search", QUESTION, "--json") == 0
    assert json.loads(capsys.readouterr().out) == hits_before
    again = app.answer(QUESTION).to_dict()
    assert again["answer"] == answer_before["answer"]
    assert again["citations"] == answer_before["citations"]
