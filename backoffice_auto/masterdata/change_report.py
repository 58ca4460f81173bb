"""The change report of a master-data job: what was added, what changed (old and new), and
how much stayed the same, as a workbook the admin can filter.

Tables and fields are named as the admin's headers name them, in the workspace language
(`Zákazníci`, `Priorita`), never by the vocabulary's internal names. Values keep their
types (numbers are number cells, dates are date cells); each added record is a row of its
table's sheet with one column per field, headed as the books export heads it, never one
"sku=...; name=..." string. Changed values are one row per field with the old and the new
value in their own columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from backoffice_auto.books.store import Change
from backoffice_auto.documents.fieldlabels import field_text, table_text
from backoffice_auto.i18n import translate
from backoffice_auto.reports.workbook import SheetData
from backoffice_auto.reports.xlsx_stream import write_xlsx


def _key_text(key: tuple) -> str:
    return " / ".join("" if k is None else str(k) for k in key)


def change_report_sheets(changes: dict[str, list[Change]], language: str,
                         list_unchanged: bool = False) -> list[SheetData]:
    t = lambda msgid: translate(msgid, language)  # noqa: E731
    field = lambda name: field_text(name, language)  # noqa: E731
    summary, changed, unchanged = [], [], []
    added: dict[str, list[Mapping[str, Any]]] = {}
    for name, table_changes in changes.items():
        table = table_text(name, language)
        counts = {"added": 0, "changed": 0, "unchanged": 0}
        for change in table_changes:
            counts[change.kind] += 1
            key = _key_text(change.key)
            if change.kind == "added":
                added.setdefault(name, []).append(change.new or {})
            elif change.kind == "changed":
                for changed_field in change.changed_fields:
                    changed.append((table, key, field(changed_field), (change.old or {}).get(changed_field),
                                    (change.new or {}).get(changed_field)))
            elif list_unchanged:
                unchanged.append((table, key))
        summary.append((table, counts["added"], counts["changed"], counts["unchanged"]))
    sheets = [SheetData(t("Summary"), [t("table"), t("added"), t("changed"), t("unchanged")], summary)]
    sheets += [_added_sheet(name, records, language) for name, records in added.items()]
    sheets.append(SheetData(t("Changed"), [t("table"), t("key"), t("field"), t("old value"), t("new value")],
                            changed))
    if list_unchanged:
        sheets.append(SheetData(t("Unchanged"), [t("table"), t("key")], unchanged))
    return sheets


def _added_sheet(table: str, records: list[Mapping[str, Any]], language: str) -> SheetData:
    """The records added to one table: a column per field (in the books' order), typed cells."""
    from backoffice_auto.books.schema import TABLES
    from backoffice_auto.reports.books_export import _cell, column_headers  # cells as the export writes them

    present = {name for record in records for name, value in record.items() if value is not None}
    order = TABLES[table].field_names if table in TABLES else tuple(records[0])
    fields = [name for name in order if name in present] + sorted(present - set(order))
    rows = [[_cell(record.get(name)) for name in fields] for record in records]
    return SheetData(f"{translate('Added', language)} - {table_text(table, language)}",
                     column_headers(fields, language), rows)


def write_change_report(path: Path, changes: dict[str, list[Change]], language: str,
                        list_unchanged: bool = False) -> Path:
    write_xlsx(path, change_report_sheets(changes, language, list_unchanged))
    return path
