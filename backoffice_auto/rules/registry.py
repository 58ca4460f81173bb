"""Which rule file is validated by which model: one explicit list.

Paths are relative to the workspace's `rules/` folder. A glob entry (`invoices/templates/*.yaml`)
validates every matching file with the same model. Models are named by import path so that
loading the settings does not import every job.
"""

from __future__ import annotations

import importlib

RULE_FILES: dict[str, str] = {
    "settings.yaml": "backoffice_auto.rules.settings_model:Settings",
    "mail.yaml": "backoffice_auto.mail.rules_model:MailRules",
    "masterdata.yaml": "backoffice_auto.masterdata.rules_model:MasterdataRules",
    "orders.yaml": "backoffice_auto.orders.rules_model:OrdersRules",
    "invoices.yaml": "backoffice_auto.invoices.rules_model:InvoicesRules",
    "invoices/templates/*.yaml": "backoffice_auto.invoices.rules_model:InvoiceTemplate",
    "payroll.yaml": "backoffice_auto.payroll.rules_model:PayrollRules",
    "payables.yaml": "backoffice_auto.payables.rules_model:PayablesRules",
    "payments.yaml": "backoffice_auto.payments.rules_model:PaymentsRules",
    "watch.yaml": "backoffice_auto.watch.rules_model:WatchRules",
    "bank/*.yaml": "backoffice_auto.payments.readers.mapping:BankMapping",
}


def model_for(path_key: str):
    module_name, _, attr = RULE_FILES[path_key].partition(":")
    return getattr(importlib.import_module(module_name), attr)
