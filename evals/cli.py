"""``metodeguide eval``: run a question set, list corpus gaps, export feedback as draft items.

    metodeguide eval SET [--out DIR] [--compare PREV_RUN.json] [--fail-under metric=value ...]
    metodeguide eval gaps [--db PATH] [--json] [--include-eval]
    metodeguide eval export-feedback [--db PATH] [--out FILE]
    metodeguide eval gate [--gates evals/gates.yaml] [--out DIR] [--only NAME ...]

SET is a .yaml/.csv file or the name of a shipped set (``grundsaet``). ``main(argv)`` returns
the exit status: 0 ok, 1 a ``--fail-under`` threshold (or a gate's floor) was missed, 2 usage or
data error. ``gate`` runs every set of the gates file with one loaded assistant (evals/gate.py).

    >>> from evals.cli import main
    >>> main(["grundsaet", "--fail-under", "verdict_accuracy=1.0"])   # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from assistant.errors import EvalSetError, MetodeguideError
from assistant.settings import Settings
from evals.compare import compare_runs, format_markdown, format_text, load_run
from evals.gaps import feedback_drafts, find_gaps, format_gaps
from evals.gate import AssistantFactory, missed_floors
from evals.gate import main as gate_main
from evals.metrics import THRESHOLD_METRICS
from evals.runner import AnswersQuestions, run_set, write_run
from evals.schema import load_set

SETS_DIR = Path(__file__).resolve().parent / "sets"


def resolve_set(arg: str) -> Path:
    """A path to a set file, or a shipped set's name (``grundsaet`` -> evals/sets/grundsaet.yaml)."""
    p = Path(arg)
    if p.is_file():
        return p
    for suffix in (".yaml", ".yml", ".csv"):
        candidate = SETS_DIR / f"{arg}{suffix}"
        if candidate.is_file():
            return candidate
    shipped = ", ".join(sorted(x.stem for x in SETS_DIR.glob("*.yaml")))
    raise EvalSetError(
        f"Spørgsmålssættet {arg!r} findes ikke. Angiv en .yaml/.csv-fil eller et af: {shipped}."
    )


def parse_thresholds(specs: Sequence[str]) -> dict[str, float]:
    """``["fact_recall=0.85", ...]`` -> ``{"fact_recall": 0.85}``; EvalSetError naming the bad spec."""
    out: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        name = name.strip()
        if not sep or name not in THRESHOLD_METRICS:
            raise EvalSetError(
                f"--fail-under {spec!r}: skriv mål=værdi med et af målene {', '.join(THRESHOLD_METRICS)}."
            )
        try:
            out[name] = float(value)
        except ValueError as exc:
            raise EvalSetError(f"--fail-under {spec!r}: {value!r} er ikke et tal (fx 0.85).") from exc
    return out


def _default_factory(settings: Settings) -> AnswersQuestions:
    from assistant import Assistant  # imported late: the assistant is heavy and optional for gaps/export

    assistant: AnswersQuestions = Assistant.load(settings)
    return assistant


def _run(argv: Sequence[str], factory: AssistantFactory | None) -> int:
    parser = argparse.ArgumentParser(
        prog="metodeguide eval", description="Kør et spørgsmålssæt mod assistenten."
    )
    parser.add_argument("set", help="sæt-fil (.yaml/.csv) eller navnet på et medfølgende sæt, fx grundsaet")
    parser.add_argument("--out", type=Path, help="mappe til run.json og rapporter")
    parser.add_argument(
        "--compare", type=Path, metavar="PREV_RUN.json", help="sammenlign med en tidligere kørsel"
    )
    parser.add_argument(
        "--fail-under",
        action="append",
        default=[],
        metavar="MÅL=VÆRDI",
        help=f"exit 1 hvis målet er under værdien; mål: {', '.join(THRESHOLD_METRICS)}",
    )
    parser.add_argument("--no-progress", action="store_true", help="ingen statuslinje")
    args = parser.parse_args(argv)
    thresholds = parse_thresholds(args.fail_under)
    eval_set = load_set(resolve_set(args.set))
    previous = load_run(args.compare) if args.compare is not None else None
    if previous is not None and previous.get("set") not in (None, eval_set.name):
        raise EvalSetError(
            f"--compare {args.compare}: kørslen er af sættet »{previous.get('set')}«, ikke »{eval_set.name}«; "
            "spørgsmålene kan ikke sammenlignes. Vælg en kørsel af samme sæt."
        )
    settings = Settings.load()
    assistant = (factory or _default_factory)(settings)
    run = run_set(eval_set, assistant, settings=settings, show_progress=not args.no_progress)
    out = args.out
    if out is None:
        out = settings.data_dir / "evals" / f"{eval_set.name}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    paths = write_run(run, out)
    s = run.summary
    print(f"{eval_set.name}: {s['passed']}/{s['n']} bestået")
    for name in (*THRESHOLD_METRICS, "latency_p50_ms", "latency_p95_ms"):
        value = s.get(name)
        print(f"  {name:<22} {'–' if value is None else f'{value:.3f}'}")
    print(f"Rapporter: {paths['report.html']} , {paths['report.md']} , {paths['run.json']}")
    if previous is not None:
        comparison = compare_runs(previous, run.to_dict())
        (out / "compare.md").write_text(format_markdown(comparison), encoding="utf-8")
        print()
        print(format_text(comparison), end="")
    missed = missed_floors(s, thresholds)
    for msg in missed:
        print(f"Tærskel ikke nået: {msg}", file=sys.stderr)
    return 1 if missed else 0


def _gaps(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="metodeguide eval gaps", description="Spørgsmål assistenten afstod fra (huller i korpus)."
    )
    parser.add_argument("--db", type=Path, help="revisionslog (standard: audit.sqlite i datamappen)")
    parser.add_argument("--json", action="store_true", help="skriv JSON")
    parser.add_argument(
        "--include-eval",
        action="store_true",
        help="tæl også spørgsmål, som evalueringskørsler har stillet (udeladt som standard)",
    )
    args = parser.parse_args(argv)
    db = args.db if args.db is not None else Settings.load().audit_db
    gaps = find_gaps(db, include_eval=args.include_eval)
    if args.json:
        print(json.dumps([g.to_dict() for g in gaps], ensure_ascii=False, indent=2))
    else:
        print(format_gaps(gaps), end="")
    return 0


def _export(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="metodeguide eval export-feedback",
        description="Tommelfinger ned-feedback som udkast til evalueringsspørgsmål.",
    )
    parser.add_argument("--db", type=Path, help="feedback-database (standard: feedback.sqlite i datamappen)")
    parser.add_argument("--out", type=Path, help="YAML-fil at skrive (standard: skriv til skærmen)")
    args = parser.parse_args(argv)
    db = args.db if args.db is not None else Settings.load().feedback_db
    text = feedback_drafts(db)
    if args.out is None:
        print(text, end="")
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"Udkast skrevet til {args.out}. Udfyld TODO-felterne før brug.")
    return 0


def main(argv: Sequence[str] | None = None, *, assistant_factory: AssistantFactory | None = None) -> int:
    """Entry point for ``metodeguide eval ...``; ``argv`` excludes the word ``eval``."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "gaps":
            return _gaps(args[1:])
        if args and args[0] == "export-feedback":
            return _export(args[1:])
        if args and args[0] == "gate":
            return gate_main(args[1:], assistant_factory or _default_factory)
        return _run(args, assistant_factory)
    except MetodeguideError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
