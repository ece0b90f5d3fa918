"""The ``metodeguide`` command line. Domain errors become CLI errors here, and only here.

    metodeguide ingest [PATH ...] [--rebuild] [--if-needed]
    metodeguide search "spørgsmål" [--k 5] [--json] [--source FILE] [--kind KIND] [--year YEAR]
    metodeguide ask "spørgsmål" [--json]
    metodeguide chat
    metodeguide check "sagsbeskrivelse" [--json]
    metodeguide eval SET [--out DIR] [--compare RUN.json] [--fail-under metric=value ...]
    metodeguide eval gaps | eval export-feedback
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.errors import MetodeguideError  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def _fail(err: Exception) -> int:
    print(f"Fejl: {err}", file=sys.stderr)
    return 2


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _where(args: argparse.Namespace) -> dict[str, Any] | None:
    where: dict[str, Any] = {}
    if getattr(args, "source", None):
        where["source"] = unicodedata.normalize("NFC", args.source)  # index names are NFC (ingest.loaders.source_name)
    if getattr(args, "kind", None):
        where["kind"] = args.kind
    if getattr(args, "year", None) is not None:
        where["year"] = args.year
    return where or None


def _format_answer(ans: Any) -> str:
    lines = [ans.answer, ""]
    for c in ans.citations:
        where = [str(v) for v in (c.publisher, c.year) if v is not None] + ([f"s. {c.page}"] if c.page is not None else [])
        lines.append(f"[{c.n}] {c.title} ({', '.join([c.source, *where])}): «{c.quote}»")
    lines.append(f"(korpusversion {ans.corpus_version}, {ans.mode}, {ans.timings_ms['total']:.0f} ms)")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import Assistant

    hits = Assistant.load(settings).search(args.query, k=args.k, where=_where(args))
    if args.json:
        _print_json([h.to_dict() for h in hits])
        return 0
    for h in hits:
        c = h.chunk
        print(f"{h.rank}. {h.score:.4f}  {c.source}  s. {c.page if c.page is not None else '–'}  § {c.section or '–'}")
        print(f"   {c.text[:400]}{'…' if len(c.text) > 400 else ''}\n")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import Assistant

    ans = Assistant.load(settings).answer(args.question)
    if args.json:
        _print_json(ans.to_dict())
    else:
        print(_format_answer(ans))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.live import LiveAssistant

    # A long session: an ingest in another process switches it to the new generation between two
    # questions (the conversation so far stays).
    live = LiveAssistant(settings, background=False)
    live.get()
    history: list[Any] = []
    print("Metodeguiden – skriv et spørgsmål (tom linje eller Ctrl-D afslutter). Skriv ikke personoplysninger.")
    while True:
        try:
            q = input("> ").strip()
        except EOFError:
            print()
            return 0
        if not q:
            return 0
        ans = live.get().answer(q, history=history)
        history.append(ans)
        print(_format_answer(ans))
        for v in ans.verdicts:
            if v.options:
                print("   Svarmuligheder: " + " / ".join(v.options))
        print()


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from assistant import privacy
    from assistant.rules import evaluate, headline, load_rules

    verdicts = evaluate(privacy.mask(args.text).text, load_rules(settings.rules_path))
    if args.json:
        _print_json([v.to_dict() for v in verdicts])
        return 0
    if not verdicts:
        print("Ingen regel passer på teksten. Beskriv sagen (fx boligsituation, støttebehov, caseload).")
    for v in verdicts:
        print(headline(v, lang="da"))
        print(f"  {v.explanation}")
        for c in v.citations:
            print(f"  – {c.source}, s. {c.page}: «{c.quote}»")
        print()
    return 0


def _ingest(argv: list[str], settings: Settings) -> int:
    if "--if-needed" in argv:
        from ingest.pipeline import index_status

        argv = [a for a in argv if a != "--if-needed"]
        status = index_status(settings)
        if status == "fresh":
            print("Indekset er opdateret; ingen indlæsning nødvendig.")
            return 0
        print(f"Indekset er {'ikke bygget' if status == 'missing' else 'forældet'}; indlæser korpus …")
    from ingest.cli import main as ingest_main

    return int(ingest_main(argv))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="metodeguide", description="Metodeguiden: kildebaserede svar fra metodemanualerne.")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("ingest", help="indlæs dokumenter i indekset", add_help=False)
    sub.add_parser("eval", help="kør et spørgesæt og skriv en rapport", add_help=False)
    s = sub.add_parser("search", help="søg i korpus")
    s.add_argument("query")
    s.add_argument("--k", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.add_argument("--source")
    s.add_argument("--kind")
    s.add_argument("--year", type=int)
    a = sub.add_parser("ask", help="stil et spørgsmål")
    a.add_argument("question")
    a.add_argument("--json", action="store_true")
    sub.add_parser("chat", help="interaktiv samtale")
    c = sub.add_parser("check", help="regeltjek af en sagsbeskrivelse")
    c.add_argument("text")
    c.add_argument("--json", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        settings = Settings.load()
        if argv and argv[0] == "ingest":
            return _ingest(argv[1:], settings)
        if argv and argv[0] == "eval":
            from evals.cli import main as eval_main

            return int(eval_main(argv[1:]))
        args = build_parser().parse_args(argv)
        handler = {"search": cmd_search, "ask": cmd_ask, "chat": cmd_chat, "check": cmd_check}[args.cmd]
        return handler(args, settings)
    except MetodeguideError as err:
        return _fail(err)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
