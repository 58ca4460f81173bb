"""The sender loop against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from click.testing import CliRunner

from backoffice_auto.eventlog import read_events
from backoffice_auto.mail.cli import mail_group
from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.sender import backoff_delay, send_pending
from backoffice_auto.mail.spool import held_folder, spool_messages
from backoffice_auto.mail.status import mail_counts
from backoffice_auto.workspace import Workspace
from hypothesis import given, strategies as st
from test_mail_support import SmtpServer, free_port, rules


def _ws(tmp_path) -> Workspace:
    ws = Workspace.at(tmp_path / "ws")
    ws.ensure()
    return ws


def _msg(to: str = "a@example.com", key: str = "") -> MailMessage:
    return MailMessage(to=(to,), subject="Report", html="<p>x</p>", text="x", key=key)


def test_no_host_mail_waits_in_pending(tmp_path):
    ws = _ws(tmp_path)
    spool_messages(ws, [_msg()], "J1", rules())
    report = send_pending(ws, rules(), env={})
    assert report.waiting == "no-host"
    assert mail_counts(ws)["pending"] == 1


def test_sent_once_then_moved(tmp_path):
    ws = _ws(tmp_path)
    server = SmtpServer().start()
    try:
        spool_messages(ws, [_msg("a@example.com"), _msg("role:sales_manager")], "J1", rules())
        report = send_pending(ws, rules(), env=server.env())
        assert len(report.sent) == 3 and report.waiting is None
        again = send_pending(ws, rules(), env=server.env())
        assert again.sent == []
        assert sorted(r[0] for _, r, _ in server.inbox.messages) == ["a@example.com", "boss@example.com", "sales@example.com"]
        assert server.inbox.messages[0][0] == "robot@example.com"
        counts = mail_counts(ws)
        assert (counts["pending"], counts["sent"], counts["failed"]) == (0, 3, 0)
        assert len(read_events(ws, "mail_sent")) == 3
    finally:
        server.stop()


def test_server_down_nothing_lost_sent_once_when_back(tmp_path):
    ws = _ws(tmp_path)
    server = SmtpServer()
    spool_messages(ws, [_msg(key=str(i)) for i in range(5)], "J1", rules())
    for _ in range(5):  # down: every pass waits, no message loses a try
        report = send_pending(ws, rules(), env=server.env())
        assert report.waiting == "unavailable"
    assert mail_counts(ws)["pending"] == 5 and mail_counts(ws)["retrying"] == 0
    server.start()
    try:
        assert len(send_pending(ws, rules(), env=server.env()).sent) == 5
        assert len(set(server.inbox.ids())) == len(server.inbox.ids()) == 5
    finally:
        server.stop()


def test_redone_job_copy_is_not_sent_twice(tmp_path):
    ws = _ws(tmp_path)
    server = SmtpServer().start()
    try:
        spool_messages(ws, [_msg()], "J1", rules())
        send_pending(ws, rules(), env=server.env())
        spool_messages(ws, [_msg()], "J1", rules())  # the same job's mail spooled again
        report = send_pending(ws, rules(), env=server.env())
        assert report.sent == [] and len(report.dropped) == 1
        assert len(server.inbox.messages) == 1
    finally:
        server.stop()


def test_permanent_refusal_fails_at_once_temporary_after_last_retry(tmp_path):
    ws = _ws(tmp_path)
    server = SmtpServer().start()
    server.inbox.refuse.add("gone@example.com")
    server.inbox.tempfail.add("busy@example.com")
    r = rules()
    try:
        spool_messages(ws, [_msg("gone@example.com"), _msg("busy@example.com"), _msg("ok@example.com")], "J1", r)
        first = send_pending(ws, r, env=server.env())
        assert len(first.failed) == 1 and len(first.retrying) == 1 and len(first.sent) == 1
        assert mail_counts(ws)["retrying"] == 1
        for _ in range(50):
            if mail_counts(ws)["pending"] == 0:
                break
            time.sleep(0.05)
            send_pending(ws, r, env=server.env())
        counts = mail_counts(ws)
        assert (counts["pending"], counts["failed"], counts["sent"]) == (0, 2, 1)
        assert all(f["error"] for f in counts["failed_files"])
        failed = read_events(ws, "mail_failed")
        assert len(failed) == 2 and {e["attempts"] for e in failed} == {1, 3}
    finally:
        server.stop()


@given(st.integers(1, 40), st.floats(0.01, 100), st.floats(1, 10_000), st.floats(0, 0.999))
def test_backoff_grows_and_is_capped(attempt, first, maximum, r):
    d = backoff_delay(attempt, first, maximum, lambda: r)
    base = min(maximum, first * 2 ** (attempt - 1))
    assert base * 0.5 <= d <= base


def test_mail_send_cli_flushes(tmp_path, monkeypatch):
    ws = _ws(tmp_path)
    spool_messages(ws, [_msg()], "J1", rules())
    runner = CliRunner()
    res = runner.invoke(mail_group, ["send", "-w", str(ws.root), "--json"], env={"BACKOFFICE_SMTP_HOST": ""})
    assert res.exit_code == 0 and '"pending": 1' in res.output
    server = SmtpServer().start()
    try:
        res = runner.invoke(mail_group, ["send", "-w", str(ws.root), "--json"], env=server.env())
        assert res.exit_code == 0, res.output
        assert '"sent": 1' in res.output and len(server.inbox.messages) == 1
    finally:
        server.stop()


SENDER_SCRIPT = """
import sys, time
sys.path.insert(0, {tests!r})
from backoffice_auto.mail.sender import send_pending
from backoffice_auto.workspace import Workspace
from test_mail_support import rules
ws = Workspace.at({root!r})
env = {{"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": {port!r}, "BACKOFFICE_SMTP_SECURITY": "none"}}
r = rules(retry={{"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2, "after_crash": {policy!r}}})
print("ready", flush=True)
while True:
    send_pending(ws, r, env=env)
    time.sleep(0.02)
"""


def _kill_senders_mid_session(ws, server, policy: str) -> list[int]:
    """Start a sending process four times and SIGKILL it mid-session each time."""
    script = SENDER_SCRIPT.format(tests=os.path.dirname(__file__), root=str(ws.root), port=str(server.port),
                                  policy=policy)
    killed_at = []
    for delay in (0.02, 0.05, 0.03, 0.01):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        killed_at.append(len(server.inbox.messages))
    assert killed_at[-1] < 100, "the kills must land while messages are still being sent"
    return killed_at


def test_sigkill_during_sending_no_loss_at_most_the_message_in_flight_again(tmp_path):
    """Kill a sending process mid-session four times; restart; nothing is lost.

    With `retry.after_crash: resend` the only message that may arrive twice is the one in
    flight at the kill (the server had it but our process died before reading "250 OK":
    RFC 1047's window), and it arrives with the same Message-ID, so mail clients show it once.
    """
    ws = _ws(tmp_path)
    r = rules(retry={"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2, "after_crash": "resend"})
    spool_messages(ws, [_msg(key=str(i)) for i in range(100)], "J1", r)
    server = SmtpServer(free_port()).start()
    try:
        killed_at = _kill_senders_mid_session(ws, server, "resend")
        report = send_pending(ws, r, env=server.env())
        assert report.waiting is None
        ids = server.inbox.ids()
        assert len(set(ids)) == 100  # no loss
        assert len(ids) - 100 <= len(killed_at)  # at most one repeat per kill
        # every repeat was announced in the log as a message in flight at the crash
        assert len(ids) - 100 <= len(read_events(ws, "mail.in_flight_at_crash"))
        assert mail_counts(ws)["sent"] == 100
    finally:
        server.stop()


def test_sigkill_during_sending_by_default_never_twice_the_one_in_flight_held(tmp_path):
    """The default (`hold`): four SIGKILLs mid-session, then a normal pass. No message
    arrives twice; every message is in `sent/` except those in flight at a kill, which
    are in `held/` (each named in the log), and nothing else is missing."""
    ws = _ws(tmp_path)
    spool_messages(ws, [_msg(key=str(i)) for i in range(100)], "J1", rules())
    server = SmtpServer(free_port()).start()
    try:
        killed_at = _kill_senders_mid_session(ws, server, "hold")
        report = send_pending(ws, rules(), env=server.env())
        assert report.waiting is None
        ids = server.inbox.ids()
        assert len(ids) == len(set(ids))  # never twice
        counts = mail_counts(ws)
        held = {item["file"] for item in counts["held_files"]}
        assert counts["sent"] + counts["held"] == 100 and counts["pending"] == 0
        assert counts["held"] <= len(killed_at)
        assert held == {e["file"] for e in read_events(ws, "mail.in_flight_at_crash")}
        assert 100 - len(ids) <= counts["held"]  # only a held message can be missing
        assert not (ws.state_dir / "mail-inflight").exists()
    finally:
        server.stop()


def test_after_crash_hold_keeps_the_message_in_flight_for_a_person(tmp_path):
    ws = _ws(tmp_path)
    r = rules(retry={"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2, "after_crash": "hold"})
    first, second = spool_messages(ws, [_msg(key="a"), _msg(key="b")], "J1", r)
    (ws.state_dir / "mail-inflight").write_text(first.name)  # what a sender killed mid-send leaves
    server = SmtpServer().start()
    try:
        report = send_pending(ws, r, env=server.env())
        # held for the operator (outbox/mail/held/), not failed: it may have been delivered
        assert report.held == [first.name] and report.failed == [] and report.sent == [second.name]
        assert (held_folder(ws) / first.name).exists()
        assert "may have been delivered" in (held_folder(ws) / (first.name + ".held.txt")).read_text()
        assert len(server.inbox.messages) == 1
        assert not (ws.state_dir / "mail-inflight").exists()
    finally:
        server.stop()


def test_a_clock_put_back_does_not_hold_the_mail_longer_than_the_longest_wait(tmp_path):
    # retry times are wall-clock times: after the clock went back a day, a message that waited for
    # a busy server stayed in the spool for that day, not at most `max_delay_seconds`
    ws = _ws(tmp_path)
    server = SmtpServer().start()
    server.inbox.tempfail.add("busy@example.com")
    r = rules()
    longest = r.mail.retry.max_delay_seconds
    try:
        spool_messages(ws, [_msg("busy@example.com")], "J1", r)
        first = send_pending(ws, r, env=server.env(), now=lambda: 1_000_000.0)
        assert len(first.retrying) == 1
        server.inbox.tempfail.clear()
        back = 1_000_000.0 - 86_400
        waiting = send_pending(ws, r, env=server.env(), now=lambda: back)
        assert waiting.sent == []
        later = send_pending(ws, r, env=server.env(), now=lambda: back + longest + 1)
        assert len(later.sent) == 1 and len(server.inbox.messages) == 1
    finally:
        server.stop()
