"""An administrator's metadata edits: validation, the manifest round trip, and re-ingest (issue 14, item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import ConfigError, MetadataError
from assistant.settings import Settings
from assistant.store import CorpusIndex
from ingest.manifest import load_manifest, save_edit
from ingest.manifest_edits import EDITS_HEADER, MetadataEdit, validate_edit
from ingest.pipeline import ingest

pytestmark = pytest.mark.unit

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.yaml"
GUIDE = "Køge retningslinje.txt"
GUIDE_TEXT = (
    "Retningslinje for bostøtte\n\n"
    "I Køge Kommune holdes et opfølgningsmøde med borgeren hver fjerde uge, så længe forløbet varer.\n"
)


@pytest.mark.parametrize(
    "title,kind,year,publisher,message",
    [
        ("", "guide", "2023", "", "Titlen må ikke være tom; skriv dokumentets titel."),
        ("   \n ", "guide", "", "", "Titlen må ikke være tom; skriv dokumentets titel."),
        ("x" * 201, "guide", "", "", "Titlen må højst være 200 tegn (er 201); forkort den."),
        ("T", "guide", "23", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '23')."),
        ("T", "guide", "år 2023", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er 'år 2023')."),
        ("T", "guide", "1899", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '1899')."),
        ("T", "guide", "2101", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '2101')."),
        ("T", "guide", "2023.5", "", "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '2023.5')."),
        ("T", "guide", "", "k" * 121, "Udgiveren må højst være 120 tegn (er 121); forkort den."),
        ("T\x00", "guide", "", "", "Titlen må ikke indeholde styretegn; skriv almindelig tekst."),
        ("T", "guide", "", "Køge\u202eKommune", "Udgiveren må ikke indeholde styretegn; skriv almindelig tekst."),
        (
            "T",
            "manual",
            "",
            "",
            "Typen 'manual' findes ikke; vælg en af guide, brochure, slides, news, web page, document.",
        ),
    ],
)
def test_invalid_metadata_is_refused_with_a_danish_message(
    title: str, kind: str, year: str, publisher: str, message: str
) -> None:
    with pytest.raises(MetadataError) as err:
        validate_edit(GUIDE, title, kind, year, publisher)
    assert str(err.value) == message


def test_valid_metadata_is_cleaned_not_interpreted() -> None:
    edit = validate_edit(GUIDE, "  <b>Retningslinje</b>\n for  bostøtte ", "guide", " 2023 ", "  ")
    assert edit == MetadataEdit(GUIDE, "<b>Retningslinje</b> for bostøtte", "guide", 2023, None)
    assert validate_edit(GUIDE, "T", "news", "", "Køge Kommune").year is None
    assert validate_edit(GUIDE, "x" * 200, "news", 1900, "k" * 120).year == 1900


def test_an_edit_round_trips_through_the_manifest_and_leaves_the_list_alone(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    shutil.copyfile(SHIPPED_MANIFEST, path)
    before = path.read_text(encoding="utf-8")
    tricky = MetadataEdit(GUIDE, "Køge: 'retningslinje' # <script>x</script>", "guide", 2023, "Køge Kommune")
    saved = save_edit(path, tricky)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before) and EDITS_HEADER in text  # the curated list and its comments as they were
    again = load_manifest(path)
    assert again.edits == saved.edits == {GUIDE: tricky}
    assert again.entries == load_manifest(SHIPPED_MANIFEST).entries
    # a second edit of the same file replaces the first; another file's edit is added
    second = MetadataEdit(GUIDE, "Retningslinje for bostøtte", "document", None, None)
    listed = MetadataEdit("001_a87d09dcf945fd35.txt", "Housing First-pjecen", "brochure", 2020, "Socialstyrelsen")
    save_edit(path, second)
    save_edit(path, listed)
    assert load_manifest(path).edits == {GUIDE: second, listed.source: listed}
    assert path.read_text(encoding="utf-8").startswith(before)
    assert path.read_text(encoding="utf-8").count("\nedits:") == 1


def test_a_bad_edit_in_the_file_names_the_item(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("version: 1\ndocuments: []\nedits:\n- source: a.txt\n  title: A\n  kind: guide\n  year: 23\n")
    with pytest.raises(ConfigError) as err:
        load_manifest(path)
    assert str(err.value) == (
        f"Manifestet {path}, rettelse nr. 1 (a.txt): "
        "Året skal være et helt tal mellem 1900 og 2100, fx 2023 (er '23')."
    )


def test_the_edit_wins_over_the_file_and_the_list_and_survives_re_ingest(tmp_path: Path, corpus_dir: Path) -> None:
    (corpus_dir / GUIDE).write_text(GUIDE_TEXT, encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    shutil.copyfile(SHIPPED_MANIFEST, manifest)
    settings = Settings(
        data_dir=tmp_path / "data", corpus_dir=corpus_dir, manifest_path=manifest, embedding_backend="hash"
    )
    ingest(settings, progress=False, log=lambda line: None)
    read = CorpusIndex.open(settings).documents()[GUIDE]
    assert (read["title"], read["kind"], read["year"], read["publisher"]) == (
        "Retningslinje for bostøtte",
        "document",
        None,
        None,
    )

    save_edit(manifest, validate_edit(GUIDE, "Køges retningslinje for bostøtte", "guide", "2023", "Køge Kommune"))
    listed = "001_a87d09dcf945fd35.txt"
    save_edit(manifest, validate_edit(listed, "Housing First-pjecen", "brochure", "2020", ""))
    for _ in range(2):  # the edit is applied by the ingest, and again by the next one
        ingest(settings, progress=False, log=lambda line: None)
        index = CorpusIndex.open(settings)
        row = index.documents()[GUIDE]
        assert (row["title"], row["kind"], row["year"], row["publisher"], row["edited"]) == (
            "Køges retningslinje for bostøtte",
            "guide",
            2023,
            "Køge Kommune",
            True,
        )
        chunks = [c for c in index.chunks() if c.source == GUIDE]
        assert chunks and {(c.title, c.kind, c.year) for c in chunks} == {
            ("Køges retningslinje for bostøtte", "guide", 2023)
        }
        pjece = index.documents()[listed]
        assert (pjece["title"], pjece["year"], pjece["publisher"]) == ("Housing First-pjecen", 2020, None)
        assert index.document(listed).title == "Housing First-pjecen"
