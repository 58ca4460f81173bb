"""Bank statement readers, one module per format, behind one entry point.

`read_statements(data, name, ...)` looks at the bytes (not the file name) to choose the
reader: camt XML, MT940/MT942, OFX, the national fixed-width formats (Czech ABO/GPC, Spanish
Norma 43, French CFONB 120), or a CSV/XLSX export described by a mapping in
`rules/bank/*.yaml`. `check_statements` runs the checks every statement must pass
before it is booked. Every reader refuses what it cannot read with `Refusal` naming the
file and the line or entry; nothing else escapes (the fuzz tests hold them to that).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.checks import account_problems, balance_problems
from backoffice_auto.payments.readers.encoding import utf8_statement
from backoffice_auto.payments.readers.model import Statement, StatementLine, normalise_account
from backoffice_auto.payments.readers.text import MSG_NOT_STATEMENT

__all__ = ["Statement", "StatementLine", "normalise_account", "read_statements", "check_statements",
           "statement_format"]

MSG_UNREADABLE = N_("The file could not be read as a {format} statement: {detail}.")


def statement_format(data: bytes, name: str = "") -> str | None:
    """camt, mt940, ofx, abo, norma43, cfonb, table (CSV/XLSX) or None, from the first bytes."""
    from backoffice_auto.payments.readers.abo import looks_like_abo
    from backoffice_auto.payments.readers.camt import looks_like_camt
    from backoffice_auto.payments.readers.cfonb import looks_like_cfonb
    from backoffice_auto.payments.readers.mt940 import looks_like_mt940
    from backoffice_auto.payments.readers.norma43 import looks_like_norma43
    from backoffice_auto.payments.readers.ofx import looks_like_ofx

    head = utf8_statement(data[:8192]).lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"<") and looks_like_camt(head):
        return "camt"
    if looks_like_ofx(head):
        return "ofx"
    if looks_like_mt940(head.replace(b"\x01", b"")):
        return "mt940"
    # the fixed-width formats: a first record of their width whose type and digits stand where the
    # format puts them (a CSV or spreadsheet has separators or a zip/OLE signature there)
    if looks_like_abo(head):
        return "abo"
    if looks_like_norma43(head):
        return "norma43"
    if looks_like_cfonb(head):
        return "cfonb"
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or name.lower().endswith((".csv", ".txt", ".tsv")):
        return "table"
    return None


def read_statements(data: bytes, name: str, *, max_mb: int = 50, max_lines: int = 1_000_000,
                    mappings: Mapping[str, object] | None = None, locale: str = "en_GB",
                    limits=None) -> list[Statement]:
    """Every statement in the file, read by the reader its content calls for (no checks yet)."""
    data = utf8_statement(data)  # UTF-16/32 as UTF-8, an XML prolog saying what the bytes are (encoding.py)
    fmt = statement_format(data, name)
    try:
        if fmt == "camt":
            from backoffice_auto.payments.readers.camt import read_camt

            return read_camt(data, name, max_mb=max_mb, max_lines=max_lines)
        if fmt == "mt940":
            from backoffice_auto.payments.readers.mt940 import read_mt940

            return read_mt940(data, name, max_mb=max_mb, max_lines=max_lines)
        if fmt == "ofx":
            from backoffice_auto.payments.readers.ofx import read_ofx

            return read_ofx(data, name, max_mb=max_mb, max_lines=max_lines)
        if fmt in _FIXED_WIDTH:
            import importlib

            module, function = _FIXED_WIDTH[fmt]
            reader = getattr(importlib.import_module(f"backoffice_auto.payments.readers.{module}"), function)
            return reader(data, name, max_mb=max_mb, max_lines=max_lines)
        if fmt == "table":
            from backoffice_auto.payments.readers.tabular import read_table_export

            return read_table_export(data, name, mappings or {}, locale=locale, limits=limits)
    except (ValueError, ArithmeticError, LookupError, UnicodeError, RecursionError, TypeError) as exc:
        # a reader's own refusals name the place; this is the net under them, still naming the file
        raise Refusal([Problem(MSG_UNREADABLE, Source(name), {"format": fmt, "detail": str(exc)[:120]})]) from None
    raise Refusal([Problem(MSG_NOT_STATEMENT, Source(name))])


_FIXED_WIDTH = {"abo": ("abo", "read_abo"), "norma43": ("norma43", "read_norma43"), "cfonb": ("cfonb", "read_cfonb")}


def check_statements(statements: Iterable[Statement], accounts: Iterable[str]) -> list[Problem]:
    """Balance, stated totals and account of every statement; errors refuse the file, warnings are
    notes (with what the reader wanted said, such as columns recognised without a mapping)."""
    accounts = frozenset(normalise_account(a) for a in accounts)
    problems: list[Problem] = []
    for statement in statements:
        problems += [note for note in statement.notes if note not in problems]  # a file's note once
        problems += account_problems(statement, accounts)
        problems += balance_problems(statement)
    return problems
