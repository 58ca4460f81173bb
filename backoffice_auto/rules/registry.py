"""Which rule file is validated by which model: the engine's files here, each job's from its spec.

Paths are relative to the workspace's `rules/` folder. A glob entry (`invoices/templates/*.yaml`)
validates every matching file with the same model. The engine's models are named by import
path so that loading the settings does not import the mail or watch packages early; a job's
come from its `JobSpec.rule_files` (`backoffice_auto.jobspec`), never from an import here.
A rule file that neither the engine nor any job owns is refused by `rules check`.
"""

from __future__ import annotations

import importlib
from typing import Any, Sequence

ENGINE_RULE_FILES: dict[str, str] = {
    "settings.yaml": "backoffice_auto.rules.settings_model:Settings",
    "mail.yaml": "backoffice_auto.mail.rules_model:MailRules",
    "watch.yaml": "backoffice_auto.watch.rules_model:WatchRules",
}


def rule_files(specs: Sequence[Any] | None = None) -> dict[str, Any]:
    """pattern -> "module:Model" (the engine's) or `RuleFile` (a job's) for every owned rule file."""
    from backoffice_auto.jobspec import resolve

    files: dict[str, Any] = dict(ENGINE_RULE_FILES)
    for spec in resolve(specs):
        for rule_file in spec.rule_files:
            if rule_file.pattern in files:
                raise ValueError(f"rule file {rule_file.pattern} is claimed twice (job {spec.name})")
            files[rule_file.pattern] = rule_file
    return files


def model_for(path_key: str, specs: Sequence[Any] | None = None):
    spec = rule_files(specs)[path_key]
    spec = getattr(spec, "model", spec)
    if isinstance(spec, str):
        module_name, _, attr = spec.partition(":")
        return getattr(importlib.import_module(module_name), attr)
    return spec


def __getattr__(name: str) -> Any:
    """`RULE_FILES`: every owned rule file (engine and installed jobs), computed on access."""
    if name == "RULE_FILES":
        return rule_files()
    raise AttributeError(name)
