"""The payables job's handler of an approved proposal, and the run's messages.

A payment run has no file of its own: it is the spec's scheduled task `payables-run`
(`spec.py`), started by `payables run --date D`, `tasks run payables-run` or the daemon on
run days through the engine's task requests (`pipeline/tasks.py`), keyed by (task, date).
"""

from __future__ import annotations

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Incoming, JobContext

MSG_RUN_DONE = N_("payment run {run}: transfers {transfers}, bills {bills}, left out {left}")
MSG_APPROVED = N_("payment run {run} approved; bank files: {files}")


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
    return [PaymentApprovalHandler()]
