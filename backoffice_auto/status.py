"""`backoffice-auto status`: the queue, recent and failed jobs, mail and the rules' state."""

from __future__ import annotations

from typing import Any

from backoffice_auto.books import journal
from backoffice_auto.books.store import Store
from backoffice_auto.workspace import Workspace


def collect_status(workspace: Workspace, limit: int = 20) -> dict[str, Any]:
    from backoffice_auto.jobspec import installed_specs
    from backoffice_auto.mail.status import mail_counts
    from backoffice_auto.pipeline.ignore import ignored
    from backoffice_auto.pipeline.inbox_entry import walk
    from backoffice_auto.rules.loader import load_rules
    from backoffice_auto.watch.status import daemon_state, rules_state

    workspace.ensure()
    store = Store(workspace.db_path)
    try:
        loaded = load_rules(workspace.rules_dir).rules
        patterns = loaded.watch.ignore if loaded else ()
        waiting = sorted(str(p.relative_to(workspace.root)) for p in walk(workspace.inbox, workspace.inbox)
                         if not ignored(p.relative_to(workspace.inbox), patterns))  # what process would take
        report = {
            "workspace": str(workspace.root),
            "queue": waiting,
            "jobs": store.journal.counts(),
            "recent": [_job(r) for r in store.journal.recent(limit)],
            "failed": [_job(r) for r in store.journal.recent(limit, status="refused")],
            "mail": mail_counts(workspace),
            "rules": rules_state(workspace),
            "daemon": daemon_state(workspace),
            "installed": [{"job": spec.name, "kinds": sorted(h.kind for h in spec.handlers()),
                           "rule_files": [f.pattern for f in spec.rule_files]} for spec in installed_specs()],
        }
    finally:
        store.close()
    return report


def _job(row: journal.JobRow) -> dict[str, Any]:
    return {"job": row.job_id, "file": row.file_name, "kind": row.kind, "status": row.status, "rules_hash": row.rules_hash,
            "delivered": row.delivered, "started": row.started_at, "finished": row.finished_at,
            "duplicate_of": row.duplicate_of, "where": row.archived_as,
            "outputs": row.manifest.get("outputs", []), "messages": row.messages}


def render_status(report: dict[str, Any]) -> str:
    from backoffice_auto.mail.status import render_mail

    lines = [f"Workspace {report['workspace']}"]
    daemon = report["daemon"]
    lines.append(f"Daemon: running (pid {daemon['pid']})" if daemon["running"] else "Daemon: not running")
    jobs = report["jobs"]
    lines.append("Jobs: " + (", ".join(f"{n} {s}" for s, n in sorted(jobs.items())) or "none yet"))
    lines.append("Jobs installed: " + ", ".join(job["job"] for job in report.get("installed", [])))
    lines.append(f"Waiting in the inbox: {len(report['queue'])}")
    for name in report["queue"][:10]:
        lines.append(f"  {name}")
    lines.extend(render_mail(report["mail"]))
    rules = report["rules"]
    lines.append(f"Rules: {rules.get('state', 'unknown')}")
    for problem in rules.get("problems", []):
        lines.append(f"  {problem}")
    if report["failed"]:
        lines.append("Refused (retry with `backoffice-auto retry JOB`):")
        for job in report["failed"]:
            first = job["messages"][0]["text"] if job["messages"] else ""
            lines.append(f"  {job['job']}  {job['file']}: {first}")
    lines.append("Recent:")
    for job in report["recent"]:
        lines.append(f"  {job['job']}  {job['status']:9} {job['kind'] or '-':12} {job['file']}")
    return "\n".join(lines)
