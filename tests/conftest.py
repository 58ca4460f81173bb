"""Shared fixtures: real workspaces on temp folders, real workbooks, the real command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from openpyxl import Workbook

from backoffice_auto.workspace import Workspace

from corpus_support import CORPUS  # noqa: F401 (re-exported for tests that import it from here)

REPO = Path(__file__).resolve().parents[1]

# Outside a workspace the command line speaks the system locale's language: the tests expect
# English there unless they name another locale themselves, whatever the machine's LANG.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

# `bench/mutation.py` runs the tests once per mutant: fewer examples there.
hypothesis_settings.register_profile("mutation", max_examples=25, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture
def _corpus_missing_in_ci():
    """Used by `corpus_support.needs_corpus` in CI: a missing corpus fails, never skips."""
    pytest.fail(f"the shared corpus is missing at {CORPUS}, and CI must test against it")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.at(tmp_path / "ws")
    ws.init()
    return ws


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A real .xlsx written with openpyxl: {sheet title: rows (first row = headers)}."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """`xlsx_bytes` written to `path` (folders made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes(sheets))
    return path


def run_cli(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """The real command line, run in this process through click's runner (fast: no interpreter
    start-up); exit code, stdout and stderr as a subprocess would give them."""
    from click.testing import CliRunner

    from backoffice_auto.cli import cli

    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    completed = subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
    if check and completed.returncode != 0:
        raise AssertionError(f"exit {completed.returncode}\nstdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return completed


def run_cli_process(*args: str, env: dict | None = None, cwd: Path | None = None, check: bool = False,
                    timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command line in its own process (`python -m backoffice_auto ...`), for tests
    that kill it."""
    full_env = dict(os.environ)
    full_env.pop("BACKOFFICE_CRASH_AT", None)
    full_env.update(env or {})
    result = subprocess.run([sys.executable, "-m", "backoffice_auto", *args], capture_output=True, text=True,
                            env=full_env, cwd=cwd, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def cli_json(*args: str, **kwargs):
    result = run_cli(*args, "--json", **kwargs)
    return result.returncode, json.loads(result.stdout)


def set_workspace_language(workspace, language: str) -> None:
    """The workspace's `language` in rules/settings.yaml set to `language` (the sample says `en`)."""
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                        encoding="utf-8")
