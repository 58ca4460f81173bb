"""The payroll job as the engine sees it: timesheets in, payslips, register and payment file out."""

from __future__ import annotations

from backoffice_auto.jobspec import JobSpec, RuleFile
from backoffice_auto.payroll import migrations
from backoffice_auto.payroll.rules_model import PayrollRules


def _handlers():
    from backoffice_auto.payroll.handler import PayrollHandler

    return [PayrollHandler()]


def _demo(workspace, seed):
    from backoffice_auto.payroll.demo import drop_demo_files

    return drop_demo_files(workspace, seed=seed)


spec = JobSpec(
    name="payroll", package="backoffice_auto.payroll", handlers=_handlers,
    rule_files=(RuleFile("payroll.yaml", PayrollRules),),
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES, domains=("payroll",), demo=_demo,
)
