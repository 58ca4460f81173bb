"""The master-data job: local headers and number forms, upserts, the change report, the admin mail."""

from __future__ import annotations

import json
from decimal import Decimal
from email import message_from_bytes
from pathlib import Path

from openpyxl import load_workbook

from conftest import REPO, cli_json, run_cli, write_workbook

GOLDEN = REPO / "tests" / "golden" / "masterdata"


def _settings(workspace, **values) -> None:
    lines = [f"{k}: {v}" for k, v in values.items()]
    (workspace.rules_dir / "settings.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _mail_admin(workspace, address="admin@example.com") -> None:
    (workspace.rules_dir / "mail.yaml").write_text(f"roles:\n  admin: [{address}]\n", encoding="utf-8")


def test_czech_headers_and_number_forms_are_read(workspace):
    _settings(workspace, locale="cs_CZ", language="cs")
    path = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód zboží", "Název", "Jednotka", "Cena", "Sazba DPH", "Skladem"],
        ["A-1", "Šroubovák křížový", "ks", "1 234,50", "21 %", "12"],
        ["A-2", "Kleště", "ks", "99,90", "21", "3,5"],
    ]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert [(i["sku"], i["unit_price"], i["tax_rate"], i["on_hand"]) for i in books["items"]] == [
        ("A-1", "1234.50", "21", "12"), ("A-2", "99.90", "21", "3.5")]


def test_several_tables_in_one_workbook_and_a_second_file_changes_them(workspace):
    _mail_admin(workspace)
    first = write_workbook(workspace.inbox / "books" / "master.xlsx", {
        "Customers": [["customer_id", "name", "email", "language", "priority"],
                      ["C1", "Pekárna Novák", "novak@example.cz", "cs", 2],
                      ["C2", "Boulangerie Martin", "martin@example.fr", "fr", 1]],
        "Suppliers": [["supplier_id", "name", "iban"], ["S1", "Papírny Šumava", "CZ6508000000192000145399"]],
    })
    run_cli("process", str(first), "-w", str(workspace.root), check=True)
    second = write_workbook(workspace.inbox / "books" / "customers-update.xlsx", {
        "Odběratelé": [["Číslo zákazníka", "Název", "Priorita"],
                       ["C1", "Pekárna Novák", 3], ["C2", "Boulangerie Martin", 1], ["C3", "Panadería López", 1]],
    })
    code, results = cli_json("process", str(second), "-w", str(workspace.root))
    assert code == 0, results
    texts = [m["text"] for m in results[0]["messages"]]
    assert any("1 added, 1 changed, 1 unchanged" in t for t in texts), texts
    report = next(workspace.root.glob(f"outbox/*/{results[0]['job']}-customers-update/changes-customers-update.xlsx"))
    changed = list(load_workbook(report)["Changed"].iter_rows(values_only=True))
    assert changed[1] == ("Customers", "C1", "Priority", 2, 3)  # named as the headers name them
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    by_id = {c["customer_id"]: c for c in books["customers"]}
    assert by_id["C1"]["priority"] == 3 and by_id["C1"]["email"] == "novak@example.cz"  # kept: not in the sheet
    assert by_id["C3"]["name"] == "Panadería López"
    assert (workspace.books_out / "customers.xlsx").exists()
    mails = [message_from_bytes(p.read_bytes()) for p in workspace.mail_pending.glob("*.eml")]
    assert len(mails) == 2 and all(m["To"] == "admin@example.com" for m in mails)
    assert any("customers-update.xlsx" in m["Subject"] for m in mails)


def test_a_key_twice_refuses_the_file_naming_both_rows(workspace):
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": [
        ["sku", "name"], ["X-1", "one"], ["X-2", "two"], ["X-1", "again"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    text = " ".join(m["text"] for m in results[0]["messages"])
    assert "Key X-1 appears more than once, in rows 2, 4." in text, text
    assert (workspace.failed / "items.xlsx").exists()


def test_refusal_text_is_in_the_workspace_language(workspace):
    _settings(workspace, language="cs")
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": [
        ["sku", "name", "unit_price"], ["X-1", "one", "dvanáct"]]})
    code, _ = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    report = (workspace.failed / "items.xlsx.error.txt").read_text(encoding="utf-8")
    assert "items.xlsx:Items!C2" in report
    assert "dvanáct" in report
    assert "is not" not in report  # the sentence is Czech, not English


def test_golden_sample(workspace):
    """tests/golden/masterdata/sample.xlsx beside sample.expected.json (the books after import)."""
    target = workspace.inbox / "books" / "sample.xlsx"
    target.write_bytes((GOLDEN / "sample.xlsx").read_bytes())
    code, results = cli_json("process", str(target), "-w", str(workspace.root))
    assert code == 0, results
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    expected = json.loads((GOLDEN / "sample.expected.json").read_text(encoding="utf-8"))
    assert {table: books[table] for table in expected} == expected


def make_golden_sample(folder: Path = GOLDEN) -> None:
    """Writes the golden input (run by hand when the sample should change)."""
    write_workbook(folder / "sample.xlsx", {
        "Articles": [["Référence", "Désignation", "Unité", "Prix unitaire", "Devise", "Taux TVA", "Stock", "Emplacement"],
                     ["FR-001", "Café moulu 1 kg", "kg", Decimal("12.40"), "EUR", Decimal("5.5"), 40, "B-02"],
                     ["FR-002", "Théière en fonte", "pcs", Decimal("35"), "EUR", 20, 6, "B-03"]],
        "Proveedores": [["Código de proveedor", "Nombre", "NIF-IVA", "IBAN", "Condiciones de pago"],
                        ["P-01", "Embalajes Levante S.L.", "ESB12345678", "ES9121000418450200051332", "2/10 net 30"]],
        "Pracownicy": [["Nr pracownika", "Imię i nazwisko", "Stawka godzinowa", "Waluta", "Kraj", "Strefa czasowa"],
                       ["E-7", "Łukasz Wróbel", Decimal("31.50"), "PLN", "PL", "Europe/Warsaw"]],
    })


if __name__ == "__main__":
    make_golden_sample()


def test_countries_are_kept_as_iso_codes_whatever_language_names_them(workspace):
    """A country column decides VAT and holidays: names in the clerks' languages become ISO
    codes, a name no language has is refused at its cell (it would read as a country outside
    the EU)."""
    path = write_workbook(workspace.inbox / "books" / "customers.xlsx", {"Customers": [
        ["customer_id", "name", "country"], ["C1", "Müller GmbH", "Německo"], ["C2", "Hurtownia", "Polska"],
        ["C3", "Garage Moreau", "fr"], ["C4", "Acme Inc.", "United States"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert {c["customer_id"]: c["country"] for c in books["customers"]} == {"C1": "DE", "C2": "PL", "C3": "FR",
                                                                            "C4": "US"}
    bad = write_workbook(workspace.inbox / "books" / "more.xlsx", {"Customers": [
        ["customer_id", "name", "country"], ["C5", "Rossi S.p.A.", "Germania"]]})
    code, results = cli_json("process", str(bad), "-w", str(workspace.root))
    assert code == 1
    text = " ".join(m["where"] + ": " + m["text"] for m in results[0]["messages"] if m.get("where"))
    assert "more.xlsx:Customers!C2" in text and "'Germania' in column country is not a country" in text, text
