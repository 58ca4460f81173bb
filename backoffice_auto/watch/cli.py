"""`backoffice-auto watch [-w DIR] [--poll S] [--stable S]`: the daemon."""

from __future__ import annotations

import sys

import click

from backoffice_auto.clitypes import Seconds
from backoffice_auto.i18n import N_, translate
from backoffice_auto.workspace import Workspace

MSG_RUNNING = N_("Another watcher is already running for this workspace (pid {pid}, lock {lock}).")
MSG_NO_RULES = N_("The rules have errors and no earlier good rules exist; fix them and start again:")
MSG_WATCHING = N_("Watching {inbox} (stop with Ctrl-C; the current file is finished first).")


def _language(ws: Workspace) -> str:
    """The workspace language for the daemon's own messages (settings.yaml's `language` read
    leniently when the rules are broken)."""
    try:
        from backoffice_auto.rules.loader import load_rules

        rules = load_rules(ws.rules_dir).rules
        if rules is not None:
            return rules.settings.language
        from backoffice_auto.cli import _settings_language  # settings.yaml read leniently: any file may be the broken one

        return _settings_language(ws)
    except Exception:
        return "en"


@click.command("watch")
@click.option("-w", "--workspace", "workspace_dir", default=".", type=click.Path(file_okay=False),
              help="Workspace folder (default: the current folder).")
@click.option("--poll", type=Seconds(0.1), default=None, metavar="S",
              help="Poll the inbox every S seconds instead of native events (network shares: SMB, NFS).")
@click.option("--stable", type=Seconds(0), default=2.0, show_default=True, metavar="S",
              help="Hand a file over only when its size and time have not changed for S seconds.")
@click.option("--rescan", type=Seconds(0.5), default=60.0, show_default=True, metavar="S",
              hidden=True, help="Full rescan of the inbox every S seconds (safety net for lost events).")
def watch_command(workspace_dir: str, poll: float | None, stable: float, rescan: float) -> None:
    """Watch the inbox and process each file once it is completely written."""
    from backoffice_auto.pipeline.runner import ConfigError
    from backoffice_auto.watch.daemon import Daemon, WatchOptions
    from backoffice_auto.pidlock import LockHeld

    ws = Workspace.at(workspace_dir)
    if not ws.is_workspace():
        click.echo(f"{ws.root}: not a workspace (run `backoffice-auto init {ws.root}`)", err=True)
        sys.exit(2)
    lang = _language(ws)
    daemon = Daemon(ws, WatchOptions(stable=stable, poll=poll, rescan=rescan, announce=lambda inbox: click.echo(
        translate(MSG_WATCHING, lang).format(inbox=inbox), err=True), console=lambda line: click.echo(line, err=True)))
    try:
        code = daemon.run()
    except LockHeld as held:
        click.echo(translate(MSG_RUNNING, lang).format(pid=held.pid if held.pid is not None else "?",
                                                       lock=held.path), err=True)
        sys.exit(2)
    except ConfigError as exc:
        click.echo(translate(MSG_NO_RULES, lang), err=True)
        for line in exc.lines_in(lang):
            click.echo(f"  {line}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code)
