"""The faster paths of reference extraction and candidate finding give what the plain ones give.

* The built-in patterns run without the timeout (`refs.VETTED`): they are ours and linear, which
  adversarial long texts of near-matches show by running through (a catastrophic pattern would
  hang here: no timing assertion needed). Every default of the rules is vetted, and a pattern
  an admin writes keeps the timeout even when it differs from a built-in one only by its flags.
* A built-in pattern runs only over the texts that hold one of its anchors (`refs._ANCHORS`):
  in upper-cased text the anchors' letters match only themselves, and a pattern finds
  nothing in a text where none of its anchors is.
* `typos.near_keys` reads the invoice keys from one joined string, hashes them by column and
  keeps only hash hits an edit could explain: the same as `TypoIndex` (which compares every
  shared hash), on random keys full of the awkward cases.
* The built-in invoice-number pattern is matched in columns over ASCII text
  (`invoice_scan.invoice_number_spans`): the same matches as the regex, on random texts made
  of the pieces its backtracking turns on. The anchors are looked for in a chunk's bytes as
  in its text.
* `candidates.find_tokens` takes the patterns' findings as numbers, looks for bare numbers only
  in the texts that could be one, and makes keys by rows: the same tokens as the findings made
  text by text and deduplicated in plain Python; `rf_valid_many` checks as `rf_valid` does.
* `written_numbers.known_numbers` finds the open invoices' numbers written as they are over all
  texts joined, keys made by rows: the same as looking text by text with `norm_key`.
"""

from __future__ import annotations

import numpy as np
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.payments.matching import written_numbers
from backoffice_auto.payments.matching.candidates import find_tokens
from backoffice_auto.payments.matching.written_numbers import known_numbers
from backoffice_auto.payments.matching.keys import norm_key
from backoffice_auto.payments.matching.invoice_scan import invoice_number_spans, span_texts
from backoffice_auto.payments.matching.refs import (_ANCHORS, PATTERN_FLAGS, VETTED, Extractor, _RF, anchored_texts,
                                                     column_keys, is_vetted, rf_reference, rf_valid, rf_valid_many,
                                                     row_keys)
from backoffice_auto.payments.matching.typos import TypoIndex, _codes, _hashes, _hashes_by_column, _pool, near_keys
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


# --------------------------------------------------------------------------- typo look-up

KEY_BODY = st.text("AB12\x00€é", min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(KEY_BODY.map("N:".__add__), KEY_BODY.map("D:".__add__), KEY_BODY), max_size=40),
       st.lists(st.one_of(KEY_BODY.map("N:".__add__), KEY_BODY), max_size=15), st.integers(0, 3))
def test_near_keys_read_from_joined_keys_equal_the_typo_index(keys, queries, close):
    """Keys of mixed lengths, with NULs, non-latin-1 characters and other prefixes: the pool
    read from one joined string and the position filter on shared variants change nothing."""
    near = [k[:j] + e + k[j + 2:] for k in keys[:close] for j in range(2, len(k) - 1)
            for e in ("", k[j], k[j + 1] + k[j], "A" + k[j + 1], k[j] + "B" + k[j + 1])]
    queries = queries + keys[:close] + near
    for minimum in (5, 8):
        assert near_keys(keys, queries, minimum) == TypoIndex(keys, minimum).lookup_many(queries)
        assert near_keys(dict.fromkeys(keys), queries, minimum) == TypoIndex(keys, minimum).lookup_many(queries)


@settings(max_examples=200, deadline=None)
@given(st.text("AB12", min_size=8, max_size=14), st.integers(0, 13), st.sampled_from(["sub", "ins", "del", "swap"]))
def test_one_edit_anywhere_is_found(body, at, edit):
    at = min(at, len(body) - 2)
    typo = {"sub": body[:at] + ("A" if body[at] != "A" else "B") + body[at + 1:],
            "ins": body[:at] + "1" + body[at:], "del": body[:at] + body[at + 1:],
            "swap": body[:at] + body[at + 1] + body[at] + body[at + 2:]}[edit]
    found = near_keys(["N:" + body, "N:ZZZZZZZZZZ"], ["N:" + typo], 5)[0]
    assert found == ({"N:" + body} if typo != body else set())


@settings(max_examples=200, deadline=None)
@given(st.lists(KEY_BODY.map("N:".__add__), min_size=1, max_size=30))
def test_pool_codes_equal_the_codes_of_each_key(keys):
    every, pool, codes, sizes = _pool(keys, set(range(2, 17)), 0, 40)
    bodies = [every[i][2:] for i in pool.tolist()]
    assert bodies == [k[2:] for k in dict.fromkeys(keys)]
    if bodies:
        assert np.array_equal(codes, _codes(bodies)) and sizes.tolist() == list(map(len, bodies))


@settings(max_examples=200, deadline=None)
@given(st.lists(KEY_BODY, min_size=1, max_size=30), st.sampled_from([np.uint32, np.uint64]))
def test_hashes_by_column_equal_the_hashes_by_word(words, dtype):
    codes = _codes(words)
    assert np.array_equal(_hashes_by_column(np.ascontiguousarray(codes.T), dtype), _plain_hashes(codes, dtype).T)
    assert np.array_equal(_hashes(codes, dtype), _plain_hashes(codes, dtype))


def _plain_hashes(codes, dtype):
    """Each word's hash and its hashes with character i deleted, written out with Python ints:
    h(s) = sum(s[j] * B**j) modulo 2**bits (positions past the end have code 0)."""
    base, bits = 1099511628211, 64 if dtype is np.uint64 else 32
    rows = []
    for word in codes.tolist():
        whole = sum(c * base**j for j, c in enumerate(word))
        variants = [sum(c * base**j for j, c in enumerate(word[:i] + word[i + 1:])) for i in range(len(word))]
        rows.append([h % 2**bits for h in [whole] + variants])
    return np.array(rows, dtype=dtype).reshape(len(rows), codes.shape[1] + 1)


# --------------------------------------------------------------------------- tokens in columns

TEXT_PART = ["INV-2026-00012", "RF18 5390 0754 7034", "VS: 0012", "referencia: AB-12/34", "FRA 2026/1", "RE", "/INV/FA-2026-0042/", " 0042 ", "12345",
             "12345678901", "\u00a0", "\u3000", "²", "٣", "ß", "ſ", "\x1f", "\x00", "\x1c", "?", "\t", " ", "0", "a"]


def plain_tokens(extractor, texts):
    """Reference: the findings text by text, the bare number of each text last, then the
    first of each (payment, key, kind) with a key."""
    rows = []
    for t, text in enumerate(texts):
        for name, kind, pattern in extractor.patterns:
            rows += [(t, kind, name, raw) for raw in extractor._one(pattern, (text or "")[: extractor.max_text].upper())]
    for t, text in enumerate(texts):
        stripped = (text or "").strip()
        if len(stripped) <= 10 and stripped.isdigit():
            rows.append((t, "digits", "cz_variable_symbol", stripped))
    out, seen = [], set()
    for t, kind, name, raw in rows:
        key = column_keys([raw], [kind])[0]
        kind = "structured" if kind == "structured" else "reference"
        if len(key) > 2 and (t, key, kind) not in seen:
            seen.add((t, key, kind))
            out.append((t, kind, name, raw, key))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(TEXT_PART), max_size=4).map("".join)), max_size=25),
       st.integers(1, 6), st.sampled_from([35, 1000]))
def test_find_tokens_equals_the_plain_reference(texts, chunk, cut):
    ex = Extractor(MatchingRules(max_text_length=cut))  # 35: texts longer than that are cut one by one
    ex.CHUNK = chunk
    tokens = find_tokens(ex, texts)
    got = list(zip(tokens.t.tolist(), tokens.kind, tokens.name, tokens.raw, tokens.key))
    assert got == plain_tokens(ex, texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(TEXT_PART), max_size=4).map("".join)), max_size=25),
       st.integers(1, 80))
def test_find_tokens_in_chunks_cut_by_characters_equals_the_plain_reference(texts, chars):
    """A chunk holding more characters than `CHARS` is searched in smaller pieces."""
    ex = Extractor(MatchingRules())
    ex.CHARS = chars
    tokens = find_tokens(ex, texts)
    got = list(zip(tokens.t.tolist(), tokens.kind, tokens.name, tokens.raw, tokens.key))
    assert got == plain_tokens(ex, texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(TEXT_PART), max_size=4).map("".join)), max_size=25))
def test_token_codes_say_what_the_kinds_and_keys_say(texts):
    """The engine reads a token's kind from `code`: 2 structured, 1 a digits (`D:`) key, else 0."""
    tokens = find_tokens(Extractor(MatchingRules()), texts)
    assert tokens.code.tolist() == [2 if kind == "structured" else 1 if key.startswith("D:") else 0
                                    for kind, key in zip(tokens.kind, tokens.key)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(TEXT_PART), max_size=30), st.lists(st.sampled_from(["invoice_number", "digits",
                                                                                    "structured"]), max_size=30))
def test_row_keys_equal_column_keys(texts, kinds):
    kinds = (kinds + ["invoice_number"] * len(texts))[:len(texts)]
    kind = np.array(kinds, dtype=object)
    assert row_keys(texts, np.flatnonzero(kind == "digits"), np.flatnonzero(kind == "structured")) == \
        column_keys(texts, kinds)


# --------------------------------------------------------------------------- anchors


def test_the_anchor_letters_stand_for_themselves_alone_in_upper_cased_text():
    """IGNORECASE takes `v`, `s`, `ſ`, ... for the anchors' letters, but `str.upper` never
    gives them: in upper-cased text each anchor character matches only itself."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    upper_cased = set(everything.upper())
    for char in set("".join(a for anchors in _ANCHORS.values() for a in anchors)):
        same = set(regex.compile(regex.escape(char), PATTERN_FLAGS).findall(everything))
        assert char in same and same & upper_cased == {char}


ANCHOR_PARTS = ["VS", "V.S.", "vs", "ſ", "VARIABILNÍ SYMBOL", "variabilni symbol: ", "REF", "REFERENCIA.",
                "fra ", "Factura#", "rf18 5390", "RF18 5390 0754 7034", "V", "S", "R", "F", ".", " ", ":",
                "12345", "AB12", "\x1f", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ANCHOR_PARTS), max_size=6).map("".join), min_size=1, max_size=40))
def test_a_pattern_with_anchors_finds_nothing_in_a_text_without_one(texts):
    ex = Extractor(MatchingRules())
    big, starts, ends, _ = ex._joined(texts)
    anchored = 0
    for _, _, pattern in ex.patterns:
        some = anchored_texts(pattern, big, starts)
        if (pattern.pattern, pattern.flags) in _ANCHORS:
            anchored += 1
        else:
            assert some is None
        if some is not None:
            for i, text in enumerate(texts):
                if i not in some.tolist():
                    assert not list(pattern.finditer(text.upper()))
    assert anchored == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text("RF0123456789ABZaz é\x00", max_size=30),
                          st.text("0123456789ABCZ", min_size=1, max_size=21).map(rf_reference).map(str),
                          st.text("0123456789", min_size=2, max_size=2).map(lambda d: "RF" + d + "INV202600012")),
                max_size=20))
def test_rf_valid_many_equals_rf_valid(compacts):
    assert rf_valid_many(compacts).tolist() == [rf_valid(c) for c in compacts]


# --------------------------------------------------------------------------- invoice numbers in columns

SCAN_PART = ["INV", "AB", "ABCDE", "ABCDEF", "A", "-", "/", " ", "2026", "123", "1234", "12345678", "0" * 13,
             "1", "_", ".", "\x1f", "\n", "X9", "a", "z1"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SCAN_PART), st.characters(max_codepoint=127)), max_size=12).map("".join))
def test_invoice_number_spans_equal_the_regex(text):
    pattern = regex.compile(VETTED[0], PATTERN_FLAGS)
    starts, ends = invoice_number_spans(np.frombuffer(text.encode("ascii"), dtype=np.uint8))
    assert list(zip(starts.tolist(), ends.tolist())) == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SCAN_PART), st.characters(max_codepoint=127)), max_size=12).map("".join))
def test_span_texts_equal_the_slices(text):
    data = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    starts, ends = invoice_number_spans(data)
    assert span_texts(data, starts, ends) == [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ANCHOR_PARTS + ["?", "é", "ß"]), max_size=6).map("".join), min_size=1,
                max_size=40))
def test_anchors_found_in_the_chunks_bytes_as_in_its_text(texts):
    ex = Extractor(MatchingRules())
    big, starts, ends, data = ex._joined(texts)
    if data is None:
        return
    at = starts - (len(ex.SEP) - 1) * np.arange(len(starts))
    for _, _, pattern in ex.patterns:
        plain, fast = anchored_texts(pattern, big, starts), anchored_texts(pattern, big, starts, data, at)
        assert (plain is None) == (fast is None) and (plain is None or plain.tolist() == fast.tolist())


def _known_numbers_plainly(texts, rows, numbers, max_text):
    """Text by text: each word whose parts are all among the text's first `MAX_PARTS`, then
    each run of up to `RUN_PARTS` of its parts and the whole word, keyed one by one; of one
    word's overlapping finds the longest that is no date, amount or account; each key once per text."""
    keys = {norm_key(n) for n in numbers}
    out = []
    for t in rows:
        text = (texts[t] or "")[:max_text]
        seen, parts_before = set(), 0
        for m in regex.finditer(r"[0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*", text):
            word = m.group()
            spans = [x.span() for x in regex.finditer(r"[0-9A-Za-z]+", word)]
            parts_before += len(spans)
            if parts_before > written_numbers.MAX_PARTS:
                break
            pieces = {(spans[i][0], word[spans[i][0]:spans[j][1]]) for i in range(len(spans))
                      for j in range(i, min(i + written_numbers.RUN_PARTS, len(spans)))} | {(0, word)}
            found = [(m.start() + off, piece) for off, piece in pieces
                     if norm_key(piece) in keys and len(norm_key(piece)) - 2 >= written_numbers.KNOWN_MIN_LENGTH
                     and any(c.isdigit() for c in piece)]
            chosen = []
            for at, piece in sorted(found, key=lambda f: (-len(f[1]), f[0])):
                if all(at + len(piece) <= a or at >= a + len(p) for a, p in chosen) and \
                        not written_numbers.lookalike(text, at, at + len(piece)):
                    chosen.append((at, piece))
            for _, piece in sorted(chosen):
                if norm_key(piece) not in seen:
                    seen.add(norm_key(piece))
                    out.append((t, piece, norm_key(piece)))
    return out


PART = st.text("0123456789AbZ", min_size=1, max_size=5)
WORD = st.lists(PART, min_size=1, max_size=8).flatmap(
    lambda parts: st.lists(st.sampled_from("-/."), min_size=len(parts) - 1, max_size=len(parts) - 1).map(
        lambda seps: parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(WORD, max_size=14).map(" ".join),
                          st.text("0123456789AZ -/.,\x1f\u00e9", max_size=40)), min_size=1, max_size=12),
       st.lists(WORD, max_size=20), st.integers(10, 400), st.data())
def test_known_numbers_over_joined_texts_equal_the_text_by_text_look_up(texts, numbers, max_text, data):
    for t in data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=4)):  # numbers that do stand in a text
        if texts[t]:
            words = regex.findall(r"[0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*", texts[t])
            if words:
                parts = regex.split(r"(?<=[0-9A-Za-z])(?=[-/.])", data.draw(st.sampled_from(words)))
                i = data.draw(st.integers(0, len(parts) - 1))
                j = data.draw(st.integers(i, len(parts) - 1))
                numbers.append("".join(parts[i:j + 1]).lstrip("-/."))  # the word, or a run of its parts
    single = {norm_key(n): i for i, n in enumerate(numbers) if norm_key(n)}
    rows = sorted(set(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=len(texts)))))
    got = known_numbers(texts, rows, single, max_text)
    assert list(zip(*got)) == _known_numbers_plainly(texts, rows, numbers, max_text)


def test_a_text_of_endless_parts_is_read_only_so_far():
    texts = ["-".join(["12345"] * 150) + " " + "1/" * 400, "Faktura 12345-12345 2026/0042", "1 " * 59 + "2026/0042"]
    single = {norm_key("2026/0042"): 0, norm_key("12345-12345"): 1}
    ts, raws, _ = known_numbers(texts, [0, 1, 2], single, 10_000)
    assert ts == [1, 1] and raws == ["12345-12345", "2026/0042"]  # the first word runs past MAX_PARTS; so does the last
