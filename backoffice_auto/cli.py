"""The command line (DESIGN.md "Command line"): thin wrappers over the pipeline and the books.

Conventions: `-w DIR` defaults to the current folder; `--json` prints one JSON document on
stdout and human text goes to stderr; exit 0 when all is done, 1 when a file was refused
or a check failed, 2 on a usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from backoffice_auto import __version__
from backoffice_auto.clitypes import Seconds
from backoffice_auto.i18n import N_, translate
from backoffice_auto.workspace import Workspace
from backoffice_auto.pipeline.result import STATUS_WORDS, JobResult, status_word

EXIT_OK, EXIT_REFUSED, EXIT_CONFIG, EXIT_OUTAGE = 0, 1, 2, 3

# The command line's own words (the workspace language; the system locale's where no workspace is found).
NOT_A_WORKSPACE = N_("{root}: not a workspace (no rules/ or inbox/); run `backoffice-auto init {directory}`")
RULES_NOT_VALID = N_("The rules are not valid; nothing was processed:")
NO_SUCH_FILE = N_("no such file")
NO_SUCH_TASK = N_("'{task}' is not a scheduled task (known: {known})")  # the words rules check uses
TASK_DAY_OUT = N_("--date {day}: a task runs for a day from {earliest} to {latest} (a year from today at most); "
                  "is the year mistyped?")
NOTHING_TO_PROCESS = N_("Nothing to process.")
JOB_SUFFIX = N_("(job {job})")
NO_RULES_FOLDER = N_("{folder}: no rules folder")
RULES_OK = N_("rules OK")
RULES_INVALID = N_("The rules are not valid:")
WROTE = N_("wrote {path}")
WORKSPACE_READY = N_("Workspace ready at {root}")
CANNOT_MAKE = N_("cannot make a workspace at {root}: {reason}")
#: Why a folder could not be made, by errno name (others: the system's own words).
WHY_NOT_MADE = {"ENOENT": N_("a folder on its path cannot be made there"),
                "ENOTDIR": N_("a part of its path is a file, not a folder"),
                "EACCES": N_("the permissions do not allow it"), "EPERM": N_("the permissions do not allow it"),
                "EROFS": N_("the disk is read-only"), "ENOSPC": N_("the disk is full"),
                "EDQUOT": N_("the disk quota is used up"), "ENAMETOOLONG": N_("its name is too long")}
PROCESSING = N_("Processing")  # the progress bar's label
NEXT_STEP = N_("Drop files into inbox/<kind>/ and run `backoffice-auto process` or `backoffice-auto watch`.")
#: A result's status and a message's level, as `process` and `retry` print them.
WORDS = {**STATUS_WORDS, "error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def word(value: str, language: str) -> str:
    return status_word(value, language, WORDS)


def echo_err(text: str = "") -> None:
    click.echo(text, err=True)


#: Whether this command printed its JSON document yet (a stopped command prints one only then).
_json_printed: list[bool] = []


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=_json_default))
    _json_printed.append(True)


def _json_default(value: Any) -> Any:
    """Typed results (a pipeline `JobResult`) print as their JSON shape; anything else as text."""
    as_json = getattr(value, "as_json", None)
    return as_json() if callable(as_json) else str(value)


workspace_option = click.option(
    "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The workspace folder.")


def task_day(pipeline, day) -> date:
    """The day a task is asked to run for (`--date`, else today in the settings' time zone); exit 2
    naming the window when it is before `limits.earliest_date` or more than a year ahead. A run for
    2062 (a mistyped 2026) proposed every bill due until then for payment, with a bank date no bank
    takes; a past day stays possible, as a missed run is made up for."""
    today = pipeline.now().date()
    if day is None:
        return today
    asked = day.date()
    limits = pipeline.rules.settings.limits
    earliest, latest = limits.earliest_date, min(today + timedelta(days=366), limits.latest_date)
    if not earliest <= asked <= latest:
        echo_err(translate(TASK_DAY_OUT, pipeline.language, day=asked.isoformat(), earliest=earliest.isoformat(),
                           latest=latest.isoformat()))
        sys.exit(EXIT_CONFIG)  # the caller's `finally` closes the pipeline
    return asked


def open_pipeline(workspace_dir: Path):
    """A pipeline on the workspace, or exit 2 naming what is wrong with its rules."""
    from backoffice_auto.pipeline.runner import ConfigError, Pipeline

    workspace = Workspace.at(workspace_dir)
    if not workspace.is_workspace():
        echo_err(translate(NOT_A_WORKSPACE, _system_language(), root=workspace.root, directory=workspace_dir))
        sys.exit(EXIT_CONFIG)
    try:
        return Pipeline(workspace)
    except ConfigError as error:
        language = _settings_language(workspace)
        echo_err(translate(RULES_NOT_VALID, language))
        for line in error.lines_in(language):
            echo_err(f"  {line}")
        sys.exit(EXIT_CONFIG)


class _Commands(click.Group):
    """Every command: a write the machine refused (disk full ...) ends it with one message in
    the workspace language and exit 3, never a traceback (`pipeline/outage.py`); with `--json`
    the document on stdout says so too (`clistopped.py`)."""

    def invoke(self, ctx: click.Context) -> Any:
        argv = [*getattr(ctx, "_protected_args", ()), *ctx.args]  # the command's own, for its `-w`
        try:
            return super().invoke(ctx)
        except Exception as error:
            from backoffice_auto.pipeline.outage import outage_of

            workspace = Workspace.at(_named_workspace(argv))
            outage = outage_of(error, workspace)
            if outage is None:
                raise
            from backoffice_auto.eventlog import log_event

            log_event(workspace, "run.stopped", level="error", command=ctx.invoked_subcommand, **outage.as_log())
            language = _settings_language(workspace)
            if "--json" in argv and not _json_printed:
                from backoffice_auto.clistopped import stopped_document

                command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
                emit_json(stopped_document(command, argv, workspace, outage, language))
            echo_err(outage.render(language))
            sys.exit(EXIT_OUTAGE)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="backoffice-auto")
def cli() -> None:
    """backoffice-auto: back-office work from the files people already use."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a new workspace in DIRECTORY with commented sample rules."""
    from backoffice_auto.i18n.languages import system_locale

    workspace = Workspace.at(directory)
    written = _made(workspace, lambda: workspace.init(_system_language(), system_locale()))
    language = _settings_language(workspace)
    echo_err(translate(WORKSPACE_READY, language, root=workspace.root))
    for path in written:
        echo_err("  " + translate(WROTE, language, path=path.relative_to(workspace.root)))
    echo_err(translate(NEXT_STEP, language))


def _made(workspace: Workspace, make):
    """`make()`'s result; a folder the system will not make ends the command with exit 2 and
    why, not a traceback (`init /proc/x`, a path through a file, a read-only disk)."""
    import errno

    try:
        return make()
    except OSError as error:
        why = WHY_NOT_MADE.get(errno.errorcode.get(error.errno or 0, ""))
        language = _system_language()
        reason = translate(why, language) if why else (error.strerror or str(error))
        echo_err(translate(CANNOT_MAKE, language, root=workspace.root, reason=reason))
        sys.exit(EXIT_CONFIG)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generated sample data.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def demo(directory: Path | None, seed: int, as_json: bool) -> None:
    """Make a workspace with realistic sample files of every kind and process them all."""
    from backoffice_auto.demo import run_demo

    directory = directory or Path("backoffice-demo")
    workspace = Workspace.at(directory)
    _made(workspace, lambda: workspace.root.mkdir(parents=True, exist_ok=True))
    summary = run_demo(workspace, seed=seed, report=echo_err)
    if as_json:
        emit_json(summary)
    sys.exit(EXIT_OK if summary["ok"] else EXIT_REFUSED)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="One JSON list, an object per file.")
@click.option("--dry-run", is_flag=True, help="Compute everything; commit, write and move nothing.")
@click.option("--stable", type=Seconds(0), default=2.0, show_default=True, metavar="S",
              help="A file changed in the last S seconds is waited for until it has been quiet that long.")
def process(paths: tuple[Path, ...], workspace_dir: Path, as_json: bool, dry_run: bool, stable: float) -> None:
    """Process PATHS (files or folders) once, in the foreground; no PATHS: everything waiting in the inbox."""
    import os

    from functools import partial

    from backoffice_auto.pipeline.ignore import named_work
    from backoffice_auto.pipeline.ownfolders import OWN_FOLDER, is_own, own_folder_of, own_folders
    from backoffice_auto.pipeline.settle import settle

    pipeline = open_pipeline(workspace_dir)
    if not dry_run:
        pipeline.recover()
    since = pipeline.journal_mark()
    own = own_folders(pipeline.workspace)
    kept = {p: own_folder_of(p, own) for p in paths if os.path.lexists(p)}  # outbox/... never new work
    named = [p for p in paths if os.path.lexists(p) and kept[p] is None]
    files = named_work(named, pipeline.rules.watch, partial(is_own, own=own)) if paths else pipeline.waiting_files()
    missing = [p for p in paths if not os.path.lexists(p)]
    results = [JobResult(file=str(p), kind=None, status="refused", job=None,
                         messages=({"level": "error", "text": translate(NO_SUCH_FILE, pipeline.language),
                                    "where": str(p)},)) for p in missing]
    results += [JobResult(file=str(p), kind=None, status="refused", job=None, messages=({
        "level": "error", "where": str(p), "text": translate(OWN_FOLDER, pipeline.language, name=str(p),
                                                             folder=folder)},)) for p, folder in kept.items() if folder]
    def log_wait(fresh: list[Path]) -> None:
        from backoffice_auto.eventlog import log_event

        log_event(pipeline.workspace, "process.waiting", stable=stable,
                  files=[pipeline.env().relative(p) for p in fresh])

    still_written, waited = settle(files, stable, on_wait=log_wait)
    ready = [f for f in files if f not in still_written]
    done = _run_with_progress(pipeline, ready, dry_run, since)
    results += [_with_waited(pipeline, result, waited.get(path)) for path, result in zip(ready, done)]
    results += [_left_waiting(pipeline, path, stable) for path in files if path in still_written]
    if not paths:
        results += _open_in_editor(pipeline)
    if as_json:
        emit_json(results)
    else:
        for result in results:
            _print_result(result, pipeline.language)
        if not results:
            echo_err(translate(NOTHING_TO_PROCESS, pipeline.language))
    _log_outage(pipeline, results)
    code = exit_code(results)
    if pipeline.export_outage is not None:
        from backoffice_auto.pipeline.outage import BOOKS_EXPORT

        echo_err(pipeline.export_outage.render(pipeline.language, BOOKS_EXPORT))
        code = EXIT_OUTAGE
    pipeline.close()
    sys.exit(code)


def _log_outage(pipeline, results: list) -> None:
    """One log line for a run the machine stopped (the file, what failed and where)."""
    first = next((r for r in results if r.status == "postponed" and r.extra.get("outage")), None)
    if first is not None:
        from backoffice_auto.eventlog import log_event

        log_event(pipeline.workspace, "process.postponed", level="error", file=first.file, job=first.job,
                  postponed=sum(r.status == "postponed" for r in results), **first.extra["outage"].as_log())


def exit_code(results: list) -> int:
    """3 when the machine failed a write (files postponed), else 1 when a file was refused."""
    if any(r["status"] == "postponed" for r in results):
        return EXIT_OUTAGE
    return EXIT_REFUSED if any(r["status"] == "refused" for r in results) else EXIT_OK


def _with_waited(pipeline, result: JobResult, seconds: float | None) -> JobResult:
    """Say in the result that `process` waited for the file to stop changing."""
    if seconds is None:
        return result
    from dataclasses import replace

    from backoffice_auto.errors import Problem, Source
    from backoffice_auto.pipeline.settle import WAITED

    note = Problem(WAITED, Source(Path(result.file).name), {"seconds": round(seconds, 1)}, level="info")
    return replace(result, messages=(*result.messages, note.as_json(pipeline.language)))


def _left_waiting(pipeline, path: Path, stable: float) -> JobResult:
    from backoffice_auto.errors import Problem, Source
    from backoffice_auto.pipeline.settle import STILL_WRITTEN

    note = Problem(STILL_WRITTEN, Source(path.name), {"seconds": stable}, level="warning")
    return JobResult(file=pipeline.env().relative(path), kind=None, status="waiting", job=None,
                     messages=(note.as_json(pipeline.language),))


def _open_in_editor(pipeline) -> list[JobResult]:
    """The documents in the inbox that wait because an editor has them open (`ignore.lock_beside`)."""
    from backoffice_auto.pipeline.ignore import left_alone_entries
    from backoffice_auto.status import left_alone_text

    held = [entry for entry in left_alone_entries(pipeline.workspace.inbox, pipeline.rules.watch)
            if entry["why"] in ("open", "open-by")]
    return [JobResult(file=f"inbox/{entry['file']}", kind=None, status="waiting", job=None, messages=(
        {"level": "info", "text": left_alone_text(entry, pipeline.language), "where": Path(entry["file"]).name},))
        for entry in held]


def _run_with_progress(pipeline, files: list[Path], dry_run: bool, since: str | None = None) -> list[JobResult]:
    """On a terminal: a bar over the files, and beside it the file at work and what its job is
    doing (a statement of 100,000 lines, a payroll of 200 payslips take a while)."""
    if not (files and sys.stderr.isatty()):
        return pipeline.process_paths(files, dry_run=dry_run, since=since)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from rich.markup import escape

    from backoffice_auto.textline import shown

    label = escape(translate(PROCESSING, pipeline.language))
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_stderr_console()) as progress:
        task = progress.add_task(label, total=len(files))

        def told(file: str, step: str | None) -> None:
            name = escape(shown(Path(file).name))  # a name such as `[red]x.xlsx` is no markup
            progress.update(task, description=f"{label} {name}" + (f": {escape(shown(step))}" if step else ""))

        pipeline.on_step = told
        try:
            return pipeline.process_paths(files, dry_run=dry_run, progress=lambda _p: progress.advance(task),
                                          since=since)
        finally:
            pipeline.on_step = None


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _print_result(result: dict, language: str = "en") -> None:
    from backoffice_auto.textline import shown

    job = " " + translate(JOB_SUFFIX, language, job=result["job"]) if result.get("job") else ""
    echo_err(f"{word(result['status'], language):9} {shown(result['file'] or '-')}{job}")
    for message in result.get("messages", []):
        where = f"{shown(message['where'])}: " if message.get("where") else ""
        echo_err(f"          {word(message['level'], language)}: {where}{message['text']}")
    for output in result.get("outputs", []):
        echo_err(f"          -> {output}")


@cli.command()
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.option("--limit", default=20, show_default=True, help="How many recent jobs to list.")
def status(workspace_dir: Path, as_json: bool, limit: int) -> None:
    """What happened to each file: queue, recent and failed jobs, mail, rules."""
    from backoffice_auto.status import collect_status, render_status

    workspace = Workspace.at(workspace_dir)
    if not workspace.is_workspace():
        echo_err(translate(NOT_A_WORKSPACE, _system_language(), root=workspace.root, directory=workspace_dir))
        sys.exit(EXIT_CONFIG)
    report = collect_status(workspace, limit=limit, language=_settings_language(workspace))
    if as_json:
        emit_json(report)
    else:
        echo_err(render_status(report))


@cli.command()
@click.argument("job")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def retry(job: str, workspace_dir: Path, as_json: bool) -> None:
    """Run a refused job again (after the master data or rules were fixed); JOB is its number or the refused file's name."""
    from backoffice_auto.pipeline.runner import ConfigError

    pipeline = open_pipeline(workspace_dir)
    language = pipeline.language
    try:
        result = pipeline.retry(job.zfill(6) if job.isdigit() else job)
    except ConfigError as error:
        echo_err("\n".join(error.lines_in(language)))
        sys.exit(EXIT_CONFIG)
    finally:
        pipeline.close()
    if as_json:
        emit_json(result)
    else:
        _print_result(result, language)
    sys.exit(exit_code([result]))


@cli.group()
def tasks() -> None:
    """Jobs started by the clock or a command (a payment run...), once per task and date."""


@tasks.command("list")
def tasks_list() -> None:
    """The scheduled tasks of the installed jobs, with when the daemon starts them (when
    rules/watch.yaml lists them under `tasks:`)."""
    from backoffice_auto.pipeline.tasks import describe_schedule, scheduled_tasks

    for spec, task in scheduled_tasks():
        click.echo(f"{task.name}\t{spec.name}\t{describe_schedule(task)}")


@tasks.command("run")
@click.argument("name")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The task's date (default: today). The same task and date run once.")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def tasks_run(name: str, day, workspace_dir: Path, as_json: bool) -> None:
    """Run a scheduled task now, through the pipeline: exactly once per task and date."""
    from backoffice_auto.pipeline.tasks import run_task, task_names

    if name not in task_names():
        echo_err(translate(NO_SUCH_TASK, _settings_language(Workspace.at(workspace_dir)), task=name,
                           known=", ".join(task_names()) or "-"))
        sys.exit(EXIT_CONFIG)
    pipeline = open_pipeline(workspace_dir)
    try:
        result = run_task(pipeline, name, task_day(pipeline, day))
    finally:
        pipeline.close()
    if as_json:
        emit_json(result)
    else:
        _print_result(result)
    sys.exit(exit_code([result]))


@cli.group()
def rules() -> None:
    """Rule files: validate them."""


@rules.command("check")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def rules_check(workspace_dir: Path, as_json: bool) -> None:
    """Validate every rule file; problems as file:line:col: message."""
    from backoffice_auto.rules.check import check_rules, format_problems

    workspace = Workspace.at(workspace_dir)
    if not workspace.rules_dir.is_dir():
        echo_err(translate(NO_RULES_FOLDER, _system_language(), folder=workspace.rules_dir))
        sys.exit(EXIT_CONFIG)
    problems = check_rules(workspace.root)
    language = _settings_language(workspace)
    if as_json:
        click.echo(format_problems(problems, json=True, language=language))
    elif problems:
        echo_err(translate(RULES_INVALID, language))
        echo_err(format_problems(problems, language=language))
    else:
        echo_err(translate(RULES_OK, language))
    sys.exit(EXIT_REFUSED if problems else EXIT_OK)


def _system_language() -> str:
    """The language of the system's locale (LANG and the like), for words said outside a workspace."""
    from backoffice_auto.i18n.languages import system_language

    return system_language()


def _settings_language(workspace: Workspace) -> str:
    """The admin's language for rule problems, read leniently (settings.yaml may be the broken file)."""
    from backoffice_auto.i18n import normalize_language
    from backoffice_auto.rules.loader import MAX_RULE_FILE_BYTES
    from backoffice_auto.rules.yamlpos import load_yaml

    try:  # bounded like every rule file (size, depth, aliases): this runs before every command
        path = workspace.rules_dir / "settings.yaml"
        if not path.exists():  # no workspace here: the system's language
            return _system_language()
        if not path.is_file():  # a FIFO would block the open
            return "en"
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RULE_FILE_BYTES + 1)
        data = load_yaml(raw.decode("utf-8-sig"), "settings.yaml").data if len(raw) <= MAX_RULE_FILE_BYTES else None
    except (OSError, UnicodeDecodeError):
        return "en"
    return normalize_language(data.get("language") if isinstance(data, dict) else None, default="en")


@cli.group()
def books() -> None:
    """The books: export them."""


@books.command("export")
@workspace_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object keyed by table.")
def books_export(workspace_dir: Path, as_json: bool) -> None:
    """Write outbox/books/<table>.xlsx for every table, or print the books as JSON."""
    from backoffice_auto.books.schema import TABLES
    from backoffice_auto.books.store import Store
    from backoffice_auto.reports.books_export import books_json, export_tables

    workspace = Workspace.at(workspace_dir)
    if not workspace.is_workspace():
        echo_err(translate(NOT_A_WORKSPACE, _system_language(), root=workspace.root, directory=workspace_dir))
        sys.exit(EXIT_CONFIG)
    workspace.ensure()
    store = Store(workspace.db_path)
    if as_json:
        emit_json(books_json(store.read()))
    else:
        for path in export_tables(store.read(), list(TABLES), workspace.books_out, _settings_language(workspace)):
            echo_err(translate(WROTE, _settings_language(workspace), path=path.relative_to(workspace.root)))
    store.close()


def _add_job_commands() -> None:
    """The engine's own command groups, then each job's, from its spec (`JobSpec.commands`)."""
    from backoffice_auto.jobspec import installed_specs
    from backoffice_auto.mail.cli import mail_group
    from backoffice_auto.watch.cli import watch_command

    for command in (watch_command, mail_group):
        cli.add_command(command)
    for spec in installed_specs():
        for command in spec.commands():
            cli.add_command(command)


_add_job_commands()


def _named_workspace(argv: list[str]) -> Path:
    """The workspace the command line names (`-w DIR`, else the current folder)."""
    for i, arg in enumerate(argv):
        if arg in ("-w", "--workspace") and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--workspace="):
            return Path(arg.split("=", 1)[1])
    return Path(".")


def _argv_language(argv: list[str]) -> str:
    """The language of the workspace the command line names (`-w DIR`, else the current folder)."""
    return _settings_language(Workspace.at(_named_workspace(argv)))


def main() -> None:
    from backoffice_auto.i18n.clickhelp import translate_help
    from backoffice_auto.i18n.clickwords import install

    language = install(_argv_language(sys.argv[1:]))  # click's own words (usage errors, help) in that language
    translate_help(cli, language)  # and our commands' and options' help
    cli()


if __name__ == "__main__":
    main()
