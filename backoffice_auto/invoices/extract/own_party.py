"""Our own company, as an invoice may print it: never to be taken for the supplier.

A supplier invoice prints the buyer too (a "Bill to" block, an address window, our VAT id
for reverse charge, sometimes our account for a direct debit). When the supplier's own
fields are missing or unlabelled, a template-free reading could take ours for theirs, and
the clerk would be told that *we* are an unknown supplier. `OwnParty` holds our name, VAT
id and bank accounts (from `rules/settings.yaml`, `company`); the reader skips them when it
looks for the seller, and `without_own` blanks any that still reached the supplier fields.
Pure; comparisons ignore case, spaces, punctuation and the legal form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from backoffice_auto.i18n import N_
from backoffice_auto.invoices.extract.labels import LEGAL_FORMS
from backoffice_auto.invoices.extract.model import ExtractedInvoice

NOTE_OWN_COMPANY = N_("our own company's details printed on the invoice were not taken as the supplier's")


def _compact(text: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def fold_name(text: str | None) -> str:
    """A company name without its legal form, case, spaces and punctuation."""
    bare = LEGAL_FORMS.sub(" ", text or "")
    return re.sub(r"[\W_]+", "", bare.casefold())


@dataclass(frozen=True)
class OwnParty:
    names: frozenset[str] = frozenset()  # folded
    vat_ids: frozenset[str] = frozenset()  # compact, with and without the country prefix
    accounts: frozenset[str] = frozenset()  # compact IBANs and account ids

    @classmethod
    def of(cls, company) -> "OwnParty":
        """From the settings' `company` (name, vat_id, iban, accounts)."""
        if company is None:
            return cls()
        name = fold_name(getattr(company, "name", None))
        vat = _compact(getattr(company, "vat_id", None))
        vats = {vat, vat[2:] if vat[:2].isalpha() else vat} - {""}
        accounts = {_compact(a) for a in (getattr(company, "iban", None), *getattr(company, "accounts", ()))} - {""}
        return cls(frozenset({name} - {""}), frozenset(vats), frozenset(accounts))

    def is_name(self, text: str | None) -> bool:
        folded = fold_name(text)
        return bool(folded) and folded in self.names

    def is_vat(self, vat_id: str | None) -> bool:
        vat = _compact(vat_id)
        return bool(vat) and (vat in self.vat_ids or (vat[:2].isalpha() and vat[2:] in self.vat_ids))

    def is_account(self, account: str | None) -> bool:
        compact = _compact(account)
        return bool(compact) and compact in self.accounts

    def __bool__(self) -> bool:
        return bool(self.names or self.vat_ids or self.accounts)


NOBODY = OwnParty()


def without_own(inv: ExtractedInvoice, own: OwnParty) -> ExtractedInvoice:
    """`inv` with any supplier field that is ours blanked (its confidence dropped), and a note."""
    if not own:
        return inv
    blank = {f: None for f, test, value in (("name", own.is_name, inv.supplier.name),
                                             ("vat_id", own.is_vat, inv.supplier.vat_id),
                                             ("iban", own.is_account, inv.supplier.iban)) if test(value)}
    if not blank:
        return inv
    confidence = {k: v for k, v in inv.confidence.items() if k.removeprefix("supplier.") not in blank}
    buyer_vat = inv.buyer_vat_id or (inv.supplier.vat_id if "vat_id" in blank else None)
    return replace(inv, supplier=replace(inv.supplier, **blank), confidence=confidence, buyer_vat_id=buyer_vat,
                   notes=tuple(inv.notes) + (NOTE_OWN_COMPANY,))
