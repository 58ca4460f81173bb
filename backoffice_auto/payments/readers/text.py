"""Shared pieces of the statement readers: decoding bank text, amounts, size bounds, refusals.

Banks still send MT940 and CSV files in Windows code pages with stray control bytes (mBank
frames its files with SOH/ETX), so text is decoded strictly as UTF-8 first and then as the
Windows or Latin code page, never with silent replacement in a way that could change a digit.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from backoffice_auto.errors import Problem, Refusal, Source, megabytes
from backoffice_auto.i18n import N_

MB = 1024 * 1024
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")

MSG_TOO_BIG = N_("The file is {size_mb} MB, over the limit of {limit_mb} MB (limits.max_file_mb in rules/settings.yaml).")
MSG_TOO_MANY = N_("The file holds more than {limit} transactions (limits.max_rows in rules/settings.yaml).")
MSG_NOT_STATEMENT = N_("This is not a bank statement this service reads (camt.052/053/054, MT940/MT942, OFX, "
                       "or a CSV/XLSX export described in rules/bank/*.yaml).")
MSG_BAD_AMOUNT = N_("'{value}' is not an amount.")
MSG_BAD_DATE = N_("'{value}' is not a date.")
MSG_NO_LINES = N_("The statement file holds no statement.")


def check_size(data: bytes, name: str, max_mb: int) -> None:
    if len(data) > max_mb * MB:
        raise Refusal([Problem(MSG_TOO_BIG, Source(name), {"size_mb": megabytes(len(data)), "limit_mb": max_mb})])


def too_many(name: str, limit: int) -> Refusal:
    return Refusal([Problem(MSG_TOO_MANY, Source(name), {"limit": limit})])


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Bytes to text: the named encoding, else UTF-8, else cp1252, else Latin-1 (which maps every byte)."""
    if encoding:
        return data.decode(encoding, errors="replace")
    for candidate in TEXT_ENCODINGS:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # pragma: no cover - latin-1 decodes everything


def strip_controls(text: str) -> str:
    """Control characters other than tab and line ends removed (SOH/ETX frames, NULs)."""
    return _CONTROL.sub("", text)


def squeeze(text: str) -> str:
    """Runs of white space as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def comma_amount(text: str) -> Decimal:
    """A SWIFT amount (`1234,56`, `300,`) as Decimal; ValueError when it is not one."""
    if not text or text.count(",") != 1 or not text.replace(",", "").isdigit():
        raise ValueError(text)
    whole, _, cents = text.partition(",")
    try:
        return Decimal(f"{whole}.{cents}" if cents else whole)
    except InvalidOperation:  # pragma: no cover - digits only
        raise ValueError(text) from None


def plain_amount(text: str) -> Decimal:
    """An XML/OFX amount (`-34.51`, `500000`) as Decimal; ValueError when it is not one."""
    cleaned = text.strip().replace(",", ".") if text else ""
    if not cleaned or len(cleaned) > 40:
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
