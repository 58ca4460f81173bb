"""Fuzzing the readers and the pipeline with random and mutated files, for a bounded time.

Seeds are the demo's own files (master data, an order sheet, supplier PDFs, a timesheet)
and sample rule files; hypothesis mutates their bytes (flips, cuts, inserts) or builds
structurally valid sheets, CSVs and PDFs full of hostile values (formula text, huge and
tiny numbers, 1900 and 9999 dates, control characters, far cells). Whatever comes in:

- no traceback and no "internal error" reaches the clerk;
- every refusal names the file (and the cell where there is one);
- every dropped file ends in exactly one place: archive/, failed/ or still in the inbox;
- a mutated rule file is reported by `rules check` (exit 0 or 1, never a traceback), and
  the pipeline either starts or stops with a configuration error.

The number of examples is bounded (`FUZZ_EXAMPLES`, default 40 per test) so CI stays fast;
raise it for a longer run on a workstation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice_auto.pipeline.env import ConfigError
from backoffice_auto.pipeline.runner import Pipeline
from backoffice_auto.workspace import Workspace
from conftest import run_cli, xlsx_bytes

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 40))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
FORBIDDEN = ("internal error", "Traceback", "Error:", "KeyError", "TypeError", "AttributeError")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A workspace with the demo's master data in the books, and the demo's files as seeds."""
    from backoffice_auto.invoices.demo import drop_demo_files as demo_invoices
    from backoffice_auto.masterdata.demo import drop_demo_files as demo_master_data
    from backoffice_auto.orders.demo import drop_demo_files as demo_orders
    from backoffice_auto.payroll.demo import drop_demo_files as demo_timesheets

    class Seeded(tuple):
        def __repr__(self) -> str:  # falsifying examples print this: keep it short
            return "<the seeded workspace and the demo's files>"

    ws = Workspace.at(tmp_path_factory.mktemp("fuzz") / "ws")
    ws.init()
    pipeline = Pipeline(ws)
    assert all(r["status"] == "done" for r in pipeline.process_paths(demo_master_data(ws)))
    pipeline.close()
    seeds = {}
    for kind, paths in (("orders", demo_orders(ws, lines=12)), ("invoices", demo_invoices(ws)[:2]),
                        ("timesheets", demo_timesheets(ws))):
        for path in paths:
            seeds.setdefault(kind, []).append((path.suffix, path.read_bytes()))
            path.unlink()
    return Seeded((ws, seeds))


# ---------------------------------------------------------------------------- strategies

hostile_text = st.one_of(
    st.sampled_from(["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "=2+2", "{0.__class__}", "%s%s%n",
                     "{period.__class__.__mro__}", "Celkem", "Total", "SKU-0001", "C001", "E001", "x" * 5000,
                     "1 234,56", "1.234,56", "(5,00)", "12.5.2026", "31/02/2026", "16", "9999-12-31",
                     "1900-01-01", "NaN", "inf", "-0", "1e309", "9" * 40, "\u202e\u0000\u0007", "Ł ž ñ é"]),
    st.text(max_size=40),
)
cell = st.one_of(
    st.none(), hostile_text,
    st.integers(min_value=-(10 ** 20), max_value=10 ** 20),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10 ** 9, max_value=10 ** 9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)),
    st.times(), st.datetimes(min_value=datetime(1900, 1, 1)),
)
HEADERS = {
    "orders": ["order_id", "order_date", "customer_id", "sku", "quantity", "unit_price", "ship_by", "notes"],
    "timesheets": ["employee_id", "date", "in", "out", "break_minutes"],
    "books": ["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "iban"],
}


def mutated_bytes(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    """`data` with each edit applied at a relative position: flip, cut, insert or zero bytes."""
    out = bytearray(data)
    for action, where, size, extra in edits:
        if not out:
            break
        at = min(int(where * len(out)), len(out) - 1)
        if action == "flip":
            out[at] ^= (size % 255) + 1
        elif action == "cut":
            del out[at:at + size]
        elif action == "insert":
            out[at:at] = extra
        else:
            out[at:at + 16] = bytes(16)
    return bytes(out)


@st.composite
def sheet_rows(draw, kind: str) -> list[list]:
    headers = list(HEADERS[kind])
    if draw(st.booleans()):
        headers = draw(st.permutations(headers))
    if draw(st.booleans()):
        headers.append(draw(hostile_text))
    rows = [headers]
    if draw(st.booleans()):
        rows.insert(0, [draw(hostile_text)])  # a title block
    for _ in range(draw(st.integers(0, 6))):
        rows.append([draw(cell) for _ in headers])
    return rows


def csv_bytes(rows: list[list], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue().encode(encoding, errors="replace")


def pdf_bytes(lines: list[str]) -> bytes:
    from backoffice_auto.reports.pdf import new_document

    pdf = new_document(title="Invoice")
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 5, line.replace("\x00", " ")[:300], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


invoice_words = st.sampled_from([
    "Invoice", "Faktura", "Rechnung", "Facture", "Factura", "Invoice No.", "Číslo faktury:", "Nr faktury",
    "Date:", "Datum vystavení:", "Due date", "Total", "Celkem k úhradě", "Razem", "VAT", "DPH", "IBAN",
    "CZ6508000000192000145399", "PL61109010140000071219812874", "XX00INVALID", "Net", "PO-2026-005",
    "Nr zamówienia:", "2/10 net 30", "EUR", "CZK", "PLN", "Gutschrift", "Avoir", "Credit note"])
invoice_line = st.lists(st.one_of(invoice_words, hostile_text,
                                  st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
                                  st.dates().map(lambda d: d.strftime("%d.%m.%Y"))), min_size=1, max_size=5).map(" ".join)


# ---------------------------------------------------------------------------- checks

def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def places_holding(ws: Workspace, data: bytes) -> list[Path]:
    wanted = digest(data)
    found = []
    for folder in (ws.inbox, ws.root / "archive", ws.root / "failed"):
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.endswith((".error.txt", ".error.json")) \
                    and path.stat().st_size == len(data) and digest(path.read_bytes()) == wanted:
                found.append(path)
    return found


DROPS: dict[tuple[Path, str], int] = {}  # (workspace, content digest) -> drops so far, across examples


def drop_and_check(ws: Workspace, folder: str, name: str, data: bytes) -> None:
    path = ws.inbox / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    key = (ws.root, digest(data))
    DROPS[key] = DROPS.get(key, 0) + 1
    pipeline = Pipeline(ws)
    try:
        (result,) = pipeline.process_paths([path])
    finally:
        pipeline.close()
    assert result["status"] in ("done", "refused", "duplicate"), result
    texts = [m["text"] for m in result["messages"]]
    assert not any(bad in t for t in texts for bad in FORBIDDEN), texts
    if result["status"] == "refused":
        assert any((m["where"] or "").startswith(name) or name in m["text"] for m in result["messages"]), \
            result["messages"]
    assert all(len(t) <= 20_000 for t in texts), "a message copied a huge value"
    # exactly one place per drop of this content: archive/, failed/ or the inbox
    assert len(places_holding(ws, data)) == DROPS[key], (result, places_holding(ws, data))


_counter = iter(range(10 ** 9))


def unique(stem: str, suffix: str) -> str:
    return f"{stem}-{next(_counter)}{suffix}"


# ---------------------------------------------------------------------------- tests

@FUZZ
@given(data=st.data())
def test_mutated_demo_files_are_refused_cleanly_or_processed(seeded, data):
    ws, seeds = seeded
    kind = data.draw(st.sampled_from(sorted(seeds)))
    index = data.draw(st.integers(0, len(seeds[kind]) - 1))  # drawn by index: examples print short
    suffix, seed = seeds[kind][index]
    content = mutated_bytes(seed, data.draw(st.lists(st.tuples(
        st.sampled_from(["flip", "cut", "insert", "zero"]), st.floats(0, 1), st.integers(1, 4096),
        st.binary(min_size=1, max_size=64)), min_size=1, max_size=8)))
    drop_and_check(ws, kind, unique("mutated", suffix), content)


@FUZZ
@given(data=st.data())
def test_hostile_sheets_and_csvs_are_refused_cleanly_or_processed(seeded, data):
    ws, _seeds = seeded
    kind = data.draw(st.sampled_from(["orders", "timesheets", "books"]))
    rows = data.draw(sheet_rows(kind))
    if data.draw(st.booleans()):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # what a real workbook cannot hold

        rows = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]
        content, suffix = xlsx_bytes({"Sheet1": rows}), ".xlsx"
    else:
        content = csv_bytes(rows, data.draw(st.sampled_from([",", ";", "\t"])),
                            data.draw(st.sampled_from(["utf-8", "cp1250", "utf-16"])))
        suffix = ".csv"
    drop_and_check(ws, kind, unique("hostile", suffix), content)


@FUZZ
@given(lines=st.lists(invoice_line, min_size=0, max_size=25))
def test_random_invoice_pdfs_are_refused_cleanly_or_entered(seeded, lines):
    ws, _seeds = seeded
    drop_and_check(ws, "invoices", unique("invoice", ".pdf"), pdf_bytes(lines))


RULE_FILES = ["settings.yaml", "orders.yaml", "invoices.yaml", "payroll.yaml", "masterdata.yaml", "mail.yaml"]


@FUZZ
@given(data=st.data())
def test_mutated_rule_files_are_reported_never_crash(tmp_path_factory, data):
    ws = Workspace.at(tmp_path_factory.mktemp("rules") / "ws")
    ws.init()
    name = data.draw(st.sampled_from([n for n in RULE_FILES if (ws.rules_dir / n).exists()]))
    path = ws.rules_dir / name
    lines = path.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "replace", "value", "indent", "alias"]))
        if action == "delete":
            del lines[at]
        elif action == "replace":
            lines[at] = data.draw(st.text(max_size=60))
        elif action == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = f"{key}: {data.draw(st.one_of(hostile_text, st.integers().map(str)))}"
        elif action == "indent":
            lines[at] = "   " + lines[at]
        else:
            lines[at:at] = ["a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
                            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = run_cli("rules", "check", "-w", str(ws.root))
    assert checked.returncode in (0, 1), checked
    output = checked.stdout + checked.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    if checked.returncode == 1:
        assert name in output or "rules/" in output, output
    try:
        Pipeline(ws).close()
    except ConfigError as error:
        assert checked.returncode == 1, (error, output)
