"""A file name with a line break or a right-to-left override is shown on one line, in its
own order, wherever a person reads it: `process`'s console, `status`, the refused file's
report and its notice mail; the JSON keeps the name as it is on disk.

Regression: `new\\nline.txt` split `process`'s result, its message and `status`'s lines in
two (the second half, `line.txt: no handler takes...`, read as a line of its own), and
`rtl\\u202etxt.exe` was printed with its override, so a terminal or a mail reader showed
`rtlexe.txt`: a program passed off as a text file. The heading of the report was cleaned;
its problem lines, the console and status were not.
"""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default

from conftest import run_cli_process

NAMES = {"new\nline.txt": "new line.txt", "rtl\u202etxt.exe": "rtl txt.exe", "tab\there.txt": "tab here.txt"}
HIDDEN = ("\u202e", "\t")


def _assert_one_line_each(text: str) -> None:
    assert not any(mark in text for mark in HIDDEN), repr(text)
    assert not any(line.startswith(("line.txt", "here.txt")) for line in text.splitlines()), text


def test_hostile_names_are_shown_on_one_line_and_the_json_keeps_them(workspace):
    for name in NAMES:
        (workspace.inbox / "orders" / name).write_text("not an order sheet, words only\n", encoding="utf-8")
    shown = run_cli_process("process", "-w", str(workspace.root), "--stable", "0")
    assert shown.returncode == 1 and "Traceback" not in shown.stderr, shown.stderr
    _assert_one_line_each(shown.stderr)
    for clean in NAMES.values():
        assert f"{clean}: " in shown.stderr, shown.stderr
    status = run_cli_process("status", "-w", str(workspace.root))
    _assert_one_line_each(status.stderr)
    assert all(clean in status.stderr for clean in NAMES.values()), status.stderr
    reports = [p.read_text(encoding="utf-8") for p in workspace.failed.glob("*.error.txt")]
    assert len(reports) == len(NAMES)
    for report in reports:
        _assert_one_line_each(report)
    mails = [message_from_bytes(p.read_bytes(), policy=default) for p in workspace.mail_pending.glob("*.eml")]
    assert mails
    for mail in mails:
        _assert_one_line_each(mail.get_body(("plain",)).get_content())
    refused = json.loads(run_cli_process("retry", "1", "-w", str(workspace.root), "--json").stdout)
    assert refused["file"] in {f"inbox/orders/{n}" for n in NAMES}, refused  # the JSON: the name on disk
