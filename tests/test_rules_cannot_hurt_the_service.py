"""Rule files cannot hurt the service (issue 12, item 6), reproduced as found.

Six levels of `&a [*b, *b, ...]` made `rules check` exhaust 4 GB; `{periode}` in
`payment.reference` passed `rules check` and then refused every timesheet with "internal
error"; `{period.__class__.__mro__}` put Python internals into a payment file;
`{number:>1500000000}` allocated 1.5 GB; `(?:\\d|\\d)+X` in a template passed and would take
about 50 hours on a 40-digit reference; the rules watcher caught nothing, so one bad edit
would have stopped the daemon. Real rule files, `rules check` and `watch` as subprocesses
(`rules check` under a 2 GB address-space limit).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.invoices.extract.read import extract_text_invoice
from backoffice_auto.invoices.rules_model import InvoiceTemplate
from backoffice_auto.watch.status import rules_state
from test_watch_support import DaemonProcess, handled, items_csv, no_daemon_left_behind, wait_for

REPO = Path(__file__).resolve().parents[1]
ALIAS_BOMB = (Path(__file__).parent / "errors" / "rules" / "yaml-alias-bomb" / "rules" / "settings.yaml").read_text()
ADDRESS_SPACE = 2 * 1024 ** 3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _rules_check(workspace) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "backoffice_auto", "rules", "check", "-w", str(workspace.root)],
                            capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _set_reference(workspace, reference: str) -> None:
    path = workspace.rules_dir / "payroll.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(\s+reference:).*$", lambda m: f"{m[1]} '{reference}'", text, count=1),
                    encoding="utf-8")


def test_alias_bomb_is_refused_by_rules_check_with_its_place(workspace):
    (workspace.rules_dir / "settings.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    assert ("rules/settings.yaml:5:1: this file makes more than 100000 values (YAML aliases are copied wherever "
            "they are used); it was not read") in result.stdout + result.stderr


@pytest.mark.parametrize("reference, expected", [
    ("Salary {periode}", "unknown placeholder '{periode}' (did you mean '{period}'?)"),
    ("{period.__class__.__mro__}", "reaches into a value (with . or []); templates may only name values"),
    ("{period:>1500000000}", "width 1500000000 in '{period:>1500000000}' is over the limit of 140"),
])
def test_payment_reference_template_is_checked_at_load(workspace, reference, expected):
    _set_reference(workspace, reference)
    result = _rules_check(workspace)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert re.search(r"rules/payroll\.yaml:\d+:\d+: ", output), output
    assert expected in output, output


def test_invoice_number_format_width_is_bounded(workspace):
    path = workspace.rules_dir / "orders.yaml"
    text = path.read_text(encoding="utf-8")
    assert "number_format:" in text
    path.write_text(re.sub(r"(?m)^(\s+number_format:).*$", r"\1 'INV-{number:>1500000000}'", text, count=1),
                    encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    assert "width 1500000000 in 'INV-{number:>1500000000}' is over the limit of 140" in result.stdout + result.stderr


def test_catastrophic_template_pattern_is_refused_at_load(workspace):
    (workspace.rules_dir / "invoices" / "templates" / "probe.yaml").write_text(
        "issuer: Probe\nkeywords: ['Probe']\nfields:\n  invoice_number: '(?:\\d|\\d)+X'\n", encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    assert ("rules/invoices/templates/probe.yaml:4:3: the group (\\d|\\d) is repeated and two of its alternatives "
            "are the same") in result.stdout + result.stderr


def test_a_pattern_that_runs_too_long_on_a_file_refuses_that_file_with_the_reason():
    """A pattern that got past the load checks still cannot hang a job: the time bound refuses the file."""
    template = InvoiceTemplate.model_construct(**{**InvoiceTemplate(issuer="Slow", keywords=["Invoice"]).__dict__,
                                                  "keywords": ["Invoice", r"(\d|\d)+(?=X)"]})
    text = "Invoice\nReference " + "1" * 40 + "\nTotal 100.00 EUR\n"
    with pytest.raises(Refusal) as refused:
        extract_text_invoice(text, "slow.txt", {"slow": template})
    assert [p.render() for p in refused.value.problems] == [
        "the pattern '(\\d|\\d)+(?=X)' of invoice template slow took longer than 2.0 s on this file, so the file "
        "was refused; simplify the pattern in rules/invoices/templates/"]


def test_rules_watcher_survives_hostile_edits_and_keeps_the_last_good_rules(workspace):
    with no_daemon_left_behind():
        daemon = DaemonProcess(workspace, "--stable", "0.3", "--rescan", "1").wait_started()
        good = rules_state(workspace)["in_force_hash"]
        settings = workspace.rules_dir / "settings.yaml"
        payroll = workspace.rules_dir / "payroll.yaml"
        good_settings, good_payroll = settings.read_text(encoding="utf-8"), payroll.read_text(encoding="utf-8")
        settings.write_text(ALIAS_BOMB, encoding="utf-8")
        wait_for(lambda: any(p.startswith("rules/settings.yaml:5:1:") for p in rules_state(workspace)["problems"]),
                 timeout=60, what="the alias bomb reported")
        settings.write_text("language: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
        _set_reference(workspace, "{period.__class__.__mro__}")
        wait_for(lambda: any("nested too deeply" in p for p in rules_state(workspace)["problems"]),
                 timeout=60, what="the deep nesting reported")
        state = rules_state(workspace)
        assert state["state"] == "invalid" and state["in_force_hash"] == good
        assert any(p.startswith("rules/payroll.yaml:") and "reaches into a value" in p for p in state["problems"])
        # work goes on under the last good rules
        items_csv(workspace.inbox / "books" / "during.csv")
        wait_for(lambda: handled(workspace, "during.csv"), timeout=60, what="a job under the last good rules")
        assert handled(workspace, "during.csv")[0]["status"] == "done"
        assert daemon.proc.poll() is None, daemon.stderr()
        settings.write_text(good_settings, encoding="utf-8")
        payroll.write_text(good_payroll, encoding="utf-8")
        wait_for(lambda: rules_state(workspace)["state"] == "ok", timeout=60, what="rules valid again")
        assert daemon.terminate() == 0, daemon.stderr()


def test_deeply_nested_settings_stop_no_command_with_a_traceback(workspace):
    # every command reads settings.yaml first for its language: a plain YAML load of this
    # raised RecursionError before any command could say what was wrong
    (workspace.rules_dir / "settings.yaml").write_text("language: " + "[" * 5000 + "]" * 5000 + "\n",
                                                       encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    assert "rules/settings.yaml:1:1: values are nested too deeply" in result.stderr
    for command in (["process"], ["status"], ["books", "export", "--json"]):
        other = subprocess.run([sys.executable, "-m", "backoffice_auto", *command, "-w", str(workspace.root)],
                               capture_output=True, text=True, timeout=120)
        assert "Traceback" not in other.stderr and "RecursionError" not in other.stderr, (command, other.stderr)


def test_a_number_of_thousands_of_digits_stops_no_command_with_a_traceback(workspace):
    # Python reads at most 4300 digits into an int: PyYAML's ValueError came out of every
    # command (each reads settings.yaml first for its language) as a traceback
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs").replace(
        "max_rows: 1000000", "max_rows: " + "9" * 5000), encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if "max_rows" in text)
    assert result.stderr.splitlines()[1:] == [
        f"rules/settings.yaml:{line}:13: číslo o 5000 číslicích; žádná hodnota pravidel jich nepotřebuje víc než "
        "pár, zapište je kratší"]
    for command, code in ((["process"], 2), (["status"], 0), (["retry", "1"], 2), (["watch"], 2)):
        other = subprocess.run([sys.executable, "-m", "backoffice_auto", *command, "-w", str(workspace.root)],
                               capture_output=True, text=True, timeout=120)
        assert "Traceback" not in other.stderr and other.returncode == code, (command, other.stderr)
        assert "číslo o 5000 číslicích" in other.stderr, (command, other.stderr)


def test_a_rule_file_that_is_a_folder_a_pipe_or_a_dead_link_is_named_and_never_waited_on(workspace):
    # each was skipped without a word: `rules check` said the rules were fine and the jobs ran
    # on their defaults, the admin's rules gone; a FIFO is never opened (it would block)
    orders, payroll = workspace.rules_dir / "orders.yaml", workspace.rules_dir / "payroll.yaml"
    bank = workspace.rules_dir / "bank"
    bank.mkdir(exist_ok=True)
    with no_daemon_left_behind():
        daemon = DaemonProcess(workspace, "--stable", "0.3", "--rescan", "1").wait_started()
        good = rules_state(workspace)["in_force_hash"]
        orders.unlink()
        orders.mkdir()
        payroll.unlink()
        payroll.symlink_to("payroll.yaml")
        os.mkfifo(bank / "csob.yaml")
        wanted = {"rules/bank/csob.yaml:1:1: this is not a regular file (a pipe, a socket or a device); nothing was "
                  "read from it (a rule file is a text file: put the file itself here)",
                  "rules/orders.yaml:1:1: this is a folder, not a rule file; nothing was read from it (a rule file "
                  "is a text file: move the folder away or rename it)",
                  "rules/payroll.yaml:1:1: this is a link that leads to no file (its target is gone, or it leads "
                  "back to itself); nothing was read (point the link at a rule file, or put the file itself here)"}
        wait_for(lambda: set(rules_state(workspace)["problems"]) == wanted, timeout=60, what="the three named")
        assert rules_state(workspace)["in_force_hash"] == good
        items_csv(workspace.inbox / "books" / "during.csv")  # work goes on under the last good rules
        wait_for(lambda: handled(workspace, "during.csv"), timeout=60, what="a job under the last good rules")
        assert handled(workspace, "during.csv")[0]["status"] == "done"
        assert daemon.terminate() == 0, daemon.stderr()
    result = _rules_check(workspace)
    assert result.returncode == 1 and set(result.stderr.splitlines()[1:]) == wanted, result.stderr


def test_a_rule_file_of_many_megabytes_is_refused_unread(workspace):
    orders = workspace.rules_dir / "orders.yaml"
    orders.write_text(orders.read_text(encoding="utf-8") + 'note: "' + "A" * (3 * 1024 * 1024) + '"\n',
                      encoding="utf-8")
    result = _rules_check(workspace)
    assert result.returncode == 1
    assert ("rules/orders.yaml:1:1: the file is over 1024 KB, too big for a rule file; it was not read "
            "(rule files hold settings, not data: keep tables in workbooks)") in result.stderr
