"""Run: one file from the inbox to a committed journal row, then delivered.

Look at it without following links (`inbox_entry`: anything but a regular file with one
name is refused unread), read it (bounded), claim it, pick the one handler that takes it,
let the handler work on the books inside one transaction under the job's time bound, and
commit. A refusal, a bug in a handler or an overrun refuses the file with the reason and
never loses it; a write the machine refused (disk full: `outage`) postpones it instead; a file whose last attempt died is rehearsed in a child process first
(`isolation`); a dry run rolls everything back.
"""

from __future__ import annotations

import dataclasses

import shutil
import traceback
from pathlib import Path

from backoffice_auto.errors import Problem, Refusal, Source, listed
from backoffice_auto.gcpause import collector_paused
from backoffice_auto.i18n import N_
from backoffice_auto.jobspec import spec_for_handler
from backoffice_auto.pipeline import ignore, inbox_entry, registry
from backoffice_auto.pipeline.claim import claim, claim_unread
from backoffice_auto.pipeline.commit import commit_done, commit_duplicate, commit_refused, staging_for
from backoffice_auto.pipeline.deliver import deliver_or_report
from backoffice_auto.pipeline.env import JobEnv, crash_point
from backoffice_auto.pipeline.handler import Handler, Incoming, JobContext
from backoffice_auto.pipeline.isolation import CRASHED_TWICE, rehearse
from backoffice_auto.pipeline.outage import DELIVERY_STOPPED, FILE_LEFT, Outage, outage_of
from backoffice_auto.pipeline.recover import forget_claim
from backoffice_auto.pipeline.result import JobResult
from backoffice_auto.pipeline.settle import TAKEN
from backoffice_auto.pipeline.timebound import TOO_LONG, JobTimeout, stall_point, time_bound
from backoffice_auto.workspace import INBOX_FOLDERS


UNFINISHED = N_("the name says this is an unfinished copy or download (it ends in {suffix}), and nothing has "
                 "written to it for {minutes} minutes: the copy never finished. It was not read; copy or download "
                 "the file again under its own name.")
STILL_UNFINISHED = N_("an unfinished copy or download (its name ends in {suffix}) that changed in the last {minutes} "
                      "minutes: left in the inbox while it is written")
NOT_TEXT = N_("the file name is not valid text (it holds bytes of an old code page); the file was left where it "
               "is. Rename it and process it again.")


def folder_hint(env: JobEnv, path: Path) -> str | None:
    """The inbox subfolder the path lies in, by spelling (links are never resolved)."""
    rel = inbox_entry.inbox_relative(inbox_entry.absolute(path), env.workspace.inbox)
    parts = rel.parts if rel is not None else ()
    return parts[0] if len(parts) > 1 and parts[0] in INBOX_FOLDERS else None


def process_file(env: JobEnv, handlers: list[Handler], path: Path, dry_run: bool,
                 taken_since: str | None = None) -> JobResult:
    """One file, under the caller's job lock. `taken_since`: the last job id before this run
    listed its files; a file gone since and claimed by a later job was taken by another run.

    A write the machine refused at any step (disk full ...) postpones the file instead of
    refusing it (`outage`): the result says so, with status `postponed`."""
    try:
        return _process_file(env, handlers, path, dry_run, taken_since)
    except Exception as error:
        outage = outage_of(error, env.workspace, where=env.workspace.staging_root)
        if outage is None:
            raise
        return postponed(env, path, outage)


def postponed(env: JobEnv, path: Path, outage: Outage) -> JobResult:
    """The job of `path` undone as a crash before its commit is (`recover.forget_claim`): its
    transaction is rolled back already; its claim and staging go, the original stays in the
    inbox. A job that committed keeps its commit; `recover()` finishes its delivery. When the
    journal cannot be written either, the claim stays `running` and the next run takes it over."""
    rel_name = env.relative(inbox_entry.absolute(path))
    log = env.store.journal
    committed = None
    try:
        committed = next((row for row in log.undelivered() if row.inbox_path == rel_name), None)
        for row in log.running():
            if row.inbox_path == rel_name:
                forget_claim(env, row)
    except Exception as error:  # the books cannot be written now: the claim is taken over later
        if outage_of(error, env.workspace) is None:
            raise
    name = inbox_entry.text_name(Path(rel_name).name)
    if committed is not None:
        text = outage.render(env.language, DELIVERY_STOPPED, job=committed.job_id)
    else:
        text = outage.render(env.language, FILE_LEFT)
    return JobResult(file=rel_name, kind=committed.kind if committed else None, status="postponed",
                     job=committed.job_id if committed else None,
                     messages=({"level": "error", "text": text, "where": name},),
                     extra={"outage": outage})


def _process_file(env: JobEnv, handlers: list[Handler], path: Path, dry_run: bool,
                  taken_since: str | None) -> JobResult:
    limits = env.rules.settings.limits
    path = inbox_entry.renamed_as_text(path, env.workspace.inbox)
    if not inbox_entry.is_text(path):  # outside the inbox (never renamed there): refused, left alone
        return JobResult(file=inbox_entry.text_name(env.relative(path)), kind=None, status="refused", job=None,
                         messages=(Problem(NOT_TEXT, Source(inbox_entry.text_name(path.name))).as_json(env.language),))
    entry = inbox_entry.inspect(path, env.workspace.inbox)
    rel_name = env.relative(entry.path)
    if entry.kind == "missing":
        return _vanished(env, entry, rel_name, taken_since)
    if entry.kind != inbox_entry.REGULAR:  # a link, a FIFO, a hard link ...: refused unread
        reason = inbox_entry.REASONS.get(entry.kind, inbox_entry.REASONS["other"])
        return _refuse_unread(env, entry, rel_name, Problem(reason, Source(entry.path.name)), dry_run)
    if ignore.unfinished_name(entry.path.name):  # taken only when stale (`ignore.left_alone`), or when named
        return _unfinished(env, entry, rel_name, dry_run)
    if entry.size > limits.max_file_mb * 1024 * 1024:
        return _refuse_unread(env, entry, rel_name, Problem(
            N_("file is {size_mb} MB, over the limit of {limit_mb} MB"), Source(entry.path.name),
            {"size_mb": round(entry.size / 1024 / 1024, 1), "limit_mb": limits.max_file_mb}), dry_run)
    try:
        data = inbox_entry.read(entry, env.workspace.inbox)
    except (FileNotFoundError, inbox_entry.EntryChanged):
        return _vanished(env, entry, rel_name, taken_since)
    except PermissionError:  # another user's file the service may not open: refused unread, by identity
        return _refuse_unread(env, entry, rel_name, Problem(inbox_entry.NOT_READABLE, Source(entry.path.name)),
                              dry_run)
    incoming = Incoming(name=entry.path.name, data=data, folder_hint=folder_hint(env, entry.path), path=entry.path)
    claimed = claim(env, incoming, rel_name, dry_run)
    crash_point("claimed")
    if claimed.duplicate_of is not None:
        result, row = commit_duplicate(env, incoming, claimed.job_id, claimed.duplicate_of, rel_name, dry_run)
        if row is not None:
            deliver_or_report(env, row)
        return result
    if claimed.retried and not dry_run:
        refused = _after_rehearsal(env, incoming, claimed.job_id, rel_name)
        if refused is not None:
            return refused
    return run_job(env, handlers, incoming, claimed.job_id, rel_name, dry_run)


def _unfinished(env: JobEnv, entry: inbox_entry.Entry, rel_name: str, dry_run: bool) -> JobResult:
    """A copy or download's temporary name: left waiting while it changes, refused unread once
    untouched for `watch.yaml` `stale_after_minutes` (nothing of a half-written file is read)."""
    suffix = "." + entry.path.name.rsplit(".", 1)[-1]
    age = ignore.age_seconds(entry.path)
    if age < ignore.stale_seconds(env.rules.watch):
        note = Problem(STILL_UNFINISHED, Source(entry.path.name),
                       {"suffix": suffix, "minutes": env.rules.watch.stale_after_minutes}, level="warning")
        return JobResult(file=rel_name, kind=None, status="waiting", job=None, messages=(note.as_json(env.language),))
    problem = Problem(UNFINISHED, Source(entry.path.name), {"suffix": suffix, "minutes": int(age // 60)})
    return _refuse_unread(env, entry, rel_name, problem, dry_run)


def _vanished(env: JobEnv, entry: inbox_entry.Entry, rel_name: str, taken_since: str | None) -> JobResult:
    taker = env.store.journal.claimed_after(rel_name, taken_since) if taken_since is not None else None
    if taker is not None:
        return JobResult(file=rel_name, kind=taker.kind, status="taken", job=None, messages=(Problem(
            TAKEN, Source(entry.path.name), {"job": taker.job_id}, level="info").as_json(env.language),))
    return JobResult(file=rel_name, kind=None, status="refused", job=None, messages=(Problem(
        N_("the file disappeared before it could be claimed; nothing was done"),
        Source(entry.path.name), level="warning").as_json(env.language),))


def _after_rehearsal(env: JobEnv, incoming: Incoming, job_id: str, rel_name: str) -> JobResult | None:
    """The last attempt at this file died: rehearse it in a child process first; refuse the
    file if the child dies or overruns too (see `pipeline/isolation.py`)."""
    seconds = env.rules.settings.limits.max_job_seconds
    rehearsal = rehearse(env.workspace.root, incoming.path, seconds)
    env.log("job.rehearsed", job=job_id, file=rel_name, outcome=rehearsal.outcome, detail=rehearsal.detail)
    if rehearsal.outcome == "crashed":
        problem = Problem(CRASHED_TWICE, Source(incoming.name), {"cause": rehearsal.detail})
    elif rehearsal.outcome == "overran":
        problem = Problem(TOO_LONG, Source(incoming.name), {"seconds": seconds})
    else:
        return None
    return _refused(env, incoming, job_id, None, [problem], staging_for(env, job_id), rel_name, False)


def run_job(env: JobEnv, handlers: list[Handler], incoming: Incoming, job_id: str, rel_name: str,
            dry_run: bool) -> JobResult:
    """One claimed job: run, commit, deliver, with the cyclic garbage collector paused (a big
    job keeps millions of objects alive; see `gcpause`)."""
    with collector_paused():
        return _run_job(env, handlers, incoming, job_id, rel_name, dry_run)


def _run_job(env: JobEnv, handlers: list[Handler], incoming: Incoming, job_id: str, rel_name: str,
             dry_run: bool) -> JobResult:
    staging = staging_for(env, job_id)
    now = env.now()
    kind = None
    try:
        handler = registry.identify(incoming, handlers)
        kind = handler.kind
        spec = spec_for_handler(handler, env.specs)
        seconds = env.rules.settings.limits.max_job_seconds
        with env.store.transaction() as books:
            told = env.on_step
            ctx = JobContext(job_id=job_id, workspace=env.workspace, rules=env.rules, books=books,
                             staging=staging / "out", today=now.date(), now=now, dry_run=dry_run,
                             job_rules=env.job_rules(spec), hooks=env.hooks,
                             on_step=(lambda text: told(rel_name, text)) if told is not None else None)
            if told is not None:
                told(rel_name, None)
            with time_bound(seconds, on_hard_kill=lambda: env.log(
                    "job.time_limit_kill", level="error", job=job_id, file=rel_name, seconds=seconds)):
                handler.process(incoming, ctx)
                crash_point("processing")
                stall_point("processing")
            if dry_run:
                raise _DryRun(ctx)
            result = commit_done(env, incoming, job_id, kind, ctx, staging, now, books.touched)
    except _DryRun as dry:
        shutil.rmtree(staging, ignore_errors=True)
        return JobResult(file=rel_name, kind=kind, status="done", job=None,
                         messages=tuple(p.as_json(env.language) for p in listed(dry.ctx.notes, Source(incoming.name))),
                         dry_run=True)
    except Refusal as refusal:
        return _refused(env, incoming, job_id, kind, refusal.problems, staging, rel_name, dry_run)
    except JobTimeout as timeout:
        problem = Problem(TOO_LONG, Source(incoming.name), {"seconds": timeout.seconds})
        return _refused(env, incoming, job_id, kind, [problem], staging, rel_name, dry_run)
    except Exception as error:  # a bug must not lose the file: refuse it with the reason
        if outage_of(error, env.workspace) is not None:
            raise  # the machine's failure, not the file's: postponed by `process_file`
        problem = Problem(N_("internal error while processing: {error}"), Source(incoming.name),
                          {"error": f"{type(error).__name__}: {error}"})
        env.log("job.crashed", job=job_id, file=rel_name, traceback=traceback.format_exc())
        return _refused(env, incoming, job_id, kind, [problem], staging, rel_name, dry_run)
    crash_point("committed")
    deliver_or_report(env, env.store.journal.get(job_id))
    return result


def _refused(env: JobEnv, incoming: Incoming, job_id: str, kind: str | None, problems: list[Problem],
             staging: Path, rel_name: str, dry_run: bool, keep_original: bool = True) -> JobResult:
    # every refusal names the file: a problem about the whole file gets the file as its place
    problems = [p if p.source is not None else dataclasses.replace(p, source=Source(incoming.name))
                for p in problems]
    result, row = commit_refused(env, incoming, job_id, kind, problems, staging, rel_name, dry_run,
                                 keep_original=keep_original)
    if row is not None:
        deliver_or_report(env, row)
    return result


def _refuse_unread(env: JobEnv, entry: inbox_entry.Entry, rel_name: str, problem: Problem,
                   dry_run: bool) -> JobResult:
    """Too big to read, not readable, or not a regular file: claimed by its identity instead of content."""
    incoming = Incoming(name=entry.path.name, data=b"", folder_hint=folder_hint(env, entry.path), path=entry.path)
    if dry_run:
        return JobResult(file=rel_name, kind=None, status="refused", job=None,
                         messages=(problem.as_json(env.language),), dry_run=True)
    job_id = claim_unread(env, entry, incoming, rel_name)
    return _refused(env, incoming, job_id, None, [problem], staging_for(env, job_id), rel_name, False,
                    keep_original=entry.kind == inbox_entry.REGULAR)


class _DryRun(Exception):
    def __init__(self, ctx: JobContext):
        self.ctx = ctx
