"""Total and count lines printed under a spreadsheet export's transactions (`readers/totals.py`).

Before, `Total;60,00` under the rows refused the whole export as "'Total' is not a date". Now
such a line is no transaction, and what it prints must be what the rows above it make.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import read_statements
from bank_samples import bank_rows
from conftest import cli_json, xlsx_bytes

D = Decimal
IBAN = "CZ6508000000192000145399"
HEAD = f"IBAN;{IBAN}\nMěna;CZK\n"


def _amounts(text: str):
    [st] = read_statements(text.encode("utf-8"), "pohyby.csv", mappings={}, locale="cs_CZ")
    return [ln.amount for ln in st.lines]


@pytest.mark.parametrize("tail", [
    "Celkem;60,00;\n", "Total;100,00;\n", "Suma obciążeń;-40,00;\n", "Razem;40,00;\n",
    "Počet transakcí: 2;;\nCelkem;60,00;\n", "Number of transactions;2;\n", "Summe:;60,00;\n",
])
def test_a_total_line_under_one_amount_column_is_no_transaction(tail):
    text = HEAD + "Datum;Částka;Popis\n01.12.2026;100,00;Faktura 1\n02.12.2026;-40,00;Poplatek\n" + tail
    assert _amounts(text) == [D("100.00"), D("-40.00")]  # refused before: 'Celkem' is not a date


def test_totals_of_money_out_and_in_are_each_held_to_their_side_and_daily_subtotals_to_their_day():
    text = (HEAD + "Datum;Výdaj;Příjem;Popis\n01.12.2026;;100,00;a\n01.12.2026;10,00;;b\nCelkem 01.12.;10,00;100,00;\n"
            "02.12.2026;40,00;;c\nCelkem 02.12.;40,00;0,00;\nCelkem;50,00;100,00;\n")
    assert _amounts(text) == [D("100.00"), D("-10.00"), D("-40.00")]


@pytest.mark.parametrize("tail, shown", [
    ("Celkem;70,00;\n", "The total 70.00 printed on this row is not what the transactions above it make (net 60.00, "
                        "money in 100.00, money out -40.00): a transaction is missing or was misread."),
])
def test_a_total_the_rows_do_not_make_refuses_the_file_at_its_row(tail, shown):
    text = HEAD + "Datum;Částka;Popis\n01.12.2026;100,00;Faktura 1\n02.12.2026;-40,00;Poplatek\n" + tail
    with pytest.raises(Refusal) as refused:
        _amounts(text)
    [problem] = refused.value.problems
    assert problem.render() == f"pohyby.csv:pohyby!B6: {shown}"


def test_a_workbook_with_a_total_row_goes_through_the_inbox(workspace):
    rows = [[f"IBAN: {IBAN}"], ["Currency: CZK"], ["Booking date", "Debit", "Credit", "Details"],
            ["01.12.2026", None, 1210, "Faktura 2026-0001"], ["02.12.2026", 150.5, None, "Fee"],
            ["Total", 150.5, 1210, None]]
    (workspace.inbox / "bank" / "movements.xlsx").write_bytes(xlsx_bytes({"Movements": rows}))
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out
    assert [r["amount"] for r in bank_rows(workspace)] == [D("1210"), D("-150.5")]


FR_HEAD = f"Compte;{IBAN}\nDevise;EUR\n"


def _fr(text: str):
    [st] = read_statements(text.encode("utf-8-sig"), "releve.csv", mappings={}, locale="fr_FR")
    return st


@pytest.mark.parametrize("total", [";Total des opérations;40,00;100,00\n", ";TOTAL;40,00;100,00\n",
                                   ";Sous-total;40,00;100,00\n", ";Nombre d'opérations : 2;;\n"])
def test_a_total_line_printed_under_the_text_column_is_no_transaction(total):
    """French and English banks print the total under the label column with the date cell empty;
    it was refused as "'' is not a date"."""
    st = _fr(FR_HEAD + "Date;Libellé;Débit euros;Crédit euros\n01/12/2026;VIR SEPA RECU INV-1;;100,00\n"
             "02/12/2026;FRAIS;40,00;\n" + total)
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("-40.00")]


def test_a_total_under_the_text_column_the_rows_do_not_make_refuses_the_file():
    text = (FR_HEAD + "Date;Libellé;Débit euros;Crédit euros\n01/12/2026;VIR SEPA RECU INV-1;;100,00\n"
            "02/12/2026;FRAIS;40,00;\n;Total des opérations;40,00;110,00\n")
    with pytest.raises(Refusal) as refused:
        _fr(text)
    [problem] = refused.value.problems
    assert problem.render().startswith("releve.csv:releve!C6: The total 40.00 / 110.00 printed on this row")


def test_a_payee_whose_name_starts_like_a_total_word_is_still_a_line_without_a_date():
    text = FR_HEAD + "Date;Libellé;Débit euros;Crédit euros\n01/12/2026;VIR;;100,00\n;TotalEnergies carburant;40,00;\n"
    with pytest.raises(Refusal) as refused:
        _fr(text)
    assert [p.render() for p in refused.value.problems] == ["releve.csv:releve!A5: '' is not a date."]


@pytest.mark.parametrize("closing, balanced", [("1 060,00", True), ("1 160,00", False)])
def test_a_balance_on_a_day_above_the_rows_opens_and_under_them_closes_the_statement(closing, balanced):
    """`Solde au 30/11/2026` above the header and `Solde au 02/12/2026` under the rows: the
    statement's opening and closing, so the rows are held to them."""
    text = (FR_HEAD + "Solde au 30/11/2026;1 000,00\nDate;Libellé;Débit euros;Crédit euros\n"
            "01/12/2026;VIR SEPA RECU INV-1;;100,00\n02/12/2026;FRAIS;40,00;\n"
            f";Solde au 02/12/2026;;{closing}\n")
    st = _fr(text)
    assert (st.opening, st.closing) == (D("1000.00"), D(closing.replace(" ", "").replace(",", ".")))
    assert (st.opening + sum(ln.amount for ln in st.lines) == st.closing) is balanced


def test_a_french_export_with_totals_and_balances_goes_through_the_inbox(workspace):
    text = (FR_HEAD + "Solde au 30/11/2026;1 000,00\nDate;Libellé;Débit euros;Crédit euros\n"
            "01/12/2026;VIR SEPA RECU INV-1;;100,00\n02/12/2026;FRAIS;40,00;\n;Total des opérations;40,00;100,00\n"
            ";Solde au 02/12/2026;;1\u202f060,00\n")
    (workspace.inbox / "bank" / "releve.csv").write_bytes(text.encode("utf-8-sig"))
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out
    assert [r["amount"] for r in bank_rows(workspace)] == [D("100.00"), D("-40.00")]
    assert not any("balance check" in m["text"] for m in out["messages"]), out["messages"]
