"""Several app processes share one index; an ingest in a third process switches them over.

Two reader processes open the same data dir (embedded Chroma, or one Chroma server) through
``LiveAssistant`` and ask
questions in a loop. Meanwhile a third process runs the real ``metodeguide ingest`` after a small
document was added to the corpus. Every answer must come from one complete generation (the old
corpus version or the new one, with the chunks, citations and the new document's fact of that
generation, never an error), and afterwards both readers answer from the new generation without a
restart.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT, Settings
from assistant.store import read_current
from bench._common import chroma_server

from .helpers import PROBE, child_env, fresh_chroma, quiet_ingest, run_cli, small_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

NEW_DOC = "zz_blaabaer.txt"
NEW_TEXT = """Blåbærmodellen i Nordby Kommune

Blåbærmodellen er Nordby Kommunes egen måde at organisere bostøtte på. I Blåbærmodellen har hver
borger en fast kontaktperson, som borgeren møder mindst to gange om ugen i de første seks måneder.
"""
NEW_Q = "Hvad er Blåbærmodellen?"
ROUNDS_AFTER_SWITCH = 5

# One reader: answers NEW_Q and PROBE in a loop through LiveAssistant and writes one JSON line per
# answer; stops ROUNDS_AFTER_SWITCH rounds after it first answered from another generation.
READER = """
import json, logging, sys, time
from pathlib import Path
from assistant.live import LiveAssistant
from assistant.settings import Settings
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
data, corpus, manifest, deadline = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4])
questions, server = json.loads(sys.argv[5]), json.loads(sys.argv[6])
s = Settings(embedding_backend="hash", data_dir=data, corpus_dir=corpus, manifest_path=manifest,
             reload_check_s=0.2, num_threads=1, chroma_host=server[0], chroma_port=server[1])
live = LiveAssistant(s)
first = live.get().index.generation
print(json.dumps({"ready": first}), flush=True)
after = 0
while time.time() < deadline and after < ROUNDS:
    a = live.get()
    index = a.index
    docs = index.documents()
    for q in questions:
        rec = {"t": time.time(), "q": q, "generation": index.generation, "version": a.corpus_version}
        try:
            ans = a.answer(q)
            rec.update(
                answer_version=ans.corpus_version,
                cited=sorted({c.source for c in ans.citations}),
                mentions_new="Blåbærmodellen" in ans.answer,
                chunks=len(index.chunks()),
                chunks_in_manifest=sum(int(d["chunks"]) for d in docs.values()),
                sources=sorted(docs),
            )
        except Exception as exc:  # noqa: BLE001 - every failure is recorded and fails the test
            rec["error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(rec, ensure_ascii=False), flush=True)
    if index.generation != first:
        after += 1
    time.sleep(0.05)  # leave the shared cores to the ingest
print(json.dumps({"switches": live.switches, "generation": live.generation}), flush=True)
""".replace("ROUNDS", str(ROUNDS_AFTER_SWITCH))


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _wait_ready(path: Path, proc: subprocess.Popen[bytes], timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists() and path.read_text(encoding="utf-8").strip():
            return
        assert proc.poll() is None, f"reader ended early: {path.with_suffix('.err').read_text()}"
        time.sleep(0.1)
    raise AssertionError(f"reader not ready after {timeout} s")


@pytest.fixture(params=["embedded", "server"])
def shared_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """A small hash-embedder index: embedded Chroma in the data dir, or a ``chroma run`` server."""
    settings = small_settings(tmp_path)
    if request.param == "embedded":
        assert quiet_ingest(settings).documents == 2
        yield settings
        return
    with chroma_server(tmp_path / "chroma-server") as (_, port):
        settings = settings.with_(chroma_host="127.0.0.1", chroma_port=port)
        assert quiet_ingest(settings).documents == 2
        yield settings


def test_two_readers_switch_to_a_new_generation_written_by_a_third_process(shared_index: Settings) -> None:
    settings = shared_index
    old = read_current(settings.data_dir)
    assert old is not None
    old_gen, old_version = str(old["generation"]), str(old["corpus_version"])
    fresh_chroma()  # this process writes nothing more; the readers and the ingest are other processes

    deadline = time.time() + 50
    readers: list[tuple[subprocess.Popen[bytes], Path]] = []
    for n in range(2):
        out = settings.data_dir.parent / f"reader{n}.jsonl"
        err = out.with_suffix(".err")
        proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(settings.data_dir), str(settings.corpus_dir),
             str(settings.manifest_path), str(deadline), json.dumps([NEW_Q, PROBE]),
             json.dumps([settings.chroma_host, settings.chroma_port])],
            stdout=out.open("wb"), stderr=err.open("wb"), env=child_env(), cwd=PROJECT_ROOT,
        )
        readers.append((proc, out))
    try:
        for proc, out in readers:
            _wait_ready(out, proc, timeout=30)
        time.sleep(0.5)  # both answering from the old generation

        (settings.corpus_dir / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
        t_start = time.time()
        done = run_cli(settings, "ingest")
        t_done = time.time()
        assert done.returncode == 0, done.stdout + done.stderr
        for proc, _ in readers:
            proc.wait(timeout=max(1.0, deadline - time.time() + 5))
    finally:
        for proc, _ in readers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    new = read_current(settings.data_dir)
    assert new is not None and new["generation"] != old_gen and NEW_DOC in new["documents"]
    new_gen, new_version = str(new["generation"]), str(new["corpus_version"])
    switched_at = (settings.data_dir / "CURRENT.json").stat().st_mtime
    complete = {old_gen: (old_version, int(old["chunks"])), new_gen: (new_version, int(new["chunks"]))}

    for proc, out in readers:
        err_text = out.with_suffix(".err").read_text(encoding="utf-8")
        assert proc.returncode == 0, err_text
        lines = _records(out)
        summary = lines[-1]
        answers = lines[1:-1]
        assert [r for r in answers if "error" in r] == [], err_text
        assert summary == {"switches": 1, "generation": new_gen}, err_text
        for r in answers:
            version, chunks = complete[r["generation"]]  # only the two complete generations
            assert r["version"] == r["answer_version"] == version
            assert r["chunks"] == r["chunks_in_manifest"] == chunks
            assert set(r["cited"]) <= set(r["sources"])
            assert (NEW_DOC in r["sources"]) == (r["generation"] == new_gen)
            if r["q"] == NEW_Q:  # the new document's fact is found exactly when its generation answers
                assert (NEW_DOC in r["cited"]) == (r["generation"] == new_gen), r
                assert r["mentions_new"] == (r["generation"] == new_gen), r
        gens = [r["generation"] for r in answers]
        switch_at = gens.index(new_gen)
        assert set(gens[:switch_at]) == {old_gen} and set(gens[switch_at:]) == {new_gen}  # one switch, no going back
        assert len(gens) - switch_at >= 2 * ROUNDS_AFTER_SWITCH
        during = [r for r in answers if t_start <= r["t"] <= t_done]
        assert during, "the reader answered nothing while the ingest ran"
        first_new = answers[switch_at]["t"]
        assert first_new >= switched_at  # never before the new generation went live
        print(f"{settings.chroma_host or 'embedded'} {out.name}: {len(answers)} answers, {len(during)} while the ingest ran "
              f"({t_done - t_start:.1f} s), first from the new generation {first_new - switched_at:.2f} s "
              "after CURRENT.json was replaced")
