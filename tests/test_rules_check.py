"""`rules check`: what the command prints, as text and JSON, for a bad and a valid tree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from backoffice_auto.rules.check import check_rules, format_problems
from backoffice_auto.workspace import SAMPLES, Workspace

REPO = Path(__file__).resolve().parents[1]


def test_sample_rules_are_valid():
    assert check_rules(SAMPLES) == []


def test_new_workspace_rules_are_valid(tmp_path):
    Workspace.at(tmp_path).init()
    assert format_problems(check_rules(tmp_path)) == ""


def test_repository_root_rules_are_valid():
    # The repository root is itself a workspace: its rules/ must pass `rules check`.
    assert check_rules(REPO) == []


def test_text_output_is_one_problem_a_line(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("company:\n  nme: x\nlanguage: de\n")
    text = format_problems(check_rules(tmp_path))
    assert text.splitlines() == [
        "rules/settings.yaml:2:3: unknown key 'nme' (did you mean 'name'?)",
        "rules/settings.yaml:3:11: 'language' must be one of 'en', 'cs', 'pl', 'es', 'fr', not 'de'",
    ]


def test_json_output(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("company:\n  nme: x\n")
    document = json.loads(format_problems(check_rules(tmp_path), json=True))
    assert document == {"ok": False, "problems": [{
        "file": "rules/settings.yaml", "line": 2, "col": 3,
        "message": "unknown key 'nme'", "hint": "did you mean 'name'?"}]}
    assert json.loads(format_problems([], json=True)) == {"ok": True, "problems": []}


def test_sample_tree_with_one_typo(tmp_path):
    shutil.copytree(SAMPLES / "rules", tmp_path / "rules")
    path = tmp_path / "rules" / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntimezone:", "\ntimezon:"), encoding="utf-8")
    (problem,) = check_rules(tmp_path)
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("timezone:"))) + 1
    assert problem.render() == (f"rules/settings.yaml:{line}:1: unknown key 'timezon' "
                                "(did you mean 'timezone'?)")


def test_problems_render_in_the_admins_language(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("company:\n  nme: x\n")
    problems = check_rules(tmp_path)
    assert format_problems(problems, language="cs") == (
        "rules/settings.yaml:2:3: neznámý klíč 'nme' (mysleli jste 'name'?)")
    document = json.loads(format_problems(problems, json=True, language="fr"))
    assert document["problems"][0]["message"] == "clé inconnue 'nme'"


def test_an_unknown_recipient_role_is_named_by_check_and_the_rules_still_run(tmp_path):
    """`summary_to: [role:nobody]` passed `rules check`; its mail silently went to the admin role.
    Now check names the line (in an included file too); the rules still load, so the job runs
    and the mail still reaches the admin."""
    from backoffice_auto.rules.loader import RULES_FOLDER, load_rules

    Workspace.at(tmp_path).init()
    rules = tmp_path / RULES_FOLDER
    payroll = rules / "payroll.yaml"
    text = payroll.read_text(encoding="utf-8")
    assert "\nsummary_to:\n  - role:payroll_manager\n" in text
    payroll.write_text(text.replace("\nsummary_to:\n  - role:payroll_manager\n",
                                    "\nsummary_to:\n  - role:payroll_manager\n  - role:nobody\n"), encoding="utf-8")
    problems = check_rules(tmp_path)
    assert [(p.file, p.col, p.params["name"]) for p in problems] == [("rules/payroll.yaml", 5, "nobody")]
    assert problems[0].text("cs").startswith("neznámá role 'nobody'")
    assert load_rules(rules).rules is not None
