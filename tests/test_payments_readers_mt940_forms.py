"""MT940 and MT942 files in the forms banks write them, standard or not.

Found by writing statements as Czech, Polish, German and Dutch banks send them: a bank that writes
its amounts with a dot for the decimal mark (`:61:2611021102C1210.00NTRF`, `:60F:C261101EUR1000.00`),
against SWIFT's comma, had its file refused line by line as 'Cannot read this :61: line'. Such
amounts are read when only one reading is possible; `1.234` (a thousand, or one and a bit) is
refused naming both readings, and a statement that does not add up is still refused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements

D = Decimal
IBAN = "CZ6508000000192000145399"


def _errors(statements, accounts=(IBAN,)):
    return [p.text() for p in check_statements(statements, accounts) if p.level == "error"]


def _dotted(opening: str, first: str, second: str, closing: str) -> bytes:
    return (":20:STARTUMS\r\n:25:CZ6508000000192000145399\r\n:28C:00049/001\r\n"
            f":60F:C261101CZK{opening}\r\n"
            f":61:2611021102C{first}NTRFNONREF//2611020001\r\n:86:Platba faktury 2026-0001\r\n"
            f":61:2611031103D{second}NCHGNONREF\r\n:86:Poplatek\r\n"
            f":62F:C261103CZK{closing}\r\n-\r\n").encode("ascii")


@pytest.mark.parametrize("opening, first, second, closing, amounts", [
    ("10000.00", "1210.00", "150.50", "11059.50", (D("1210.00"), D("-150.50"))),
    ("10000.", "1210.5", "150.", "11060.50", (D("1210.5"), D("-150"))),
    ("10.000,00", "1.210,00", "150,50", "11.059,50", (D("1210.00"), D("-150.50"))),  # thousands with dots
    ("10,000.00", "1,210.00", "150.50", "11,059.50", (D("1210.00"), D("-150.50"))),
    ("10000,00", "1210.00", "150,50", "11059,50", (D("1210.00"), D("-150.50"))),  # mixed in one file
])
def test_amounts_with_a_dot_for_the_decimal_mark_are_read_when_only_one_reading_is_possible(
        opening, first, second, closing, amounts):
    [st] = read_statements(_dotted(opening, first, second, closing), "vypis.sta")  # was refused line by line
    assert tuple(ln.amount for ln in st.lines) == amounts
    assert _errors([st]) == []


def test_a_dotted_statement_that_does_not_add_up_is_still_refused_with_the_difference():
    [st] = read_statements(_dotted("10000.00", "1210.00", "150.50", "11059.60"), "vypis.sta")
    [error] = _errors([st])
    assert "does not balance" in error and "0.10" in error


def test_an_amount_that_reads_two_ways_is_refused_naming_both_and_the_line():
    with pytest.raises(Refusal) as refused:
        read_statements(_dotted("10000.00", "1.210", "150.50", "10059.50"), "vypis.sta")
    [problem] = refused.value.problems
    assert problem.source.render() == "vypis.sta:5"
    assert problem.text() == ("The amount '1.210' of this :61: line can be read as 1,210 or as 1.210: the statement "
                              "writes the decimal mark as a dot, against the standard's comma. Ask the bank for "
                              "the file in the standard form (1234,56).")
    assert "1.210" in problem.text("cs") and "čárku" in problem.text("cs")


@pytest.mark.parametrize("bad", ["1.2.3", "1,23.4.5", ".50", "12.34.567,00"])
def test_a_dotted_amount_that_is_no_amount_is_refused_as_before(bad):
    with pytest.raises(Refusal) as refused:
        read_statements(_dotted("10000.00", bad, "150.50", "10059.50"), "vypis.sta")
    assert refused.value.problems[0].text().startswith("Cannot read this :61: line of the statement")
