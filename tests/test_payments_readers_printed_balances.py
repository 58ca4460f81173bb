"""Spreadsheet exports printing their opening and closing balances around the rows, and header rows far down.

The printed balances hold the rows to them as a camt statement's balances do: rows that add
up are booked, rows that do not are refused with the difference; a closing printed with
nothing to start from is booked with the unchecked-balance note. A header row under a
long preamble is found; past the search limit the refusal names the limit and skip_lines.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.readers.tabular import HEADER_SEARCH_ROWS
from conftest import xlsx_bytes

IBAN = "CZ6508000000192000145399"
COLUMNS = {"booking_date": "Datum", "amount": "Částka", "remittance": "Zpráva"}


def _mapping(**columns):
    return {"bank": BankMapping.model_validate({"locale": "cs_CZ", "account": IBAN, "currency": "CZK",
                                                "columns": {**COLUMNS, **columns}})}


def _problems(statements):
    return [(p.level, p.render()) for p in check_statements(statements, [IBAN])]


@pytest.mark.parametrize("opening_label, closing_label", [
    ("Počáteční zůstatek", "Konečný zůstatek"), ("Saldo początkowe:", "Saldo końcowe:"),
    ("Saldo inicial", "Saldo final"), ("Solde initial", "Solde final au 30/11/2026"),
    ("Opening balance", "Closing balance"),
])
def test_printed_opening_and_closing_hold_the_rows(opening_label, closing_label):
    text = (f"Výpis z účtu\n{opening_label};1 000,00\n\nDatum;Částka;Zpráva\n"
            f"02.11.2026;1 210,00;Faktura 1\n03.11.2026;-10,50;Poplatek\n\n;{closing_label};2 199,50\n")
    [st] = read_statements(text.encode("utf-8"), "vypis.csv", mappings=_mapping(), locale="cs_CZ")
    assert (st.opening, st.closing) == (Decimal("1000.00"), Decimal("2199.50"))
    assert _problems([st]) == []
    wrong = text.replace("2 199,50", "2 199,00")
    [st] = read_statements(wrong.encode("utf-8"), "vypis.csv", mappings=_mapping(), locale="cs_CZ")
    [(level, error)] = _problems([st])
    assert level == "error" and "does not balance" in error and "difference -0.50 CZK" in error


def test_printed_closing_disagreeing_with_the_running_balance_is_refused():
    text = ("Datum;Částka;Zpráva;Zůstatek\n02.11.2026;1 210,00;Faktura 1;11 210,00\n"
            "03.11.2026;-10,50;Poplatek za převod;11 199,50\nKonečný zůstatek: 11 190,50;;;\n")
    [st] = read_statements(text.encode("cp1250"), "v.csv", mappings=_mapping(balance="Zůstatek"), locale="cs_CZ")
    assert st.closing == Decimal("11190.50")
    [(level, error)] = _problems([st])
    assert level == "error" and "difference -9.00 CZK" in error
    same = text.replace("11 190,50", "11 199,50")
    [st] = read_statements(same.encode("cp1250"), "v.csv", mappings=_mapping(balance="Zůstatek"), locale="cs_CZ")
    assert _problems([st]) == []


def test_closing_alone_without_balances_is_booked_with_the_unchecked_note():
    text = "Datum;Částka;Zpráva\n02.11.2026;1 210,00;Faktura 1\nSaldo final;5 000,00;\n"
    [st] = read_statements(text.encode("utf-8"), "v.csv", mappings=_mapping(), locale="cs_CZ")
    assert (st.opening, st.closing, len(st.lines)) == (None, Decimal("5000.00"), 1)
    [(level, note)] = _problems([st])
    assert level == "warning" and "without the balance check" in note


def test_a_heading_or_note_naming_a_balance_without_a_figure_is_passed_over():
    text = "Datum;Částka;Zpráva\n02.11.2026;1 210,00;Faktura 1\nKonečný zůstatek viz výpis;;\n"
    [st] = read_statements(text.encode("utf-8"), "v.csv", mappings=_mapping(), locale="cs_CZ")
    assert (st.opening, st.closing) == (None, None)


def test_header_row_under_a_long_preamble_is_found_in_a_workbook():
    from datetime import datetime

    rows = [[f"Poznámka {i}"] for i in range(300)] + [["Datum", "Částka", "Zpráva"],
                                                       [datetime(2026, 11, 2), 1210.0, "Faktura 1"]]
    [st] = read_statements(xlsx_bytes({"Pohyby": rows}), "v.xlsx", mappings=_mapping(), locale="cs_CZ")
    assert st.lines[0].amount == Decimal("1210") and st.lines[0].source.render() == "v.xlsx:Pohyby!B302"


def test_header_row_past_the_search_limit_is_refused_naming_the_limit_and_skip_lines():
    text = "Pozn.;x\n" * (HEADER_SEARCH_ROWS + 5) + "Datum;Částka;Zpráva\n02.11.2026;1,00;a\n"
    with pytest.raises(Refusal) as caught:
        read_statements(text.encode("utf-8"), "v.csv", mappings=_mapping(), locale="cs_CZ")
    shown = " ".join(p.render() for p in caught.value.problems)
    assert f"none of the first {HEADER_SEARCH_ROWS} rows" in shown and "skip_lines" in shown
    mapping = _mapping()
    mapping["bank"] = mapping["bank"].model_copy(update={"skip_lines": HEADER_SEARCH_ROWS + 5})
    [st] = read_statements(text.encode("utf-8"), "v.csv", mappings=mapping, locale="cs_CZ")
    assert st.lines[0].amount == Decimal("1.00")


def test_a_payment_whose_text_starts_like_a_balance_is_a_payment():
    from datetime import datetime

    rows = [["Zpráva", "Datum", "Částka"], ["Saldo final factura 12", datetime(2026, 11, 2), 50.0]]
    [st] = read_statements(xlsx_bytes({"P": rows}), "v.xlsx", mappings=_mapping(), locale="cs_CZ")
    assert [(ln.amount, ln.remittance) for ln in st.lines] == [(Decimal("50"), "Saldo final factura 12")]
    assert st.closing is None
