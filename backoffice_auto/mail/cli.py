"""`backoffice-auto mail send`: flush the spool now (the daemon does the same on its own)."""

from __future__ import annotations

import json
import sys

import click

from backoffice_auto.i18n import N_, translate
from backoffice_auto.workspace import Workspace

MSG_NO_HOST = N_("No SMTP host is set (rules/settings.yaml smtp.host or BACKOFFICE_SMTP_HOST); {count} message(s) wait in outbox/mail/pending/.")
MSG_UNAVAILABLE = N_("The mail server cannot be reached: {error}. {count} message(s) wait in outbox/mail/pending/.")
MSG_BUSY = N_("Another sender is working on the spool: {error}.")
MSG_CONFIG = N_("Mail settings are wrong: {error}")
MSG_DONE = N_("Sent {sent}, will retry {retrying}, failed {failed}, still waiting {pending}.")


def _load_rules(ws: Workspace):
    """The workspace's rules, or None (defaults) when they cannot be loaded."""
    try:
        from backoffice_auto.rules.loader import load_rules
    except ImportError:
        return None, []
    result = load_rules(ws.rules_dir)
    return result.rules, list(result.problems)


@click.group("mail")
def mail_group() -> None:
    """The outgoing mail spool."""


@mail_group.command("send")
@click.option("-w", "--workspace", "workspace_dir", default=".", type=click.Path(file_okay=False),
              help="Workspace folder (default: the current folder).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def send_command(workspace_dir: str, as_json: bool) -> None:
    """Send every message waiting in outbox/mail/pending/ now (ignores the retry schedule)."""
    from backoffice_auto.mail.sender import send_pending

    ws = Workspace.at(workspace_dir)
    rules, problems = _load_rules(ws)
    lang = getattr(getattr(rules, "settings", None), "language", "en")
    if rules is None and problems:
        for p in problems:
            click.echo(str(p), err=True)
    report = send_pending(ws, rules, force=True)
    from backoffice_auto.mail.spool import pending_files

    left = len(pending_files(ws))
    out = {"sent": len(report.sent), "retrying": len(report.retrying), "failed": len(report.failed),
           "pending": left, "waiting": report.waiting, "error": report.error}
    if as_json:
        click.echo(json.dumps(out))
    if report.waiting == "no-host":
        click.echo(translate(MSG_NO_HOST, lang).format(count=left), err=True)
        sys.exit(0)
    if report.waiting == "config":
        click.echo(translate(MSG_CONFIG, lang).format(error=report.error), err=True)
        sys.exit(2)
    if report.waiting == "busy":
        click.echo(translate(MSG_BUSY, lang).format(error=report.error), err=True)
        sys.exit(1)
    if report.waiting == "unavailable":
        click.echo(translate(MSG_UNAVAILABLE, lang).format(error=report.error, count=left), err=True)
        sys.exit(1)
    click.echo(translate(MSG_DONE, lang).format(sent=len(report.sent), retrying=len(report.retrying),
                                                failed=len(report.failed), pending=left), err=True)
    sys.exit(1 if report.failed or report.retrying else 0)
