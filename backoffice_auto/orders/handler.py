"""The orders handler: order sheets dropped into `inbox/orders/`.

`identify` is cheap: the folder says it is an order sheet and the name a workbook or CSV.
The work is in `orders.job.process_file`.
"""

from __future__ import annotations

from backoffice_auto.orders.job import process_file
from backoffice_auto.pipeline.handler import Incoming, JobContext

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".ods")  # .ods only to say how to save it as .xlsx


class OrdersHandler:
    kind = "orders"
    folders = ("orders",)

    def identify(self, incoming: Incoming) -> bool:
        return incoming.folder_hint == "orders" and incoming.suffix in SUFFIXES

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        process_file(incoming.data, incoming.name, ctx)
