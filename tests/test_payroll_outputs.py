"""Outputs: the pain.001 file, the register's totals, payslip PDFs in the employee's language."""

from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from backoffice_auto.payroll.model import DeductionLine, PayLine, Payslip
from backoffice_auto.payroll.payslip_pdf import mask_iban, render_payslips
from backoffice_auto.payroll.register import write_register
from backoffice_auto.payroll.sepa import check_schema, salary_transfer

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def slip(eid, net_cents, currency="EUR"):
    gross = Decimal(net_cents + 10000) / 100
    return Payslip(eid, "2026-03-02/2026-03-15", date(2026, 3, 2), date(2026, 3, 15), currency,
                   {c: Decimal("8.00") for c in ("regular", "overtime", "double_time", "night", "sunday", "holiday")},
                   [PayLine("straight_time", Decimal("80.00"), Decimal("12.5000"), gross)],
                   [DeductionLine("tax", "Income tax", Decimal("100.00"), (("cs", "Daň z příjmů"),))])


EMPLOYEES = {
    "E1": {"name": "Jiří Růžička", "iban": "CZ65 0800 0000 1920 0014 5399", "department": "Sklad", "language": "cs"},
    "E2": {"name": "Łukasz Wróbel", "iban": "PL61109010140000071219812874", "department": "Sales", "language": "pl"},
    "E3": {"name": "No Iban", "iban": None, "department": "Sales"},
    "E4": {"name": "Dollar", "iban": "CZ6508000000192000145399", "department": "Sales"},
}


def test_pain001_pays_each_net_once_and_adds_up():
    slips = [slip("E1", 123456), slip("E2", 1), slip("E3", 5000), slip("E4", 700, "USD")]
    xml, unpaid = salary_transfer(slips, EMPLOYEES, company_name="Demo s.r.o.", company_iban="CZ6508000000192000145399",
                                  company_bic="GIBACZPX", execution_date=date(2026, 3, 18), reference="Salary {period}")
    check_schema(xml)
    root = ElementTree.fromstring(xml)
    amounts = [Decimal(a.text) for a in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    assert amounts == [Decimal("1234.56"), Decimal("0.01")]
    assert Decimal(root.find(".//p:GrpHdr/p:CtrlSum", NS).text) == sum(amounts)
    assert root.find(".//p:ReqdExctnDt", NS).text == "2026-03-18"
    assert [(u.employee_id, u.reason) for u in unpaid] == [("E3", "iban"), ("E4", "currency")]


def test_schema_check_refuses_a_broken_file():
    with pytest.raises(ValueError):
        check_schema(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'><x/></Document>")


def test_register_totals_are_sums_of_rounded_rows(tmp_path):
    slips = [slip("E1", 123456), slip("E2", 99999)]
    path = write_register(tmp_path / "register.xlsx", slips, EMPLOYEES, "cs")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Osobní číslo" and "Daň z příjmů" in header
    net = header.index("Čistá mzda")
    assert rows[-1][0] == "Celkem"
    assert Decimal(str(rows[-1][net])) == sum(Decimal(str(r[net])) for r in rows[1:-1])


def test_formula_like_names_stay_text_in_the_register(tmp_path):
    employees = {"E1": {"name": "=HYPERLINK(\"http://x\")", "department": "+Sales"}}
    path = write_register(tmp_path / "register.xlsx", [slip("E1", 100)], employees, "en")
    row = list(load_workbook(path).active.iter_rows())[1]
    assert row[1].value == "=HYPERLINK(\"http://x\")" and row[1].data_type == "s"
    assert row[2].value == "+Sales" and row[2].data_type == "s"


def test_payslip_pdfs_one_per_employee_in_their_language():
    pdfs = render_payslips([(slip("E1", 123456), EMPLOYEES["E1"], "cs"), (slip("E2", 100), EMPLOYEES["E2"], "pl")],
                           "Demo s.r.o.")
    assert len(pdfs) == 2
    texts = []
    for data in pdfs:
        doc = pdfium.PdfDocument(data)
        assert len(doc) == 1
        texts.append(doc[0].get_textpage().get_text_range())
        doc.close()
    assert "Výplatní páska" in texts[0] and "Jiří Růžička" in texts[0] and "Daň z příjmů" in texts[0]
    assert "Łukasz Wróbel" not in texts[0]
    assert "Pasek płacowy" in texts[1] and "Łukasz Wróbel" in texts[1] and "Jiří" not in texts[1]
    assert "5399" in texts[0] and "0800 0000 1920" not in texts[0]


def test_mask_iban():
    assert mask_iban("CZ65 0800 0000 1920 0014 5399") == "CZ** **** 5399"
    assert mask_iban(None) == ""
