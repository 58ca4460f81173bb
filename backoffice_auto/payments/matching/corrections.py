"""A payment posted to the invoices a clerk names in the reconciliation workbook.

`correct` lists invoice numbers, perhaps each with the amount it gets; `confirm` of a row
whose Amount the clerk lowered posts that amount to the invoices the row shows. Either way
the payment's previous posting is taken back first. Invoices with an amount get exactly it;
the others share what is left, oldest due first (a discount, fee or overpayment handled as
matching would) or, when the clerk wrote the amount to post (`budget`), exactly, up to what
each has open. What no invoice gets is the customer's credit. What cannot be posted (an
unknown invoice, another currency, an amount over what is open or over the payment) is a
problem at the cell, and the file is refused (its changes to the books are then rolled back).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from backoffice_auto import ledger
from backoffice_auto.documents.keymatch import KeyMatcher
from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.money import minor_digits
from backoffice_auto.payments.matching.books import invoice_from_row, payment_from_transaction
from backoffice_auto.payments.matching.records import compact_iban, customer_from_row
from backoffice_auto.payments.matching.posting import clerk_matches, credit_invoices, reverse_posting, settled
from backoffice_auto.payments.matching.signs import sign_problem

MSG_UNKNOWN_INVOICE = N_("invoice {invoice} is not in the books")
MSG_OTHER_CURRENCY = N_("invoice {invoice} is in {invoice_currency} and the payment in {currency}: a payment is "
                        "posted only to invoices in its own currency")
MSG_ALREADY_PAID = N_("invoice {invoice} was already paid in full: transaction {transaction} paid nothing on it; "
                      "what is left of the payment is the customer's credit")
MSG_SPLIT_OVER_PAYMENT = N_("the amounts written for transaction {transaction} add up to {total} {currency}, more "
                            "than the payment of {amount} {currency}: correct the amounts")
MSG_SPLIT_OVER_OPEN = N_("{amount} {currency} written for invoice {invoice} is more than the {open} {currency} left "
                         "to pay on it: write at most that, and the rest for another invoice or for none (it is "
                         "then kept as the customer's credit)")
MSG_SPLIT_NOT_POSITIVE = N_("{amount} {currency} written for invoice {invoice} is not an amount that can be paid: "
                            "write an amount above zero in the currency's smallest unit (cents), or the invoice "
                            "number alone")
MSG_SPLIT_OVER_AMOUNT = N_("the amounts written for transaction {transaction} add up to {total} {currency}, more "
                           "than the {budget} {currency} written in its column '{column}' to post: make them agree")
MSG_OTHER_CUSTOMER = N_("invoice {invoice} is customer {customer}'s, but the payer's account {iban} is customer "
                        "{payer}'s: posted as written; check the invoice number if that was not meant")
ZERO = Decimal(0)


class Corrections:
    """Posts corrections against one books transaction; what it looks up once per workbook
    (the customers, the invoice numbers, the accounts' owners) is kept between them."""

    def __init__(self, books, decider, problems: list[Problem], notes: list[Problem]):
        self.books, self.decider, self.problems, self.notes = books, decider, problems, notes
        self.customers = {r["customer_id"]: r for r in books.rows("customers")}
        self._numbers: KeyMatcher | None = None  # made when a written number is not a key as it stands
        self._owners: dict[str, set[str]] | None = None  # account -> its customers, on the first posting

    def invoice_row(self, number: str) -> dict[str, Any] | None:
        """The books' invoice, the number perhaps typed in another case, without leading zeros or with
        other separators (`INV 2026 00006`)."""
        found = self.books.get("sales_invoices", number)
        if found is None:
            if self._numbers is None:
                self._numbers = KeyMatcher((r["invoice_number"] for r in self.books.rows("sales_invoices")),
                                           separators=True)
            key = self._numbers.find(number)[0]
            found = self.books.get("sales_invoices", key) if key is not None else None
        return found

    def post(self, row: dict[str, Any], d, documents, amounts=(), signs=(), budget: Decimal | None = None
             ) -> bool:
        """`row`'s payment posted to `documents` (with `amounts` where written); `budget`: the
        amount to post, when the clerk wrote it in the Amount column. False (and problems)
        when it cannot be, the books untouched."""
        where = d.documents_source or d.source
        currency = (row.get("currency") or "").upper()
        invoices: list[dict[str, Any]] = []
        given: dict[str, Decimal] = {}  # invoice number -> the amount the clerk wrote beside it
        for position, number in enumerate(documents):
            inv_row = self.invoice_row(number)
            if inv_row is None:
                self.problems.append(Problem(MSG_UNKNOWN_INVOICE, where, {"invoice": number}))
                return False
            if inv_row.get("currency") != row.get("currency"):
                self.problems.append(Problem(MSG_OTHER_CURRENCY, where, {
                    "invoice": inv_row["invoice_number"], "invoice_currency": inv_row.get("currency") or "",
                    "currency": row.get("currency") or ""}))
                return False
            if all(r["invoice_number"] != inv_row["invoice_number"] for r in invoices):  # listed twice: once
                invoices.append(inv_row)
            amount = amounts[position] if position < len(amounts) else None
            sign = signs[position] if position < len(signs) else None
            wrong = sign_problem(sign, amount, currency, where, invoice=inv_row["invoice_number"])
            if wrong is not None:
                self.problems.append(wrong)
                return False
            if amount is not None:  # listed twice with amounts: they add up
                given[inv_row["invoice_number"]] = given.get(inv_row["invoice_number"], ZERO) + amount
        reverse_posting(self.books, row)  # a refusal of the file rolls the books back whole
        fresh = [invoice_from_row(self.books.get("sales_invoices", r["invoice_number"]),
                                  (self.customers.get(r.get("customer_id")) or {}).get("payment_terms"))
                 for r in invoices]
        payment = payment_from_transaction(ledger.BankTransaction.from_row(row))
        split = _split(fresh, given, payment, d, self.problems) if given else None
        if given and split is None:
            return False
        rest = [inv for inv in fresh if inv.invoice_number not in given]
        rest.sort(key=lambda i: (i.due_date or date.max, i.invoice_number))
        if budget is not None:  # the clerk's amount, exactly: oldest due first, up to what each has open
            total = sum(given.values(), ZERO)
            if total > budget:
                self.problems.append(Problem(MSG_SPLIT_OVER_AMOUNT, d.amount_source or where, {
                    "transaction": d.transaction_id, "total": total, "budget": budget, "currency": currency,
                    "column": _amount_label()}))
                return False
            left = budget - total
            split = list(split or [])
            for inv in rest:
                take = min(left, inv.open_amount)
                if take > 0:
                    split.append({"document": inv.invoice_number, "amount": take, "kind": "invoice"})
                    given[inv.invoice_number] = take
                    left -= take
            rest = []
        left = payment.amount - sum(given.values(), ZERO)
        s = self.decider._settle(rest, replace(payment, amount=left), rest[0].customer_id) \
            if rest and left > 0 else None
        allocations = (split or []) + [{"document": a.document, "amount": a.amount, "kind": a.kind}
                                       for a in (s.allocations if s else ()) if a.amount or a.kind != "invoice"]
        if not rest and left > 0:  # every invoice got its amount: the rest is the customer's credit
            allocations.append({"document": "credit:" + fresh[0].customer_id, "amount": left, "kind": "credit"})
        self._warn(row, d, fresh)
        credit_invoices(self.books, allocations)
        status = "matched" if all(settled(self.books, inv.invoice_number) for inv in fresh) else "partial"
        self.books.update("bank_transactions", d.transaction_id, status=status,
                          matches=clerk_matches(allocations, d.action))
        return True

    def _warn(self, row: dict[str, Any], d, fresh) -> None:
        """Notes at the cell: an invoice of another customer than the payer's account's, or one
        already paid in full."""
        where = d.documents_source or d.source
        if self._owners is None:
            self._owners = _account_owners(self.customers)
        owners = self._owners.get(compact_iban(row.get("counterparty_iban")), set())
        for inv in fresh:
            if owners and inv.customer_id not in owners:  # a slip of one digit, or a parent paying
                self.notes.append(Problem(MSG_OTHER_CUSTOMER, where, {
                    "invoice": inv.invoice_number, "customer": inv.customer_id,
                    "iban": row.get("counterparty_iban"), "payer": ", ".join(sorted(owners))}, "warning"))
            if inv.open_amount == 0 or (inv.open_amount < 0 < inv.total):  # (a credit note's is below 0)
                self.notes.append(Problem(MSG_ALREADY_PAID, where,
                                          {"invoice": inv.invoice_number, "transaction": d.transaction_id},
                                          "warning"))


def _amount_label():
    from backoffice_auto.errors import Label
    from backoffice_auto.payments.matching.workbook import H_AMOUNT

    return Label(H_AMOUNT)


def _account_owners(customers: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Each account the customers' `iban` cells name -> the customers naming it (made once per
    workbook, on its first correction)."""
    owners: dict[str, set[str]] = {}
    for c in map(customer_from_row, customers.values()):
        for account in c.ibans:
            owners.setdefault(account, set()).add(c.customer_id)
    return owners


def _split(fresh, given: dict[str, Decimal], payment, d, problems: list[Problem]):
    """The allocations of the amounts the clerk wrote beside the invoices, or None (and the
    problems) when one is not above zero, is more than the invoice has open, or they add up
    to more than the payment."""
    where = d.documents_source or d.source
    currency = payment.currency
    bad = False
    out = []
    for inv in fresh:
        amount = given.get(inv.invoice_number)
        if amount is None:
            continue
        params = {"transaction": d.transaction_id, "invoice": inv.invoice_number, "amount": amount,
                  "currency": currency}
        cents = _cents(amount, currency) if amount.is_finite() and ZERO < amount <= inv.open_amount else None
        if not amount.is_finite() or amount <= 0 or (amount <= inv.open_amount and cents != amount):
            problems.append(Problem(MSG_SPLIT_NOT_POSITIVE, where, params))
            bad = True
        elif amount > inv.open_amount:  # (before rounding: sixty digits are more than is open, not a context error)
            problems.append(Problem(MSG_SPLIT_OVER_OPEN, where, {**params, "open": max(inv.open_amount, ZERO)}))
            bad = True
        else:
            out.append({"document": inv.invoice_number, "amount": cents, "kind": "invoice"})
    total = sum(given.values(), ZERO)
    if not bad and total > payment.amount:
        problems.append(Problem(MSG_SPLIT_OVER_PAYMENT, where, {"transaction": d.transaction_id, "total": total,
                                                                "amount": payment.amount, "currency": currency}))
        bad = True
    return None if bad else out


def _cents(amount: Decimal, currency: str) -> Decimal | None:
    """`amount` in the currency's minor unit (None when the decimal context cannot hold it)."""
    try:
        return amount.quantize(Decimal(1).scaleb(-minor_digits(currency)))
    except InvalidOperation:
        return None
