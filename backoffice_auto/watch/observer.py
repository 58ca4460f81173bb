"""watchdog events to "look at this path soon": native events, or polling for shares.

The handler only records paths (a set under a lock); all decisions happen in the daemon's
loop, so a burst of 1,000 events costs 1,000 set insertions and nothing more. A folder
created or moved in is recorded too; the loop scans it (its files may have arrived
before the watch on it existed); so is the folder of an editor's lock file that went: the
document it held open is work now.
"""

from __future__ import annotations

import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from backoffice_auto.pipeline.ignore import lock_name


class PathCollector(FileSystemEventHandler):
    def __init__(self, include_deleted: bool = False):
        self.include_deleted = include_deleted  # rules: a deleted file is a change too
        self._lock = threading.Lock()
        self._files: set[Path] = set()
        self._dirs: set[Path] = set()
        self.wakeup = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        target = getattr(event, "dest_path", "") or event.src_path
        if not target:
            return
        path = Path(target if isinstance(target, str) else target.decode())
        with self._lock:
            if event.is_directory:
                if event.event_type in ("created", "moved"):
                    self._dirs.add(path)
            elif event.event_type != "deleted" or self.include_deleted:
                self._files.add(path)
            elif lock_name(path.name):  # an editor closed a document: its folder is looked at again
                self._dirs.add(path.parent)
        self.wakeup.set()

    def drain(self) -> tuple[set[Path], set[Path]]:
        with self._lock:
            files, dirs = self._files, self._dirs
            self._files, self._dirs = set(), set()
        self.wakeup.clear()
        return files, dirs


def make_observer(poll_seconds: float | None):
    """Native observer (inotify, FSEvents, ReadDirectoryChangesW) or polling every N seconds."""
    if poll_seconds:
        return PollingObserver(timeout=poll_seconds)
    return Observer()


def start_watching(folders: list[tuple[Path, PathCollector]], poll_seconds: float | None):
    observer = make_observer(poll_seconds)
    for folder, collector in folders:
        folder.mkdir(parents=True, exist_ok=True)
        observer.schedule(collector, str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
