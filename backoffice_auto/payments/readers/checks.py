"""A statement checks itself before anything is booked: balances, stated totals, whose account.

A real statement's opening balance plus its transactions is its closing balance; a file
cut down by hand, a reader that missed a line, or a corrupt transfer breaks that sum, and
booking it would put wrong money in the books. Such a statement is refused with the
difference stated. A statement for an account the company has not listed in
`company.accounts` (or `company.iban`) is refused naming the account and that key: a
clerk's private statement or a customer's file must not be booked as ours.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal
from typing import Iterable

from schwifty.domain import Component

from backoffice_auto.errors import Label, Problem
from backoffice_auto.i18n import N_, NP_
from backoffice_auto.payments.readers.model import Statement, normalise_account

MSG_UNBALANCED = N_("Statement {statement} of account {account} does not balance: opening balance {opening} "
                    "plus the transactions {movement} makes {expected}, but the closing balance is {closing} "
                    "(difference {difference} {currency}). The file is refused; ask the bank for the full statement.")
MSG_TOTAL_MISMATCH = N_("Statement {statement} of account {account}: the bank states {side} of {stated}, but its "
                        "transactions add up to {counted} (difference {difference} {currency}).")
MSG_NOT_OURS = N_("Statement {statement} is for account {account}, which is not one of the company's accounts: "
                  "add it to company.accounts in rules/settings.yaml if it is ours.")
MSG_NO_BALANCE = N_("Statement {statement} of account {account} does not state both an opening and a closing "
                    "balance; its transactions were booked without the balance check.")
MSG_PENDING = NP_("Statement {statement}: {count} entry not yet booked by the bank (pending or for "
                  "information) was left out.",
                  "Statement {statement}: {count} entries not yet booked by the bank (pending or for "
                  "information) were left out.", "count")
MSG_CURRENCY_MIX = N_("Statement {statement} of account {account} is in {currency}, but a transaction is in {other}.")
MSG_SUB_UNIT = N_("The amount {amount} {currency} is finer than {currency}'s smallest unit ({unit}): a bank books "
                  "no fraction of it, so the number was misread or mistyped (a thousands separator read as a "
                  "decimal mark?).")

SIDE_DEBITS = N_("debits")
SIDE_CREDITS = N_("credits")


def _label(statement: Statement) -> str:
    return statement.statement_id or statement.source.render()


def balance_problems(statement: Statement) -> list[Problem]:
    """Errors when the balances or stated totals disagree with the lines; a warning when unchecked."""
    problems: list[Problem] = []
    label = _label(statement)
    movement = sum((line.amount for line in statement.lines), Decimal(0))
    params = {"statement": label, "account": statement.account, "currency": statement.currency}
    for line in statement.lines:
        if line.currency != statement.currency:
            problems.append(Problem(MSG_CURRENCY_MIX, line.source, {**params, "other": line.currency}))
            break
    problems += _sub_unit(statement)
    if statement.opening is not None and statement.closing is not None:
        expected = statement.opening + movement
        if expected != statement.closing:
            problems.append(Problem(MSG_UNBALANCED, statement.source, {
                **params, "opening": statement.opening, "movement": movement,
                "expected": expected, "closing": statement.closing,
                "difference": statement.closing - expected}))
    checked_totals = False
    if statement.stated_debits is not None:
        checked_totals = True
        counted = -sum((line.amount for line in statement.lines if line.amount < 0), Decimal(0))
        if counted != statement.stated_debits:
            problems.append(Problem(MSG_TOTAL_MISMATCH, statement.source, {
                **params, "side": Label(SIDE_DEBITS), "stated": statement.stated_debits, "counted": counted,
                "difference": statement.stated_debits - counted}))
    if statement.stated_credits is not None:
        checked_totals = True
        counted = sum((line.amount for line in statement.lines if line.amount > 0), Decimal(0))
        if counted != statement.stated_credits:
            problems.append(Problem(MSG_TOTAL_MISMATCH, statement.source, {
                **params, "side": Label(SIDE_CREDITS), "stated": statement.stated_credits, "counted": counted,
                "difference": statement.stated_credits - counted}))
    if (statement.opening is None or statement.closing is None) and not checked_totals:
        problems.append(Problem(MSG_NO_BALANCE, statement.source, params, "warning"))
    if statement.skipped_pending:
        problems.append(Problem(MSG_PENDING, statement.source, {"statement": label,
                                                                "count": statement.skipped_pending}, "warning"))
    return problems


def _sub_unit(statement: Statement) -> list[Problem]:
    """The first line whose amount is finer than its currency's minor unit (`1 420,085` EUR): booked,
    it could never be matched or balanced to the cent, and it says the amount was read wrong."""
    from backoffice_auto.money import quantum

    for line in statement.lines:
        try:
            unit = quantum(line.currency)
            finer = line.amount != line.amount.quantize(unit, rounding=ROUND_DOWN)
        except (ValueError, ArithmeticError):  # a code ISO 4217 does not know, or a number beyond any unit
            continue
        if finer:
            return [Problem(MSG_SUB_UNIT, line.source, {"amount": line.amount, "currency": line.currency,
                                                         "unit": unit})]
    return []


def company_accounts(company) -> frozenset[str]:
    """`company.accounts` and `company.iban` of the settings, normalised for comparison; an account
    listed in a domestic form that names one IBAN is listed as that IBAN (`listed_iban`)."""
    listed = list(getattr(company, "accounts", None) or ())
    if getattr(company, "iban", None):
        listed.append(company.iban)
    return frozenset(a for a in (listed_iban(x) or normalise_account(x) for x in listed) if a)


def listed_iban(account: str) -> str:
    """The IBAN an account listed in its domestic form is: Czech or Slovak `19-2000145399/0800` (Czech
    when the Czech bank registry knows the bank code, else Slovak when the Slovak one does; the number
    passing its check), German
    `37040044/0532013000`, a Polish NRB; '' for any other form. Listed so, one account is one key
    whichever form a statement names it in: with `company.iban` beside `19-2000145399/0800`, an MT940
    naming the one and a camt naming the other were booked under two keys, the same transaction twice,
    and with the domestic form alone a camt naming the IBAN was refused as not ours."""
    from backoffice_auto.payments.readers.domestic import czech_account_ok, iban_of

    text = "".join(str(account or "").split())
    cz = _CZ_SK_DOMESTIC.fullmatch(text)
    if cz:
        prefix, number, bank = (cz[1] or "").zfill(6), cz[2].zfill(10), cz[3]
        if not czech_account_ok(prefix, number):
            return ""
        country = next((c for c in ("CZ", "SK") if _bank_known(c, bank)), None)  # Fio's 2010 is in both: CZ
        return iban_of(country, bank + prefix + number) if country else ""
    de = _DE_DOMESTIC.fullmatch(text)
    if de:
        return iban_of("DE", de[1] + de[2].zfill(10))
    digits = normalise_account(text)
    if len(digits) == 26 and digits.isdigit():  # a Polish NRB: the IBAN without its letters
        iban = "PL" + digits
        return iban if normalise_account(iban_of("PL", digits[2:])) == iban else ""
    return ""


def _bank_known(country: str, bank: str) -> bool:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return IBAN.generate(country, bank_code=bank, account_code="0").bank is not None
    except (SchwiftyException, ValueError):
        return False


def company_account(account: str, accounts: Iterable[str], bank: str = "", branch: str = "") -> str | None:
    """The listed account (normalised) this statement account is, or None. Listed as written; or with
    the currency code some banks append to `:25:` (`NL71RABO0123456789EUR`), or the bank's BIC some put
    before it (`ABNANL2A/NL71ABNA0123456789`); or as the listed IBAN's
    whole BBAN (a French RIB `30006 00001 12345678901 89`, a Belgian `539-0075470-34`); or in the
    domestic form Czech, Slovak and German banks print for an IBAN listed in the settings
    (`19-2000145399/0800` is CZ65 0800 0000 1920 0014 5399, `37040044/0532013000` is
    DE89 3704 0044 0532 0130 00), or the IBAN without its country letters (Poland's NRB,
    `61 1090 1014 0000 0712 1981 2874` for PL61 1090 ...); or, when the file gives the bank (and branch) code apart (OFX
    `BANKID`, `BRANCHID`, a British sort code as `BANKID`), as the account number those codes complete to the
    listed IBAN. Only a whole
    match counts: an account sharing a listed one's bank, branch or number alone is not ours."""
    accounts = frozenset(accounts)
    key = normalise_account(account)
    if key in accounts:
        return key
    if len(key) > 3 and key[-3:].isalpha() and key[:-3] in accounts:
        return key[:-3]
    bic, slash, rest = key.partition("/")
    if slash and _BIC.fullmatch(bic) and "/" not in rest:  # `:25:ABNANL2A/NL71ABNA0123456789`
        return company_account(rest, accounts)
    if bank:
        found = next((listed for listed in sorted(accounts) if _completes(listed, bank, branch, account)), None)
        if found is not None:
            return found
    domestic = _domestic_bban(account or "") or (_domestic_bban(f"{account}/{bank}") if bank else None)
    if domestic is not None:
        countries, bban = domestic
        for listed in sorted(accounts):
            if listed[:2] in countries and listed[2:4].isdigit() and listed[4:] == bban:
                return listed
    if len(key) >= _MIN_BBAN:
        for listed in sorted(accounts):
            # the whole BBAN, or the IBAN without its country letters (a Polish NRB `61 1090 1014 ...`)
            if listed[:2].isalpha() and listed[2:4].isdigit() and key in (listed[4:], listed[2:]):
                return listed
    return None


def is_company_account(account: str, accounts: Iterable[str], bank: str = "", branch: str = "") -> bool:
    return company_account(account, accounts, bank, branch) is not None


_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_MIN_BBAN = 10  # shorter numbers are too common to be taken for a listed account's whole BBAN
_CZ_SK_DOMESTIC = re.compile(r"(?:(\d{1,6})-)?(\d{1,10})/(\d{4})")
_DE_DOMESTIC = re.compile(r"(\d{8})/(\d{1,10})")


def _domestic_bban(account: str) -> tuple[tuple[str, ...], str] | None:
    """(countries, BBAN) of a domestic account form, None for anything else."""
    text = "".join(account.split())
    m = _CZ_SK_DOMESTIC.fullmatch(text)
    if m:
        return ("CZ", "SK"), m[3] + (m[1] or "").zfill(6) + m[2].zfill(10)
    m = _DE_DOMESTIC.fullmatch(text)
    if m:
        return ("DE",), m[1] + m[2].zfill(10)
    return None


def _completes(listed: str, bank: str, branch: str, account: str) -> bool:
    """Whether bank code, branch code and account number (with or without the national check digits,
    which are computed when left out: the French and Monegasque RIB key, the Spanish DC) are exactly the
    listed IBAN's BBAN. A branch code is required where the country's BBAN has one, given apart or at
    the head of the account number; the account may also be the whole BBAN (a Spanish 20-digit CCC)."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    if "-" in account.strip("-"):  # a Czech or Slovak prefix-number: read as the domestic form, not here
        return False
    try:
        iban = IBAN(listed)
    except (SchwiftyException, ValueError):
        return False
    bank, branch, account = normalise_account(bank), normalise_account(branch), normalise_account(account)
    if account and not branch and iban.branch_code and not iban.bank_code.isdigit() and (bank, account) == (
            iban.branch_code, iban.account_code):
        return True  # a British or Irish sort code as the bank (OFX `BANKID`), the IBAN's letters being no code of its own
    if not account or bank != iban.bank_code:
        return False
    if account == iban.bban:
        return True
    bank_at = iban.spec.positions[Component.BANK_CODE]
    if not branch and account == iban.bban[:bank_at.start] + iban.bban[bank_at.end:]:
        return True  # the branch code (or Czech prefix) written in the account number, not apart
    if iban.branch_code and branch != iban.branch_code:
        return False
    positions = iban.spec.positions
    cut = sorted((r.start, r.end) for r in (positions[c] for c in (Component.BANK_CODE, Component.BRANCH_CODE))
                 if r.end > r.start)
    rest, at = "", 0
    for start, end in cut:
        rest, at = rest + iban.bban[at:start], end
    if account == rest + iban.bban[at:]:  # the account number with its check digits where the BBAN has them
        return True
    try:
        made = IBAN.generate(iban.country_code, bank_code=bank, branch_code=branch if iban.branch_code else "",
                             account_code=account)
    except (SchwiftyException, ValueError):
        return False
    return str(made) == str(iban)


def statement_account(statement: Statement, accounts: Iterable[str]) -> str | None:
    """The listed account (normalised) a statement is for, or None: its IBAN where the reader built
    one from the domestic parts, else its account as printed (with its bank and branch codes). A
    Czech ABO statement names its account without the bank code (`19-2000145399`): it is the listed
    Czech IBAN with that prefix and number when exactly one listed account has them."""
    accounts = frozenset(accounts)
    if statement.iban and normalise_account(statement.iban) in accounts:
        return normalise_account(statement.iban)
    found = company_account(statement.account, accounts, statement.bank_id, statement.branch_id)
    if found is None and statement.format == "abo":
        m = _CZ_NO_BANK.fullmatch("".join(statement.account.split()))
        if m:
            tail = (m[1] or "").zfill(6) + m[2].zfill(10)
            same = [a for a in accounts if a[:2] == "CZ" and len(a) == 24 and a[8:] == tail]
            found = same[0] if len(same) == 1 else None
    return found


_CZ_NO_BANK = re.compile(r"(?:(\d{1,6})-)?(\d{1,10})")


def account_problems(statement: Statement, accounts: Iterable[str]) -> list[Problem]:
    if statement_account(statement, accounts) is not None:
        return []
    shown = " ".join(x for x in (statement.bank_id, statement.branch_id, statement.account) if x)
    return [Problem(MSG_NOT_OURS, statement.source, {"statement": _label(statement), "account": shown or "?"})]
