"""The package license is an SPDX expression (PEP 639), so setuptools >= 77 builds without the
``project.license`` table / license-classifier deprecation warnings on every install."""

from __future__ import annotations

import tomllib

import pytest

from assistant.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit


def test_license_is_an_spdx_string_without_license_classifiers() -> None:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    assert project["license"] == "MIT"
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]
    assert any(r.startswith("setuptools>=77") for r in data["build-system"]["requires"])
