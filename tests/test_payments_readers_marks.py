"""Spreadsheet exports as banks write them, each found read wrong or refused before.

Unsigned amounts beside a debit/credit mark column (`D`/`C`, `Dr`/`Cr`, `Má dáti`/`Dal`,
`Wn`/`Ma`, a `Type` column of `Debit`/`Credit`): every payment out was booked as money in.
Each export is written as the bank writes it and read by the real reader, or dropped into a
workspace made by `init` and processed by the command line as a clerk would.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from bank_samples import bank_rows
from conftest import cli_json

D = Decimal
IBAN = "CZ6508000000192000145399"  # the sample company's account


def _read(text: str, name: str = "export.csv", locale: str = "cs_CZ", mappings=None):
    return read_statements(text.encode("utf-8"), name, mappings=mappings or {}, locale=locale)


@pytest.mark.parametrize("header, debit, credit", [
    ("D/C", "D", "C"), ("Dr/Cr", "Dr", "Cr"), ("MD/D", "Má dáti", "Dal"), ("Wn/Ma", "Wn", "Ma"),
    ("Soll/Haben", "S", "H"), ("Cargo/Abono", "Cargo", "Abono"), ("Sens", "Débit", "Crédit"),
    ("Type", "Debit", "Credit"), ("", "DR", "CR"),
    # a type column of whole words for the direction: every payment out was booked as money in
    ("Typ", "Odchozí platba", "Příchozí platba"), ("Typ transakce", "Odchozí úhrada", "Příchozí úhrada"),
    ("Typ operacji", "Przelew wychodzący", "Przelew przychodzący"), ("Rodzaj", "Wypłata", "Wpłata"),
    ("Type", "Outgoing payment", "Incoming payment"), ("Tipo", "Transferencia emitida", "Transferencia recibida"),
    ("Type d'opération", "Virement émis", "Virement reçu"),
])
def test_an_unsigned_amount_takes_the_side_its_mark_column_gives(header, debit, credit):
    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;{header};Description\n"
            f"01.12.2026;1 210,00;{credit};Faktura 1\n02.12.2026;150,50;{debit};Poplatek\n")
    [st] = _read(text)
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-150.50")]  # both were money in



def test_a_type_column_saying_money_went_out_on_some_lines_refuses_the_lines_it_leaves_unsaid():
    """`Odchozí platba` on one line, `Inkaso` (a direct debit: money out for the payer, in for the company
    collecting it) on another, amounts unsigned: the direct debit was booked as money in. Now the line is
    refused at its cell, saying what is expected."""
    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Typ;Description\n01.12.2026;1 210,00;Příchozí platba;a\n"
            f"02.12.2026;150,50;Odchozí platba;b\n03.12.2026;99,00;Inkaso;c\n")
    with pytest.raises(Refusal) as refused:
        _read(text)
    [problem] = refused.value.problems
    assert problem.render().startswith("export.csv:export!C6: 'Inkaso' does not say whether the amount beside it is "
                                       "money out or money in")
    signed = text.replace("150,50", "-150,50").replace("99,00", "-99,00")  # the bank's own signs: no mark needed
    [st] = _read(signed)
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-150.50"), D("-99.00")]


@pytest.mark.parametrize("incoming, card, cash, standing, fee", [
    ("Příchozí platba", "Platba kartou", "Výběr z bankomatu", "Trvalý příkaz", "Poplatek"),
    ("Wpłata", "Płatność kartą", "Wypłata z bankomatu", "Zlecenie stałe", "Opłata"),
    ("Transferencia recibida", "Pago con tarjeta", "Reintegro en cajero", "Transferencia periódica", "Comisión"),
    ("Virement reçu", "Paiement par carte", "Retrait DAB", "Virement permanent", "Frais"),
    ("Incoming payment", "Card payment", "ATM withdrawal", "Standing order", "Fee"),
    ("Zahlungseingang", "Kartenzahlung", "Bargeldauszahlung", "Dauerauftrag", "Gebühr"),
])
def test_a_type_column_of_kinds_of_payment_that_go_one_way_gives_the_side(incoming, card, cash, standing, fee):
    """No line says `Odchozí` (out) in so many words: a card payment, a cash withdrawal, a standing order and
    a bank's fee were all booked as money in beside unsigned amounts."""
    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Kind;Description\n01.12.2026;1 210,00;{incoming};FV 1\n"
            f"02.12.2026;99,00;{card};Shop\n03.12.2026;500,00;{cash};ATM 12\n04.12.2026;2 000,00;{standing};Rent\n"
            f"05.12.2026;35,00;{fee};Account\n")
    [st] = _read(text)
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("-99.00"), D("-500.00"), D("-2000.00"), D("-35.00")]


def test_a_type_column_mostly_saying_money_in_refuses_a_line_of_a_kind_that_goes_either_way():
    """`Příchozí platba` on three lines, `Převod` (a transfer: which way?) on the fourth, amounts unsigned:
    the transfer was booked as money in."""
    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Typ;Description\n01.12.2026;100,00;Příchozí platba;a\n"
            f"02.12.2026;200,00;Příchozí platba;b\n03.12.2026;300,00;Příchozí platba;c\n04.12.2026;50,00;Převod;d\n")
    with pytest.raises(Refusal) as refused:
        _read(text)
    [problem] = refused.value.problems
    assert problem.render().startswith("export.csv:export!C7: 'Převod' does not say whether")
    [st] = _read(text.replace("Převod", "Příchozí platba"))  # every line says money in: read as it was
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("200.00"), D("300.00"), D("50.00")]


def test_a_description_saying_deposit_on_one_line_of_many_is_no_side_column():
    """Free text that happens to be a side word on one line (`Vklad`, a deposit) beside unsigned amounts of
    money in: the other lines stand as they are, not refused for saying no side."""
    lines = "".join(f"0{d}.12.2026;{d}00,00;Faktura {d}\n" for d in range(1, 5))
    text = f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Description\n{lines}05.12.2026;500,00;Vklad\n"
    [st] = _read(text)
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("200.00"), D("300.00"), D("400.00"), D("500.00")]

def test_a_mark_column_found_by_its_cells_is_named_in_a_note():
    text = f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Kind;Description\n01.12.2026;100,00;Credit;a\n02.12.2026;40,00;Debit;b\n"
    [st] = _read(text)
    notes = [p.text() for p in check_statements([st], [IBAN]) if "debit or credit mark" in p.text()]
    assert notes == ["Column C ('Kind') holds a debit or credit mark on every line and was read as the side of the "
                     "amount beside it; name it as columns.side in a mapping to make it certain."]


def test_a_column_of_other_letters_is_no_mark():
    text = f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;Cat;Description\n01.12.2026;100,00;A;a\n02.12.2026;-40,00;B;b\n"
    [st] = _read(text)
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("-40.00")]


@pytest.mark.parametrize("mark, amount, expected", [
    ("X", "40,00", "E5: 'X' does not say whether the amount beside it is money out or money in"),
    ("", "40,00", "E5: '' does not say whether"),
    ("C", "-40,00", "E5: The amount -40.00 carries a minus sign, but the mark 'C' beside it says money in"),
])
def test_a_mark_saying_neither_side_or_contradicting_the_sign_refuses_the_row_at_its_cell(mark, amount, expected):
    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDate;Description;Amount;Description 2;D/C\n01.12.2026;a;100,00;;C\n"
            f"02.12.2026;b;{amount};;{mark}\n")
    with pytest.raises(Refusal) as refused:
        _read(text)
    assert expected in refused.value.problems[0].render()


def test_a_mapping_names_the_mark_column():
    from backoffice_auto.payments.readers.mapping import BankMapping

    mapping = BankMapping.model_validate({
        "account": IBAN, "currency": "EUR", "locale": "en_GB",
        "columns": {"booking_date": "Posted", "amount": "Value", "side": "Way", "remittance": "Text"}})
    text = "Posted,Value,Way,Text\n2026-12-01,100.00,in,a\n2026-12-02,40.00,out,b\n"
    [st] = _read(text, "bank.csv", mappings={"bank": mapping})
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("-40.00")]
    assert not [p for p in check_statements([st], [IBAN]) if "debit or credit mark" in p.text()]


def test_a_polish_export_with_wn_ma_dropped_into_the_inbox_books_money_out_as_out(workspace):
    text = (f"Rachunek;{IBAN}\nWaluta;CZK\nData księgowania;Kwota;Wn/Ma;Tytuł;Saldo\n"
            "01.12.2026;1 210,00;Ma;FV 2026-0001;11 210,00\n02.12.2026;150,50;Wn;Opłata;11 059,50\n")
    (workspace.inbox / "bank" / "wyciag.csv").write_bytes(text.encode("cp1250"))
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out  # refused before: the running balance did not follow
    assert [r["amount"] for r in bank_rows(workspace)] == [D("1210.00"), D("-150.50")]


def test_a_column_of_mark_letters_beside_signed_amounts_is_not_taken_for_the_side():
    # a status column (S settled, H held) beside amounts that carry their own sign: the sign stands
    text = f"IBAN;{IBAN}\nCurrency;CZK\nDate;Amount;St;Description\n01.12.2026;100,00;S;a\n02.12.2026;-40,00;H;b\n"
    [st] = _read(text)
    assert [ln.amount for ln in st.lines] == [D("100.00"), D("-40.00")]


def test_a_mappings_side_words_say_the_side_of_a_banks_own_word():
    """`Inkaso` (a direct debit) is refused as saying no side; the clerk's mapping says that for this
    account it is money out, and `Převod` money in: the export is read, the word compared as headers are."""
    from backoffice_auto.payments.readers.mapping import BankMapping

    text = (f"IBAN;{IBAN}\nCurrency;CZK\nDatum;Částka;Typ;Zpráva\n01.12.2026;1 210,00;Příchozí platba;FV 1\n"
            "01.12.2026;800,00;Příchozí platba;FV 2\n02.12.2026;4 500,00;Inkaso;ČEZ\n03.12.2026;300,00;převod;vratka\n")
    with pytest.raises(Refusal) as refused:
        _read(text)
    assert [p.render()[:30] for p in refused.value.problems] == ["export.csv:export!C6: 'Inkaso'",
                                                                 "export.csv:export!C7: 'převod'"]
    assert "list the word under side_words in a mapping in rules/bank/" in refused.value.problems[0].render()

    def mapping(money_out, money_in):
        return BankMapping.model_validate({
            "account": IBAN, "currency": "CZK", "locale": "cs_CZ",
            "columns": {"booking_date": "Datum", "amount": "Částka", "side": "Typ", "remittance": "Zpráva"},
            "side_words": {"money_out": money_out, "money_in": money_in}})

    [st] = _read(text, mappings={"bank": mapping(["INKASO"], ["Převod"])})
    assert [ln.amount for ln in st.lines] == [D("1210.00"), D("800.00"), D("-4500.00"), D("300.00")]
    with pytest.raises(Refusal) as refused:  # in both lists: neither side
        _read(text, mappings={"bank": mapping(["INKASO"], ["Převod", "inkaso"])})
    assert [p.render()[:30] for p in refused.value.problems] == ["export.csv:export!C6: 'Inkaso'"]
