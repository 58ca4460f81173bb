"""Bank statements through the real pipeline: booked once, refused when they do not balance or are not ours."""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from bank_samples import camt053, mt940

OURS = "CZ6508000000192000145399"  # company.iban of the sample settings
SECOND = "CZ6020100000002400123456"  # company.accounts of the sample settings


def _drop(workspace, name: str, data: bytes):
    path = workspace.inbox / "bank" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _transactions(workspace) -> list[dict]:
    store = Store(workspace.db_path)
    try:
        return store.read().rows("bank_transactions")
    finally:
        store.close()


def test_camt_statement_is_booked_with_its_texts(workspace):
    lines = [("100.00", "CRDT", "REF-1", "Invoice 2026-0001"), ("-25.50", "DBIT", "REF-2", "Fee")]
    path = _drop(workspace, "statement.xml", camt053(OURS, "1000.00", lines, version="08"))
    result = Pipeline(workspace).process_paths([path])[0]
    assert result["status"] == "done", result
    rows = _transactions(workspace)
    assert [(r["amount"], r["bank_reference"], r["remittance"]) for r in rows] == [
        (Decimal("100.00"), "REF-1", "Invoice 2026-0001"), (Decimal("-25.50"), "REF-2", "Fee")]
    assert rows[0]["account_iban"] == OURS and rows[0]["status"] == "unmatched"
    assert rows[0]["source"] == "statement.xml:Stmt[1]/Ntry[1]"


def test_overlapping_statement_books_only_the_new_lines(workspace):
    first = [("100.00", "CRDT", "A1", "one"), ("50.00", "CRDT", "A2", "two")]
    second = [("50.00", "CRDT", "A2", "two"), ("7.00", "CRDT", "A3", "three")]
    pipeline = Pipeline(workspace)
    assert pipeline.process_paths([_drop(workspace, "a.xml", camt053(OURS, "0", first))])[0]["status"] == "done"
    out = pipeline.process_paths([_drop(workspace, "b.xml", camt053(OURS, "150.00", second, statement_id="S2"))])[0]
    assert out["status"] == "done", out
    assert sorted(r["bank_reference"] for r in _transactions(workspace)) == ["A1", "A2", "A3"]
    assert any("imported before" in m["text"] for m in out["messages"])


def test_overlap_without_bank_references_is_caught_by_content_and_keeps_true_twins(workspace):
    pipeline = Pipeline(workspace)
    twins = [("9.49", "C", "", "CARD 1"), ("9.49", "C", "", "CARD 1")]
    out = pipeline.process_paths([_drop(workspace, "a.sta", mt940(SECOND, "0", twins))])[0]
    assert out["status"] == "done", out
    assert len(_transactions(workspace)) == 2  # two identical payments on one day are both real
    later = twins + [("1.00", "C", "", "NEW")]
    out = pipeline.process_paths([_drop(workspace, "b.sta", mt940(SECOND, "0", later, reference="B"))])[0]
    assert out["status"] == "done", out
    assert len(_transactions(workspace)) == 3


def test_statement_that_does_not_balance_is_refused_stating_the_difference(workspace):
    data = camt053(OURS, "1000.00", [("100.00", "CRDT", "R1", "x")], closing="1090.00")
    out = Pipeline(workspace).process_paths([_drop(workspace, "bad.xml", data)])[0]
    assert out["status"] == "refused"
    text = " ".join(m["text"] for m in out["messages"])
    assert "does not balance" in text and "difference -10.00" in text
    assert _transactions(workspace) == []


def test_statement_of_an_unlisted_account_is_refused_naming_it_and_the_key(workspace):
    data = mt940("DE89370400440532013000", "0", [("5,00", "C", "X", "x")])
    out = Pipeline(workspace).process_paths([_drop(workspace, "other.sta", data)])[0]
    assert out["status"] == "refused"
    text = " ".join(m["text"] for m in out["messages"])
    assert "DE89370400440532013000" in text and "company.accounts" in text


def test_csv_export_by_the_sample_mapping_is_booked(workspace):
    text = ("ID pohybu;Datum;Objem;Protiúčet;Název protiúčtu;VS;Zpráva pro příjemce;Poznámka;Zůstatek\n"
            "1001;02.11.2026;1 210,00;CZ6508000000192000145399;Alfa s.r.o.;20260001;Faktura 2026-0001;;11 210,00\n"
            "1002;03.11.2026;-150,50;;Banka;;Poplatek;měsíční;11 059,50\n")
    path = _drop(workspace, "example-bank-2026-11.csv", text.encode("cp1250"))
    out = Pipeline(workspace).process_paths([path])[0]
    assert out["status"] == "done", out
    rows = _transactions(workspace)
    assert [(r["amount"], r["currency"], r["reference"], r["bank_reference"]) for r in rows] == [
        (Decimal("1210.00"), "CZK", "20260001", "1001"), (Decimal("-150.50"), "CZK", None, "1002")]
    assert rows[1]["remittance"] == "Poplatek měsíční" and rows[0]["account_iban"] == SECOND


def test_a_bad_bank_mapping_is_reported_by_rules_check_at_its_line(workspace):
    from conftest import run_cli

    bad = workspace.rules_dir / "bank" / "broken.yaml"
    bad.write_text("columns:\n  booking_date: Datum\n  amount: Objem\n  debit: Výdaj\nencoding: klingon\n",
                   encoding="utf-8")
    out = run_cli("rules", "check", "-w", str(workspace.root))
    assert out.returncode == 1
    assert "rules/bank/broken.yaml:" in out.stderr + out.stdout
    text = out.stderr + out.stdout
    assert "not both" in text and "unknown encoding 'klingon'" in text


def test_mt940_naming_the_account_in_the_domestic_form_and_camt_naming_its_iban_book_each_line_once(workspace):
    pipeline = Pipeline(workspace)
    lines = [("100,00", "C", "D1", "one"), ("40,00", "D", "D2", "two")]
    out = pipeline.process_paths([_drop(workspace, "a.sta", mt940("19-2000145399/0800", "0", lines))])[0]
    assert out["status"] == "done", out
    later = [("40.00", "DBIT", "D2", "two"), ("5.00", "CRDT", "D3", "three")]
    out = pipeline.process_paths([_drop(workspace, "b.xml", camt053(OURS, "100.00", later, statement_id="S2"))])[0]
    assert out["status"] == "done", out
    rows = _transactions(workspace)
    assert sorted(r["bank_reference"] for r in rows) == ["D1", "D2", "D3"]
    assert {r["account_iban"] for r in rows} == {OURS}


def test_a_statement_booked_after_today_is_refused_naming_its_line(workspace, monkeypatch):
    """A bank books nothing ahead of time: lines booked years after today are a mistyped date
    or no real statement, and were booked and matched as if paid."""
    monkeypatch.setenv("BACKOFFICE_NOW", "2026-10-30T09:00")  # the samples book on 2026-11-02
    path = _drop(workspace, "ahead.xml", camt053(OURS, "0", [("100.00", "CRDT", "R1", "Invoice 1")]))
    result = Pipeline(workspace).process_paths([path])[0]
    assert result["status"] == "refused"
    [problem] = [m for m in result["messages"] if m["level"] == "error"]
    assert problem["where"] == "ahead.xml:Stmt[1]/Ntry[1]"
    assert problem["text"].startswith("booked on 2026-11-02, after today (2026-10-30): a bank books nothing ahead")
    assert _transactions(workspace) == []


def test_a_booking_date_a_day_or_two_ahead_is_taken(workspace, monkeypatch):
    monkeypatch.setenv("BACKOFFICE_NOW", "2026-10-31T09:00")  # the bank's day may be ahead of ours
    path = _drop(workspace, "close.sta", mt940(SECOND, "0", [("5.00", "C", "R1", "one")]))
    assert Pipeline(workspace).process_paths([path])[0]["status"] == "done"
