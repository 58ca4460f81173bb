"""The daemon and the mail server: outages, SIGKILL, restarts, rule edits (real aiosmtpd)."""

from __future__ import annotations

import time
from email.policy import default as default_policy

import pytest

from backoffice_auto.eventlog import read_events
from backoffice_auto.mail.status import mail_counts
from backoffice_auto.watch.status import rules_state
from test_mail_support import SmtpServer, free_port
from test_watch_support import DaemonProcess, no_daemon_left_behind, handled, items_csv, status_json, wait_for

FAST = ("--stable", "0.3", "--rescan", "2")


@pytest.fixture(autouse=True)
def _reap_daemons():
    with no_daemon_left_behind():
        yield

MAIL_YAML = """\
roles:
  admin: [admin@example.com]
notices:
  default: role:admin
retry:
  attempts: 5
  first_delay_seconds: 0.2
  max_delay_seconds: 0.5
send_interval_seconds: 0.2
{extra}
"""


def _env(port: int) -> dict[str, str]:
    return {"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": str(port), "BACKOFFICE_SMTP_SECURITY": "none",
            "BACKOFFICE_MAIL_FROM": "robot@example.com"}


def test_server_down_then_sigkill_then_back_every_mail_once(workspace):
    (workspace.rules_dir / "mail.yaml").write_text(MAIL_YAML.format(extra=""), encoding="utf-8")
    port = free_port()
    daemon = DaemonProcess(workspace, *FAST, env=_env(port)).wait_started()
    for i in range(3):
        items_csv(workspace.inbox / "books" / f"items-{i}.csv", start=i * 10 + 1)
    wait_for(lambda: len(handled(workspace)) == 3, what="three jobs")
    wait_for(lambda: read_events(workspace, "mail.server_unavailable"), what="the outage noticed")
    assert mail_counts(workspace)["pending"] == 3
    wait_for(lambda: "The mail server is not taking mail" in daemon.stderr(), what="the console told")
    assert status_json(workspace)["mail"]["server"]["state"] == "unavailable"
    daemon.kill()  # SIGKILL while mail waits
    assert mail_counts(workspace)["pending"] == 3
    server = SmtpServer(port).start()
    try:
        daemon = DaemonProcess(workspace, *FAST, env=_env(port)).wait_started()
        wait_for(lambda: mail_counts(workspace)["pending"] == 0, what="the spool emptied")
        time.sleep(1.0)  # nothing more arrives
        ids = server.inbox.ids()
        assert len(ids) == 3 and len(set(ids)) == 3
        assert {rcpt[0] for _, rcpt, _ in server.inbox.messages} == {"admin@example.com"}
        assert mail_counts(workspace)["sent"] == 3
        assert status_json(workspace)["mail"]["pending"] == 0
        # the outage is logged once and its end once, though another process saw it begin
        down, back = read_events(workspace, "mail.server_unavailable"), read_events(workspace, "mail.server_back")
        assert len(down) == 1 and len(back) == 1 and down[0]["ts"] <= back[0]["ts"]
        assert len(read_events(workspace, "mail_sent")) == 3
        assert status_json(workspace)["mail"]["server"]["state"] == "ok"
        wait_for(lambda: "The mail server is taking mail again." in daemon.stderr(), what="the console told")
        assert daemon.terminate() == 0
    finally:
        server.stop()


def _admin_rule_mails(server):
    return [m for _, _, m in server.inbox.messages if m["X-Backoffice-Kind"] == "rules-error"]


def _body(message) -> str:
    from email import message_from_bytes

    parsed = message_from_bytes(message.as_bytes(), policy=default_policy)
    return parsed.get_body(("plain",)).get_content()


def _started_with_good_rules(workspace, server):
    """The daemon started, and the hash of the rules it holds in force by its own record
    (before it writes one, status answers with a fresh check of its own)."""
    daemon = DaemonProcess(workspace, *FAST, env=_env(server.port)).wait_started()
    good_hash = wait_for(lambda: (state := rules_state(workspace)).get("source") == "daemon"
                         and state.get("in_force_hash"), what="the daemon's rules state")
    return daemon, good_hash


def test_broken_rule_edit_keeps_last_good_rules_mails_admin_and_next_edit_applies(workspace):
    mail_yaml = workspace.rules_dir / "mail.yaml"
    mail_yaml.write_text(MAIL_YAML.format(extra=""), encoding="utf-8")
    server = SmtpServer().start()
    try:
        daemon, good_hash = _started_with_good_rules(workspace, server)
        # the admin misspells a key on line 10, column 1
        mail_yaml.write_text(MAIL_YAML.format(extra="subject_prefx: '[BO] '"), encoding="utf-8")
        wait_for(lambda: _admin_rule_mails(server), what="the admin's mail")
        state = rules_state(workspace)
        assert state["source"] == "daemon", state
        assert state["state"] == "invalid" and state["in_force_hash"] == good_hash
        assert any(p.startswith("rules/mail.yaml:10:1:") and "subject_prefx" in p for p in state["problems"])
        text = _body(_admin_rule_mails(server)[0])
        assert "rules/mail.yaml:10:1" in text
        assert status_json(workspace)["rules"]["state"] == "invalid"
        # work goes on under the last good rules
        items_csv(workspace.inbox / "books" / "during.csv", start=1)
        wait_for(lambda: handled(workspace, "during.csv"), what="a job under the old rules")
        assert handled(workspace, "during.csv")[0]["status"] == "done"
        # saving the same broken file again does not mail the admin twice
        mail_yaml.write_text(MAIL_YAML.format(extra="subject_prefx: '[BO] '"), encoding="utf-8")
        time.sleep(1.5)
        assert len(_admin_rule_mails(server)) == 1
        # the next valid edit is picked up and used from the next job on
        mail_yaml.write_text(MAIL_YAML.format(extra="subject_prefix: '[BO] '"), encoding="utf-8")
        wait_for(lambda: rules_state(workspace)["state"] == "ok", what="rules valid again")
        assert rules_state(workspace)["in_force_hash"] != good_hash
        items_csv(workspace.inbox / "books" / "after.csv", start=50)
        wait_for(lambda: any(str(m["Subject"]).startswith("[BO] ") for _, _, m in server.inbox.messages),
                 what="a report under the new rules")
        assert read_events(workspace, "rules.reloaded")
        assert daemon.terminate() == 0
    finally:
        server.stop()


def test_a_writer_pausing_between_truncating_and_writing_does_not_put_the_empty_file_in_force(workspace):
    """Seen in CI under load: `write_text` truncated mail.yaml, the writer was held up longer than
    the quiet period, the daemon found the empty file valid (every key has a default) and put it
    in force; the broken content written next then kept those empty rules, not the good ones."""
    mail_yaml = workspace.rules_dir / "mail.yaml"
    mail_yaml.write_text(MAIL_YAML.format(extra=""), encoding="utf-8")
    server = SmtpServer().start()
    try:
        daemon, good_hash = _started_with_good_rules(workspace, server)
        with open(mail_yaml, "w", encoding="utf-8") as out:  # truncated ...
            out.flush()
            time.sleep(2.0)  # ... and held up four quiet periods before the writing
            out.write(MAIL_YAML.format(extra="subject_prefx: '[BO] '"))
        wait_for(lambda: rules_state(workspace)["state"] == "invalid", what="the broken edit seen")
        assert rules_state(workspace)["in_force_hash"] == good_hash
        assert not read_events(workspace, "rules.reloaded")
        assert daemon.terminate() == 0
    finally:
        server.stop()


def test_slow_server_under_watch_one_copy_held_console_told(workspace):
    """The daemon against a server that keeps the message and answers "250" after 3 s
    (the end-of-data timeout set to 1 s): one copy, the message held, the console told,
    and later passes do not send it again."""
    (workspace.rules_dir / "mail.yaml").write_text(MAIL_YAML.format(extra=""), encoding="utf-8")
    settings = workspace.rules_dir / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  data_timeout_seconds: 600" in text
    settings.write_text(text.replace("  data_timeout_seconds: 600", "  data_timeout_seconds: 1"), encoding="utf-8")
    server = SmtpServer().start()
    server.inbox.after_data = 3
    try:
        daemon = DaemonProcess(workspace, *FAST, env=_env(server.port)).wait_started()
        items_csv(workspace.inbox / "books" / "items.csv", start=1)
        held = wait_for(lambda: read_events(workspace, "mail_held"), what="the message held")
        assert len(held) == 1 and held[0]["to"] == ["admin@example.com"]
        wait_for(lambda: f"Held {held[0]['file']} (to admin@example.com)" in daemon.stderr(), what="the console told")
        server.inbox.after_data = None
        items_csv(workspace.inbox / "books" / "more.csv", start=20)  # the next mail goes out normally
        wait_for(lambda: len(read_events(workspace, "mail_sent")) == 1, what="the next mail sent")
        ids = server.inbox.ids()
        assert len(ids) == 2 and len(set(ids)) == 2  # the held one arrived once, never again
        mail = status_json(workspace)["mail"]
        assert (mail["held"], mail["sent"], mail["pending"]) == (1, 1, 0)
        assert mail["held_files"][0]["to"] == "admin@example.com"
        assert daemon.terminate() == 0
    finally:
        server.stop()
