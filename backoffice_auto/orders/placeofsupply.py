"""Which VAT an invoice for shipped goods carries, by where the goods go and to whom.

Why: an item's tax rate is the seller's domestic rate. Charging it to a VAT-registered
business in another member state, or on goods leaving the EU, is wrong on the invoice: the
EU VAT Directive 2006/112/EC exempts an intra-Community supply of goods to a business
identified for VAT in another member state (art. 138; the customer accounts for the VAT
on its acquisition, and the invoice says so, art. 226(11a)) and the export of goods out of
the EU (art. 146). So, for a seller established in the EU:

* customer in the seller's country, or country not known (no ISO code, and no VAT id whose
  prefix names it): the items' rates (domestic);
* customer in another member state with a VAT id that is valid for that state (format and
  check digits, python-stdnum): 0 % on every line, `intra_eu`;
* customer in another member state without a valid VAT id (a consumer): the items' rates.
  Distance sales above the EU-wide threshold owe the destination's VAT through the OSS,
  whose rates the rules do not hold: that is the accountant's, and left as the items' rates;
* customer outside the EU: 0 % on every line, `export`.

A seller outside the EU (or of unknown country) keeps the items' rates: EU VAT does not
decide its invoices. `invoicing.vat_by_place_of_supply: false` keeps the items' rates always.
"""

from __future__ import annotations

from typing import Literal

from stdnum.eu import vat as eu_vat

# EU member states (ISO 3166; Greece's VAT prefix is EL, its country code GR)
EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())

Treatment = Literal["domestic", "intra_eu", "export"]


def country_of_vat_id(vat_id: str | None) -> str | None:
    """The member state a VAT id belongs to (`EL` is Greece), or None when it has no prefix."""
    if not vat_id:
        return None
    prefix = vat_id.strip()[:2].upper()
    if not prefix.isalpha():
        return None
    return "GR" if prefix == "EL" else prefix


def valid_eu_vat_id(vat_id: str | None, country: str) -> bool:
    """Whether `vat_id` is a valid VAT id of member state `country` (prefix optional)."""
    if not vat_id:
        return False
    prefix = "EL" if country == "GR" else country
    text = vat_id.strip().upper()
    if not text[:2].isalpha():
        text = prefix + text
    if country_of_vat_id(text) != country:
        return False
    try:
        eu_vat.validate(text)
    except ValueError:  # stdnum's ValidationError is one
        return False
    return True


def vat_treatment(seller_country: str | None, customer_country: str | None, customer_vat_id: str | None) -> Treatment:
    """How goods shipped by a seller in `seller_country` to this customer are taxed."""
    seller = (seller_country or "").strip().upper()
    buyer = (customer_country or "").strip().upper()
    if not (len(buyer) == 2 and buyer.isalpha()):  # none, or not a code (books from before the column was checked)
        buyer = country_of_vat_id(customer_vat_id) or ""
    buyer = "GR" if buyer == "EL" else buyer
    if seller not in EU or not buyer or buyer == seller:
        return "domestic"
    if buyer not in EU:
        return "export"
    return "intra_eu" if valid_eu_vat_id(customer_vat_id, buyer) else "domestic"
