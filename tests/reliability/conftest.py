"""Fixtures for the fault and hostile-input tests (helpers live in ``helpers.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings

from .helpers import fresh_chroma, quiet_ingest, small_settings


@pytest.fixture()
def small_index(tmp_path: Path) -> Iterator[Settings]:
    """A built hash-embedder index of two small shipped documents."""
    settings = small_settings(tmp_path)
    report = quiet_ingest(settings)
    assert report.documents == 2 and not report.skipped
    yield settings
    fresh_chroma()

