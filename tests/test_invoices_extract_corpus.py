"""Accuracy floors on the shared corpus of real invoices (../shared/corpus/invoices).

The scoring is bench/invoices_accuracy.py's (one definition of "a field matched"); the
floors are the accuracy reached when they were set, so a change that reads worse fails.
Skipped, with the reason, when the corpus is not there; failed instead in CI (`corpus_support`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from corpus_support import needs_corpus
from test_invoices_extract_support import INVOICE_CORPUS, SAMPLE_TEMPLATES

from backoffice_auto.invoices.extract.read import extract_invoice, extract_text_invoice
from backoffice_auto.invoices.extract.templates import load_templates

pytestmark = needs_corpus(INVOICE_CORPUS / "invoice2data")

BENCH = Path(__file__).parents[1] / "bench" / "invoices_accuracy.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("invoices_accuracy", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def templates():
    return load_templates(SAMPLE_TEMPLATES)


def test_invoice2data_with_sample_templates(bench, templates):
    score = bench.score_invoice2data(templates, verbose=False)
    assert score.total == 219
    assert score.hit >= 214, score.misses


def test_invoice2data_text_with_templates(bench, templates):
    """Without the one embedded XML (AzureInterior, Odoo's), the templates read the text."""
    score = bench.score_invoice2data(templates, verbose=False, use_embedded=False)
    assert score.hit >= 217, score.misses


def test_invoice2data_template_free(bench):
    score = bench.score_invoice2data(None, verbose=False)
    assert score.hit >= 195, score.misses


def test_invoice2data_template_free_text_only(bench):
    """No XML, no template: what an unknown supplier's invoice gets."""
    score = bench.score_invoice2data(None, verbose=False, use_embedded=False)
    assert score.hit >= 195, score.misses


def test_facturx_text_reading_and_xml(bench):
    text, xml = bench.score_facturx(verbose=False)
    assert text.total >= 55
    assert text.hit >= 60, text.misses
    assert xml.hit == xml.total, xml.misses


def test_each_sample_template_is_chosen_for_its_supplier(templates):
    from backoffice_auto.invoices.extract.read import explain_invoice

    expected = {"AmazonWebServices": "amazon_web_services", "AzureInterior": "azure_interior",
                "FlipkartInvoice": "flipkart", "NetpresseInvoice": "netpresse", "QualityHosting": "qualityhosting",
                "SammyMaystoneLinesTest": "sammy_maystone", "coolblue1": "coolblue", "coolblue2": "coolblue",
                "free_fiber": "free_fiber", "oyo": "oyo", "saeco": "saeco"}
    for stem, name in expected.items():
        pdf = INVOICE_CORPUS / "invoice2data" / f"{stem}.pdf"
        explanation = explain_invoice(pdf.read_bytes(), pdf.name, templates, use_embedded=False)
        assert explanation.invoice.source == f"template:{name}", stem
        assert [t.name for t in explanation.trials if t.matched] == [name], stem
        assert not explanation.template_missing, (stem, explanation.template_missing)


def test_two_page_items_wrap_and_continue(templates):
    pdf = INVOICE_CORPUS / "invoice2data" / "QualityHosting.pdf"
    inv = extract_invoice(pdf.read_bytes(), pdf.name, templates)
    assert len(inv.lines) == 7
    assert inv.lines[-1].description.splitlines() == [
        "Small Business StandardExchange 2010", "Grundgebühr pro Einheit", "Dienst: OUDJQ_office",
        "01.05.14-31.05.14"]
    assert sum(line.amount for line in inv.lines) == inv.total == Decimal("34.73")


def test_plain_text_invoice_with_template(templates):
    txt = INVOICE_CORPUS / "invoice2data" / "Orlen.txt"
    inv = extract_text_invoice(txt.read_text(encoding="utf-8"), txt.name, templates)
    assert inv.source == "template:orlen"
    assert (inv.net, inv.tax, inv.total, inv.currency) == (Decimal("257.59"), Decimal("59.24"),
                                                           Decimal("316.83"), "PLN")
    assert inv.issue_date == date(2021, 1, 1) and inv.buyer_vat_id == "5261040828"


def test_embedded_xml_of_every_facturx_sample_is_read():
    for pdf in sorted((INVOICE_CORPUS / "facturx").rglob("*.pdf")):
        inv = extract_invoice(pdf.read_bytes(), pdf.name)
        assert inv.source == "embedded-xml", pdf.name
        assert inv.total is not None and inv.invoice_number, pdf.name
        assert json.loads(json.dumps(inv.to_json()))["total"] == str(inv.total)
