"""A refused embedded XML's note reaches the job's messages (issue 12, item 10).

The note was written into the extracted workbook only; the clerk reading `process` output,
`status` or the job's mail never learnt that the attached XML had been refused as unsafe.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from backoffice_auto.invoices.demo import DemoInvoice, Line, Party, invoice_pdf
from test_invoices_bills_bad_input import BOMB, process


def test_unsafe_embedded_xml_is_named_in_the_job_messages(workspace):
    seller = Party("Acme Trading s.r.o.", "CZ12345678", "CZ6508000000192000145399", "CZ")
    inv = DemoInvoice(seller, Party("Demo Company s.r.o.", "CZ27074358"), "BOMB-2", date(2026, 11, 2),
                      (Line("Bolts", D(10), D("10.00"), D(21)),))
    result = process(workspace, "bomb.pdf", invoice_pdf(inv, xml=BOMB))
    assert result["status"] == "done"
    assert {"level": "warning", "where": "bomb.pdf",
            "text": "embedded XML refused as unsafe (entity expansion or DTD); read from the text"} in result["messages"]
