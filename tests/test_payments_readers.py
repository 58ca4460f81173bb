"""Statement readers on statements written here, one per format and version, and on hostile input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.camt import read_camt
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.readers.mt940 import read_mt940
from bank_samples import camt053, mt940, ofx
from conftest import xlsx_bytes

IBAN = "CZ6508000000192000145399"


def _errors(statements, accounts=(IBAN,)):
    return [p.render() for p in check_statements(statements, accounts) if p.level == "error"]


def _refusal(call) -> str:
    with pytest.raises(Refusal) as caught:
        call()
    return " | ".join(p.render() for p in caught.value.problems)


# ------------------------------------------------------------------ camt


@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08"])
def test_camt053_every_version_reads_the_same(version):
    lines = [("1210.00", "CRDT", "R1", "INV 2026-0001"), ("-15.00", "DBIT", "R2", "fee")]
    [st] = read_statements(camt053(IBAN, "100.00", lines, version=version), "s.xml")
    assert st.format == f"camt.053.001.{version}" and st.account == IBAN and st.currency == "EUR"
    assert (st.opening, st.closing) == (Decimal("100.00"), Decimal("1295.00"))
    assert [(ln.amount, ln.bank_reference, ln.remittance, ln.counterparty_name) for ln in st.lines] == [
        (Decimal("1210.00"), "R1", "INV 2026-0001", "Party 1"), (Decimal("-15.00"), "R2", "fee", "Party 2")]
    assert st.lines[0].end_to_end_id == "E2E-1" and st.lines[0].counterparty_iban == IBAN
    assert st.lines[1].source.render() == "s.xml:Stmt[1]/Ntry[2]"
    assert _errors([st]) == []


@pytest.mark.parametrize("kind", ["052", "054"])
def test_camt052_report_and_camt054_notification(kind):
    [st] = read_statements(camt053(IBAN, "0", [("5.00", "CRDT", "N1", "x")], kind=kind), "n.xml")
    assert st.format.startswith(f"camt.{kind}") and st.lines[0].amount == Decimal("5.00")
    warnings = [p for p in check_statements([st], [IBAN]) if p.level == "warning"]
    assert (kind == "054") == bool(warnings)  # a notification states no balances: booked with a note


def test_camt052_intraday_report_is_checked_between_its_two_interim_balances():
    data = camt053(IBAN, "50.00", [("5.00", "CRDT", "I1", "x")], kind="052")
    [st] = read_statements(data.replace(b"<Cd>OPBD</Cd>", b"<Cd>ITBD</Cd>").replace(b"<Cd>CLBD</Cd>", b"<Cd>ITBD</Cd>"),
                           "r.xml")
    assert (st.opening, st.closing) == (Decimal("50.00"), Decimal("55.00")) and _errors([st]) == []


def test_camt_batch_entry_is_split_into_its_details_when_they_add_up():
    data = camt053(IBAN, "0", [("300.00", "CRDT", "B1", "batch")],
                   details={1: [("100.00", "INV-1"), ("150.00", "INV-2"), ("50.00", "INV-3")]})
    [st] = read_statements(data, "b.xml")
    assert [(ln.amount, ln.remittance, ln.bank_reference) for ln in st.lines] == [
        (Decimal("100.00"), "INV-1", "B1/1"), (Decimal("150.00"), "INV-2", "B1/2"), (Decimal("50.00"), "INV-3", "B1/3")]
    assert st.lines[2].source.render() == "b.xml:Stmt[1]/Ntry[1]/TxDtls[3]"
    assert _errors([st]) == []


def test_camt_batch_whose_details_do_not_add_up_stays_one_line_with_all_texts():
    data = camt053(IBAN, "0", [("300.00", "CRDT", "B1", "batch")], details={1: [("100.00", "INV-1"), ("1.00", "INV-2")]})
    [st] = read_statements(data, "b.xml")
    assert len(st.lines) == 1 and st.lines[0].amount == Decimal("300.00")
    assert "INV-1" in st.lines[0].remittance and "INV-2" in st.lines[0].remittance


def test_camt_pending_entries_are_left_out_with_a_note():
    data = camt053(IBAN, "0", [("5.00", "CRDT", "P1", "x")]).replace(b"<Sts>BOOK</Sts>", b"<Sts>PDNG</Sts>")
    data = data.replace(b"<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">5.00", b"<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0")
    [st] = read_statements(data, "p.xml")
    assert st.lines == () and st.skipped_pending == 1
    assert any("not yet booked" in p.render() for p in check_statements([st], [IBAN]))


def test_camt_account_by_other_id_matches_company_accounts_ignoring_spaces_and_case():
    [st] = read_statements(camt053("ab-12 345", "0", [("1.00", "CRDT", "", "x")], other_id=True), "o.xml")
    assert st.account == "ab-12 345"
    assert _errors([st], ["AB-12345"]) == []
    assert "not one of the company's accounts" in _errors([st], [IBAN])[0]


def test_camt_that_does_not_balance_is_refused_with_the_difference():
    [st] = read_statements(camt053(IBAN, "10.00", [("1.00", "CRDT", "", "x")], closing="12.00"), "u.xml")
    [error] = _errors([st])
    assert error.startswith("u.xml:Stmt[1]: ") and "difference 1.00 EUR" in error


def test_camt_xml_bomb_and_external_entity_are_refused_unexpanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><x>&lol2;</x></Document>')
    assert "refused for safety" in _refusal(lambda: read_camt(bomb, "bomb.xml"))
    xxe = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>')
    assert "refused for safety" in _refusal(lambda: read_statements(xxe, "xxe.xml"))


def test_camt_broken_xml_is_refused_naming_the_line():
    data = camt053(IBAN, "0", [("1.00", "CRDT", "", "x")]).replace(b"</Ntry>", b"</Ntr>")
    assert _refusal(lambda: read_statements(data, "broken.xml")).startswith("broken.xml:2: The XML is not well formed")


def test_other_xml_is_not_taken_for_a_statement():
    data = b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>'
    assert "not a bank statement" in _refusal(lambda: read_statements(data, "pain.xml"))


# ------------------------------------------------------------------ MT940 / MT942


def test_mt940_reversals_signs_and_balances():
    lines = [("100,00", "C", "B1", "in"), ("30,00", "D", "B2", "out"), ("10,00", "RC", "B3", "credit reversed"),
             ("5,00", "RD", "B4", "debit reversed")]
    [st] = read_statements(mt940(IBAN, "0", lines), "m.sta")
    assert [ln.amount for ln in st.lines] == [Decimal("100.00"), Decimal("-30.00"), Decimal("-10.00"), Decimal("5.00")]
    assert st.closing == Decimal("65.00") and _errors([st]) == []
    assert st.lines[0].source.render() == "m.sta:5"


def test_mt940_german_subfields_give_name_end_to_end_id_and_purpose():
    [st] = read_statements(mt940(IBAN, "0", [("12,50", "C", "", "RE 2026-0007")], structured=True), "de.sta")
    line = st.lines[0]
    assert (line.counterparty_name, line.end_to_end_id, line.remittance, line.code) == (
        "Payer Name", "E2E", "RE 2026-0007", "166")


def test_mt940_in_a_windows_code_page_with_control_characters_and_an_envelope():
    body = mt940(IBAN, "0", [("1,00", "C", "X1", "Zahlung Müller Straße")], encoding="cp1252")
    data = b"\x01{1:F01BANKDEFFXXXX0000000000}{2:O9400000000000}{4:\r\n" + body + b"-}\x03"
    [st] = read_statements(data, "env.sta")
    assert st.lines[0].remittance == "Zahlung Müller Straße" and _errors([st]) == []


def test_mt940_envelope_on_the_first_line_and_a_trailer_block():
    body = mt940(IBAN, "0", [("1,00", "C", "X1", "text")]).replace(b"-\r\n", b"")
    data = b"{1:F01BANKDEFFXXXX0000000000}{2:O9400000000000}{4:" + body + b"-}{5:{CHK:123456789ABC}}\r\n"
    [st] = read_statements(data, "swift.fin")
    assert st.lines[0].remittance == "text" and _errors([st]) == []


def test_mt940_statement_info_after_the_closing_balance_is_not_a_transaction_text():
    data = mt940(IBAN, "0", [("1,00", "C", "X1", "mine")]).replace(b"-\r\n", b":86:STATEMENT INFO\r\n-\r\n")
    [st] = read_statements(data, "i.sta")
    assert st.lines[0].remittance == "mine"


def test_mt942_interim_report_checked_by_its_stated_sums():
    text = (":20:INTERIM\r\n:25:" + IBAN + "\r\n:28C:1\r\n:34F:EUR0,\r\n:13D:2611021200+0100\r\n"
            ":61:2611021102C100,00NTRFNONREF//R1\r\n:86:in\r\n:61:2611021102D40,00NTRFNONREF//R2\r\n:86:out\r\n"
            ":90D:1EUR40,00\r\n:90C:1EUR100,00\r\n-\r\n")
    [st] = read_statements(text.encode(), "i.sta")
    assert st.format == "mt942" and _errors([st]) == []
    [wrong] = read_statements(text.replace(":90C:1EUR100,00", ":90C:1EUR90,00").encode(), "i.sta")
    [error] = _errors([wrong])
    assert "credits of 90.00" in error and "add up to 100.00" in error


def test_mt940_bad_statement_line_is_refused_naming_the_line():
    data = mt940(IBAN, "0", [("1,00", "C", "X1", "x")]).replace(b":61:2611021102C1,00", b":61:26X1021102C1,00")
    assert _refusal(lambda: read_statements(data, "bad.sta")).startswith("bad.sta:5: Cannot read this :61: line")


# ------------------------------------------------------------------ OFX


@pytest.mark.parametrize("version", [1, 2])
def test_ofx_sgml_and_xml(version):
    data = ofx("1234567", [("100.00", "F1", "ACME", "INV-1"), ("-20.50", "F2", "SHOP", "")], version=version)
    [st] = read_statements(data, "o.ofx")
    assert st.account == "1234567" and st.closing == Decimal("79.50")
    assert [(ln.amount, ln.bank_reference, ln.remittance) for ln in st.lines] == [
        (Decimal("100.00"), "F1", "INV-1"), (Decimal("-20.50"), "F2", "SHOP")]


# ------------------------------------------------------------------ CSV / XLSX


def _mapping(**data) -> dict:
    return {"bank": BankMapping.model_validate(data)}


CZ_COLUMNS = {"booking_date": "Datum", "amount": "Částka", "counterparty_name": "Protistrana",
              "reference": "VS", "remittance": ["Zpráva", "Poznámka"], "bank_reference": "ID", "balance": "Zůstatek"}


def test_csv_with_decimal_comma_preamble_code_page_and_running_balance():
    text = ("Výpis z účtu;;;;;;;\nObdobí: 1.11.2026 - 3.11.2026;;;;;;;\n"
            "ID;Datum;Částka;Protistrana;VS;Zpráva;Poznámka;Zůstatek\n"
            "1;02.11.2026;1 210,00;Alfa s.r.o.;20260001;Faktura;;11 210,00\n"
            "2;03.11.2026;-150,50;Banka;;Poplatek;měsíční;11 059,50\n")
    mapping = _mapping(locale="cs_CZ", encoding="cp1250", account=IBAN, currency="CZK", columns=CZ_COLUMNS)
    [st] = read_statements(text.encode("cp1250"), "vypis.csv", mappings=mapping)
    assert (st.opening, st.closing, st.currency) == (Decimal("10000.00"), Decimal("11059.50"), "CZK")
    assert [(ln.amount, ln.reference, ln.remittance) for ln in st.lines] == [
        (Decimal("1210.00"), "20260001", "Faktura"), (Decimal("-150.50"), "", "Poplatek měsíční")]
    assert st.lines[1].source.render() == "vypis.csv:vypis!C5"
    assert _errors([st]) == []


def test_csv_newest_first_balances_are_checked_in_reverse():
    text = ("ID;Datum;Částka;Protistrana;VS;Zpráva;Poznámka;Zůstatek\n"
            "2;03.11.2026;-150,50;Banka;;Poplatek;;11 059,50\n1;02.11.2026;1 210,00;Alfa;1;Faktura;;11 210,00\n")
    mapping = _mapping(locale="cs_CZ", account=IBAN, currency="CZK", columns=CZ_COLUMNS)
    [st] = read_statements(text.encode(), "n.csv", mappings=mapping)
    assert (st.opening, st.closing) == (Decimal("10000.00"), Decimal("11059.50"))


def test_csv_broken_running_balance_is_refused_at_its_row():
    text = ("ID;Datum;Částka;Protistrana;VS;Zpráva;Poznámka;Zůstatek\n"
            "1;02.11.2026;100,00;A;;x;;100,00\n2;03.11.2026;50,00;B;;y;;160,00\n3;04.11.2026;1,00;C;;z;;161,00\n")
    mapping = _mapping(locale="cs_CZ", account=IBAN, currency="CZK", columns=CZ_COLUMNS)
    message = _refusal(lambda: read_statements(text.encode(), "r.csv", mappings=mapping))
    assert message.startswith("r.csv:r!C3: The running balance 160.00") and "difference 10.00" in message


def test_xlsx_with_debit_and_credit_columns_and_a_date_format():
    data = xlsx_bytes({"Movements": [["Bank statement"], [],
                                     ["Date", "Money out", "Money in", "Payer", "Details", "Account", "Currency"],
                                     ["11/02/2026", None, 250, "Beta Ltd", "INV 7", IBAN, "EUR"],
                                     ["11/03/2026", 20, None, "Fees", "fee", IBAN, "EUR"]]})
    mapping = _mapping(date_format="%m/%d/%Y", columns={
        "booking_date": "Date", "debit": "Money out", "credit": "Money in", "counterparty_name": "Payer",
        "remittance": "Details", "account": "Account", "currency": "Currency"})
    [st] = read_statements(data, "export.xlsx", mappings=mapping)
    assert [(ln.booking_date.isoformat(), ln.amount) for ln in st.lines] == [
        ("2026-11-02", Decimal("250")), ("2026-11-03", Decimal("-20"))]
    assert st.format == "xlsx" and st.opening is None


def test_csv_bad_amount_and_date_are_refused_naming_the_cells():
    text = "ID;Datum;Částka;Protistrana;VS;Zpráva;Poznámka;Zůstatek\n1;31.02.2026;abc;A;;x;;\n"
    mapping = _mapping(locale="cs_CZ", account=IBAN, currency="CZK", columns=CZ_COLUMNS)
    message = _refusal(lambda: read_statements(text.encode(), "e.csv", mappings=mapping))
    assert "e.csv:e!B2: '31.02.2026' is not a date." in message and "e.csv:e!C2: 'abc' is not an amount." in message


def test_csv_without_a_fitting_mapping_is_refused_naming_what_was_looked_for():
    mapping = _mapping(account=IBAN, currency="EUR", columns={"booking_date": "Booked", "amount": "Value"})
    message = _refusal(lambda: read_statements(b"a;b\n1;2\n", "x.csv", mappings=mapping))
    assert "No mapping in rules/bank/*.yaml describes this export" in message and "Booked, Value" in message


# ------------------------------------------------------------------ bounds and garbage


def test_files_over_the_size_limit_and_the_line_limit_are_refused():
    data = mt940(IBAN, "0", [("1,00", "C", f"R{i}", "x") for i in range(30)])
    assert "over the limit" in _refusal(lambda: read_mt940(data + b" " * (1024 * 1024), "big.sta", max_mb=1))
    assert "more than 10 transactions" in _refusal(lambda: read_statements(data, "many.sta", max_lines=10))


def test_garbage_is_refused_naming_the_file():
    assert _refusal(lambda: read_statements(b"\x00\xff garbage", "junk.bin")).startswith("junk.bin: This is not a bank")
