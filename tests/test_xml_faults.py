"""Broken XML said in the reader's language: a bank statement cut off in transfer was refused with
`XML není správně utvořené: Premature end of data in tag Stmt line 2` (libxml2's English inside a
Czech sentence). Each common fault is now said as a phrase in the user's language, with its line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from backoffice_auto.documents.xmlerrors import (AFTER_END, AMPERSAND, BAD_CHARACTER, BAD_ENCODING, BROKEN_TAG,
                                                 CUT_OFF, MISMATCH)
from backoffice_auto.errors import Refusal
from backoffice_auto.i18n import translate
from backoffice_auto.payments.readers import read_statements
from bank_samples import camt053

GOOD = camt053("CZ6508000000192000145399", "100.00", [("10.00", "CRDT", "R1", "Faktura 1"),
                                                       ("5.00", "DBIT", "R2", "Poplatek")])
PARSER_WORDS = ("premature", "expected", "mismatch", "entityref", "pcdata", "token", "line 2", "char value")


def refusal(data: bytes) -> Refusal:
    with pytest.raises(Refusal) as refused:
        read_statements(data, "vypis.xml", mappings={})
    return refused.value


@pytest.mark.parametrize("data, phrase", [
    (GOOD[:len(GOOD) // 2], CUT_OFF),
    (GOOD[:-30], CUT_OFF),
    (GOOD.rsplit(b"</Document>", 1)[0], CUT_OFF),
    (GOOD.replace(b"</Ntry>", b"</Ntri>", 1), MISMATCH),
    (GOOD + b"<more/>", AFTER_END),
    (GOOD.replace(b"<Ustrd>", b"<Ustrd>A & B ", 1), AMPERSAND),
    (GOOD.replace(b"<Ustrd>", b"<Ustrd>&nbsp;", 1), AMPERSAND),
    (GOOD.replace(b"<Ustrd>", b"<Ustrd>\x01", 1), BAD_CHARACTER),
    (GOOD.replace(b"<Ntry>", b"<Ntry <", 1), BROKEN_TAG),
    (GOOD.replace(b'Ccy="', b'Ccy=', 1), BROKEN_TAG),
    (GOOD.replace(b'encoding="UTF-8"', b'encoding="klingon"', 1), BAD_ENCODING),
])
@pytest.mark.parametrize("language", ["en", "cs", "pl", "es", "fr"])
def test_a_broken_statement_is_refused_saying_why_in_the_reader_s_language(data, phrase, language):
    [problem] = refusal(data).problems
    text = problem.text(language)
    assert translate(phrase, language) in text
    assert not any(word in text.lower() for word in PARSER_WORDS), text
    if phrase != BAD_ENCODING:
        assert problem.source.row, problem  # the line the fault is on


@settings(max_examples=150, deadline=None)
@given(hs.integers(60, len(GOOD) - 1), hs.sampled_from([b"", b"<", b"&", b"\x00", b"</x>", b'"', b"\xff"]))
def test_any_cut_or_stray_byte_is_refused_in_words_not_a_traceback(at, stray):
    data = GOOD[:at] + stray + (GOOD[at:] if stray else b"")
    try:
        read_statements(data, "vypis.xml", mappings={})
    except Refusal as refused:
        for problem in refused.problems:
            assert not any(word in problem.text("cs").lower() for word in PARSER_WORDS), problem.text("cs")


@pytest.mark.parametrize("version", [1, 2])
def test_an_ofx_file_cut_off_is_refused_not_read_in_part(version):
    """ofxtools read a cut-off OFX file up to the cut: the transactions after it were dropped and
    the rest booked, with only a note that the balance could not be checked."""
    from bank_samples import ofx
    from backoffice_auto.payments.readers.ofx import L_HEADER

    good = ofx("CZ6508000000192000145399", [("10.00", "F1", "ACME", "Faktura 1"), ("-5.00", "F2", "Bank", "Fee")],
               version=version)
    [st] = read_statements(good + b"\r\n\r\n\x00\x00", "vypis.ofx", mappings={})  # padding after the end: read
    assert len(st.lines) == 2
    for cut in (len(good) * 2 // 3, len(good) - 3):
        [problem] = refusal(good[:cut]).problems
        assert translate(CUT_OFF, "pl") in problem.text("pl")
    broken = good.replace(b"OFXHEADER", b"OFXHEADR", 1).replace(b"<?OFX ", b"<?OFY ", 1)
    [problem] = refusal(broken).problems
    assert problem.text("es") == "No se puede leer el archivo OFX: " + translate(L_HEADER, "es") + "."


def test_ofx_tags_that_do_not_nest_are_refused_in_words():
    from bank_samples import ofx
    from backoffice_auto.payments.readers.ofx import L_NESTING

    good = ofx("CZ6508000000192000145399", [("10.00", "F1", "ACME", "Faktura 1")], version=2)
    [problem] = refusal(good.replace(b"Faktura 1", b"A & B <", 1)).problems
    assert translate(L_NESTING, "fr") in problem.text("fr")
