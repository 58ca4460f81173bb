"""Commit: the journal row, the manifest of outputs and staged mail, in one transaction.

`commit_done` runs inside the job's own transaction (with its books changes);
`commit_refused` and `commit_duplicate` open their own. Each returns the `JobResult`
that `process --json` prints. Nothing here moves a file out of staging: that is delivery.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from backoffice_auto.books import journal
from backoffice_auto.errors import Problem, Source, listed
from backoffice_auto.i18n import N_, translate
from backoffice_auto.pipeline.env import JobEnv, crash_point
from backoffice_auto.pipeline.handler import Incoming, JobContext
from backoffice_auto.pipeline.inbox_entry import absolute, inbox_relative
from backoffice_auto.pipeline.names import free_failed_name, one_line, safe_name, safe_relative
from backoffice_auto.pipeline.outage import outage_of
from backoffice_auto.pipeline.result import JobResult


def staging_for(env: JobEnv, job_id: str) -> Path:
    """A clean staging folder for the job (what a crashed attempt left is wiped)."""
    staging = env.workspace.staging_root / job_id
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "out").mkdir(parents=True)
    (staging / "mail").mkdir()
    return staging


def _pending(mail_files: list[str]) -> list[str]:
    return [f"outbox/mail/pending/{m}" for m in mail_files]


def _header_safe(message, job_id: str):
    """A file's name never goes raw into a mail header: one-line subject, safe attachment
    names, attachment outputs named as `JobContext.output` named them."""
    attachments = tuple(replace(a, filename=safe_name(a.filename, job_id),
                                output=safe_relative(a.output, job_id) if a.output else a.output)
                        for a in message.attachments)
    return replace(message, subject=one_line(message.subject), attachments=attachments)


def stage_mail(env: JobEnv, messages: list, job_id: str, staging: Path) -> list[str]:
    if not messages:
        return []
    from backoffice_auto.mail.footer import with_footer
    from backoffice_auto.mail.spool import render_job_mail

    names = []
    safe = [with_footer(_header_safe(m, job_id)) for m in messages]  # every job's mail: the same footer
    folder = os.fspath(staging / "mail")
    for name, data in render_job_mail(safe, job_id, staging / "out", env.rules):
        _write_new(os.path.join(folder, name), data)
        names.append(name)
    return names


def _write_new(path: str, data: bytes) -> None:
    """A staged file in one open/write/close, without the file-object layers (10,000 payslip
    mails are 10,000 of these)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def commit_done(env: JobEnv, incoming: Incoming, job_id: str, kind: str, ctx: JobContext, staging: Path,
                now: datetime, touched: set[str]) -> JobResult:
    """Inside the job's transaction: stage mail, write the journal row and manifest."""
    out_rel = Path("outbox") / now.date().isoformat() / f"{job_id}-{_safe_stem(incoming.stem, job_id)}"
    mail_files = stage_mail(env, ctx.mails, job_id, staging)
    outputs = sorted(str(out_rel / p.relative_to(staging / "out"))
                     for p in (staging / "out").rglob("*") if p.is_file())
    archived = _archive_as(env, incoming, job_id, now)
    messages = [p.as_json(env.language) for p in listed(ctx.notes, Source(incoming.name))]
    log = env.store.journal
    log.finish(job_id, status="done", kind=kind, rules_hash=env.rules.hash,
                   finished_at=env.stamp(), outbox_dir=str(out_rel),
                   manifest={"outputs": outputs, "mail": mail_files}, messages=messages,
                   archived_as=archived)
    log.mark_stale(touched)
    crash_point("committing")
    env.log("job.done", job=job_id, file=incoming.name, kind=kind, outputs=len(outputs), mail=len(mail_files))
    return JobResult(file=env.relative(incoming.path) if incoming.path else incoming.name, kind=kind,
                     status="done", job=job_id, outputs=tuple(outputs + _pending(mail_files)),
                     messages=tuple(messages))


def commit_refused(env: JobEnv, incoming: Incoming, job_id: str, kind: str | None, problems: list[Problem],
                   staging: Path, rel_name: str, dry_run: bool,
                   keep_original: bool = True) -> tuple[JobResult, journal.JobRow | None]:
    """The error report staged, the refusal journaled; the row to deliver (None on a dry run).

    The original goes to `failed/` under a name that is new there together with its two
    reports; `keep_original=False` (a link, a FIFO ...): only the reports, the entry's name
    is taken out of the inbox at delivery."""
    problems = listed(problems, Source(incoming.name))
    messages = tuple(p.as_json(env.language) for p in problems)
    if dry_run:
        shutil.rmtree(staging, ignore_errors=True)
        return JobResult(file=rel_name, kind=kind, status="refused", job=None, messages=messages,
                         dry_run=True), None
    staging = staging_for(env, job_id)
    failed_name = free_failed_name(env.workspace.failed, incoming.name, job_id)
    report = error_report(one_line(incoming.name), job_id, problems, env.language)
    (staging / "out" / f"{failed_name}.error.txt").write_text(report, encoding="utf-8")
    (staging / "out" / f"{failed_name}.error.json").write_text(json.dumps(
        {"file": incoming.name, "job": job_id, "problems": list(messages)}, ensure_ascii=False, indent=2),
        encoding="utf-8")
    log = env.store.journal
    archived = f"failed/{failed_name}" if keep_original and _in_inbox(env, incoming) else None
    with env.store.transaction():
        mail_files = _refusal_mail_staged(env, incoming, problems, job_id, staging)
        log.finish(job_id, status="refused", kind=kind, rules_hash=env.rules.hash,
                       finished_at=env.stamp(), outbox_dir="failed",
                       manifest={"outputs": [f"failed/{failed_name}.error.txt", f"failed/{failed_name}.error.json"],
                                 "mail": mail_files},
                       messages=list(messages), archived_as=archived)
    env.log("job.refused", job=job_id, file=rel_name, kind=kind, problems=[p.render("en") for p in problems])
    crash_point("committed")
    row = log.get(job_id)
    return JobResult(file=rel_name, kind=kind, status="refused", job=job_id,
                     outputs=tuple(row.manifest["outputs"] + _pending(mail_files)), messages=messages), row


def _refusal_mail_staged(env: JobEnv, incoming: Incoming, problems: list[Problem], job_id: str,
                         staging: Path) -> list[str]:
    """The notice for whoever is routed for the folder; a notice that cannot be made is
    logged and left out: it must never keep the refusal from being journaled. A disk that
    cannot take it (`outage`) stops the refusal instead: journaled without its notice, the
    clerk would never hear of it."""
    from backoffice_auto.mail.notices import refusal_notice

    try:
        message = refusal_notice(one_line(incoming.name), incoming.folder_hint, problems, env.rules)
        return stage_mail(env, [message] if message is not None else [], job_id, staging)
    except Exception as error:
        if outage_of(error, env.workspace) is not None:
            raise  # the machine failed, not the notice: the refusal waits for the next run
        env.log("job.notice_failed", level="error", job=job_id, error=f"{type(error).__name__}: {error}")
        return []


def _in_inbox(env: JobEnv, incoming: Incoming) -> bool:
    """Only what lies under inbox/ is ever moved (a file named elsewhere stays where it is)."""
    return incoming.path is not None and inbox_relative(absolute(incoming.path), env.workspace.inbox) is not None


def _archive_as(env: JobEnv, incoming: Incoming, job_id: str, now: datetime) -> str | None:
    if not _in_inbox(env, incoming):
        return None
    return str(Path("archive") / f"{now:%Y}" / f"{now:%m}" / f"{job_id}-{safe_name(incoming.name, job_id)}")


def commit_duplicate(env: JobEnv, incoming: Incoming, job_id: str, first: journal.JobRow, rel_name: str,
                     dry_run: bool) -> tuple[JobResult, journal.JobRow | None]:
    message = Problem(N_("same content as job {job} ({file}); not applied again"), Source(incoming.name),
                      {"job": first.job_id, "file": first.file_name}, level="warning")
    messages = (message.as_json(env.language),)
    if dry_run:
        return JobResult(file=rel_name, kind=first.kind, status="duplicate", job=None, messages=messages,
                         duplicate_of=first.job_id, dry_run=True), None
    now = env.now()
    archived = _archive_as(env, incoming, job_id, now)
    log = env.store.journal
    with env.store.transaction():
        log.finish(job_id, status="duplicate", kind=first.kind, rules_hash=env.rules.hash,
                       finished_at=now.isoformat(timespec="seconds"), outbox_dir=None,
                       manifest={"outputs": [], "mail": []}, messages=list(messages), archived_as=archived,
                       duplicate_of=first.job_id)
    env.log("job.duplicate", job=job_id, file=rel_name, duplicate_of=first.job_id)
    return JobResult(file=rel_name, kind=first.kind, status="duplicate", job=job_id, messages=messages,
                     duplicate_of=first.job_id), log.get(job_id)


def _safe_stem(stem: str, job_id: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
    return safe_name(keep[:60], job_id, limit=60)


def error_report(name: str, job_id: str, problems: list[Problem], language: str) -> str:
    lines = [translate("{file} was refused (job {job}).", language).format(file=name, job=job_id), ""]
    lines += [f"- {p.render(language)}" for p in problems]
    lines += ["", translate("Correct the file and drop it into the inbox again.", language), ""]
    return "\n".join(lines)
