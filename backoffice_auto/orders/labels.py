"""Words the orders job prints (column headers, statuses), as msgids translated per reader.

Kept in one place so the clerk's workbook, the pick list and the reports use the same
words, and so the catalogs of the `orders` domain list them once.
"""

from __future__ import annotations

from backoffice_auto.i18n import N_, translate

# Status columns added to the clerk's workbook.
COL_ALLOCATED = N_("Allocated")
COL_BACKORDERED = N_("Backordered")
COL_SHIPMENT = N_("Shipment")
COL_INVOICE = N_("Invoice")
COL_STATUS = N_("Status")
COL_REASON = N_("Reason")

STATUS_SHIPPED = N_("shipped")
STATUS_PARTIAL = N_("partly shipped")
STATUS_BACKORDERED = N_("backordered")
STATUS_CANCELLED = N_("cancelled")
STATUS_SKIPPED = N_("skipped")

# Pick list, backorder report, reorder suggestions.
COL_LOCATION = N_("Location")
COL_SKU = N_("SKU")
COL_ITEM = N_("Item")
COL_QUANTITY = N_("Quantity")
COL_UNIT = N_("Unit")
COL_ORDER = N_("Order")
COL_CUSTOMER = N_("Customer")
COL_CUSTOMER_NAME = N_("Customer name")
COL_CANCELLED = N_("Cancelled")
COL_LINE = N_("Line")
COL_ORDER_DATE = N_("Order date")
COL_ORDERED = N_("Ordered")
COL_SHIPPED = N_("Shipped")
COL_ON_HAND = N_("On hand")
COL_ON_ORDER = N_("On order")
COL_POSITION = N_("Position")
COL_REORDER_MIN = N_("Reorder min")
COL_REORDER_MAX = N_("Reorder max")
COL_SUGGESTED = N_("Suggested order")
COL_TOTAL = N_("Total")

SHEET_PICK_LIST = N_("Pick list")
SHEET_BY_ITEM = N_("By item")
SHEET_BACKORDERS = N_("Backorders")
SHEET_REORDER = N_("Reorder")


def t(msgid: str, language: str) -> str:
    return translate(msgid, language)
