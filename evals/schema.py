"""Question sets for trainers: the YAML/CSV format, line-precise validation, CSV round trip.

A set is a YAML list of items::

    - id: cti-varighed
      category: method_facts
      question: Hvor lang tid varer et CTI-forløb?
      expected:
        facts: [["ni måneder", "9 måneder"]]   # each fact: acceptable surface forms
        sources: [001_a87d09dcf945fd35.txt]
        quote: afgrænset til ni måneder
        verdict: null                          # or {method: ICM}, {caseload_ok: false, limit: 8}, ...
        abstain: false
      lang: da              # optional (da|en)
      history: []           # optional: earlier questions of the conversation
      notes: ...            # optional

``category`` is any non-empty text (the known ``CATEGORIES`` get Danish names in reports); an
``abstain: true`` item may list the expected refusal wording as ``facts`` and ``sources`` (kept,
not scored); ``method`` accepts the project's own spellings (``METHOD_SPELLINGS``), stored
canonically. Every error names the file and line (``grundsaet.yaml:14: spørgsmål 'q07': ...``).

    >>> from evals.schema import parse_yaml
    >>> s = parse_yaml("- id: a\\n  category: caseload\\n  question: Q?\\n  expected: {facts: [[otte]]}\\n")
    >>> s.items[0].expected.facts
    (('otte',),)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import EvalSetError

CATEGORIES: tuple[str, ...] = (
    "method_choice",
    "method_facts",
    "caseload",
    "cti_phases",
    "housing_first_principles",
    "housing_law",
    "implementation",
    "youth_model",
    "outcomes_costs",
    "strategy_history",
    "out_of_scope",
    "adversarial",
)
METHODS: tuple[str, ...] = ("CTI", "ICM", "ACT", "SAMARBEJDSMODELLEN")
# A trainer's own category is shown as written; only this draft placeholder is refused.
PLACEHOLDER_CATEGORY = "TODO"
# The project's own spellings of a verdict method (``corpus/rules.yaml``, Ungeguiden), matched
# exactly after casefolding and folding whitespace: method -> (canonical method, with
# Samarbejdsmodellen or None when the spelling says nothing about it). Anything else is refused.
METHOD_SPELLINGS: dict[str, tuple[str, bool | None]] = {
    **{m.casefold(): (m, None) for m in METHODS},
    "samarbejdsmodellen alene": ("SAMARBEJDSMODELLEN", None),
    "samarbejdsmodellen uden bostøtte": ("SAMARBEJDSMODELLEN", None),
    **{
        f"{form} {m.casefold()}": (m, True)
        for m in ("CTI", "ICM")
        for form in ("samarbejdsmodellen og", "samarbejdsmodellen med", "samarbejdsmodellen med bostøtte efter")
    },
    **{f"{m.casefold()} og samarbejdsmodellen": (m, True) for m in ("CTI", "ICM")},
}
LANGS: tuple[str, ...] = ("da", "en")
# verdict key -> value type (as in Verdict.to_dict())
VERDICT_KEYS: dict[str, type] = {
    "method": str,
    "caseload_ok": bool,
    "limit": int,
    "cti_phase": int,
    "can_start_now": bool,
    "with_samarbejdsmodellen": bool,
}
ITEM_REQUIRED: tuple[str, ...] = ("id", "category", "question", "expected")
ITEM_OPTIONAL: tuple[str, ...] = ("lang", "history", "notes")
EXPECTED_KEYS: tuple[str, ...] = ("facts", "sources", "quote", "verdict", "abstain", "clarify")
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "category",
    "question",
    "facts",
    "sources",
    "quote",
    "verdict",
    "abstain",
    "lang",
    "history",
    "notes",
)
CSV_REQUIRED: tuple[str, ...] = CSV_COLUMNS[:8]

VerdictValue = bool | int | str
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same nodes and marks
Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Expected:
    """What a correct answer contains. ``facts``: each fact is a tuple of acceptable forms."""

    facts: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    quote: str | None = None
    verdict: Mapping[str, VerdictValue] | None = None
    abstain: bool = False
    # The case lacks the deciding fact: a clarifying question is the right answer, not a verdict.
    clarify: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "facts": [list(f) for f in self.facts],
            "sources": list(self.sources),
            "quote": self.quote,
            "verdict": None if self.verdict is None else dict(self.verdict),
            "abstain": self.abstain,
        }
        if self.clarify:
            d["clarify"] = True
        return d


@dataclass(frozen=True)
class EvalItem:
    """One question of a set with its expectations. ``line`` is where it starts in its file."""

    id: str
    category: str
    question: str
    expected: Expected
    lang: str = "da"
    history: tuple[str, ...] = ()
    notes: str | None = None
    line: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "category": self.category, "question": self.question}
        d["expected"] = self.expected.to_dict()
        if self.lang != "da":
            d["lang"] = self.lang
        if self.history:
            d["history"] = list(self.history)
        if self.notes is not None:
            d["notes"] = self.notes
        return d


@dataclass(frozen=True)
class EvalSet:
    """A named, validated question set."""

    name: str
    items: tuple[EvalItem, ...]
    path: str | None = None

    def categories(self) -> list[str]:
        """The set's categories: the known ones in ``CATEGORIES`` order, then a trainer's own
        labels in order of first appearance."""
        seen = list(dict.fromkeys(i.category for i in self.items))
        return [c for c in CATEGORIES if c in seen] + [c for c in seen if c not in CATEGORIES]


# --------------------------------------------------------------------------- loading


def load_set(path: str | Path) -> EvalSet:
    """Load and validate a set from a ``.yaml``/``.yml`` or ``.csv`` file (EvalSetError if malformed)."""
    p = Path(path)
    if not p.is_file():
        raise EvalSetError(f"Spørgsmålssættet {p} findes ikke. Angiv stien til en .yaml- eller .csv-fil.")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalSetError(f"{p.name}: kan ikke læses ({exc}). Gem filen som UTF-8 og prøv igen.") from exc
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        s = parse_yaml(text, p.name)
    elif suffix == ".csv":
        s = parse_csv(text, p.name)
    else:
        raise EvalSetError(f"{p.name}: ukendt filtype {suffix!r}. Brug .yaml, .yml eller .csv.")
    return EvalSet(name=p.stem, items=s.items, path=str(p))


def parse_yaml(text: str, name: str = "<set>") -> EvalSet:
    """Parse and validate YAML text; errors carry ``name:line``."""
    raw, lines, errors = _raw_from_yaml(text, name)
    items, more = _validate(raw, lines, name)
    _raise_if(errors + more)
    return EvalSet(name=Path(name).stem, items=tuple(items))


def check_yaml(text: str, name: str = "<set>") -> list[str]:
    """All validation errors of a YAML set (empty when valid); never raises for content errors."""
    try:
        raw, lines, errors = _raw_from_yaml(text, name)
    except EvalSetError as exc:
        return [str(exc)]
    return errors + _validate(raw, lines, name)[1]


def parse_csv(text: str, name: str = "<set>") -> EvalSet:
    """Parse and validate the flattened CSV form (see ``dump_csv``); errors carry ``name:line``."""
    raw, lines, errors = _raw_from_csv(text, name)
    items, more = _validate(raw, lines, name)
    _raise_if(errors + more)
    return EvalSet(name=Path(name).stem, items=tuple(items))


def _raise_if(errors: list[str]) -> None:
    if errors:
        shown = errors[:25]
        extra = f"\n… og {len(errors) - 25} fejl mere." if len(errors) > 25 else ""
        raise EvalSetError("\n".join(shown) + extra)


# --------------------------------------------------------------------------- YAML -> raw values + lines


def _raw_from_yaml(text: str, name: str) -> tuple[Any, dict[Path_, int], list[str]]:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise EvalSetError(
            f"{name}:{line}: YAML-syntaksfejl: {exc.problem}. Ret filen og prøv igen."
        ) from exc
    except yaml.YAMLError as exc:
        raise EvalSetError(f"{name}: YAML-fejl: {exc}. Ret filen og prøv igen.") from exc
    lines: dict[Path_, int] = {(): 1}
    errors: list[str] = []
    if root is None:
        return None, lines, errors
    constructor = yaml.SafeLoader("")

    def scalar(node: yaml.Node) -> Any:
        return constructor.construct_object(node, deep=True)

    def build(node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    errors.append(f"{name}:{key_line}: feltnavne skal være tekst (fandt {key!r}).")
                    continue
                if key in out:
                    first = lines[path + (key,)]
                    errors.append(
                        f"{name}:{key_line}: feltet {key!r} står to gange (første gang i linje {first}); "
                        "slet det ene."
                    )
                    continue
                lines[path + (key,)] = key_line
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            seq: list[Any] = []
            for i, child in enumerate(node.value):
                lines[path + (i,)] = child.start_mark.line + 1
                seq.append(build(child, path + (i,)))
            return seq
        return scalar(node)

    lines[()] = root.start_mark.line + 1
    return build(root, ()), lines, errors


# --------------------------------------------------------------------------- CSV -> raw values + lines


def _split(cell: str, sep: str) -> list[str]:
    return [part.strip() for part in cell.split(sep)]


def _csv_scalar(key: str, value: str) -> Any:
    typ = VERDICT_KEYS.get(key)
    v = value.strip()
    if typ is bool and v.lower() in ("true", "false"):
        return v.lower() == "true"
    if typ is int and v.lstrip("-").isdigit():
        return int(v)
    return v


def _raw_from_csv(text: str, name: str) -> tuple[Any, dict[Path_, int], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    errors: list[str] = []
    lines: dict[Path_, int] = {(): 1}
    header = reader.fieldnames
    if header is None:
        return None, lines, errors
    cols = [h.strip() for h in header]
    missing = [c for c in CSV_REQUIRED if c not in cols]
    unknown = [c for c in cols if c not in CSV_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("mangler kolonnerne " + ", ".join(missing))
        if unknown:
            parts.append("ukendte kolonner " + ", ".join(repr(c) for c in unknown))
        raise EvalSetError(
            f"{name}:1: overskriftslinjen {'; '.join(parts)}. Brug kolonnerne {', '.join(CSV_COLUMNS)}."
        )
    raw: list[Any] = []
    prev_end = 1
    for i, row in enumerate(reader):
        lines[(i,)] = prev_end + 1
        prev_end = reader.line_num
        cells = {k.strip(): (v if v is not None else "") for k, v in row.items() if k is not None}
        if None in row:
            errors.append(f"{name}:{lines[(i,)]}: rækken har flere celler end overskriftslinjen.")
        item: dict[str, Any] = {
            "id": cells["id"].strip(),
            "category": cells["category"].strip(),
            "question": cells["question"],
        }
        exp: dict[str, Any] = {}
        facts = cells["facts"].strip()
        exp["facts"] = [_split(f, "|") for f in facts.split(";")] if facts else []
        sources = cells["sources"].strip()
        exp["sources"] = _split(sources, ";") if sources else []
        exp["quote"] = cells["quote"] if cells["quote"].strip() else None
        verdict = cells["verdict"].strip()
        if verdict:
            vd: dict[str, Any] = {}
            malformed = False
            for part in verdict.split(";"):
                key, sep, value = part.partition("=")
                if not sep:
                    errors.append(
                        f"{name}:{lines[(i,)]}: verdict-cellen {verdict!r} skal have formen "
                        "nøgle=værdi;nøgle=værdi."
                    )
                    malformed = True
                    continue
                vd[key.strip()] = _csv_scalar(key.strip(), value)
            exp["verdict"] = None if malformed else vd  # the cell error is already reported
        else:
            exp["verdict"] = None
        abstain = cells["abstain"].strip().lower()
        exp["abstain"] = {"true": True, "false": False, "": False}.get(abstain, cells["abstain"])
        item["expected"] = exp
        for opt in ("lang", "notes"):
            if cells.get(opt, "").strip():
                item[opt] = cells[opt].strip() if opt == "lang" else cells[opt]
        if cells.get("history", "").strip():
            item["history"] = _split(cells["history"], ";")
        raw.append(item)
    return raw, lines, errors


# --------------------------------------------------------------------------- validation


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _validate(raw: Any, lines: dict[Path_, int], name: str) -> tuple[list[EvalItem], list[str]]:
    errors: list[str] = []

    def line(path: Path_) -> int:
        p = path
        while p not in lines and p:
            p = p[:-1]
        return lines.get(p, 1)

    if raw is None:
        return [], [f"{name}:1: filen er tom. Skriv en liste af spørgsmål (se evals/sets/grundsaet.yaml)."]
    if not isinstance(raw, list):
        return [], [f"{name}:{line(())}: et spørgsmålssæt skal være en liste af spørgsmål (`- id: ...`)."]
    if not raw:
        return [], [f"{name}:{line(())}: sættet har ingen spørgsmål. Tilføj mindst ét."]
    items: list[EvalItem] = []
    first_line_of_id: dict[str, int] = {}
    for i, obj in enumerate(raw):
        path: Path_ = (i,)
        n_before = len(errors)
        label = f"spørgsmål nr. {i + 1}"
        if not isinstance(obj, dict):
            errors.append(
                f"{name}:{line(path)}: {label}: skal være en mapping med id, category, question, expected."
            )
            continue
        if _is_text(obj.get("id")):
            label = f"spørgsmål {obj['id']!r}"

        def err(p: Path_, msg: str, label: str = label) -> None:
            errors.append(f"{name}:{line(p)}: {label}: {msg}")

        for key in obj:
            if key not in ITEM_REQUIRED and key not in ITEM_OPTIONAL:
                allowed = ", ".join(ITEM_REQUIRED + ITEM_OPTIONAL)
                err(path + (key,), f"ukendt felt {key!r}; tilladte felter er {allowed}.")
        for key in ITEM_REQUIRED:
            if key not in obj:
                err(path, f"mangler feltet {key!r}.")
        id_ = obj.get("id")
        if "id" in obj:
            if not _is_text(id_):
                err(path + ("id",), "id skal være en ikke-tom tekst.")
            elif str(id_) in first_line_of_id:
                err(
                    path + ("id",),
                    f"id {id_!r} er brugt før (linje {first_line_of_id[str(id_)]}); giv det et nyt id.",
                )
            else:
                first_line_of_id[str(id_)] = line(path + ("id",))
        cat = obj.get("category")
        if "category" in obj:
            if not _is_text(cat):
                err(
                    path + ("category",),
                    f"category skal være en ikke-tom tekst, fx caseload eller jeres egen gruppering (fandt {cat!r}).",
                )
            elif cat.strip().upper() == PLACEHOLDER_CATEGORY:
                err(
                    path + ("category",),
                    f"category {cat!r} er en pladsholder fra udkastet; skriv en kategori, fx caseload eller "
                    "jeres egen gruppering.",
                )
        if "question" in obj and not _is_text(obj.get("question")):
            err(path + ("question",), "question skal være en ikke-tom tekst.")
        lang = obj.get("lang", "da")
        if lang not in LANGS:
            err(path + ("lang",), f"lang skal være en af {', '.join(LANGS)} (fandt {lang!r}).")
        history = obj.get("history", [])
        if not isinstance(history, list) or not all(_is_text(h) for h in history):
            err(path + ("history",), "history skal være en liste af tidligere spørgsmål (tekst).")
        notes = obj.get("notes")
        if "notes" in obj and not _is_text(notes):
            err(path + ("notes",), "notes skal være en ikke-tom tekst (eller udelades).")
        expected = (
            _validate_expected(obj.get("expected"), path + ("expected",), err) if "expected" in obj else None
        )
        if len(errors) == n_before and expected is not None:
            items.append(
                EvalItem(
                    id=str(id_),
                    category=str(cat).strip(),
                    question=str(obj["question"]),
                    expected=expected,
                    lang=str(lang),
                    history=tuple(history),
                    notes=notes,
                    line=line(path),
                )
            )
    return items, errors


def _validate_expected(exp: Any, path: Path_, err: Any) -> Expected | None:
    if not isinstance(exp, dict):
        err(path, "expected skal være en mapping med facts, sources, quote, verdict, abstain.")
        return None
    ok = True
    for key in exp:
        if key not in EXPECTED_KEYS:
            err(path + (key,), f"ukendt felt expected.{key}; tilladte felter er {', '.join(EXPECTED_KEYS)}.")
            ok = False
    facts = exp.get("facts", [])
    if not isinstance(facts, list) or not all(
        isinstance(f, list) and f and all(_is_text(a) for a in f) for f in facts
    ):
        err(
            path + ("facts",),
            'expected.facts skal være en liste af lister med tekst, fx [["ni måneder", "9 måneder"]].',
        )
        ok = False
    sources = exp.get("sources", [])
    if not isinstance(sources, list) or not all(_is_text(s) for s in sources):
        err(
            path + ("sources",),
            "expected.sources skal være en liste af filnavne, fx [001_a87d09dcf945fd35.txt].",
        )
        ok = False
    quote = exp.get("quote")
    if quote is not None and not _is_text(quote):
        err(path + ("quote",), "expected.quote skal være en ikke-tom tekst eller null.")
        ok = False
    verdict = exp.get("verdict")
    if verdict is not None:
        verdict = _verdict(verdict, path + ("verdict",), err)
        ok = ok and verdict is not None
    abstain = exp.get("abstain", False)
    if not isinstance(abstain, bool):
        err(path + ("abstain",), f"expected.abstain skal være true eller false (fandt {abstain!r}).")
        ok = False
    clarify = exp.get("clarify", False)
    if not isinstance(clarify, bool):
        err(path + ("clarify",), f"expected.clarify skal være true eller false (fandt {clarify!r}).")
        ok = False
    if not ok:
        return None
    if clarify and (abstain or verdict is not None):
        err(path + ("clarify",), "clarify: true kan ikke kombineres med abstain: true eller en verdict.")
        return None
    if abstain and (quote is not None or verdict is not None):
        err(
            path + ("abstain",),
            "abstain: true kan ikke kombineres med quote eller verdict; facts (den forventede afvisning) "
            "og sources må gerne stå.",
        )
        return None
    if not abstain and not (facts or sources or quote is not None or verdict is not None or clarify):
        err(path, "expected måler ingenting; angiv facts, sources, quote, verdict eller abstain: true.")
        return None
    return Expected(
        facts=tuple(tuple(a.strip() for a in f) for f in facts),
        sources=tuple(s.strip() for s in sources),
        quote=quote,
        verdict=None if verdict is None else dict(verdict),
        abstain=abstain,
        clarify=clarify,
    )


def method_spelling(value: str) -> tuple[str, bool | None] | None:
    """The canonical method (and Samarbejdsmodellen membership, if the spelling says it) of a
    trainer's spelling; None when it is not one of ``METHOD_SPELLINGS``.

    >>> method_spelling("Samarbejdsmodellen uden bostøtte")
    ('SAMARBEJDSMODELLEN', None)
    >>> method_spelling("samarbejdsmodellen og  CTI")
    ('CTI', True)
    >>> method_spelling("CTI eller ICM") is None
    True
    """
    return METHOD_SPELLINGS.get(" ".join(value.casefold().split()))


_METHOD_HINT = (
    " | ".join(METHODS)
    + " (store og små bogstaver er ligegyldige; også 'Samarbejdsmodellen uden bostøtte', "
    "'Samarbejdsmodellen og CTI', 'Samarbejdsmodellen og ICM')"
)


def _verdict(verdict: Any, path: Path_, err: Any) -> dict[str, VerdictValue] | None:
    """The verdict with canonical values, or None after reporting every error."""
    if not isinstance(verdict, dict) or not verdict:
        err(
            path,
            "expected.verdict skal være null eller en mapping, "
            "fx {method: ICM} eller {caseload_ok: false, limit: 8}.",
        )
        return None
    ok = True
    out: dict[str, VerdictValue] = {}
    for key, value in verdict.items():
        typ = VERDICT_KEYS.get(key)
        if typ is None:
            err(path + (key,), f"ukendt verdict-nøgle {key!r}; tilladte nøgler er {', '.join(VERDICT_KEYS)}.")
            ok = False
            continue
        good = isinstance(value, typ) and (typ is bool or not isinstance(value, bool))
        if good and key == "method":
            spelled = method_spelling(value)
            good = spelled is not None
            if spelled is not None:
                value, implied = spelled
                given = verdict.get("with_samarbejdsmodellen")
                if implied is not None and isinstance(given, bool) and given is not implied:
                    err(
                        path + (key,),
                        f"expected.verdict.method {verdict[key]!r} betyder with_samarbejdsmodellen: "
                        f"{_bool_text(implied)}, men with_samarbejdsmodellen er {_bool_text(given)}; "
                        "ret det ene.",
                    )
                    ok = False
                    continue
        if good and key == "cti_phase":
            good = value in (1, 2, 3)
        if good and key == "limit":
            good = value > 0
        if not good:
            want = {
                "method": _METHOD_HINT,
                "cti_phase": "1, 2 eller 3",
                "limit": "et positivt heltal",
            }.get(key, "true eller false")
            err(path + (key,), f"expected.verdict.{key} skal være {want} (fandt {value!r}).")
            ok = False
            continue
        out[key] = value
    if not ok:
        return None
    spelled_method = method_spelling(verdict["method"]) if isinstance(verdict.get("method"), str) else None
    if spelled_method is not None and spelled_method[1] is not None:
        out.setdefault("with_samarbejdsmodellen", spelled_method[1])
    return out


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


# --------------------------------------------------------------------------- writing


def dump_yaml(items: Sequence[EvalItem]) -> str:
    """The YAML text of ``items`` (parses back to equal items)."""
    return yaml.safe_dump([i.to_dict() for i in items], allow_unicode=True, sort_keys=False, width=1000)


def _atom(item: EvalItem, what: str, value: str, seps: str) -> str:
    bad = [s for s in seps if s in value]
    if bad:
        raise EvalSetError(
            f"spørgsmål {item.id!r}: {what} {value!r} indeholder {bad[0]!r}, som CSV-formatet bruger som "
            "skilletegn; omformuler eller brug YAML."
        )
    return value


def _csv_value(v: VerdictValue) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def dump_csv(items: Sequence[EvalItem]) -> str:
    """The flattened CSV form: facts ``a|b;c``, sources/history ``;``-separated, verdict ``key=value;…``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for it in items:
        e = it.expected
        facts = ";".join("|".join(_atom(it, "facts-alternativet", a, "|;") for a in f) for f in e.facts)
        sources = ";".join(_atom(it, "kilden", s, ";") for s in e.sources)
        verdict = ""
        if e.verdict is not None:
            verdict = ";".join(
                f"{k}={_atom(it, 'verdict-værdien', _csv_value(v), ';=')}" for k, v in e.verdict.items()
            )
        history = ";".join(_atom(it, "history-spørgsmålet", h, ";") for h in it.history)
        w.writerow(
            [
                it.id,
                it.category,
                it.question,
                facts,
                sources,
                e.quote or "",
                verdict,
                "true" if e.abstain else "false",
                it.lang,
                history,
                it.notes or "",
            ]
        )
    return out.getvalue()
