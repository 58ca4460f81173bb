"""Claim: a file becomes a journal row (`running`) keyed by its content's sha256.

Content already done is a duplicate (reported, never applied twice); a `running` row for
the same content and path is a claim a crashed process left, and is taken over.
A file too big to read, or an entry that is not a regular file, is claimed by its identity
(kind, name, inode, size, mtime) instead of content.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice_auto.books import journal
from backoffice_auto.pipeline.env import JobEnv
from backoffice_auto.pipeline.handler import Incoming
from backoffice_auto.pipeline.inbox_entry import Entry


@dataclass(frozen=True)
class Claim:
    job_id: str
    duplicate_of: journal.JobRow | None
    retried: bool = False  # an earlier claim of this file is still `running`: that attempt died


def claim(env: JobEnv, incoming: Incoming, rel_name: str, dry_run: bool) -> Claim:
    log = env.store.journal
    with env.store.transaction():  # a dry run writes nothing here
        first = log.first_done_with(incoming.sha256)
        stale = log.running_with(incoming.sha256, rel_name)
        if stale is not None:
            job_id = stale.job_id
        elif dry_run:
            job_id = "dry-run"
        else:
            job_id = log.next_job_id()
            log.insert_running(job_id, incoming.sha256, incoming.name, rel_name, incoming.folder_hint,
                                   env.stamp())
    return Claim(job_id, first, retried=stale is not None)


def claim_unread(env: JobEnv, entry: Entry, incoming: Incoming, rel_name: str) -> str:
    """An entry refused before it is read (too big, or not a regular file): its claim key is
    its identity (kind, name, inode, size, mtime), which delivery checks again."""
    log = env.store.journal
    with env.store.transaction():
        job_id = log.next_job_id()
        log.insert_running(job_id, entry.identity_digest(), incoming.name, rel_name, incoming.folder_hint,
                               env.stamp())
    return job_id
