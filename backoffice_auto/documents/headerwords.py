"""Header text as words, the way clerks abbreviate it: `N° de commande`, `Č. obj.`, `Nr zam.`.

`normalise_header` glues a header into one key, so `Order no` matches `order no` but `N° de
commande` does not match `numéro de commande`. Here a header becomes a tuple of words:
accents and case folded, number signs (`N°`, `Nº`, `No.`, `Nr.`, `Nro`, `č.`, `#`,
`číslo`, `numer`, `número`, `numéro`) one word `#`, and little words (`de`, `du`, `of`,
`za`, ...) dropped. Two headers with the same words mean the same. `abbreviates` says
whether a header's words are shortened forms of an alias's words (`obj` of `objednavky`),
and `close` whether a header is a near miss of one (a typo), by rapidfuzz: a letter left out,
added, changed, or two letters swapped (`Qunatity`, `Pirce`), a swap counting as one slip.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel, Levenshtein

__all__ = ["header_words", "abbreviates", "close", "FUZZY_CUTOFF"]

_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss",
                       "#": " # ", "°": " ", "º": "o ", "№": " # "})
_NUMBER_WORDS = frozenset({"n", "no", "nr", "nro", "num", "numb", "nb", "number", "numero", "numer", "nummer",
                           "cislo", "c", "cis", "#"})
_LITTLE_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "l", "of", "the", "del", "za", "per", "pour",
                           "para", "por", "dla", "en", "el"})
# Shortenings that are not the start of their word (`Qté` of `quantité`), as whole words.
_SHORT = {"qte": "quantite", "qty": "quantity", "qt": "quantity", "amt": "amount", "dt": "date",
          "ks": "kusy", "szt": "sztuk", "uds": "unidades", "pcs": "pieces", "cust": "customer"}
_SPLIT = re.compile(r"[^0-9a-z#]+")
MAX_WORDS = 8
#: Smallest rapidfuzz ratio (0-100) at which a header is taken for an alias it misspells.
FUZZY_CUTOFF = 88


@lru_cache(maxsize=4096)
def header_words(text: str) -> tuple[str, ...]:
    """`N° de commande` -> ('#', 'commande'); `Č. obj.` -> ('#', 'obj'); `Qté` -> ('qte',)."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = [w for w in _SPLIT.split(plain) if w]
    if len(words) > MAX_WORDS:
        return ()
    out = []
    for i, word in enumerate(words):
        # a lone `n` or `c` is a number sign only before another word (`N° obj.`, `č. faktury`)
        if word in _NUMBER_WORDS and (len(word) > 1 or i + 1 < len(words)):
            word = "#"
        elif word in _LITTLE_WORDS and len(words) > 1:
            continue
        elif len(words) > 1:
            word = _SHORT.get(word, word)
        if not (word == "#" and out and out[-1] == "#"):
            out.append(word)
    return tuple(out)


def abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Each word of `short` begins the word of `full` at its place (`#`, `obj` of `#`, `objednavky`);
    at least one word is really shortened and is three letters or more when it stands alone."""
    if len(short) != len(full) or short == full:
        return False
    for s, f in zip(short, full):
        if not f.startswith(s):
            return False
        if s != f and len(s) < (3 if len(short) == 1 else 2):
            return False
    return True


def close(a: str, b: str) -> float:
    """Similarity 0-100 of two glued header keys (only keys of five characters or more compare).

    rapidfuzz's ratio (edits by insertion and deletion over both lengths), except that two
    neighbouring letters swapped count as one slip, like a letter left out, not as two:
    `qunatity` is as near `quantity` as `quantiy` is."""
    if len(a) < 5 or len(b) < 5:
        return 0.0
    edits = Indel.distance(a, b)
    swaps = Levenshtein.distance(a, b) - OSA.distance(a, b)  # each swap: 2 in Levenshtein, 1 in OSA
    return 100.0 * (1 - (edits - max(swaps, 0)) / (len(a) + len(b)))
