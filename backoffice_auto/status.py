"""`backoffice-auto status`: the queue, recent and failed jobs, mail, the rules' state and the
scheduled tasks (on or off, last run, state, next start)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import get_day_names

from backoffice_auto.books import journal
from backoffice_auto.i18n import N_, translate
from backoffice_auto.i18n.formatting import babel_locale, format_date, format_datetime
from backoffice_auto.pipeline.result import STATUS_WORDS, status_word
from backoffice_auto.textline import shown
from backoffice_auto.books.store import Store
from backoffice_auto.workspace import Workspace


def collect_status(workspace: Workspace, limit: int = 20, language: str | None = None) -> dict[str, Any]:
    """Everything `status` shows. `language`: the workspace's as read leniently, for when the
    rules do not load (a typo in orders.yaml turned a Czech status into English)."""
    from backoffice_auto.jobspec import installed_specs
    from backoffice_auto.mail.status import mail_counts, smtp_state
    from backoffice_auto.pipeline.ignore import left_alone, left_alone_entries
    from backoffice_auto.pipeline.inbox_entry import walk
    from backoffice_auto.rules.loader import load_rules
    from backoffice_auto.watch.status import daemon_state, rules_state

    from backoffice_auto.pipeline.outage import NEARLY_FULL_BYTES, free_bytes
    from backoffice_auto.pipeline.runner import job_lock_busy

    workspace.ensure()
    store = Store(workspace.db_path)
    busy = job_lock_busy(workspace)
    free = free_bytes(workspace.state_dir)
    try:
        loaded = load_rules(workspace.rules_dir).rules
        inbox_rules = loaded.watch if loaded else None
        waiting = sorted(str(p.relative_to(workspace.root)) for p in walk(workspace.inbox, workspace.inbox)
                         if left_alone(p, workspace.inbox, inbox_rules) is None)  # what process would take
        report = {
            "workspace": str(workspace.root),
            "queue": waiting,
            "left_alone": [dict(entry, file=f"inbox/{entry['file']}")
                           for entry in left_alone_entries(workspace.inbox, inbox_rules)],
            "jobs": store.journal.counts(),
            "recent": [_job(r) for r in store.journal.recent(limit)],
            "job_running": busy,  # a `running` job while no process works is one cut short: to be redone
            "disk": {"free_bytes": free, "full": free is not None and free < NEARLY_FULL_BYTES},
            "failed": [_job(r) for r in store.journal.recent(limit, status="refused")],
            "mail": mail_counts(workspace),
            "smtp": smtp_state(loaded, loaded.settings.language if loaded else (language or "en")),
            "language": loaded.settings.language if loaded else (language or "en"),
            "rules": rules_state(workspace, loaded.settings.language if loaded else (language or "en")),
            "daemon": daemon_state(workspace),
            "installed": [{"job": spec.name, "kinds": sorted(h.kind for h in spec.handlers()),
                           "rule_files": [f.pattern for f in spec.rule_files]} for spec in installed_specs()],
            "tasks": _tasks(workspace, store.journal, loaded),
        }
    finally:
        store.close()
    return report


def _tasks(workspace: Workspace, log: Any, rules: Any) -> list[dict[str, Any]]:
    """Every scheduled task: `{task, job, schedule, enabled, last_run: {date, job, status},
    state: done|refused|running|redo|never, next_due}` (`pipeline.tasks.task_status`)."""
    from zoneinfo import ZoneInfo

    from backoffice_auto.pipeline.env import frozen_now
    from backoffice_auto.pipeline.tasks import task_status

    zone = ZoneInfo(rules.settings.timezone) if rules is not None else None
    now = (frozen_now(zone) if zone else None) or datetime.now(zone)
    return task_status(workspace, log, rules, now)


def _state(status: str, busy: bool) -> str:
    """A claim `running` while no process holds the job lock was cut short (a crash, a full
    disk): `redo`, done again from the start by the next run."""
    return "redo" if status == "running" and not busy else status


def _job(row: journal.JobRow) -> dict[str, Any]:
    return {"job": row.job_id, "file": row.file_name, "kind": row.kind, "status": row.status,
            "rules_hash": row.rules_hash,
            "delivered": row.delivered, "started": row.started_at, "finished": row.finished_at,
            "duplicate_of": row.duplicate_of, "where": row.archived_as,
            "outputs": row.manifest.get("outputs", []), "messages": row.messages}


DISK_FULL = N_("The disk holding {path} is (nearly) full: {free} free. Jobs wait in the inbox until space is freed; "
              "then run `backoffice-auto process` (a running watcher goes on by itself).")
WORKSPACE = N_("Workspace {path}")
DAEMON_RUNNING = N_("Daemon: running (pid {pid})")
DAEMON_STOPPED = N_("Daemon: not running")
JOBS = N_("Jobs: {counts}")
JOBS_NONE = N_("Jobs: none yet")
INSTALLED = N_("Jobs installed: {jobs}")
WAITING = N_("Waiting in the inbox: {n}")
LEFT_ALONE = N_("Left alone in the inbox, not work: {n}")
OPEN = N_("Open in an editor, taken once closed: {n}")
RULES = N_("Rules: {state}")
REFUSED = N_("Refused (retry with `backoffice-auto retry JOB`):")
RECENT = N_("Recent:")
TASKS = N_("Scheduled tasks (on and off in rules/watch.yaml, `tasks:`):")
TASK_NEVER = N_("never run")
TASK_LAST = N_("last {date}, job {job}: {state}")
TASK_NEXT = N_("next {when}")
TASK_OFF = N_("off")
SCHEDULE_DAILY = N_("daily")
SCHEDULE_OWN_DAYS = N_("on the job's own days")
SCHEDULE_DAYS_IF = N_("{days}, when the job's rules say so")
SCHEDULE_FROM = N_("{days} from {time}")
#: Words for a job's, a task's or the rules' state (the journal keeps the English word).
STATES = {**STATUS_WORDS, "ok": N_("ok"), "invalid": N_("invalid"), "unknown": N_("unknown"),
          "never": N_("never"), "redo": N_("to be redone")}


def left_alone_text(entry: dict[str, Any], lang: str) -> str:
    """Why `status` says an inbox entry is not work (`pipeline.ignore.REASONS`)."""
    from backoffice_auto.pipeline.ignore import REASONS

    return translate(REASONS[entry["why"]], lang, owner=entry.get("owner") or "-", pattern=entry.get("pattern") or "",
                     minutes=entry.get("stale_after_minutes") or "", who=entry.get("who") or "-")


def state_word(state: str | None, language: str) -> str:
    return status_word(state or "unknown", language, STATES)


def _task_line(task: dict[str, Any], lang: str) -> str:
    """One scheduled task: its state today, its last run, when it starts next, its days."""
    t = lambda msgid, **params: translate(msgid, lang, **params)  # noqa: E731
    last = task["last_run"]
    ran = t(TASK_LAST, date=_day(last["date"], lang), job=last["job"], state=state_word(last["status"], lang)) \
        if last else t(TASK_NEVER)
    when = task["next_due"]
    start = datetime.fromisoformat(when) if when else None
    upcoming = t(TASK_NEXT, when=format_datetime(start, lang, "short", start.tzinfo)) if start \
        else (t(TASK_OFF) if not task["enabled"] else "-")
    return f"  {task['task']:16} {state_word(task['state'], lang):10} {ran}; {upcoming}; {_schedule(task, lang)}"


def _day(iso: str | None, lang: str) -> str:
    return format_date(date.fromisoformat(iso), lang) if iso else "-"


def _schedule(task: dict[str, Any], lang: str) -> str:
    """`daily from 07:00` in the workspace language, weekday names from Babel."""
    t = lambda msgid, **params: translate(msgid, lang, **params)  # noqa: E731
    names = get_day_names("wide", locale=babel_locale(lang))
    days = ", ".join(names[d] for d in task.get("weekdays", []))
    if task.get("own_days"):
        days = t(SCHEDULE_DAYS_IF, days=days) if days else t(SCHEDULE_OWN_DAYS)
    days = days or t(SCHEDULE_DAILY)
    return t(SCHEDULE_FROM, days=days, time=task["at"]) if task.get("at") else days


def render_status(report: dict[str, Any], language: str | None = None) -> str:
    """The human `status`, in the workspace language; what keeps mail from going out comes first."""
    from backoffice_auto.mail.status import mail_hint, render_mail

    lang = language or report.get("language") or "en"
    t = lambda msgid, **params: translate(msgid, lang, **params)  # noqa: E731
    lines = mail_hint(report["mail"], report.get("smtp") or {"configured": True}, lang)
    disk = report.get("disk") or {}
    if disk.get("full"):
        lines.insert(0, t(DISK_FULL, path=report["workspace"], free=f"{disk['free_bytes'] // 1024} KB"))
    lines.append(t(WORKSPACE, path=report["workspace"]))
    daemon = report["daemon"]
    lines.append(t(DAEMON_RUNNING, pid=daemon["pid"]) if daemon["running"] else t(DAEMON_STOPPED))
    busy = report.get("job_running", True)
    jobs: dict[str, int] = {}
    for status, n in report["jobs"].items():
        jobs[_state(status, busy)] = jobs.get(_state(status, busy), 0) + n
    counts = ", ".join(f"{n} {state_word(s, lang)}" for s, n in sorted(jobs.items()))
    lines.append(t(JOBS, counts=counts) if counts else t(JOBS_NONE))
    lines.append(t(INSTALLED, jobs=", ".join(job["job"] for job in report.get("installed", []))))
    lines.append(t(WAITING, n=len(report["queue"])))
    for name in report["queue"][:10]:
        lines.append(f"  {shown(name)}")
    held = [entry for entry in report.get("left_alone", ()) if entry["why"] in ("open", "open-by")]
    if held:
        lines.append(t(OPEN, n=len(held)))
        lines.extend(f"  {shown(entry['file'])}: {left_alone_text(entry, lang)}" for entry in held[:20])
    other = [entry for entry in report.get("left_alone", ()) if entry["why"] not in ("open", "open-by")]
    if other:
        lines.append(t(LEFT_ALONE, n=len(other)))
        lines.extend(f"  {shown(entry['file'])}: {left_alone_text(entry, lang)}" for entry in other[:20])
    lines.extend(render_mail(report["mail"], lang))
    rules = report["rules"]
    lines.append(t(RULES, state=state_word(rules.get("state"), lang)))
    for problem in rules.get("problems", []):
        lines.append(f"  {problem}")
    if report.get("tasks"):
        lines.append(t(TASKS))
        lines.extend(_task_line(task, lang) for task in report["tasks"])
    if report["failed"]:
        lines.append(t(REFUSED))
        for job in report["failed"]:
            first = job["messages"][0]["text"] if job["messages"] else ""
            lines.append(f"  {job['job']}  {shown(job['file'])}: {first}")
    lines.append(t(RECENT))
    for job in report["recent"]:
        lines.append(f"  {job['job']}  {state_word(_state(job['status'], busy), lang):9} {job['kind'] or '-':12} "
                     f"{shown(job['file'])}")
    return "\n".join(lines)
