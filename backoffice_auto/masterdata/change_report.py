"""The change report of a master-data job: what was added, what changed (old and new), and
how much stayed the same, as a workbook the admin can filter.

Tables and fields are named as the admin's headers name them, in the workspace language
(`Zákazníci`, `Priorita`), never by the vocabulary's internal names."""

from __future__ import annotations

from pathlib import Path

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
    summary, added, changed, unchanged = [], [], [], []
    for name, table_changes in changes.items():
        table = table_text(name, language)
        counts = {"added": 0, "changed": 0, "unchanged": 0}
        for change in table_changes:
            counts[change.kind] += 1
            key = _key_text(change.key)
            if change.kind == "added":
                fields = "; ".join(f"{field(k)}={v}" for k, v in (change.new or {}).items() if v is not None)
                added.append((table, key, fields))
            elif change.kind == "changed":
                for changed_field in change.changed_fields:
                    changed.append((table, key, field(changed_field), (change.old or {}).get(changed_field),
                                    (change.new or {}).get(changed_field)))
            elif list_unchanged:
                unchanged.append((table, key))
        summary.append((table, counts["added"], counts["changed"], counts["unchanged"]))
    sheets = [
        SheetData(t("Summary"), [t("table"), t("added"), t("changed"), t("unchanged")], summary),
        SheetData(t("Added"), [t("table"), t("key"), t("values")], added),
        SheetData(t("Changed"), [t("table"), t("key"), t("field"), t("old value"), t("new value")], changed),
    ]
    if list_unchanged:
        sheets.append(SheetData(t("Unchanged"), [t("table"), t("key")], unchanged))
    return sheets


def write_change_report(path: Path, changes: dict[str, list[Change]], language: str,
                        list_unchanged: bool = False) -> Path:
    write_xlsx(path, change_report_sheets(changes, language, list_unchanged))
    return path
