"""``metodeguide search --source``: a file name typed or pasted in decomposed form (macOS: "A" +
combining ring) finds the document, whose index name is NFC."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from assistant.cli import _where, build_parser, cmd_search
from assistant.settings import Settings

DECOMPOSED = unicodedata.normalize("NFD", "Århus retningslinje.txt")


@pytest.mark.unit
def test_source_filter_is_nfc() -> None:
    assert DECOMPOSED != "Århus retningslinje.txt"
    args = build_parser().parse_args(["search", "bostøtte", "--source", DECOMPOSED])
    assert _where(args) == {"source": "Århus retningslinje.txt"}


@pytest.mark.integration
def test_search_with_a_decomposed_source_name_finds_the_document(
    hash_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from ingest.pipeline import ingest

    text = "I Århus holdes et opfølgningsmøde om bostøtte hver fjerde uge sammen med borgeren.\n"
    (Path(hash_settings.corpus_dir) / DECOMPOSED).write_text(text, encoding="utf-8")
    ingest(hash_settings, progress=False, log=lambda line: None)
    args = build_parser().parse_args(["search", "opfølgningsmøde bostøtte", "--json", "--source", DECOMPOSED])
    assert cmd_search(args, hash_settings) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["source"] for h in hits} == {"Århus retningslinje.txt"}
