"""CSV exports with no mapping, in the column words more banks use.

Found by writing exports as Raiffeisenbank CZ, ČSOB, Millennium, CaixaBank, Sparkasse, Deutsche
Bank, Revolut and Wise lay them out. Refused before: 'No mapping in rules/bank/*.yaml describes this
export' (`Zaúčtovaná částka`, `Completed Date` were no amount or date words), 'it does not say which
account it is' (`Numer rachunku/karty`, `Auftragskonto` were no account words), and Deutsche Bank's
`Betrag` beside `Soll` and `Haben` as 'its columns cannot be told apart'. Read wrong: CaixaBank's text
in `Movimiento` and `Más datos`, Wise's and Millennium's payer name, ČSOB's `označení operace` were
left out; an account or reference written as `="000123"` (Excel's formula keeping leading zeros) was
booked with the formula's quotes. Balances are still checked: a running balance that does not follow
is refused.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements

D = Decimal
ACCOUNTS = ("CZ6020100000002400123456", "PL61109010140000071219812874", "ES9121000418450200051332",
            "DE89370400440532013000", "GB29NWBK60161331926819")

EXPORTS = {
    "raiffeisen": ("cs_CZ", "cp1250",
                   "Datum provedení;Datum zaúčtování;Číslo účtu;Název účtu;Kategorie transakce;Číslo protiúčtu;"
                   "Název protiúčtu;Typ transakce;Zpráva;Poznámka;VS;KS;SS;Zaúčtovaná částka;Měna účtu;"
                   "Původní částka a měna;Poplatek;Id transakce\n"
                   "01.11.2026 10:15;02.11.2026;2400123456/2010;Firma;Příjem;123456789/0800;Alfa s.r.o.;Platba;"
                   "Faktura 1;;20260001;;;1 210,00;CZK;1 210,00 CZK;0,00;9001\n"
                   "03.11.2026 00:00;03.11.2026;2400123456/2010;Firma;Poplatky;;;Poplatek;Vedení účtu;;;;;-150,50;CZK;"
                   ";0,00;9002\n",
                   [(D("1210.00"), "2026-11-02", "Alfa s.r.o.", "123456789/0800", "20260001", "Faktura 1"),
                    (D("-150.50"), "2026-11-03", "", "", "", "Vedení účtu")]),
    "csob": ("cs_CZ", "cp1250",
             "číslo účtu;datum zaúčtování;částka;měna;zůstatek;číslo účtu protiúčtu;kód banky protiúčtu;"
             "název účtu protiúčtu;konstantní symbol;variabilní symbol;specifický symbol;označení operace;zpráva\n"
             "2400123456/2010;02.11.2026;1210,00;CZK;11210,00;123456789;0800;Alfa s.r.o.;0308;20260001;;"
             "Příchozí platba;Faktura 1\n2400123456/2010;03.11.2026;-150,50;CZK;11059,50;;;;;;;Poplatek;\n",
             [(D("1210.00"), "2026-11-02", "Alfa s.r.o.", "123456789/0800", "20260001", "Příchozí platba Faktura 1"),
              (D("-150.50"), "2026-11-03", "", "", "", "Poplatek")]),
    "millennium": ("pl_PL", "utf-8",
                   '"Numer rachunku/karty","Data transakcji","Data rozliczenia","Rodzaj transakcji","Na konto/Z konta",'
                   '"Odbiorca/Zleceniodawca","Opis","Obciążenia","Uznania","Saldo","Waluta"\n'
                   '"PL61109010140000071219812874","2026-11-02","2026-11-03","PRZELEW PRZYCHODZĄCY",'
                   '"12114020040000300201355387","KOWALSKI JAN","FV/123/2026","","1250.00","2250.00","PLN"\n'
                   '"PL61109010140000071219812874","2026-11-03","2026-11-03","OPŁATA","","","Opłata","-100.00","",'
                   '"2150.00","PLN"\n',
                   [(D("1250.00"), "2026-11-03", "KOWALSKI JAN", "12114020040000300201355387", "", "FV/123/2026"),
                    (D("-100.00"), "2026-11-03", "", "", "", "Opłata")]),
    "caixabank": ("es_ES", "cp1252",
                  "Cuenta: ES91 2100 0418 4502 0005 1332\nMoneda: EUR\n\nFecha;Fecha valor;Movimiento;Más datos;Importe;"
                  "Saldo\n02/11/2026;02/11/2026;TRANSFERENCIA;MUÑOZ Y PEÑA SL FACTURA 2026-17;1.234,56;6.234,56\n"
                  "03/11/2026;04/11/2026;RECIBO;ENDESA;-1.234,56;5.000,00\n",
                  [(D("1234.56"), "2026-11-02", "", "", "", "TRANSFERENCIA MUÑOZ Y PEÑA SL FACTURA 2026-17"),
                   (D("-1234.56"), "2026-11-03", "", "", "", "RECIBO ENDESA")]),
    "sparkasse": ("de_DE", "cp1252",
                  '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";'
                  '"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";'
                  '"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";'
                  '"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"\n'
                  '"DE89370400440532013000";"02.11.26";"02.11.26";"GUTSCHR. UEBERWEISUNG";"RE-2026-0001";"";"";"E2E-1";'
                  '"";"";"";"Müller GmbH";"DE02120300000000202051";"BYLADEM1001";"1210,00";"EUR";"Umsatz gebucht"\n'
                  '"DE89370400440532013000";"03.11.26";"03.11.26";"FOLGELASTSCHRIFT";"Strom";"DE98ZZZ09999999999";'
                  '"M-1";"";"";"";"";"Stadtwerke";"DE89370400440532013000";"COBADEFFXXX";"-150,50";"EUR";"Umsatz gebucht"\n',
                  [(D("1210.00"), "2026-11-02", "Müller GmbH", "DE02120300000000202051", "E2E-1",
                    "GUTSCHR. UEBERWEISUNG RE-2026-0001"),
                   (D("-150.50"), "2026-11-03", "Stadtwerke", "DE89370400440532013000", "", "FOLGELASTSCHRIFT Strom")]),
    "deutsche bank": ("de_DE", "cp1252",
                      "Umsätze Girokonto;;Zeitraum: 01.11.2026 - 30.11.2026\nKonto: DE89 3704 0044 0532 0130 00\n\n"
                      "Buchungstag;Wert;Umsatzart;Begünstigter / Auftraggeber;Verwendungszweck;IBAN;BIC;Kundenreferenz;"
                      "Mandatsreferenz ;Gläubiger ID;Fremde Gebühren;Betrag;Abweichender Empfänger;Anzahl der Aufträge;"
                      "Anzahl der Schecks;Soll;Haben;Währung\n"
                      "02.11.2026;02.11.2026;SEPA-Überweisung von;Müller GmbH;RE-2026-0001;DE02120300000000202051;"
                      "BYLADEM1001;;;;;;;;;;1.210,00;EUR\n"
                      "03.11.2026;03.11.2026;Lastschrift;Stadtwerke;Strom;DE89370400440532013000;COBADEFFXXX;;M-1;"
                      "DE98ZZZ09999999999;;;;;;-150,50;;EUR\nKontostand;30.11.2026;;;1.059,50;EUR\n",
                      [(D("1210.00"), "2026-11-02", "Müller GmbH", "DE02120300000000202051", "", "RE-2026-0001"),
                       (D("-150.50"), "2026-11-03", "Stadtwerke", "DE89370400440532013000", "", "Strom")]),
    "revolut": ("en_GB", "utf-8",
                "Account: GB29NWBK60161331926819\nType,Product,Started Date,Completed Date,Description,Amount,Fee,"
                "Currency,State,Balance\nTRANSFER,Current,2026-11-01 10:00:00,2026-11-02 10:00:00,From ACME LTD,100.00,"
                "0.00,GBP,COMPLETED,100.00\nCARD_PAYMENT,Current,2026-11-03 10:00:00,2026-11-03 11:00:00,Coffee,-4.50,"
                "0.00,GBP,COMPLETED,95.50\n",
                [(D("100.00"), "2026-11-02", "", "", "", "From ACME LTD"),
                 (D("-4.50"), "2026-11-03", "", "", "", "Coffee")]),
    "wise": ("en_GB", "utf-8",
             "IBAN: GB29 NWBK 6016 1331 9268 19\nTransferWise ID,Date,Amount,Currency,Description,Payment Reference,"
             "Running Balance,Payer Name,Payee Name,Total fees\n"
             "TRANSFER-1,02-11-2026,100.00,GBP,Received money from ACME LTD,INV-2026-0001,100.00,ACME LTD,,0.00\n",
             [(D("100.00"), "2026-11-02", "ACME LTD", "", "INV-2026-0001", "Received money from ACME LTD")]),
}


@pytest.mark.parametrize("bank", EXPORTS)
def test_an_export_in_the_bank_s_own_column_words_is_read(bank):
    locale, encoding, text, expected = EXPORTS[bank]
    [st] = read_statements(text.encode(encoding), f"{bank}.csv", mappings={}, locale=locale)
    assert [(ln.amount, str(ln.booking_date), ln.counterparty_name, ln.counterparty_iban, ln.reference, ln.remittance)
            for ln in st.lines] == expected
    assert [p.text() for p in check_statements([st], ACCOUNTS) if p.level == "error"] == []


def test_an_export_whose_running_balance_does_not_follow_is_still_refused():
    locale, encoding, text, _ = EXPORTS["millennium"]
    with pytest.raises(Refusal) as refused:
        read_statements(text.replace('"2150.00"', '"2140.00"').encode(encoding), "m.csv", mappings={}, locale=locale)
    assert "(difference -10.00)" in refused.value.problems[0].text()


def test_an_amount_beside_debit_and_credit_both_filled_is_still_refused_as_ambiguous():
    locale, encoding, text, _ = EXPORTS["deutsche bank"]
    both = text.replace("BYLADEM1001;;;;;;;;;;1.210,00;EUR", "BYLADEM1001;;;;;1.210,00;;;;;1.210,00;EUR")
    with pytest.raises(Refusal) as refused:
        read_statements(both.encode(encoding), "db.csv", mappings={}, locale=locale)
    assert "cannot be told apart" in refused.value.problems[0].text()
    assert "'Betrag', 'Soll', 'Haben'" in refused.value.problems[0].text()


def test_a_cell_written_as_an_excel_formula_to_keep_its_zeros_is_read_as_its_text():
    text = ('Cuenta;Fecha;Concepto;Referencia;Importe;Divisa;Saldo\n'
            '="ES9121000418450200051332";02/11/2026;TRANSFERENCIA;="000123";1.234,56;EUR;6.234,56\n'
            '="ES9121000418450200051332";03/11/2026;RECIBO;="000124";-1.234,56;EUR;5.000,00\n')
    [st] = read_statements(text.encode("cp1252"), "movimientos.csv", mappings={}, locale="es_ES")
    assert st.account == "ES9121000418450200051332"  # was '="ES9121000418450200051332"'
    assert [(ln.amount, ln.reference) for ln in st.lines] == [(D("1234.56"), "000123"), (D("-1234.56"), "000124")]
    assert [p.text() for p in check_statements([st], ACCOUNTS) if p.level == "error"] == []


@pytest.mark.parametrize("locale, header, name, account", [
    ("pl_PL", "Data operacji;Kwota;Waluta;Nadawca;Rachunek nadawcy;Tytuł", "ZAHRADNICTVI KUCERA SRO",
     "CZ4808000000007080862591"),
    ("cs_CZ", "Datum;Částka;Měna;Plátce;Účet plátce;Zpráva", "Zahradnictví Kučera", "CZ4808000000007080862591"),
    ("es_ES", "Fecha;Importe;Divisa;Ordenante;Cuenta ordenante;Concepto", "Construcciones Martinez",
     "ES7021000418434000415584"),
    ("fr_FR", "Date;Montant;Devise;Émetteur;Compte émetteur;Libellé", "Quincaillerie Bernard",
     "FR7620041010057571231267856"),
])
def test_an_export_of_payments_in_names_the_payer_as_its_sender(locale, header, name, account):
    """An export of one direction calls the other party the sender (`Nadawca`, `Plátce`, `Ordenante`,
    `Émetteur`) and its account the sender's: read as the payer's name and account (both were dropped,
    and no payment could be matched by the payer's account)."""
    text = (f"IBAN;CZ6020100000002400123456\n{header}\n"
            f"28.11.2026;5 484,82;EUR;{name};{account};Faktura INV-2026-00009\n")
    [st] = read_statements(text.encode("utf-8"), "export.csv", mappings={}, locale=locale)
    assert [(ln.amount, ln.counterparty_name, ln.counterparty_iban, ln.remittance) for ln in st.lines] == [
        (D("5484.82"), name, account, "Faktura INV-2026-00009")]


def test_bbva_s_available_balance_column_is_the_running_balance_checked():
    """BBVA heads its balance after each line `Disponible` (and lists the newest line first): it was
    not read, so the lines were booked with no balance check at all."""
    text = ("Últimos movimientos\nCuenta;ES91 2100 0418 4502 0005 1332\n\n"
            "F.Valor;Fecha;Concepto;Movimiento;Importe;Divisa;Disponible;Divisa;Observaciones\n"
            "28/11/2026;28/11/2026;TRANSFERENCIA DE ACME SL;Transferencia recibida;1.250,00;EUR;12.345,67;EUR;F-12\n"
            "27/11/2026;27/11/2026;COMISION MANTENIMIENTO;Comisión;-15,00;EUR;11.095,67;EUR;\n"
            "26/11/2026;26/11/2026;RECIBO IBERDROLA;Adeudo;-120,33;EUR;11.110,67;EUR;RECIBO 123\n")
    [st] = read_statements(text.encode("cp1252"), "bbva.csv", mappings={}, locale="es_ES")
    assert (st.opening, st.closing) == (D("11231.00"), D("12345.67"))
    assert [p.level for p in check_statements([st], ACCOUNTS)] == ["warning"]  # the columns recognised, no balance note
    with pytest.raises(Refusal) as refused:
        read_statements(text.replace("11.095,67", "11.096,67").encode("cp1252"), "bbva.csv", mappings={},
                        locale="es_ES")
    assert "difference" in refused.value.problems[0].text()


def test_the_header_printed_again_at_a_page_break_is_no_transaction():
    """An export printed in pages repeats its header under a page title; the repeated header was
    refused as "'Datum' is not a date" and "'Částka' is not an amount"."""
    text = ("Číslo účtu;CZ6020100000002400123456\nMěna;CZK\nDatum;Částka;Zpráva\n01.12.2026;100,00;Faktura 1\n"
            "Strana 2\nDatum;Částka;Zpráva\n02.12.2026;-40,00;Poplatek\n")
    [st] = read_statements(text.encode("cp1250"), "pohyby.csv", mappings={}, locale="cs_CZ")
    assert [(ln.amount, ln.remittance) for ln in st.lines] == [(D("100.00"), "Faktura 1"), (D("-40.00"), "Poplatek")]


@pytest.mark.parametrize("text, cell", [
    ("Datum;Částka;Měna;Zpráva\n02.12.2026;-40,00 Kč;CZK;Poplatek\n01.12.2026;1 420,08 EUR;CZK;Faktura 1\n", "B4"),
    ("Měna;CZK\nDatum;Částka;Zpráva\n02.12.2026;-40,00;Poplatek\n01.12.2026;100,00 €;Faktura 1\n", "B5"),
])
def test_an_amount_written_in_another_currency_than_its_line_is_refused_at_its_cell(text, cell):
    """`1 420,08 EUR` on a line the export books in CZK was booked as 1,420.08 CZK: the number
    reader dropped the code."""
    data = ("Číslo účtu;CZ6020100000002400123456\n" + text).encode("cp1250")
    with pytest.raises(Refusal) as refused:
        read_statements(data, "pohyby.csv", mappings={}, locale="cs_CZ")
    [problem] = refused.value.problems
    assert problem.render().startswith(f"pohyby.csv:pohyby!{cell}: The amount '")
    assert "is written in another currency than the CZK this line is booked in" in problem.render()


def test_an_amount_written_with_its_own_lines_currency_is_read():
    text = ("Číslo účtu;CZ6020100000002400123456\nDatum;Částka;Měna;Zpráva\n01.12.2026;1 420,08 Kč;CZK;Faktura 1\n"
            "02.12.2026;-40,00 CZK;CZK;Poplatek\n")
    [st] = read_statements(text.encode("cp1250"), "pohyby.csv", mappings={}, locale="cs_CZ")
    assert [ln.amount for ln in st.lines] == [D("1420.08"), D("-40.00")]


@pytest.mark.parametrize("amount, finer", [("1420,085", True), ("1420,08", False), ("1420,", False)])
def test_an_amount_finer_than_its_currencys_cent_is_refused_in_any_format(amount, finer):
    """`1 420,085` EUR was booked as 1420.085 EUR: no bank books a tenth of a cent, the number was misread."""
    closing = f"{D(1000) + D(amount.replace(',', '.')) :.3f}".replace(".", ",")
    text = (":20:S\r\n:25:CZ6020100000002400123456\r\n:28C:1/1\r\n:60F:C261201EUR1000,\r\n"
            f":61:2612021202C{amount}NTRFNONREF//B1\r\n:86:Faktura\r\n:62F:C261202EUR{closing}\r\n-\r\n")
    statements = read_statements(text.encode(), "s.sta", mappings={})
    problems = [p.render() for p in check_statements(statements, ["CZ6020100000002400123456"])
                if p.level == "error"]
    assert problems == (["s.sta:5: The amount 1,420.085 EUR is finer than EUR's smallest unit (0.01): a bank books "
                         "no fraction of it, so the number was misread or mistyped (a thousands separator read as "
                         "a decimal mark?)."] if finer else [])
