"""The supplier-invoices job as the engine sees it: PDFs read (extract/) and entered as bills
(bills/), supplier templates as rule files, `invoices extract|explain` commands."""

from __future__ import annotations

from backoffice_auto.invoices import migrations
from backoffice_auto.invoices.rules_model import InvoicesRules, InvoiceTemplate
from backoffice_auto.jobspec import JobSpec, RuleFile


def _handlers():
    from backoffice_auto.invoices.bills.handler import handlers

    return handlers()


def _commands():
    from backoffice_auto.invoices.extract.cli import invoices_group

    return [invoices_group]


def _demo(workspace, seed):
    from backoffice_auto.invoices.demo import drop_demo_files

    return drop_demo_files(workspace, seed=seed)


spec = JobSpec(
    name="invoices", package="backoffice_auto.invoices", handlers=_handlers,
    rule_files=(RuleFile("invoices.yaml", InvoicesRules),
                RuleFile("invoices/templates/*.yaml", InvoiceTemplate, attribute="invoice_templates")),
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES, domains=("invoices", "invoices_extract"),
    commands=_commands, demo=_demo,
)
