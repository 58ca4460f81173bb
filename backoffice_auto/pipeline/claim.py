"""Claim: a file becomes a journal row (`running`) keyed by its content's sha256.

Content already done is a duplicate (reported, never applied twice); a `running` row for
the same content and path is a claim a crashed process left, and is taken over.
A file too big to read is claimed by name, size and mtime instead of content.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from backoffice_auto.books import journal
from backoffice_auto.pipeline.env import JobEnv
from backoffice_auto.pipeline.handler import Incoming


@dataclass(frozen=True)
class Claim:
    job_id: str
    duplicate_of: journal.JobRow | None


def claim(env: JobEnv, incoming: Incoming, rel_name: str, dry_run: bool) -> Claim:
    conn = env.store.conn
    with env.store.transaction():  # a dry run writes nothing here
        first = journal.first_done_with(conn, incoming.sha256)
        stale = journal.running_with(conn, incoming.sha256, rel_name)
        if stale is not None:
            job_id = stale.job_id
        elif dry_run:
            job_id = "dry-run"
        else:
            job_id = journal.next_job_id(conn)
            journal.insert_running(conn, job_id, incoming.sha256, incoming.name, rel_name, incoming.folder_hint,
                                   env.stamp())
    return Claim(job_id, first)


def claim_unread(env: JobEnv, path: Path, incoming: Incoming, rel_name: str) -> str:
    """A file refused before it is read: its claim key is its name, size and mtime."""
    stat = path.stat()
    digest = hashlib.sha256(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    conn = env.store.conn
    with env.store.transaction():
        job_id = journal.next_job_id(conn)
        journal.insert_running(conn, job_id, digest, path.name, rel_name, incoming.folder_hint, env.stamp())
    return job_id
