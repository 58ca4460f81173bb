"""Payer names against customer names, fuzzy (rapidfuzz), with a token index for speed.

Banks print `ACME TRADING SRO`, `Acme Trading s.r.o.`, `ACME TRADING S R O PRAHA`; legal
forms and punctuation are dropped before comparing, and a payer is only compared with the
customers sharing a word with it (the index), so 100,000 customers cost a few comparisons.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping

from rapidfuzz import fuzz

_LEGAL = frozenset("""sro spol s r o as a s ag gmbh kg ohg ltd limited plc inc llc corp co sa sl sas sarl
sp z oo spzoo zoo sa bv nv oy ab srl spa se eurl snc kft zrt""".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# letters that do not decompose into a base letter and a mark, as banks spell them in ASCII
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ß": "ss",
                       "ı": "i", "ħ": "h", "ŧ": "t"})


@lru_cache(maxsize=65536)
def normalise_name(name: str | None) -> str:
    """Lower case, without accents (banks print `SEDLACEK JAN` for `Jan Sedláček`: SEPA's
    character set has none), words of letters and digits, legal forms dropped."""
    if not name:
        return ""
    folded = name.casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded.translate(_FOLD))
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = [w for w in _WORD.findall(folded) if w not in _LEGAL]
    return " ".join(words)


def name_score(a: str | None, b: str | None) -> int:
    """0..100: how alike two names are, word order and legal forms aside."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0
    return int(round(max(fuzz.token_sort_ratio(na, nb), fuzz.ratio(na.replace(" ", ""), nb.replace(" ", "")))))


class NameIndex:
    """Best customer for a payer's name among the customers sharing a word with it."""

    def __init__(self, names: Mapping[str, str | None], max_bucket: int = 200):
        self.names = {cid: norm for cid, norm in zip(names, map(normalise_name, names.values())) if norm}
        # a word most customers' names hold once (a town, a number) keeps its one customer
        # id as it is, not in a list of its own: 20,000 fewer lists to make, and for the
        # cyclic collector to walk after the run
        buckets: dict[str, str | list[str]] = {}
        get = buckets.get
        for cid, norm in self.names.items():
            for word in norm.split():
                if len(word) >= 3:
                    ids = get(word)
                    if ids is None:
                        buckets[word] = cid
                    elif type(ids) is str:
                        if ids is not cid:  # a word twice in one name: the customer once
                            buckets[word] = [ids, cid]
                    elif ids[-1] is not cid:
                        ids.append(cid)
        self.buckets = {w: ids for w, ids in buckets.items() if type(ids) is str or len(ids) <= max_bucket}

    def _ids(self, word: str) -> "tuple[str] | list[str]":
        ids = self.buckets.get(word, ())
        return (ids,) if type(ids) is str else ids

    def candidates(self, name: str | None) -> Iterable[str]:
        seen: set[str] = set()
        for word in set(normalise_name(name).split()):
            for cid in self._ids(word):
                if cid not in seen:
                    seen.add(cid)
                    yield cid

    def best(self, name: str | None) -> tuple[str, int] | None:
        """(customer id, score) of the closest name; None when nothing shares a word.

        Two customers scoring the same best value make the answer None too: a name that
        fits two customers identifies neither.
        """
        scored = sorted(((name_score(name, self.names[cid]), cid) for cid in self.candidates(name)), reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            return None
        return scored[0][1], scored[0][0]

    def singles_out(self, name: str | None, threshold: int) -> bool:
        """Whether `best(name)` names one customer scoring at least `threshold`, without
        scoring the candidates that cannot reach it.

        `name_score` is the larger of two rapidfuzz ratios (words sorted; spaces dropped),
        each at most 200 * shorter / (sum of the lengths) as the InDel distance is at least
        the difference of the lengths (and sorting the words keeps the length). A candidate
        whose bounds stay below `threshold - 1` scores below `threshold` after rounding, and
        cannot tie with a best that reaches it."""
        norm = normalise_name(name)
        if not norm:
            return False
        buckets, names = self.buckets, self.names
        found: set[str] = set()
        for word in norm.split():
            ids = buckets.get(word)
            if ids:
                if type(ids) is str:
                    found.add(ids)
                else:
                    found.update(ids)
        if not found:
            return False
        la, la_solid = len(norm), len(norm) - norm.count(" ")
        limit = threshold - 1
        near = []
        for cid in found:
            other = names[cid]
            lb, lb_solid = len(other), len(other) - other.count(" ")
            if 200 * min(la, lb) >= limit * (la + lb) or 200 * min(la_solid, lb_solid) >= limit * (la_solid + lb_solid):
                near.append(other)
        if not near:
            return False
        scores = sorted((name_score(name, other) for other in near), reverse=True)
        return scores[0] >= threshold and (len(scores) == 1 or scores[0] != scores[1])
