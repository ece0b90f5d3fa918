"""``kill -9`` of ingestion at random points: the previous index keeps answering identically, and
the next ingest completes.

A warm "zygote" process forks one child per trial that rebuilds the index of the same corpus (so
the live generation is replaced); the test sleeps a random time inside the measured length of a
full rebuild and SIGKILLs the child. Whether the kill landed
before or after the ``CURRENT.json`` switch, a fresh ``CorpusIndex.open`` must give exactly the
same search results as before (same corpus, same chunk ids and scores), and the next ingest must
finish and give them again.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from assistant.settings import PROJECT_ROOT, Settings

from .helpers import child_env, probe_results, quiet_ingest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TRIALS = 20

# A zygote: imports once, then forks one child per trial that rebuilds the index. Forking from a
# warm process keeps each trial short (no 2-4 s interpreter and chromadb start-up per kill).
ZYGOTE = """
import json, os, sys, time
from pathlib import Path
from assistant.settings import Settings
from ingest.pipeline import ingest
import chromadb  # noqa: F401 - imported before any fork, no client is created here
s = Settings(embedding_backend="hash", data_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]),
             manifest_path=Path(sys.argv[3]))
print("ready", flush=True)
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            ingest(s, rebuild=True, progress=False, log=lambda line: None)
        finally:
            os._exit(0)
    t0 = time.perf_counter()
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"status": status, "seconds": time.perf_counter() - t0}), flush=True)
"""


class Zygote:
    def __init__(self, settings: Settings) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(settings.data_dir), str(settings.corpus_dir),
             str(settings.manifest_path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(), cwd=PROJECT_ROOT,
        )
        assert self._line() == "ready"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def start(self) -> int:
        """Fork one ingest child; returns its pid."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("fork\n")
        self.proc.stdin.flush()
        return int(self._line())

    def reap(self) -> dict[str, float]:
        """Wait for the child to end; its raw wait status and how long it lived."""
        return dict(json.loads(self._line()))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(30)


def _generation(settings: Settings) -> str:
    return str(json.loads((settings.data_dir / "CURRENT.json").read_text())["generation"])


def test_kill_9_during_ingest_keeps_index_answering(small_index: Settings) -> None:
    settings = small_index
    before = probe_results(settings)
    assert len(before) == 5

    zygote = Zygote(settings)
    try:
        # one undisturbed rebuild measures the window to hit
        zygote.start()
        done = zygote.reap()
        assert done["status"] == 0
        window = done["seconds"]
        assert probe_results(settings) == before

        rng = random.Random(20240607)
        outcomes = {"old generation": 0, "new generation": 0}
        for trial in range(TRIALS):
            gen_before = _generation(settings)
            # half the kills anywhere in the run, half in its last 40 % (the switch and the cleanup)
            delay = rng.uniform(0.0, window) if trial % 2 == 0 else rng.uniform(0.6 * window, 1.05 * window)
            pid = zygote.start()
            time.sleep(delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it finished first: a valid (late) kill point too
                pass
            zygote.reap()
            outcomes["old generation" if _generation(settings) == gen_before else "new generation"] += 1

            assert probe_results(settings) == before, f"trial {trial}: kill at {delay:.3f} s changed answers"
            report = quiet_ingest(settings)
            assert report.documents == 2 and not report.skipped
            assert probe_results(settings) == before, f"trial {trial}: next ingest changed answers"
            gens = sorted(p.name for p in (settings.data_dir / "generations").iterdir())
            assert gens == [_generation(settings)], f"trial {trial}: leftovers {gens}"
    finally:
        zygote.close()
    assert sum(outcomes.values()) == TRIALS
    print(f"kill -9 outcomes over {TRIALS} trials in a {window:.2f} s window: {outcomes}")


def test_rebuild_after_early_kill_completes(small_index: Settings) -> None:
    """A kill right at the start, followed by a full rebuild, gives the same answers."""
    before = probe_results(small_index)
    zygote = Zygote(small_index)
    try:
        pid = zygote.start()
        time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        assert zygote.reap()["status"] == signal.SIGKILL
    finally:
        zygote.close()
    report = quiet_ingest(small_index, rebuild=True)
    assert report.rebuilt and report.chunks == 9
    assert probe_results(small_index) == before
