"""The books as workbooks (`outbox/books/<table>.xlsx`) and as one JSON object.

A workbook is for people: its sheet is named and its columns are headed in the workspace
language (`Zboží`, `Kód zboží`, `Jednotková cena`), the labels the readers accept back as
aliases, so a books export dropped into `inbox/books/` imports again unchanged (the file
name keeps the table's own name, which identifies the table as well). The JSON keeps the
vocabulary's field names: it is for programs.

Workbooks are written to a temporary name and renamed, so a reader of `outbox/books/`
never opens a half-written file; the temporary name carries the process id, because two
`process` runs at once may export the same table.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice_auto.books.schema import TABLES
from backoffice_auto.books.interface import BooksReader
from backoffice_auto.documents.fieldlabels import field_text, table_text
from backoffice_auto.reports.workbook import SheetData
from backoffice_auto.reports.xlsx_stream import write_xlsx


def column_headers(fields, language: str) -> list[str]:
    """The columns' headers in `language`: each field's label (the field's words when it has none)."""
    return [field_text(f, language) for f in fields]


def export_tables(books: BooksReader, tables: list[str], folder: Path, language: str = "en") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables:
        table = books.table(name)
        rows = books.rows(name)
        fields = list(table.field_names)
        body = [[_cell(r.get(h)) for h in fields] for r in rows]
        target = folder / f"{name}.xlsx"
        temporary = folder / f".{name}.{os.getpid()}.xlsx.tmp"  # two runs at once each write their own
        try:
            write_xlsx(temporary, [SheetData(table_text(name, language), column_headers(fields, language), body)])
            os.replace(temporary, target)
        except BaseException:  # a full disk: no half workbook left beside the last good one
            temporary.unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def books_json(books: BooksReader, tables: list[str] | None = None) -> dict[str, list[dict]]:
    """Every table as a list of records; amounts as decimal strings, dates as ISO 8601."""
    out: dict[str, list[dict]] = {}
    for name in tables or list(TABLES):
        out[name] = [{k: _json_value(v) for k, v in r.items()} for r in books.rows(name)]
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value
