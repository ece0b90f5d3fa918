"""Ingestion: load documents, clean them, find pages and sections, chunk, embed, and build the index.

>>> from assistant.settings import Settings
>>> from ingest import ingest
>>> report = ingest(Settings.load())          # doctest: +SKIP
>>> print(report.summary())                   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport, index_status, ingest

__all__ = ["IngestReport", "index_status", "ingest"]


def __getattr__(name: str) -> Any:  # lazy: importing ingest.loaders must not pull in chromadb
    if name in __all__:
        from ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
