"""Metodeguiden's assistant: retrieval, rules and cited answers over the method manuals.

    >>> from assistant import Assistant
    >>> a = Assistant.load()                      # doctest: +SKIP
    >>> a.answer("Hvor lang tid varer et CTI-forløb?").to_dict()["citations"][0]["source"]  # doctest: +SKIP
    '001_a87d09dcf945fd35.txt'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.assistant import Assistant

__all__ = ["Assistant"]


def __getattr__(name: str) -> Any:
    # Lazy: importing `assistant.types` or `assistant.text` must stay cheap (no chromadb import).
    if name == "Assistant":
        from assistant.assistant import Assistant

        return Assistant
    raise AttributeError(name)
