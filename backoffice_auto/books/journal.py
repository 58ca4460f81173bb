"""The job journal: one row per dropped file, what happened to it and where it went.

Statuses: `running` (claimed, not committed: redone after a crash), `done`, `refused`,
`duplicate` (all three committed); `delivered` turns 1 once outputs, mail and the original
are in their final places. Only `books/` writes SQL.

Job ids come from the `jobs` sequence, taken in the claim's transaction: an id is never
given twice, even when a claim that never committed is forgotten. Beside the jobs, the
journal records the books tables whose export is out of date (`books_stale`), marked in the
job's own transaction and cleared once exported: the export is a recorded step after the
commit, redone after a crash, never a memory of the process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

from backoffice_auto.books import sequences
from backoffice_auto.books.dialect import Db

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


def _row(values: tuple) -> JobRow:
    data = dict(zip(COLUMNS, values))
    data["delivered"] = bool(data["delivered"])
    data["manifest"] = json.loads(data["manifest"]) if data["manifest"] else {}
    data["messages"] = json.loads(data["messages"]) if data["messages"] else []
    return JobRow(**data)


_SELECT = f"SELECT {', '.join(COLUMNS)} FROM jobs"


def format_job_id(number: int) -> str:
    return f"{number:06d}"


JOB_SEQUENCE = "jobs"


class Journal:
    """The journal over one connection; its writes join the transaction open on it."""

    def __init__(self, db: Db):
        self._db = db

    def _one(self, where: str, params: tuple) -> JobRow | None:
        row = self._db.one(f"{_SELECT} WHERE {where}", params)
        return _row(row) if row else None

    def _all(self, where: str, params: tuple = ()) -> list[JobRow]:
        return [_row(r) for r in self._db.execute(f"{_SELECT} {where}", params)]

    def next_job_id(self) -> str:
        """The next job number from the `jobs` sequence; call inside the transaction that inserts it."""
        return format_job_id(sequences.take(self._db, JOB_SEQUENCE))

    def all_with(self, sha256: str) -> list[JobRow]:
        """Every job of this content, oldest first (a task's (task, date) key: was it done, refused,
        cut short?)."""
        return self._all("WHERE sha256 = ? ORDER BY job_id", (sha256,))

    def latest_named(self, prefix: str, suffix: str) -> JobRow | None:
        """The newest job whose file name starts with `prefix` and ends with `suffix`."""
        return self._one("substr(file_name, 1, ?) = ? AND substr(file_name, -?) = ? ORDER BY job_id DESC LIMIT 1",
                         (len(prefix), prefix, len(suffix), suffix))

    def get(self, job_id: str) -> JobRow | None:
        return self._one("job_id = ?", (job_id,))

    def first_done_with(self, sha256: str) -> JobRow | None:
        return self._one("sha256 = ? AND status = 'done' ORDER BY job_id LIMIT 1", (sha256,))

    def running_with(self, sha256: str, inbox_path: str) -> JobRow | None:
        return self._one("sha256 = ? AND inbox_path = ? AND status = 'running' LIMIT 1", (sha256, inbox_path))

    def insert_running(self, job_id: str, sha256: str, file_name: str, inbox_path: str,
                       folder_hint: str | None, started_at: str) -> None:
        self._db.execute(
            "INSERT INTO jobs (job_id, sha256, file_name, inbox_path, folder_hint, status, delivered, started_at) "
            "VALUES (?, ?, ?, ?, ?, 'running', 0, ?)",
            (job_id, sha256, file_name, inbox_path, folder_hint, started_at))

    def finish(self, job_id: str, *, status: str, kind: str | None, rules_hash: str | None,
               finished_at: str, outbox_dir: str | None, manifest: dict, messages: list,
               archived_as: str | None, duplicate_of: str | None = None) -> None:
        self._db.execute(
            "UPDATE jobs SET status = ?, kind = ?, rules_hash = ?, finished_at = ?, outbox_dir = ?, manifest = ?, "
            "messages = ?, archived_as = ?, duplicate_of = ? WHERE job_id = ?",
            (status, kind, rules_hash, finished_at, outbox_dir, json.dumps(manifest, ensure_ascii=False),
             json.dumps(messages, ensure_ascii=False), archived_as, duplicate_of, job_id))

    def mark_delivered(self, job_id: str) -> None:
        self._db.execute("UPDATE jobs SET delivered = 1 WHERE job_id = ?", (job_id,))

    def reopen(self, job_id: str, started_at: str) -> None:
        """`retry`: a refused job runs again from scratch under its own id."""
        self._db.execute(
            "UPDATE jobs SET status = 'running', delivered = 0, finished_at = NULL, manifest = NULL, "
            "messages = NULL, outbox_dir = NULL, archived_as = NULL, started_at = ? WHERE job_id = ?",
            (started_at, job_id))

    def undelivered(self) -> list[JobRow]:
        return self._all("WHERE status != 'running' AND delivered = 0 ORDER BY job_id")

    def running(self) -> list[JobRow]:
        return self._all("WHERE status = 'running' ORDER BY job_id")

    def recent(self, limit: int = 20, status: str | None = None) -> list[JobRow]:
        if status:
            return self._all("WHERE status = ? ORDER BY job_id DESC LIMIT ?", (status, limit))
        return self._all("ORDER BY job_id DESC LIMIT ?", (limit,))

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status"))

    def delete(self, job_id: str) -> None:
        self._db.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,))

    def mark_stale(self, tables: Iterable[str]) -> None:
        """Record, in the job's transaction, the books tables whose export is out of date."""
        self._db.executemany(
            "INSERT INTO books_stale (table_name) VALUES (?) "
            "ON CONFLICT (table_name) DO UPDATE SET version = books_stale.version + 1", [(t,) for t in sorted(tables)])

    def stale(self) -> dict[str, int]:
        """Tables to re-export, each with the version of its mark."""
        return dict(self._db.execute("SELECT table_name, version FROM books_stale ORDER BY table_name"))

    def clear_stale(self, seen: dict[str, int]) -> None:
        """Forget the marks that were exported; a mark renewed meanwhile stays."""
        self._db.executemany("DELETE FROM books_stale WHERE table_name = ? AND version = ?", list(seen.items()))

    def settled_mark(self) -> str:
        """A job id such that every job after it was claimed after now, or was still at work now:
        the last id given, or just below the lowest job not yet delivered (`running`, or committed
        with its file not yet moved out of the inbox: another run may be at it, and a run listing
        the inbox now still sees that file). One statement, so one snapshot: a claim made between
        two reads would otherwise fall below the mark while its file is still listed."""
        number = self._db.scalar(
            "SELECT COALESCE((SELECT MIN(CAST(job_id AS INTEGER)) - 1 FROM jobs WHERE delivered = 0), "
            "(SELECT value FROM sequences WHERE name = ?), 0)", (JOB_SEQUENCE,))
        return format_job_id(number)

    def claimed_after(self, inbox_path: str, after_job: str | None) -> JobRow | None:
        """The latest job that claimed `inbox_path` after job `after_job` (another run took the file)."""
        after = int(after_job) if after_job else 0
        return self._one("inbox_path = ? AND CAST(job_id AS INTEGER) > ? ORDER BY CAST(job_id AS INTEGER) DESC "
                         "LIMIT 1", (inbox_path, after))

    def set_archived_as(self, job_id: str, archived_as: str) -> None:
        """Delivery put the original under another name than planned (a name cut to fit)."""
        self._db.execute("UPDATE jobs SET archived_as = ? WHERE job_id = ?", (archived_as, job_id))
