"""A warning about an invoice field names it in the clerk's language ("Datum vystavení"),
not by its name in the code (`issue_date`): the review reasons, the refusal of a returned
workbook still missing a field, and `invoices explain`'s list of fields not found."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from click.testing import CliRunner

from backoffice_auto.errors import Problem
from backoffice_auto.invoices.bills.review import FIELDS, MSG_STILL_MISSING, review_findings
from backoffice_auto.invoices.extract.cli import invoices_group
from backoffice_auto.invoices.extract.model import ExtractedInvoice, SupplierInfo
from backoffice_auto.invoices.fieldwords import FIELD_WORDS, field_word
from test_invoices_extract_support import invoice_pdf

RAW = ("issue_date", "invoice_number", "supplier.name", "total", "tax")


def _texts(findings, language):
    return [f.problem.text(language) for f in findings]


def test_review_reasons_name_fields_in_the_users_language():
    inv = ExtractedInvoice(source="generic", supplier=SupplierInfo("Kovo Brno s.r.o."), invoice_number=None,
                           issue_date=None, currency="CZK", total=D("121.00"), tax=None,
                           confidence={"total": 0.4, "supplier.name": 0.3})
    findings = review_findings(inv, supplier_known=False, min_confidence=0.8, fields=("total", "supplier.name"))
    expected = {"cs": ("Datum vystavení", "Číslo faktury"), "pl": ("Data wystawienia",), "en": ("Issue date",),
                "es": ("Fecha de emisión",), "fr": ("Date d’émission",)}
    for language, words in expected.items():
        texts = " | ".join(_texts(findings, language))
        assert not any(raw in texts for raw in RAW), (language, texts)
        for word in words:
            assert word in texts, (language, texts)


def test_returned_workbook_still_missing_a_field_names_it_in_words():
    problem = Problem(MSG_STILL_MISSING, None, {"field": field_word("issue_date")})
    assert "Datum vystavení" in problem.text("cs") and "issue_date" not in problem.text("cs")


def test_every_review_row_and_warning_use_the_same_words():
    assert {name: label for name, label, _ in FIELDS} == {n: FIELD_WORDS[n] for n, _, _ in FIELDS}
    assert field_word("no_such_field") == "no_such_field"


def test_explain_lists_missing_fields_in_words(tmp_path):
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(invoice_pdf(["Celkem k úhradě\t121,00 Kč"]))
    result = CliRunner().invoke(invoices_group, ["explain", str(pdf), "--lang", "cs", "-w", str(tmp_path)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stderr.splitlines() if x.startswith("nenalezená pole:"))
    assert "Datum vystavení" in line and "issue_date" not in line, line
