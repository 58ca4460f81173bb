"""The refusals of the workbook readers (`workbook.py`), each a `Problem` in the reader's words.

Why a module of its own: the readers' checks (sizes, extents, damaged packages) are many and each
needs a message; kept apart, `workbook.py` holds only how a file is read. `why_damaged` says in a
phrase (a `Label`, translated when rendered) what a reader library raised on a damaged file: its
English (`not a valid zip archive`, calamine's `XmlError: t`) stood inside the translated sentence.
"""

from __future__ import annotations

from backoffice_auto.errors import Label, Problem, Source, column_letter
from backoffice_auto.i18n import N_


def encrypted(where: Source) -> Problem:
    return Problem(N_("The workbook is protected by a password; save it without a password and drop it again."), where)


def damaged(where: Source, detail: str) -> Problem:
    return Problem(N_("The workbook is damaged and cannot be read ({detail})."), where, {"detail": detail})


# why a workbook is damaged, as `why_damaged` says it
L_NOT_WHOLE = N_("it is not a whole .xlsx package: cut off in transfer, or not saved to the end")
L_NO_NAME = N_("a part of the package has no name")
L_CORRUPT = N_("a part of it is corrupt: its checksum or compression does not hold")
L_BROKEN_PART = N_("a part of it is broken XML: cut off or damaged")


def why_damaged(exc: BaseException) -> str:
    """The phrase for what a reader library raised on a damaged workbook, else its own words."""
    kind, text = type(exc).__name__, str(exc).lower()
    if kind in ("BadZipFile", "LargeZipFile", "ZipError") or "zip" in text:
        return Label(L_NOT_WHOLE if "crc" not in text else L_CORRUPT)
    if kind in ("error", "EOFError", "NotImplementedError") or "crc" in text or "decompress" in text or \
            "deflate" in text or "inflate" in text:
        return Label(L_CORRUPT)
    if "xml" in kind.lower() or "xml" in text:
        return Label(L_BROKEN_PART)
    return short(exc)


def not_a_workbook(data: bytes, where: Source) -> Problem:
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return Problem(N_("This file is not a workbook: its content is a PDF document."), where)
    if not head:
        return Problem(N_("This file is empty (0 bytes)."), where)
    if b"\x00" not in head:
        return Problem(N_("This file is not a workbook: its content is plain text. Save it from the spreadsheet program as .xlsx, or name it .csv."), where)
    return Problem(N_("This file is not a workbook: its content is not in any spreadsheet format."), where)


def too_many_rows(where: Source, rows: int, limit: int) -> Problem:
    return Problem(N_("The sheet has {rows} rows, over the limit of {limit} (limits.max_rows in rules/settings.yaml)."),
                   where, {"rows": rows, "limit": limit})


def too_many_columns(where: Source, columns: int, limit: int) -> Problem:
    return Problem(N_("The sheet has {columns} columns, over the limit of {limit} (limits.max_columns in rules/settings.yaml)."),
                   where, {"columns": columns, "limit": limit})


def too_large_area(where: Source, rows: int, columns: int, limit: int) -> Problem:
    return Problem(N_("The sheet's used area is {rows} rows by {columns} columns ({cells} cells, from A1 to its "
                      "farthest cell {cell}), over the limit of {limit} cells (limits.max_cells in "
                      "rules/settings.yaml); it was refused before loading."),
                   where, {"rows": rows, "columns": columns, "cells": rows * columns,
                           "cell": f"{column_letter(columns)}{rows}", "limit": limit})


def too_long_cell(where: Source, length: int, limit: int) -> Problem:
    return Problem(N_("This cell holds {length} characters, over the limit of {limit} "
                      "(limits.max_cell_chars in rules/settings.yaml)."),
                   where, {"length": length, "limit": limit})


def short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def unclosed_quote(where: Source) -> Problem:
    return Problem(N_("A quote (\") opens this cell and is never closed, so every line after it would be read into "
                      "this one cell and lost as rows. Close the quote, or save the file again from the spreadsheet "
                      "program."), where)
