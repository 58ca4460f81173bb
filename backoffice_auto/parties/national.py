"""Bank accounts in the forms people print, turned into IBANs so they compare as one.

A Polish invoice prints its account as a 26-digit NRB, a Czech one as `19-2000145399/0800`,
a German one as BLZ and Konto, a French one as a RIB, a Spanish one as the 20-digit CCC.
An account that was not read cannot be compared with the books, and a changed account is
the classic payment fraud, so every job that reads, pays or matches accounts turns these
forms into IBANs here. schwifty builds the IBAN (`IBAN.generate` from country, bank code,
branch code and account) and computes the national check digits; where the printed form
carries its own check digits (NRB, CZ/SK mod 11, RIB key, CCC control digits, Italian CIN)
a printed form whose digits do not agree is reported, never turned into an IBAN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from backoffice_auto.parties.bank import compact_iban, normalize_iban

MAX_TEXT = 200_000  # characters looked at: an invoice's text, bounded

CZ_PREFIX_WEIGHTS = (10, 5, 8, 4, 2, 1)
CZ_NUMBER_WEIGHTS = (6, 3, 7, 9, 10, 5, 8, 4, 2, 1)

_ACCOUNT_WORDS = (r"(?:account|acc(?:t|ount)?\.?|a/c|konto|kto\.?|kontonummer|kontonr\.?|rachun\w*|rach\.?|"
                  r"nrb|účtu?|učtu?|ucet|uctu|č\.\s?ú\.|bankovní\s+spojení|bankové\s+spojenie|"
                  r"bankverbindung|rib|compte|cuenta|ccc|conto|c/c|rekening\w*|bank)")
_LABELLED_BEFORE = re.compile(r"(?i)" + _ACCOUNT_WORDS + r"[^\n]{0,40}$")


@dataclass(frozen=True)
class NationalAccount:
    """One account read from text: its IBAN, or why none could be made from what was printed."""

    printed: str
    country: str
    iban: str | None
    problem: str | None = None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _generate(country: str, bank: str, account: str, branch: str = "") -> str | None:
    try:
        return IBAN.generate(country, bank_code=bank, account_code=account, branch_code=branch).compact
    except SchwiftyException:
        return None


def cz_sk_number_valid(prefix: str, number: str) -> bool:
    """The Czech and Slovak weighted mod-11 check of an account's prefix and number."""
    prefix, number = prefix.rjust(6, "0"), number.rjust(10, "0")
    if len(prefix) > 6 or len(number) > 10 or int(number) == 0:
        return False
    ok_prefix = sum(int(d) * w for d, w in zip(prefix, CZ_PREFIX_WEIGHTS)) % 11 == 0
    return ok_prefix and sum(int(d) * w for d, w in zip(number, CZ_NUMBER_WEIGHTS)) % 11 == 0


def _known_bank(country: str, code: str) -> bool:
    try:
        BIC.from_bank_code(country, code)
    except (SchwiftyException, KeyError, ValueError):
        return False
    return True


# --- one pattern per national form ----------------------------------------------------------

_NRB = re.compile(r"(?<![\dA-Za-z])(\d{2}(?:[ -]?\d{4}){6})(?![\d])")
_CZ = re.compile(r"(?<![\d/-])(?:(\d{1,6})\s?-\s?)?(\d{2,10})\s?/\s?(\d{4})(?![\d/])")
_BLZ = re.compile(r"(?i)\bBLZ\W{0,3}(\d{3}\s?\d{3}\s?\d{2}|\d{5})(?!\d)")
_KONTO = re.compile(r"(?i)\b(?:Konto(?:-?Nr\.?|nummer)?|Kto\.?(?:-?Nr\.?)?|Kontonr\.?)\W{0,3}(\d(?:[ ]?\d){0,10})(?!\d)")
_RIB = re.compile(r"(?<![\dA-Z])(\d{5})[ ]?(\d{5})[ ]?([0-9A-Z]{11})[ ]?(\d{2})(?![\dA-Z])")
_RIB_PARTS = {
    "bank": re.compile(r"(?i)code\s+banque\W{0,3}(\d{5})(?!\d)"),
    "branch": re.compile(r"(?i)code\s+guichet\W{0,3}(\d{5})(?!\d)"),
    "account": re.compile(r"(?i)(?:n°|no|num[ée]ro)\s+(?:de\s+)?compte\W{0,3}([0-9A-Z]{11})(?![0-9A-Z])"),
    "key": re.compile(r"(?i)cl[ée]\s+(?:rib\s+)?\W{0,3}(\d{2})(?!\d)"),
}
_CCC = re.compile(r"(?<![\d])(\d{4})[ -]?(\d{4})[ -]?(\d{2})[ -]?(\d{10})(?![\d])")
_IT = re.compile(r"(?i)\bCIN\W{0,3}([A-Z])\W+ABI\W{0,3}(\d{5})\W+CAB\W{0,3}(\d{5})\W+"
                 r"(?:c/c|c\.c\.|cc|n\.?\s*conto|conto(?:\s+corrente)?)\W{0,3}([0-9A-Z]{1,12})(?![0-9A-Z])")
_IT_BBAN = re.compile(r"(?<![A-Z0-9])([A-Z])[ -]?(\d{5})[ -]?(\d{5})[ -]?([0-9A-Z]{12})(?![A-Z0-9])")
_NL = re.compile(r"(?<![A-Z])([A-Z]{4})[ ]?(\d{10})(?!\d)")
_SORT = re.compile(r"(?i)sort\s*code\W{0,3}(\d{2})[- ]?(\d{2})[- ]?(\d{2})(?!\d)")
_GB_ACCOUNT = re.compile(r"(?i)(?:account|acc(?:t|ount)?\.?|a/c)\s*(?:no\.?|number|nr\.?|#)?\W{0,3}(\d{8})(?!\d)")
_BIC = re.compile(r"(?i)(?:bic|swift)\W{0,12}([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Z0-9])")


def _labelled(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LABELLED_BEFORE.search(text[line_start:start]))


def _nrb(text: str, hint: str | None):
    for m in _NRB.finditer(text):
        digits = _digits(m.group(1))
        iban = normalize_iban("PL" + digits)
        if iban:
            yield m.span(), NationalAccount(m.group(1), "PL", iban)
        elif hint == "PL" and _labelled(text, m.start()):
            yield m.span(), NationalAccount(m.group(1), "PL", None, "the check digits of the account number are wrong")


def _cz_sk(text: str, hint: str | None):
    country = "SK" if hint == "SK" else "CZ"
    for m in _CZ.finditer(text):
        prefix, number, bank = m.group(1) or "", m.group(2), m.group(3)
        labelled = _labelled(text, m.start())
        if not (labelled or prefix or len(number) >= 6) or not (labelled or _known_bank(country, bank)):
            continue
        if not cz_sk_number_valid(prefix, number):
            if labelled:
                yield m.span(), NationalAccount(m.group(0), country, None,
                                                "the account number fails its mod-11 check")
            continue
        iban = _generate(country, bank, number.rjust(10, "0"), prefix.rjust(6, "0"))
        if iban:
            yield m.span(), NationalAccount(m.group(0), country, iban)


def _de_at(text: str, hint: str | None):
    blz, konto = _BLZ.search(text), _KONTO.search(text)
    if not blz or not konto:
        return
    code, account = _digits(blz.group(1)), _digits(konto.group(1))
    country = "AT" if len(code) == 5 else "DE"
    iban = _generate(country, code, account.rjust(11 if country == "AT" else 10, "0"))
    printed = f"BLZ {blz.group(1)} Konto {konto.group(1)}"
    yield konto.span(), NationalAccount(printed, country, iban, None if iban else "not a valid account")


def _rib_account(printed: str, bank: str, branch: str, account: str, key: str) -> NationalAccount:
    iban = _generate("FR", bank, account.upper(), branch)
    if iban and iban[-2:] == key:
        return NationalAccount(printed, "FR", iban)
    return NationalAccount(printed, "FR", None, "the RIB key does not match the account")


def _fr(text: str, hint: str | None):
    found = False
    for m in _RIB.finditer(text):
        acc = _rib_account(m.group(0), *m.groups())
        if acc.iban or (hint == "FR" and _labelled(text, m.start())):
            found = True
            yield m.span(), acc
    if found:
        return
    parts = {key: pattern.search(text) for key, pattern in _RIB_PARTS.items()}
    if all(parts.values()):
        values = [parts[k].group(1) for k in ("bank", "branch", "account", "key")]
        yield parts["account"].span(), _rib_account(" ".join(values), *values)


def _es(text: str, hint: str | None):
    for m in _CCC.finditer(text):
        bank, branch, control, account = m.groups()
        iban = _generate("ES", bank, account, branch)
        if iban and iban[12:14] == control:
            yield m.span(), NationalAccount(m.group(0), "ES", iban)
        elif hint == "ES" and _labelled(text, m.start()):
            yield m.span(), NationalAccount(m.group(0), "ES", None, "the control digits of the CCC are wrong")


def _it(text: str, hint: str | None):
    matches = list(_IT.finditer(text))
    if hint == "IT":
        matches += [m for m in _IT_BBAN.finditer(text) if _labelled(text, m.start())]
    for m in matches:
        cin, abi, cab, account = m.groups()
        iban = _generate("IT", abi, account.rjust(12, "0"), cab)
        if iban and iban[4] == cin.upper():
            yield m.span(), NationalAccount(m.group(0), "IT", iban)
        else:
            yield m.span(), NationalAccount(m.group(0), "IT", None, "the CIN does not match the account")


def _nl(text: str, hint: str | None):
    if hint != "NL":
        return
    for m in _NL.finditer(text):
        if _labelled(text, m.start()) and _known_bank("NL", m.group(1)):
            iban = _generate("NL", m.group(1), m.group(2))
            if iban:
                yield m.span(), NationalAccount(m.group(0), "NL", iban)


def _gb(text: str, hint: str | None, reference: str | None):
    sort, account = _SORT.search(text), _GB_ACCOUNT.search(text)
    if not sort or not account:
        return
    code = "".join(sort.groups())
    bic = _BIC.search(text)
    bank = bic.group(1)[:4].upper() if bic and bic.group(1)[4:6].upper() == "GB" else None
    ref = normalize_iban(reference)
    if bank is None and ref and ref.startswith("GB") and ref[8:14] == code:
        bank = ref[4:8]  # the books' IBAN of this sort code names the bank
    printed = f"{sort.group(1)}-{sort.group(2)}-{sort.group(3)} {account.group(1)}"
    iban = _generate("GB", bank, account.group(1), code) if bank else None
    yield account.span(), NationalAccount(printed, "GB", iban,
                                          None if iban else "a sort code without the bank's BIC")


def read_accounts(text: str, country: str | None = None, reference: str | None = None) -> list[NationalAccount]:
    """Every bank account printed in a national form in `text`, in reading order.

    `country`: the party's country (its VAT id's prefix), which decides forms that look
    alike (CZ or SK) and admits labelled forms whose check digits fail (reported).
    `reference`: an IBAN already known for the party (a British sort code does not name
    its bank's letters; the books' IBAN of the same sort code does).
    """
    text = (text or "")[:MAX_TEXT]
    hint = (country or "").upper()[:2] or None
    taken: list[tuple[int, int]] = []
    out: list[tuple[int, NationalAccount]] = []
    readers = [_nrb, _fr, _es, _it, _cz_sk, _de_at, _nl]
    for reader in readers:
        for span, account in reader(text, hint):
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            out.append((span[0], account))
    for span, account in _gb(text, hint, reference):
        if not any(span[0] < end and start < span[1] for start, end in taken):
            out.append((span[0], account))
    return [account for _, account in sorted(out, key=lambda pair: pair[0])]


def account_iban(text: str | None, country: str | None = None, reference: str | None = None) -> str | None:
    """One account as the books or an invoice give it (an IBAN, or a national form) as an
    IBAN; None when it is neither."""
    iban = normalize_iban(text)
    if iban or not text:
        return iban
    for account in read_accounts(str(text), country, reference):
        if account.iban:
            return account.iban
    return None


def same_account(a: str | None, b: str | None, country: str | None = None) -> bool:
    """Whether two account texts, in any form, name the same account."""
    left = account_iban(a, country, b)
    right = account_iban(b, country, a)
    if left and right:
        return left == right
    return bool(a and b) and compact_iban(a) == compact_iban(b)
