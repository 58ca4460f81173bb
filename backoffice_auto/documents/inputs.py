"""Fields of the input documents that are not tables of the books (DESIGN.md "The books").

An order sheet row, a punch timesheet row and a daily-hours row use the vocabulary's
names; they are declared here with the same `FieldDef` type so `read_table` reads them
like any table. (`time` and `quantity`, a number with perhaps a unit word beside it, are
field types the books do not store, and so is `price`, an amount perhaps written per unit,
`12,50 Kč/ks`; readers parse them.)
"""

from __future__ import annotations

from backoffice_auto.books.schema import FieldDef

__all__ = ["ORDER_ROW", "PUNCH_ROW", "DAILY_HOURS_ROW", "INPUT_DOCUMENTS"]

ORDER_ROW: tuple[FieldDef, ...] = (
    FieldDef("order_id", "text", True), FieldDef("order_date", "date"), FieldDef("customer_id", "text", True),
    FieldDef("sku", "text", True), FieldDef("quantity", "quantity", True), FieldDef("unit_price", "price"),
    FieldDef("ship_by", "date"), FieldDef("notes", "text"),
)

PUNCH_ROW: tuple[FieldDef, ...] = (
    FieldDef("employee_id", "text", True), FieldDef("date", "date", True),
    FieldDef("in", "time", True), FieldDef("out", "time", True),  # type: ignore[arg-type]
    FieldDef("break_minutes", "int"),
)

DAILY_HOURS_ROW: tuple[FieldDef, ...] = (
    FieldDef("employee_id", "text", True), FieldDef("date", "date", True), FieldDef("hours", "decimal", True),
)

INPUT_DOCUMENTS: dict[str, tuple[FieldDef, ...]] = {
    "order_rows": ORDER_ROW, "punch_timesheet": PUNCH_ROW, "daily_hours": DAILY_HOURS_ROW,
}
