"""`backoffice-auto demo` prints, per file, figures a reader can check by hand (issue 13, item 7).

The demo runs once; each figure it prints is then recomputed here from the files it
processed (the archived originals, read with openpyxl, pdfplumber and lxml), by plain
arithmetic written out in this test, and compared:

* orders: orders and order lines from the order sheet; lines shipped and backordered from
  the Allocated / Backordered columns the job wrote beside the clerk's rows; the invoices'
  net, VAT and gross from those quantities and the master data's prices, discounts and VAT
  rates (each line rounded, then summed);
* supplier invoices: supplier, number, due date, net, VAT and gross from the PDF's lines;
* payroll: employees, gross and net from the payroll register's rows;
* bank statements: incoming payments counted and summed from the statement itself, split
  by the outcome the reconciliation workbook shows for each.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from openpyxl import load_workbook
from stdnum.eu import vat as stdnum_vat

from backoffice_auto.demo import run_demo
from backoffice_auto.i18n import format_date
from backoffice_auto.workspace import Workspace

CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo") / "ws"
    printed: list[str] = []
    run_demo(Workspace(root), report=printed.append)
    blocks: dict[str, list[str]] = {}
    current = None
    for line in printed:
        m = re.match(r"  (?:done|refused|duplicate)\s+inbox/\S+/(\S+)\s", line)
        if m:
            current = blocks.setdefault(m.group(1), [])
        elif current is not None and line.startswith("            "):
            current.append(line.strip())
    return root, blocks


def _archived(root: Path, name: str) -> Path:
    (path,) = [p for p in (root / "archive").rglob(f"*-{name}")]
    return path


def _output(root: Path, suffix: str) -> Path:
    (path,) = [p for p in (root / "outbox").rglob(f"*{suffix}") if "/mail/" not in str(p)]
    return path


def _amount(text: str) -> Decimal:
    """`€272,646.48`, `-€150.00` or `0` (English, as the demo workspace writes) as a Decimal."""
    return Decimal(re.sub(r"[^\d.\-]", "", text))


def _figure(block: list[str], pattern: str) -> re.Match:
    for line in block:
        m = re.search(pattern, line)
        if m:
            return m
    raise AssertionError(f"no line like {pattern!r} in {block}")


def _rows(ws, header_row: int):
    header = [c.value for c in ws[header_row]]
    for values in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if any(v is not None for v in values):
            yield dict(zip(header, values))


def test_orders_figures_are_the_files_orders_and_its_invoices(demo):
    root, blocks = demo
    block = blocks["orders-demo.xlsx"]
    m = _figure(block, r"this file: orders (\d+), order lines (\d+) \(shipped (\d+), backordered (\d+)\); "
                       r"invoices (\d+) (\S+) – (\S+): net (\S+), VAT (\S+), gross (\S+)$")
    orders, lines, shipped, backordered, invoices = (int(m.group(i)) for i in range(1, 6))

    sheet = load_workbook(_archived(root, "orders-demo.xlsx"))["Orders"]
    rows = [r for r in _rows(sheet, 2) if r["order_id"]]
    assert (orders, lines) == (len({r["order_id"] for r in rows}), len(rows))

    master = load_workbook(_archived(root, "master-data.xlsx"))
    items = {r["sku"]: r for r in _rows(master["Items"], 1)}
    discount = {r["customer_id"]: Decimal(str(r["discount_pct"] or 0)) for r in _rows(master["Customers"], 1)}
    # the place of supply, written plainly: no VAT on goods to a business in another member
    # state (its VAT id valid) or to a customer outside the EU; the demo company is Czech
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
    no_vat = {r["customer_id"] for r in _rows(master["Customers"], 1)
              if r["country"] != "CZ" and (r["country"] not in eu or stdnum_vat.is_valid(r["vat_id"] or ""))}
    assert no_vat, "the demo has foreign business customers"
    done = load_workbook(_output(root, "000002-orders-demo/orders-demo.xlsx"))["Orders"]
    net = tax = Decimal(0)
    shipped_orders = set()
    n_shipped = n_back = 0
    for r in _rows(done, 2):
        allocated = Decimal(str(r["Allocated"] or 0))
        n_shipped += allocated > 0
        n_back += (r["Backordered"] or 0) > 0
        if not allocated:
            continue
        shipped_orders.add(r["order_id"])
        item = items[r["sku"]]
        price = Decimal(str(r["unit_price"] if r["unit_price"] is not None else item["unit_price"]))
        gross_line = (allocated * price).quantize(CENT, ROUND_HALF_UP)
        line_net = gross_line - (gross_line * discount[r["customer_id"]] / 100).quantize(CENT, ROUND_HALF_UP)
        net += line_net
        rate = 0 if r["customer_id"] in no_vat else Decimal(str(item["tax_rate"]))
        tax += (line_net * rate / 100).quantize(CENT, ROUND_HALF_UP)
    assert (shipped, backordered) == (n_shipped, n_back)
    assert invoices == len(shipped_orders)
    assert (m.group(6), m.group(7)) == ("INV-2026-00001", f"INV-2026-{invoices:05d}")
    assert (_amount(m.group(8)), _amount(m.group(9)), _amount(m.group(10))) == (net, tax, net + tax)


def _pdf_invoice(path: Path) -> dict:
    """Supplier, number, due date and the lines' amounts as printed on a demo supplier PDF."""
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    lines = text.splitlines()
    by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        m = re.search(r"\s(-?[\d,]+)\s(-?[\d,.]+)\s(\d+)\s(-?[\d,]+\.\d\d)$", line)
        if m and not line.startswith(("Net", "VAT", "Total")):
            qty, price, rate = (Decimal(g.replace(",", "")) for g in m.group(1, 2, 3))
            by_rate[rate] += (qty * price).quantize(CENT, ROUND_HALF_UP)
    net = sum(by_rate.values(), Decimal(0))
    tax = sum(((v * r / 100).quantize(CENT, ROUND_HALF_UP) for r, v in by_rate.items()), Decimal(0))
    field = lambda label: re.search(rf"^{label}: (.+)$", text, re.M).group(1).strip()  # noqa: E731
    return {"supplier": lines[0].strip(), "number": field("Invoice number"),
            "due": date.fromisoformat(field("Due date")), "net": net, "tax": tax, "gross": net + tax}


@pytest.mark.parametrize("name", ["INV-1001.pdf", "INV-2002.pdf", "INV-4004.pdf", "nordlicht-77.pdf",
                                  "CN-5005.pdf"])
def test_each_supplier_invoice_prints_supplier_number_net_vat_gross_and_due(demo, name):
    root, blocks = demo
    m = _figure(blocks[name], r"(?:bill B-\d+|read for review): (.+), invoice (\S+), net (\S+), VAT (\S+), "
                              r"gross (\S+), due (.+)$")
    want = _pdf_invoice(_archived(root, name))
    assert (m.group(1), m.group(2)) == (want["supplier"], want["number"])
    assert [_amount(m.group(i)) for i in (3, 4, 5)] == [want["net"], want["tax"], want["gross"]]
    assert m.group(6) == format_date(want["due"], "en", "medium")


def test_payroll_prints_employees_gross_and_net_of_the_register(demo):
    root, blocks = demo
    (name,) = [n for n in blocks if n.startswith("timesheet-")]
    m = _figure(blocks[name], r"(\d+) payslips for \S+: gross ([\d,.]+) EUR, net ([\d,.]+) EUR")
    register = load_workbook(_output(root, "payroll-register-" + name))["Payroll register"]
    rows = [r for r in _rows(register, 1) if r["Employee number"] and r["Period"]]  # not the totals row
    assert int(m.group(1)) == len({r["Employee number"] for r in rows})
    assert _amount(m.group(2)) == sum(Decimal(str(r["Gross pay"])) for r in rows)
    assert _amount(m.group(3)) == sum(Decimal(str(r["Net pay"])) for r in rows)


def _camt_credits(path: Path) -> dict[str, Decimal]:
    tree = etree.parse(str(path))
    out = {}
    for n, entry in enumerate(tree.iter("{*}Ntry"), start=1):
        if entry.findtext("{*}CdtDbtInd") == "CRDT":
            out[str(n)] = Decimal(entry.findtext("{*}Amt"))
    return out


def _mt940_credits(path: Path) -> dict[str, Decimal]:
    text = path.read_text(encoding="latin-1")
    return {str(n): Decimal(m.group(1).replace(",", "."))
            for n, m in enumerate(re.finditer(r"^:61:\d{6}\d{0,4}C([\d,]+)N", text, re.M), start=1)}


@pytest.mark.parametrize("pattern,credits", [(r"camt053-[\d-]+\.xml", _camt_credits),
                                             (r"mt940-[\d-]+\.sta", _mt940_credits)])
def test_bank_statements_print_counts_and_sums_of_incoming_payments_by_outcome(demo, pattern, credits):
    root, blocks = demo
    [name] = [n for n in blocks if re.fullmatch(pattern, n)]  # the demo names its statements by the day it runs
    counts = _figure(blocks[name], r"(\d+) of (\d+) incoming payments? posted automatically, (\d+) suggested "
                                   r"for review, (\d+) unmatched")
    sums = _figure(blocks[name], r"posted (\S+), suggested (\S+), unmatched (\S+)$")
    incoming = credits(_archived(root, name))
    assert int(counts.group(2)) == len(incoming)
    assert sum(_amount(sums.group(i)) for i in (1, 2, 3)) == sum(incoming.values())
    job = _output(root, name.rsplit(".", 1)[0] + "/reconciliation.xlsx")
    by_outcome: dict[str, list[Decimal]] = {"posted": [], "suggested": [], "unmatched": []}
    book = load_workbook(job)
    for sheet, outcome in (("Posted", "posted"), ("Partial", "posted"), ("Suggested", "suggested"),
                           ("Unmatched", "unmatched")):
        by_outcome[outcome] += [Decimal(str(r["Amount"])) for r in _rows(book[sheet], 1)
                                if r["Transaction"] and r["Amount"] and r["Amount"] > 0]
    assert [int(counts.group(i)) for i in (1, 3, 4)] == [len(v) for v in by_outcome.values()]
    assert [_amount(sums.group(i)) for i in (1, 2, 3)] == [sum(v, Decimal(0)) for v in by_outcome.values()]
    assert sorted(sum(by_outcome.values(), [])) == sorted(incoming.values())
