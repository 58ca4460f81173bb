"""Golden files: a small realistic order week, `sample.xlsx` beside `sample.expected.json`.

The books of the case are `books.json` (six items, five customers in four languages, one open
purchase order). The job runs through the real pipeline on a fixed clock; everything that
matters is compared: stock after, order lines, invoices with every line, the clerk's added
columns, the pick list, backorders, reorder suggestions and who gets which mail.

After a deliberate change of behaviour, regenerate with
`UPDATE_GOLDEN=1 pytest tests/test_orders_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from test_orders_support import mails, output

GOLDEN = Path(__file__).parent / "golden" / "orders"


class FixedClock(Pipeline):
    def now(self) -> datetime:
        return datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Prague"))


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _sheet(path: Path, first_row: int = 2) -> list[list]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [[_plain(v) for v in r] for r in ws.iter_rows(min_row=first_row, values_only=True)]


def _actual(workspace) -> dict:
    books = json.loads((GOLDEN / "books.json").read_text(encoding="utf-8"))
    store = Store(workspace.db_path)
    with store.transaction() as b:
        for table, rows in books.items():
            b.upsert_many(table, [{k: (Decimal(v) if isinstance(v, str) and k in (
                "unit_price", "tax_rate", "on_hand", "reserved", "reorder_min", "reorder_max", "reorder_multiple",
                "discount_pct", "quantity", "received_quantity") else v) for k, v in r.items()} for r in rows])
    store.close()
    dest = workspace.inbox / "orders" / "sample.xlsx"
    shutil.copyfile(GOLDEN / "sample.xlsx", dest)
    (result,) = FixedClock(workspace).process_paths([dest])
    assert result["status"] == "done", result

    store = Store(workspace.db_path)
    b = store.read()
    out = {
        "messages": [m["text"] for m in result["messages"]],
        "stock": {i["sku"]: [_plain(i["on_hand"]), _plain(i["reserved"])] for i in b.rows("items")},
        "order_lines": [[ln["order_id"], ln["line"], ln["sku"], _plain(ln["quantity"]), _plain(ln["shipped"]),
                         _plain(ln["open_quantity"]), ln["status"]] for ln in b.rows("order_lines")],
        "orders": {o["order_id"]: o["status"] for o in b.rows("orders")},
        "invoices": [{k: _plain(v) for k, v in inv.items()} for inv in b.rows("sales_invoices")],
        "invoice_lines": [[x["invoice_number"], x["line"], x["sku"], _plain(x["quantity"]), _plain(x["unit_price"]),
                           _plain(x["gross"]), _plain(x["discount"]), _plain(x["net"]), _plain(x["tax_rate"]),
                           _plain(x["tax"]), _plain(x["total"])] for x in b.rows("sales_invoice_lines")],
    }
    store.close()
    clerk = openpyxl.load_workbook(output(workspace, result, "sample.xlsx")).worksheets[0]
    out["clerk_columns"] = [[_plain(clerk.cell(r, c).value) for c in range(9, 15)]
                            for r in range(2, clerk.max_row + 1)]
    out["pick_list"] = _sheet(output(workspace, result, "pick-list.xlsx"))
    out["backorders"] = _sheet(output(workspace, result, "backorders.xlsx"))
    out["reorder"] = _sheet(output(workspace, result, "reorder-suggestions.xlsx"))
    out["mail"] = sorted([str(m["to"]), m["subject"], sorted(p.get_filename() for p in m.iter_attachments())]
                         for m in mails(workspace))
    out["outputs"] = sorted(o.split("/", 3)[-1] for o in result["outputs"] if "/mail/" not in o)
    return out


def test_golden_order_week(workspace):
    actual = _actual(workspace)
    expected_path = GOLDEN / "sample.expected.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    for key in expected:
        assert actual[key] == expected[key], key
    assert set(actual) == set(expected)
