"""The reconciliation workbook: what matching did, for the clerk to confirm or correct.

Four sheets (posted, partial, suggested with their reasons, unmatched), in the clerk's
language. The clerk writes a decision in the Decision column (`confirm`, `reject`, or
`correct` with the invoice numbers in the next column, each perhaps with the amount it
gets, written as clerks write amounts; the words are accepted in every language of the
product), perhaps lowers a payment's Amount to post only that much (`amount_edits`), and
drops the workbook into `inbox/approvals/`. `read_decisions`
reads it back by its headers, in whichever language they are written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from backoffice_auto.documents.aliases import normalise_header
from backoffice_auto.documents.currencywords import currencies_named
from backoffice_auto.documents.values import parse_money
from backoffice_auto.documents.visibility import uncomputed_problem
from backoffice_auto.documents.workbook import names_sheet
from backoffice_auto.errors import Label, Problem, Source
from backoffice_auto.i18n import LANGUAGES, N_, translate
from backoffice_auto.payments.matching.records import MatchResult, Payment
from backoffice_auto.reports.workbook import SheetData, write_workbook

H_TRANSACTION = N_("Transaction")
H_DATE = N_("Booking date")
H_AMOUNT = N_("Amount")
H_CURRENCY = N_("Currency")
H_PAYER = N_("Payer")
H_ACCOUNT = N_("Payer's account")
H_REFERENCE = N_("Reference")
H_STATUS = N_("Status")
H_SCORE = N_("Score")
H_INVOICES = N_("Invoices")
H_ALLOCATIONS = N_("Allocations")
H_REASONS = N_("Reasons")
H_DECISION = N_("Decision")
H_CORRECTION = N_("Invoices (correction)")
HEADERS = (H_TRANSACTION, H_DATE, H_AMOUNT, H_CURRENCY, H_PAYER, H_ACCOUNT, H_REFERENCE, H_STATUS, H_SCORE,
           H_INVOICES, H_ALLOCATIONS, H_REASONS, H_DECISION, H_CORRECTION)

SHEETS = {"matched": N_("Posted"), "partial": N_("Partial"), "suggested": N_("Suggested"),
          "unmatched": N_("Unmatched")}
STATUS = {"matched": N_("posted"), "partial": N_("posted, partly paid"), "suggested": N_("suggested"),
          "unmatched": N_("unmatched")}
WORD_CONFIRM = N_("confirm")
WORD_REJECT = N_("reject")
WORD_CORRECT = N_("correct")
INSTRUCTIONS = N_("Write confirm, reject or correct in the Decision column (for correct, list the invoice "
                  "numbers in the next column, separated by commas; to split a payment, write each invoice's "
                  "amount beside its number: INV-1 150,00; INV-2 100, and what no invoice gets is the "
                  "customer's credit), then drop this workbook into inbox/approvals/. A decided payment is "
                  "never changed by a later automatic run.")
INSTRUCTIONS_AMOUNT = N_("To post less than a payment, lower its Amount and write confirm (or correct with the "
                         "invoice numbers): that much is posted, and the rest is kept as the customer's credit.")
H_HOW = N_("How to use this workbook")
KEY_SHEET = "payments-reconciliation"  # the first sheet's name: how the approvals handler knows the file

MSG_BAD_DECISION = N_("'{value}' is not a decision: write confirm, reject or correct")
MSG_NO_INVOICES = N_("a correction needs the invoice numbers in the column '{column}'")
MSG_AMOUNT_NOT_READ = N_("'{value}' in the column '{column}' is not an amount: write the amount to post, as a "
                         "number in the payment's currency, or leave the amount the bank booked")
#: The action of a row whose Amount is written but that has no decision: checked, never applied.
UNDECIDED = "undecided"
MSG_NO_TRANSACTION = N_("this row has the decision '{value}' but no transaction in the column '{column}': write the "
                        "transaction it is for, or clear the decision")


def _allocations_text(result: MatchResult) -> str:
    return "; ".join(f"{a.document} {a.amount} ({a.kind})" for a in result.allocations)


def reasons_text(result: MatchResult, language: str) -> str:
    return "\n".join(translate(r.message, language, **r.as_dict()) for r in result.reasons)


def write_reconciliation(path: Path, results: Sequence[MatchResult], payments: Mapping[str, Payment],
                         language: str) -> None:
    headers = [translate(h, language) for h in HEADERS]
    sheets = [SheetData(KEY_SHEET, [translate(H_HOW, language)],
                        [[translate(INSTRUCTIONS, language)], [translate(INSTRUCTIONS_AMOUNT, language)]],
                        widths=[120])]
    for status, title in SHEETS.items():
        rows = []
        for r in results:
            if r.status != status:
                continue
            p = payments.get(r.transaction_id)
            rows.append([r.transaction_id, p.booking_date if p else None, p.amount if p else None,
                         p.currency if p else None, p.counterparty_name if p else None,
                         p.counterparty_iban if p else None, p.reference if p else None,
                         translate(STATUS[status], language), r.score, ", ".join(r.documents),
                         _allocations_text(r), reasons_text(r, language), None, None])
        sheets.append(SheetData(translate(title, language), headers, rows,
                                widths=[14, 12, 12, 8, 28, 26, 36, 14, 7, 30, 40, 80, 12, 30]))
    write_workbook(path, sheets)


def _variants(msgid: str) -> set[str]:
    """A word or header in every language, as `_key` compares it."""
    return {_key(translate(msgid, lang)) for lang in LANGUAGES}


def _key(text: Any) -> str:
    """Case, accents, spaces and punctuation aside: a Polish clerk without Polish keys writes `potwierdz`
    for `potwierdź`, a Czech one `zamitnout` for `zamítnout`; `Confirm.` is `confirm`."""
    return normalise_header(str(text).strip()[:80])


@dataclass(frozen=True)
class Decision:
    transaction_id: str
    action: str  # confirmed | rejected | corrected
    documents: tuple[str, ...]
    source: Source  # the decision's cell
    documents_source: Source | None = None  # the cell listing the invoices of a correction
    amounts: tuple[Decimal | None, ...] = ()  # a correction's amount per invoice, None where not written
    currencies: tuple[str | None, ...] = ()  # the sign or code written beside each amount (`kr`), None where none
    shown: tuple[str, ...] = ()  # the invoices the row showed when the workbook was written (column Invoices)
    amount: Decimal | None = None  # the Amount cell as read (perhaps edited by the clerk); None when empty
    amount_sign: str | None = None  # the currency sign or code written in it (`kr`), None where none
    amount_source: Source | None = None  # the Amount cell
    amount_text: str = ""  # the Amount cell as written, for messages


#: Between the items of a correction: `;`, a line break, or a comma that is no decimal comma.
_ITEMS = re.compile(r"[;\n]|,(?!\d)|(?<!\d),")
#: An item written as an invoice number and the amount it gets (`INV-2026-00023 2 740,43 €`).
_NUMBER_AND_AMOUNT = re.compile(r"\s*(\S+)\s+(.*\d.*?)\s*")


#: An amount as written beside an invoice number: digits with their separators, perhaps a sign or
#: parentheses, and a currency before or after (checked by `_currency_word`).
_AMOUNT_TEXT = re.compile(r"(?P<pre>[^\d\s(+-]*)\s*[-+]?\(?\d[\d\s.,'\u00a0\u202f]*\)?\s*(?P<post>[^\d\s]*)")


def _currency_word(word: str) -> bool:
    """Empty, a currency's sign or code (`€`, `EUR`, `Kč`, `kr`, `US$`), or a character the
    standard calls a currency sign (`¤`: refused when applied, as no currency we know): so that
    `INV-1 INV-2` is not read as INV-1 with an amount of -2 'INV'."""
    return not word or bool(currencies_named(word)) \
        or all(unicodedata.category(ch) == "Sc" for ch in word.rstrip("."))


def correction_parts(text: str, locale: str | None = None
                     ) -> tuple[tuple[str, ...], tuple[Decimal | None, ...], tuple[str | None, ...]]:
    """The invoice numbers of a correction cell; where the clerk wrote one beside a number, the
    amount it gets (in the workspace's locale: a decimal comma, spaces between thousands, a
    currency sign); and the currency sign or code written beside each amount, as written (`€`,
    `kr`, `EUR`; None where none), for `currencies_named` to say what it may stand for. Without
    any amount the cell is read as before: numbers separated by commas or semicolons."""
    plain = tuple(d.strip() for d in text.replace(";", ",").split(",") if d.strip())
    numbers: list[str] = []
    amounts: list[Decimal | None] = []
    signs: list[str | None] = []
    for item in (i.strip() for i in _ITEMS.split(text)):
        if not item:
            continue
        found = _NUMBER_AND_AMOUNT.fullmatch(item)
        amount, sign = amount_text(found[2], locale) if found is not None else (None, None)
        numbers.append(found[1] if amount is not None else item)
        amounts.append(amount)
        signs.append(sign)
    if all(a is None for a in amounts):
        return plain, (), ()
    return tuple(numbers), tuple(amounts), tuple(signs)


def amount_text(text: str, locale: str | None = None) -> tuple[Decimal | None, str | None]:
    """An amount as a clerk writes it in a cell (`2 740,43 €`, `$200`, `150`) and the currency
    sign or code written beside it (None where none); (None, None) when it is no amount."""
    shape = _AMOUNT_TEXT.fullmatch(text.strip())
    if shape is None or not _currency_word(shape["pre"]) or not _currency_word(shape["post"]):
        return None, None
    try:
        amount = parse_money(text, locale)
    except ValueError:
        return None, None
    return amount, (shape["pre"] or shape["post"] or None)


#: Rows above the header a clerk may have added (a title, a note): the header is looked for this far.
HEADER_SEARCH = 10


def header_row(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int] | None]:
    """The 0-based row holding the workbook's headers among the first rows, and its columns."""
    for at, row in enumerate(rows[:HEADER_SEARCH]):
        columns = find_columns(row)
        if columns is not None:
            return at, columns
    return 0, None


def find_columns(header: Sequence[Any]) -> dict[str, int] | None:
    """Column indexes of transaction, decision and correction in a header row, in any language."""
    cells = [_key(c) if c is not None else "" for c in header]
    wanted = {"transaction": H_TRANSACTION, "decision": H_DECISION, "correction": H_CORRECTION,
              "invoices": H_INVOICES, "amount": H_AMOUNT}
    found = {}
    for key, msgid in wanted.items():
        names = _variants(msgid)
        for i, cell in enumerate(cells):
            if cell in names:
                found[key] = i
                break
    return found if {"transaction", "decision"} <= found.keys() else None


def read_decisions(sheets: Iterable[Any], locale: str | None = None) -> tuple[list[Decision], list[Problem]]:
    """The clerk's decisions from every sheet that has the workbook's headers (amounts in a
    correction read in `locale`). A formula whose result the file does not hold, in a cell
    read, is a problem at that cell: read as empty, the clerk's decision would be lost."""
    confirm, reject, correct = _variants(WORD_CONFIRM), _variants(WORD_REJECT), _variants(WORD_CORRECT)
    decisions, problems = [], []
    for sheet in sheets:
        if not sheet.rows:
            continue
        at, columns = header_row(sheet.rows)
        if columns is None:
            continue
        for number, row in enumerate(sheet.rows[at + 1:], start=at + 2):
            def cell(key):
                i = columns.get(key)
                return row[i] if i is not None and i < len(row) else None
            tid, word = cell("transaction"), cell("decision")
            # the Amount of a row with no transaction (a total a clerk added below) is none of ours
            read = [i for key, i in columns.items() if key != "amount" or (tid is not None and str(tid).strip())]
            unsaved = [p for p in (uncomputed_problem(sheet, sheet.file, number - 1, i) for i in read)
                       if p is not None]
            if unsaved:
                problems.extend(unsaved)
                continue
            amount = _amount_cell(sheet, number, columns, cell("amount"), locale, problems)
            if amount is False:
                continue
            if word is None or not str(word).strip():
                if amount is not None and tid is not None and str(tid).strip():  # checked against the books
                    decisions.append(Decision(str(tid).strip().upper(), UNDECIDED, (), amount[2], **_amount_fields(amount)))
                continue
            where = sheet.source(number, columns["decision"] + 1)
            if tid is None or not str(tid).strip():
                problems.append(Problem(MSG_NO_TRANSACTION, sheet.source(number, columns["transaction"] + 1),
                                        {"value": str(word).strip()[:40], "column": Label(H_TRANSACTION)}))
                continue
            word_text = _key(word)
            docs, amounts, currencies = correction_parts(str(cell("correction") or ""), locale)
            docs_where = sheet.source(number, columns["correction"] + 1) if "correction" in columns else None
            if word_text in confirm:
                action = "confirmed"
            elif word_text in reject:
                action = "rejected"
            elif word_text in correct:
                action = "corrected"
                if not docs:
                    problems.append(Problem(MSG_NO_INVOICES, where, {"column": Label(H_CORRECTION)}))
                    continue
            else:
                problems.append(Problem(MSG_BAD_DECISION, where, {"value": str(word)[:40]}))
                continue
            # our transaction ids are upper case (`BT-000017`): one typed in lower case is the same
            shown = tuple(x.strip() for x in str(cell("invoices") or "").split(",") if x.strip())
            decisions.append(Decision(str(tid).strip().upper(), action, docs, where, docs_where,
                                      amounts=amounts if action == "corrected" else (), shown=shown,
                                      currencies=currencies if action == "corrected" else (),
                                      **_amount_fields(amount)))
    return decisions, problems


def _amount_cell(sheet, number: int, columns: dict[str, int], value: Any, locale: str | None,
                 problems: list[Problem]):
    """The Amount cell of a row: None when empty (or no such column), else (amount, sign,
    cell, as written); False (and a problem) when it holds no amount."""
    if "amount" not in columns or value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = sheet.source(number, columns["amount"] + 1)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value), None, where, str(value)
    amount, sign = amount_text(value, locale) if isinstance(value, str) else (None, None)
    if amount is None:
        problems.append(Problem(MSG_AMOUNT_NOT_READ, where, {"value": str(value)[:40], "column": Label(H_AMOUNT)}))
        return False
    return amount, sign, where, value.strip()


def _amount_fields(amount) -> dict[str, Any]:
    if amount is None:
        return {}
    return {"amount": amount[0], "amount_sign": amount[1], "amount_source": amount[2], "amount_text": amount[3]}


def looks_like_reconciliation(data: bytes) -> bool:
    """Cheap: an xlsx whose workbook part names our key sheet (no cell is parsed)."""
    return names_sheet(data, KEY_SHEET)


def has_decision_columns(data: bytes) -> bool:
    """A workbook with a sheet headed by the Transaction and Decision columns (in any language):
    the reconciliation workbook whose first sheet, the key, a clerk renamed or deleted. Only
    asked of a file in `inbox/approvals/` that no key sheet names (the cells are parsed)."""
    from backoffice_auto.documents.workbook import read_workbook
    from backoffice_auto.errors import Refusal

    try:
        book = read_workbook(data, "approval.xlsx")
    except Refusal:
        return False
    return any(header_row(sheet.rows)[1] is not None for sheet in book.sheets)
