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
import shutil
import sqlite3
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
    "allocation": (("backoffice_auto/orders/allocate.py",), ("tests/test_orders_allocation_rules.py", "tests/test_orders_allocation.py")),
    "payroll-hours": (("backoffice_auto/payroll/hours.py",),
                      ("tests/test_payroll_hours_rules.py", "tests/test_payroll_hours.py", "tests/test_payroll_reference.py", "tests/test_payroll_properties.py")),
    "payroll-pay": (("backoffice_auto/payroll/pay.py",),
                    ("tests/test_payroll_pay_lines.py", "tests/test_payroll_hours.py", "tests/test_payroll_reference.py", "tests/test_payroll_properties.py")),
    "invoice-checks": (("backoffice_auto/invoices/bills/checks.py", "backoffice_auto/invoices/checks.py"),
                       ("tests/test_invoices_bills_checks_edges.py", "tests/test_invoices_bills_checks.py",
                        "tests/test_invoices_po_and_parties.py")),
    # claim and recover are driven end to end by subprocess crash tests (test_pipeline.py,
    # test_pipeline_bounds.py: minutes per run); their rules are tested in-process here.
    "pipeline-claim": (("backoffice_auto/pipeline/claim.py",), ("tests/test_pipeline_claim_recover.py",)),
    "pipeline-recover": (("backoffice_auto/pipeline/recover.py",), ("tests/test_pipeline_claim_recover.py",)),
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


def run_target(name: str, copy: Path, timeout: int, extra: list[str], fork_server: bool = True) -> dict:
    module, tests = resolve(name, copy)
    if module is None or not tests:
        return {"name": name, "error": "module or tests not found"}
    shutil.rmtree(copy / ".mutmut-cache", ignore_errors=True)
    (copy / ".mutmut-cache").unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(copy), "PAYROLL_REFERENCE_EXAMPLES": "60",
           "HYPOTHESIS_PROFILE": "mutation", "PYTHONDONTWRITEBYTECODE": "1"}
    pytest_args = ["-x", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *tests]
    server = None
    if fork_server:
        # the libraries imported once, each run a fork (bench/pytest_forkserver.py says why)
        sock = copy / ".pytest-forkserver.sock"
        sock.unlink(missing_ok=True)
        server = subprocess.Popen([sys.executable, "bench/pytest_forkserver.py", "serve", str(sock), "900"],
                                  cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not sock.exists() and server.poll() is None:
            time.sleep(0.1)
        runner = f"{sys.executable} bench/pytest_forkserver.py run {sock} {' '.join(pytest_args)}"
    else:
        # mutmut 2 counts a mutant as killed only when the runner exits 1; a mutant that breaks
        # an import makes pytest exit 2 (collection error). Any failure must count, so the tests
        # run through a wrapper that turns every non-zero exit into 1 (the fork server does too).
        (copy / ".mutation_runner.py").write_text(
            "import subprocess, sys\n"
            "sys.exit(1 if subprocess.call([sys.executable, '-m', 'pytest', *sys.argv[1:]]) else 0)\n",
            encoding="utf-8")
        runner = f"{sys.executable} .mutation_runner.py {' '.join(pytest_args)}"
    started = time.monotonic()
    try:
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--paths-to-mutate", module, "--runner", runner,
                        "--tests-dir", "tests", "--CI", *extra], cwd=copy, env=env, capture_output=True, text=True,
                       timeout=timeout)
    finally:
        if server is not None:
            server.kill()
            server.wait()
    counts, survivors = _from_cache(copy)
    shown = []
    for ident in survivors:
        diff = subprocess.run([sys.executable, "-m", "mutmut", "show", str(ident)], cwd=copy, env=env,
                              capture_output=True, text=True).stdout
        shown.append((ident, diff.strip()))
    shutil.copy2(ROOT / module, copy / module)  # mutmut can leave the last mutant applied on a timeout
    return {"name": name, "module": module, "seconds": time.monotonic() - started, "survivors": shown, **counts}


def _from_cache(copy: Path) -> tuple[dict, list[int]]:
    """Counts by outcome and the surviving mutants' ids, from mutmut's own SQLite cache."""
    con = sqlite3.connect(copy / ".mutmut-cache")
    try:
        rows = con.execute("SELECT id, status FROM Mutant").fetchall()
    finally:
        con.close()
    counts = {"killed": 0, "survived": 0, "timeout": 0, "suspicious": 0, "untested": 0}
    key = {"ok_killed": "killed", "bad_survived": "survived", "bad_timeout": "timeout",
           "ok_suspicious": "suspicious"}
    for _ident, status in rows:
        counts[key.get(status, "untested")] += 1
    return counts, sorted(ident for ident, status in rows if status == "bad_survived")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="module names (default: all)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds at most per module")
    parser.add_argument("--report", type=Path, help="write the surviving mutants' diffs here")
    parser.add_argument("--no-fork-server", action="store_true",
                        help="start pytest afresh for every mutant instead of forking a server that has "
                             "the libraries imported (slower; for checking the server changes nothing)")
    parser.add_argument("--strings", action="store_true",
                        help="mutate string and f-string constants too (off by default: a changed "
                             "message text is caught by tests/errors/, not by the modules' own tests)")
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
            row = run_target(name, copy, args.timeout,
                             [] if args.strings else ["--disable-mutation-types", "string,fstring"],
                             fork_server=not args.no_fork_server)
            rows.append(row)
            if "error" in row:
                print(f"  {row['error']}")
                continue
            tried = row["killed"] + row["survived"] + row["timeout"] + row["suspicious"]
            share = (tried - row["survived"]) / tried if tried else 0.0
            print(f"  {row['module']}: {tried} mutants, {row['killed']} killed, {row['timeout']} timed out and "
                  f"{row['suspicious']} suspicious (counted as killed), {row['survived']} survived, "
                  f"{row['untested']} not run: {share:.1%} killed in {row['seconds']:.0f} s", flush=True)
    done = [r for r in rows if "error" not in r]
    tried = sum(r["killed"] + r["survived"] + r["timeout"] + r["suspicious"] for r in done)
    killed = tried - sum(r["survived"] for r in done)
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
