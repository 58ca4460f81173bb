"""A realistic order sheet for `backoffice-auto demo` (and for the bench, at any size).

The demo sheet has a title row above the header, a bold shaded header, dates as dates,
several hundred lines over the demo master data (`demobooks`: `SKU-0001`..,
`C001`..). Many demo items have little or no stock, so some lines are backordered and the
`complete` customers (every seventh) wait whole: the outputs show every case.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Sequence

HEADERS = ["order_id", "order_date", "customer_id", "sku", "quantity", "unit_price", "ship_by", "notes"]
NOTES = ["", "", "", "", "urgent", "call before delivery", "ramp 3", "dodat ráno", "livraison l'après-midi",
         "dostawa do magazynu", "entregar por la mañana"]


def order_rows(skus: Sequence[str], customers: Sequence[str], lines: int, seed: int = 0,
               start: date = date(2026, 11, 2), max_lines_per_order: int = 6, quantities: Sequence[int] = (
                   1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 20), prefix: str = "SO") -> list[list]:
    """Data rows (no header): orders of 1..max lines, distinct skus per order, dates in a fortnight."""
    rng = random.Random(seed)
    rows: list[list] = []
    number = 0
    while len(rows) < lines:
        number += 1
        order_id = f"{prefix}-{start.year}-{number:06d}"
        customer = customers[rng.randrange(len(customers))]
        day = start + timedelta(days=rng.randrange(14))
        count = min(rng.randint(1, max_lines_per_order), lines - len(rows))
        chosen = rng.sample(range(len(skus)), count) if count <= len(skus) else range(count)
        for index in chosen:
            ship_by = day + timedelta(days=rng.choice([3, 7, 14])) if rng.random() < 0.3 else None
            rows.append([order_id, day, customer, skus[index], rng.choice(quantities), None, ship_by,
                         rng.choice(NOTES) or None])
    return rows


def write_order_sheet(path: Path, rows: Iterable[Sequence], title: str | None = "Objednávky / Orders",
                      sheet: str = "Orders") -> Path:
    """A formatted clerk workbook: optional title row, bold shaded header, date formats, widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADERS)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="305496")
    for row in rows:
        ws.append(list(row))
    for letter, width in zip("ABCDEFGH", (16, 12, 11, 12, 9, 10, 12, 24)):
        ws.column_dimensions[letter].width = width
    for column in ("B", "G"):
        for cell in ws[column][header_row:]:
            cell.number_format = "dd.mm.yyyy"
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def drop_demo_files(workspace, seed: int = 0, lines: int = 400) -> list[Path]:
    """Write the demo order sheet into `inbox/orders/` of `workspace`; returns its path(s)."""
    from backoffice_auto.demobooks import demo_master_data

    master = demo_master_data(seed)
    skus = [i["sku"] for i in master["items"]]
    customers = [c["customer_id"] for c in master["customers"]]
    rows = order_rows(skus, customers, lines, seed=seed + 4, quantities=(1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12))
    path = write_order_sheet(Path(workspace.inbox) / "orders" / "orders-demo.xlsx", rows)
    return [path]

