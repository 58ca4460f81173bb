"""The payments job as the engine sees it: bank statements in, matched to invoices and bills."""

from __future__ import annotations

from backoffice_auto.jobspec import JobSpec, RuleFile
from backoffice_auto.payments import migrations
from backoffice_auto.payments.matching import migrations as matching_migrations
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.rules_model import PaymentsRules


def _handlers():
    from backoffice_auto.payments.handler import BankStatementHandler
    from backoffice_auto.payments.matching.approvals import ReconciliationHandler

    return [BankStatementHandler(), ReconciliationHandler()]


def _demo(workspace, seed):
    from backoffice_auto.payments.demo import drop_demo_files

    return drop_demo_files(workspace, seed=seed)


spec = JobSpec(
    name="payments", package="backoffice_auto.payments", handlers=_handlers,
    rule_files=(RuleFile("payments.yaml", PaymentsRules), RuleFile("bank/*.yaml", BankMapping, attribute="bank")),
    migrations={"payments": migrations.MIGRATIONS, "payments_matching": matching_migrations.MIGRATIONS},
    tables={**migrations.TABLES, **matching_migrations.TABLES}, domains=("payments_bank", "payments_matching"),
    demo=_demo,
)
