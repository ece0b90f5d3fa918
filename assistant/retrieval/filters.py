"""The flat metadata filter language shared by every retriever.

A filter (``where``) is a flat dict; several keys mean AND:

    {"source": "001_a87d09dcf945fd35.txt"}
    {"kind": "guide", "year": 2018}
    {"kind": {"$in": ["guide", "brochure"]}}

``matches`` applies a filter to a ``Chunk`` in Python (lexical retriever, safety net for all
retrievers); ``to_chroma_where`` translates the same filter for Chroma, so both sides agree.

    >>> from assistant.retrieval.filters import to_chroma_where
    >>> to_chroma_where({"kind": "guide", "year": 2018})
    {'$and': [{'kind': {'$eq': 'guide'}}, {'year': {'$eq': 2018}}]}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assistant.errors import RetrievalError
from assistant.types import Chunk

# Fields a filter may name: the chunk metadata that is stored in Chroma as well.
FILTER_FIELDS: tuple[str, ...] = ("source", "title", "kind", "year", "page", "section", "low_value")
OPERATORS: tuple[str, ...] = ("$eq", "$in")

Scalar = str | int | float | bool


def _check_scalar(field: str, value: Any) -> None:
    if not isinstance(value, str | int | float | bool):
        raise RetrievalError(
            f"Filterværdien for {field!r} skal være tekst, tal eller sand/falsk (fik {value!r})."
        )


def normalize_where(where: Mapping[str, Any] | None) -> dict[str, tuple[str, tuple[Scalar, ...]]]:
    """Validate ``where`` and return ``{field: (operator, values)}`` sorted by field name.

    Raises ``RetrievalError`` naming the bad field, operator or value.
    """
    if where is None:
        return {}
    if not isinstance(where, Mapping):
        raise RetrievalError(f"Et filter skal være en ordbog som {{'kind': 'guide'}} (fik {where!r}).")
    out: dict[str, tuple[str, tuple[Scalar, ...]]] = {}
    for field in sorted(where):
        value = where[field]
        if field not in FILTER_FIELDS:
            raise RetrievalError(f"Ukendt filterfelt {field!r}; brug et af: {', '.join(FILTER_FIELDS)}.")
        if isinstance(value, Mapping):
            if len(value) != 1:
                raise RetrievalError(
                    f"Filteret for {field!r} skal have præcis én operator ({', '.join(OPERATORS)})."
                )
            ((op, arg),) = value.items()
            if op not in OPERATORS:
                raise RetrievalError(
                    f"Ukendt filteroperator {op!r} for {field!r}; brug en af: {', '.join(OPERATORS)}."
                )
            if op == "$in":
                if not isinstance(arg, list | tuple) or not arg:
                    raise RetrievalError(
                        f"$in for {field!r} skal være en ikke-tom liste af værdier (fik {arg!r})."
                    )
                for v in arg:
                    _check_scalar(field, v)
                out[field] = ("$in", tuple(arg))
            else:
                _check_scalar(field, arg)
                out[field] = ("$eq", (arg,))
        else:
            _check_scalar(field, value)
            out[field] = ("$eq", (value,))
    return out


def _chunk_value(chunk: Chunk, field: str) -> Any:
    value = getattr(chunk, field)
    # Chroma stores None as -1 (page, year) or "" (section); compare on the same footing.
    if value is None:
        return -1 if field in ("page", "year") else ""
    return value


def _equal(a: Any, b: Any) -> bool:
    # bool is an int in Python; keep True distinct from 1 as Chroma does.
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def matches(where: Mapping[str, Any] | None, chunk: Chunk) -> bool:
    """True when ``chunk`` satisfies every condition of ``where`` (None or {} match all).

    >>> from assistant.types import Chunk
    >>> c = Chunk(id="x", source="a.txt", title="A", page=1, section=None, start=0, end=1,
    ...           text="t", kind="guide", year=2018)
    >>> matches({"kind": {"$in": ["guide", "slides"]}, "year": 2018}, c)
    True
    """
    for field, (_op, values) in normalize_where(where).items():
        actual = _chunk_value(chunk, field)
        if not any(_equal(actual, v) for v in values):
            return False
    return True


def compile_where(where: Mapping[str, Any] | None) -> Callable[[Chunk], bool]:
    """Validate once and return a fast predicate ``Chunk -> bool`` (for scanning many chunks)."""
    conditions = list(normalize_where(where).items())

    def predicate(chunk: Chunk) -> bool:
        for field, (_op, values) in conditions:
            actual = _chunk_value(chunk, field)
            if not any(_equal(actual, v) for v in values):
                return False
        return True

    return predicate


def to_chroma_where(where: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Translate a flat filter into Chroma's ``where`` syntax (``$and`` when several keys).

    >>> to_chroma_where({"source": {"$in": ["a.txt", "b.txt"]}})
    {'source': {'$in': ['a.txt', 'b.txt']}}
    >>> to_chroma_where({}) is None
    True
    """
    clauses = [
        {field: {op: list(values) if op == "$in" else values[0]}}
        for field, (op, values) in normalize_where(where).items()
    ]
    if not clauses:
        return None
    if len(clauses) == 1:
        return clauses[0]
    return {"$and": clauses}
