"""Exports whose one description holds the other side's name, account and the payment's text.

Found with PKO BP's "Historia rachunku" CSV: under its one "Opis transakcji" title each row carries
`Rachunek nadawcy: ...`, `Nazwa nadawcy: ...`, `Adres nadawcy: ...`, `Tytuł: ...` one per cell (or,
saved by other tools, in one cell). The reader kept the first cell alone: the payer's account as the
payment's text, no name, and the invoice number in `Tytuł` lost, so matching had nothing to go on.
The parts are now taken apart (payments/readers/labelled.py), in the forms Czech, Spanish, French
and German banks write such texts too; a plain description is left as it was.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice_auto.books.store import Store
from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.labelled import split_labelled
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import bank_rows

D = Decimal
PL_IBAN = "PL61109010140000071219812874"
PAYER = "12114020040000300201355387"

_PKO_HEAD = '"Data operacji","Data waluty","Typ transakcji","Kwota","Waluta","Saldo po transakcji","Opis transakcji"'
_PKO_ROWS = [
    ('"2026-11-03","2026-11-03","Przelew na rachunek","+1250.00","PLN","+2250.00",'
     '"Rachunek nadawcy: 12 1140 2004 0000 3002 0135 5387","Nazwa nadawcy: KOWALSKI JAN",'
     '"Adres nadawcy: UL. DŁUGA 1 00-001 WARSZAWA","Tytuł: FV/123/2026",""'),
    ('"2026-11-04","2026-11-04","Opłata za prowadzenie rachunku","-100.00","PLN","{closing}",'
     '"Tytuł: Opłata za prowadzenie rachunku","","","",""'),
]


def _pko(closing: str = "+2150.00", one_cell: bool = False) -> bytes:
    rows = [row.replace("{closing}", closing) for row in _PKO_ROWS]
    if one_cell:  # the parts in the one cell, as some tools save the export
        rows[0] = rows[0].replace('","Nazwa', " Nazwa").replace('","Adres', " Adres").replace('","Tytuł', " Tytuł")
    head = _PKO_HEAD + (',"","","",""' if not one_cell else "")
    return ("\n".join([head, *rows]) + "\n").encode("cp1250")


_MAPPING = {"name": "PKO BP", "match": {"file_name": "historia*.csv"}, "account": PL_IBAN,
            "columns": {"booking_date": "Data operacji", "value_date": "Data waluty", "amount": "Kwota",
                        "currency": "Waluta", "balance": "Saldo po transakcji", "remittance": "Opis transakcji"}}


@pytest.mark.parametrize("one_cell", [False, True], ids=["a part per cell", "one cell"])
def test_pko_bp_s_description_is_taken_apart_into_payer_account_and_title(one_cell):
    [st] = read_statements(_pko(one_cell=one_cell), "historia.csv", mappings={"pko": BankMapping.model_validate(_MAPPING)})
    first, fee = st.lines
    assert (first.amount, first.counterparty_name, first.counterparty_iban, first.remittance) == (
        D("1250.00"), "KOWALSKI JAN", PAYER, "FV/123/2026")  # was '', '', 'Rachunek nadawcy: 12 1140 ...'
    assert (fee.amount, fee.counterparty_name, fee.remittance) == (D("-100.00"), "", "Opłata za prowadzenie rachunku")
    assert (st.opening, st.closing) == (D("1000.00"), D("2150.00"))
    assert [p.text() for p in check_statements([st], [PL_IBAN]) if p.level == "error"] == []


def test_a_pko_bp_export_whose_balance_does_not_follow_is_still_refused():
    with pytest.raises(Refusal) as refused:
        read_statements(_pko(closing="+2140.00"), "historia.csv",
                        mappings={"pko": BankMapping.model_validate(_MAPPING)})
    [problem] = refused.value.problems
    assert problem.render().startswith("historia.csv:") and "(difference -10.00)" in problem.text()


def test_the_title_s_invoice_number_is_matched_in_the_books(workspace):
    import yaml

    (workspace.root / "rules" / "bank" / "pko.yaml").write_text(yaml.safe_dump(_MAPPING, allow_unicode=True),
                                                                 encoding="utf-8")
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("accounts:", f"accounts:\n    - {PL_IBAN}", 1),
                        encoding="utf-8")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "K1", "name": "Jan Kowalski", "language": "pl"})
            books.insert("sales_invoices", {"invoice_number": "FV/123/2026", "customer_id": "K1",
                                            "issue_date": date(2026, 10, 20), "due_date": date(2026, 11, 19),
                                            "currency": "PLN", "total": D("1250.00"), "paid": D(0), "status": "open"})
    finally:
        store.close()
    path = workspace.inbox / "bank" / "historia_rachunku.csv"
    path.write_bytes(_pko())
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "done", out
    first = bank_rows(workspace)[0]
    assert (first["counterparty_name"], first["counterparty_iban"], first["remittance"]) == (
        "KOWALSKI JAN", PAYER, "FV/123/2026")
    assert first["status"] == "matched"  # was unmatched: the invoice number was never read


@pytest.mark.parametrize("text, name, account, reference, remittance", [
    ("Protiúčet: 19-2000145399/0800, Název protiúčtu: Alfa s.r.o., VS: 20260001, Zpráva pro příjemce: Faktura 1",
     "Alfa s.r.o.", "19-2000145399/0800", "20260001", "Faktura 1"),
    ("TRANSFERENCIA Ordenante: MUÑOZ Y PEÑA SL Cuenta: ES91 2100 0418 4502 0005 1332 Concepto: Factura 2026-17",
     "MUÑOZ Y PEÑA SL", "ES9121000418450200051332", "", "TRANSFERENCIA Factura 2026-17"),
    ("VIR SEPA RECU De : DUPONT SARL Motif : FACTURE F-2026-001 Réf : ABC123",
     "DUPONT SARL", "", "ABC123", "VIR SEPA RECU FACTURE F-2026-001"),
    ("VIR SEPA RECU /DE DUPONT SARL /MOTIF FACTURE F-2026-001 /REF ABC123",
     "DUPONT SARL", "", "ABC123", "VIR SEPA RECU FACTURE F-2026-001"),
    ("Auftraggeber: Müller GmbH IBAN: DE89370400440532013000 Verwendungszweck: RE-2026-4711",
     "Müller GmbH", "DE89370400440532013000", "", "RE-2026-4711"),
    ("Tytuł: 000498849 Lokalizacja: Adres: SKLEP 12 Miasto: WARSZAWA", "", "", "",
     "000498849 Lokalizacja: Adres: SKLEP 12 Miasto: WARSZAWA"),  # labels not known here stay in the text
    ("Nazwa nadawcy: KOWALSKI JAN\nNumer telefonu: 600100200", "KOWALSKI JAN", "", "", "Numer telefonu: 600100200"),
])
def test_labelled_parts_in_the_banks_languages(text, name, account, reference, remittance):
    assert split_labelled(text) == {"name": name, "account": account, "reference": reference, "remittance": remittance}


@pytest.mark.parametrize("text", ["Payment for invoice 12, reference: ABC", "Faktura 2026-0001", "see https://x.y/z",
                                  "Platba 12:30", "", "FACTURE 2026/11 /DE rien", "A/B /MOTIF"])
def test_a_plain_description_is_left_as_it_is(text):
    assert split_labelled(text) is None
