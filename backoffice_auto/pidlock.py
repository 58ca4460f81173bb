"""An exclusive lock held by one process, with its pid written inside for the next one.

Why an OS lock (flock / msvcrt) and not "the file exists": a daemon killed with SIGKILL
cannot delete its lock file, and a stale file must not keep the next start from
running. The OS drops the lock when the process dies, whatever way it dies; the pid in
the file only serves the message "already running as pid N".
"""

from __future__ import annotations

import os
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockHeld(Exception):
    def __init__(self, path: Path, pid: int | None):
        self.path = path
        self.pid = pid
        super().__init__(f"{path} is held by pid {pid if pid is not None else '?'}")


def read_pid(path: Path) -> int | None:
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class PidLock:
    """`with PidLock(path): ...` or `acquire()`/`release()`; raises `LockHeld` when taken."""

    def __init__(self, path: Path, write_pid: bool = True):
        self.path = Path(path)
        self.write_pid = write_pid
        self.fd: int | None = None

    def acquire(self) -> "PidLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise LockHeld(self.path, read_pid(self.path))
        if self.write_pid:
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                os.fsync(fd)
            except OSError:  # a full disk: the lock holds all the same, only its message lacks the pid
                pass
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            if self.write_pid:
                os.ftruncate(self.fd, 0)
            _unlock(self.fd)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "PidLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def holder(path: Path) -> int | None:
    """The pid holding the lock now, or None when nobody holds it."""
    try:
        probe = PidLock(path, write_pid=False).acquire()
    except LockHeld as held:
        return held.pid if held.pid is not None else -1
    except OSError:
        return None
    probe.release()
    return None
