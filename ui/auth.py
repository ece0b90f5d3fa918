"""Admin password hashing: ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``.

The app stores only the hash (``METODEGUIDE_ADMIN_PASSWORD_HASH`` or ``admin_password_hash``
in ``metodeguide.toml``). Generate one with::

    python -m ui.auth hash            # asks twice, prints the line to put in the settings
    printf '%s' "$PW" | python -m ui.auth hash --stdin

    >>> h = hash_password("hemmelig", iterations=1000, salt=bytes(16))
    >>> h.split("$")[:3]
    ['pbkdf2_sha256', '1000', '00000000000000000000000000000000']
    >>> verify_password("hemmelig", h), verify_password("forkert", h)
    (True, False)
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import os
import sys

from assistant.errors import ConfigError

ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 600_000
_MIN_ITERATIONS = 1_000


def hash_password(password: str, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    """Hash ``password`` with PBKDF2-HMAC-SHA256 and a random 16-byte salt."""
    if not password:
        raise ValueError("Adgangskoden må ikke være tom.")
    if iterations < _MIN_ITERATIONS:
        raise ValueError(f"iterations skal være mindst {_MIN_ITERATIONS} (er {iterations}).")
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def parse_hash(encoded: str) -> tuple[int, bytes, bytes]:
    """Split a stored hash into (iterations, salt, digest); ``ConfigError`` when malformed."""
    parts = encoded.strip().split("$")
    problem = (
        "den skal have formen pbkdf2_sha256$iterationer$salt$hash (lav den med `python -m ui.auth hash`)"
    )
    if len(parts) != 4 or parts[0] != ALGORITHM:
        raise ConfigError(f"Administratoradgangskodens hash er ugyldig: {problem}.")
    try:
        iterations = int(parts[1])
        salt = bytes.fromhex(parts[2])
        digest = bytes.fromhex(parts[3])
    except ValueError as exc:
        raise ConfigError(f"Administratoradgangskodens hash er ugyldig: {problem}.") from exc
    if iterations < _MIN_ITERATIONS or not salt or len(digest) != 32:
        raise ConfigError(f"Administratoradgangskodens hash er ugyldig: {problem}.")
    return iterations, salt, digest


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; constant-time compare. Raises ``ConfigError``
    when ``encoded`` itself is malformed (a configuration mistake, not a wrong password)."""
    iterations, salt, digest = parse_hash(encoded)
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ui.auth", description="Lav en hash af administratoradgangskoden."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("hash", help="skriv en hash til METODEGUIDE_ADMIN_PASSWORD_HASH")
    p.add_argument("--stdin", action="store_true", help="læs adgangskoden fra standard input")
    p.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    args = parser.parse_args(argv)
    if args.stdin:
        password = sys.stdin.read().rstrip("\r\n")
    else:
        password = getpass.getpass("Ny administratoradgangskode: ")
        if getpass.getpass("Gentag: ") != password:
            print("Adgangskoderne er ikke ens. Prøv igen.", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("Adgangskoden skal være mindst 8 tegn.", file=sys.stderr)
        return 1
    encoded = hash_password(password, iterations=args.iterations)
    print(encoded)
    print(
        "Sæt den som METODEGUIDE_ADMIN_PASSWORD_HASH eller admin_password_hash i metodeguide.toml "
        "(brug enkelte anførselstegn i en shell: $ er et specialtegn).",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
