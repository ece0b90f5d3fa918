"""Small helpers for Streamlit AppTest runs of the chat (shared by the chat tests)."""

from __future__ import annotations

from typing import Any


def texts(block: Any) -> list[str]:
    """The Markdown texts of one rendered block (a chat message, the sidebar), in order."""
    return [m.value for m in block.markdown]


def ask(at: Any, question: str) -> Any:
    """Type ``question`` into the chat box, run the app, and fail on any exception it raised."""
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at
