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
MSG_HELD = N_("Held {file} (to {to}): {reason}. Check with the recipient, then run `backoffice-auto mail release {file}` if it arrived or `backoffice-auto mail resend {file}` to send it again.")
MSG_RELEASED = N_("{file}: marked as delivered (moved to outbox/mail/sent/); nothing was sent.")
MSG_RESEND = N_("{file}: back in outbox/mail/pending/; it is sent at the next pass (the daemon, or `backoffice-auto mail send`).")
MSG_NOT_HELD = N_("{file}: no such message in outbox/mail/held/ (or outbox/mail/failed/ for resend).")
MSG_NOTHING_HELD = N_("No message is held.")


def _load_rules(ws: Workspace):
    """The workspace's rules, or None (defaults) when they cannot be loaded."""
    try:
        from backoffice_auto.rules.loader import load_rules
    except ImportError:
        return None, []
    result = load_rules(ws.rules_dir)
    return result.rules, list(result.problems)


def _lenient_language(ws: Workspace) -> str:
    """settings.yaml's `language` read leniently: another rule file may be the broken one."""
    from backoffice_auto.rules.lenient import settings_language

    return settings_language(ws.rules_dir)


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
    lang = getattr(getattr(rules, "settings", None), "language", None) or _lenient_language(ws)
    if rules is None and problems:
        for p in problems:
            click.echo(p.render(lang) if hasattr(p, "render") else str(p), err=True)
    report = send_pending(ws, rules, force=True)
    from backoffice_auto.mail.spool import pending_files

    left = len(pending_files(ws))
    out = {"sent": len(report.sent), "retrying": len(report.retrying), "failed": len(report.failed),
           "held": len(report.held), "pending": left, "waiting": report.waiting, "error": report.error}
    if as_json:
        click.echo(json.dumps(out))
    for line in held_lines(ws, report.held, lang):
        click.echo(line, err=True)
    if report.waiting == "no-host":
        click.echo(translate(MSG_NO_HOST, lang).format(count=left), err=True)
        sys.exit(0)
    if report.waiting == "config":
        said = report.config_error.text(lang) if report.config_error is not None else report.error
        click.echo(translate(MSG_CONFIG, lang).format(error=said), err=True)
        sys.exit(2)
    if report.waiting == "busy":
        click.echo(translate(MSG_BUSY, lang).format(error=report.error), err=True)
        sys.exit(1)
    if report.waiting == "unavailable":
        click.echo(translate(MSG_UNAVAILABLE, lang).format(error=report.error, count=left), err=True)
        sys.exit(1)
    click.echo(translate(MSG_DONE, lang).format(sent=len(report.sent), retrying=len(report.retrying),
                                                failed=len(report.failed), pending=left), err=True)
    sys.exit(1 if report.failed or report.retrying or report.held else 0)


def held_lines(ws: Workspace, names: list[str], lang: str) -> list[str]:
    """One line per message just held, saying what the operator can do (also the daemon's console)."""
    from backoffice_auto.mail.held import NOTE_SUFFIX
    from backoffice_auto.mail.spool import held_folder
    from backoffice_auto.mail.status import first_line, recipient_and_subject

    lines = []
    for name in names:
        path = str(held_folder(ws) / name)
        to, _ = recipient_and_subject(path)
        lines.append(translate(MSG_HELD, lang).format(file=name, to=to or "?",
                                                      reason=first_line(path + NOTE_SUFFIX) or "?"))
    return lines


def _settle(workspace_dir: str, names: tuple[str, ...], every: bool, action: str) -> None:
    from backoffice_auto.mail.held import NotHeld, held_files, release, resend

    ws = Workspace.at(workspace_dir)
    rules, _ = _load_rules(ws)
    lang = getattr(getattr(rules, "settings", None), "language", "en")
    targets = list(names) + ([p.name for p in held_files(ws)] if every else [])
    if not targets:
        click.echo(translate(MSG_NOTHING_HELD, lang), err=True)
        sys.exit(0 if every else 2)
    missing = 0
    for name in targets:
        try:
            dest = (release if action == "release" else resend)(ws, name)
        except NotHeld:
            click.echo(translate(MSG_NOT_HELD, lang).format(file=name), err=True)
            missing += 1
            continue
        click.echo(translate(MSG_RELEASED if action == "release" else MSG_RESEND, lang).format(file=dest.name),
                   err=True)
    sys.exit(1 if missing else 0)


_WS_OPTION = click.option("-w", "--workspace", "workspace_dir", default=".", type=click.Path(file_okay=False),
                          help="Workspace folder (default: the current folder).")


@mail_group.command("release")
@_WS_OPTION
@click.option("--all", "every", is_flag=True, help="Every message in outbox/mail/held/.")
@click.argument("names", nargs=-1)
def release_command(workspace_dir: str, every: bool, names: tuple[str, ...]) -> None:
    """A held message arrived after all: file it under outbox/mail/sent/ without sending it."""
    _settle(workspace_dir, names, every, "release")


@mail_group.command("resend")
@_WS_OPTION
@click.option("--all", "every", is_flag=True, help="Every message in outbox/mail/held/.")
@click.argument("names", nargs=-1)
def resend_command(workspace_dir: str, every: bool, names: tuple[str, ...]) -> None:
    """Send a held (or failed) message again: back to outbox/mail/pending/, same Message-ID."""
    _settle(workspace_dir, names, every, "resend")
