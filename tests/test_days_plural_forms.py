"""A number of days in the clerk's and the customer's language takes the form of its count.

Found by reading the headings of the ageing workbook with `ageing.buckets: [1, 2, 30]` and the
terms printed on an invoice with `net 1`: Czech read "více než 30 dní" but also "1–1 dní"
and "splatné do 1 dnů", Polish "w ciągu 1 dni", English "1-1 days" and "due within 1 days".
Each count now takes its own form (Czech and Polish have three), a bucket of one day reads
as that day ("1 day"), and a range takes the form of its upper bound ("2–4 dny").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.terms import describe_terms, parse_terms
from bank_samples import camt053, process_bank_file
from conftest import set_workspace_language

OURS = "CZ6508000000192000145399"

HEADINGS = {
    "en": ["current", "1 day", "2 days", "3-4 days", "5-30 days", "over 30 days"],
    "cs": ["do splatnosti", "1 den", "2 dny", "3–4 dny", "5–30 dní", "více než 30 dní"],
    "pl": ["bieżące", "1 dzień", "2 dni", "3–4 dni", "5–30 dni", "ponad 30 dni"],
    "es": ["al corriente", "1 día", "2 días", "3–4 días", "5–30 días", "más de 30 días"],
    "fr": ["non échu", "1 jour", "2 jours", "3–4 jours", "5–30 jours", "plus de 30 jours"],
}


def _workspace_in(workspace, language: str, buckets: str) -> None:
    set_workspace_language(workspace, language)
    payments = workspace.root / "rules" / "payments.yaml"
    payments.write_text(payments.read_text(encoding="utf-8").replace("buckets: [30, 60, 90]", f"buckets: {buckets}"),
                        encoding="utf-8")


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_the_ageing_workbook_heads_each_bucket_in_the_form_of_its_days(workspace, language):
    _workspace_in(workspace, language, "[1, 2, 4, 30]")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            books.insert("customers", {"customer_id": "C1", "name": "Alfa s.r.o."})
            books.insert("sales_invoices", {"invoice_number": "INV-1", "customer_id": "C1",
                                            "issue_date": date(2026, 9, 1), "due_date": date(2026, 10, 1),
                                            "currency": "EUR", "total": Decimal("100.00"), "paid": Decimal(0),
                                            "status": "open"})
    finally:
        store.close()
    process_bank_file(workspace, "s.xml", camt053(OURS, "0", [("5.00", "CRDT", "R1", "thanks")]))
    sheet = load_workbook(next((workspace.root / "outbox").rglob("ar-ageing.xlsx"))).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[3:9] == HEADINGS[language]


def test_one_bucket_over_one_day_reads_in_the_singular():
    from backoffice_auto.payments.ageing import bucket_labels

    assert bucket_labels([1], "en") == ["current", "1 day", "over 1 day"]
    assert bucket_labels([1], "cs") == ["do splatnosti", "1 den", "více než 1 den"]
    assert bucket_labels([1], "pl") == ["bieżące", "1 dzień", "ponad 1 dzień"]
    assert bucket_labels([1], "fr")[-1] == "plus de 1 jour"
    assert bucket_labels([1], "es")[-1] == "más de 1 día"


@pytest.mark.parametrize("terms, language, text", [
    ("net 1", "en", "due within 1 day"),
    ("net 1", "cs", "splatné do 1 dne"),
    ("net 3", "cs", "splatné do 3 dnů"),
    ("net 1", "pl", "płatne w ciągu 1 dnia"),
    ("net 22", "pl", "płatne w ciągu 22 dni"),
    ("net 1", "es", "pago a 1 día"),
    ("net 1", "fr", "payable à 1 jour"),
    ("net 1 eom", "en", "due within 1 day after the end of the month"),
    ("net 1 eom", "cs", "splatné do 1 dne po konci měsíce"),
    ("net 1 eom", "pl", "płatne w ciągu 1 dnia od końca miesiąca"),
    ("2/1 net 30", "en", "2 % discount if paid within 1 day; otherwise due within 30 days"),
    ("2/1 net 30", "cs", "sleva 2 % při platbě do 1 dne, jinak splatné do 30 dnů"),
    ("2/1 net 30", "pl", "rabat 2 % przy zapłacie w ciągu 1 dnia, w przeciwnym razie płatne w ciągu 30 dni"),
    ("2/1 net 30", "fr", "escompte de 2 % pour paiement sous 1 jour ; sinon payable à 30 jours"),
])
def test_payment_terms_on_an_invoice_read_in_the_form_of_their_days(terms, language, text):
    assert describe_terms(parse_terms(terms), language) == text
