"""Rule values no labour or tax law has (a slip of the keyboard: `125` for `1.25`, `1000` for
`100` %) are refused by `rules check` naming the file, line and bound, before anything is paid
or invoiced with them; values at the bound are still taken."""

from __future__ import annotations

import shutil

import pytest

from backoffice_auto.rules.check import check_rules, format_problems
from backoffice_auto.workspace import SAMPLES

RULE_SET = "rule_sets:\n  shop:\n    {key}: {value}\n"
CASES = [
    ("payroll.yaml", RULE_SET, "overtime_multiplier", "125", "10"),
    ("payroll.yaml", RULE_SET, "double_time_multiplier", "20", "10"),
    ("payroll.yaml", RULE_SET, "weekly_overtime_after", "400", "168"),
    ("payroll.yaml", RULE_SET, "daily_overtime_after", "25", "24"),
    ("payroll.yaml", RULE_SET, "daily_double_time_after", "30", "24"),
    ("payroll.yaml", RULE_SET, "seventh_day_double_after", "48", "24"),
    ("payroll.yaml", RULE_SET, "sunday_percent", "5000", "500"),
    ("payroll.yaml", RULE_SET, "holiday_percent", "100000", "500"),
    ("payroll.yaml", "rule_sets:\n  shop:\n    night:\n      {key}: {value}\n", "percent", "1000", "500"),
    ("payroll.yaml", "rule_sets:\n  shop:\n    auto_break:\n      {key}: {value}\n", "after_hours", "60", "24"),
    ("payroll.yaml", "{key}: {value}\n", "standard_hours_per_week", "400", "168"),
    ("orders.yaml", "invoicing:\n  {key}: {value}\n", "default_tax_rate", "210", "100"),
]


@pytest.mark.parametrize("name, template, key, value, bound", CASES, ids=[c[2] for c in CASES])
def test_an_implausible_value_is_refused_and_the_bound_is_taken(tmp_path, name, template, key, value, bound):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_text(template.format(key=key, value=value), encoding="utf-8")
    (problem,) = check_rules(tmp_path)
    line = template.format(key=key, value=value).splitlines().index(
        next(l for l in template.format(key=key, value=value).splitlines() if key in l)) + 1
    assert problem.render().startswith(f"rules/{name}:{line}:")
    assert problem.render().endswith(f"'{key}' must be at most {bound}, not {value}")
    assert format_problems([problem], language="cs").endswith(f"'{key}' smí být nejvýše {bound}, ne {value}")
    (rules / name).write_text(template.format(key=key, value=bound), encoding="utf-8")
    assert check_rules(tmp_path) == []


def test_the_sample_rules_stay_within_the_bounds(tmp_path):
    shutil.copytree(SAMPLES / "rules", tmp_path / "rules")
    assert check_rules(tmp_path) == []
