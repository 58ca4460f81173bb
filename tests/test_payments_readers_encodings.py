"""Statements saved in the encodings real tools save them in, and prologs that do not tell the truth.

Found by saving a camt.053 the ways banks' portals and Windows tools do: as "Unicode" (UTF-16 with
a byte order mark and `encoding="UTF-16"` in the prolog), UTF-16 without the mark, with a UTF-8 mark
and an empty line before `<?xml`, and with `encoding="UTF-8"` over Windows-1250 bytes. Each was
refused as 'This is not a bank statement this service reads' or 'The XML is not well formed'; each
is now read, letters and amounts as written, and still checked (a statement that does not add up
is refused stating the difference).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements, statement_format
from backoffice_auto.payments.readers.encoding import utf8_statement
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import bank_rows, camt053, mt940, ofx

D = Decimal
IBAN = "CZ6508000000192000145399"  # company.iban of the sample settings
TEXT = "Faktura č. 2026-0001 Žluťoučký kůň"
LINES = [("1210.00", "CRDT", "B1", TEXT), ("150.50", "DBIT", "B2", "Poplatek")]


def _camt(closing: str | None = None) -> str:
    return camt053(IBAN, "1000.00", LINES, closing=closing).decode("utf-8")


def _declaring(text: str, encoding: str) -> str:
    return text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)


SAVED = {
    "utf-16 with its mark, declared": lambda t: _declaring(t, "UTF-16").encode("utf-16"),
    "utf-16-be with its mark, declared": lambda t: b"\xfe\xff" + _declaring(t, "UTF-16").encode("utf-16-be"),
    "utf-16-le without a mark, declared": lambda t: _declaring(t, "UTF-16").encode("utf-16-le"),
    "utf-16 with its mark, no encoding declared": lambda t: t.replace(' encoding="UTF-8"', "").encode("utf-16"),
    "utf-16 with its mark, declared UTF-8 by mistake": lambda t: t.encode("utf-16"),
    "utf-32 with its mark": lambda t: _declaring(t, "UTF-32").encode("utf-32"),
    "utf-8 with its mark": lambda t: t.encode("utf-8-sig"),
    "utf-8 with its mark and a line before the prolog": lambda t: b"\xef\xbb\xbf\r\n" + t.encode("utf-8"),
    "utf-8 declared UTF-16": lambda t: _declaring(t, "UTF-16").encode("utf-8"),
    "windows-1250 declared": lambda t: _declaring(t, "windows-1250").encode("cp1250"),
    "iso-8859-2 declared": lambda t: _declaring(t, "ISO-8859-2").encode("iso-8859-2"),
    "windows-1250 declared UTF-8": lambda t: t.encode("cp1250"),
    "windows-1250 without a prolog": lambda t: t.split("?>", 1)[1].lstrip().encode("cp1250"),
    "windows-1250 declared US-ASCII": lambda t: _declaring(t, "US-ASCII").encode("cp1250"),
}


@pytest.mark.parametrize("saved", SAVED, ids=list(SAVED))
def test_a_camt_statement_is_read_in_the_encoding_it_was_saved_in(saved):
    data = SAVED[saved](_camt())
    assert statement_format(data, "vypis.xml") == "camt"  # was None: 'not a bank statement'
    [st] = read_statements(data, "vypis.xml")
    assert [(ln.amount, ln.remittance) for ln in st.lines] == [(D("1210.00"), TEXT), (D("-150.50"), "Poplatek")]
    assert [p.text() for p in check_statements([st], [IBAN]) if p.level == "error"] == []


@pytest.mark.parametrize("saved", ["utf-16 with its mark, declared", "windows-1250 declared UTF-8"])
def test_such_a_statement_that_does_not_add_up_is_still_refused_with_the_difference(saved):
    [st] = read_statements(SAVED[saved](_camt(closing="2059.60")), "vypis.xml")
    [error] = [p.text() for p in check_statements([st], [IBAN]) if p.level == "error"]
    assert "does not balance" in error and "0.10" in error


def test_latin_1_declared_over_western_text_is_read_as_declared_and_its_euro_sign_too():
    text = _camt().replace(TEXT, "Crème brûlée, 5 € remise")
    [st] = read_statements(_declaring(text, "ISO-8859-1").encode("cp1252"), "releve.xml")
    assert st.lines[0].remittance == "Crème brûlée, 5 € remise"  # € is a control code in true Latin-1
    plain = text.replace(", 5 € remise", "")
    [st] = read_statements(_declaring(plain, "ISO-8859-1").encode("latin-1"), "releve.xml")
    assert st.lines[0].remittance == "Crème brûlée"


def test_utf_16_mt940_ofx_and_csv_are_told_and_read_too():
    sta = mt940("2400123456/2010", "100,00", [("50,00", "C", "R1", TEXT)]).decode("utf-8")
    [st] = read_statements(sta.encode("utf-16"), "vypis.sta")
    assert (st.format, st.lines[0].amount, st.lines[0].remittance) == ("mt940", D("50.00"), TEXT)
    [st] = read_statements(ofx("2400123456", [("-4.50", "F1", "Kavárna U Žáby", "")], version=2)
                           .decode("utf-8").encode("utf-16"), "ucet.ofx")
    assert (st.format, st.lines[0].amount, st.lines[0].counterparty_name) == ("ofx", D("-4.50"), "Kavárna U Žáby")
    csv = f"IBAN: {IBAN}\nMěna: CZK\nDatum\tČástka\tZpráva\n02.11.2026\t1 210,00\t{TEXT}\n"
    for data in (csv.encode("utf-16"), csv.encode("utf-16-le")):  # Excel's "Unicode text", with and without the mark
        [st] = read_statements(data, "pohyby.txt", mappings={}, locale="cs_CZ")
        assert [(ln.amount, ln.remittance) for ln in st.lines] == [(D("1210.00"), TEXT)]


def test_a_declared_encoding_nobody_knows_is_refused_naming_the_file_not_with_a_traceback():
    with pytest.raises(Refusal) as refused:
        read_statements(_declaring(_camt(), "X-NOBODY").encode("utf-8"), "vypis.xml")
    [problem] = refused.value.problems
    assert problem.source.file == "vypis.xml" and "not well formed" in problem.text()


def test_other_bytes_pass_unchanged():
    for data in (b"PK\x03\x04rest", b":20:A\r\n:25:X\r\n", "Datum;Částka\n".encode("cp1250"), b"",
                 _camt().encode("utf-8"), _declaring(_camt(), "windows-1250").encode("cp1250")):
        assert utf8_statement(data) is data or utf8_statement(data) == data


def test_a_utf_16_camt_dropped_anywhere_in_the_inbox_is_booked(workspace):
    data = SAVED["utf-16 with its mark, declared"](_camt())
    path = workspace.inbox / "vypis.xml"  # no folder hint: the content alone says it is a statement
    path.write_bytes(data)
    [out] = Pipeline(workspace).process_paths([path])
    assert (out["kind"], out["status"]) == ("bank", "done"), out
    assert [(r["amount"], r["remittance"]) for r in bank_rows(workspace)] == [
        (D("1210.00"), TEXT), (D("-150.50"), "Poplatek")]
