"""Mutation testing of the pure modules: the share of mutants the tests kill.

Why: line coverage says a line ran, not that a test would notice it going wrong. mutmut
changes one operator, number or name at a time and runs the module's tests; a mutant
that survives is a change no test catches (or an equivalent one, which the closing note
names). Target: at least 90 % killed.

The work happens in a copy of the checkout (mutmut edits files in place), so the working
tree is never touched. Each module runs with its own tests only, hypothesis examples
reduced, xdist off.

    python bench/mutation.py                 # every module below (long: tens of minutes)
    python bench/mutation.py money terms     # some of them
    python bench/mutation.py --list          # the modules and their tests
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: name -> (module paths to mutate, tried in order: the first that exists; test files)
TARGETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "money": (("backoffice_auto/money.py",), ("tests/test_money.py",)),
    "terms": (("backoffice_auto/terms/payment.py", "backoffice_auto/invoices/terms.py"),
              ("tests/test_terms.py",)),
    "allocation": (("backoffice_auto/orders/allocate.py",), ("tests/test_orders_allocation.py",)),
    "payroll-hours": (("backoffice_auto/payroll/hours.py",),
                      ("tests/test_payroll_hours.py", "tests/test_payroll_reference.py", "tests/test_payroll_properties.py")),
    "payroll-pay": (("backoffice_auto/payroll/pay.py",),
                    ("tests/test_payroll_hours.py", "tests/test_payroll_reference.py", "tests/test_payroll_properties.py")),
    "invoice-checks": (("backoffice_auto/invoices/bills/checks.py", "backoffice_auto/invoices/checks.py"),
                       ("tests/test_invoices_bills_checks.py",)),
    "pipeline-claim": (("backoffice_auto/pipeline/claim.py",), ("tests/test_pipeline.py",)),
    "pipeline-recover": (("backoffice_auto/pipeline/recover.py",), ("tests/test_pipeline.py",)),
}


def copy_checkout(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        if name.startswith((".venv", ".ci-venv")):
            continue
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def resolve(target: str, where: Path) -> tuple[str | None, list[str]]:
    modules, tests = TARGETS[target]
    module = next((m for m in modules if (where / m).is_file()), None)
    return module, [t for t in tests if (where / t).is_file()]


def run_target(name: str, copy: Path, timeout: int) -> dict:
    module, tests = resolve(name, copy)
    if module is None or not tests:
        return {"name": name, "error": "module or tests not found"}
    shutil.rmtree(copy / ".mutmut-cache", ignore_errors=True)
    (copy / ".mutmut-cache").unlink(missing_ok=True)
    runner = f"{sys.executable} -m pytest -x -q -p no:cacheprovider -p no:xdist -p no:randomly {' '.join(tests)}"
    env = {**os.environ, "PYTHONPATH": str(copy), "PAYROLL_REFERENCE_EXAMPLES": "60",
           "HYPOTHESIS_PROFILE": "mutation"}
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--paths-to-mutate", module, "--runner", runner,
                    "--tests-dir", "tests", "--CI"], cwd=copy, env=env, capture_output=True, text=True,
                   timeout=timeout)
    results = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=copy, env=env,
                             capture_output=True, text=True).stdout
    counts = _count(results)
    survivors = []
    for ident in _ids(results, "Survived"):
        shown = subprocess.run([sys.executable, "-m", "mutmut", "show", ident], cwd=copy, env=env,
                               capture_output=True, text=True).stdout
        survivors.append((ident, shown.strip()))
    subprocess.run(["git", "checkout", "--", module], cwd=copy, capture_output=True)
    shutil.copy2(ROOT / module, copy / module)  # mutmut leaves the last mutant applied on a timeout
    return {"name": name, "module": module, "seconds": time.monotonic() - started, "survivors": survivors,
            **counts}


def _count(results: str) -> dict:
    counts = {"killed": 0, "survived": 0, "timeout": 0, "suspicious": 0, "skipped": 0}
    for line in results.splitlines():
        m = re.match(r"(Killed|Survived|Timed out|Suspicious|Skipped).*\((\d+)\)", line.strip())
        if m:
            key = {"Timed out": "timeout"}.get(m.group(1), m.group(1).lower())
            counts[key] = int(m.group(2))
    total = sum(counts.values())
    # mutmut 2 lists killed mutants only as a count in its summary: what is not listed was killed
    return counts


def _ids(results: str, section: str) -> list[str]:
    ids, inside = [], False
    for line in results.splitlines():
        if line.startswith(("Survived", "Timed out", "Suspicious", "Skipped", "Killed", "Untested")):
            inside = line.startswith(section)
            continue
        if inside:
            ids.extend(re.findall(r"\b(\d+)\b", line.split(":", 1)[-1]))
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="module names (default: all)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds at most per module")
    parser.add_argument("--report", type=Path, help="write the surviving mutants' diffs here")
    args = parser.parse_args(argv)
    if args.list:
        for name in TARGETS:
            module, tests = resolve(name, ROOT)
            print(f"{name:18} {module}  <- {', '.join(tests)}")
        return 0
    names = args.targets or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown module name(s): {', '.join(unknown)}; see --list")
    rows = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        copy = Path(tmp)
        copy_checkout(copy)
        for name in names:
            print(f"{name}: mutating...", flush=True)
            row = run_target(name, copy, args.timeout)
            rows.append(row)
            if "error" in row:
                print(f"  {row['error']}")
                continue
            tried = row["killed"] + row["survived"] + row["timeout"] + row["suspicious"]
            share = (row["killed"] + row["timeout"]) / tried if tried else 0.0
            print(f"  {row['module']}: {tried} mutants, {row['killed']} killed, {row['timeout']} timed out "
                  f"(counted as killed), {row['survived']} survived, {row['suspicious']} suspicious: "
                  f"{share:.1%} killed in {row['seconds']:.0f} s", flush=True)
    done = [r for r in rows if "error" not in r]
    killed = sum(r["killed"] + r["timeout"] for r in done)
    tried = sum(r["killed"] + r["survived"] + r["timeout"] + r["suspicious"] for r in done)
    share = killed / tried if tried else 0.0
    print(f"\nall: {killed} of {tried} mutants killed: {share:.1%} (target 90 %: ratio {share / 0.9:.2f})")
    if args.report:
        with args.report.open("w", encoding="utf-8") as out:
            for r in done:
                for ident, diff in r["survivors"]:
                    out.write(f"## {r['name']} mutant {ident}\n{diff}\n\n")
        print(f"surviving mutants written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
