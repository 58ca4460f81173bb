"""Run: one file from the inbox to a committed journal row, then delivered.

Read it (bounded), claim it, pick the one handler that takes it, let the handler work on
the books inside one transaction, and commit. A refusal, or a bug in a handler, refuses the
file with the reason and never loses it; a dry run rolls everything back.
"""

from __future__ import annotations

import dataclasses

import shutil
import traceback
from pathlib import Path

from backoffice_auto.books import journal
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.jobspec import spec_for_handler
from backoffice_auto.pipeline import registry
from backoffice_auto.pipeline.claim import claim, claim_unread
from backoffice_auto.pipeline.commit import commit_done, commit_duplicate, commit_refused, staging_for
from backoffice_auto.pipeline.deliver import deliver
from backoffice_auto.pipeline.env import JobEnv, crash_point
from backoffice_auto.pipeline.handler import Handler, Incoming, JobContext
from backoffice_auto.pipeline.result import JobResult
from backoffice_auto.workspace import INBOX_FOLDERS


def folder_hint(env: JobEnv, path: Path) -> str | None:
    try:
        parts = path.resolve().relative_to(env.workspace.inbox).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in INBOX_FOLDERS else None


def process_file(env: JobEnv, handlers: list[Handler], path: Path, dry_run: bool) -> JobResult:
    """One file, under the caller's job lock."""
    limits = env.rules.settings.limits
    rel_name = env.relative(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_mb * 1024 * 1024:
            return _refuse_unread(env, path, rel_name, Problem(
                N_("file is {size_mb} MB, over the limit of {limit_mb} MB"), Source(path.name),
                {"size_mb": round(size / 1024 / 1024, 1), "limit_mb": limits.max_file_mb}), dry_run)
        data = path.read_bytes()
    except FileNotFoundError:
        return JobResult(file=rel_name, kind=None, status="refused", job=None, messages=(Problem(
            N_("the file disappeared before it could be claimed; nothing was done"),
            Source(path.name), level="warning").as_json(env.language),))
    incoming = Incoming(name=path.name, data=data, folder_hint=folder_hint(env, path), path=path)
    claimed = claim(env, incoming, rel_name, dry_run)
    crash_point("claimed")
    if claimed.duplicate_of is not None:
        result, row = commit_duplicate(env, incoming, claimed.job_id, claimed.duplicate_of, rel_name, dry_run)
        if row is not None:
            deliver(env, row)
        return result
    return run_job(env, handlers, incoming, claimed.job_id, rel_name, dry_run)


def run_job(env: JobEnv, handlers: list[Handler], incoming: Incoming, job_id: str, rel_name: str,
            dry_run: bool) -> JobResult:
    staging = staging_for(env, job_id)
    now = env.now()
    kind = None
    try:
        handler = registry.identify(incoming, handlers)
        kind = handler.kind
        spec = spec_for_handler(handler, env.specs)
        with env.store.transaction() as books:
            ctx = JobContext(job_id=job_id, workspace=env.workspace, rules=env.rules, books=books,
                             staging=staging / "out", today=now.date(), now=now, dry_run=dry_run,
                             job_rules=env.job_rules(spec), hooks=env.hooks)
            handler.process(incoming, ctx)
            crash_point("processing")
            if dry_run:
                raise _DryRun(ctx)
            result = commit_done(env, incoming, job_id, kind, ctx, staging, now, books.touched)
    except _DryRun as dry:
        shutil.rmtree(staging, ignore_errors=True)
        return JobResult(file=rel_name, kind=kind, status="done", job=None,
                         messages=tuple(p.as_json(env.language) for p in dry.ctx.notes), dry_run=True)
    except Refusal as refusal:
        return _refused(env, incoming, job_id, kind, refusal.problems, staging, rel_name, dry_run)
    except Exception as error:  # a bug must not lose the file: refuse it with the reason
        problem = Problem(N_("internal error while processing: {error}"), Source(incoming.name),
                          {"error": f"{type(error).__name__}: {error}"})
        env.log("job.crashed", job=job_id, file=rel_name, traceback=traceback.format_exc())
        return _refused(env, incoming, job_id, kind, [problem], staging, rel_name, dry_run)
    crash_point("committed")
    deliver(env, journal.get(env.store.conn, job_id))
    return result


def _refused(env: JobEnv, incoming: Incoming, job_id: str, kind: str | None, problems: list[Problem],
             staging: Path, rel_name: str, dry_run: bool) -> JobResult:
    # every refusal names the file: a problem about the whole file gets the file as its place
    problems = [p if p.source is not None else dataclasses.replace(p, source=Source(incoming.name))
                for p in problems]
    result, row = commit_refused(env, incoming, job_id, kind, problems, staging, rel_name, dry_run)
    if row is not None:
        deliver(env, row)
    return result


def _refuse_unread(env: JobEnv, path: Path, rel_name: str, problem: Problem, dry_run: bool) -> JobResult:
    """Too big to read: claimed by name and size instead of content."""
    incoming = Incoming(name=path.name, data=b"", folder_hint=folder_hint(env, path), path=path)
    if dry_run:
        return JobResult(file=rel_name, kind=None, status="refused", job=None,
                         messages=(problem.as_json(env.language),), dry_run=True)
    job_id = claim_unread(env, path, incoming, rel_name)
    return _refused(env, incoming, job_id, None, [problem], staging_for(env, job_id), rel_name, False)


class _DryRun(Exception):
    def __init__(self, ctx: JobContext):
        self.ctx = ctx
