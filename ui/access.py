"""Who may see what. Admin pages (Korpus, Evaluering, feedback, audit log) are closed unless

- the session entered the admin password (``settings.admin_password_hash``, see ``ui.auth``), or
- an identity provider is configured (``[auth]`` in ``.streamlit/secrets.toml``), the user is
  logged in with ``st.login`` and their e-mail is listed in ``[metodeguide] admin_emails``.

No password and no provider → admin pages only explain how to configure one. With
``require_login`` the work pages (Chat, Sagstjek, Kilder) need a login too: ``st.login`` when a
provider is configured, else the admin password.

    >>> # in a page script
    >>> if not require_admin(settings, lang):                  # doctest: +SKIP
    ...     st.stop()
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from assistant.errors import ConfigError
from assistant.settings import Settings
from ui.auth import verify_password
from ui.i18n import t

log = logging.getLogger("metodeguide.ui")

ADMIN_KEY = "mg_admin_hash"
_FAILS_KEY = "mg_admin_fails"
_LOCK_KEY = "mg_admin_locked_until"
MAX_FAILS = 5
LOCK_SECONDS = 30


def _secrets_section(name: str) -> Mapping[str, Any] | None:
    try:
        if name in st.secrets:
            section = st.secrets[name]
            return section if isinstance(section, Mapping) else None
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return None
    return None


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit OIDC login)."""
    return _secrets_section("auth") is not None


def oidc_logged_in() -> bool:
    return bool(st.user.get("is_logged_in", False))


def _admin_emails() -> set[str]:
    section = _secrets_section("metodeguide") or {}
    emails = section.get("admin_emails", [])
    return {str(e).strip().lower() for e in emails} if isinstance(emails, list | tuple) else set()


def is_admin(settings: Settings) -> bool:
    """True when this session has proven admin rights under the current configuration."""
    granted = st.session_state.get(ADMIN_KEY)
    if granted is not None and granted == settings.admin_password_hash:
        return True
    if oidc_configured() and oidc_logged_in():
        email = str(st.user.get("email", "")).strip().lower()
        return bool(email) and email in _admin_emails()
    return False


def _password_form(settings: Settings, lang: str, key: str) -> None:
    locked_until = float(st.session_state.get(_LOCK_KEY, 0.0))
    if time.monotonic() < locked_until:
        st.error(t("admin_locked", lang, s=int(locked_until - time.monotonic()) + 1))
        return
    with st.form(key, clear_on_submit=True):
        pw = st.text_input(t("admin_password", lang), type="password", key=f"{key}_pw")
        submitted = st.form_submit_button(t("admin_login", lang), type="primary")
    if not submitted:
        return
    assert settings.admin_password_hash is not None
    if pw and verify_password(pw, settings.admin_password_hash):
        st.session_state[ADMIN_KEY] = settings.admin_password_hash
        st.session_state[_FAILS_KEY] = 0
        st.rerun()
    fails = int(st.session_state.get(_FAILS_KEY, 0)) + 1
    st.session_state[_FAILS_KEY] = fails
    log.warning("Forkert administratoradgangskode (%d. forsøg i denne session)", fails)
    if fails >= MAX_FAILS:
        st.session_state[_LOCK_KEY] = time.monotonic() + LOCK_SECONDS
        st.session_state[_FAILS_KEY] = 0
        st.error(t("admin_locked", lang, s=LOCK_SECONDS))
    else:
        st.error(t("admin_wrong", lang))


def _password_usable(settings: Settings, lang: str) -> bool:
    """Show why the password login is unavailable; True when it can be used."""
    if not settings.admin_password_hash:
        return False
    try:
        from ui.auth import parse_hash

        parse_hash(settings.admin_password_hash)
    except ConfigError as exc:
        st.error(t("admin_bad_config", lang, msg=str(exc)))
        return False
    return True


def require_admin(settings: Settings, lang: str) -> bool:
    """Render the admin login when needed; True when the page may render its content."""
    if is_admin(settings):
        return True
    st.info(t("admin_only", lang))
    if oidc_configured():
        if not oidc_logged_in():
            if st.button(t("oidc_login", lang), type="primary", key="mg_oidc_admin"):
                st.login()
        else:
            st.warning(t("oidc_admin_denied", lang, email=str(st.user.get("email", "?"))))
    if _password_usable(settings, lang):
        _password_form(settings, lang, "mg_admin_form")
    elif not settings.admin_password_hash and not oidc_configured():
        st.warning(t("admin_not_configured", lang))
    return False


def require_user(settings: Settings, lang: str) -> bool:
    """For the work pages: True unless ``require_login`` is set and nobody is logged in."""
    if not settings.require_login or is_admin(settings):
        return True
    if oidc_configured():
        if oidc_logged_in():
            return True
        st.info(t("oidc_login_needed", lang))
        if st.button(t("oidc_login", lang), type="primary", key="mg_oidc_user"):
            st.login()
        return False
    st.info(t("login_needed_password", lang))
    if _password_usable(settings, lang):
        _password_form(settings, lang, "mg_user_form")
    else:
        st.warning(t("admin_not_configured", lang))
    return False


def sidebar_status(settings: Settings, lang: str) -> None:
    """Show who is logged in, with a log-out button."""
    if (
        st.session_state.get(ADMIN_KEY) is not None
        and st.session_state.get(ADMIN_KEY) == settings.admin_password_hash
    ):
        st.caption(t("admin_logged_in", lang))
        if st.button(t("admin_logout", lang), key="mg_admin_logout"):
            st.session_state.pop(ADMIN_KEY, None)
            st.rerun()
    elif oidc_configured() and oidc_logged_in():
        st.caption(str(st.user.get("email", "")))
        if st.button(t("admin_logout", lang), key="mg_oidc_logout"):
            st.logout()
