"""Tables of the orders job (owned by that job). Append to MIGRATIONS; never edit an applied script.

- `orders`: one row per order id ever taken (a second file with the same id is refused or
  amends it, by the rules).
- `order_lines`: what was ordered, what shipped so far, what is still open. Open backorders
  are the lines with `status = 'backordered'` (`open_quantity` > 0); they are served when
  stock arrives.
- `shipments`: each time an order ships (from its file, or later from its backorders),
  with the invoice that billed it.
- `sales_invoice_lines`: the lines of the customer invoices in `sales_invoices`.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE orders (
        order_id TEXT PRIMARY KEY, customer_id TEXT, order_date TEXT, ship_policy TEXT, ship_by TEXT,
        status TEXT, source_file TEXT, job_id TEXT, updated_job TEXT);
    CREATE TABLE order_lines (
        order_id TEXT NOT NULL, line INTEGER NOT NULL, sku TEXT, quantity TEXT, unit_price TEXT,
        ship_by TEXT, notes TEXT, shipped TEXT, open_quantity TEXT, cancelled TEXT, status TEXT,
        source TEXT, PRIMARY KEY (order_id, line));
    CREATE INDEX order_lines_status ON order_lines (status, sku);
    CREATE TABLE shipments (
        order_id TEXT NOT NULL, shipment INTEGER NOT NULL, job_id TEXT, ship_date TEXT,
        invoice_number TEXT, lines INTEGER, quantity TEXT, PRIMARY KEY (order_id, shipment));
    CREATE TABLE sales_invoice_lines (
        invoice_number TEXT NOT NULL, line INTEGER NOT NULL, order_id TEXT, order_line INTEGER, sku TEXT,
        description TEXT, quantity TEXT, unit TEXT, unit_price TEXT, gross TEXT, discount TEXT, net TEXT,
        tax_rate TEXT, tax TEXT, total TEXT, PRIMARY KEY (invoice_number, line));
    """,
    """
    -- open backorders are found by status alone (`load_view`); no query looks lines up by
    -- status and sku, and an index in sku order costs a write at a random place per line
    DROP INDEX order_lines_status;
    CREATE INDEX order_lines_by_status ON order_lines (status);
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("orders", ("order_id",), (
        F("order_id", required=True), F("customer_id"), F("order_date", "date"),
        F("ship_policy", "choice", choices=("partial", "complete")), F("ship_by", "date"),
        F("status", "choice", choices=("shipped", "partial", "backordered", "cancelled")),
        F("source_file"), F("job_id"), F("updated_job"),
    )),
    Table("order_lines", ("order_id", "line"), (
        F("order_id", required=True), F("line", "int", required=True), F("sku"), F("quantity", "decimal"),
        F("unit_price", "money"), F("ship_by", "date"), F("notes"), F("shipped", "decimal"),
        F("open_quantity", "decimal"), F("cancelled", "decimal"),
        F("status", "choice", choices=("shipped", "backordered", "cancelled")), F("source"),
    )),
    Table("shipments", ("order_id", "shipment"), (
        F("order_id", required=True), F("shipment", "int", required=True), F("job_id"),
        F("ship_date", "date"), F("invoice_number"), F("lines", "int"), F("quantity", "decimal"),
    )),
    Table("sales_invoice_lines", ("invoice_number", "line"), (
        F("invoice_number", required=True), F("line", "int", required=True), F("order_id"),
        F("order_line", "int"), F("sku"), F("description"), F("quantity", "decimal"), F("unit"),
        F("unit_price", "money"), F("gross", "money"), F("discount", "money"), F("net", "money"),
        F("tax_rate", "rate"), F("tax", "money"), F("total", "money"),
    )),
)}
