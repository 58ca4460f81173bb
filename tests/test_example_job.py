"""A job added only through its spec (tests/example_job.py) runs end to end: `process`,
`rules check` and `status` know it, and without its spec its rule file is nobody's."""

from __future__ import annotations

from pathlib import Path

from backoffice_auto.books.store import Store
from backoffice_auto.jobspec import installed_specs
from backoffice_auto.pipeline.runner import Pipeline

import example_job
from conftest import cli_json, run_cli

WITH_TALLY = {"BACKOFFICE_EXTRA_JOBS": "example_job:spec"}


def _drop(workspace, name: str, text: str) -> Path:
    path = workspace.inbox / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_job_runs_end_to_end_through_process(workspace):
    (workspace.rules_dir / "tally.yaml").write_text("max_count: 50\nreport_name: totals.txt\n", encoding="utf-8")
    first = _drop(workspace, "monday.tally", "apples: 3\npears: 2\napples: 4\n")
    code, [result] = cli_json("process", str(first), "-w", str(workspace.root), env=WITH_TALLY)
    assert code == 0 and result["status"] == "done" and result["kind"] == "tally", result
    [report] = [o for o in result["outputs"] if o.endswith("totals.txt")]
    assert (workspace.root / report).read_text(encoding="utf-8") == "apples: 7\npears: 2\n"
    bad = _drop(workspace, "tuesday.tally", "apples: 3\nplums: 99\n")
    code, [refused] = cli_json("process", str(bad), "-w", str(workspace.root), env=WITH_TALLY)
    assert code == 1 and refused["status"] == "refused"
    assert refused["messages"][0]["where"] == "tuesday.tally:2"
    store = Store(workspace.db_path, installed_specs() + (example_job.spec,))
    assert [r["total"] for r in store.read().rows("tallies")] == [7, 2]
    store.close()


def test_rules_check_and_status_know_the_example_job(workspace):
    (workspace.rules_dir / "tally.yaml").write_text("max_count: 5\n", encoding="utf-8")
    assert run_cli("rules", "check", "-w", str(workspace.root), env=WITH_TALLY).returncode == 0
    (workspace.rules_dir / "tally.yaml").write_text("max_cont: 5\n", encoding="utf-8")
    checked = run_cli("rules", "check", "-w", str(workspace.root), env=WITH_TALLY)
    assert checked.returncode == 1 and "rules/tally.yaml:1:1: unknown key 'max_cont'" in checked.stderr
    (workspace.rules_dir / "tally.yaml").write_text("max_count: 5\n", encoding="utf-8")
    _drop(workspace, "w.tally", "figs: 1\n")
    assert cli_json("process", "-w", str(workspace.root), env=WITH_TALLY)[0] == 0
    code, status = cli_json("status", "-w", str(workspace.root), env=WITH_TALLY)
    assert {"job": "tally", "kinds": ["tally"], "rule_files": ["tally.yaml"]} in status["installed"]
    assert [job["kind"] for job in status["recent"]] == ["tally"]


def test_rules_check_refuses_a_rule_file_no_job_owns(workspace):
    (workspace.rules_dir / "tally.yaml").write_text("max_count: 5\n", encoding="utf-8")
    checked = run_cli("rules", "check", "-w", str(workspace.root))  # the tally job is not installed
    assert checked.returncode == 1
    assert "rules/tally.yaml:1:1: unknown rule file 'rules/tally.yaml'" in checked.stderr
    (workspace.rules_dir / "tally.yaml").unlink()
    (workspace.rules_dir / "order.yaml").write_text("allocation: {}\n", encoding="utf-8")
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"),
                        encoding="utf-8")
    checked = run_cli("rules", "check", "-w", str(workspace.root))
    assert checked.returncode == 1
    assert "rules/order.yaml:1:1: neznámý soubor pravidel 'rules/order.yaml' (mysleli jste orders.yaml?)" \
        in checked.stderr


def test_a_pipeline_takes_extra_specs_directly(workspace):
    pipeline = Pipeline(workspace, specs=installed_specs() + (example_job.spec,))
    [result] = pipeline.process_paths([_drop(workspace, "d.tally", "kiwis: 2\n")])
    assert result.status == "done" and result.kind == "tally"
    assert pipeline.store.read().get("tallies", "kiwis")["total"] == 2
    pipeline.close()
