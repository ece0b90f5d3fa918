"""Personal-data masking: exact outputs, ordinary numbers left alone, log redaction."""

from __future__ import annotations

import logging

import pytest

from assistant.privacy import CprRedactingFilter, contains_cpr, install_log_redaction, mask

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "masked", "found"),
    [
        ("Borgerens CPR er 010190-1234.", "Borgerens CPR er [CPR].", ("cpr",)),
        ("cpr 0101901234 i sagen", "cpr [CPR] i sagen", ("cpr",)),
        ("CPR: 311299 4321", "CPR: [CPR]", ("cpr",)),
        ("CPR-nr. 150875-0001, bor alene", "CPR-nr. [CPR], bor alene", ("cpr",)),
        ("Ring på 21 45 46 23 i morgen", "Ring på [TELEFON] i morgen", ("phone",)),
        ("tlf. 21454623", "tlf. [TELEFON]", ("phone",)),
        ("tlf. +45 21454623", "tlf. [TELEFON]", ("phone",)),
        ("tlf. 0045 21 45 46 23", "tlf. [TELEFON]", ("phone",)),
        ("tlf. +4521454623.", "tlf. [TELEFON].", ("phone",)),
        ("mobil 2145 4623", "mobil [TELEFON]", ("phone",)),
        ("skriv til anne.hansen@aarhus.kommune.dk", "skriv til [E-MAIL]", ("email",)),
        ("mail: ole+sag@example.com.", "mail: [E-MAIL].", ("email",)),
        (
            "Ole (010190-1234, 21 45 46 23, ole@x.dk) har 3 sager",
            "Ole ([CPR], [TELEFON], [E-MAIL]) har 3 sager",
            ("cpr", "phone", "email"),
        ),
        ("to CPR: 010190-1234 og 020290-5678", "to CPR: [CPR] og [CPR]", ("cpr",)),
    ],
)
def test_mask_replaces_personal_data(text: str, masked: str, found: tuple[str, ...]) -> None:
    result = mask(text)
    assert result.text == masked
    assert result.found == found
    assert result.masked is True


@pytest.mark.parametrize(
    "text",
    [
        "Hvad siger servicelovens § 110?",
        "Varer et CTI-forløb 9 måneder?",
        "Manualen er fra 2018.",
        "Er 11 borgere pr. medarbejder for mange i ICM?",
        "Loven blev vedtaget 13. november 2014.",
        "Evalueringen dækker 2018 2019 og 2020.",
        "Sagsstammen er 1:20, og 12 kommuner deltog.",
        "Ugyldig dato 320190-1234 og 011390-1234 er ikke CPR.",
        "Tallet 12345678 starter med 1 og er ikke et telefonnummer.",
        "Beløbet er 10.000 kr. eller 2,5 mio.",
        "Bestemmelsen §§ 85 og 107 samt 1234 5678",
    ],
)
def test_mask_leaves_ordinary_numbers_alone(text: str) -> None:
    result = mask(text)
    assert result.text == text
    assert result.found == ()
    assert result.masked is False


def test_contains_cpr() -> None:
    assert contains_cpr("cpr 010190-1234") is True
    assert contains_cpr("0101901234") is True
    assert contains_cpr("010190 1234") is True
    assert contains_cpr("§ 110, 9 måneder, 2018, 21 45 46 23") is False
    assert contains_cpr("990190-1234") is False


def _capture(logger: logging.Logger) -> tuple[list[str], logging.Handler]:
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = ListHandler()
    logger.addHandler(handler)
    return lines, handler


def test_filter_masks_message_args_and_exception() -> None:
    logger = logging.getLogger("privacytest.filter")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addFilter(CprRedactingFilter())
    lines, _ = _capture(logger)
    logger.info("spørgsmål: %s", "borger 010190-1234 tlf 21454623")
    try:
        raise ValueError("fejl for 0101901234")
    except ValueError:
        logger.exception("fejl ved %s", "ole@x.dk")
    assert lines[0] == "spørgsmål: borger [CPR] tlf [TELEFON]"
    assert lines[1].startswith("fejl ved [E-MAIL]\nTraceback")
    assert lines[1].endswith("ValueError: fejl for [CPR]")
    assert "0101901234" not in "\n".join(lines)


def test_install_log_redaction_covers_child_loggers() -> None:
    install_log_redaction()
    install_log_redaction()  # idempotent
    parent = logging.getLogger("metodeguide")
    child = logging.getLogger("metodeguide.audit.test")
    lines, handler = _capture(parent)
    try:
        child.warning("spurgt om %s", "010190-1234")
        parent.warning("direkte 0101901234")
    finally:
        parent.removeHandler(handler)
    assert lines == ["spurgt om [CPR]", "direkte [CPR]"]
    # loggers outside the tree are untouched
    other = logging.getLogger("someotherlib")
    other.propagate = False
    other_lines, _ = _capture(other)
    other.warning("id 010190-1234")
    assert other_lines == ["id 010190-1234"]
