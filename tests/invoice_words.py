"""An amount written out in words, as invoices print the sum to pay under the figures
("Słownie: dwa tysiące sto złotych 45/100", "Slovy: dvanáct tisíc pět set korun",
"Son : mille deux cents euros et 45 centimes", "Amount in words: ..."). Used by the fresh
invoice layouts: the words line sits by the totals and holds numbers of its own (the cents
as "45/100"), which a reader must not take for an amount.

Whole units up to 999 999 in en, cs, pl, es, fr; the cents as digits.
"""

from __future__ import annotations

from decimal import Decimal

_EN = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
       "sixteen seventeen eighteen nineteen").split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_CS = ("nula jedna dva tři čtyři pět šest sedm osm devět deset jedenáct dvanáct třináct čtrnáct patnáct "
       "šestnáct sedmnáct osmnáct devatenáct").split()
_CS_TENS = "_ _ dvacet třicet čtyřicet padesát šedesát sedmdesát osmdesát devadesát".split()
_CS_HUNDREDS = "_,sto,dvě stě,tři sta,čtyři sta,pět set,šest set,sedm set,osm set,devět set".split(",")
_PL = ("zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście dwanaście trzynaście "
       "czternaście piętnaście szesnaście siedemnaście osiemnaście dziewiętnaście").split()
_PL_TENS = ("_ _ dwadzieścia trzydzieści czterdzieści pięćdziesiąt sześćdziesiąt siedemdziesiąt osiemdziesiąt "
            "dziewięćdziesiąt").split()
_PL_HUNDREDS = "_ sto dwieście trzysta czterysta pięćset sześćset siedemset osiemset dziewięćset".split()
_ES = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis "
       "diecisiete dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco "
       "veintiséis veintisiete veintiocho veintinueve").split()
_ES_TENS = "_ _ _ treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
_ES_HUNDREDS = ("_ ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos "
                "novecientos").split()
_FR = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept "
       "dix-huit dix-neuf").split()
_FR_TENS = "_ _ vingt trente quarante cinquante soixante soixante quatre-vingt quatre-vingt".split()


def _below_100(n: int, lang: str) -> str:
    if lang == "en":
        return _EN[n] if n < 20 else _EN_TENS[n // 10] + ("-" + _EN[n % 10] if n % 10 else "")
    if lang == "cs":
        return _CS[n] if n < 20 else _CS_TENS[n // 10] + (" " + _CS[n % 10] if n % 10 else "")
    if lang == "pl":
        return _PL[n] if n < 20 else _PL_TENS[n // 10] + (" " + _PL[n % 10] if n % 10 else "")
    if lang == "es":
        return _ES[n] if n < 30 else _ES_TENS[n // 10] + (" y " + _ES[n % 10] if n % 10 else "")
    if n < 20:
        return _FR[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):
        unit += 10
    word = _FR_TENS[tens]
    if unit == 0:
        return word + ("s" if tens == 8 else "")
    joiner = " et " if unit in (1, 11) and tens not in (8, 9) else "-"
    return word + joiner + _FR[unit]


def _below_1000(n: int, lang: str) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        if lang == "en":
            parts.append(_EN[hundreds] + " hundred")
        elif lang == "cs":
            parts.append(_CS_HUNDREDS[hundreds])
        elif lang == "pl":
            parts.append(_PL_HUNDREDS[hundreds])
        elif lang == "es":
            parts.append("cien" if hundreds == 1 and not rest else _ES_HUNDREDS[hundreds])
        else:
            parts.append(("" if hundreds == 1 else _FR[hundreds] + " ") + "cent" + ("s" if hundreds > 1 and not rest else ""))
    if rest or not hundreds:
        if parts and lang == "en":
            parts.append("and")
        parts.append(_below_100(rest, lang))
    return " ".join(parts)


def _thousands(n: int, lang: str) -> str:
    if lang == "en":
        return _below_1000(n, lang) + " thousand"
    if lang == "es":
        return "mil" if n == 1 else _below_1000(n, lang).replace("iuno", "iún").replace("uno", "un") + " mil"
    if lang == "fr":
        return "mille" if n == 1 else _below_1000(n, lang).rstrip("s") + " mille"
    if lang == "cs":
        word = "tisíc" if n % 100 in range(5, 21) or n % 10 not in (2, 3, 4) else "tisíce"
        return ("jeden tisíc" if n == 1 else _below_1000(n, lang).replace("jedna", "jeden") + " " + word)
    word = "tysięcy" if n % 100 in range(12, 15) or n % 10 not in (2, 3, 4) else "tysiące"
    return "tysiąc" if n == 1 else _below_1000(n, lang) + " " + word


def number_words(n: int, lang: str) -> str:
    """The whole number `n` (0..999 999) in words of `lang`."""
    thousands, rest = divmod(n, 1000)
    parts = [_thousands(thousands, lang)] if thousands else []
    if rest or not thousands:
        parts.append(_below_1000(rest, lang))
    return " ".join(parts)


CURRENCY_WORDS = {"en": "pounds", "cs": "korun českých", "pl": "złotych", "es": "euros", "fr": "euros"}
LEAD = {"en": ["Amount in words:", "In words:"], "cs": ["Slovy:", "Částka slovy:"],
        "pl": ["Słownie:", "Słownie złotych:"], "es": ["Son:", "Importe en letra:"],
        "fr": ["Arrêtée la présente facture à la somme de", "Montant en lettres :"]}


def amount_words(value: Decimal, lang: str, variant: int = 0) -> str:
    """The line an invoice prints the sum to pay in words on, the cents as digits."""
    whole = int(abs(value))
    cents = int((abs(value) - whole) * 100)
    words = number_words(whole % 1_000_000, lang)
    lead = LEAD[lang][variant % 2]
    if lang in ("cs", "pl"):
        return f"{lead} {words} {CURRENCY_WORDS[lang]} {cents:02d}/100"
    if lang == "es":
        return f"{lead} {words} euros con {cents:02d} céntimos"
    if lang == "fr":
        return f"{lead} {words} euros et {cents:02d} centimes"
    return f"{lead} {words} {CURRENCY_WORDS[lang]} and {cents:02d} pence"
