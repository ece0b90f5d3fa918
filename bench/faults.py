"""Fault and hostile-input suite as one command: runs ``tests/reliability`` and records each
test's outcome and duration (plus the kill -9 outcome split) in ``bench/results/faults.json``.

The tests themselves are the documentation of each fault (see their docstrings):

- ``test_kill_ingest.py``: 20 × ``kill -9`` of a rebuild at random points;
- ``test_corrupt_store.py``: deleted/garbage Chroma dir, CURRENT.json, chunks.jsonl → error naming
  ``metodeguide ingest --rebuild``, which recovers;
- ``test_chroma_server.py``: Chroma server down → CLI exit 2 + message, app gets
  ``StoreUnavailableError``; server back → same answers;
- ``test_disk_full.py``: a real 2-ish MB tmpfs when run as root (else simulated ENOSPC);
- ``test_audit_faults.py``: audit/feedback SQLite locked or read-only;
- ``test_hostile_input.py``, ``test_upload_security.py``, ``test_pii_logs.py``, ``test_bind_defaults.py``.

    python -m bench.faults
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench._common import PROJECT_ROOT, child_env, write_result


def main(argv: list[str] | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/reliability", "-s", "-q",
             "-p", "no:cacheprovider", f"--junitxml={junit}"],
            cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=900,
        )
        wall = time.perf_counter() - t0
        tests = []
        for case in ET.parse(junit).getroot().iter("testcase"):
            outcome = "passed"
            message = None
            for tag in ("failure", "error", "skipped"):
                el = case.find(tag)
                if el is not None:
                    outcome = {"failure": "failed", "error": "error", "skipped": "skipped"}[tag]
                    message = (el.get("message") or "")[:300]
            tests.append({"test": f"{case.get('classname')}::{case.get('name')}",
                          "seconds": round(float(case.get("time", 0)), 2), "outcome": outcome,
                          "message": message})
    kills = re.search(r"kill -9 outcomes over (\d+) trials in a ([\d.]+) s window: (\{.*?\})", proc.stdout)
    counts = {o: sum(1 for t in tests if t["outcome"] == o) for o in ("passed", "failed", "error", "skipped")}
    path = write_result("faults", {
        "command": "pytest tests/reliability",
        "wall_s": round(wall, 1),
        "counts": counts,
        "kill9": None if kills is None else {"trials": int(kills.group(1)), "window_s": float(kills.group(2)),
                                             "outcomes": kills.group(3)},
        "tests": tests,
    })
    print(f"{counts} på {wall:.0f} s; skrevet: {path}")
    return 0 if counts["failed"] == 0 and counts["error"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
