"""The orders job as the engine sees it: order sheets in, allocation, pick lists, invoices out;
and, whenever any job changes the items, open backorders served from the new stock."""

from __future__ import annotations

from backoffice_auto.jobspec import BooksHook, JobSpec, RuleFile
from backoffice_auto.orders import migrations
from backoffice_auto.orders.rules_model import OrdersRules


def _handlers():
    from backoffice_auto.orders.handler import OrdersHandler

    return [OrdersHandler()]


def _serve_backorders(ctx):
    from backoffice_auto.orders.backorders import allocate_backorders

    return allocate_backorders(ctx.books, ctx)


def _demo(workspace, seed):
    from backoffice_auto.orders.demo import drop_demo_files

    return drop_demo_files(workspace, seed=seed)


spec = JobSpec(
    name="orders", package="backoffice_auto.orders", handlers=_handlers,
    rule_files=(RuleFile("orders.yaml", OrdersRules),),
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES, domains=("orders",), demo=_demo,
    hooks=(BooksHook(("items",), _serve_backorders),),
)
