"""The master-data job: workbooks of items, customers, suppliers, employees, purchase
orders, opening sales invoices and bills, upserted into the books."""
