"""Which inbox entries are not work, and why: decided by what the file is, not by a leading dot.

Why: every name starting with a dot was skipped, so `.orders.xlsx` (a real order sheet a
script or a Mac user named so) sat in the inbox for ever, in neither archive/ nor failed/,
and `status` never showed it. Now a name is one of:

- a companion of another file, left alone while it lies there: an editor's lock file
  (Office's `~$x.xlsx` owner file, LibreOffice's `.~lock.x.xlsx#`, `*.lock`), a Mac's
  AppleDouble `._x` (checked by its magic bytes: a `._x` that is not one is a document);
- a document beside its editor's lock file: open in Excel or LibreOffice right now, so it
  waits until it is closed (`lock_beside`). Taken while open, it went to archive/ and the
  clerk's next save put a second copy in the inbox: the same orders twice. `status` names who
  has it open (from the lock file) and says to delete a lock file nobody holds any more; a
  file named on `process`'s command line is taken all the same;
- an operating system's dropping (`.DS_Store`, `Thumbs.db`, `desktop.ini`, NFS's `.nfs*`...),
  or an editor's save-time name (Excel's 8-hex-digit names, `*.swp`, `name~`);
- an unfinished copy or download (`x.tmp`, `x.part`, `x.crdownload`, WinSCP's `x.filepart`,
  rsync's `.x.xlsx.Ab12Cd`): waited for while it is written; untouched for `watch.yaml`
  `stale_after_minutes` it is taken, and the pipeline refuses it unread into failed/ with the
  reason (`run.py`);
- a name an admin lists in `rules/watch.yaml` (`ignore:`), or an entry inside a hidden or
  a NAS's system folder (`.snapshot/`, `@eaDir/`, `#recycle/`);
- anything else, hidden or not, is a document and is taken.

`status` lists what is left alone (`left_alone_entries`), so nothing lies there unseen.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable

from backoffice_auto.i18n import N_

LOCK_PREFIXES = ("~$", ".~lock.")
UNFINISHED_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".!ut",
                       ".opdownload")
SYSTEM_NAMES = {"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", ".gitkeep", ".keep", ".gitignore",
                ".ds_store", ".localized", ".directory", "icon\r", ".dropbox", ".dropbox.attr"}
SYSTEM_PREFIXES = (".nfs", ".fuse_hidden", ".smbdelete")
SYSTEM_FOLDERS = {"@eadir", "#recycle", "#snapshot", "$recycle.bin", "system volume information", ".@__thumb"}
_HEX = "[0-9A-Fa-f]"
EDITOR_PATTERNS = (
    _HEX * 8,  # Excel writes the new workbook to e.g. 5D3E8A00, then renames it over the target
    "*.swp", "*.swx", "*~", ".goutputstream-*",
)
_RSYNC_TEMP = re.compile(r"\..+\.[^.]+\.[A-Za-z0-9]{6}")  # rsync writes `.orders.xlsx.Ab12Cd`, then renames
APPLEDOUBLE_MAGIC = b"\x00\x05\x16\x07"
DEFAULT_STALE_MINUTES = 60

#: Why an entry is left alone, as `status` says it (`{owner}`: the file it belongs to).
REASONS = {
    "lock": N_("lock file of {owner}, which is open in an editor: left alone"),
    "lock-orphan": N_("lock file of {owner}, which is no longer in the inbox: not work, it can be deleted"),
    "mac": N_("Mac metadata of {owner} (AppleDouble): not work, left alone"),
    "mac-orphan": N_("Mac metadata of {owner}, which is no longer in the inbox (AppleDouble): not work, it can be "
                     "deleted"),
    "system": N_("a file the operating system or a file-sharing program keeps: not work"),
    "editor": N_("an editor's temporary file while it saves: not work"),
    "unfinished": N_("an unfinished copy or download, still being written: refused if left untouched for "
                     "{minutes} minutes"),
    "admin": N_("left alone by rules/watch.yaml (ignore: {pattern})"),
    "open": N_("open in an editor (lock file {owner}): taken once it is closed; if nobody has it open any more, "
               "delete the lock file"),
    "open-by": N_("open in an editor by {who} (lock file {owner}): taken once it is closed; if nobody has it open "
                  "any more, delete the lock file"),
    "folder": N_("a hidden or system folder: files in it are not taken"),
}


@dataclass(frozen=True)
class LeftAlone:
    why: str  # a key of REASONS, before `-orphan`
    owner: str | None = None  # the document a lock file or AppleDouble belongs to; an open document's lock file
    pattern: str | None = None  # the admin's pattern that matched


def unfinished_name(name: str) -> bool:
    """A name copies and downloads use while they are written (`x.xlsx.tmp`, `x.part`, rsync's)."""
    lower = name.lower()
    return lower.endswith(UNFINISHED_SUFFIXES) or bool(_RSYNC_TEMP.fullmatch(name))


def lock_name(name: str) -> bool:
    """Whether `name` is an editor's lock file's (`~$x`, `.~lock.x#`, `x.lock`)."""
    lower = name.lower()
    return lower.startswith(LOCK_PREFIXES) or lower.endswith(".lock")


def classify_name(name: str, patterns: Iterable[str] = ()) -> LeftAlone | None:
    """What a file name (no folders) says the file is; None: a document, taken. The admin's
    patterns come first: a name they list is left alone for good, even an unfinished one."""
    for pattern in patterns:
        if fnmatch.fnmatchcase(name, pattern):
            return LeftAlone("admin", pattern=pattern)
    lower = name.lower()
    for prefix in LOCK_PREFIXES:
        if lower.startswith(prefix):
            owner = name[len(prefix):]
            return LeftAlone("lock", owner[:-1] if prefix == ".~lock." and owner.endswith("#") else owner)
    if lower.endswith(".lock"):
        return LeftAlone("lock", name[:-5])
    if name.startswith("._") and len(name) > 2:
        return LeftAlone("mac", name[2:])
    if lower in SYSTEM_NAMES or lower.startswith(SYSTEM_PREFIXES):
        return LeftAlone("system")
    if unfinished_name(name):
        return LeftAlone("unfinished")
    if any(fnmatch.fnmatchcase(name, p) for p in EDITOR_PATTERNS):
        return LeftAlone("editor")
    return None


def hidden_folder(name: str) -> bool:
    """A folder whose files are never jobs: hidden (`.snapshot`), or a NAS's or Windows' own."""
    return name.startswith(".") or name.lower() in SYSTEM_FOLDERS


def classify(relative: str | PurePath, patterns: Iterable[str] = ()) -> LeftAlone | None:
    """`relative` is the path below the inbox (`orders/~$week.xlsx`)."""
    parts = PurePath(relative).parts
    if not parts:
        return LeftAlone("folder")
    if any(hidden_folder(part) for part in parts[:-1]):
        return LeftAlone("folder")
    return classify_name(parts[-1], patterns)


def ignored(relative: str | PurePath, patterns: Iterable[str] = ()) -> bool:
    """Is the entry, by its name alone, not a job (an unfinished name counts as not a job)?"""
    return classify(relative, patterns) is not None


def stale_seconds(watch_rules: Any) -> float:
    return 60.0 * getattr(watch_rules, "stale_after_minutes", DEFAULT_STALE_MINUTES)


def age_seconds(path: Path, now: float | None = None) -> float:
    """Seconds since the entry last changed (0 when it cannot be looked at)."""
    try:
        st = os.lstat(path)
    except OSError:
        return 0.0
    return max(0.0, (time.time() if now is None else now) - st.st_mtime)


def _is_appledouble(path: Path) -> bool:
    try:
        with open(path, "rb", opener=lambda p, f: os.open(p, f | getattr(os, "O_NOFOLLOW", 0)
                                                         | getattr(os, "O_NONBLOCK", 0))) as handle:
            return handle.read(4) == APPLEDOUBLE_MAGIC
    except OSError:
        return True  # unreadable now: leave it alone, look again later


def left_alone(path: Path, inbox: Path, watch_rules: Any, now: float | None = None) -> LeftAlone | None:
    """Why the inbox entry at `path` is not taken now, or None: it is work (a document, or an
    unfinished copy untouched for `stale_after_minutes`, which the pipeline refuses)."""
    found = classify(path.relative_to(inbox), getattr(watch_rules, "ignore", ()))
    if found is None or (found.why == "mac" and not _is_appledouble(path)):  # a `._x` may be a document
        lock = lock_beside(path)
        return LeftAlone("open", lock) if lock is not None else None
    if found.why == "unfinished" and age_seconds(path, now) >= stale_seconds(watch_rules):
        return None
    return found


def lock_beside(path: Path) -> str | None:
    """The name of the editor's lock file lying beside the document at `path` (it is open), or None.

    Office names its owner file `~$` + the name, or, for a longer name, `~$` in place of its
    first one or two letters (`orders.xlsx` -> `~$ders.xlsx`); LibreOffice `.~lock.NAME#`."""
    name = path.name
    names = ["~$" + name, f".~lock.{name}#", name + ".lock"]
    if len(name) > 6:  # a short name is never cut, and `~$` + two letters would fit too many files
        names += ["~$" + name[1:], "~$" + name[2:]]
    for lock in names:
        try:
            if stat.S_ISREG(os.lstat(path.parent / lock).st_mode):
                return lock
        except (OSError, ValueError):
            continue
    return None


def lock_holder(lock: Path, limit: int = 512) -> str | None:
    """Who holds a lock file, as the editor wrote it there (None when it does not say, or not
    readably). Office's owner file starts with the length of the user's name and the name in
    the Windows code page, and repeats it in UTF-16 further on; LibreOffice's is a line of
    comma-separated fields, the user's full name first, then the login."""
    try:
        with open(lock, "rb", opener=lambda p, f: os.open(p, f | getattr(os, "O_NOFOLLOW", 0)
                                                         | getattr(os, "O_NONBLOCK", 0))) as handle:
            data = handle.read(limit)
    except OSError:
        return None
    if lock.name.startswith(".~lock."):
        fields = re.split(r"(?<!\\),", data.decode("utf-8", "replace"))
        return _printable(fields[0]) or (_printable(fields[1]) if len(fields) > 1 else None)
    if not data or not 0 < data[0] < 54:
        return None
    length = data[0]
    narrow = data[1:1 + length].decode("cp1252", "replace")
    for start in (54, 55, 56):  # the UTF-16 copy, after its own length field: it must spell the same name
        wide = data[start:start + 2 * length]
        try:
            text = wide.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if len(text) == length and _printable(text) == text and \
                all(a == w or a in "?\ufffd" for a, w in zip(narrow, text)):
            return text
    return _printable(narrow)


def _printable(text: str, longest: int = 60) -> str | None:
    """`text` without control characters and outer spaces, at most `longest` characters; None if empty."""
    kept = "".join(ch for ch in text if ch.isprintable()).strip()[:longest]
    return kept or None


def reason_key(found: LeftAlone, folder: Path) -> str:
    """The REASONS key: a lock file's or AppleDouble's owner gone from its folder is an orphan;
    an open document whose lock file names who has it open says so."""
    if found.why in ("lock", "mac") and found.owner and not _owner_present(folder, found):
        return f"{found.why}-orphan"
    if found.why == "open" and found.owner and lock_holder(folder / found.owner):
        return "open-by"
    return found.why


def _owner_present(folder: Path, found: LeftAlone) -> bool:
    owner = found.owner or ""
    if os.path.lexists(folder / owner):
        return True
    if found.why == "lock" and len(owner) > 2:  # Word and Excel cut a long name's first two letters: `~$ders.xlsx`
        try:
            return any(name.endswith(owner) and not name.startswith("~$") for name in os.listdir(folder))
        except OSError:
            return False
    return False


def left_alone_entries(inbox: Path, watch_rules: Any, limit: int = 500, now: float | None = None) -> list[dict]:
    """What lies in the inbox and is not taken now, for `status`: `{file (below the inbox), why,
    owner, minutes (since it last changed)}`; a hidden or system folder is one entry."""
    found: list[dict] = []
    minutes = getattr(watch_rules, "stale_after_minutes", DEFAULT_STALE_MINUTES)
    for current, dirnames, filenames in os.walk(inbox, followlinks=False):
        base = Path(current)
        for name in sorted(dirnames):
            if hidden_folder(name):
                found.append(_listed(inbox, base / name, LeftAlone("folder"), "folder", now))
        dirnames[:] = sorted(d for d in dirnames if not hidden_folder(d))
        for name in sorted(filenames):
            path = base / name
            why = left_alone(path, inbox, watch_rules, now)
            if why is not None:
                found.append(_listed(inbox, path, why, reason_key(why, base), now, minutes))
        if len(found) >= limit:
            break
    return found[:limit]


def _listed(inbox: Path, path: Path, found: LeftAlone, key: str, now: float | None, minutes: int = 0) -> dict:
    who = lock_holder(path.parent / found.owner) if key == "open-by" and found.owner else None
    return {"file": str(path.relative_to(inbox)), "why": key, "owner": found.owner, "pattern": found.pattern,
            "who": who, "stale_after_minutes": minutes, "minutes": int(age_seconds(path, now) // 60)}


def work_in(folder: Path, watch_rules: Any, skip: Callable[[Path], bool] | None = None) -> list[Path]:
    """The entries under `folder` that could be jobs (links and other special entries too, never
    followed): everything but what `left_alone` says is not work, and nothing below a folder
    `skip` names; every entry when there are no watch rules to ask (rule files that do not load)."""
    from backoffice_auto.pipeline.inbox_entry import walk

    return [path for path in walk(folder, folder, skip)
            if watch_rules is None or left_alone(path, folder, watch_rules) is None]


def named_work(paths: Iterable[Path], watch_rules: Any, skip: Callable[[Path], bool] | None = None) -> list[Path]:
    """The files named on a command line: a folder's work (`work_in`, in name order, never below a
    folder `skip` names: the workspace's own), else the entry itself (a linked folder is one
    entry, refused unread); names that do not exist drop out."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            files += sorted(work_in(path, watch_rules, skip))
        elif os.path.lexists(path):
            files.append(path)
    return files
