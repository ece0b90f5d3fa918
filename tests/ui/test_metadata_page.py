"""AppTest: an administrator corrects a document's metadata on the Korpus page (issue 14, item 5)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.settings import Settings
from ingest.manifest import load_manifest
from ingest.manifest_edits import MetadataEdit
from tests.ui.apptest import button, login
from ui.text import escape_md

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SOURCE = "004_d50f6f41890c1f33.txt"


def _open_editor(at: Any, source: str = SOURCE) -> Any:
    at.switch_page("views/korpus.py").run()
    login(at)
    at.selectbox(key="mg_meta_doc").set_value(source).run()
    assert not at.exception
    return at


def _fill(at: Any, title: str, year: str, publisher: str, kind: str | None = None, source: str = SOURCE) -> Any:
    at.text_input(key=f"mg_meta_title_{source}").input(title)
    at.text_input(key=f"mg_meta_year_{source}").input(year)
    at.text_input(key=f"mg_meta_publisher_{source}").input(publisher)
    if kind is not None:
        at.selectbox(key=f"mg_meta_kind_{source}").set_value(kind)
    return button(at, "Gem metadata").click().run(timeout=180)


def test_an_edited_title_is_stored_and_shown_in_kilder(make_app: Any, admin_settings: Settings) -> None:
    at = _open_editor(make_app(admin_settings, admin=True).run())
    # the form shows what the manifest says now
    assert at.text_input(key=f"mg_meta_title_{SOURCE}").value == "Hvad er hjemløsestrategien?"
    assert at.text_input(key=f"mg_meta_year_{SOURCE}").value == "2011"
    assert at.text_input(key=f"mg_meta_publisher_{SOURCE}").value == "Rambøll Management Consulting"

    title = "Hjemløsestrategien 2009–2012 <i>(webside)</i>"
    _fill(at, title, "2012", "Socialministeriet", kind="guide")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [escape_md(f"Metadata for {SOURCE} er gemt, og indekset er opdateret.")]
    assert load_manifest(admin_settings.manifest_path).edits == {
        SOURCE: MetadataEdit(SOURCE, title, "guide", 2012, "Socialministeriet")
    }
    assert "Rettet af en administrator." in [c.value for c in at.caption]

    at.switch_page("views/kilder.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    row = table[table["Fil"] == SOURCE].iloc[0]
    assert (row["Titel"], row["Udgiver"], row["År"], row["Type"]) == (title, "Socialministeriet", "2012", "vejledning")
    # the title is data: nowhere on the page is it passed on as HTML
    assert not any("<i>(webside)</i>" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "title,year,publisher,message",
    [
        ("", "2011", "", "Titlen må ikke være tom; skriv dokumentets titel."),
        ("T" * 201, "2011", "", "Titlen må højst være 200 tegn (er 201); forkort den."),
        ("Titel", "11", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '11')."),
        ("Titel", "2200", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '2200')."),
        ("Titel", "2011", "R" * 121, "Udgiveren må højst være 120 tegn (er 121); forkort den."),
    ],
)
def test_invalid_metadata_is_refused_with_an_exact_message_and_nothing_is_stored(
    make_app: Any, admin_settings: Settings, title: str, year: str, publisher: str, message: str
) -> None:
    manifest_before = admin_settings.manifest_path.read_bytes()
    at = _open_editor(make_app(admin_settings, admin=True).run())
    version_before = at.metric[2].value
    _fill(at, title, year, publisher)
    assert not at.exception
    assert [e.value for e in at.error] == [escape_md(message)]
    assert not at.success
    assert admin_settings.manifest_path.read_bytes() == manifest_before
    assert at.metric[2].value == version_before
