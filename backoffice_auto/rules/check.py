"""`backoffice-auto rules check`: every problem of every rule file, as text or JSON.

The command (in cli.py) prints `format_problems(...)` and exits 1 when the list is not
empty. Text goes one problem a line in the `file:line:col: message (hint)` form editors
and CI understand; JSON is `{"ok": bool, "problems": [{file, line, col, message, hint}]}`.
"""

from __future__ import annotations

import json as _json
from pathlib import Path
from typing import Any, Iterable, Mapping

from backoffice_auto.rules.loader import RULES_FOLDER, load_rules
from backoffice_auto.rules.problems import RuleProblem
from backoffice_auto.rules.recipients import unknown_roles


def check_rules(workspace_root: Path, registry: Mapping[str, Any] | None = None) -> list[RuleProblem]:
    """Problems of the workspace's `rules/` folder, in file and line order (empty: valid).

    Beside what makes the rules invalid, a recipient role that rules/mail.yaml does not list
    (`recipients.unknown_roles`): the rules still run with it, its mail going to the admin."""
    problems = load_rules(Path(workspace_root) / RULES_FOLDER, registry).problems + unknown_roles(
        workspace_root, registry)
    return sorted(problems, key=lambda p: (p.file, p.line, p.col))


def format_problems(problems: Iterable[RuleProblem], json: bool = False, language: str = "en") -> str:
    problems = list(problems)
    if json:
        return _json.dumps({"ok": not problems,
                            "problems": [p.as_json(language) for p in problems]},
                           ensure_ascii=False, indent=2)
    return "\n".join(p.render(language) for p in problems)
