"""Small helpers for Streamlit AppTest runs (shared by the chat and admin page tests)."""

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


ADMIN_PASSWORD = "rigtig-hest-batteri"  # the password behind conftest.ADMIN_HASH


def button(at: Any, label: str, index: int = 0) -> Any:
    """The ``index``-th button (form submit buttons too) with this label."""
    return [b for b in at.button if b.label == label][index]


def login(at: Any, password: str = ADMIN_PASSWORD) -> Any:
    """Log in as administrator on an admin page."""
    at.text_input(key="mg_admin_form_pw").input(password)
    return button(at, "Log ind som administrator").click().run()
