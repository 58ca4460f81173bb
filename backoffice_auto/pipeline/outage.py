"""An outage: a write the machine refused is the machine's fault, never the file's.

Why: a full disk made the pipeline refuse a perfectly good master-data workbook ("internal
error ... correct the file"), a refused file's report that could not be written left a
traceback and a job `running`, and a full disk at start-up killed `process` with two
tracebacks. A disk that is full (ENOSPC, SQLite's "database or disk is full"), a quota used
up (EDQUOT), a file-size limit reached (EFBIG), an I/O error (EIO, SQLite's "disk I/O
error"), a disk gone read-only (EROFS), a folder of the workspace the service may not write
(EACCES, EPERM: an outbox/ made read-only, a share's owner changed; such a job was called
done while its results and original stayed unmoved, said only in the log) or the books
locked past the busy timeout says nothing about the file being handled. So such an error is not a refusal: the job is undone
as a crash before its commit is undone (the transaction rolled back, the claim forgotten
and its staging wiped: `recover.forget_claim`), the original stays in the inbox, and the
operator is told once, in the workspace language, what failed, where, and what to do.
A job whose commit went through keeps it: `recover()` finishes its delivery later.

`outage_of(error, workspace)` says whether an exception (or one it was raised from) is
such a failure; `Outage.render(language, context)` is the operator's message.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from backoffice_auto.books.dialect import SQLITE, Dialect
from backoffice_auto.i18n import N_, translate

_ERRNO_KINDS = {errno.ENOSPC: "full", errno.EDQUOT: "quota", errno.EFBIG: "too_big", errno.EIO: "io",
                errno.EROFS: "read_only", errno.EACCES: "denied", errno.EPERM: "denied"}

#: What failed, by kind; `{where}` is the path (relative to the workspace when inside it).
CAUSES = {
    "full": N_("the disk holding {where} is full"),
    "quota": N_("the disk quota for {where} is used up"),
    "too_big": N_("writing {where} went past the largest file size this service may write (its file-size limit)"),
    "io": N_("the disk holding {where} reported an input/output error"),
    "read_only": N_("{where} is on a disk that is read-only now"),
    "locked": N_("the books ({where}) stayed locked by another program"),
    "denied": N_("the service may not write {where} (its permissions do not allow it)"),
    "damaged": N_("the books ({where}) are damaged: the file is not a whole database any more"),
}
#: What to do about it, by kind.
REMEDIES = {
    "full": N_("Free space on the disk holding {where}"),
    "quota": N_("Free space or raise the disk quota for {where}"),
    "too_big": N_("Raise the service's file-size limit (ulimit -f; LimitFSIZE= under systemd) or free space"),
    "io": N_("Check the disk holding {where} (the system log says more)"),
    "read_only": N_("Make the disk holding {where} writable again"),
    "locked": N_("Close the program that holds {where} open (a database browser, a backup)"),
    "denied": N_("Let the user the service runs as write {where} (its owner or permissions)"),
    "damaged": N_("Stop the service, keep the damaged file aside (it holds the books and the job journal: do not "
                  "delete it) and put {where} back from the last backup"),
}
AGAIN = N_("{remedy}, then run `backoffice-auto process` again; a running `backoffice-auto watch` tries again "
           "by itself.")

#: Where the failure struck, as the operator reads it.
FILE_LEFT = N_("not processed: {cause}. Nothing was changed and the file stays in the inbox; the file itself is "
               "not at fault.")
DELIVERY_STOPPED = N_("processed as job {job}, but putting its results in place stopped: {cause}. Nothing is lost: "
                      "the next run finishes it.")
RUN_STOPPED = N_("The run stopped: {cause}. No file was lost or half done; every file not done stays in the inbox.")
BOOKS_EXPORT = N_("The books' workbooks in outbox/books/ were not refreshed: {cause}. The next run refreshes them.")
NOT_TRIED = N_("not tried: the run stopped at a failure of the machine (see above); the file stays in the inbox")

#: Free space under which an ambiguous I/O error is taken for a full disk.
NEARLY_FULL_BYTES = 4 * 1024 * 1024


class Outage(Exception):
    """A write the machine refused: `kind` (full, quota, too_big, io, read_only, locked, denied,
    damaged: the books' file is no whole database, cut short by a failed copy or restore) and
    `where` (the path it struck, as shown to the operator)."""

    def __init__(self, kind: str, where: str, error: str):
        self.kind = kind
        self.where = where
        self.error = error
        super().__init__(f"{kind} at {where}: {error}")

    def cause(self, language: str) -> str:
        return translate(CAUSES[self.kind], language, where=self.where)

    def advice(self, language: str) -> str:
        remedy = translate(REMEDIES[self.kind], language, where=self.where)
        return translate(AGAIN, language, remedy=remedy)

    def render(self, language: str, context: str = RUN_STOPPED, **params: Any) -> str:
        """One message: what failed and where (in `context`), then what to do."""
        return f"{translate(context, language, cause=self.cause(language), **params)} {self.advice(language)}"

    def as_log(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "error": self.error}


def outage_of(error: BaseException, workspace: Any, where: str | Path | None = None,
              dialect: Dialect = SQLITE) -> Outage | None:
    """The outage behind `error` (itself, or an error it was raised from), or None.

    `where` is the place named when the error names none (a write to an open file gives no
    path); a database error names the books' file."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _one(current, workspace, where, dialect)
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None


def _one(error: BaseException, workspace: Any, where: str | Path | None, dialect: Dialect) -> Outage | None:
    if isinstance(error, Outage):
        return error
    if isinstance(error, OSError) and error.errno in _ERRNO_KINDS:
        place = error.filename if error.filename is not None else where
        return Outage(_ERRNO_KINDS[error.errno], shown(place, workspace), f"{type(error).__name__}: {error}")
    kind = dialect.outage(error)
    if kind is None:
        return None
    db_path = Path(workspace.db_path)
    if kind in ("io", "cant_open"):
        kind = _likely_kind(db_path)
    return Outage(kind, shown(db_path, workspace), f"{type(error).__name__}: {error}")


def _likely_kind(path: Path) -> str:
    """SQLite says "disk I/O error" (or cannot open its file) for a write past the file-size
    limit and often for a full disk too: say which it most likely was."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY:
            return "too_big"
    except (ImportError, OSError, ValueError):
        pass
    free = free_bytes(path)
    return "full" if free is not None and free < NEARLY_FULL_BYTES else "io"


def free_bytes(path: str | Path) -> int | None:
    """Free space for this user on the disk holding `path` (its nearest existing folder)."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return stats.f_bavail * stats.f_frsize


def shown(place: str | Path | bytes | None, workspace: Any) -> str:
    """A path as the operator reads it: relative to the workspace when inside it."""
    if place is None:
        return str(workspace.root)
    if isinstance(place, bytes):
        place = os.fsdecode(place)
    full = Path(os.path.abspath(place))
    for base in (Path(workspace.root), Path(os.path.realpath(workspace.root))):
        try:
            relative = full.relative_to(base)
        except ValueError:
            continue
        return relative.as_posix() if str(relative) != "." else str(full)
    return str(full)
