"""Deliver: after the commit, move what the journal row lists into its final places.

Outputs are renamed from staging into `outbox/` (or `failed/`), mail into the spool, the
original into `archive/` or `failed/`; then `delivered = 1`. Every step is idempotent, so
`recover()` can run it again after a crash at any point.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from backoffice_auto.books import journal
from backoffice_auto.pipeline.env import JobEnv, crash_point


def deliver(env: JobEnv, row: journal.JobRow) -> None:
    root = env.workspace.root
    staging = env.workspace.staging_root / row.job_id
    if row.status == "done" and row.outbox_dir:
        target = root / row.outbox_dir
        source = staging / "out"
        if source.exists() and any(source.iterdir()) and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    elif row.status == "refused":
        for rel in row.manifest.get("outputs", []):
            source = staging / "out" / Path(rel).name
            if source.exists():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, root / rel)
    crash_point("outputs")
    for name in row.manifest.get("mail", []):
        source = staging / "mail" / name
        if source.exists():
            env.workspace.mail_pending.mkdir(parents=True, exist_ok=True)
            os.replace(source, env.workspace.mail_pending / name)
    crash_point("mail")
    original = root / row.inbox_path
    if row.archived_as and original.exists():
        target = root / row.archived_as
        target.parent.mkdir(parents=True, exist_ok=True)
        if _sha256_file(original) == row.sha256 or row.status == "refused":
            os.replace(original, target)
    crash_point("archived")
    with env.store.transaction():
        journal.mark_delivered(env.store.conn, row.job_id)
    shutil.rmtree(staging, ignore_errors=True)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
