"""The job journal: one row per dropped file, what happened to it and where it went.

Statuses: `running` (claimed, not committed: redone after a crash), `done`, `refused`,
`duplicate` (all three committed); `delivered` turns 1 once outputs, mail and the original
are in their final places. Only this module and `store.py` write SQL.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable

COLUMNS = ("job_id", "sha256", "file_name", "inbox_path", "folder_hint", "kind", "status", "delivered",
           "duplicate_of", "rules_hash", "started_at", "finished_at", "outbox_dir", "manifest", "messages",
           "archived_as")


@dataclass(frozen=True)
class JobRow:
    job_id: str
    sha256: str
    file_name: str
    inbox_path: str
    folder_hint: str | None
    kind: str | None
    status: str
    delivered: bool
    duplicate_of: str | None
    rules_hash: str | None
    started_at: str
    finished_at: str | None
    outbox_dir: str | None
    manifest: dict
    messages: list
    archived_as: str | None

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def _row(values: sqlite3.Row | tuple) -> JobRow:
    data = dict(zip(COLUMNS, values))
    data["delivered"] = bool(data["delivered"])
    data["manifest"] = json.loads(data["manifest"]) if data["manifest"] else {}
    data["messages"] = json.loads(data["messages"]) if data["messages"] else []
    return JobRow(**data)


_SELECT = f"SELECT {', '.join(COLUMNS)} FROM jobs"


def format_job_id(number: int) -> str:
    return f"{number:06d}"


def next_job_id(conn: sqlite3.Connection) -> str:
    """The next job number; call inside the transaction that inserts it."""
    number = conn.execute("SELECT COALESCE(MAX(CAST(job_id AS INTEGER)), 0) + 1 FROM jobs").fetchone()[0]
    return format_job_id(number)


def get(conn: sqlite3.Connection, job_id: str) -> JobRow | None:
    row = conn.execute(f"{_SELECT} WHERE job_id = ?", (job_id,)).fetchone()
    return _row(row) if row else None


def first_done_with(conn: sqlite3.Connection, sha256: str) -> JobRow | None:
    row = conn.execute(f"{_SELECT} WHERE sha256 = ? AND status = 'done' ORDER BY job_id LIMIT 1",
                       (sha256,)).fetchone()
    return _row(row) if row else None


def running_with(conn: sqlite3.Connection, sha256: str, inbox_path: str) -> JobRow | None:
    row = conn.execute(f"{_SELECT} WHERE sha256 = ? AND inbox_path = ? AND status = 'running' LIMIT 1",
                       (sha256, inbox_path)).fetchone()
    return _row(row) if row else None


def insert_running(conn: sqlite3.Connection, job_id: str, sha256: str, file_name: str, inbox_path: str,
                   folder_hint: str | None, started_at: str) -> None:
    conn.execute(
        "INSERT INTO jobs (job_id, sha256, file_name, inbox_path, folder_hint, status, delivered, started_at) "
        "VALUES (?, ?, ?, ?, ?, 'running', 0, ?)",
        (job_id, sha256, file_name, inbox_path, folder_hint, started_at))


def finish(conn: sqlite3.Connection, job_id: str, *, status: str, kind: str | None, rules_hash: str | None,
           finished_at: str, outbox_dir: str | None, manifest: dict, messages: list,
           archived_as: str | None, duplicate_of: str | None = None) -> None:
    conn.execute(
        "UPDATE jobs SET status = ?, kind = ?, rules_hash = ?, finished_at = ?, outbox_dir = ?, manifest = ?, "
        "messages = ?, archived_as = ?, duplicate_of = ? WHERE job_id = ?",
        (status, kind, rules_hash, finished_at, outbox_dir, json.dumps(manifest, ensure_ascii=False),
         json.dumps(messages, ensure_ascii=False), archived_as, duplicate_of, job_id))


def mark_delivered(conn: sqlite3.Connection, job_id: str) -> None:
    conn.execute("UPDATE jobs SET delivered = 1 WHERE job_id = ?", (job_id,))


def reopen(conn: sqlite3.Connection, job_id: str, started_at: str) -> None:
    """`retry`: a refused job runs again from scratch under its own id."""
    conn.execute(
        "UPDATE jobs SET status = 'running', delivered = 0, finished_at = NULL, manifest = NULL, messages = NULL, "
        "outbox_dir = NULL, archived_as = NULL, started_at = ? WHERE job_id = ?", (started_at, job_id))


def undelivered(conn: sqlite3.Connection) -> list[JobRow]:
    return [_row(r) for r in conn.execute(f"{_SELECT} WHERE status != 'running' AND delivered = 0 ORDER BY job_id")]


def running(conn: sqlite3.Connection) -> list[JobRow]:
    return [_row(r) for r in conn.execute(f"{_SELECT} WHERE status = 'running' ORDER BY job_id")]


def recent(conn: sqlite3.Connection, limit: int = 20, status: str | None = None) -> list[JobRow]:
    if status:
        rows = conn.execute(f"{_SELECT} WHERE status = ? ORDER BY job_id DESC LIMIT ?", (status, limit))
    else:
        rows = conn.execute(f"{_SELECT} ORDER BY job_id DESC LIMIT ?", (limit,))
    return [_row(r) for r in rows]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status"))


def delete(conn: sqlite3.Connection, job_id: str) -> None:
    conn.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,))


def mark_stale(conn: sqlite3.Connection, tables: Iterable[str]) -> None:
    """Record, in the job's transaction, the books tables whose export is out of date."""
    conn.executemany("INSERT INTO books_stale (table_name) VALUES (?) "
                     "ON CONFLICT(table_name) DO UPDATE SET version = version + 1", [(t,) for t in sorted(tables)])


def stale(conn: sqlite3.Connection) -> dict[str, int]:
    """Tables to re-export, each with the version of its mark."""
    return dict(conn.execute("SELECT table_name, version FROM books_stale ORDER BY table_name"))


def clear_stale(conn: sqlite3.Connection, seen: dict[str, int]) -> None:
    """Forget the marks that were exported; a mark renewed meanwhile stays."""
    conn.executemany("DELETE FROM books_stale WHERE table_name = ? AND version = ?", list(seen.items()))


def settled_mark(conn: sqlite3.Connection) -> str:
    """A job id such that every job after it was claimed after now, or was still running now:
    the highest id, or just below the lowest `running` one (another run may be at it)."""
    running_min, highest = conn.execute(
        "SELECT MIN(CASE WHEN status = 'running' THEN CAST(job_id AS INTEGER) END), "
        "COALESCE(MAX(CAST(job_id AS INTEGER)), 0) FROM jobs").fetchone()
    return format_job_id(running_min - 1 if running_min is not None else highest)


def claimed_after(conn: sqlite3.Connection, inbox_path: str, after_job: str | None) -> JobRow | None:
    """The latest job that claimed `inbox_path` after job `after_job` (another run took the file)."""
    after = int(after_job) if after_job else 0
    row = conn.execute(f"{_SELECT} WHERE inbox_path = ? AND CAST(job_id AS INTEGER) > ? "
                       "ORDER BY CAST(job_id AS INTEGER) DESC LIMIT 1", (inbox_path, after)).fetchone()
    return _row(row) if row else None


def set_archived_as(conn: sqlite3.Connection, job_id: str, archived_as: str) -> None:
    """Delivery put the original under another name than planned (a name cut to fit)."""
    conn.execute("UPDATE jobs SET archived_as = ? WHERE job_id = ?", (archived_as, job_id))
