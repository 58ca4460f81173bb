"""The master-data job as the engine sees it: workbooks in inbox/books/ upserted into the books."""

from __future__ import annotations

from backoffice_auto.jobspec import JobSpec, RuleFile
from backoffice_auto.masterdata import migrations
from backoffice_auto.masterdata.rules_model import MasterdataRules


def _handlers():
    from backoffice_auto.masterdata.handler import MasterDataHandler

    return [MasterDataHandler()]


def _demo(workspace, seed):
    from backoffice_auto.masterdata.demo import drop_demo_files

    return drop_demo_files(workspace, seed=seed)


spec = JobSpec(
    name="masterdata", package="backoffice_auto.masterdata", handlers=_handlers,
    rule_files=(RuleFile("masterdata.yaml", MasterdataRules),), domains=("masterdata",), demo=_demo,
    migrations=migrations.MIGRATIONS, tables=migrations.TABLES,
)
