"""The one list of jobs. Adding a job is one line here (and its package with its `spec`).

Order matters where jobs build on each other's books: the demo runs the steps in this
order (master data first), and handlers are offered a file in this order.
The engine reads this list only through `backoffice_auto.jobspec.installed_specs()`.
"""

from __future__ import annotations

from backoffice_auto.invoices.spec import spec as invoices
from backoffice_auto.masterdata.spec import spec as masterdata
from backoffice_auto.orders.spec import spec as orders
from backoffice_auto.payables.spec import spec as payables
from backoffice_auto.payments.spec import spec as payments
from backoffice_auto.payroll.spec import spec as payroll

SPECS = (masterdata, orders, invoices, payroll, payables, payments)
