"""Metodeguiden's own exception types. Every message says what to do next."""

from __future__ import annotations


class MetodeguideError(Exception):
    """Base class; ``str(err)`` is a user-facing, actionable message."""


class ConfigError(MetodeguideError):
    """A setting is missing or invalid. The message names the setting."""


class IndexMissingError(MetodeguideError):
    """No index has been built yet."""

    def __init__(self, data_dir: str) -> None:
        super().__init__(
            f"Der er intet indeks i {data_dir}. Kør indlæsning på siden Korpus eller `metodeguide ingest`."
        )


class IndexCorruptError(MetodeguideError):
    """The index exists but cannot be read."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"Indekset kan ikke læses ({detail}). Genopbyg det med `metodeguide ingest --rebuild`."
        )


class StoreUnavailableError(MetodeguideError):
    """The configured Chroma server cannot be reached."""

    def __init__(self, host: str, port: int, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Chroma-serveren på {host}:{port} svarer ikke{extra}. Start serveren, eller fjern "
            "CHROMA_HOST for at bruge det lokale indeks."
        )


class EmbedderError(MetodeguideError):
    """The embedding model could not be loaded."""


class LoaderError(MetodeguideError):
    """A document could not be loaded; the message names the reason (file is skipped)."""


class RuleDataError(MetodeguideError):
    """The rules file is malformed; the message names the rule and field."""


class EvalSetError(MetodeguideError):
    """A question set is malformed; the message names the line."""


class RetrievalError(MetodeguideError):
    """A search request is invalid (k, filter); the message names the bad value."""


class IngestError(MetodeguideError):
    """Ingestion could not finish (disk full, store error, another run holds the lock).

    The previous index is untouched; the message says what to do."""


class MetadataError(MetodeguideError):
    """Document metadata typed by an administrator is invalid; the message names the field."""
