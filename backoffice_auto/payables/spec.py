"""The payables job as the engine sees it: bills scheduled by terms and rules, payment runs
(`payables run`, a run request through the pipeline) and their approvals."""

from __future__ import annotations

from datetime import time

from backoffice_auto.jobspec import JobSpec, RuleFile, ScheduledTask
from backoffice_auto.payables import migrations
from backoffice_auto.payables.rules_model import PayablesRules


def _handlers():
    from backoffice_auto.payables.handler import handlers

    return handlers()


def _demo(workspace, seed):
    from backoffice_auto.payables.demo import demo

    return demo(workspace, seed)


def _scheduled_run(ctx):
    """The payment run for the request's date (`payables run --date D`, `tasks run`, or the
    daemon on a run day): one run per date, whoever asks first."""
    from backoffice_auto.errors import Problem
    from backoffice_auto.payables.handler import MSG_RUN_DONE
    from backoffice_auto.payables.service import make_run

    done = make_run(ctx, ctx.today)
    ctx.note(Problem(MSG_RUN_DONE, None, {"run": done["run_id"], "transfers": done["transfers"],
                                          "bills": done["bills"], "left": done["left_out"]}, "info"))
    return done


def _is_run_day(day, rules) -> bool:
    """The daemon starts the run on the rules' run days, a bank holiday's run moved before it."""
    from backoffice_auto.payables.service import is_run_day

    return is_run_day(day, rules.payables, rules.settings)


def _commands():
    from backoffice_auto.payables.cli import payables_group

    return [payables_group]


spec = JobSpec(
    name="payables", package="backoffice_auto.payables", handlers=_handlers,
    rule_files=(RuleFile("payables.yaml", PayablesRules),),
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES, domains=("payables",), commands=_commands,
    demo=_demo,
    scheduled=(ScheduledTask("payables-run", _scheduled_run, at=time(7, 0), runs_on=_is_run_day),),
)
