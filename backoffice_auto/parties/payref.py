"""Payment references: the text a supplier's bank matches an incoming payment by.

Shared by the invoice reader (what was printed), the bill checks (are its check digits
right?) and payables with the SEPA writer (how the reference goes into the transfer), so
that all three agree on one form of each kind:

- `rf`: an ISO 11649 creditor reference, `RF18539007547034` (check digits: python-stdnum);
- `ogm`: a Belgian structured communication, `+++090/9337/55493+++` (mod 97: python-stdnum);
- `cz`: Czech or Slovak payment symbols, `/VS/20260042/SS/1/KS/0308`, the form Czech banks
  read from a transfer's unstructured remittance (variable symbol up to 10 digits);
- `fi`: a Finnish national reference, `1234561` (7-3-1 weighted check digit);
- `text`: anything else the invoice asks to be quoted (a Polish "tytuł przelewu").

`parse` turns printed text into a `PaymentReference` (or None); `problem` says why one is
not valid (a code, for the caller's translated message); `remittance` and `structured`
say what a transfer carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REMITTANCE_MAX = 140

_OGM = re.compile(r"[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}")
_RF = re.compile(r"(?<![0-9A-Z])RF\s?\d{2}(?:\s?[0-9A-Z]{1,4}){1,6}(?![0-9A-Z])", re.I)
_SYMBOL = re.compile(r"/(VS|SS|KS)/([^/\s]*)", re.I)


@dataclass(frozen=True)
class PaymentReference:
    kind: str  # rf | ogm | cz | fi | text
    value: str  # the normal form (see the module's docstring)

    @property
    def variable_symbol(self) -> str | None:
        return dict(_SYMBOL.findall(self.value.upper())).get("VS") if self.kind == "cz" else None


def czech_symbols(vs: str | None, ks: str | None = None, ss: str | None = None) -> str | None:
    """`/VS/../SS/../KS/..` from the symbols printed (digits only), None without a VS."""
    vs = re.sub(r"\s", "", vs or "")
    if not vs:
        return None
    out = f"/VS/{vs}"
    for name, value in (("SS", ss), ("KS", ks)):
        value = re.sub(r"\s", "", value or "")
        if value:
            out += f"/{name}/{value}"
    return out


def parse(text: str | None, kind: str | None = None) -> PaymentReference | None:
    """The reference in printed `text`: a Belgian structured communication or an RF
    reference wherever it stands, else as `kind` says (the label it was read under:
    `cz`, `fi`, `text`), else the text itself."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("/VS/") or kind == "cz":
        found = dict((k.upper(), v) for k, v in _SYMBOL.findall(text))
        if not found and kind == "cz":
            found = {"VS": text.split()[0]}
        value = czech_symbols(found.get("VS"), found.get("KS"), found.get("SS"))
        return PaymentReference("cz", value) if value else None
    m = _OGM.search(text)
    if m:
        return PaymentReference("ogm", f"+++{m.group(1)}/{m.group(2)}/{m.group(3)}+++")
    m = _RF.search(text)
    if m:
        return PaymentReference("rf", re.sub(r"\s", "", m.group(0)).upper())
    if kind == "fi":
        return PaymentReference("fi", re.sub(r"\s", "", text))
    return PaymentReference("text", " ".join(text.split())[:REMITTANCE_MAX])


def _finnish_ok(digits: str) -> bool:
    if not re.fullmatch(r"\d{4,20}", digits):
        return False
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == int(digits[-1])


def problem(ref: PaymentReference) -> str | None:
    """Why the reference cannot be right, as a code (`check_digits`: its check digits fail;
    `symbol`: a Czech symbol is not 1 to 10 digits), None when it can."""
    if ref.kind == "rf":
        from stdnum import iso11649

        return None if iso11649.is_valid(ref.value) else "check_digits"
    if ref.kind == "ogm":
        from stdnum.be import ogm_vcs

        return None if ogm_vcs.is_valid(ref.value) else "check_digits"
    if ref.kind == "fi":
        return None if _finnish_ok(ref.value) else "check_digits"
    if ref.kind == "cz":
        if any(not re.fullmatch(r"\d{1,10}", value) for _name, value in _SYMBOL.findall(ref.value)):
            return "symbol"
    return None


def structured(ref: PaymentReference | None) -> tuple[str, str] | None:
    """(issuer, reference) for a pain.001 structured creditor reference: `ISO` for RF, `BBA`
    (the Belgian bankers' association) for a structured communication; None otherwise."""
    if ref is None:
        return None
    if ref.kind == "rf":
        return "ISO", ref.value
    if ref.kind == "ogm":
        return "BBA", re.sub(r"\D", "", ref.value)
    return None


def remittance(ref: PaymentReference | None, invoice_number: str | None) -> str:
    """The unstructured remittance of a transfer paying one invoice: Czech symbols in the
    form Czech banks read, other references as printed, else the invoice number."""
    if ref is None:
        return (invoice_number or "")[:REMITTANCE_MAX]
    return ref.value[:REMITTANCE_MAX]
