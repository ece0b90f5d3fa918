"""Fixtures for the evaluation tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from eval_fakes import CORPUS

from assistant.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS)
