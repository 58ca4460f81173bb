"""Czech ABO/GPC, Spanish Norma 43 and French CFONB 120 statements: read directly and through the pipeline.

The files are made by `national_samples` with known contents and valid accounts; every
field the matching uses is checked (amounts, dates, Czech symbols, references, payer
names, counterparty accounts, the IBAN built from the domestic parts), then broken in
the ways real files break (cut records, a wrong encoding, 31 February, bad signs,
totals that do not add up) and each is refused naming the file and the line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice_auto.books.store import Store
from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements, statement_format
from backoffice_auto.payments.readers.checks import statement_account
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, mt940, ofx
from national_samples import (CZ_IBAN, ES_IBAN, FR_IBAN, Entry, abo, cfonb, czech_valid, norma43, overpunch,
                              rib_key, spanish_dc)

D = Decimal
PAYER = ("", czech_valid(1234567000), "0100")  # a KB account: 1234567004/0100


def _cz_entries():
    return [Entry(D("1210.00"), name="Alfa s.r.o.", vs="0202600012", ks="0308", ss="77", counter=PAYER,
                  text="Faktura INV-2026-00012 Jiří Nováček", document="4456001"),
            Entry(D("-150.50"), day=date(2026, 11, 5), name="Česká pošta", text="Poplatek za vedení"),
            Entry(D("-20.00"), day=date(2026, 11, 6), reversal=True, text="Storno platby")]


def _errors(statements, accounts):
    return [p.render() for p in check_statements(statements, accounts) if p.level == "error"]


def _refused(data: bytes, name: str, **kw) -> list[str]:
    with pytest.raises(Refusal) as caught:
        read_statements(data, name, **kw)
    texts = [p.render() for p in caught.value.problems]
    assert texts and all(t.startswith(name) for t in texts), texts
    return texts


# ------------------------------------------------------------------ Czech ABO

@pytest.mark.parametrize("encoding", ["cp1250", "cp852", "utf-8"])
def test_abo_statement_gives_symbols_counterparty_and_texts(encoding):
    data = abo(_cz_entries(), encoding=encoding)
    assert statement_format(data, "vypis.gpc") == "abo" and statement_format(data, "export.dat") == "abo"
    [st] = read_statements(data, "vypis.gpc")
    assert (st.format, st.account, st.currency) == ("abo", "19-2000145399", "CZK")
    assert (st.opening, st.closing, st.opening_date, st.closing_date) == (
        D("10000.00"), D("11039.50"), date(2026, 10, 31), date(2026, 11, 30))
    paid, fee, reversal = st.lines
    assert paid.amount == D("1210.00") and paid.reference == "/VS/202600012/SS/77/KS/308"
    assert paid.counterparty_iban == "CZ1001000000001234567004" and paid.counterparty_name == "Alfa s.r.o."
    assert paid.remittance == "Faktura INV-2026-00012 Jiří Nováček" and paid.bank_reference == "20261103/4456001"
    assert paid.source.render() == "vypis.gpc:2"
    assert (fee.amount, fee.counterparty_name, fee.value_date) == (D("-150.50"), "Česká pošta", date(2026, 11, 5))
    assert (reversal.amount, reversal.code) == (D("-20.00"), "5")
    assert _errors([st], [CZ_IBAN]) == []
    assert statement_account(st, [CZ_IBAN]) == CZ_IBAN
    assert "company.accounts" in _errors([st], ["CZ6508000000192000145398"])[0]


def test_abo_account_is_not_guessed_when_two_listed_accounts_share_its_number():
    [st] = read_statements(abo(_cz_entries()), "v.gpc")
    other_bank = "CZ" + "00" + "0300" + CZ_IBAN[8:]
    assert statement_account(st, [CZ_IBAN, other_bank]) is None


def test_abo_without_line_breaks_and_with_several_statements():
    one = abo(_cz_entries()[:1], line_end="")
    assert len(one) % 128 == 0
    [st] = read_statements(one, "flat.gpc")
    assert st.lines[0].amount == D("1210.00") and st.lines[0].remittance.startswith("Faktura")
    two = abo(_cz_entries()[:1]) + abo(_cz_entries()[1:2], number=8, opening=D("11210.00"))
    first, second = read_statements(two, "two.gpc")
    assert (first.statement_id, second.statement_id) == ("7/2026-11-30", "8/2026-11-30")
    assert second.lines[0].source.render() == "two.gpc:5"


@pytest.mark.parametrize("change, expected", [
    (lambda ls: ls.__setitem__(1, ls[1][:60]), "075 is 60 characters long"),
    (lambda ls: ls.__setitem__(1, ls[1] + "X" * 10), "075 is 138 characters long"),
    (lambda ls: ls.__setitem__(1, ls[1][:91] + "310226" + ls[1][97:]), "holds '310226' where its value date"),
    (lambda ls: ls.__setitem__(1, ls[1][:91] + "000000" + ls[1][97:]), "holds '000000' where its value date"),
    (lambda ls: ls.__setitem__(1, ls[1][:60] + "3" + ls[1][61:]), "holds '3' where its debit or credit code"),
    (lambda ls: ls.__setitem__(1, ls[1][:48] + "00000012x000" + ls[1][60:]), "where its amount should be"),
    (lambda ls: ls.__setitem__(1, ls[1][:117] + "00999" + ls[1][122:]), "where its currency code should be"),
    (lambda ls: ls.__setitem__(0, ls[0][:74] + "?" + ls[0][75:]), "'?' as the sign of its balance"),
    (lambda ls: ls.insert(0, ls[1]), "before the record that opens a statement"),
    (lambda ls: ls.__setitem__(1, "075" + "0" * 16 + ls[1][19:]), "for account 0000000000000000"),
])
def test_broken_abo_records_are_refused_at_their_line(change, expected):
    lines = abo(_cz_entries()).decode("cp1250").split("\r\n")
    change(lines)
    texts = _refused("\r\n".join(lines).encode("cp1250"), "vypis.gpc")
    assert any(expected in t for t in texts), texts


def test_abo_turnovers_that_do_not_add_up_are_refused_with_the_difference():
    lines = abo(_cz_entries()).decode("cp1250").split("\r\n")
    lines[0] = lines[0][:90] + f"{int(lines[0][90:104]) - 5:014d}" + lines[0][104:]
    [text] = _refused("\r\n".join(lines).encode("cp1250"), "vypis.gpc")
    assert "credits of 1,189.95" in text and "add up to 1,190.00" in text  # the reversed credit counted off
    assert "difference -0.05 CZK" in text


def test_abo_balance_that_does_not_follow_is_refused_by_the_balance_check():
    lines = abo(_cz_entries()).decode("cp1250").split("\r\n")
    lines[0] = lines[0][:60] + f"{int(lines[0][60:74]) + 100:014d}" + lines[0][74:]
    [st] = read_statements("\r\n".join(lines).encode("cp1250"), "vypis.gpc")
    [error] = _errors([st], [CZ_IBAN])
    assert "does not balance" in error and "difference 1.00 CZK" in error


# ------------------------------------------------------------------ Spanish Norma 43

def _es_entries():
    return [Entry(D("1250.00"), name="MUÑOZ Y CÍA SL", reference="FRA-2026-0042", text="TRANSFERENCIA FRA 2026/0042"),
            Entry(D("-84.37"), day=date(2026, 11, 5), text="RECIBO IBERDROLA"),
            Entry(D("-2.50"), day=date(2026, 11, 6), text="COMISIÓN")]


def test_norma43_statement_gives_iban_references_and_concepts():
    data = norma43(_es_entries())
    assert statement_format(data, "extracto.n43") == "norma43" and statement_format(data, "Movimientos.txt") == "norma43"
    [st] = read_statements(data, "extracto.n43")
    assert (st.format, st.bank_id, st.branch_id, st.account, st.iban, st.currency) == (
        "norma43", "2100", "0418", "0200051332", ES_IBAN, "EUR")
    assert spanish_dc("2100", "0418", "0200051332") == ES_IBAN[12:14]
    assert (st.opening, st.closing) == (D("5000.00"), D("6163.13"))
    assert (st.stated_debits, st.stated_credits) == (D("86.87"), D("1250.00"))
    paid = st.lines[0]
    assert paid.reference == "FRA-2026-0042" and paid.remittance == "MUÑOZ Y CÍA SL TRANSFERENCIA FRA 2026/0042"
    assert paid.code == "02/099" and paid.bank_reference == ""  # Norma 43 has no transaction id
    assert _errors([st], [ES_IBAN]) == []
    assert statement_account(st, [ES_IBAN]) == ES_IBAN


def test_norma43_overdrawn_balances_and_several_accounts():
    [first, second] = read_statements(norma43(_es_entries(), opening=D("-100.00"), accounts=2), "n.aeb")
    assert first.opening == D("-100.00") and first.closing == D("1063.13") and second.lines[2].amount == D("-2.50")


@pytest.mark.parametrize("change, expected", [
    (lambda ls: ls.__setitem__(1, ls[1][:27] + "3" + ls[1][28:]), "where its debit or credit code"),
    (lambda ls: ls.__setitem__(1, ls[1][:10] + "260231" + ls[1][16:]), "holds '260231' where its date"),
    (lambda ls: ls.__setitem__(0, ls[0][:47] + "999" + ls[0][50:]), "holds '999' where its currency code"),
    (lambda ls: ls.__delitem__(-2), "has no closing record of type 88"),
    (lambda ls: ls.__setitem__(1, ls[1][:40]), "22 is 40 characters long"),
    (lambda ls: ls.append(ls[1]), "after the record that ends the file"),
    (lambda ls: ls.insert(3, ls[0]), "a new statement opens before the previous one was closed"),
])
def test_broken_norma43_records_are_refused_at_their_line(change, expected):
    lines = norma43(_es_entries()).decode("cp1252").split("\r\n")
    change(lines)
    texts = _refused("\r\n".join(lines).encode("cp1252"), "extracto.n43")
    assert any(expected in t for t in texts), texts


def test_norma43_totals_that_do_not_add_up_are_refused_with_the_difference():
    lines = norma43(_es_entries()).decode("cp1252").split("\r\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("33"))
    lines[i] = lines[i][:25] + f"{int(lines[i][25:39]) + 1:014d}" + lines[i][39:]
    [st] = read_statements("\r\n".join(lines).encode("cp1252"), "extracto.n43")
    errors = _errors([st], [ES_IBAN])
    assert any("debits of 86.88" in e and "difference 0.01 EUR" in e for e in errors), errors


def test_norma43_cut_off_after_a_movement_is_refused():
    data = norma43(_es_entries())
    texts = _refused(data[:data.index(b"\r\n33")], "extracto.n43")
    assert any("no closing record of type 33" in t for t in texts), texts


# ------------------------------------------------------------------ French CFONB 120

def _fr_entries():
    return [Entry(D("480.00"), name="CRECHE DUPONT SARL", reference="FA-2026-0077", text="VIR SEPA CRECHE DUPONT",
                  extra=[("LCC", "REGLEMENT FACTURE FA-2026-0077")]),
            Entry(D("-84.37"), day=date(2026, 11, 5), name="EDF SA", text="PRLV SEPA EDF"),
            Entry(D("-0.50"), day=date(2026, 11, 6), text="FRAIS VIR")]


def test_cfonb_statement_gives_payer_name_reference_and_iban():
    data = cfonb(_fr_entries())
    assert statement_format(data, "releve.txt") == "cfonb" and statement_format(data, "RELEVE.DAT") == "cfonb"
    [st] = read_statements(data, "releve.txt")
    assert (st.format, st.bank_id, st.branch_id, st.account, st.iban) == (
        "cfonb120", "30006", "00001", "12345678901", FR_IBAN)
    assert rib_key("30006", "00001", "12345678901") == FR_IBAN[-2:]
    assert (st.opening, st.closing, st.closing_date) == (D("2500.00"), D("2895.13"), date(2026, 11, 30))
    paid, edf, fee = st.lines
    assert paid.counterparty_name == "CRECHE DUPONT SARL" and paid.reference == "FA-2026-0077"
    assert paid.end_to_end_id == "FA-2026-0077" and paid.remittance == "VIR SEPA CRECHE DUPONT REGLEMENT FACTURE FA-2026-0077"
    assert paid.bank_reference == "20261103/0000001/REF000001" and paid.code == "05"
    assert (edf.amount, edf.counterparty_name) == (D("-84.37"), "EDF SA")
    assert fee.amount == D("-0.50")
    assert _errors([st], [FR_IBAN]) == []


@pytest.mark.parametrize("amount", ["0.00", "1.23", "-1.20", "-0.01", "987654321.09", "-10.00"])
def test_cfonb_overpunch_amounts(amount):
    [st] = read_statements(cfonb([Entry(D(amount), text="X")]), "r.cfo")
    assert st.lines[0].amount == D(amount)
    assert overpunch(D(amount))[-1] in "{}ABCDEFGHIJKLMNOPQR"


def test_cfonb_account_with_a_letter_gets_its_rib_key():
    [st] = read_statements(cfonb(_fr_entries(), parts=("20041", "01005", "0500013M026")), "r.cfo")
    assert st.iban == "FR1420041010050500013M02606"


@pytest.mark.parametrize("change, expected", [
    (lambda ls: ls.__setitem__(1, ls[1][:103] + "S" + ls[1][104:]), "where its signed amount should be"),
    (lambda ls: ls.__setitem__(1, ls[1][:34] + "290226" + ls[1][40:]), "holds '290226' where its date"),
    (lambda ls: ls.__setitem__(0, ls[0][:16] + "XYZ" + ls[0][19:]), "holds 'XYZ' where its currency code"),
    (lambda ls: ls.__setitem__(0, ls[0][:19] + "9" + ls[0][20:]), "holds '9' where its number of decimals"),
    (lambda ls: ls.__setitem__(1, ls[1][:100]), "04 is 100 characters long"),
    (lambda ls: ls.insert(0, ls[1]), "before the record that opens a statement"),
    (lambda ls: ls.__setitem__(1, "03" + ls[1][2:]), "does not start with a CFONB 120 record type"),
])
def test_broken_cfonb_records_are_refused_at_their_line(change, expected):
    lines = cfonb(_fr_entries()).decode("latin-1").split("\r\n")
    change(lines)
    texts = _refused("\r\n".join(lines).encode("latin-1"), "releve.txt")
    assert any(expected in t for t in texts), texts


def test_cfonb_new_balance_that_does_not_follow_is_refused_with_the_difference():
    lines = cfonb(_fr_entries()).decode("latin-1").split("\r\n")
    lines[-2] = lines[-2][:90] + overpunch(D("2895.03")) + lines[-2][104:]
    [st] = read_statements("\r\n".join(lines).encode("latin-1"), "releve.txt")
    [error] = _errors([st], [FR_IBAN])
    assert "does not balance" in error and "difference -0.10 EUR" in error


# ------------------------------------------------------------------ all three

@pytest.mark.parametrize("language, word", [("cs", "znaků"), ("pl", "znaków"), ("es", "caracteres"), ("fr", "caractères")])
def test_refusals_are_in_the_users_language(language, word):
    lines = abo(_cz_entries()).split(b"\r\n")
    with pytest.raises(Refusal) as caught:
        read_statements(b"\r\n".join([lines[0], lines[1][:60]]), "vypis.gpc")
    assert word in caught.value.problems[0].text(language)


def test_garbage_and_huge_files_are_refused_cleanly():
    assert _refused(b"074" + b"\xff" * 200, "x.gpc")
    assert _refused(b"", "x.gpc")
    big = abo(_cz_entries()) * 2
    texts = _refused(big, "big.gpc", max_lines=3)
    assert "more than 3 transactions" in texts[0]
    many_bad = norma43(_es_entries()).split(b"\r\n")
    rows = many_bad[:2] + [b"22" + b"x" * 78] * 5000 + many_bad[2:]
    texts = _refused(b"\r\n".join(rows), "bad.n43")
    assert 10 < len(texts) <= 100  # bounded: a file of bad records is not listed whole


def test_other_formats_are_still_told_apart():
    assert statement_format(camt053(CZ_IBAN, "0", [("1.00", "CRDT", "R", "x")])) == "camt"
    assert statement_format(mt940(CZ_IBAN, "0", [("1,00", "C", "R", "x")])) == "mt940"
    assert statement_format(ofx("1", [("1.00", "F", "n", "m")])) == "ofx"
    assert statement_format(b"Datum;Castka\n01.11.2026;1,00\n", "a.csv") == "table"
    assert statement_format("11;22;33\n22;33;44\n".encode(), "numbers.txt") == "table"


# ------------------------------------------------------------------ through the pipeline

def _workspace_with_invoices(workspace):
    settings = workspace.rules_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    - CZ60 2010 0000 0024 0012 3456\n",
                                     f"    - CZ60 2010 0000 0024 0012 3456\n    - {ES_IBAN}\n    - {FR_IBAN}\n"),
                        encoding="utf-8")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            for cid, name in [("C1", "Alfa s.r.o."), ("C2", "Muñoz y Cía SL"), ("C3", "Crèche Dupont SARL")]:
                books.insert("customers", {"customer_id": cid, "name": name})
            for number, cid, currency, total in [("INV-2026-00012", "C1", "CZK", "1210.00"),
                                                 ("FRA-2026-0042", "C2", "EUR", "1250.00"),
                                                 ("FA-2026-0077", "C3", "EUR", "480.00")]:
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": cid,
                                                "issue_date": date(2026, 10, 20), "due_date": date(2026, 11, 19),
                                                "currency": currency, "total": D(total), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()


def _rows(workspace, table):
    store = Store(workspace.db_path)
    try:
        return store.read().rows(table)
    finally:
        store.close()


def test_national_statements_are_booked_and_matched_through_the_pipeline(workspace):
    _workspace_with_invoices(workspace)
    cz = [Entry(D("1210.00"), name="Alfa s.r.o.", vs="202600012", counter=PAYER, document="4456001"),
          Entry(D("-150.50"), name="Banka", text="Poplatek")]
    files = {"vypis-2026-11.gpc": abo(cz), "extracto.n43": norma43(_es_entries()), "releve.txt": cfonb(_fr_entries())}
    paths = []
    for name, data in files.items():
        path = workspace.inbox / "bank" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    results = Pipeline(workspace).process_paths(paths)
    assert [r["status"] for r in results] == ["done"] * 3, results
    rows = _rows(workspace, "bank_transactions")
    assert {r["account_iban"] for r in rows} == {CZ_IBAN, ES_IBAN, FR_IBAN}
    by_amount = {r["amount"]: r for r in rows}
    assert by_amount[D("1210.00")]["reference"] == "/VS/202600012"
    assert by_amount[D("480.00")]["counterparty_name"] == "CRECHE DUPONT SARL"
    matched = {r["amount"]: r["status"] for r in rows if r["amount"] > 0}
    assert matched == {D("1210.00"): "matched", D("1250.00"): "matched", D("480.00"): "matched"}, matched
    invoices = {r["invoice_number"]: r for r in _rows(workspace, "sales_invoices")}
    assert all(invoices[n]["status"] == "paid" for n in ("INV-2026-00012", "FRA-2026-0042", "FA-2026-0077"))
    # the same statement again under another name with one more line: only the new line is booked
    again = workspace.inbox / "bank" / "extracto-2.n43"
    again.write_bytes(norma43(_es_entries() + [Entry(D("7.00"), day=date(2026, 11, 9), text="ABONO")]))
    [out] = Pipeline(workspace).process_paths([again])
    assert out["status"] == "done", out
    assert len(_rows(workspace, "bank_transactions")) == len(rows) + 1


def test_payer_named_only_by_name_is_matched_to_that_customers_invoice(workspace):
    _workspace_with_invoices(workspace)
    path = workspace.inbox / "bank" / "releve.cfo"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cfonb([Entry(D("480.00"), name="CRECHE DUPONT SARL", text="VIR SEPA")]))
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "done", out
    [row] = _rows(workspace, "bank_transactions")
    assert row["counterparty_name"] == "CRECHE DUPONT SARL" and row["status"] in ("matched", "suggested"), row
    assert "FA-2026-0077" in str(row["matches"])


def test_a_statement_of_an_unlisted_account_is_refused_through_the_pipeline(workspace):
    path = workspace.inbox / "bank" / "releve.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cfonb(_fr_entries()))
    [out] = Pipeline(workspace).process_paths([path])
    assert out["status"] == "refused"
    assert any("company.accounts" in m["text"] and "30006 00001 12345678901" in m["text"] for m in out["messages"])


@pytest.mark.parametrize("make, header, bad", [
    (lambda: abo(_cz_entries()), lambda h: h[:39] + "310226" + h[45:], "holds '310226' where its date"),
    (lambda: norma43(_es_entries()), lambda h: h[:47] + "ABC" + h[50:], "holds 'ABC' where its currency code"),
    (lambda: cfonb(_fr_entries()), lambda h: h[:34] + "000000" + h[40:], "holds '000000' where its date"),
])
def test_a_refused_header_is_the_one_problem_its_records_are_not_refused_again(make, header, bad):
    data = make()
    encoding = "cp1250" if data.startswith(b"074") else "latin-1"
    lines = data.decode(encoding).split("\r\n")
    lines[0] = header(lines[0])
    texts = _refused("\r\n".join(lines).encode(encoding), "f.dat")
    assert len(texts) == 1 and bad in texts[0] and texts[0].startswith("f.dat:1:"), texts
