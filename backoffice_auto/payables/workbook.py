"""The proposal workbook: what a run would pay, with an `approve` column to fill in.

Written with openpyxl (not the streaming writer: it needs sheet protection, unlocked
cells and a hidden key sheet). Every sheet is protected except the `approve` column and
the two approver cells; the hidden `_payment_proposal` sheet carries the run id and the
checksum of the proposed rows. Protection is a guide for people, not security: the
approval is checked against the proposal stored in the books (`approval.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping, Sequence

from backoffice_auto.documents.workbook import names_sheet
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate

KEY_SHEET = "_payment_proposal"
MARKER = "backoffice-auto payment proposal"
VERSION = 1
SHEET = "Proposal"
LEFT_SHEET = "Left out"
APPROVER_CELL, SECOND_CELL = "C3", "C4"
HEADER_ROW = 6
COLUMNS = ("end_to_end_id", "name", "supplier_id", "iban", "currency", "bill_id", "invoice_number", "due_date",
           "discount", "amount", "transfer_amount", "approve")
APPROVE_COLUMN = "L"
MAX_LINES = 100_000

H_TITLE = N_("Payment proposal {run} for {date}")
H_INSTRUCTIONS = N_("Write your name below, put 'yes' in the Approve column of every line to pay, save, "
                    "and drop the workbook into inbox/approvals/.")
H_APPROVED_BY = N_("Approved by")
H_SECOND = N_("Second approver")
HEADERS = (N_("Transfer"), N_("Supplier"), N_("Supplier id"), N_("IBAN"), N_("Currency"), N_("Bill"),
           N_("Invoice"), N_("Due date"), N_("Discount"), N_("Amount"), N_("Transfer total"), N_("Approve"))
LEFT_HEADERS = (N_("Bill"), N_("Supplier id"), N_("Invoice"), N_("Amount"), N_("Currency"), N_("Reason"))
MSG_NOT_PROPOSAL = N_("this is not a payment proposal workbook made by backoffice-auto (its key sheet is missing)")
MSG_BAD_AMOUNT = N_("'{value}' is not an amount")

YES = frozenset({"yes", "y", "x", "1", "true", "ano", "a", "tak", "t", "sí", "si", "s", "oui", "o", "ok", "✓"})


def write_proposal(path: Path, *, run_id: str, run_date: date, rows: Sequence[Mapping[str, Any]],
                   left: Sequence[Mapping[str, Any]], checksum: str, language: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, Protection

    from backoffice_auto.reports.workbook import put_cell

    def t(msgid: str, **params) -> str:
        return translate(msgid, language, **params)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = t(H_TITLE, run=run_id, date=run_date.isoformat())
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = t(H_INSTRUCTIONS)
    ws["A3"], ws["A4"] = t(H_APPROVED_BY), t(H_SECOND)
    unlocked = Protection(locked=False)
    for ref in (APPROVER_CELL, SECOND_CELL):
        ws[ref].protection = unlocked
    for col, header in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, col, t(header))
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for col, key in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, col)
            if key == "approve":
                cell.protection = unlocked
                continue
            value: Any = row.get(key)
            if key in ("discount", "amount", "transfer_amount"):
                value = Decimal(value)
                cell.number_format = "#,##0.00"
            elif key == "due_date":
                value = date.fromisoformat(value) if value else None
                cell.number_format = "yyyy-mm-dd"
            put_cell(cell, value)
    for col, width in zip("ABCDEFGHIJKL", (22, 28, 12, 30, 9, 11, 18, 12, 11, 13, 14, 10)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may be changed; nothing else

    lw = wb.create_sheet(LEFT_SHEET)
    for col, header in enumerate(LEFT_HEADERS, start=1):
        lw.cell(1, col, t(header)).font = Font(bold=True)
    for r, item in enumerate(left, start=2):
        reason = translate(item["reason"], language, **item.get("params", {}))
        for col, value in enumerate((item["bill_id"], item["supplier_id"], item["invoice_number"],
                                     Decimal(item["amount"]), item["currency"], reason), start=1):
            put_cell(lw.cell(r, col), value)
    lw.protection.sheet = True

    key = wb.create_sheet(KEY_SHEET)
    for r, (k, v) in enumerate((("marker", MARKER), ("version", VERSION), ("run_id", run_id),
                                ("checksum", checksum), ("lines", len(rows))), start=1):
        key.cell(r, 1, k)
        key.cell(r, 2, v)
    key.sheet_state = "hidden"
    key.protection.sheet = True
    wb.save(path)


def looks_like_proposal(data: bytes) -> bool:
    """Cheap: an xlsx whose workbook part names our key sheet (no cell is parsed)."""
    return names_sheet(data, KEY_SHEET)


@dataclass(frozen=True)
class ReplyLine:
    row: int
    values: Mapping[str, Any]  # column key -> value as read
    approved: bool
    source: Source  # the row's Approve cell


@dataclass(frozen=True)
class ApprovalReply:
    name: str
    run_id: str
    checksum: str
    approver: str
    second: str
    approver_source: Source
    second_source: Source
    lines: tuple[ReplyLine, ...]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def money_value(value: Any, source: Source) -> Decimal:
    """A cell's amount as Decimal (calamine gives floats: their shortest repr is the typed number)."""
    try:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return Decimal(_text(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise Refusal([Problem(MSG_BAD_AMOUNT, source, {"value": _text(value)[:40]})]) from None


def read_approval(data: bytes, name: str, limits=None) -> ApprovalReply:
    """The key, the approvers and every line of a returned proposal workbook (size limits of
    `rules/settings.yaml` hold through `documents.workbook.read_workbook`)."""
    from backoffice_auto.documents.workbook import read_workbook

    where = Source(name)
    if not looks_like_proposal(data):
        raise Refusal([Problem(MSG_NOT_PROPOSAL, where)])
    book = read_workbook(data, name, limits)
    try:
        key_rows = book.sheet(KEY_SHEET).rows
        form = book.sheet(SHEET)
    except KeyError:
        raise Refusal([Problem(MSG_NOT_PROPOSAL, where)]) from None
    key = {_text(r[0]): r[1] for r in key_rows[:20] if len(r) > 1 and r[0] is not None}
    if key.get("marker") != MARKER or not key.get("run_id") or not key.get("checksum"):
        raise Refusal([Problem(MSG_NOT_PROPOSAL, where)])
    rows = form.rows

    def cell(row: int, col: int) -> Any:
        return rows[row - 1][col - 1] if len(rows) >= row and len(rows[row - 1]) >= col else None

    lines = []
    for r in range(HEADER_ROW + 1, min(len(rows), HEADER_ROW + MAX_LINES) + 1):
        values = {k: cell(r, c) for c, k in enumerate(COLUMNS, start=1)}
        if all(v is None or _text(v) == "" for v in values.values()):
            continue
        approved = _text(values["approve"]).casefold() in YES
        lines.append(ReplyLine(r, values, approved, form.source(r, APPROVE_COLUMN)))
    return ApprovalReply(name, _text(key["run_id"]), _text(key["checksum"]), _text(cell(3, 3)), _text(cell(4, 3)),
                         form.source(3, "C"), form.source(4, "C"), tuple(lines))
