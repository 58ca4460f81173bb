"""The books' vocabulary, defined once: tables, keys, fields and their types.

Readers map column headers onto these names, rules see records by these names, exports
and docs list them. DESIGN.md "The books" is the source; the SQL tables in
`books/migrations/` must carry the same columns (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["text", "decimal", "quantity", "money", "price", "rate", "int", "date", "time", "bool", "json",
                    "email", "choice", "iban", "bic", "country"]


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: FieldType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    fields: tuple[FieldDef, ...]
    master_data: bool = False  # may be loaded from workbooks in inbox/books/

    def field(self, name: str) -> FieldDef:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def F(name: str, type: FieldType = "text", required: bool = False, choices: tuple[str, ...] = ()) -> FieldDef:
    return FieldDef(name, type, required, choices)


TABLES: dict[str, Table] = {t.name: t for t in (
    Table("items", ("sku",), (
        F("sku", required=True), F("name"), F("unit"), F("unit_price", "money"), F("currency"),
        F("tax_rate", "rate"), F("on_hand", "decimal"), F("reserved", "decimal"),
        F("reorder_min", "decimal"), F("reorder_max", "decimal"), F("reorder_multiple", "decimal"),
        F("location"),
    ), master_data=True),
    Table("customers", ("customer_id",), (
        F("customer_id", required=True), F("name"), F("email", "email"), F("language"), F("country", "country"),
        F("priority", "int"), F("ship_policy", "choice", choices=("partial", "complete")),
        F("discount_pct", "rate"), F("payment_terms"), F("vat_id"), F("iban", "iban"),
        F("street"), F("postal_code"), F("city"),
    ), master_data=True),
    Table("suppliers", ("supplier_id",), (
        F("supplier_id", required=True), F("name"), F("email", "email"), F("language"), F("country", "country"),
        F("vat_id"), F("iban", "iban"), F("bic", "bic"), F("payment_terms"), F("priority", "int"), F("on_hold", "bool"),
        F("street"), F("postal_code"), F("city"),
    ), master_data=True),
    Table("employees", ("employee_id",), (
        F("employee_id", required=True), F("name"), F("email", "email"), F("language"), F("department"),
        F("pay_type", "choice", choices=("hourly", "salaried")), F("hourly_rate", "money"),
        F("salary", "money"), F("currency"), F("country", "country"), F("subdivision"), F("timezone"), F("iban", "iban"),
        F("rule_set"),
    ), master_data=True),
    Table("purchase_orders", ("po_number", "line"), (
        F("po_number", required=True), F("line", "int", required=True), F("supplier_id"), F("sku"),
        F("description"), F("quantity", "decimal"), F("unit_price", "money"),
        F("received_quantity", "decimal"),
    ), master_data=True),
    Table("sales_invoices", ("invoice_number",), (
        F("invoice_number", required=True), F("customer_id"), F("order_id"), F("issue_date", "date"),
        F("due_date", "date"), F("currency"), F("net", "money"), F("tax", "money"), F("total", "money"),
        F("paid", "money"), F("status", "choice", choices=("open", "partial", "paid", "overpaid")),
    ), master_data=True),
    Table("bills", ("bill_id",), (
        F("bill_id", required=True), F("supplier_id"), F("invoice_number"), F("issue_date", "date"),
        F("due_date", "date"), F("currency"), F("net", "money"), F("tax", "money"), F("total", "money"),
        F("discount_date", "date"), F("discount_amount", "money"), F("scheduled_date", "date"),
        F("paid", "money"),
        F("status", "choice", choices=("on_hold", "scheduled", "proposed", "approved", "paid")),
        F("hold_reason"),
        # added by the invoices job (invoices/migrations.py): what the invoice says about paying it
        F("prepaid", "money"), F("amount_due", "money"), F("payment_reference"),
    ), master_data=True),
    Table("bank_transactions", ("transaction_id",), (
        F("transaction_id", required=True), F("account_iban"), F("booking_date", "date"),
        F("value_date", "date"), F("amount", "money"), F("currency"), F("counterparty_name"),
        F("counterparty_iban"), F("reference"),
        F("status", "choice", choices=("matched", "partial", "suggested", "unmatched", "returned")), F("matches", "json"),
        # added by the payments job (books/migrations/payments.py): where the line came from and its texts
        F("remittance"), F("bank_reference"), F("end_to_end_id"), F("statement_id"), F("source"),
        F("reversal", "bool"),
    )),
    Table("payslips", ("employee_id", "period"), (
        F("employee_id", required=True), F("period", required=True), F("period_start", "date"),
        F("period_end", "date"), F("hours", "json"), F("gross", "money"), F("deductions", "json"),
        F("net", "money"), F("currency"),
    )),
)}

MASTER_DATA_TABLES = tuple(name for name, t in TABLES.items() if t.master_data)
