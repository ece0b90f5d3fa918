"""Personal-data masking: CPR numbers, Danish phone numbers and e-mail addresses.

Questions are masked before anything is logged, stored or sent to a language model.
Ordinary numbers ("§ 110", "9 måneder", "2018", "11 borgere", "13. november 2014")
are left alone.

    >>> r = mask("Borger 010190-1234, tlf. 21 45 46 23, mail ab@kommune.dk")
    >>> r.text
    'Borger [CPR], tlf. [TELEFON], mail [E-MAIL]'
    >>> r.found
    ('cpr', 'phone', 'email')

Placeholders: ``[CPR]``, ``[TELEFON]``, ``[E-MAIL]``. ``MaskResult.found`` lists the kinds
found (``"cpr"``, ``"phone"``, ``"email"``), each once, in that fixed order.

Logging: ``install_log_redaction()`` masks every record of the ``metodeguide`` logger and
its children (``metodeguide.audit`` …) before any handler sees it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

CPR_PLACEHOLDER = "[CPR]"
PHONE_PLACEHOLDER = "[TELEFON]"
EMAIL_PLACEHOLDER = "[E-MAIL]"

KINDS = ("cpr", "phone", "email")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b", re.UNICODE)
# ddmmyy-xxxx, ddmmyy xxxx, ddmmyyxxxx; day 01-31, month 01-12; not part of a longer number.
_CPR = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}(?:-| |\u00a0)?\d{4}(?![\d])")
# 8 digits starting 2-9, optional +45 / 0045, grouped 2-2-2-2, 4-4 or not at all.
_SEP = r"[ \u00a0-]?"
_PHONE = re.compile(
    r"(?<![\d+])"
    r"(?:(?:\+|00)45" + _SEP + r")?"
    r"(?P<num>[2-9]\d" + _SEP + r"\d{2}" + _SEP + r"\d{2}" + _SEP + r"\d{2}"
    r"|[2-9]\d{3}" + _SEP + r"\d{4})"
    r"(?![\d])"
)
_YEAR_PAIR = re.compile(r"^(?:19|20)\d{2}\D(?:19|20)\d{2}$")


@dataclass(frozen=True)
class MaskResult:
    """Masked text and the kinds of personal data that were found (``()`` when none)."""

    text: str
    found: tuple[str, ...]

    @property
    def masked(self) -> bool:
        return bool(self.found)


def _mask_cpr(text: str) -> tuple[str, int]:
    return _CPR.subn(CPR_PLACEHOLDER, text)


def _phone_repl(match: re.Match[str]) -> str:
    num = match.group("num")
    # "2018 2019" is two years, not a phone number.
    if match.group(0) == num and _YEAR_PAIR.match(num):
        return num
    return PHONE_PLACEHOLDER


def mask(text: str) -> MaskResult:
    """Replace CPR numbers, Danish phone numbers and e-mail addresses with placeholders.

    >>> mask("Hvad siger § 110 om 11 borgere i 2018?").text
    'Hvad siger § 110 om 11 borgere i 2018?'
    >>> mask("cpr 0101901234").text
    'cpr [CPR]'
    """
    found: list[str] = []
    out, n = _EMAIL.subn(EMAIL_PLACEHOLDER, text)
    email = n > 0
    out, n = _mask_cpr(out)
    if n:
        found.append("cpr")
    before = out
    out = _PHONE.sub(_phone_repl, out)
    if out != before:
        found.append("phone")
    if email:
        found.append("email")
    return MaskResult(text=out, found=tuple(found))


def contains_cpr(text: str) -> bool:
    """True when ``text`` contains something shaped like a valid CPR number.

    >>> contains_cpr("010190-1234"), contains_cpr("§ 110 og 2018")
    (True, False)
    """
    return _CPR.search(text) is not None


def _redact_record(record: logging.LogRecord) -> None:
    """Mask the formatted message (and exception text) of ``record`` in place."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # malformed %-args: mask the raw template instead
        message = str(record.msg)
    record.msg = mask(message).text
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask(record.exc_text).text
    if record.stack_info:
        record.stack_info = mask(record.stack_info).text


class CprRedactingFilter(logging.Filter):
    """A logging filter that masks CPR numbers (and phone numbers, e-mails) in every record.

    Attach it to a logger or a handler; it never drops a record.

        >>> log = logging.getLogger("metodeguide.example")
        >>> log.addFilter(CprRedactingFilter())
    """

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


_install_lock = threading.Lock()
_installed: set[str] = set()


def install_log_redaction(logger_name: str = "metodeguide") -> None:
    """Mask personal data in every record of ``logger_name`` and its child loggers.

    A filter on a logger only sees records logged to that exact logger, so besides adding
    ``CprRedactingFilter`` to the logger (and its handlers) this wraps the log-record factory
    so records of child loggers are masked when they are created. Idempotent.

        >>> install_log_redaction()
        >>> logging.getLogger("metodeguide.audit").name
        'metodeguide.audit'
    """
    with _install_lock:
        if logger_name in _installed:
            return
        logger = logging.getLogger(logger_name)
        filt = CprRedactingFilter()
        logger.addFilter(filt)
        for handler in logger.handlers:
            handler.addFilter(filt)
        previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
        prefix = logger_name + "."

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            if record.name == logger_name or record.name.startswith(prefix):
                _redact_record(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed.add(logger_name)
