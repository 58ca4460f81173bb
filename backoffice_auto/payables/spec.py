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
    """The daemon's payment run: on the rules' run days (holidays moved), at the task's time."""
    from backoffice_auto.payables.service import is_run_day, make_run

    if is_run_day(ctx.today, ctx.rules.payables, ctx.settings):
        return make_run(ctx, ctx.today)
    return None


def _commands():
    from backoffice_auto.payables.cli import payables_group

    return [payables_group]


spec = JobSpec(
    name="payables", package="backoffice_auto.payables", handlers=_handlers,
    rule_files=(RuleFile("payables.yaml", PayablesRules),),
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES, domains=("payables",), commands=_commands,
    demo=_demo,
    scheduled=(ScheduledTask("payables-run", _scheduled_run, at=time(7, 0)),),
)
