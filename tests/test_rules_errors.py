"""Every user-facing rules message, from a small bad input, is exactly the expected text.

The cases live in tests/errors/rules/ (see its README.md). `UPDATE_EXPECTED=1` writes
missing or changed expected files instead of failing; read them before committing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice_auto.rules.check import check_rules, format_problems
from backoffice_auto.rules.expr import ExpressionError, compile_expression
from backoffice_auto.rules.exprtypes import Condition, Formula

CASES = Path(__file__).parent / "errors" / "rules"
UPDATE = os.environ.get("UPDATE_EXPECTED") == "1"

FILE_CASES = sorted(p for p in CASES.iterdir() if (p / "rules").is_dir())
EXPRESSION_CASES = sorted(p for p in (CASES / "expressions").iterdir() if p.is_dir())


def compare(case: Path, actual: str) -> None:
    expected_path = case / "expected.txt"
    if UPDATE and (not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual + "\n"):
        expected_path.write_text(actual + "\n", encoding="utf-8")
    assert expected_path.exists(), f"{case.name}: no expected.txt (run with UPDATE_EXPECTED=1)"
    assert actual == expected_path.read_text(encoding="utf-8").rstrip("\n")


def case_registry(case: Path):
    """The real registry, or the probe models a case names in its registry.txt."""
    if not (case / "registry.txt").exists():
        return None
    module = sys.modules.get("rules_probe_models")
    if module is None:
        spec = importlib.util.spec_from_file_location("rules_probe_models", CASES / "probe_models.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["rules_probe_models"] = module  # pydantic resolves annotations through it
        spec.loader.exec_module(module)
    registry = {}
    for line in (case / "registry.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            pattern, _, name = line.partition(":")
            registry[pattern.strip()] = getattr(module, name.strip())
    return registry


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda p: p.name)
def test_rule_file_message(case):
    problems = check_rules(case, case_registry(case))
    assert problems, f"{case.name}: the bad input was accepted"
    compare(case, format_problems(problems))


def expression_outcome(case: Path) -> str:
    text = (case / "expression.txt").read_text(encoding="utf-8")
    names = None
    if (case / "names.txt").exists():
        names = (case / "names.txt").read_text(encoding="utf-8").split()
    context = {}
    if (case / "context.json").exists():
        context = json.loads((case / "context.json").read_text(encoding="utf-8"), parse_float=Decimal)
    kind = (case / "kind.txt").read_text(encoding="utf-8").strip() if (case / "kind.txt").exists() else ""
    try:
        if kind == "condition":
            Condition.compile(text, names).holds(context)
        elif kind == "formula":
            Formula.compile(text, names).value(context)
        else:
            compile_expression(text, names).evaluate(context)
    except ExpressionError as error:
        return f"col {(error.offset or 0) + 1}: {error}"
    return "accepted"


@pytest.mark.parametrize("case", EXPRESSION_CASES, ids=lambda p: p.name)
def test_expression_message(case):
    outcome = expression_outcome(case)
    assert outcome != "accepted", f"{case.name}: the bad expression was accepted"
    compare(case, outcome)


def test_every_rules_msgid_has_a_case():
    """Each message of the rules package appears in some expected.txt (new messages need a case)."""
    import re

    from backoffice_auto.i18n.extract import extract

    uses, _ = extract()
    expected = "\n".join(p.read_text(encoding="utf-8") for p in CASES.rglob("expected.txt"))
    missing = []
    for use in uses:
        if "backoffice_auto/rules/" not in str(use.where(Path.cwd())).replace("\\", "/"):
            continue
        pattern = re.escape(use.msgid)
        pattern = re.sub(r"\\\{\w+\\\}", ".*", pattern)
        if not re.search(pattern, expected):
            missing.append(use.msgid)
    uncovered = sorted(set(missing) - KNOWN_UNCOVERED)
    assert not uncovered, "messages without a case in tests/errors/rules:\n" + "\n".join(uncovered)


# Messages no small input can reach: guards for states the checks before them prevent.
KNOWN_UNCOVERED = {
    "unsupported YAML node",  # the safe composer only makes scalars, sequences and mappings
    "expression took too long to evaluate",  # no loops: a safety net, not reachable in 0.25 s
    "an expression must be text",  # ExprStr turns YAML numbers and booleans into text first
    "cannot evaluate: {detail}",  # last resort for an unforeseen Python error
    "date out of range",  # add_days() bounds n to 100,000 days first... except near year 9999
    "includes nested more than {limit} deep",  # would need 17 files
    "'{construct}' is not allowed in an expression",  # every other construct has its own message
    "'{key}' is not valid: {detail}",  # pydantic error types without a message of their own
    # a file over 1 MB is no small input: test_rules_cannot_hurt_the_service makes one
    "the file is over {limit_kb} KB, too big for a rule file; it was not read",
    "rule files hold settings, not data: keep tables in workbooks",
    # a FIFO cannot be kept in git: test_rules_cannot_hurt_the_service makes one
    "this is not a regular file (a pipe, a socket or a device); nothing was read from it",
    "a rule file is a text file: put the file itself here",
}
