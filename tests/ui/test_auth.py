"""ui.auth: PBKDF2 admin password hashes and the `python -m ui.auth hash` helper."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.errors import ConfigError
from ui.auth import hash_password, main, parse_hash, verify_password

pytestmark = pytest.mark.unit


def test_hash_format_and_verify() -> None:
    h = hash_password("korrekt hest batteri", iterations=1000, salt=bytes.fromhex("00" * 16))
    algo, iterations, salt, digest = h.split("$")
    assert (algo, iterations, salt) == ("pbkdf2_sha256", "1000", "00" * 16)
    assert len(digest) == 64
    assert verify_password("korrekt hest batteri", h) is True
    assert verify_password("korrekt hest batteri ", h) is False
    assert verify_password("", h) is False


def test_random_salt_differs() -> None:
    assert hash_password("abcdefgh", iterations=1000) != hash_password("abcdefgh", iterations=1000)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "plaintext",
        "md5$1000$00$00",
        "pbkdf2_sha256$x$00$" + "00" * 32,
        "pbkdf2_sha256$1000$zz$" + "00" * 32,
        "pbkdf2_sha256$10$00$" + "00" * 32,
        "pbkdf2_sha256$1000$00$0011",
    ],
)
def test_malformed_hash_is_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match=r"python -m ui\.auth hash"):
        parse_hash(bad)


def test_empty_password_and_low_iterations_refused() -> None:
    with pytest.raises(ValueError, match="tom"):
        hash_password("")
    with pytest.raises(ValueError, match="mindst 1000"):
        hash_password("abcdefgh", iterations=10)


def test_cli_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("hemmeligt-ord\n"))
    assert main(["hash", "--stdin", "--iterations", "1000"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("pbkdf2_sha256$1000$")
    assert verify_password("hemmeligt-ord", out)


def test_cli_refuses_short_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("kort\n"))
    assert main(["hash", "--stdin"]) == 1
    assert "mindst 8 tegn" in capsys.readouterr().err


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ui.auth", "hash", "--stdin", "--iterations", "1000"],
        input="langt-nok-ord",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert verify_password("langt-nok-ord", proc.stdout.strip())
