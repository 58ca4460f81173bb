"""Every document handler, from the jobs' specs (the list in `backoffice_auto/jobs.py`).

A file is offered to each handler's `identify()`; exactly one must take it. None is a
refusal ("no handler"), two is a refusal too ("two handlers"): the list stays unambiguous.
"""

from __future__ import annotations

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Handler, Incoming


MSG_NOT_OUR_WORKBOOK = N_("this is none of the workbooks inbox/approvals/ takes back: the ones this service wrote "
                          "for you to fill in (a payment proposal, a reconciliation workbook, an invoice review). "
                          "Open the one in outbox/, write your decisions in it, save it as Excel (.xlsx) and drop "
                          "it again")


def handlers(specs=None) -> list[Handler]:
    """One instance of every job's handlers, in the jobs list's order, and the engine's own
    handler of clock- and command-started tasks (`tasks.py`)."""
    from backoffice_auto.jobspec import resolve

    from backoffice_auto.pipeline.tasks import TaskHandler

    return [handler for spec in resolve(specs) for handler in spec.handlers()] + [TaskHandler(specs)]


def identify(incoming: Incoming, candidates: list[Handler] | None = None) -> Handler:
    candidates = handlers() if candidates is None else candidates
    taken = [h for h in candidates if h.identify(incoming)]
    if len(taken) == 1:
        return taken[0]
    source = Source(incoming.name)
    if not taken and incoming.folder_hint == "approvals":  # only our own workbooks come back here
        raise Refusal([Problem(MSG_NOT_OUR_WORKBOOK, source)])
    if not taken:
        raise Refusal([Problem(N_("no handler takes this file (kind not recognised from its folder and content)"),
                               source)])
    raise Refusal([Problem(N_("two handlers claim this file: {kinds}"), source,
                           {"kinds": ", ".join(h.kind for h in taken)})])
