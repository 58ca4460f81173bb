"""The faster paths of reference extraction and candidate finding give what the plain ones give.

* The built-in patterns run without the timeout (`refs.VETTED`): they are ours and linear, which
  adversarial long texts of near-matches show by running through (a catastrophic pattern would
  hang here: no timing assertion needed). Every default of the rules is vetted, and a pattern
  an admin writes keeps the timeout even when it differs from a built-in one only by its flags.
"""

from __future__ import annotations

import regex

from backoffice_auto.payments.matching.refs import PATTERN_FLAGS, VETTED, Extractor, _RF, is_vetted
from backoffice_auto.payments.rules_model import MatchingRules, ReferenceRule

LONG = 10_000


def _adversarial() -> list[str]:
    """Long texts of near-matches for every built-in pattern: each prefix repeated, or followed
    by a long run of what the pattern's repeats accept, ending in what breaks the match."""
    texts = []
    for head in ("VS", "V.S.", "VARIABILNI SYMBOL", "/INV/", "REF", "REFERENCIA", "FRA", "FACTURA", "RF12",
                 "RF", "AB", "ABCDE", "AB-2026-", "INV 2026 "):
        for run in (" ", ":", "-", "/", "1", "A", "A-", " 1", ". ", "#", "12345678901", "AB-2026-1234567890"):
            texts.append((head + run * LONG)[:LONG])
            texts.append(((head + run) * LONG)[:LONG])
            texts.append((head + run * LONG)[:LONG - 1] + "!")
    texts.append(("".join(chr(c) for c in range(32, 127)) * LONG)[:LONG])
    return texts


def test_built_in_patterns_run_through_long_adversarial_texts_without_a_timeout():
    texts = _adversarial()
    patterns = [_RF] + [regex.compile(t, PATTERN_FLAGS) for t in VETTED]
    for pattern in patterns:
        assert is_vetted(pattern)
        for text in texts:
            for m in pattern.finditer(text, timeout=None):
                assert m.end() - m.start() <= 60  # every match is short: bounded repeats
    ex = Extractor(MatchingRules())
    assert len(ex.patterns) == len(patterns)
    ex.extract_columns(texts)  # joined in chunks, as a run does
    assert ex.timeouts == 0


def test_every_default_pattern_is_vetted_and_an_admins_pattern_is_not():
    rules = MatchingRules()
    ex = Extractor(rules)
    assert all(is_vetted(pattern) for _, _, pattern in ex.patterns)
    assert all(ex._limit(pattern) is None for _, _, pattern in ex.patterns)
    own = MatchingRules(invoice_patterns=(VETTED[0] + "?",), references=(
        ReferenceRule(name="x", pattern="(?i)" + VETTED[2]),), pattern_timeout_ms=30)
    ex = Extractor(own)
    assert [is_vetted(p) for _, _, p in ex.patterns] == [True, False, False]  # RF, then the admin's two
    assert ex._limit(ex.patterns[1][2]) == 0.03 and ex._limit(ex.patterns[2][2], 2000) == 0.03 * 100
    assert not is_vetted(regex.compile(VETTED[2]))  # same text, other flags
