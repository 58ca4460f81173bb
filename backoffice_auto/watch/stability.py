"""When is a file ready: its size and mtime unchanged for N seconds, and it opens.

Why not react to "file closed" events: network shares (SMB/NFS) deliver no events at all,
copies from Windows Explorer arrive in several opens, and a browser download is written
for minutes. Watching the size and mtime of every candidate ourselves works the same on
every file system; events only make us look sooner. Time is passed in, so the logic is
tested without sleeping.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when this size/mtime was first observed


def can_open(path: Path) -> bool:
    """The file opens for reading (on Windows, a file still being written by another
    process refuses a shared open), or never will for want of permission.

    On POSIX a refused open (EACCES, EPERM) is the file's permissions, not a writer's lock
    (a share's lock is EBUSY there): waiting changes nothing, so the file is handed over and
    the pipeline refuses it unread with the reason. It was waited for silently for ever."""
    try:
        with open(path, "rb") as fh:
            fh.read(1)
        return True
    except PermissionError:
        return os.name == "posix"
    except OSError:
        return False


class StabilityTracker:
    """Candidates in, ready files out: `add(path)`, then `ready(now)` on every tick."""

    def __init__(self, stable_seconds: float, opener: Callable[[Path], bool] = can_open,
                 trust_change_time: bool = False):
        self.stable = stable_seconds
        self.opener = opener
        # On a local POSIX file system every write moves mtime and every rename or chmod
        # moves ctime, so a file first seen with max(mtime, ctime) T seconds ago has been
        # unchanged for T seconds already: count that time (at most the whole delay)
        # instead of waiting a full delay from our first look. Not on network shares
        # (other clocks) nor on Windows (st_ctime is the creation time there).
        self.trust_change_time = trust_change_time
        self.seen: dict[Path, _Seen] = {}
        # (size, mtime) a file had when it was last handed over: not handed over again unless it changes
        self.handled: dict[Path, tuple[int, int]] = {}

    def add(self, path: Path, now: float) -> None:
        if path not in self.seen:
            self.seen[path] = _Seen(-1, -1, now)

    def __len__(self) -> int:
        return len(self.seen)

    def ready(self, now: float) -> list[Path]:
        """Files stable for the whole delay, oldest change first; they leave the candidates."""
        out: list[tuple[float, Path]] = []
        for path, seen in list(self.seen.items()):
            try:
                st = os.lstat(path)  # a link is looked at, never followed
            except (FileNotFoundError, NotADirectoryError):
                del self.seen[path]
                self.handled.pop(path, None)
                continue
            except OSError:
                continue
            regular = stat.S_ISREG(st.st_mode)
            sig = (st.st_size, st.st_mtime_ns)
            if (seen.size, seen.mtime_ns) != sig:
                first_look = seen.size < 0
                seen.size, seen.mtime_ns, seen.since = sig[0], sig[1], now
                if first_look and self.trust_change_time:
                    age = time.time() - max(st.st_mtime, st.st_ctime)
                    if age > 0:
                        seen.since = now - min(age, self.stable)
                if now - seen.since < self.stable:
                    continue
            if now - seen.since < self.stable:
                continue
            if self.handled.get(path) == sig:
                del self.seen[path]  # already handed over in this exact state
                continue
            if regular and not self.opener(path):  # a FIFO or link is never opened: the pipeline refuses it
                seen.since = now  # still locked by the writer: wait a full delay again
                continue
            del self.seen[path]
            out.append((st.st_mtime_ns, path))
        return [p for _, p in sorted(out, key=lambda t: (t[0], str(t[1])))]

    def next_due(self) -> float | None:
        """The earliest time a candidate can become ready (to sleep exactly that long)."""
        times = [seen.since + self.stable for seen in self.seen.values() if seen.size >= 0]
        return min(times) if times else None

    def mark_handled(self, path: Path) -> None:
        """Remember the state a file was handed over in (it is normally gone afterwards)."""
        try:
            st = os.lstat(path)
        except OSError:
            self.handled.pop(path, None)
            return
        self.handled[path] = (st.st_size, st.st_mtime_ns)
