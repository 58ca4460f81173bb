"""A line of `.backoffice/log.jsonl` cut short (power lost, disk full in the middle of a
write) costs that line only: the next run's events each stand on their own line, and the
log's reader skips the torn line whatever its bytes.

Regression: the next writer glued its event onto the torn line (both lost to `jq` and to
`read_events`), and a torn line ending inside a multi-byte character (a Czech file name cut
in two) or in the zeros a file system leaves after a crash stopped the reader with a
UnicodeDecodeError.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli_process
from backoffice_auto.eventlog import log_event, read_events

TORN = {
    "cut in a character": '{"ts": "2026-12-01T08:00:00.000Z", "event": "job.done", "file": "Objedn'.encode()
                          + "á".encode("utf-8")[:1],
    "zeros after a crash": b'{"ts": "2026-12-01T08:00:00.000Z", "ev' + b"\0" * 64,
    "cut after a key": b'{"ts": "2026-12-01T08:00:00.000Z", "event": ',
}


def whole_lines(path) -> list[dict]:
    """Every line of the log but the torn one, each a JSON object on its own."""
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"", "the log ends with a newline"
    parsed = []
    for raw in lines[:-1]:
        try:
            parsed.append(json.loads(raw.decode("utf-8")))
        except ValueError:
            continue
    return parsed


@pytest.mark.parametrize("torn", list(TORN.values()), ids=list(TORN))
def test_an_event_after_a_torn_line_starts_a_line_of_its_own_and_the_reader_skips_the_torn(tmp_path, torn):
    log = tmp_path / "log.jsonl"
    log_event(log, "before", file="Přijaté faktury.xlsx")
    with open(log, "ab") as handle:
        handle.write(torn)
    log_event(log, "after", file="Objednávka.xlsx")
    assert [e["event"] for e in read_events(log)] == ["before", "after"]
    assert [e["event"] for e in whole_lines(log)] == ["before", "after"]
    assert read_events(log, "after")[0]["file"] == "Objednávka.xlsx"


def test_a_real_run_after_a_torn_log_line_logs_each_event_whole(workspace):
    """`process` (its own process) and `status` on a workspace whose log was cut mid-line."""
    (workspace.inbox / "orders" / "note.txt").write_text("not an order sheet\n", encoding="utf-8")
    workspace.log_path.parent.mkdir(parents=True, exist_ok=True)
    workspace.log_path.write_bytes(TORN["cut in a character"])
    result = run_cli_process("process", "-w", str(workspace.root), "--stable", "0", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)[0]["status"] == "refused"
    events = read_events(workspace)
    assert events and whole_lines(workspace.log_path) == events
    assert any(e.get("file", "").endswith("note.txt") for e in events), events
    status = run_cli_process("status", "-w", str(workspace.root), "--json")
    assert status.returncode == 0 and "Traceback" not in status.stderr, status.stderr
    json.loads(status.stdout)
