"""``metodeguide ingest [PATH ...] [--rebuild] [--json]``.

Exit status: 0 when every file was ingested, 1 when a file was skipped (the rest is indexed),
2 on a fatal error (a one-line Danish message, no traceback; the previous index is untouched).

    >>> main(["--json"])            # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import MetodeguideError


def build_parser(prog: str = "metodeguide ingest") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Indlæs dokumenter i Metodeguidens indeks. Uden PATH indlæses korpusmappen "
            "(METODEGUIDE_CORPUS_DIR); med PATH indlæses præcis de filer og mapper, der nævnes."
        ),
    )
    p.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="filer eller mapper (.pdf, .docx, .odt, .txt, .md, .html)"
    )
    p.add_argument("--rebuild", action="store_true", help="byg et nyt indeks, også hvis intet er ændret")
    p.add_argument("--json", action="store_true", help="skriv rapporten som JSON på stdout")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from assistant.settings import Settings
    from ingest.pipeline import ingest

    def log(line: str) -> None:
        print(line, file=sys.stderr if args.json else sys.stdout, flush=True)

    try:
        settings = Settings.load()
        report = ingest(
            settings,
            paths=args.paths or None,
            rebuild=args.rebuild,
            progress=sys.stderr.isatty(),
            log=log,
        )
    except MetodeguideError as exc:
        print(f"Fejl: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afbrudt. Det forrige indeks er uændret.", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.summary())
    return 1 if report.skipped else 0


if __name__ == "__main__":
    raise SystemExit(main())
