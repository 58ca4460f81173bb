"""What lies in the inbox, looked at without ever following a link.

Why: a symbolic link dropped into `inbox/books/` pointing at `../../.backoffice/state.db`
was refused and then *moved*: the live database landed in `failed/`. A FIFO named on the
command line made `process` hang. So:

- An entry is looked at with `lstat` and opened with `O_NOFOLLOW | O_NONBLOCK`, walking
  from `inbox/` one folder at a time (`dir_fd`), so neither the entry nor a folder between
  `inbox/` and it can be a link. Where a file is comes from the path as written, never from
  resolving it.
- Only a regular file with one name (`st_nlink == 1`) is read. Everything else (a link, a
  FIFO, a socket, a device, a linked folder, a second name of a file kept elsewhere) is
  refused unread, and its target is never touched.
- Before anything leaves the inbox, `verify` checks that the entry is still the one claimed:
  the same content (sha256), or for entries claimed unread the same identity (kind, inode,
  size, modification time), and that it lies under `inbox/`. A refused special entry is
  not kept: only its name in the inbox is removed (for a hard link the content lives on
  under its other name; nothing is copied where clerks can read it).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

from backoffice_auto.i18n import N_

REGULAR = "file"
# kind -> the reason a clerk reads (English msgid, translated in the pipeline catalog)
REASONS = {
    "symlink": N_("this is a link to another place, not a file; links are never followed. Drop the file itself."),
    "linked-folder": N_("this is a link to a folder, not a file; links are never followed. Drop the files themselves."),
    "hardlink": N_("this is a second name of a file kept elsewhere (a hard link); it was not read and only this name "
                   "was removed from the inbox. Drop a copy of the file instead."),
    "fifo": N_("this is a pipe (FIFO), not a file; it was not read."),
    "socket": N_("this is a socket, not a file; it was not read."),
    "device": N_("this is a device, not a file; it was not read."),
    "other": N_("this is not a regular file; it was not read."),
}
#: A regular file whose permissions do not let the service open it (EACCES, EPERM).
NOT_READABLE = N_("the service may not read this file (its permissions do not allow it); it was not read. Ask "
                  "whoever looks after the shared folder to let the service read the files dropped there, then "
                  "drop it again.")
_O_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_O_DIR = _O_FLAGS | getattr(os, "O_DIRECTORY", 0)


class EntryChanged(Exception):
    """The entry is no longer the regular file that was looked at (swapped, linked, gone)."""


@dataclass(frozen=True)
class Entry:
    path: Path  # absolute, as written: never resolved
    inbox_rel: PurePosixPath | None  # where it lies under inbox/ (None: outside the inbox)
    kind: str  # file, symlink, linked-folder, hardlink, fifo, socket, device, other, missing
    dev: int = 0
    ino: int = 0
    size: int = 0
    mtime_ns: int = 0

    @property
    def in_inbox(self) -> bool:
        return self.inbox_rel is not None

    def identity_digest(self) -> str:
        """Stands in for the content hash of an entry claimed without reading it."""
        return identity_digest(self.kind, self.path.name, self.dev, self.ino, self.size, self.mtime_ns)


def identity_digest(kind: str, name: str, dev: int, ino: int, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(f"unread:{kind}:{name}:{dev}:{ino}:{size}:{mtime_ns}".encode()).hexdigest()


def _kind(st: os.stat_result) -> str:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return REGULAR if st.st_nlink <= 1 else "hardlink"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "directory"
    return "other"


def inbox_relative(path: Path, inbox: Path) -> PurePosixPath | None:
    """Where an absolute path lies under `inbox/`, by spelling (None: not below it)."""
    for base in (inbox, Path(os.path.realpath(inbox))):
        try:
            rel = path.relative_to(base)
        except ValueError:
            continue
        return PurePosixPath(*rel.parts) if rel.parts else None
    return None


def absolute(path: str | os.PathLike) -> Path:
    """The path made absolute and `..` removed by spelling alone (no link is resolved)."""
    return Path(os.path.abspath(os.fspath(path)))


def inspect(path: str | os.PathLike, inbox: Path) -> Entry:
    """What `path` is, by `lstat` of it and of every folder between `inbox/` and it."""
    full = absolute(path)
    rel = inbox_relative(full, inbox)
    try:
        if rel is not None:
            for depth in range(1, len(rel.parts)):
                folder_path = inbox.joinpath(*rel.parts[:depth])
                folder = os.lstat(folder_path)
                if stat.S_ISLNK(folder.st_mode):  # the link on the way is the entry refused, not what lies beyond
                    return inspect(folder_path, inbox)
                if not stat.S_ISDIR(folder.st_mode):
                    return Entry(full, rel, "missing")
        st = os.lstat(full)
    except (FileNotFoundError, NotADirectoryError):
        return Entry(full, rel, "missing")
    kind = _kind(st)
    if kind == "symlink" and os.path.isdir(full):
        kind = "linked-folder"
    return Entry(full, rel, kind, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _parent_fd(entry: Entry, inbox: Path) -> int:
    """A descriptor of the entry's folder, opened one folder at a time from inbox/ with no
    link followed (ELOOP or ENOTDIR when a link stands on the way)."""
    if entry.inbox_rel is None:
        return os.open(entry.path.parent, _O_DIR)
    fd = os.open(inbox, _O_DIR)
    for part in entry.inbox_rel.parts[:-1]:
        try:
            next_fd = os.open(part, _O_DIR, dir_fd=fd)
        finally:
            os.close(fd)
        fd = next_fd
    return fd


def _open(entry: Entry, inbox: Path) -> int:
    fd = _parent_fd(entry, inbox)
    try:
        return os.open(entry.path.name, _O_FLAGS, dir_fd=fd)
    finally:
        os.close(fd)


def read(entry: Entry, inbox: Path) -> bytes:
    """The bytes of a regular file with one name, checked to be the entry that was looked at."""
    try:
        fd = _open(entry, inbox)
    except FileNotFoundError:
        raise
    except OSError as error:  # ELOOP / ENOTDIR: a link appeared where a file or folder was
        if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise EntryChanged(str(error)) from error
        raise
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if _kind(st) != REGULAR or (st.st_dev, st.st_ino) != (entry.dev, entry.ino):
            raise EntryChanged("the file changed while it was being claimed")
        return handle.read()


def verify(root: Path, inbox_path: str, sha256: str) -> tuple[str | None, Entry | None]:
    """What may be done with the entry a finished job claimed: `move` (its original, still the
    claimed content), `remove` (a special entry refused unread, still the same one) or None
    (not under inbox/, gone, or something else now: leave it alone)."""
    rel = PurePosixPath(inbox_path)
    if rel.is_absolute() or ".." in rel.parts or len(rel.parts) < 2 or rel.parts[0] != "inbox":
        return None, None
    inbox = root / "inbox"
    entry = inspect(root.joinpath(*rel.parts), inbox)
    if entry.kind in ("missing", "directory") or entry.inbox_rel != PurePosixPath(*rel.parts[1:]):
        return None, None
    if entry.identity_digest() == sha256:
        return ("move" if entry.kind == REGULAR else "remove"), entry
    if entry.kind != REGULAR:
        return None, None
    try:
        digest = hashlib.sha256(read(entry, inbox)).hexdigest()
    except (OSError, EntryChanged):
        return None, None
    return ("move" if digest == sha256 else None), entry


def move_without_overwrite(source: Path, target: Path) -> bool:
    """Rename `source` to `target` unless `target` exists; True when `source` ends at `target`.

    A hard link then unlink is atomic against an existing target; on file systems without
    hard links (some shares) the target is checked first (all moves run under the job lock).
    A crash between link and unlink leaves two names of one file: the next call sees that
    and removes only the old one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if os.path.samestat(os.lstat(source), os.lstat(target)):
            os.unlink(source)
            return True
    except FileNotFoundError:
        pass
    if os.path.lexists(target):
        return False
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError:
        os.rename(source, target)
        return True
    os.unlink(source)
    return True


def remove_name(entry: Entry, inbox: Path) -> None:
    """Remove one name from the inbox: a link itself (never its target), a FIFO, a hard link.
    No link on the way is followed."""
    try:
        fd = _parent_fd(entry, inbox)
    except OSError:
        return
    try:
        os.unlink(entry.path.name, dir_fd=fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def text_name(name: str) -> str:
    """`name` as text: bytes that are not UTF-8 (a name written by an old system in its own
    code page, read back here as lone surrogates) shown as U+FFFD."""
    return os.fsencode(name).decode("utf-8", errors="replace")


def is_text(path: str | os.PathLike) -> bool:
    """Can the path be written as UTF-8 text (into the journal, a report, a mail)?"""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def renamed_as_text(path: Path, inbox: Path) -> Path:
    """`path` with every name on the way from `inbox/` to it that is not UTF-8 text renamed in
    place to its text form (`bad\xff.xlsx` -> `bad\ufffd.xlsx`, `~2` added when that is taken;
    never over another entry, no link followed); unchanged outside the inbox or when all is text.

    Why: the journal, the reports and the mail hold text; a name in a legacy code page
    stopped the whole batch with an encoding traceback. A folder renamed by an earlier file's
    job is found under its text name."""
    rel = inbox_relative(path, inbox)
    if rel is None or is_text(rel):
        return path
    current = inbox
    for part in rel.parts:
        if not is_text(part):
            if os.path.lexists(current / part):
                part = _rename_to_text(current, part)
            else:
                part = text_name(part)
        current = current / part
    return current


def _rename_to_text(folder: Path, name: str) -> str:
    stem, suffix = os.path.splitext(text_name(name))
    for number in range(1, 1000):
        candidate = stem + (f"~{number}" if number > 1 else "") + suffix
        try:
            if move_without_overwrite(folder / name, folder / candidate):
                return candidate
        except OSError:  # gone meanwhile, or a folder that cannot be renamed: left as it is
            break
    return name


def walk(folder: Path, inbox: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Every entry in `folder` (the inbox or a folder in it) that could be a job, links
    included, without following any; hidden folders are skipped, and folders `skip` names
    (the workspace's own, for a folder named on `process`'s command line). `inbox/` itself may
    be a link (a share mounted elsewhere); a linked folder inside it is one entry."""
    if folder != inbox and os.path.islink(folder):
        yield folder
        return
    for current, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in dirnames:
            if os.path.islink(base / name) and not name.startswith("."):
                yield base / name
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not os.path.islink(base / d)
                       and not (skip is not None and skip(base / d))]
        for name in filenames:
            yield base / name


def deliver_original(root: Path, inbox_path: str, sha256: str, target: Path | None) -> str:
    """The last step of a job: the claimed original leaves the inbox, or is left alone.

    Returns `moved` (now at `target`), `removed` (a special entry's name taken out of the
    inbox), `kept` (nothing to move: outside the inbox, gone, or no longer what was claimed)
    or `blocked` (`target` exists with other content: never overwritten; reported, retried).
    """
    original = root / inbox_path
    if target is not None and os.path.lexists(target) and os.path.lexists(original):
        try:
            if os.path.samestat(os.lstat(original), os.lstat(target)):  # a move cut short by a crash
                os.unlink(original)
                return "moved"
        except FileNotFoundError:
            pass
    verdict, entry = verify(root, inbox_path, sha256)
    if verdict == "remove" and entry is not None:
        remove_name(entry, root / "inbox")
        return "removed"
    if verdict != "move" or target is None:
        return "kept"
    return "moved" if move_without_overwrite(original, target) else "blocked"
