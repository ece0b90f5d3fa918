"""The Evaluering page's question log shows staff's questions; an evaluation's only on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.audit import ORIGIN_EVAL, AuditLog, asked_by
from assistant.settings import Settings
from tests.fakes.answers import refusal

ADMIN_PASSWORD = "rigtig-hest-batteri"  # the password behind conftest.ADMIN_HASH


@pytest.mark.integration
def test_question_log_hides_evaluation_questions_until_asked(make_app: Any, ui_settings: Settings, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=ui_settings.corpus_dir, embedding_backend="hash")
    log = AuditLog(settings.audit_db)
    assert log.record(refusal("Hvad koster en pizza?"))
    with asked_by(ORIGIN_EVAL):
        assert log.record(refusal("Hvad koster en bil i Tyskland?"))
    at = make_app(settings, admin=True).run()
    at.switch_page("views/evaluering.py").run()
    at.text_input(key="mg_admin_form_pw").input(ADMIN_PASSWORD)
    [b for b in at.button if b.label == "Log ind som administrator"][0].click().run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert list(table["Spørgsmål"]) == ["Hvad koster en pizza?"]
    assert list(table["Stillet af"]) == ["Medarbejder"]
    at.toggle(key="mg_audit_include_eval").set_value(True).run()
    table = at.dataframe[-1].value
    assert list(table["Spørgsmål"]) == ["Hvad koster en bil i Tyskland?", "Hvad koster en pizza?"]
    assert list(table["Stillet af"]) == ["Evaluering", "Medarbejder"]
