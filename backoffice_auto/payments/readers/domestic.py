"""Domestic account numbers of the national statement formats, their check digits and IBANs.

The books and `company.accounts` speak IBAN, the national formats speak the domestic
parts: a Czech prefix-number (and, for a counterparty, the bank code), a Spanish entidad,
oficina and cuenta (the CCC's two control digits left out), a French bank, guichet and
compte (the RIB key left out). The check digits are computed here with the national rules
(Czech weighted modulo 11, Spanish DC modulo 11, French RIB key modulo 97): a Czech number,
which carries its check digit, is validated (the statement's own account refuses the file
when it fails; a counter-account that fails keeps its domestic form and gets no IBAN); the
Spanish and French formats leave the check digits out, so they are computed and the IBAN is
built from the parts.
"""

from __future__ import annotations

from functools import lru_cache

_CZ_PREFIX_WEIGHTS = (10, 5, 8, 4, 2, 1)
_CZ_NUMBER_WEIGHTS = (6, 3, 7, 9, 10, 5, 8, 4, 2, 1)
_ES_WEIGHTS = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)
# the RIB's letters as digits: A-I 1-9, J-R 1-9, S-Z 2-9
_RIB_LETTERS = {c: str(d) for group in ("ABCDEFGHI", "JKLMNOPQR", "STUVWXYZ")
                for d, c in enumerate(group, 1 if group[0] != "S" else 2)}


def czech_account_ok(prefix: str, number: str) -> bool:
    """Whether a Czech prefix (up to 6 digits) and number (up to 10, not zero) pass the weighted
    modulo-11 check every Czech account number has passed since the 2003 rules."""
    prefix, number = prefix.zfill(6), number.zfill(10)
    if not (prefix + number).isdigit() or not (prefix + number).isascii() or not int(number):
        return False
    return (sum(int(d) * w for d, w in zip(prefix, _CZ_PREFIX_WEIGHTS)) % 11 == 0
            and sum(int(d) * w for d, w in zip(number, _CZ_NUMBER_WEIGHTS)) % 11 == 0)


def czech_printed(prefix: str, number: str, bank: str = "") -> str:
    """`19-2000145399/0800` as Czech banks print it: no leading zeros, no prefix when it is zero."""
    prefix, number = prefix.lstrip("0"), number.lstrip("0") or "0"
    out = f"{prefix}-{number}" if prefix else number
    return f"{out}/{bank}" if bank else out


def spanish_dc(bank: str, branch: str, account: str) -> str:
    """The CCC's two control digits: the first over entidad + oficina, the second over the cuenta."""
    def one(digits: str) -> str:
        rest = 11 - sum(int(d) * w for d, w in zip(digits.zfill(10), _ES_WEIGHTS)) % 11
        return "0" if rest == 11 else "1" if rest == 10 else str(rest)

    return one("00" + bank + branch) + one(account)


def rib_key(bank: str, branch: str, account: str) -> str:
    """The French RIB key: 97 - (89 bank + 15 guichet + 3 compte) mod 97, letters of the compte as digits."""
    compte = "".join(_RIB_LETTERS.get(c, c) for c in account.upper())
    if not (bank + branch + compte).isdigit():
        raise ValueError(account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(compte)) % 97:02d}"


@lru_cache(maxsize=65536)
def iban_of(country: str, bban: str) -> str:
    """The IBAN of a whole BBAN (check digits included), or '' when schwifty finds it invalid."""
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        num = "".join(str(int(c, 36)) for c in bban + country + "00")
        iban = IBAN(f"{country}{98 - int(num) % 97:02d}{bban}")
    except (SchwiftyException, ValueError):
        return ""
    return str(iban)


def czech_iban(prefix: str, number: str, bank: str) -> str:
    """CZ IBAN of a prefix-number and bank code, '' when the number fails its check or no bank code."""
    if len(bank) != 4 or not bank.isdigit() or not bank.isascii() or not czech_account_ok(prefix, number):
        return ""
    bban = bank + prefix.zfill(6) + number.zfill(10)  # digits only, checked: the IBAN's digits alone remain
    return f"CZ{98 - int(bban + '123500') % 97:02d}{bban}"  # C=12, Z=35


def spanish_iban(bank: str, branch: str, account: str) -> str:
    """ES IBAN of entidad, oficina, cuenta, the CCC's control digits computed (Norma 43 leaves them out)."""
    return iban_of("ES", bank + branch + spanish_dc(bank, branch, account) + account)


def french_iban(bank: str, branch: str, account: str) -> str:
    """FR IBAN of bank, guichet, compte, the RIB key computed (CFONB 120 leaves it out); ValueError for a
    compte holding other than letters and digits."""
    return iban_of("FR", bank + branch + account.upper() + rib_key(bank, branch, account))
