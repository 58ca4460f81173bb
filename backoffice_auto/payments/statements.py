"""Checked statements into the books' `bank_transactions`, each transaction exactly once.

A bank sends the same transaction again in many ways: the same file twice (the pipeline's
content hash catches that), a later statement overlapping an earlier one, the same day
exported as MT940 and as camt. A line is a duplicate when the account already has a
transaction with the same bank reference; a line without a bank reference when the account
already holds as many lines of the same content (date, amount, currency, counterparty,
references, text) as this file has up to and including it, so two genuinely identical
card payments on one day both stay. Lines are taken in file order; `import_statements`
is the one entry point (the bank handler and tests call it; matching works on its result).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_, NP_
from backoffice_auto.ledger import BankTransaction
from backoffice_auto.payments.readers.model import Statement, StatementLine, normalise_account

MSG_DUPLICATES = NP_("{count} of the {total} transactions of statement {statement} was imported before and "
                     "was not booked again.",
                     "{count} of the {total} transactions of statement {statement} were imported before and "
                     "were not booked again.", "count")

SEQUENCE = "bank_transactions"


@dataclass(frozen=True)
class ImportResult:
    """What one file added: the new transaction ids in file order, and what was skipped."""

    transaction_ids: tuple[str, ...] = ()
    transactions: tuple[BankTransaction, ...] = field(default=(), compare=False)  # as booked, in file order
    duplicates: tuple[StatementLine, ...] = ()
    statements: int = 0
    notes: tuple[Problem, ...] = field(default=(), compare=False)


def fingerprint(account: str, line: StatementLine) -> str:
    """The content of a line as the books compare it (amounts by value: 300 = 300.00)."""
    amount = line.amount.normalize()
    parts = (account, line.booking_date.isoformat() if line.booking_date else "",
             line.value_date.isoformat() if line.value_date else "", f"{amount:f}", line.currency.upper(),
             normalise_account(line.counterparty_iban), " ".join(line.counterparty_name.casefold().split()),
             line.reference.strip(), " ".join(line.remittance.casefold().split()), line.end_to_end_id.strip())
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def transaction_id(number: int) -> str:
    return f"BT-{number:06d}"


def import_statements(books, statements: Sequence[Statement], *, file_name: str, job_id: str) -> ImportResult:
    """Book the lines of already checked statements; skip what the account already holds."""
    new_ids: list[str] = []
    booked: list[BankTransaction] = []
    duplicates: list[StatementLine] = []
    notes: list[Problem] = []
    for index, statement in enumerate(statements, 1):
        account = normalise_account(statement.account)
        prints = [fingerprint(account, line) for line in statement.lines]
        ref_counts = Counter(line.bank_reference for line in statement.lines if line.bank_reference)
        # only the earlier imports this statement's lines could repeat (an index look-up each)
        known_refs = {row["bank_reference"] for row in books.rows("bank_imports", account=account,
                                                                   bank_reference=set(ref_counts))} \
            if ref_counts else set()
        known_prints = Counter(row["fingerprint"] for row in books.rows("bank_imports", account=account,
                                                                          fingerprint=set(prints))) \
            if prints else Counter()
        seen_prints: Counter[str] = Counter()
        statement_key = f"{job_id}/{index}"
        rows, imports = [], []
        skipped = 0
        for line, print_ in zip(statement.lines, prints):
            seen_prints[print_] += 1
            reference = line.bank_reference if line.bank_reference and ref_counts[line.bank_reference] == 1 else ""
            if reference:
                duplicate = reference in known_refs
            else:
                duplicate = known_prints[print_] >= seen_prints[print_]
            if duplicate:
                duplicates.append(line)
                skipped += 1
                continue
            tid = transaction_id(books.next_number(SEQUENCE))
            new_ids.append(tid)
            record = BankTransaction(
                tid, account_iban=account, booking_date=line.booking_date, value_date=line.value_date,
                amount=line.amount, currency=line.currency, counterparty_name=line.counterparty_name or None,
                counterparty_iban=normalise_account(line.counterparty_iban) or None,
                reference=line.reference or None, status="unmatched", matches=(),
                remittance=line.remittance or None, bank_reference=line.bank_reference or None,
                end_to_end_id=line.end_to_end_id or None, statement_id=statement.statement_id or None,
                source=line.source.render(), reversal=line.reversal or None)
            booked.append(record)
            rows.append(record.as_row())
            imports.append({"transaction_id": tid, "account": account, "bank_reference": reference or None,
                            "fingerprint": print_, "statement_key": statement_key})
        books.insert_many("bank_transactions", rows)
        books.insert_many("bank_imports", imports)
        books.insert("bank_statements", {
            "statement_key": statement_key, "account": account, "statement_id": statement.statement_id,
            "format": statement.format, "currency": statement.currency, "opening": statement.opening,
            "closing": statement.closing, "opening_date": statement.opening_date,
            "closing_date": statement.closing_date, "lines": len(statement.lines), "imported": len(rows),
            "duplicates": skipped, "file_name": file_name, "job_id": job_id})
        if skipped:
            notes.append(Problem(MSG_DUPLICATES, statement.source, {
                "count": skipped, "total": len(statement.lines),
                "statement": statement.statement_id or statement.source.render()}, "warning"))
    return ImportResult(tuple(new_ids), tuple(booked), tuple(duplicates), len(statements), tuple(notes))

