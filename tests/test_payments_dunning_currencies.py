"""A customer owing in two currencies gets a letter for each, each its own PDF and mail.

Found by dunning a customer with overdue invoices in EUR and in CZK: both letters were
written to `dunning-C1-reminder.pdf` (the second overwrote the first) and both mails had one
spool name (one recipient, one key), so the customer got one mail with the CZK letter and
the EUR reminder was lost, though the books recorded both as sent.
"""

from __future__ import annotations

import email
from datetime import date
from decimal import Decimal
from email import policy

import pdfplumber

from backoffice_auto.books.store import Store
from bank_samples import camt053, process_bank_file, seed_open_invoices

D = Decimal


def test_letters_in_two_currencies_are_two_pdfs_and_two_mails(workspace):
    (workspace.rules_dir / "payments.yaml").write_text(
        "dunning:\n  enabled: true\n  grace_days: 0\n  levels:\n    - {name: reminder, days_overdue: 0}\n")
    seed_open_invoices(workspace, {"customer_id": "C1", "name": "Kučera s.r.o.", "language": "en",
                                   "email": "ucetni@kucera.example"},
                       [("INV-2020-00001", "EUR", "99.00"), ("INV-2020-00002", "CZK", "2500.00")],
                       date(2020, 1, 1), date(2020, 1, 31))
    process_bank_file(workspace, "s.xml", camt053("CZ6508000000192000145399", "0", [("5.00", "CRDT", "R1", "x")]))

    pdfs = sorted(p for p in (workspace.root / "outbox").rglob("dunning-C1-*.pdf"))
    texts = []
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            texts.append("".join(page.extract_text() or "" for page in pdf.pages))
    assert len(pdfs) == 2, pdfs
    assert sorted("INV-2020-00001" in t for t in texts) == [False, True]
    assert sorted("INV-2020-00002" in t for t in texts) == [False, True]

    mails = [email.message_from_bytes(m.read_bytes(), policy=policy.default)
             for m in (workspace.root / "outbox" / "mail").rglob("*.eml")]
    letters = [m for m in mails if "ucetni@kucera.example" in str(m["To"])]  # (a spool file per recipient)
    bodies = {m.get_body(("plain",)).get_content() for m in letters}
    assert len(bodies) == 2
    assert sum("INV-2020-00001" in b for b in bodies) == 1 and sum("INV-2020-00002" in b for b in bodies) == 1
    attached = {part.get_filename() for m in letters for part in m.iter_attachments()}
    assert attached == {p.name for p in pdfs}


def test_an_invoice_listed_as_disputed_in_the_rules_is_never_dunned(workspace):
    """Before, a dispute could only be recorded in the books' `invoice_disputes` table, which
    nothing a clerk can drop or edit writes: a disputed invoice was dunned like any other."""
    (workspace.rules_dir / "payments.yaml").write_text(
        "dunning:\n  enabled: true\n  grace_days: 0\n  disputed: [' inv-2020-00001 ']\n"
        "  levels:\n    - {name: reminder, days_overdue: 0}\n")
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            for cid in ("C1", "C2"):
                books.insert("customers", {"customer_id": cid, "name": f"Customer {cid}", "language": "es",
                                           "email": f"{cid.lower()}@example.com"})
            for number, cid in (("INV-2020-00001", "C1"), ("INV-2020-00002", "C2")):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": cid,
                                                "issue_date": date(2020, 1, 1), "due_date": date(2020, 1, 31),
                                                "currency": "EUR", "total": D("99.00"), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()
    process_bank_file(workspace, "s.xml", camt053("CZ6508000000192000145399", "0", [("5.00", "CRDT", "R1", "x")]))
    assert [p.name for p in (workspace.root / "outbox").rglob("dunning-*.pdf")] == ["dunning-C2-reminder.pdf"]
    store = Store(workspace.db_path)
    try:
        assert [r["invoices"] for r in store.read().rows("dunning_letters")] == [["INV-2020-00002"]]
    finally:
        store.close()


def test_the_ageing_mail_subject_gives_what_is_owed_in_every_currency(workspace):
    """The subject gave the first row's currency alone: 'Receivables ageing on ...: CZK 90,000.00 open'
    said nothing of the euros owed by other customers."""
    store = Store(workspace.db_path)
    try:
        with store.transaction() as books:
            for cid in ("C1", "C2"):
                books.insert("customers", {"customer_id": cid, "name": f"Customer {cid}", "language": "en"})
            for number, cid, currency, total, due in (("INV-1", "C1", "CZK", "90000.00", date(2020, 1, 31)),
                                                      ("INV-2", "C2", "EUR", "120.00", date(2020, 1, 31)),
                                                      ("INV-3", "C2", "EUR", "80.00", date(2099, 1, 31))):
                books.insert("sales_invoices", {"invoice_number": number, "customer_id": cid,
                                                "issue_date": date(2020, 1, 1), "due_date": due,
                                                "currency": currency, "total": D(total), "paid": D(0),
                                                "status": "open"})
    finally:
        store.close()
    process_bank_file(workspace, "s.xml", camt053("CZ6508000000192000145399", "0", [("5.00", "CRDT", "R1", "x")]))
    mails = [email.message_from_bytes(m.read_bytes(), policy=policy.default)
             for m in (workspace.root / "outbox" / "mail").rglob("*.eml")]
    [subject] = {str(m["Subject"]) for m in mails if "ageing" in str(m["Subject"])}
    assert subject.endswith(": CZK90,000.00 + €200.00 open, CZK90,000.00 + €120.00 overdue"), subject
