"""Every key of every rule-file model is documented in docs/rules.md.

Walks the models named in `rules/registry.py` (nested models, lists and dicts of models,
unions) and looks for each YAML key written as `` `key` `` somewhere in the page. Models
that are still stubs simply have no keys to check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backoffice_auto.rules.introspect import walk_keys
from backoffice_auto.rules.registry import RULE_FILES, model_for

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def documented_names() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    names = set()
    for code in re.findall(r"`([^`\n]+)`", text):
        code = code.strip()
        names.add(code)
        # a dotted path `limits.max_rows` documents each of its keys ...
        if re.fullmatch(r"[\w\-]+(\.[\w\-]+)+", code):
            names.update(code.split("."))
        # ... and `key: value` documents its key
        match = re.match(r"([\w\-]+):(\s|$)", code)
        if match:
            names.add(match.group(1))
    return names


@pytest.mark.parametrize("rule_file", sorted(RULE_FILES))
def test_every_key_is_documented(rule_file):
    names = documented_names()
    model = model_for(rule_file)
    missing = sorted({".".join(path + (key,)) for path, key, _ in walk_keys(model) if key not in names})
    assert not missing, f"{rule_file}: keys missing from docs/rules.md: {', '.join(missing)}"


def test_walk_finds_nested_models_in_lists_and_dicts():
    from typing import Optional

    from backoffice_auto.rules.base import StrictModel

    class Leaf(StrictModel):
        deep_key: int = 0

    class Branch(StrictModel):
        leaves: list[Leaf] = []
        by_name: dict[str, Leaf] = {}
        maybe: Optional[Leaf] = None

    keys = {(path, key) for path, key, _ in walk_keys(Branch)}
    assert (("leaves",), "deep_key") in keys
    assert (("by_name",), "deep_key") in keys
    assert (("maybe",), "deep_key") in keys
