"""ISO 4217 currency codes and the digits of their minor unit.

Why this module exists: an invoice's rounding must not change when a locale library
updates its data (CLDR gave HUF 0 digits in Babel 2.19, while ISO 4217 says 2). The
accounting precision of a currency is the standard's, so it lives here as a table; Babel
stays for formatting and parsing in a locale, never for how many digits an amount has.

The table lists the active codes of ISO 4217 list one, plus recently withdrawn codes that
old documents still carry (HRK, SLL, ANG, CUC, ZWL). Funds and precious-metal codes
without a minor unit (XAU, XDR, XXX...) are left out: they are not money we pay.
"""

from __future__ import annotations

_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN "
    "ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD "
    "KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR "
    "MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB "
    "SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY "
    "TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"
)

#: Minor-unit digits by ISO 4217 alphabetic code.
MINOR_DIGITS: dict[str, int] = {
    **{code: 2 for code in _TWO.split()},
    **{code: 0 for code in _ZERO.split()},
    **{code: 3 for code in _THREE.split()},
    **{code: 4 for code in _FOUR.split()},
}

#: Every code the table knows.
CODES: frozenset[str] = frozenset(MINOR_DIGITS)
