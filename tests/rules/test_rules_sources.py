"""Every rule source quote is verbatim in its document, on the page it names."""

from __future__ import annotations

import re
from functools import cache

import pytest

from assistant.rules import load_rules, verify_quotes
from assistant.settings import PROJECT_ROOT
from assistant.text import normalize_for_match

pytestmark = pytest.mark.unit

DOCS = PROJECT_ROOT / "corpus" / "documents"
RULES = load_rules()
CITATIONS = [(r.id, c) for r in RULES.rules for c in r.sources]


@cache
def _text(source: str) -> str:
    return (DOCS / source).read_text(encoding="utf-8")


@cache
def _normalized(source: str) -> str:
    return normalize_for_match(_text(source))


@cache
def _pages(source: str) -> tuple[tuple[int, str], ...]:
    """(page, normalised page text) by the corpus conventions: 001 "(N)" marker lines,
    003 one line per page starting with the page number."""
    text = _text(source)
    if source.startswith("001_"):
        parts = re.split(r"(?m)^\((\d+)\)\s*$", text)
        return tuple((int(parts[i]), normalize_for_match(parts[i + 1])) for i in range(1, len(parts) - 1, 2))
    if source.startswith("003_"):
        out: list[tuple[int, str]] = []
        for line in text.splitlines():
            m = re.match(r"^(\d+) ", line)
            if m and not any(p == int(m.group(1)) for p, _ in out):
                out.append((int(m.group(1)), normalize_for_match(line)))
        return tuple(out)
    return ()


def test_rules_have_sources() -> None:
    assert len(CITATIONS) >= 30
    assert all(r.sources for r in RULES.rules)


@pytest.mark.parametrize(
    ("rule_id", "citation"), CITATIONS, ids=[f"{r}:{c.quote[:30]}" for r, c in CITATIONS]
)
def test_quote_is_verbatim_in_document(rule_id: str, citation) -> None:
    assert (DOCS / citation.source).is_file(), f"{rule_id}: {citation.source} missing"
    assert normalize_for_match(citation.quote) in _normalized(citation.source), rule_id


@pytest.mark.parametrize(
    ("rule_id", "citation"), CITATIONS, ids=[f"{r}:{c.quote[:30]}" for r, c in CITATIONS]
)
def test_quote_is_on_the_named_page(rule_id: str, citation) -> None:
    pages = _pages(citation.source)
    if not pages:
        assert citation.page is None, f"{rule_id}: {citation.source} has no pages"
        return
    found = [p for p, text in pages if normalize_for_match(citation.quote) in text]
    assert found[:1] == [citation.page], f"{rule_id}: quote found on pages {found}, rule says {citation.page}"


def test_verify_quotes_reports_nothing_for_the_shipped_rules() -> None:
    assert verify_quotes(RULES, DOCS) == []


def test_verify_quotes_names_a_bad_quote(tmp_path) -> None:
    (tmp_path / "001_a87d09dcf945fd35.txt").write_text("Intet relevant her.", encoding="utf-8")
    problems = verify_quotes(RULES, tmp_path)
    assert problems[0] == (
        "Regel method.adult: citatet findes ikke ordret i 001_a87d09dcf945fd35.txt: "
        "'Valg af støttemetode skal foretages individuelt ud fra en vu'"
    )
    assert any(
        p.startswith("Regel method.adult: dokumentet 000_b7118d7c53b07453.txt findes ikke") for p in problems
    )
