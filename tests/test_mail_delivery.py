"""Exactly once against SMTP servers that are slow, drop the line or refuse (issue 12, item 4).

Every test runs a real aiosmtpd server on 127.0.0.1 that misbehaves in one way, sends
through the real sender, and checks three things: how many copies the server received,
where each spool file is (`pending/`, `sent/`, `failed/`, `held/`), and what `status`
says. Timeouts are configured short (1 s for the reply to the end of the data against a
server that answers after 3 s) so the suite stays fast; nothing asserts a duration.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from backoffice_auto.eventlog import read_events
from backoffice_auto.mail.cli import mail_group
from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.sender import send_pending
from backoffice_auto.mail.spool import held_folder, spool_messages
from backoffice_auto.mail.status import mail_counts
from backoffice_auto.status import collect_status, render_status
from test_mail_support import SmtpServer, free_port, refuse_every_login, rules

SHORT = {"connect_timeout_seconds": 2, "command_timeout_seconds": 2, "data_timeout_seconds": 1}
SLOW_REPLY = 3  # seconds the slow server waits before its "250" (longer than data_timeout_seconds)


def _rules(**mail):
    return rules(smtp=SHORT, **mail)


def _msg(to: str = "a@example.com", key: str = "", subject: str = "Invoice 2026-0012") -> MailMessage:
    return MailMessage(to=(to,), subject=subject, html="<p>x</p>", text="x", key=key)


def _status(ws) -> str:
    return render_status(collect_status(ws))


def _spool(ws, *messages: MailMessage, job: str = "J1") -> list:
    return spool_messages(ws, list(messages), job, _rules())


def _where(ws, name: str) -> str:
    for folder, label in ((ws.mail_pending, "pending"), (ws.mail_sent, "sent"), (ws.mail_failed, "failed"),
                          (held_folder(ws), "held")):
        if (folder / name).exists():
            return label
    return "nowhere"


@pytest.fixture
def server():
    smtp = SmtpServer().start()
    try:
        yield smtp
    finally:
        smtp.stop()


# --------------------------------------------------------------- unknown outcome: held


def test_slow_250_after_the_data_one_copy_held_in_flight_never_resent(workspace, server):
    """The server keeps the message and answers "250" after 3 s; we wait 1 s."""
    server.inbox.after_data = SLOW_REPLY
    (slow,) = _spool(workspace, _msg("anna@example.com"))
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.held == [slow.name] and report.sent == [] and report.failed == []
    assert len(server.inbox.messages) == 1  # one copy: no reconnect-and-resend
    assert _where(workspace, slow.name) == "held"
    assert not (workspace.state_dir / "mail-inflight").exists()
    counts = mail_counts(workspace)
    assert (counts["pending"], counts["sent"], counts["failed"], counts["held"]) == (0, 0, 0, 1)
    text = _status(workspace)
    assert ('held, may have been delivered: to anna@example.com, "Invoice 2026-0012": the whole message was '
            "handed to the server and then no reply within 1 s; the server may have delivered it") in text
    assert "mail release FILE" in text and "mail resend FILE" in text
    # later passes, with the server quick again, send new mail and never the held one
    server.inbox.after_data = None
    (later,) = _spool(workspace, _msg("anna@example.com", key="later"), job="J2")
    again = send_pending(workspace, _rules(), env=server.env(), force=True)
    assert again.sent == [later.name] and again.held == []
    assert len(server.inbox.messages) == 2 and len(set(server.inbox.ids())) == 2
    assert _where(workspace, slow.name) == "held"
    # a redone job that spools the held message again does not send it either
    assert _spool(workspace, _msg("anna@example.com"))[0].name == slow.name
    assert send_pending(workspace, _rules(), env=server.env()).dropped == [slow.name]
    assert len(server.inbox.messages) == 2
    # the operator checked: it arrived. Released to sent/, nothing sent.
    res = CliRunner().invoke(mail_group, ["release", "-w", str(workspace.root), slow.name])
    assert res.exit_code == 0, res.output
    assert _where(workspace, slow.name) == "sent" and len(server.inbox.messages) == 2
    assert "held" not in _status(workspace).split("Mail:")[1].split("\n")[0].replace("0 held", "")


def test_line_dropped_after_the_data_one_copy_held_resent_only_when_asked(workspace, server):
    """The server keeps the message and closes the connection instead of answering."""
    server.inbox.after_data = "drop"
    (dropped,) = _spool(workspace, _msg("anna@example.com"))
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.held == [dropped.name]
    assert len(server.inbox.messages) == 1
    assert _where(workspace, dropped.name) == "held"
    assert "the connection closed" in (held_folder(workspace) / (dropped.name + ".held.txt")).read_text()
    assert "held, may have been delivered: to anna@example.com" in _status(workspace)
    server.inbox.after_data = None
    send_pending(workspace, _rules(), env=server.env(), force=True)
    assert len(server.inbox.messages) == 1  # not resent by itself
    # the operator asks for it again: one more copy, with the same Message-ID
    res = CliRunner().invoke(mail_group, ["resend", "-w", str(workspace.root), dropped.name])
    assert res.exit_code == 0, res.output
    assert send_pending(workspace, _rules(), env=server.env()).sent == [dropped.name]
    ids = server.inbox.ids()
    assert len(ids) == 2 and ids[0] == ids[1]
    assert _where(workspace, dropped.name) == "sent"
    assert [e["file"] for e in read_events(workspace, "mail_held")] == [dropped.name]


def test_resend_policy_sends_an_unknown_outcome_again_with_the_same_message_id(workspace, server):
    server.inbox.after_data = "drop"
    r = _rules(retry={"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2, "after_crash": "resend"})
    (msg,) = spool_messages(workspace, [_msg()], "J1", r)
    report = send_pending(workspace, r, env=server.env())
    assert report.retrying == [msg.name] and report.held == []
    server.inbox.after_data = None
    assert send_pending(workspace, r, env=server.env(), force=True).sent == [msg.name]
    ids = server.inbox.ids()
    assert len(ids) == 2 and ids[0] == ids[1]


# --------------------------------------------------------------- known outcome: not sent


def test_line_dropped_before_the_data_not_sent_no_stale_marker_sent_once_later(workspace, server):
    """The server closes the connection at RCPT: it cannot have the message."""
    server.inbox.drop_at_rcpt = True
    (msg,) = _spool(workspace, _msg("anna@example.com"))
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.sent == [] and report.held == [] and report.failed == []
    assert len(server.inbox.messages) == 0
    assert _where(workspace, msg.name) == "pending"
    assert not (workspace.state_dir / "mail-inflight").exists()  # the outcome is known: not sent
    assert "will retry: the connection broke before the message was complete" in _status(workspace)
    server.inbox.drop_at_rcpt = False
    assert send_pending(workspace, _rules(), env=server.env(), force=True).sent == [msg.name]
    assert len(server.inbox.messages) == 1
    assert read_events(workspace, "mail.in_flight_at_crash") == []


# --------------------------------------------------------------- server-wide refusals


@pytest.mark.parametrize("reply", ["530 5.7.0 Authentication required", "421 4.3.2 Service shutting down"])
def test_server_wide_refusal_fails_no_message_and_tells_the_operator(workspace, server, reply):
    server.inbox.mail_reply = reply
    spooled = _spool(workspace, *[_msg(f"p{i}@example.com") for i in range(3)])
    for _ in range(3):
        report = send_pending(workspace, _rules(), env=server.env(), force=True)
        assert report.waiting == "unavailable" and reply in report.error
    assert len(server.inbox.messages) == 0
    assert {_where(workspace, p.name) for p in spooled} == {"pending"}
    counts = mail_counts(workspace)
    assert (counts["pending"], counts["retrying"], counts["failed"], counts["held"]) == (3, 0, 0, 0)
    text = _status(workspace)
    assert "the mail server is not taking mail since" in text and reply in text
    assert "no message is failed for this; mail waits" in text
    assert len(read_events(workspace, "mail.server_unavailable")) == 1  # once, not per pass
    server.inbox.mail_reply = None
    assert len(send_pending(workspace, _rules(), env=server.env()).sent) == 3
    assert len(server.inbox.messages) == 3
    assert len(read_events(workspace, "mail.server_back")) == 1
    assert "not taking mail" not in _status(workspace)


def test_login_refused_fails_no_message(workspace):
    server = SmtpServer(authenticator=refuse_every_login).start()
    try:
        spooled = _spool(workspace, _msg(), _msg("b@example.com"))
        env = {**server.env(), "BACKOFFICE_SMTP_USER": "robot", "BACKOFFICE_SMTP_PASSWORD": "wrong"}
        report = send_pending(workspace, _rules(), env=env)
        assert report.waiting == "unavailable" and "the server refused the login: 535" in report.error
        assert len(server.inbox.messages) == 0
        assert {_where(workspace, p.name) for p in spooled} == {"pending"}
        assert "the server refused the login: 535" in _status(workspace)
    finally:
        server.stop()


def test_connection_refused_fails_no_message(workspace):
    closed = free_port()  # nothing listens there
    spooled = _spool(workspace, _msg(), _msg("b@example.com"))
    env = {"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": str(closed), "BACKOFFICE_SMTP_SECURITY": "none"}
    report = send_pending(workspace, _rules(), env=env)
    assert report.waiting == "unavailable" and "the connection was refused" in report.error
    assert {_where(workspace, p.name) for p in spooled} == {"pending"}
    counts = mail_counts(workspace)
    assert (counts["pending"], counts["retrying"], counts["failed"]) == (2, 0, 0)
    assert f"127.0.0.1:{closed}: the connection was refused" in _status(workspace)


def test_tls_failure_fails_no_message(workspace, server):
    """STARTTLS asked of a server that does not offer it: server-wide, nothing fails."""
    spooled = _spool(workspace, _msg())
    env = {**server.env(), "BACKOFFICE_SMTP_SECURITY": "starttls"}
    report = send_pending(workspace, _rules(), env=env)
    assert report.waiting == "unavailable"
    assert len(server.inbox.messages) == 0 and _where(workspace, spooled[0].name) == "pending"


# --------------------------------------------------------------- per-recipient refusals


def test_recipient_550_fails_that_message_only_with_the_reason_in_words(workspace, server):
    server.inbox.rcpt_replies["gone@example.com"] = "550 5.1.1 no such user here"
    gone, ok = _spool(workspace, _msg("gone@example.com", subject="Payslip 11/2026"), _msg("ok@example.com"))
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.failed == [gone.name] and report.sent == [ok.name]
    assert len(server.inbox.messages) == 1
    assert _where(workspace, gone.name) == "failed" and _where(workspace, ok.name) == "sent"
    text = _status(workspace)
    assert ('failed: to gone@example.com, "Payslip 11/2026": the server refused the recipient '
            "gone@example.com: 550 5.1.1 no such user here") in text
    assert "{'" not in text and "'error'" not in text  # not a Python dict
    assert "not taking mail" not in text  # a recipient's refusal is not a server problem


def test_recipient_450_waits_and_is_retried_with_backoff(workspace, server):
    server.inbox.rcpt_replies["busy@example.com"] = "450 4.2.1 mailbox busy, try later"
    (busy,) = _spool(workspace, _msg("busy@example.com"))
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.retrying == [busy.name] and report.next_due is not None
    assert len(server.inbox.messages) == 0 and _where(workspace, busy.name) == "pending"
    assert send_pending(workspace, _rules(), env=server.env()).sent == []  # not due yet: backoff
    assert "will retry: the server cannot take the message for now: busy@example.com: 450 4.2.1" in _status(workspace)
    del server.inbox.rcpt_replies["busy@example.com"]
    later = send_pending(workspace, _rules(), env=server.env(), now=lambda: time.time() + 60)
    assert later.sent == [busy.name]
    assert len(server.inbox.messages) == 1 and _where(workspace, busy.name) == "sent"


@pytest.mark.parametrize("reply, where, counts", [
    ("554 5.7.1 message content rejected", "failed", (0, 0, 1)),  # refused for good: this message only
    ("451 4.3.0 local problem, try later", "pending", (1, 1, 0)),  # refused for now: retried with backoff
    ("421 4.3.2 shutting down", "pending", (1, 0, 0)),  # server-wide: waits, loses no try
])
def test_reply_to_the_end_of_the_data_decides_the_message(workspace, server, reply, where, counts):
    server.inbox.data_reply = reply
    (msg,) = _spool(workspace, _msg())
    report = send_pending(workspace, _rules(), env=server.env())
    assert report.held == [] and len(server.inbox.messages) == 0
    assert _where(workspace, msg.name) == where
    got = mail_counts(workspace)
    assert (got["pending"], got["retrying"], got["failed"]) == counts
    assert reply in _status(workspace)
    assert not (workspace.state_dir / "mail-inflight").exists()  # the outcome is known


# --------------------------------------------------------------- one sender at a time

HOLD_LOCK = """
import sys, time
from pathlib import Path
from backoffice_auto.pidlock import PidLock
lock = PidLock(Path({path!r})).acquire()
print("locked", flush=True)
sys.stdin.readline()
"""


def test_another_sender_holds_the_lock_nothing_is_sent_twice(workspace, server):
    (msg,) = _spool(workspace, _msg())
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK.format(path=str(workspace.state_dir / "mail-send.lock"))],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"locked"
        report = send_pending(workspace, _rules(), env=server.env())
        assert report.waiting == "busy" and f"pid {proc.pid}" in report.error
        res = CliRunner().invoke(mail_group, ["send", "-w", str(workspace.root)], env=server.env())
        assert res.exit_code == 1 and f"Another sender is working on the spool: another sender (pid {proc.pid})" \
            in res.output
        assert len(server.inbox.messages) == 0 and _where(workspace, msg.name) == "pending"
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()
    assert send_pending(workspace, _rules(), env=server.env()).sent == [msg.name]
    assert len(server.inbox.messages) == 1


# --------------------------------------------------------------- the command, end to end


def _backoffice(workspace, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backoffice_auto", *args, "-w", str(workspace.root)],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def test_mail_send_command_against_a_slow_server_one_copy_held_then_resent_on_request(workspace, server):
    settings = workspace.rules_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  data_timeout_seconds: 600" in text  # the sample says the RFC's 10 minutes
    settings.write_text(text.replace("  data_timeout_seconds: 600", "  data_timeout_seconds: 1"), encoding="utf-8")
    from backoffice_auto.rules.loader import load_rules

    (msg,) = spool_messages(workspace, [_msg("anna@example.com")], "J1", load_rules(workspace.rules_dir).rules)
    server.inbox.after_data = SLOW_REPLY
    env = {**server.env(), "BACKOFFICE_MAIL_FROM": "robot@example.com"}
    first = _backoffice(workspace, "mail", "send", env=env)
    assert first.returncode == 1, first.stderr
    assert f"Held {msg.name} (to anna@example.com)" in first.stderr and "mail resend" in first.stderr
    assert len(server.inbox.messages) == 1 and _where(workspace, msg.name) == "held"
    server.inbox.after_data = None
    second = _backoffice(workspace, "mail", "send", env=env)
    assert second.returncode == 0, second.stderr
    assert len(server.inbox.messages) == 1  # held: not sent again by itself
    status = _backoffice(workspace, "status", env=env)
    assert "held, may have been delivered: to anna@example.com" in status.stderr
    assert _backoffice(workspace, "mail", "resend", msg.name, env=env).returncode == 0
    third = _backoffice(workspace, "mail", "send", env=env)
    assert third.returncode == 0, third.stderr
    ids = server.inbox.ids()
    assert len(ids) == 2 and ids[0] == ids[1] and _where(workspace, msg.name) == "sent"
