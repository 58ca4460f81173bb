"""Supplier templates (model, choice, fields, line items over pages, areas) and the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner
from pydantic import ValidationError
from test_invoices_extract_support import PRINTED_INVOICE, SAMPLE_TEMPLATES, cii_xml, invoice_pdf

from backoffice_auto.invoices.extract.cli import invoices_group
from backoffice_auto.invoices.extract.read import explain_invoice, extract_invoice
from backoffice_auto.invoices.rules_model import InvoiceTemplate
from backoffice_auto.rules.loader import load_rules


def template(**overrides) -> InvoiceTemplate:
    data = {"issuer": "Alfa Strojírny s.r.o.", "keywords": ["Alfa\\s+Strojírny", "CZ27082440"],
            "fields": {"invoice_number": "Číslo faktury:\\s+(\\S+)",
                       "total": "Celkem k úhradě:\\s+([\\d\\s]+,\\d\\d)"},
            "options": {"decimal_separator": ",", "date_formats": ["%d.%m.%Y"]}}
    data.update(overrides)
    return InvoiceTemplate.model_validate(data)


# ------------------------------------------------------------------ the model


@pytest.mark.parametrize("bad, words", [
    ({"keywords": ["(a+)+$"]}, "repeat a group"),
    ({"fields": {"totl": "x"}}, "unknown field 'totl'"),
    ({"fields": {"total": "(" * 3}}, "not a valid regular expression"),
    ({"fields": {"total": "x" * 401}}, "at most 400"),
    ({"keywords": []}, "at least 1"),
    ({"colour": "red"}, "Extra inputs"),
    ({"lines": {"start": "a", "end": "b", "line": "(?P<price>\\d+)"}}, "unknown group"),
    ({"options": {"decimal_separator": ";"}}, "decimal_separator"),
])
def test_bad_templates_are_refused(bad, words):
    with pytest.raises(ValidationError) as info:
        template(**bad)
    assert words in str(info.value)


def test_sample_templates_pass_the_rule_loader(tmp_path):
    target = tmp_path / "rules" / "invoices" / "templates"
    shutil.copytree(SAMPLE_TEMPLATES, target)
    result = load_rules(tmp_path / "rules")
    assert result.ok, result.problems
    assert set(result.rules.invoice_templates) == {p.stem for p in SAMPLE_TEMPLATES.glob("*.yaml")}


# ------------------------------------------------------------------ choosing and reading


def test_template_fields_override_the_generic_reading():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE), "in.pdf", {"alfa": template()})
    assert inv.source == "template:alfa"
    assert inv.supplier.name == "Alfa Strojírny s.r.o." and inv.confidence["supplier.name"] == 0.95
    assert inv.invoice_number == "RE-2024-0815" and inv.total == Decimal("121.00")
    assert inv.issue_date == date(2024, 3, 15)  # not in the template: from the generic reader


def test_exclude_keywords_and_priority():
    printed = invoice_pdf(PRINTED_INVOICE)
    templates = {
        "general": template(priority=1),
        "special": template(priority=9, fields={"invoice_number": "(RE-\\d+)"}),
        "excluded": template(priority=50, exclude_keywords=["DPH\\s+21"]),
    }
    explanation = explain_invoice(printed, "in.pdf", templates)
    assert explanation.invoice.source == "template:special"
    assert explanation.invoice.invoice_number == "RE-2024"
    reasons = {t.name: (t.matched, t.reason) for t in explanation.trials}
    assert reasons["excluded"] == (False, "excluded by keyword 'DPH\\\\s+21'")
    assert reasons["general"][0] and "priority 1" in reasons["general"][1]
    assert [t.name for t in explanation.trials][:2] == ["special", "general"]


def test_template_that_does_not_match_says_which_keyword():
    explanation = explain_invoice(invoice_pdf(PRINTED_INVOICE), "in.pdf",
                                  {"other": template(keywords=["Beta\\s+GmbH"])})
    assert explanation.invoice.source == "generic"
    assert explanation.trials[0].reason == "keyword not found: 'Beta\\\\s+GmbH'"


def test_fields_a_template_misses_are_reported():
    t = template(fields={"invoice_number": "Číslo faktury:\\s+(\\S+)", "po_number": "Objednávka:\\s+(\\S+)"})
    explanation = explain_invoice(invoice_pdf(PRINTED_INVOICE), "in.pdf", {"alfa": t})
    assert explanation.template_missing == ["po_number"]


def test_options_select_and_replace():
    lines = ["Gamma Ltd", "Ref: A 1 2 3", "Part 1\t10.00", "Part 2\t15.50", "Sum\t25.50"]
    t = InvoiceTemplate.model_validate({
        "issuer": "Gamma Ltd", "keywords": ["gammaltd"],
        "fields": {"invoice_number": "ref:(\\w+)", "net": {"pattern": "part\\d([\\d.]+)", "select": "sum"},
                   "total": {"pattern": "([\\d.]+)$", "select": "last"}},
        "options": {"lowercase": True, "remove_whitespace": True, "currency": "GBP"}})
    inv = extract_invoice(invoice_pdf(lines), "g.pdf", {"gamma": t})
    assert inv.invoice_number == "a123"
    assert (inv.net, inv.total, inv.currency) == (Decimal("25.50"), Decimal("25.50"), "GBP")


def test_line_items_wrap_and_continue_on_the_next_page():
    header = "Pos  Item                                  Qty    Price     Amount"
    page1 = ["Delta Tools GmbH", "Rechnungsnr. 7781", header,
             "1    Hammer 500 g                          2     10,00      20,00",
             "     steel head",
             "     ash handle",
             "2    Saw                                   1     25,00      25,00",
             "Übertrag 45,00"]
    page2 = ["Delta Tools GmbH", header,
             "3    Drill bits, set of 10                 3      5,00      15,00",
             "     HSS",
             "Summe 60,00"]
    t = InvoiceTemplate.model_validate({
        "issuer": "Delta Tools GmbH", "keywords": ["Delta\\s+Tools"],
        "fields": {"total": "Summe\\s+([\\d.,]+)"},
        "options": {"decimal_separator": ","},
        "lines": {"start": "Pos\\s+Item", "end": "Übertrag|Summe",
                  "line": "^\\s*\\d+\\s+(?P<description>\\S.*?\\S)\\s{2,}(?P<quantity>\\d+)\\s+(?P<unit_price>[\\d,]+)"
                          "\\s+(?P<amount>[\\d,]+)\\s*$",
                  "continuation": "^\\s+(?P<description>\\S.*)$", "join": "\n"}})
    inv = extract_invoice(invoice_pdf([page1, page2]), "d.pdf", {"delta": t})
    assert [(ln.description, ln.quantity, ln.amount) for ln in inv.lines] == [
        ("Hammer 500 g\nsteel head\nash handle", Decimal("2"), Decimal("20.00")),
        ("Saw", Decimal("1"), Decimal("25.00")),
        ("Drill bits, set of 10\nHSS", Decimal("3"), Decimal("15.00"))]
    assert sum(ln.amount for ln in inv.lines) == inv.total


def test_area_limits_a_field_to_part_of_a_page():
    lines = [["Epsilon SA", "Total 10,00", *[""] * 30, "Total 99,00"], ["Epsilon SA", "Total 55,00"]]
    base = {"issuer": "Epsilon SA", "keywords": ["Epsilon"], "options": {"decimal_separator": ","}}
    top_of_first = InvoiceTemplate.model_validate({**base, "fields": {"total": {
        "pattern": "Total\\s+([\\d,]+)", "area": {"page": 1, "top": 0, "bottom": 20}}}})
    bottom_of_first = InvoiceTemplate.model_validate({**base, "fields": {"total": {
        "pattern": "Total\\s+([\\d,]+)", "area": {"page": 1, "top": 20}}}})
    last_page = InvoiceTemplate.model_validate({**base, "fields": {"total": {
        "pattern": "Total\\s+([\\d,]+)", "area": {"page": -1}}}})
    data = invoice_pdf(lines)
    assert extract_invoice(data, "e.pdf", {"e": top_of_first}).total == Decimal("10.00")
    assert extract_invoice(data, "e.pdf", {"e": bottom_of_first}).total == Decimal("99.00")
    assert extract_invoice(data, "e.pdf", {"e": last_page}).total == Decimal("55.00")


def test_static_facts_for_what_is_only_an_image():
    t = template(static={"vat_id": "CZ27082440", "iban": "CZ6508000000192000145399"},
                 keywords=["Alfa"])
    inv = extract_invoice(invoice_pdf(["Alfa", "Číslo faktury: 5", "Celkem k úhradě: 10,00"]), "a.pdf", {"a": t})
    assert (inv.supplier.vat_id, inv.supplier.iban) == ("CZ27082440", "CZ6508000000192000145399")


def test_embedded_xml_beats_a_matching_template():
    inv = extract_invoice(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml(total="121.00")}), "in.pdf",
                          {"alfa": template()})
    assert inv.source == "embedded-xml"


# ------------------------------------------------------------------ the commands


@pytest.fixture
def workspace(tmp_path):
    folder = tmp_path / "rules" / "invoices" / "templates"
    folder.mkdir(parents=True)
    (folder / "alfa.yaml").write_text(yaml.safe_dump(template().model_dump(mode="json", exclude_defaults=True),
                                                     allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_cli_extract_json(workspace):
    pdf = workspace / "in.pdf"
    pdf.write_bytes(invoice_pdf(PRINTED_INVOICE, {"factur-x.xml": cii_xml()}))
    result = CliRunner().invoke(invoices_group, ["extract", str(pdf), "--json", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source"] == "embedded-xml" and doc["total"] == "121.00" and doc["issue_date"] == "2024-03-15"
    assert doc["supplier"] == {"name": "Alfa Strojírny s.r.o.", "vat_id": "CZ27082440",
                               "iban": "CZ6508000000192000145399"}
    no_xml = CliRunner().invoke(invoices_group, ["extract", str(pdf), "--json", "--no-embedded", "-w", str(workspace)])
    assert json.loads(no_xml.stdout)["source"] == "template:alfa"


def test_cli_human_output_goes_to_stderr(workspace):
    pdf = workspace / "in.pdf"
    pdf.write_bytes(invoice_pdf(PRINTED_INVOICE))
    result = CliRunner().invoke(invoices_group, ["extract", str(pdf), "-w", str(workspace)])
    assert result.exit_code == 0
    assert result.stdout == "" and "RE-2024-0815" in result.stderr


def test_cli_refusal_exits_1_with_the_reason(workspace):
    pdf = workspace / "scan.pdf"
    pdf.write_bytes(b"not a pdf at all")
    result = CliRunner().invoke(invoices_group, ["extract", str(pdf), "--json", "-w", str(workspace)])
    assert result.exit_code == 1
    assert "scan.pdf: refused: not a PDF file" in result.stderr
    czech = CliRunner().invoke(invoices_group, ["extract", str(pdf), "--lang", "cs", "-w", str(workspace)])
    assert czech.exit_code == 1 and "not a PDF file" not in czech.stderr


def test_cli_bad_template_exits_2(workspace):
    (workspace / "rules" / "invoices" / "templates" / "bad.yaml").write_text("issuer: X\nkeywords: ['(a+)+']\n")
    pdf = workspace / "in.pdf"
    pdf.write_bytes(invoice_pdf(PRINTED_INVOICE))
    result = CliRunner().invoke(invoices_group, ["extract", str(pdf), "-w", str(workspace)])
    assert result.exit_code == 2 and "bad.yaml" in result.stderr


def test_cli_explain(workspace):
    pdf = workspace / "in.pdf"
    pdf.write_bytes(invoice_pdf(PRINTED_INVOICE))
    result = CliRunner().invoke(invoices_group, ["explain", str(pdf), "-w", str(workspace)])
    assert result.exit_code == 0
    err = result.stderr
    assert "Celkem k úhradě" in err  # the text as read
    assert "MATCH  alfa: all 2 keyword(s) found" in err
    assert "template used: alfa" in err
    assert "every field was found" in err and "fields not found:" not in err


def test_extract_speaks_the_workspace_language_without_lang(tmp_path):
    # `invoices extract` in a Czech workspace answered in English unless --lang was given
    from backoffice_auto.workspace import Workspace

    Workspace.at(tmp_path).init()
    settings = tmp_path / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("plain text, not a PDF", encoding="utf-8")
    result = CliRunner().invoke(invoices_group, ["extract", str(not_pdf), "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert "notes.pdf: odmítnuto: není to soubor PDF" in result.output
    english = CliRunner().invoke(invoices_group, ["extract", str(not_pdf), "-w", str(tmp_path), "--lang", "en"])
    assert "notes.pdf: refused: not a PDF file" in english.output
