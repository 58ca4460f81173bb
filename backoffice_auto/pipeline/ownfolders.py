"""The workspace's own folders, which `process PATH...` never takes work from.

Why: `backoffice-auto process .` run in the workspace (or `process /srv/backoffice`) walked
every folder below it. The company's own sales invoices and payslips in `outbox/` were
entered as supplier bills, the reconciliation workbooks sent for review were applied as the
clerk's decisions, pending mail and error reports were refused one by one (each refusal
queueing one more mail), and archived originals were claimed again as duplicates.

What lies in `outbox/`, `archive/`, `failed/`, `rules/` and `.backoffice/` was made or kept by
the service: a folder named on the command line is walked without entering them, and an
entry named inside one of them is refused unread with the reason (`retry JOB` brings back a
refused original; anything else is dropped into `inbox/`). The folders are told apart by
identity (device and inode), so a relative path, `..` or a link to the workspace changes
nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.workspace import Workspace

OWN_FOLDER = N_("{name}: the workspace's {folder}/ folder holds what the service made or has done with; "
                "nothing in it is taken as new work. Drop a copy into inbox/ to process it "
                "(`backoffice-auto retry JOB` takes a refused file back from failed/).")

Identity = tuple[int, int]


def _identity(path: str | Path, follow: bool = True) -> Identity | None:
    try:
        found = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None


def own_folders(workspace: Workspace) -> dict[Identity, str]:
    """Identity of each of the workspace's own folders that exists -> its name as the user sees it."""
    named = ((workspace.outbox, "outbox"), (workspace.archive, "archive"), (workspace.failed, "failed"),
             (workspace.rules_dir, "rules"), (workspace.state_dir, ".backoffice"))
    found: dict[Identity, str] = {}
    for path, name in named:
        identity = _identity(path)
        if identity is not None:
            found[identity] = name
    return found


def own_folder_of(path: str | Path, own: Mapping[Identity, str]) -> str | None:
    """The own folder `path` is, or lies in, else None: the path and its parents as written
    (`inbox/../outbox` is outbox/), each looked at without following a link. A link on the way
    is no own folder: `inbox/books/state/state.db` with `state` a link is refused as that link."""
    if not own:
        return None
    current = Path(os.path.abspath(path))
    for folder in (current, *current.parents):
        identity = _identity(folder, follow=False)
        if identity in own:
            return own[identity]
    return None


def is_own(path: Path, own: Mapping[Identity, str]) -> bool:
    """True for a folder (never followed when a link) that is one of the workspace's own."""
    return bool(own) and _identity(path, follow=False) in own
