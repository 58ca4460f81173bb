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
ENGINE_DOMAINS = {"cli", "core", "documents", "mail", "pipeline", "rules"}


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


BOOKS = PACKAGE / "books"
RAW_HANDLES = {"conn", "_conn", "_db", "cursor", "executemany", "executescript"}


def _raw_database_uses(path: Path) -> list[str]:
    """`sqlite3` named, or a connection reached (`x.conn`, `x._db`, `x.cursor()` ...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    label = path.relative_to(ROOT) if ROOT in path.parents else path.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in RAW_HANDLES:
            found.append(f"{label}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "sqlite3":
            found.append(f"{label}:{node.lineno} sqlite3")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(n and n.split(".")[0] == "sqlite3" for n in names):
                found.append(f"{label}:{node.lineno} import sqlite3")
    return found


def test_no_connection_and_no_sqlite3_outside_books():
    """The books' seam: everything else goes through `books.interface` (no raw connection,
    no SQL), so moving the books to another database touches books/ only."""
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if BOOKS not in p.parents]
    uses = [use for path in outside for use in _raw_database_uses(path)]
    assert not uses, "raw database access outside backoffice_auto/books/:\n" + "\n".join(uses)


def test_the_seam_check_sees_a_raw_connection(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlite3\n\ndef f(store):\n    return store.conn.execute('SELECT 1')\n")
    assert sorted(u.split(" ", 1)[1] for u in _raw_database_uses(sample)) == [".conn", "import sqlite3"]
