"""A damaged or deleted index: a clear error that names `metodeguide ingest --rebuild`, and that
command recovers the same answers.

Runs the real CLI entry point in-process (``assistant.cli.main``) with the settings passed
through the environment, exactly as a user's shell would.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import cli
from assistant.errors import IndexCorruptError
from assistant.settings import Settings
from assistant.store import CorpusIndex

from .helpers import fresh_chroma, probe_results

pytestmark = pytest.mark.integration

REBUILD_HINT = "Genopbyg det med `metodeguide ingest --rebuild`."


def _live_generation(settings: Settings) -> Path:
    gen = json.loads((settings.data_dir / "CURRENT.json").read_text())["generation"]
    return settings.data_dir / "generations" / gen


def _delete_chroma_dir(s: Settings) -> str:
    shutil.rmtree(s.data_dir / "chroma")
    return f"Chroma-mappen {s.data_dir / 'chroma'} mangler"


def _garbage_current(s: Settings) -> str:
    (s.data_dir / "CURRENT.json").write_text("{ikke json", encoding="utf-8")
    return f"{s.data_dir / 'CURRENT.json'} er ikke gyldig JSON"


def _delete_chunks(s: Settings) -> str:
    path = _live_generation(s) / "chunks.sqlite"
    path.unlink()
    return f"{path} mangler"


def _garbage_chroma_sqlite(s: Settings) -> str:
    (s.data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"ikke en database " * 500)
    return "Chroma kan ikke åbnes: "


def _truncated_chunks(s: Settings) -> str:
    path = _live_generation(s) / "chunks.sqlite"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return f"{path} kan ikke læses (database disk image is malformed)"


def _garbage_chunks(s: Settings) -> str:
    path = _live_generation(s) / "chunks.sqlite"
    path.write_bytes(b"ikke en database " * 500)
    return f"{path} kan ikke læses (file is not a database)"


def _delete_lexical(s: Settings) -> str:
    path = _live_generation(s) / "lexical"
    shutil.rmtree(path)
    return f"det leksikalske indeks {path} mangler eller er ufærdigt"


def _garbage_lexical_matrix(s: Settings) -> str:
    path = _live_generation(s) / "lexical"
    (path / "data.csc.index.npy").write_bytes(b"ikke et indeks " * 500)
    return f"det leksikalske indeks {path} kan ikke læses"


DAMAGE: dict[str, Callable[[Settings], str]] = {
    "chroma dir deleted": _delete_chroma_dir,
    "CURRENT.json garbage": _garbage_current,
    "chunks.sqlite deleted": _delete_chunks,
    "chunks.sqlite cut in half": _truncated_chunks,
    "chunks.sqlite garbage": _garbage_chunks,
    "chroma.sqlite3 garbage": _garbage_chroma_sqlite,
    "lexical index deleted": _delete_lexical,
    "lexical score matrix garbage": _garbage_lexical_matrix,
}


def _env(monkeypatch: pytest.MonkeyPatch, s: Settings) -> None:
    monkeypatch.setenv("METODEGUIDE_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("METODEGUIDE_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("METODEGUIDE_MANIFEST", str(s.manifest_path))
    monkeypatch.setenv("METODEGUIDE_EMBEDDING_BACKEND", "hash")
    monkeypatch.delenv("CHROMA_HOST", raising=False)


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damaged_index_names_rebuild_and_rebuild_recovers(
    small_index: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    s = small_index
    before = probe_results(s)
    detail = DAMAGE[damage](s)

    fresh_chroma()
    with pytest.raises(IndexCorruptError) as err:
        CorpusIndex.open(s)
    message = str(err.value)
    assert message.startswith(f"Indekset kan ikke læses ({detail}")
    assert message.endswith(REBUILD_HINT)

    _env(monkeypatch, s)
    capsys.readouterr()
    fresh_chroma()
    assert cli.main(["search", "Hvor mange kommuner deltager?"]) == 2
    out, errtext = capsys.readouterr()
    assert out == ""
    assert errtext == f"Fejl: {message}\n"

    fresh_chroma()
    assert cli.main(["ingest", "--rebuild"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == "Sprunget over: ingen"
    assert probe_results(s) == before

    fresh_chroma()
    assert cli.main(["search", "Hvor mange kommuner deltager?", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 5
    fresh_chroma()


def test_missing_index_says_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    s = Settings(data_dir=tmp_path / "tom", corpus_dir=tmp_path, embedding_backend="hash")
    _env(monkeypatch, s)
    assert cli.main(["ask", "Hvor længe varer CTI?"]) == 2
    assert capsys.readouterr().err == (
        f"Fejl: Der er intet indeks i {tmp_path / 'tom'}. Kør indlæsning på siden Korpus eller "
        "`metodeguide ingest`.\n"
    )
