"""Each field's name as a clerk heads its column, for messages (never the internal `order_id`).

A reader that misses a column, or took a header for a field, names the field by its label,
passed to the message as an `errors.Label` so it is translated with the message
(`Číslo objednávky`, `Numer zamówienia`, `Número de pedido`, `Numéro de commande`).
A field without a label here is named by its words (`ship by`), never with underscores.
"""

from __future__ import annotations

from backoffice_auto.errors import Label
from backoffice_auto.i18n import N_, translate

__all__ = ["FIELD_LABELS", "TABLE_LABELS", "field_label", "table_label", "field_text", "table_text"]

FIELD_LABELS: dict[str, str] = {
    "sku": N_("Item code"),
    "name": N_("Name"),
    "unit": N_("Unit"),
    "unit_price": N_("Unit price"),
    "currency": N_("Currency"),
    "tax_rate": N_("VAT rate"),
    "on_hand": N_("Stock on hand"),
    "reserved": N_("Reserved"),
    "reorder_min": N_("Minimum stock"),
    "reorder_max": N_("Maximum stock"),
    "reorder_multiple": N_("Order multiple"),
    "location": N_("Location"),
    "customer_id": N_("Customer number"),
    "supplier_id": N_("Supplier number"),
    "employee_id": N_("Employee number"),
    "email": N_("E-mail address"),
    "language": N_("Language"),
    "country": N_("Country"),
    "street": N_("Street"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "priority": N_("Priority"),
    "ship_policy": N_("Shipping policy"),
    "discount_pct": N_("Discount %"),
    "payment_terms": N_("Payment terms"),
    "vat_id": N_("VAT number"),
    "iban": N_("IBAN"),
    "bic": N_("BIC"),
    "on_hold": N_("On hold"),
    "department": N_("Department"),
    "pay_type": N_("Pay type"),
    "hourly_rate": N_("Hourly rate"),
    "salary": N_("Monthly salary"),
    "subdivision": N_("Region"),
    "timezone": N_("Time zone"),
    "rule_set": N_("Rule set"),
    "po_number": N_("Purchase order number"),
    "line": N_("Line number"),
    "description": N_("Description"),
    "quantity": N_("Quantity"),
    "received_quantity": N_("Quantity received"),
    "invoice_number": N_("Invoice number"),
    "bill_id": N_("Document number"),
    "order_id": N_("Order number"),
    "issue_date": N_("Issue date"),
    "due_date": N_("Due date"),
    "net": N_("Net amount"),
    "tax": N_("VAT amount"),
    "total": N_("Total amount"),
    "paid": N_("Amount paid"),
    "status": N_("Status"),
    "discount_date": N_("Discount until"),
    "discount_amount": N_("Discount amount"),
    "scheduled_date": N_("Payment date"),
    "hold_reason": N_("Reason for hold"),
    "prepaid": N_("Already paid (deposits and credits deducted)"),
    "amount_due": N_("Amount due"),
    "payment_reference": N_("Payment reference"),
    "transaction_id": N_("Transaction ID"),
    "account_iban": N_("Our account"),
    "booking_date": N_("Booking date"),
    "value_date": N_("Value date"),
    "amount": N_("Amount"),
    "counterparty_name": N_("Counterparty"),
    "counterparty_iban": N_("Counterparty account"),
    "reference": N_("Payment reference"),
    "remittance": N_("Payment details"),
    "bank_reference": N_("Bank reference"),
    "end_to_end_id": N_("End-to-end ID"),
    "statement_id": N_("Statement number"),
    "source": N_("Source file"),
    "matches": N_("Matched documents"),
    "reversal": N_("Reversal by the bank"),
    "period": N_("Pay period"),
    "period_start": N_("Period from"),
    "period_end": N_("Period to"),
    "hours": N_("Hours worked"),
    "gross": N_("Gross pay"),
    "deductions": N_("Deductions"),
    "order_date": N_("Order date"),
    "ship_by": N_("Delivery date"),
    "notes": N_("Notes"),
    "date": N_("Date"),
    "in": N_("Time in"),
    "out": N_("Time out"),
    "break_minutes": N_("Break (minutes)"),
    "rate": N_("Hourly rate"),
    "bonus": N_("Bonus"),
}


def field_label(name: str) -> Label:
    """The label of field `name`, translated when its message is rendered."""
    return Label(FIELD_LABELS.get(name) or name.replace("_", " "))


#: Each books table as people name it (sheet names of the books export; the translations are
#: among `aliases.TABLE_ALIASES`, so an exported sheet is recognised when it comes back).
TABLE_LABELS: dict[str, str] = {
    "items": N_("Items"),
    "customers": N_("Customers"),
    "suppliers": N_("Suppliers"),
    "employees": N_("Employees"),
    "purchase_orders": N_("Purchase orders"),
    "sales_invoices": N_("Sales invoices"),
    "bills": N_("Supplier invoices"),
    "bank_transactions": N_("Bank transactions"),
    "payslips": N_("Payslips"),
}


def table_label(name: str) -> Label:
    """The label of books table `name`, translated when its message is rendered."""
    return Label(TABLE_LABELS.get(name) or name.replace("_", " "))


def field_text(name: str, language: str) -> str:
    """Field `name` as a header in `language` (a column of a workbook people read)."""
    return translate(field_label(name), language)


def table_text(name: str, language: str) -> str:
    """Books table `name` as a sheet is named in `language`."""
    return translate(table_label(name), language)
