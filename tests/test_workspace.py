"""The workspace layout, `init`, and the repository root being a workspace itself."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli

from backoffice_auto.workspace import INBOX_FOLDERS, SAMPLES, Workspace


def test_init_lays_out_a_workspace_with_sample_rules(tmp_path: Path):
    result = run_cli("init", str(tmp_path / "new"), check=True)
    root = tmp_path / "new"
    for folder in INBOX_FOLDERS:
        assert (root / "inbox" / folder).is_dir()
    for folder in ("outbox/books", "outbox/mail/pending", "outbox/mail/sent", "outbox/mail/failed", "archive",
                   "failed", ".backoffice"):
        assert (root / folder).is_dir(), folder
    assert (root / "rules" / "settings.yaml").is_file()
    assert "Workspace ready" in result.stderr
    check = run_cli("rules", "check", "-w", str(root))
    assert check.returncode == 0, check.stderr


def test_init_keeps_an_admins_edits(tmp_path: Path):
    workspace = Workspace.at(tmp_path / "ws")
    workspace.init()
    edited = workspace.rules_dir / "settings.yaml"
    edited.write_text("language: cs\n")
    workspace.init()
    assert edited.read_text() == "language: cs\n"


def test_repository_root_is_a_workspace_with_the_sample_rules():
    samples = sorted(p.relative_to(SAMPLES / "rules") for p in (SAMPLES / "rules").rglob("*.yaml"))
    shipped = sorted(p.relative_to(REPO / "rules") for p in (REPO / "rules").rglob("*.yaml"))
    assert shipped == samples
    for rel in samples:
        assert (REPO / "rules" / rel).read_text() == (SAMPLES / "rules" / rel).read_text(), rel
    check = run_cli("rules", "check", "-w", str(REPO))
    assert check.returncode == 0, check.stderr


def test_a_folder_that_is_not_a_workspace_is_a_configuration_error(tmp_path: Path):
    result = run_cli("process", "-w", str(tmp_path))
    assert result.returncode == 2
    assert "not a workspace" in result.stderr


def test_rules_check_names_file_line_col_and_a_suggestion(tmp_path: Path):
    workspace = Workspace.at(tmp_path / "ws")
    workspace.init()
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text("language: en\ncompany:\n  name: Acme\n  contry: CZ\n", encoding="utf-8")
    result = run_cli("rules", "check", "-w", str(workspace.root))
    assert result.returncode == 1
    assert "rules/settings.yaml:4:3: unknown key 'contry' (did you mean 'country'?)" in result.stderr
    as_json = run_cli("rules", "check", "--json", "-w", str(workspace.root))
    assert as_json.returncode == 1
    import json

    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert (document["problems"][0]["line"], document["problems"][0]["col"]) == (4, 3)
    settings.write_text("language: en\ncompany:\n  name: Acme\n  country: CZ\n", encoding="utf-8")
    assert run_cli("rules", "check", "-w", str(workspace.root)).returncode == 0
