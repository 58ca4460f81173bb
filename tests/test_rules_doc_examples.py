"""Every example in docs/rules.md runs: expression examples give their result, YAML examples load.

- the "Examples" table of the Expressions section: each expression is compiled and
  evaluated with the names of its row and must give the result shown;
- every ```yaml block whose first line names its file (`# rules/orders.yaml`) is written
  into a fresh workspace and loaded with the real rule models: `rules check` must be clean;
  the jobs' own tests then evaluate the expressions of those examples (see
  `doc_yaml_examples()`, used by them).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice_auto.rules.expr import compile_expression
from backoffice_auto.rules.loader import load_rules

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def _literal(text: str):
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return date.fromisoformat(text)
    return Decimal(text)


def _context(cell: str) -> dict:
    context: dict = {}
    for name, value in re.findall(r"`([\w.]+) = ([^`]+)`", cell):
        *records, last = name.split(".")
        target = context
        for record in records:
            target = target.setdefault(record, {})
        target[last] = _literal(value)
    return context


def expression_examples() -> list[tuple[str, dict, object]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- section: expressions -->", 1)[1].split("### Examples", 1)[1]
    section = section.split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        rows.append((cells[0].strip("`"), _context(cells[1]), _literal(cells[2].strip("`"))))
    return rows


def doc_yaml_examples() -> list[tuple[str, str]]:
    """(rule file path relative to rules/, text) of every YAML example that names its file."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        first = block.splitlines()[0] if block.strip() else ""
        match = re.match(r"#\s*rules/(\S+\.yaml)\s*$", first)
        if match:
            out.append((match.group(1), block))
    return out


def test_the_doc_has_examples():
    assert len(expression_examples()) >= 8
    assert doc_yaml_examples()


@pytest.mark.parametrize("text,context,expected", expression_examples(),
                         ids=[row[0] for row in expression_examples()])
def test_expression_example_gives_its_result(text, context, expected):
    assert compile_expression(text).evaluate(context) == expected


@pytest.mark.parametrize("rel,block", doc_yaml_examples(), ids=[rel for rel, _ in doc_yaml_examples()])
def test_yaml_example_loads_cleanly(tmp_path, rel, block):
    path = tmp_path / "rules" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block, encoding="utf-8")
    result = load_rules(tmp_path / "rules")
    assert [p.render() for p in result.problems] == []
