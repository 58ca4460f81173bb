"""The supplier's bank account when the invoice prints no IBAN but a national form (a
Polish NRB, a Czech `number/bank code`, BLZ and Konto, a RIB, a CCC...): the reading of
`parties.national`, applied to the invoice's lines, turned into the IBAN the checks compare
with the books. A form whose check digits fail is kept as printed, so the check reports it
rather than taking the account as missing.
"""

from __future__ import annotations

from backoffice_auto.invoices.extract.layout import Layout
from backoffice_auto.parties.national import read_accounts

SCORE_VALID = 0.9  # a national form whose check digits agree
SCORE_DOUBTFUL = 0.3  # printed, labelled, but its check digits fail


def national_account(layout: Layout, vat_id: str | None, skip=lambda account: False
                     ) -> tuple[str, float, int] | None:
    """(IBAN or the printed form, confidence, line index) of the first account printed in a
    national form; the supplier's VAT id's country decides forms that look alike. Accounts
    for which `skip` is true (our own) are passed over."""
    country = vat_id[:2].upper() if vat_id and vat_id[:2].isalpha() else None
    for line in layout.lines:
        for account in read_accounts(line.text, country):
            if skip(account.iban or account.printed):
                continue
            if account.iban:
                return account.iban, SCORE_VALID, line.index
            return account.printed, SCORE_DOUBTFUL, line.index
    # BLZ and Konto, sort code and account, or the parts of a RIB on separate lines
    for account in read_accounts("\n".join(line.text for line in layout.lines), country):
        if account.iban and not skip(account.iban):
            return account.iban, SCORE_VALID, 0
    return None
