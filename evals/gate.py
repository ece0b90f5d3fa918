"""``metodeguide eval gate``: every set's floors from one file, checked in one process.

    metodeguide eval gate [--gates evals/gates.yaml] [--out DIR] [--only NAME ...]

The gates file (``evals/gates.yaml``) is a YAML list; each entry names a set, the folder name
for its run under ``--out``, and its floors (metric -> lowest accepted value, 0..1)::

    - set: evals/sets/grundsaet.yaml
      out: grundsaet
      floors: {verdict_accuracy: 1.0, fact_recall: 0.9}

The assistant is loaded once and every set is run in order; each run is written as by
``metodeguide eval SET --out DIR/NAME``. All sets run even after a miss, so one CI log names
every missed floor. Exit status: 0 every floor met, 1 a floor missed, 2 a bad gates file
(``EvalSetError`` naming the file and entry).

An entry with ``documents: FOLDER`` is a set about documents dropped into the corpus folder (a
municipality's guideline, a saved web page …): its run ingests the corpus plus that folder's
files into a temporary index (the embedding cache copied, so only the new files are embedded)
and answers from there, as a user's own corpus folder would be.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import EvalSetError
from assistant.settings import PROJECT_ROOT, Settings
from evals.metrics import THRESHOLD_METRICS
from evals.runner import AnswersQuestions, run_set, write_run
from evals.schema import load_set

GATES_FILE = Path(__file__).resolve().parent / "gates.yaml"
AssistantFactory = Callable[[Settings], AnswersQuestions]


@dataclass(frozen=True)
class Gate:
    """One set and its floors: ``floors`` maps a metric of ``THRESHOLD_METRICS`` to 0..1;
    ``documents`` a folder of files added to the corpus for this set (None: the corpus as is)."""

    set_path: Path
    out: str
    floors: Mapping[str, float]
    documents: Path | None = None


def load_gates(path: Path) -> list[Gate]:
    """Read and check a gates file; ``EvalSetError`` names the file, the entry and what is wrong.

    A relative ``set`` is read from the project root, so the file works from any directory.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalSetError(f"Tærskelfilen {path} kan ikke læses: {exc.strerror or exc}.") from exc
    except yaml.YAMLError as exc:
        raise EvalSetError(f"Tærskelfilen {path} er ikke gyldig YAML: {exc}") from exc
    if not isinstance(raw, list) or not raw:
        raise EvalSetError(f"Tærskelfilen {path} skal være en ikke-tom liste af sæt med tærskler.")
    gates: list[Gate] = []
    seen: set[str] = set()
    for n, entry in enumerate(raw, start=1):
        where = f"{path}, punkt {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("set"), str):
            raise EvalSetError(f"{where}: skriv »set: STI« og »floors: {{mål: værdi}}«.")
        set_path = Path(entry["set"])
        if not set_path.is_absolute():
            set_path = PROJECT_ROOT / set_path
        if not set_path.is_file():
            raise EvalSetError(f"{where}: sættet {entry['set']} findes ikke.")
        out = str(entry.get("out") or set_path.stem)
        if out in seen:
            raise EvalSetError(f"{where}: mappenavnet »{out}« er brugt af et tidligere punkt.")
        seen.add(out)
        floors = entry.get("floors")
        if not isinstance(floors, dict) or not floors:
            raise EvalSetError(f"{where}: »floors« skal være en ikke-tom tabel mål: værdi.")
        checked: dict[str, float] = {}
        for name, value in floors.items():
            if name not in THRESHOLD_METRICS:
                raise EvalSetError(
                    f"{where}: ukendt mål {name!r}; kendte mål: {', '.join(THRESHOLD_METRICS)}."
                )
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise EvalSetError(f"{where}: {name} = {value!r} skal være et tal fra 0 til 1.")
            checked[name] = float(value)
        documents = None
        if entry.get("documents") is not None:
            documents = Path(str(entry["documents"]))
            documents = documents if documents.is_absolute() else PROJECT_ROOT / documents
            if not documents.is_dir() or not any(documents.iterdir()):
                raise EvalSetError(f"{where}: dokumentmappen {entry['documents']} findes ikke eller er tom.")
        gates.append(Gate(set_path=set_path, out=out, floors=checked, documents=documents))
    return gates


def missed_floors(summary: Mapping[str, Any], floors: Mapping[str, float]) -> list[str]:
    """One message per missed floor (an unmeasurable metric counts as missed)."""
    missed = []
    for name, limit in floors.items():
        value = summary.get(name)
        if value is None:
            missed.append(f"{name} kunne ikke måles i denne kørsel (tærskel {limit:g}).")
        elif value < limit:
            missed.append(f"{name} = {value:.3f} er under tærsklen {limit:g}.")
    return missed


def with_documents(settings: Settings, documents: Path, root: Path) -> Settings:
    """Settings for an index of the corpus plus ``documents`` under ``root`` (built here: the corpus
    and the documents copied to ``root/corpus``, the embedding cache to ``root/data``, then ingested).
    Raises what ``ingest`` raises; an ingest that skips a file is an ``EvalSetError`` naming it."""
    from ingest.pipeline import ingest

    corpus, data = root / "corpus", root / "data"
    shutil.copytree(settings.corpus_dir, corpus)
    for f in sorted(documents.iterdir()):
        if f.is_file():
            shutil.copy2(f, corpus / f.name)
    data.mkdir()
    cache = settings.data_dir / "embeddings.sqlite"
    if cache.is_file():
        shutil.copy2(cache, data / "embeddings.sqlite")
    own = replace(settings, corpus_dir=corpus, data_dir=data)
    report = ingest(own, progress=False, log=lambda line: None)
    if report.skipped:
        raise EvalSetError(f"Dokumenterne i {documents} blev ikke alle læst: {report.summary()}")
    return own


def run_gates(
    gates: Sequence[Gate],
    assistant: AnswersQuestions,
    out_dir: Path,
    *,
    settings: Settings,
    factory: AssistantFactory | None = None,
    show_progress: bool = False,
) -> list[str]:
    """Run each gate's set through ``assistant``; write runs under ``out_dir/<out>``. A gate with
    ``documents`` is answered by ``factory`` over its own index (see ``with_documents``).

    Returns every missed floor as ``"<out>: <message>"`` (empty: all met). Prints one line per
    set with its measured value for each floor.
    """
    missed: list[str] = []
    for gate in gates:
        t0 = time.perf_counter()
        if gate.documents is not None:
            if factory is None:
                raise EvalSetError(f"{gate.out}: et sæt med dokumenter kræver en assistent-fabrik (factory).")
            with tempfile.TemporaryDirectory(prefix="metodeguide-gate-") as tmp:
                own = with_documents(settings, gate.documents, Path(tmp))
                run = run_set(load_set(gate.set_path), factory(own), settings=own, show_progress=show_progress)
        else:
            run = run_set(load_set(gate.set_path), assistant, settings=settings, show_progress=show_progress)
        write_run(run, out_dir / gate.out)
        s = run.summary
        values = " ".join(
            f"{name}={'–' if s.get(name) is None else format(s[name], '.3f')}(≥{limit:g})"
            for name, limit in gate.floors.items()
        )
        misses = missed_floors(s, gate.floors)
        mark = "OK " if not misses else "NEJ"
        print(f"{mark} {gate.out:<12} {s['passed']}/{s['n']} bestået  {values}  [{time.perf_counter() - t0:.0f} s]")
        missed.extend(f"{gate.out}: {msg}" for msg in misses)
    return missed


def main(argv: Sequence[str], factory: AssistantFactory) -> int:
    """``metodeguide eval gate`` (``argv`` after the word ``gate``); see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="metodeguide eval gate",
        description="Kør hvert sæt i tærskelfilen med én indlæst assistent og tjek dets tærskler.",
    )
    parser.add_argument("--gates", type=Path, default=GATES_FILE, help="tærskelfil (standard: evals/gates.yaml)")
    parser.add_argument("--out", type=Path, help="mappe til kørslerne (standard: <datamappe>/ci-eval)")
    parser.add_argument("--only", nargs="+", metavar="NAVN", help="kun disse punkter (deres »out«-navn)")
    parser.add_argument("--progress", action="store_true", help="vis en statuslinje pr. sæt")
    args = parser.parse_args(argv)
    gates = load_gates(args.gates)
    if args.only:
        unknown = sorted(set(args.only) - {g.out for g in gates})
        if unknown:
            raise EvalSetError(
                f"--only: {', '.join(unknown)} findes ikke i {args.gates}; "
                f"kendte: {', '.join(g.out for g in gates)}."
            )
        gates = [g for g in gates if g.out in args.only]
    settings = Settings.load()
    out_dir = args.out if args.out is not None else settings.data_dir / "ci-eval"
    assistant = factory(settings)
    missed = run_gates(gates, assistant, out_dir, settings=settings, factory=factory, show_progress=args.progress)
    for msg in missed:
        print(f"Tærskel ikke nået: {msg}", file=sys.stderr)
    print(f"{len(gates)} sæt, {len(missed)} tærskler ikke nået. Kørsler i {out_dir}.")
    return 1 if missed else 0
