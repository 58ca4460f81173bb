"""The figures of one supplier invoice as the job's note: supplier, number, net, VAT, gross, due.

A reader checks them against the PDF by hand (issue 13 item 7); amounts are labelled net and
gross and formatted in the workspace language. Pure: built from the bill entered (or, for an
invoice sent for review, from what was read).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Mapping

from backoffice_auto.errors import Problem, Source
from backoffice_auto.i18n import N_
from backoffice_auto.reports.figures import amounts

MSG_BILL_FIGURES = N_("bill {bill}: {supplier}, invoice {number}, net {net}, VAT {tax}, gross {gross}, due {due}")
MSG_READ_FIGURES = N_("read for review: {supplier}, invoice {number}, net {net}, VAT {tax}, gross {gross}, "
                      "due {due}")


def _money(value: Decimal | None, currency: str, language: str) -> str:
    return "?" if value is None else amounts({currency: value}, language)


def figures_note(source: Source, language: str, *, supplier: str, number: str | None, currency: str,
                 net: Decimal | None, tax: Decimal | None, gross: Decimal | None, due: date | None,
                 bill: str | None = None) -> Problem:
    params: Mapping[str, object] = {
        "supplier": supplier or "?", "number": number or "?", "net": _money(net, currency, language),
        "tax": _money(tax, currency, language), "gross": _money(gross, currency, language),
        "due": due if due is not None else "?"}
    if bill is None:
        return Problem(MSG_READ_FIGURES, source, dict(params), level="info")
    return Problem(MSG_BILL_FIGURES, source, dict(params) | {"bill": bill}, level="info")
