"""Every document handler, listed explicitly (no plugin discovery).

A file is offered to each handler's `identify()`; exactly one must take it. None is a
refusal ("no handler"), two is a refusal too ("two handlers"): the list stays unambiguous.
"""

from __future__ import annotations

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Handler, Incoming


def handlers() -> list[Handler]:
    """One instance of every handler; imported here so that loading the registry does not
    import every job at module import time."""
    from backoffice_auto.invoices.bills.handler import handlers as invoice_handlers
    from backoffice_auto.masterdata.handler import MasterDataHandler
    from backoffice_auto.orders.handler import OrdersHandler
    from backoffice_auto.payables.handler import handlers as payables_handlers
    from backoffice_auto.payments.handler import BankStatementHandler
    from backoffice_auto.payments.matching.approvals import ReconciliationHandler
    from backoffice_auto.payroll.handler import PayrollHandler

    return [MasterDataHandler(), OrdersHandler(), *invoice_handlers(), PayrollHandler(), BankStatementHandler(),
            *payables_handlers(), ReconciliationHandler()]


def identify(incoming: Incoming, candidates: list[Handler] | None = None) -> Handler:
    candidates = handlers() if candidates is None else candidates
    taken = [h for h in candidates if h.identify(incoming)]
    if len(taken) == 1:
        return taken[0]
    source = Source(incoming.name)
    if not taken:
        raise Refusal([Problem(N_("no handler takes this file (kind not recognised from its folder and content)"),
                               source)])
    raise Refusal([Problem(N_("two handlers claim this file: {kinds}"), source,
                           {"kinds": ", ".join(h.kind for h in taken)})])
