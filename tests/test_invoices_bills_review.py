"""The review workbook: written, edited as a clerk would with openpyxl, read back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from backoffice_auto.errors import Problem, Refusal
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo
from backoffice_auto.invoices.bills.review import (
    FIELDS, apply_corrections, invoice_from_json, looks_like_review, read_review_workbook, write_review_workbook,
)

INV = ExtractedInvoice(
    source="generic", supplier=SupplierInfo("=HYPERLINK(\"http://evil\")", "CZ12345678", None),
    invoice_number="A-1", issue_date=date(2026, 11, 2), currency="CZK", net=D("1000.00"), tax=D("210.00"),
    total=D("1210.00"), lines=(InvoiceLine("-bolts", D(10), D("100.00"), D("1000.00"), D(21)),),
    confidence={"total": 0.4, "supplier.name": 0.5})
ROW = {name: row for row, (name, _, _) in enumerate(FIELDS, start=2)}


def write(tmp_path, **kw):
    path = tmp_path / "review.xlsx"
    write_review_workbook(path, INV, sha256="ab" * 32, file_name="a.pdf", job_id="000007",
                          reasons=[Problem("the {field} read as {value} is uncertain ({confidence} %)",
                                           params={"field": "total", "value": "1210.00", "confidence": 40})],
                          suppliers=[{"supplier_id": "S01", "name": "Acme"}], **kw)
    return path


def test_round_trip_through_json_keeps_every_value():
    assert invoice_from_json(INV.to_json()) == INV


def test_formula_like_text_stays_text_and_reasons_are_listed(tmp_path):
    book = load_workbook(write(tmp_path))
    form = book.worksheets[0]
    assert form.cell(row=ROW["supplier.name"], column=3).data_type == "s"
    assert form.cell(row=ROW["total"], column=4).value == 40
    texts = [c.value for c in form["A"] if isinstance(c.value, str)]
    assert any("uncertain (40 %)" in t for t in texts)
    assert book["Suppliers"]["A2"].value == "S01"
    assert str(form.data_validations.dataValidation[0].sqref) == f"E{ROW['supplier_id']}"


def test_translated_workbook_reads_back_the_same(tmp_path):
    path = write(tmp_path, language="cs")
    book = load_workbook(path)
    assert book.worksheets[0].title == "Faktura" and book.worksheets[0]["E1"].value == "Opraveno"
    book.worksheets[0].cell(row=ROW["total"], column=5).value = "1 210,00"
    book.save(path)
    reply = read_review_workbook(path.read_bytes(), "review.xlsx")
    fixed, supplier_id = apply_corrections(INV, reply, "cs_CZ")
    assert fixed.total == D("1210.00") and supplier_id is None
    assert all(v == 1.0 for v in fixed.confidence.values())


def test_corrections_typed_as_cells_or_local_text(tmp_path):
    path = write(tmp_path)
    book = load_workbook(path)
    form = book.worksheets[0]
    form.cell(row=ROW["supplier_id"], column=5).value = "S01"
    form.cell(row=ROW["due_date"], column=5).value = date(2026, 12, 2)
    form.cell(row=ROW["issue_date"], column=5).value = "03/11/2026"
    form.cell(row=ROW["net"], column=5).value = 1000
    form.cell(row=ROW["currency"], column=5).value = "eur"
    form.cell(row=ROW["document_type"], column=5).value = "Credit note"
    book.save(path)
    data = path.read_bytes()
    assert looks_like_review(data)
    reply = read_review_workbook(data, "review.xlsx")
    assert reply.sha256 == "ab" * 32 and reply.job_id == "000007"
    fixed, supplier_id = apply_corrections(INV, reply, "en_GB")
    assert supplier_id == "S01"
    assert (fixed.due_date, fixed.issue_date, fixed.currency) == (date(2026, 12, 2), date(2026, 11, 3), "EUR")
    assert fixed.net == D(1000) and fixed.document_type == "credit_note"


def test_unreadable_correction_names_its_cell(tmp_path):
    path = write(tmp_path)
    book = load_workbook(path)
    book.worksheets[0].cell(row=ROW["issue_date"], column=5).value = "next tuesday"
    book.save(path)
    reply = read_review_workbook(path.read_bytes(), "back.xlsx")
    with pytest.raises(Refusal) as refused:
        apply_corrections(INV, reply)
    [problem] = refused.value.problems
    assert problem.render().startswith(f"back.xlsx:Invoice!E{ROW['issue_date']}: the corrected Issue date")


def test_an_ordinary_workbook_is_not_a_review(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    assert not looks_like_review(path.read_bytes())
    assert not looks_like_review(b"PK\x03\x04 not really a zip")
    with pytest.raises(Refusal):
        read_review_workbook(path.read_bytes(), "other.xlsx")


def test_a_lines_corrected_amount_is_read_back_and_a_bad_one_names_its_cell(tmp_path):
    from dataclasses import replace as with_lines

    two = with_lines(INV, lines=(InvoiceLine("Paper", D(2), D("5.00"), D("10.00"), D(21)),
                                 InvoiceLine("Toner", D(1), D("90.00"), D("9.00"), D(21))))
    path = tmp_path / "review.xlsx"
    write_review_workbook(path, two, sha256="ab" * 32, file_name="inv.pdf", job_id="000007", reasons=[],
                          language="cs")
    book = load_workbook(path)
    lines = book.worksheets[1]
    assert lines.cell(row=1, column=8).value == "Opraveno: Částka"
    assert not lines.cell(row=3, column=8).protection.locked and lines.cell(row=3, column=5).protection.locked
    lines.cell(row=3, column=8).value = "90,00"
    book.save(path)
    fixed, _ = apply_corrections(two, read_review_workbook(path.read_bytes(), "back.xlsx"), "cs_CZ")
    assert [ln.amount for ln in fixed.lines] == [D("10.00"), D("90.00")]
    lines.cell(row=2, column=8).value = "ten"
    book.save(path)
    with pytest.raises(Refusal) as refused:
        apply_corrections(two, read_review_workbook(path.read_bytes(), "back.xlsx"), "cs_CZ")
    [problem] = refused.value.problems
    assert problem.render().startswith("back.xlsx:Řádky!H2: the corrected amount of line 1")
