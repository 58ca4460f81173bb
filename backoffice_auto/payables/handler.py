"""The payables job's two handlers: a payment-run request, and an approved proposal.

A payment run has no file of its own; `backoffice-auto payables run --date D` (and later
the clock) drops a two-line request file (`payables-run-D.txt`) into the inbox and lets
the pipeline process it. So a run goes through the same claim, transaction, outputs,
mail and delivery as any file, and the request's content (task and date) is its
idempotency key: the same date requested twice is a duplicate, run once.
"""

from __future__ import annotations

import re
from datetime import date

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Incoming, JobContext

RUN_MAGIC = b"backoffice-auto payables run\n"
_DATE = re.compile(rb"^date: (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
MSG_BAD_REQUEST = N_("a payment-run request needs a line 'date: YYYY-MM-DD'")
MSG_RUN_DONE = N_("payment run {run}: {transfers} transfers, {bills} bills, {left} left out")
MSG_APPROVED = N_("payment run {run} approved; bank files: {files}")


def run_request(run_date: date) -> bytes:
    return RUN_MAGIC + f"date: {run_date.isoformat()}\n".encode()


class PaymentRunHandler:
    kind = "payables"
    folders: tuple[str, ...] = ()

    def identify(self, incoming: Incoming) -> bool:
        return incoming.data.startswith(RUN_MAGIC) and len(incoming.data) < 1024

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        from backoffice_auto.payables.service import make_run

        m = _DATE.search(incoming.data)
        try:
            run_date = date.fromisoformat(m.group(1).decode()) if m else None
        except ValueError:
            run_date = None
        if run_date is None:
            raise Refusal([Problem(MSG_BAD_REQUEST, Source(incoming.name))])
        done = make_run(ctx, run_date)
        ctx.note(Problem(MSG_RUN_DONE, None, {"run": done["run_id"], "transfers": done["transfers"],
                                              "bills": done["bills"], "left": done["left_out"]}, "info"))


class PaymentApprovalHandler:
    kind = "payment_approval"
    folders = ("approvals",)

    def identify(self, incoming: Incoming) -> bool:
        from backoffice_auto.payables.workbook import looks_like_proposal

        return (incoming.folder_hint in (None, "approvals") and incoming.suffix in (".xlsx", ".xlsm")
                and looks_like_proposal(incoming.data))

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        from backoffice_auto.payables.service import apply_approval

        done = apply_approval(ctx, incoming.data, incoming.name)
        ctx.note(Problem(MSG_APPROVED, None, {"run": done["run_id"], "files": ", ".join(done["files"]) or "-"},
                         "info"))


def handlers() -> list:
    return [PaymentRunHandler(), PaymentApprovalHandler()]
