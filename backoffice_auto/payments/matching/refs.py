"""References in remittance text: invoice numbers, RF creditor references, variable symbols.

A payer writes `INV-2026-00012`, `inv 2026 00012`, `RF47INV202600012`, `VS 202600012` or
`/INV/INV-2026-00012/` (Polish split payment). Every form is reduced to a *key* that an
invoice number reduces to as well, so that finding candidates is an exact join:

* `N:<letters and digits, upper case>` for invoice numbers and named references;
* `D:<digits, leading zeros dropped>` for digit-only references (Czech variable symbol);

RF references (ISO 11649) are accepted only with valid check digits (python-stdnum); their
body is an invoice-number key. Admin-written patterns run with the `regex` package under a
timeout, so a catastrophic pattern costs at most the timeout per text, never a hang.

A long reference with one typo (one substitution, insertion, deletion or swap of two
neighbours) is found through a symmetric-deletion index and confirmed with the optimal
string alignment distance (rapidfuzz).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import regex
from rapidfuzz.distance import OSA
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from backoffice_auto.payments.rules_model import MatchingRules

_NON_ALNUM = regex.compile(r"[^0-9A-Z]+")
_NON_DIGIT = regex.compile(r"[^0-9]+")
_RF = regex.compile(r"\bRF\s?[0-9]{2}(?:\s?[0-9A-Z]){1,21}\b")


def norm_key(text: str) -> str:
    """`inv-2026/00012` -> `N:INV202600012` (empty text gives an empty key)."""
    body = _NON_ALNUM.sub("", text.upper())
    return "N:" + body if body else ""


def digits_key(text: str) -> str:
    body = _NON_DIGIT.sub("", text).lstrip("0")
    return "D:" + body if body else ""


def invoice_keys(invoice_number: str) -> tuple[str, ...]:
    """The keys under which an invoice is found: its number, and its digits (at most 10)."""
    keys = [norm_key(invoice_number)]
    digits = digits_key(invoice_number)
    if digits and len(digits) - 2 <= 10:
        keys.append(digits)
    return tuple(k for k in keys if k)


def rf_reference(invoice_number: str) -> str | None:
    """The ISO 11649 creditor reference made from an invoice number (`RF` + check + body)."""
    body = _NON_ALNUM.sub("", invoice_number.upper())
    if not body or len(body) > 21:
        return None
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


@dataclass(frozen=True)
class Token:
    """A reference found in a payment's text: its key and what kind of evidence it is."""

    key: str
    kind: str  # reference | structured | typo-able (see `exact`)
    name: str  # which rule found it: invoice_pattern, rf, cz_variable_symbol, ...
    raw: str


class Extractor:
    """Finds reference tokens in texts with the rules' patterns (compiled once)."""

    def __init__(self, rules: MatchingRules):
        flags = regex.IGNORECASE | regex.V0
        self.timeout = rules.pattern_timeout_ms / 1000
        self.max_text = rules.max_text_length
        self.rf = rules.rf_references
        self.invoice_patterns = tuple(regex.compile(p, flags) for p in rules.invoice_patterns)
        self.references = tuple((r.name, r.kind, regex.compile(r.pattern, flags)) for r in rules.references)
        self.timeouts = 0

    def _findall(self, pattern, text: str) -> list[str]:
        try:
            found = []
            for m in pattern.finditer(text, timeout=self.timeout):
                found.append(m.group(1) if pattern.groups else m.group(0))
                if len(found) >= 50:
                    break
            return found
        except TimeoutError:
            self.timeouts += 1
            return []

    def extract(self, text: str | None) -> list[Token]:
        if not text:
            return []
        text = text[: self.max_text].upper()
        tokens: list[Token] = []
        seen: set[str] = set()

        def add(key: str, kind: str, name: str, raw: str) -> None:
            if key and (key, kind) not in seen:
                seen.add((key, kind))
                tokens.append(Token(key, kind, name, raw))

        if self.rf and "RF" in text:
            for raw in _RF.findall(text):
                compact = iso11649.compact(raw)
                if iso11649.is_valid(compact):
                    add("N:" + compact[4:], "structured", "rf", compact)
        for name, kind, pattern in self.references:
            for raw in self._findall(pattern, text):
                add(digits_key(raw) if kind == "digits" else norm_key(raw), "reference", name, raw)
        for pattern in self.invoice_patterns:
            for raw in self._findall(pattern, text):
                add(norm_key(raw), "reference", "invoice_number", raw)
        return tokens


class TypoIndex:
    """Invoice-number keys within one edit of a token (symmetric deletion, then OSA distance)."""

    def __init__(self, keys: Iterable[str], min_length: int):
        self.min_length = min_length
        self.index: dict[str, list[str]] = {}
        for key in keys:
            if key.startswith("N:") and len(key) - 2 >= min_length:
                for variant in _deletions(key[2:]):
                    self.index.setdefault(variant, []).append(key)

    def lookup(self, key: str) -> set[str]:
        if not key.startswith("N:") or len(key) - 2 < self.min_length:
            return set()
        body = key[2:]
        found: set[str] = set()
        for variant in _deletions(body):
            for candidate in self.index.get(variant, ()):
                if candidate != key and OSA.distance(body, candidate[2:], score_cutoff=1) <= 1:
                    found.add(candidate)
        return found


def _deletions(word: str) -> set[str]:
    out = {word}
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1:])
    return out
