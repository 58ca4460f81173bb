"""The architecture's boundaries, checked: import contracts (import-linter, `.importlinter`),
every gettext domain owned by the engine or a job's spec, module and function sizes."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from backoffice_auto.jobspec import installed_specs

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "backoffice_auto"
ENGINE_DOMAINS = {"core", "documents", "mail", "pipeline", "rules"}


def test_import_contracts_hold():
    """Engine imports no job; no job imports another; only books/ imports sqlite3; mail below watch."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--config", str(ROOT / ".importlinter")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_gettext_domain_is_owned_by_the_engine_or_a_job():
    owned = set(ENGINE_DOMAINS)
    for spec in installed_specs():
        assert not owned & set(spec.domains), f"{spec.name} claims a domain someone else owns"
        owned |= set(spec.domains)
    found = {p.stem for p in (PACKAGE / "i18n" / "locale").glob("*/LC_MESSAGES/*.po")}
    assert found <= owned, f"domains no job declares: {sorted(found - owned)}"


def test_every_job_is_a_package_with_one_spec():
    for spec in installed_specs():
        package = PACKAGE / spec.package.split(".")[-1]
        assert (package / "spec.py").is_file(), spec.name
        assert spec.package == f"backoffice_auto.{spec.name}"


MAX_MODULE_BYTES = 30 * 1024
MAX_FUNCTION_LINES = 80


def test_no_module_over_30_kb():
    big = {str(p.relative_to(ROOT)): p.stat().st_size for p in PACKAGE.rglob("*.py")
           if p.stat().st_size > MAX_MODULE_BYTES}
    assert not big, f"modules over 30 KB (split them by purpose): {big}"


def _long_functions_without_reason(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES and not ast.get_docstring(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_over_80_lines_without_a_docstring_saying_why():
    long = [item for path in sorted(PACKAGE.rglob("*.py")) for item in _long_functions_without_reason(path)]
    assert not long, "functions over 80 lines need a docstring saying why:\n" + "\n".join(long)
