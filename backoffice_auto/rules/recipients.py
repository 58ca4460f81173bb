"""Roles named as recipients in any rule file, checked against the roles of rules/mail.yaml.

Jobs address mail by role (`summary_to: [role:payroll_manager]`, `warehouse: role:warehouse`).
A role that rules/mail.yaml does not list is not an error at run time: the mail goes to the
admin role (`mail.routing`), so nothing is lost. But the admin who wrote `role:nobody` meant
someone, so `rules check` names the line. The check reads the files as written (includes
merged) and never makes the rules invalid: the job still runs and the mail still reaches
the admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.rules import registry as _registry
from backoffice_auto.rules.loader import RULES_FOLDER, _list_files, _model, _Reader
from backoffice_auto.rules.problems import RuleProblem

__all__ = ["unknown_roles"]

MAIL_FILE = "mail.yaml"
ROLE_PREFIX = "role:"
MSG_UNKNOWN_ROLE = N_("unknown role '{name}': rules/mail.yaml lists no such role, so this mail would go to the "
                      "admin role")
HINT_UNKNOWN_ROLE = N_("add it under 'roles' in rules/mail.yaml, or use one of: {roles}")


def unknown_roles(workspace_root: Path, registry: Mapping[str, Any] | None = None) -> list[RuleProblem]:
    """One problem for each `role:<name>` written in a rule file (other than mail.yaml, whose
    own model checks its notices) that rules/mail.yaml's `roles` do not list."""
    registry = registry if registry is not None else _registry.rule_files()
    if MAIL_FILE not in registry:
        return []
    files = _list_files(Path(workspace_root) / RULES_FOLDER)
    reader = _Reader(files)
    roles = _mail_roles(reader, files, registry[MAIL_FILE])
    if roles is None:
        return []  # mail.yaml itself is broken: its own problems say so
    problems: dict[tuple[str, int, int], RuleProblem] = {}
    for rel in files:
        if rel == MAIL_FILE:
            continue
        data, positions = reader.resolve(rel)
        for path, name in _role_references(data, ()):
            pos = positions.get(path)
            if name in roles or pos is None:
                continue
            where = (pos.file, pos.value.line, pos.value.col)
            problems.setdefault(where, RuleProblem.make(*where, MSG_UNKNOWN_ROLE, HINT_UNKNOWN_ROLE, name=name,
                                                        roles=", ".join(sorted(roles))))
    return list(problems.values())


def _mail_roles(reader: _Reader, files: Mapping[str, bytes], spec: Any) -> set[str] | None:
    if MAIL_FILE not in files:
        return set(_model(spec)().roles)
    data, _ = reader.resolve(MAIL_FILE)
    if data is None:
        return set(_model(spec)().roles)
    if not isinstance(data, dict):
        return None
    if "roles" not in data:
        return set(_model(spec)().roles)
    roles = data["roles"]
    return {str(name) for name in roles} if isinstance(roles, dict) else None


def _role_references(value: Any, path: tuple):
    """(key path, role name) of every `role:<name>` text inside `value`."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(ROLE_PREFIX) and text[len(ROLE_PREFIX):].strip():
            yield path, text[len(ROLE_PREFIX):].strip()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _role_references(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _role_references(item, path + (index,))
