"""The examples in docstrings are part of the contract: every module's doctests run here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("assistant", "ingest", "evals")


def _modules() -> list[str]:
    names: list[str] = []
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}.") if not m.name.endswith("__main__")]
    return sorted(names)


@pytest.mark.unit
@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples in {name} fail (see output above)"
