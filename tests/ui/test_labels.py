"""Danish (and English) labels: document kinds and the evaluation page's metric labels."""

from __future__ import annotations

import pytest

from ingest.manifest import KINDS
from ui.i18n import STRINGS, kind_label

pytestmark = pytest.mark.unit


def test_every_document_kind_has_a_danish_and_an_english_label() -> None:
    assert {k: kind_label(k, "da") for k in KINDS} == {
        "guide": "vejledning",
        "brochure": "pjece",
        "slides": "slides",
        "news": "nyhed",
        "web page": "webside",
        "document": "dokument",
    }
    assert {k: kind_label(k, "en") for k in KINDS} == {k: k for k in KINDS}


def test_unknown_or_missing_kind() -> None:
    assert kind_label("rapport", "da") == "rapport"
    assert kind_label(None, "da") == "" and kind_label("", "en") == ""


def test_kind_keys_are_all_used() -> None:
    assert sorted(k for k in STRINGS if k.startswith("kind_")) == sorted(
        "kind_" + k.replace(" ", "_") for k in KINDS
    )


def test_metric_labels_are_short_and_every_headline_metric_has_one() -> None:
    from evals.report import HEADLINE
    from ui.i18n import t

    assert [t(f"metric_{key}", "da") for key, _ in HEADLINE] == [
        "Fakta fundet",
        "Rigtig kilde",
        "Citat fundet",
        "Gyldige citater",
        "Rigtige afgørelser",
        "Afstår med rette",
        "Afstår når den bør",
    ]
    assert [t(f"metric_{key}", "en") for key, _ in HEADLINE] == [
        "Fact recall",
        "Source hit",
        "Quote support",
        "Citation validity",
        "Verdict accuracy",
        "Abstention precision",
        "Abstention recall",
    ]
    # short enough for a quarter-width metric card; the full explanation is the help text
    assert all(len(t(f"metric_{key}", lang)) <= 20 for key, _ in HEADLINE for lang in ("da", "en"))
    for key, _ in HEADLINE:
        assert f"({key.replace('_', ' ')})" in t(f"metric_{key}_help", "da")
