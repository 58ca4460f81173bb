"""Whether the currency a clerk wrote beside an amount in the reconciliation workbook is the payment's.

A payment is posted in the currency the bank booked it in. An amount written with another
currency's sign (`200 Kč` beside a payment in EUR) would otherwise be taken as that many of
the payment's currency, as the number parser drops the sign. Signs that several currencies
write (`$`, `kr`, `fr`, `¥`) are taken when the payment's currency is one of them and refused
otherwise, never guessed; a currency sign no currency we know writes (`¤`) is refused.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.documents.currencywords import currencies_named
from backoffice_auto.errors import Problem, Source
from backoffice_auto.i18n import N_

MSG_SPLIT_OTHER_CURRENCY = N_("{amount} {written} written for invoice {invoice}, but the payment is in {currency}: "
                              "write the amount in {currency}, as the bank booked it")
MSG_SIGN_OF_SEVERAL = N_("'{sign}' written beside {amount} for invoice {invoice} is the sign of several currencies "
                         "({currencies}), and none of them is {currency}, the payment's currency: write the amount "
                         "in {currency}, as the bank booked it")
MSG_SIGN_UNKNOWN = N_("'{sign}' written beside {amount} for invoice {invoice} is no currency this workbook knows: "
                      "write the amount in {currency}, the payment's currency, with its code or with no sign")


def sign_problem(sign: str | None, amount: Decimal | None, currency: str, where: Source | None,
                 **params) -> Problem | None:
    """The problem at `where` when `sign` (as written beside `amount`) cannot be `currency`;
    None when nothing is written or it agrees. `params` name the invoice (`invoice`)."""
    if amount is None or not sign:
        return None
    codes = currencies_named(sign)
    if currency in codes:
        return None
    common = {"amount": amount, "currency": currency, **params}
    if not codes:
        return Problem(MSG_SIGN_UNKNOWN, where, {"sign": sign, **common})
    if len(codes) == 1:
        return Problem(MSG_SPLIT_OTHER_CURRENCY, where, {"written": next(iter(codes)), **common})
    return Problem(MSG_SIGN_OF_SEVERAL, where, {"sign": sign, "currencies": ", ".join(sorted(codes)), **common})
