"""Text fidelity: compatibility forms folded, mixed encodings repaired segment by segment (and
reported), file names in NFC, and exact copies kept under their original name."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant.embedding import HashEmbedder
from assistant.settings import Settings
from assistant.store import CorpusIndex
from ingest.clean import fold_unicode, normalize_raw
from ingest.loaders import decode_text_report, load_document
from ingest.pipeline import IngestReport, ingest

SHIPPED_MANIFEST = Path(__file__).resolve().parents[2] / "corpus" / "manifest.yaml"


def _settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "korpus"
    corpus.mkdir(exist_ok=True)
    return Settings(
        data_dir=tmp_path / "data", corpus_dir=corpus, manifest_path=SHIPPED_MANIFEST, embedding_backend="hash"
    )


def _ingest(settings: Settings) -> tuple[IngestReport, list[str]]:
    lines: list[str] = []
    report = ingest(settings, progress=False, log=lines.append)
    return report, lines


# ---------------------------------------------------------------- NFKC


@pytest.mark.unit
def test_ligatures_and_full_width_forms_are_folded_but_ellipsis_and_m2_stay() -> None:
    assert fold_unicode("ﬂyttehjælp og ﬁnansiering") == "flyttehjælp og finansiering"
    assert fold_unicode("ＡＣＴ－team １２ borgere") == "ACT-team 12 borgere"
    assert fold_unicode("Bolig på 40 m² … ½ år") == "Bolig på 40 m² … ½ år"
    assert normalize_raw("ﬂyttehjælp\u00a0i\u3000Ａarhus") == "flyttehjælp i Aarhus"


@pytest.mark.unit
def test_text_file_with_ligature_is_loaded_folded(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Borgeren får ﬂyttehjælp fra ＣＴＩ-medarbejderen.", encoding="utf-8")
    assert load_document(p).text == "Borgeren får flyttehjælp fra CTI-medarbejderen."


# ---------------------------------------------------------------- mixed encodings


MIXED = (
    "Bostøtte på Østergade i Århus.\n".encode()
    + b"Borgeren fik st\xf8tte i ni m\xe5neder.\n"  # one line pasted from a Windows-1252 document
    + "Hjemløse unge får hjælp – også om aftenen.\n".encode()
)


@pytest.mark.unit
def test_utf8_file_with_stray_cp1252_bytes_is_decoded_segment_by_segment() -> None:
    d = decode_text_report(MIXED)
    assert d.text == (
        "Bostøtte på Østergade i Århus.\nBorgeren fik støtte i ni måneder.\n"
        "Hjemløse unge får hjælp – også om aftenen.\n"
    )
    assert "Ã" not in d.text
    assert d.encoding == "utf-8"
    assert d.warnings == (
        "blandet tegnkodning repareret: 2 tegn på linje 2 var ikke UTF-8 og er læst som Windows-1252",
    )


@pytest.mark.unit
def test_stray_byte_inside_a_utf8_line_keeps_the_utf8_letters_beside_it() -> None:
    d = decode_text_report("på Østergade".encode() + b" \x96 " + "hjemløse".encode())
    assert d.text == "på Østergade – hjemløse"
    assert d.warnings == (
        "blandet tegnkodning repareret: 1 tegn på linje 1 var ikke UTF-8 og er læst som Windows-1252",
    )


@pytest.mark.unit
def test_pure_cp1252_file_is_no_repair() -> None:
    d = decode_text_report("Særlig støtte på Fyn – “CTI”.\nÆble.".encode("cp1252"))
    assert (d.text, d.encoding, d.warnings) == ("Særlig støtte på Fyn – “CTI”.\nÆble.", "cp1252", ())


@pytest.mark.unit
def test_html_meta_charset_latin1_over_utf8_bytes_is_read_as_utf8(tmp_path: Path) -> None:
    p = tmp_path / "side.html"
    p.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Bostøtte</title></head>'
        "<body><p>Hjemløse på Østergade får støtte.</p></body></html>".encode()
    )
    raw = load_document(p)
    assert raw.text == "Hjemløse på Østergade får støtte."
    assert raw.encoding == "utf-8"
    assert raw.warnings == (
        "HTML-filen siger tegnsæt iso-8859-1, men indholdet er gyldig UTF-8; filen er læst som UTF-8",
    )


@pytest.mark.unit
def test_html_true_latin1_stays_latin1_without_warning(tmp_path: Path) -> None:
    p = tmp_path / "gammel.htm"
    p.write_bytes('<meta charset="iso-8859-1"><p>Hjemløse på gaden</p>'.encode("latin-1"))
    raw = load_document(p)
    assert (raw.text, raw.warnings) == ("Hjemløse på gaden", ())


@pytest.mark.integration
def test_repaired_encoding_is_a_warning_in_the_summary_json_and_log(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    (s.corpus_dir / "blandet.txt").write_bytes(MIXED)
    (s.corpus_dir / "ren.txt").write_text("Borgeren får støtte i ni måneder efter udskrivning.", encoding="utf-8")
    r, lines = _ingest(s)
    note = "blandet tegnkodning repareret: 2 tegn på linje 2 var ikke UTF-8 og er læst som Windows-1252"
    assert r.skipped == ()
    assert r.warnings == (("blandet.txt", note),)
    assert lines == [f"ADVARSEL: blandet.txt: {note}"]
    assert r.to_dict()["warnings"] == [{"file": "blandet.txt", "warning": note}]
    summary = r.summary().splitlines()
    assert summary[-2:] == ["Advarsler: 1 i 1 dokument", f"  - blandet.txt: {note}"]
    chunks = [c.text for c in CorpusIndex.open(s).chunks() if c.source == "blandet.txt"]
    assert chunks and "Borgeren fik støtte i ni måneder." in chunks[0]
    # Nothing changed: the live index is kept and the warning is repeated, not forgotten.
    r2, lines2 = _ingest(s)
    assert (r2.rebuilt, r2.warnings, lines2) == (False, r.warnings, lines)


# ---------------------------------------------------------------- file names


@pytest.mark.integration
def test_decomposed_file_name_is_indexed_and_found_in_nfc(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    nfd = unicodedata.normalize("NFD", "Århus bostøtte.txt")
    assert nfd != "Århus bostøtte.txt"
    (s.corpus_dir / nfd).write_text(
        "Kommunen tilbyder bostøtte til borgere, der flytter i egen bolig efter et forløb på herberg.",
        encoding="utf-8",
    )
    r, _ = _ingest(s)
    assert r.added == ("Århus bostøtte.txt",)
    index = CorpusIndex.open(s)
    assert list(index.documents()) == ["Århus bostøtte.txt"]
    # What `metodeguide search --source "Århus bostøtte.txt"` sends to the index: the name as typed.
    hits = index.dense_search(HashEmbedder().embed_query("bostøtte egen bolig"), k=3, where={"source": "Århus bostøtte.txt"})
    assert [c.source for c, _ in hits] == ["Århus bostøtte.txt"]


# ---------------------------------------------------------------- duplicates


@pytest.mark.integration
def test_exact_copy_keeps_the_original_name_and_reports_the_copy(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    text = "Metoden beskriver tre faser af overgangen fra herberg til egen bolig med støtte."
    for name in ("Metode eksakt kopi.txt", "Metode.txt", "Kopi af Metode.txt", "Metode (1).txt"):
        (s.corpus_dir / name).write_text(text, encoding="utf-8")
    r, lines = _ingest(s)
    assert r.added == ("Metode.txt",)
    assert r.skipped == (
        ("Kopi af Metode.txt", "samme indhold som Metode.txt (dublet)"),
        ("Metode (1).txt", "samme indhold som Metode.txt (dublet)"),
        ("Metode eksakt kopi.txt", "samme indhold som Metode.txt (dublet)"),
    )
    assert "Sprunget over: 3 filer" in r.summary()
    assert "  - Metode eksakt kopi.txt: samme indhold som Metode.txt (dublet)" in r.summary()


@pytest.mark.integration
def test_without_copy_words_the_shortest_name_is_kept(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    text = "Kort note om ACT-teamets caseload på højst ti borgere pr. medarbejder."
    (s.corpus_dir / "act.txt").write_text(text, encoding="utf-8")
    (s.corpus_dir / "aaa_act_gammel_version.txt").write_text(text, encoding="utf-8")
    r, _ = _ingest(s)
    assert r.added == ("act.txt",)
    assert r.skipped == (("aaa_act_gammel_version.txt", "samme indhold som act.txt (dublet)"),)
