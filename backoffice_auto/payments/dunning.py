"""Dunning: reminder letters for overdue invoices, when `dunning.enabled` is set.

Rules, in the order they are applied (pure function `plan_letters`):
1. an invoice is a candidate when its open amount is at least `dunning.min_amount` and
   it is more than `dunning.grace_days` days past its due date;
2. never an invoice with a payment awaiting review (a suggested match names it) or one
   recorded as disputed (the books' `invoice_disputes`, or listed in `dunning.disputed`); no
   letter to a customer in a currency it has a payment awaiting review in (a suggested match
   names the customer: the clerk places the payment first, the job says so);
3. at most one letter per customer in `dunning.interval_days` days (`dunning_letters`);
   none to a customer holding a credit in the letter's currency (an overpayment kept as the
   customer's credit, which a clerk applies before asking for money: the job says so);
4. the letter's level is the highest level of `dunning.levels` whose `days_overdue` the most
   overdue item has reached (days counted after the grace days); never lower than the
   customer's previous letter when that one was sent within the last interval times the
   number of levels (so a reminder is followed by the second and the final notice);
5. an open credit note of the customer in the letter's currency (an invoice with a negative
   open amount) is listed in the letter and lessens what it asks for; no letter when the
   credit notes leave less than `dunning.min_amount` to pay (a letter asked for the whole
   overdue amount of a customer holding a credit note);
6. late interest per item: open amount x `interest_pct_per_year` / 100 x days past due /
   365, simple, rounded half-up to the currency's minor unit; the fee comes from the
   level's `fee` formula; the letter's total is the sum of the rounded parts.
The letter (PDF, fpdf2) and its mail are in the customer's language, listing the items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_, format_date, format_money, normalize_language, translate
from backoffice_auto.money import quantum
from backoffice_auto.payments.matching.records import OpenInvoice
from backoffice_auto.payments.rules_model import DunningRules

ZERO = Decimal(0)
LEVELS = ("reminder", "second", "final")
T_TITLE = {"reminder": N_("Payment reminder"), "second": N_("Second payment reminder"),
           "final": N_("Final notice before collection")}
T_INTRO = N_("According to our records the following invoices are overdue. Please pay the amount due, "
             "{total}, or let us know if you have already paid.")
H_INVOICE = N_("Invoice")
H_DUE = N_("Due date")
H_DAYS = N_("Days overdue")
H_OPEN = N_("Open amount")
H_INTEREST = N_("Interest")
L_FEE = N_("Reminder fee")
L_TOTAL = N_("Total due")
MSG_HELD_BY_CREDIT = N_("no reminder to customer {customer}: it has a credit of {credit} {currency} from an overpayment; "
                        "apply it to its open invoices first")
MSG_AWAITING_PAYMENT = N_("no reminder to customer {customer}: its payment {transaction} of {amount} {currency} awaits "
                         "review in the reconciliation workbook; confirm or correct it first")
MSG_NO_ADDRESS = N_("customer {customer} has no e-mail address in the books: print the letter {file} from the "
                    "outbox and send it by post")


@dataclass(frozen=True)
class Item:
    invoice_number: str
    due_date: date | None  # None: a credit note without a date
    days_overdue: int
    open_amount: Decimal
    interest: Decimal


@dataclass(frozen=True)
class Letter:
    customer_id: str
    currency: str
    level: str
    items: tuple[Item, ...]
    fee: Decimal

    @property
    def interest(self) -> Decimal:
        return sum((i.interest for i in self.items), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((i.open_amount for i in self.items), ZERO) + self.interest + self.fee


def late_interest(open_amount: Decimal, pct_per_year: Decimal, days: int, currency: str) -> Decimal:
    """Simple interest for `days` days past due, rounded half-up to the minor unit."""
    if days <= 0 or pct_per_year <= 0 or open_amount <= 0:
        return ZERO
    raw = open_amount * pct_per_year / Decimal(100) * Decimal(days) / Decimal(365)
    return raw.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def plan_letters(invoices: Iterable[OpenInvoice], today: date, rules: DunningRules,
                 history: Mapping[str, Sequence[tuple[date, str]]], awaiting_review: set[str],
                 disputed: set[str], credits: Mapping[tuple[str, str], Decimal] | None = None) -> list[Letter]:
    """The letters to send today (one per customer and currency), by the rules above;
    `credits`: each (customer, currency)'s credit not yet applied."""
    if not rules.enabled:
        return []
    levels = sorted(rules.levels, key=lambda lv: lv.days_overdue)
    disputed = {str(number).strip().casefold() for number in disputed}  # as a clerk types them
    per_customer: dict[tuple[str, str], list[Item]] = {}
    credit_notes: dict[tuple[str, str], list[Item]] = {}
    for inv in invoices:
        if inv.open_amount < 0 and inv.invoice_number.casefold() not in disputed:
            # a credit note not yet set off: what the customer owes is less by it (rule 5)
            credit_notes.setdefault((inv.customer_id, inv.currency), []).append(
                Item(inv.invoice_number, inv.due_date or inv.issue_date, 0, inv.open_amount, ZERO))
            continue
        if inv.due_date is None or inv.open_amount < max(rules.min_amount, Decimal("0.01")):
            continue
        if inv.invoice_number in awaiting_review or inv.invoice_number.casefold() in disputed:
            continue
        late = (today - inv.due_date).days
        if late - rules.grace_days <= 0:
            continue
        interest = late_interest(inv.open_amount, rules.interest_pct_per_year, late, inv.currency)
        per_customer.setdefault((inv.customer_id, inv.currency), []).append(
            Item(inv.invoice_number, inv.due_date, late, inv.open_amount, interest))
    letters = []
    for (customer, currency), items in sorted(per_customer.items()):
        sent = sorted(history.get(customer, ()))
        if sent and (today - sent[-1][0]).days < rules.interval_days:
            continue
        worst = max(i.days_overdue for i in items) - rules.grace_days
        reached = [lv for lv in levels if worst >= lv.days_overdue]
        if not reached:
            continue
        level = reached[-1]
        if sent and (today - sent[-1][0]).days <= rules.interval_days * len(levels):
            previous = LEVELS.index(sent[-1][1]) if sent[-1][1] in LEVELS else -1
            following = [lv for lv in levels if LEVELS.index(lv.name) > previous]
            if LEVELS.index(level.name) <= previous and following:
                level = following[0]
        items = items + credit_notes.get((customer, currency), [])
        open_total = sum((i.open_amount for i in items), ZERO)
        if open_total < max(rules.min_amount, Decimal("0.01")):
            continue  # the customer's credit notes cover what is overdue
        fee = level.fee.value({"open_amount": open_total, "currency": currency, "days_overdue": Decimal(worst),
                               "level": level.name})
        fee = max(fee, ZERO).quantize(quantum(currency), rounding=ROUND_HALF_UP)
        letters.append(Letter(customer, currency, level.name,
                              tuple(sorted(items, key=lambda i: (i.due_date or date.min, i.invoice_number))), fee))
    return held_by_credit(letters, credits or {})[0]


def held_by_credit(letters: list[Letter], credits: Mapping[tuple[str, str], Decimal]
                   ) -> tuple[list[Letter], list[Letter]]:
    """(the letters to send, those held because their customer holds a credit in that currency)."""
    sent, held = [], []
    for letter in letters:
        (held if credits.get((letter.customer_id, letter.currency), ZERO) > 0 else sent).append(letter)
    return sent, held


def held_by_review(letters: list[Letter], suggested: Iterable[Mapping]) -> tuple[list[Letter], list[tuple]]:
    """(the letters to send, (letter, transaction) for each held because a payment of its customer in
    its currency awaits a clerk's review: the customer has paid something, and asking it for money
    before the payment is placed would ask twice)."""
    pending: dict[tuple[str, str], Mapping] = {}
    for tx in suggested:
        if (tx.get("amount") or ZERO) <= 0:
            continue
        for m in tx.get("matches") or []:
            customer = m.get("customer_id") or str(m.get("document") or "").removeprefix("credit:")
            pending.setdefault((customer, (tx.get("currency") or "").upper()), tx)
    sent, held = [], []
    for letter in letters:
        tx = pending.get((letter.customer_id, letter.currency))
        if tx is None:
            sent.append(letter)
        else:
            held.append((letter, tx))
    return sent, held


def letter_pdf(letter: Letter, customer: Mapping, company: str, language: str, today: date) -> bytes:
    from backoffice_auto.reports.pdf import FAMILY, new_document

    pdf = new_document(translate(T_TITLE[letter.level], language), company)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 8, company, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 6, format_date(today, language), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, str(customer.get("name") or letter.customer_id), new_x="LMARGIN", new_y="NEXT")
    for part in ("street", "postal_code", "city"):
        if customer.get(part):
            pdf.cell(0, 5, str(customer[part]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 8, translate(T_TITLE[letter.level], language), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    money = lambda v: format_money(v, letter.currency, language)  # noqa: E731
    pdf.multi_cell(0, 5, translate(T_INTRO, language, total=money(letter.total)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (45, 30, 25, 40, 40)
    pdf.set_font(FAMILY, "B", 9)
    for w, h in zip(widths, (H_INVOICE, H_DUE, H_DAYS, H_OPEN, H_INTEREST)):
        pdf.cell(w, 6, translate(h, language), border="B")
    pdf.ln()
    pdf.set_font(FAMILY, "", 9)
    for item in letter.items:
        credit = item.open_amount < 0
        for w, v, align in zip(widths, (item.invoice_number, _day(item.due_date, language),
                                        "" if credit else str(item.days_overdue), money(item.open_amount),
                                        "" if credit else money(item.interest)),
                               ("L", "L", "R", "R", "R")):
            pdf.cell(w, 6, v, align=align)
        pdf.ln()
    pdf.ln(2)
    if letter.fee:
        pdf.cell(sum(widths[:4]), 6, translate(L_FEE, language))
        pdf.cell(widths[4], 6, money(letter.fee), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(sum(widths[:4]), 7, translate(L_TOTAL, language))
    pdf.cell(widths[4], 7, money(letter.total), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def dunning_step(ctx, invoices: Sequence[OpenInvoice], rules: DunningRules) -> list[Letter]:
    """Plan, write and mail today's letters; record them in `dunning_letters`."""
    from backoffice_auto.mail.message import Attachment, MailMessage

    if not rules.enabled:
        return []
    books = ctx.books
    history: dict[str, list[tuple[date, str]]] = {}
    for row in books.rows("dunning_letters"):
        history.setdefault(row["customer_id"], []).append((row["sent_on"], row["level"]))
    awaiting = {m.get("document") for t in books.rows("bank_transactions", status="suggested")
                for m in t.get("matches") or []}
    disputed = {r["invoice_number"] for r in books.rows("invoice_disputes")} | set(rules.disputed)
    credits = customer_credits(books.rows("bank_transactions"))
    letters, held = held_by_credit(plan_letters(invoices, ctx.today, rules, history, awaiting, disputed), credits)
    letters, waiting = held_by_review(letters, books.rows("bank_transactions", status="suggested"))
    for letter, tx in waiting:
        ctx.note(Problem(MSG_AWAITING_PAYMENT, None, {"customer": letter.customer_id, "transaction": tx["transaction_id"],
                                                      "amount": tx["amount"], "currency": letter.currency}, "warning"))
    for letter in held:
        ctx.note(Problem(MSG_HELD_BY_CREDIT, None, {"customer": letter.customer_id, "currency": letter.currency,
                                                    "credit": credits[(letter.customer_id, letter.currency)]},
                         "warning"))
    company = ctx.settings.company.name
    per_customer = Counter(letter.customer_id for letter in letters)
    for n, letter in enumerate(letters, 1):
        customer = books.get("customers", letter.customer_id) or {}
        lang = normalize_language(customer.get("language"), default=ctx.language)
        # a customer owing in two currencies gets two letters: each its own file and mail
        name = f"dunning-{letter.customer_id}-{letter.level}.pdf" if per_customer[letter.customer_id] == 1 \
            else f"dunning-{letter.customer_id}-{letter.level}-{letter.currency}.pdf"
        ctx.output(name).write_bytes(letter_pdf(letter, customer, company, lang, ctx.today))
        title = translate(T_TITLE[letter.level], lang)
        intro = translate(T_INTRO, lang, total=format_money(letter.total, letter.currency, lang))
        lines = "\n".join(f"{i.invoice_number}  {_day(i.due_date, lang)}  "
                          f"{format_money(i.open_amount, letter.currency, lang)}" for i in letter.items)
        html_lines = "".join(f"<li>{i.invoice_number}: {format_money(i.open_amount, letter.currency, lang)}</li>"
                             for i in letter.items)
        to = tuple(a for a in (customer.get("email"),) if a)
        if not to:
            ctx.note(Problem(MSG_NO_ADDRESS, None, {"customer": letter.customer_id, "file": name}, "warning"))
        if to:
            ctx.mail(MailMessage(to, f"{title}: {company}", f"<p>{intro}</p><ul>{html_lines}</ul>",
                                 f"{intro}\n\n{lines}", cc=(rules.to_role,), kind="dunning", language=lang,
                                 key=f"dunning-{letter.customer_id}-{letter.currency}",
                                 attachments=(Attachment(name, output=name, mime_type="application/pdf"),)))
        books.insert("dunning_letters", {
            "letter_id": f"{ctx.job_id}-{n}", "customer_id": letter.customer_id, "level": letter.level,
            "invoices": [i.invoice_number for i in letter.items], "sent_on": ctx.today, "total": letter.total,
            "fee": letter.fee, "interest": letter.interest, "job_id": ctx.job_id})
    return letters


def _day(day: date | None, language: str) -> str:
    return format_date(day, language) if day is not None else ""


def customer_credits(transactions: Iterable[Mapping]) -> dict[tuple[str, str], Decimal]:
    """Each (customer, currency)'s credit: what posted payments kept as the customer's credit
    (allocations of kind `credit`), none of which is applied to an invoice later."""
    out: dict[tuple[str, str], Decimal] = {}
    for t in transactions:
        if t.get("status") not in ("matched", "partial"):
            continue
        for m in t.get("matches") or []:
            if m.get("kind") != "credit":
                continue
            customer = m.get("customer_id") or str(m.get("document") or "").removeprefix("credit:")
            key = (customer, t.get("currency") or "")
            out[key] = out.get(key, ZERO) + Decimal(str(m.get("amount") or 0))
    return {k: v for k, v in out.items() if v > 0}


__all__ = ["customer_credits", "held_by_credit", "held_by_review", "plan_letters", "late_interest", "dunning_step", "letter_pdf", "Letter", "Item"]
