"""Bank exports with no mapping in rules/bank/: columns recognised by their usual names.

Found in a trial: a clerk dropped the bank's CSV export before anybody wrote a mapping and
it was refused. Now an export whose header row names a date and an amount (or money out and
money in) in the bank's words is read, saying which columns it took; what it cannot tell
(two amount columns, no account, no currency) is refused saying so.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import Workbook

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import read_statements
from backoffice_auto.payments.readers.guessed import WORDS
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import bank_rows

OURS = "CZ6508000000192000145399"  # company.iban of the sample settings
SECOND = "CZ6020100000002400123456"  # company.accounts of the sample settings
D = Decimal


def _process(workspace, name: str, data: bytes):
    path = workspace.inbox / "bank" / name
    path.write_bytes(data)
    [out] = Pipeline(workspace).process_paths([path])
    return out


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_czech_export_with_its_account_and_currency_above_the_header_is_read_and_says_how(workspace):
    text = ("Výpis pohybů na účtu\nČíslo účtu:;2400123456/2010\nMěna:;CZK\n\n"
            "Datum;Objem;Protiúčet;Název protiúčtu;VS;Zpráva pro příjemce;Zůstatek\n"
            "02.11.2026;1 210,00;123456789/0800;Alfa s.r.o.;20260001;Faktura 2026-0001;11 210,00\n"
            "03.11.2026;-150,50;;Banka;;Poplatek;11 059,50\n")
    out = _process(workspace, "pohyby-listopad.csv", text.encode("cp1250"))
    assert out["status"] == "done", out
    rows = bank_rows(workspace)
    assert [(r["amount"], r["currency"], r["reference"], r["account_iban"]) for r in rows] == [
        (D("1210.00"), "CZK", "20260001", SECOND), (D("-150.50"), "CZK", None, SECOND)]
    assert rows[0]["counterparty_name"] == "Alfa s.r.o." and rows[0]["remittance"] == "Faktura 2026-0001"
    [note] = [m["text"] for m in out["messages"] if "recognised by their names" in m["text"]]
    assert "the date from 'Datum', the amount from 'Objem'" in note
    assert "'Zůstatek'" in note and "booking_date" not in note


def test_a_spanish_export_with_cargo_and_abono_and_a_lone_iban_above_the_header(workspace):
    settings = workspace.root / "rules" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("accounts:", "accounts:\n    - ES91 2100 0418 4502 0005 1332", 1),
                        encoding="utf-8")
    data = _xlsx([["Movimientos de la cuenta"], ["ES91 2100 0418 4502 0005 1332"], ["Divisa", "EUR"], [],
                  ["F. Operación", "F. Valor", "Concepto", "Cargo", "Abono", "Saldo"],
                  ["03/11/2026", "03/11/2026", "TRANSFERENCIA DE ACME SL FRA 2026-17", None, "1.500,00", "2.500,00"],
                  ["04/11/2026", "05/11/2026", "COMISION MANTENIMIENTO", "12,00", None, "2.488,00"]])
    out = _process(workspace, "movimientos.xlsx", data)
    assert out["status"] == "done", out
    rows = bank_rows(workspace)
    assert [(r["amount"], r["currency"], str(r["booking_date"]), str(r["value_date"])) for r in rows] == [
        (D("1500.00"), "EUR", "2026-11-03", "2026-11-03"), (D("-12.00"), "EUR", "2026-11-04", "2026-11-05")]
    assert rows[0]["account_iban"].replace(" ", "") == "ES9121000418450200051332"
    note = next(m["text"] for m in out["messages"] if "recognised by their names" in m["text"])
    assert "money out from 'Cargo' and money in from 'Abono'" in note


def test_an_own_account_column_is_the_account_and_one_that_changes_is_the_other_side(tmp_path):
    own = ("Data operacji,Rachunek,Kwota,Waluta,Tytuł\n"
           f"2026-11-02,{SECOND},100.00,PLN,FV/1/11/2026\n2026-11-03,{SECOND},-20.00,PLN,opłata\n")
    [statement] = read_statements(own.encode(), "historia.csv", mappings={})
    assert (statement.account, statement.currency, [ln.amount for ln in statement.lines]) == (
        SECOND, "PLN", [D("100.00"), D("-20.00")])
    other = ("Data operacji,Rachunek,Kwota,Waluta,Tytuł\n"
             "2026-11-02,PL61109010140000071219812874,100.00,PLN,FV/1/11/2026\n"
             "2026-11-03,PL27114020040000300201355387,-20.00,PLN,opłata\n")
    with pytest.raises(Refusal) as refused:
        read_statements(other.encode(), "historia.csv", mappings={})
    assert "does not say which account it is" in refused.value.problems[0].text()


@pytest.mark.parametrize("text, expected", [
    ("Date,Amount,Betrag,Currency\n2026-11-02,1.00,1.00,EUR\n",
     "cannot be told apart by their names (amount: 'Amount', 'Betrag')"),
    ("Date,Amount,Currency\n2026-11-02,1.00,EUR\n", "does not say which account it is"),
    (f"IBAN: {OURS}\nDate,Amount\n2026-11-02,1.00\n", "does not say its currency"),
    ("Name,Quantity\nScrew,4\n", "No mapping in rules/bank/*.yaml describes this export; add one"),
])
def test_what_cannot_be_told_is_refused_saying_what_is_missing(text, expected):
    with pytest.raises(Refusal) as refused:
        read_statements(text.encode(), "export.csv", mappings={})
    assert expected in refused.value.problems[0].text()


def test_the_french_words_and_a_labelled_account_in_one_cell(tmp_path):
    text = ("Compte : FR76 3000 6000 0112 3456 7890 189\nDevise : EUR\n"
            "Date;Libellé;Débit;Crédit;Solde\n"
            "02/11/2026;VIR SEPA DUPONT SARL F-2026-153;;1 234,56;5 234,56\n"
            "03/11/2026;PRLV URSSAF;500,00;;4 734,56\n")
    [statement] = read_statements(text.encode("latin-1"), "releve.csv", mappings={}, locale="fr_FR")
    assert statement.account == "FR76 3000 6000 0112 3456 7890 189" and statement.currency == "EUR"
    assert [ln.amount for ln in statement.lines] == [D("1234.56"), D("-500.00")]
    assert (statement.opening, statement.closing) == (D("4000.00"), D("4734.56"))


_WORDS = sorted({w for words in WORDS.values() for w in words})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=12),
                                   st.sampled_from(["02.11.2026", "1 210,00", "-5", "CZK", OURS, "", "x: y"])),
                         max_size=8), max_size=8))
def test_any_table_is_read_or_refused_never_a_traceback(rows):
    text = "\n".join(";".join(cell.replace(";", ",").replace("\n", " ").replace("\r", " ") for cell in row)
                     for row in rows)
    try:
        statements = read_statements(text.encode("utf-8"), "fuzz.csv", mappings={})
    except Refusal as refusal:
        assert refusal.problems
    else:
        for statement in statements:
            assert statement.currency and all(isinstance(line.amount, Decimal) for line in statement.lines)
