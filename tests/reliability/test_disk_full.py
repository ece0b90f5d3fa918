"""Disk full during ingest: a clear error, and the previous index is intact.

As root (where ``mount -t tmpfs`` works) the data dir is a real tmpfs: the small index is built,
the filesystem is shrunk to what it uses plus 256 kB, two large documents are added, and ingest
runs into a real ENOSPC / SQLITE_FULL wherever it happens to hit first (embedding cache, chunk
files, Chroma). Without root, ENOSPC is simulated on the pipeline's durable-write helper
(``ingest.pipeline._fsync_write``), which only exercises the error path. Either way: an
``IngestError`` that says the disk is full and the previous index is unchanged; after space is
freed the old index answers identically, and the next ingest completes.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.settings import Settings

from .helpers import SHIPPED, fresh_chroma, probe_results, quiet_ingest, small_settings

pytestmark = pytest.mark.integration

BIG_DOCS = ("003_af012a5f0ae89a04.txt", "001_a87d09dcf945fd35.txt")


def _mount(args: list[str]) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _can_mount_tmpfs(probe: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe.mkdir(parents=True, exist_ok=True)
    if not _mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)]):
        return False
    subprocess.run(["umount", str(probe)], check=True)
    return True


def _used_kb(path: Path) -> int:
    du = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(du.stdout.split()[0])


@pytest.fixture()
def tmpfs_data(tmp_path: Path) -> Iterator[Settings | None]:
    """Settings whose data dir is a 64 MB tmpfs, or None where tmpfs cannot be mounted."""
    if not _can_mount_tmpfs(tmp_path / "probe"):
        yield None
        return
    settings = small_settings(tmp_path)
    settings.data_dir.mkdir(parents=True)
    assert _mount(["-t", "tmpfs", "-o", "size=64m", "tmpfs", str(settings.data_dir)])
    try:
        yield settings
    finally:
        fresh_chroma()
        if subprocess.run(["umount", str(settings.data_dir)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(settings.data_dir)], check=True)


def _assert_disk_full_error(err: IngestError, settings: Settings) -> None:
    message = str(err)
    says_full = message.startswith(f"Disken er fuld ({settings.data_dir}).") or "disk is full" in message
    assert says_full, message
    assert "Det forrige indeks er uændret" in message


def test_disk_full_during_ingest(tmpfs_data: Settings | None, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmpfs_data if tmpfs_data is not None else small_settings(tmp_path)
    quiet_ingest(settings)
    before = probe_results(settings)
    current_before = (settings.data_dir / "CURRENT.json").read_bytes()
    before_gen = json.loads(current_before)["generation"]
    for name in BIG_DOCS:
        shutil.copy2(SHIPPED / name, settings.corpus_dir / name)

    if tmpfs_data is not None:
        size_kb = _used_kb(settings.data_dir) + 256
        assert _mount(["-o", f"remount,size={size_kb}k", str(settings.data_dir)])
    else:
        import ingest.pipeline as pipeline

        def full(path: Path, data: str) -> None:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(pipeline, "_fsync_write", full)

    with pytest.raises(IngestError) as err:
        quiet_ingest(settings)
    _assert_disk_full_error(err.value, settings)
    assert (settings.data_dir / "CURRENT.json").read_bytes() == current_before

    if tmpfs_data is not None:
        assert _mount(["-o", "remount,size=64m", str(settings.data_dir)])
    else:
        monkeypatch.undo()
    assert probe_results(settings) == before  # the old generation still answers, unchanged

    report = quiet_ingest(settings)
    assert report.documents == 4 and sorted(report.added) == sorted(BIG_DOCS)
    gens = sorted(p.name for p in (settings.data_dir / "generations").iterdir())
    assert gens == sorted([report.generation, before_gen])  # the replaced one stays until the next run
