"""AppTest fixtures: a real small index (the shipped corpus ingested with the hash embedder) and an
``AppTest`` factory that points the app at it through the environment, as ``make run`` would."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from ui.auth import hash_password

APP = PROJECT_ROOT / "ui" / "app.py"
ADMIN_PASSWORD = "rigtig-hest-batteri"
ADMIN_HASH = hash_password(ADMIN_PASSWORD, iterations=1000, salt=bytes(range(16)))
ENV_VARS = (
    "METODEGUIDE_DATA_DIR",
    "METODEGUIDE_CORPUS_DIR",
    "METODEGUIDE_MANIFEST",
    "METODEGUIDE_EMBEDDING_BACKEND",
    "METODEGUIDE_THREADS",
    "METODEGUIDE_ADMIN_PASSWORD_HASH",
    "METODEGUIDE_REQUIRE_LOGIN",
    "METODEGUIDE_MAX_UPLOAD_MB",
    "METODEGUIDE_CONFIG",
    "CHROMA_HOST",
)


def build_index(root: Path) -> Settings:
    from ingest.pipeline import ingest

    corpus = root / "corpus"
    shutil.copytree(PROJECT_ROOT / "corpus" / "documents", corpus)
    manifest = root / "manifest.yaml"  # a copy: the Korpus page writes metadata edits into it
    shutil.copyfile(PROJECT_ROOT / "corpus" / "manifest.yaml", manifest)
    settings = Settings(
        data_dir=root / "data", corpus_dir=corpus, manifest_path=manifest, embedding_backend="hash", num_threads=1
    )
    report = ingest(settings, progress=False, log=lambda line: None)
    assert report.skipped == () and report.documents == 5
    return settings


@pytest.fixture(scope="session")
def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The shipped corpus, ingested once per session with the deterministic hash embedder."""
    return build_index(tmp_path_factory.mktemp("ui_index"))


@pytest.fixture(scope="session")
def ui_assistant(ui_settings: Settings) -> object:
    """The same index opened directly, to compute the answers the app must render."""
    from assistant.assistant import Assistant

    return Assistant.load(ui_settings)


@pytest.fixture()
def admin_settings(tmp_path: Path) -> Settings:
    """A private index for tests that upload and re-ingest."""
    return build_index(tmp_path / "admin_index")


AppFactory = Callable[..., object]


@pytest.fixture()
def make_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AppFactory]:
    """``make_app(settings, admin=False, require_login=False, max_upload_mb=None)`` → AppTest."""
    from streamlit.testing.v1 import AppTest

    config = tmp_path / "empty-metodeguide.toml"
    config.write_text("", encoding="utf-8")

    def make(
        settings: Settings,
        *,
        admin: bool = False,
        require_login: bool = False,
        max_upload_mb: int | None = None,
    ) -> AppTest:
        for var in ENV_VARS:
            monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv("METODEGUIDE_CONFIG", str(config))
        monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(settings.data_dir))
        monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(settings.corpus_dir))
        monkeypatch.setenv("METODEGUIDE_MANIFEST", str(settings.manifest_path))
        monkeypatch.setenv("METODEGUIDE_EMBEDDING_BACKEND", settings.embedding_backend)
        monkeypatch.setenv("METODEGUIDE_THREADS", "1")
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
        if admin:
            monkeypatch.setenv("METODEGUIDE_ADMIN_PASSWORD_HASH", ADMIN_HASH)
        if require_login:
            monkeypatch.setenv("METODEGUIDE_REQUIRE_LOGIN", "true")
        if max_upload_mb is not None:
            monkeypatch.setenv("METODEGUIDE_MAX_UPLOAD_MB", str(max_upload_mb))
        return AppTest.from_file(str(APP), default_timeout=90)

    yield make
