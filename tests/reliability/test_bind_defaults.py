"""The app and every server we start bind to 127.0.0.1 by default; wider binding is explicit."""

from __future__ import annotations

import re
import tomllib

import pytest

from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.unit


def test_settings_default_bind_is_loopback() -> None:
    assert Settings().bind_address == "127.0.0.1"
    assert Settings.load(env={}).bind_address == "127.0.0.1"
    assert Settings.load(env={"METODEGUIDE_BIND_ADDRESS": "0.0.0.0"}).bind_address == "0.0.0.0"


def test_streamlit_config_binds_loopback() -> None:
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_make_run_binds_loopback() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    run = re.search(r"^run:.*?(?=^\S)", makefile, re.S | re.M)
    assert run is not None
    assert "--server.address 127.0.0.1" in run.group(0)


def test_benchmark_servers_bind_loopback() -> None:
    import inspect

    from bench import _common

    source = inspect.getsource(_common.chroma_server)
    assert '"--host", "127.0.0.1"' in source
    assert "0.0.0.0" not in inspect.getsource(_common)
