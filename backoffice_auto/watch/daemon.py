"""The daemon's loop: events and rescans -> stable files -> the pipeline, one at a time;
and the clock: scheduled tasks that `watch.yaml` turns on, started on their days (`clock.py`).

One thread decides and processes (the main thread, so SIGTERM/SIGINT are seen between
jobs); watchdog's observer threads only record paths; the mail sender runs in its own
thread. A job that raises never stops the loop: the error is logged and the file is
not handed over again until it changes. A write the machine refuses (a full disk: a job
`postponed`, or the start itself) pauses the work and is tried again later (`outagewait`).
"""

from __future__ import annotations

import gc
import os
import signal
import stat
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from backoffice_auto.eventlog import log_event
from backoffice_auto.pipeline import inbox_entry
from backoffice_auto.pipeline.ignore import left_alone
from backoffice_auto.watch import console as lines
from backoffice_auto.watch.clock import LOOK_EVERY, TaskClock
from backoffice_auto.watch.mailthread import MailThread
from backoffice_auto.watch.observer import PathCollector, start_watching
from backoffice_auto.watch.outagewait import OutageWait
from backoffice_auto.pidlock import PidLock
from backoffice_auto.watch.rulestate import RulesWatch, RulesQuiet
from backoffice_auto.watch.stability import StabilityTracker

LOCK_FILE = "watch.lock"
TICK = 0.25  # longest sleep between looks at the candidates
RULES_QUIET = 0.5  # an editor's save is several writes: validate once the folder is quiet
BOOKS_FLUSH_EVERY = 10.0


def _identity(folder: Path) -> tuple[int, int] | str | None:
    """The folder's device and inode; None when it is not there (or no folder); "unknown" when
    the system cannot say now (a network share's hiccup is no move)."""
    try:
        st = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return "unknown"
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


@dataclass
class WatchOptions:
    stable: float = 2.0
    poll: float | None = None
    rescan: float = 60.0
    send_mail: bool = True
    max_jobs: int | None = None  # stop after this many (benchmarks)
    announce: Callable[[str], None] | None = None  # told once the lock is held and watching starts
    console: Callable[[str], None] | None = None  # one line per event the operator must hear of (mail)


def lock_path(workspace: Any) -> Path:
    return Path(workspace.state_dir) / LOCK_FILE


def watch_rules(rules: Any) -> Any:
    """What the inbox rules say is left alone (`watch.yaml`: `ignore:`, `stale_after_minutes`)."""
    return rules.watch


class Daemon:
    def __init__(self, workspace: Any, options: WatchOptions, pipeline_factory: Callable[[Any], Any] | None = None):
        self.workspace = workspace
        self.options = options
        self.home: tuple[int, int] | str | None = None  # the workspace folder's identity (`_identity`)
        self.stop_requested = threading.Event()
        self.signals = 0
        self.stop_signal: int | None = None
        self.jobs = 0
        self.failures = 0
        self.refused = 0
        self._pipeline_factory = pipeline_factory

    # --- signals ----------------------------------------------------------------------
    def _on_signal(self, signum, frame) -> None:
        """Only a note of the signal. The handler runs in the main thread between two of its
        bytecodes, perhaps inside a lock the thread holds (the event log's, an Event's), so
        it takes no lock: logging from here once hung a stop for good. The loop, which never
        waits longer than a tick, sees the note (`_stopping`) and logs `watch.stopping`."""
        self.signals += 1
        if self.signals > 1:
            raise KeyboardInterrupt  # a second Ctrl-C: stop now (the journal makes that safe)
        self.stop_signal = signum

    def _stopping(self) -> bool:
        return self.stop_signal is not None or self.stop_requested.is_set()

    def install_signals(self) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)

    # --- main -------------------------------------------------------------------------
    def run(self) -> int:
        ws = self.workspace
        ws.ensure()
        self.home = _identity(ws.root)  # where the workspace is: the loop stops when it is no longer there
        self.lock = PidLock(lock_path(ws)).acquire()  # raises LockHeld
        try:
            return self._run()
        finally:
            self.lock.release()

    def _make_pipeline(self):
        if self._pipeline_factory is not None:
            return self._pipeline_factory(self.workspace)
        from backoffice_auto.pipeline.runner import Pipeline

        return Pipeline(self.workspace)

    def _run(self) -> int:
        """The daemon's main loop: start-up (lock, recovery, observers), then each tick's
        rules reload, stable files, mail and books refresh, then an orderly stop. Long
        because it is the one place the order of those steps is written down."""
        ws = self.workspace
        opts = self.options
        self.collector = PathCollector()
        self.rules_collector = PathCollector(include_deleted=True)
        self.install_signals()
        self.outage = OutageWait(ws, self._say, self._language)
        # the rule files as they are before the rules are read: a file truncated by a save while
        # the daemon starts is then seen as emptied (and waited for), not taken as it was found
        quiet = RulesQuiet(ws.rules_dir)
        started = self._start_up()  # raises ConfigError when no good rules exist
        if started is None:
            return 0  # stopped while the disk was full
        pipeline, recovered = started
        self.rules_watch = RulesWatch(ws, pipeline.rules)
        log_event(ws, "watch.started", pid=os.getpid(), poll=opts.poll, stable=opts.stable,
                  rules=getattr(pipeline.rules, "hash", None), recovered=recovered)
        folders = [(ws.inbox, self.collector), (ws.rules_dir, self.rules_collector)]
        try:
            observer = start_watching(folders, opts.poll)
        except OSError as exc:  # e.g. the inotify watch limit: polling works everywhere
            log_event(ws, "watch.events_unavailable", level="warning", error=str(exc), fallback_poll=2.0)
            observer = start_watching(folders, 2.0)
        if opts.announce:
            opts.announce(str(ws.inbox))
        for line in lines.start_lines(recovered, self._language()):
            self._say(line)
        self.mail = MailThread(ws, lambda: self.rules_watch.rules, console=opts.console)
        if opts.send_mail:
            self.mail.start()
        tracker = StabilityTracker(opts.stable, trust_change_time=opts.poll is None and os.name == "posix")
        self.tracker = tracker
        inbox_rules = watch_rules(pipeline.rules)
        next_rescan = 0.0  # the scan of what already waits happens at once
        rules_dirty_at: float | None = None
        books_dirty_at: float | None = None
        queue: deque[Path] = deque()
        observer_dead = False
        queued: set[Path] = set()
        self.clock = TaskClock(ws)
        next_clock = 0.0
        home = self.home if self.home is not None else _identity(ws.root)
        gone = False
        try:
            while not self._stopping():
                now = time.monotonic()
                # before any work: moved, renamed or deleted, the paths the jobs write to lead nowhere
                if home not in (None, "unknown") and _identity(ws.root) not in (home, "unknown"):
                    gone = True
                    break
                files, dirs = self.collector.drain()
                for path in files:
                    self._consider(tracker, path, now, inbox_rules)
                for folder in dirs:
                    self._scan(tracker, folder, now, inbox_rules)
                if now >= next_rescan:
                    if not observer.is_alive() and not observer_dead:
                        observer_dead = True  # the minute's rescan keeps things moving
                        log_event(ws, "watch.observer_died", level="error")
                    self._scan(tracker, ws.inbox, now, inbox_rules)
                    next_rescan = now + opts.rescan
                    rules_dirty_at = rules_dirty_at or now - RULES_QUIET  # the safety net covers rules too
                changed_rules, _ = self.rules_collector.drain()
                if changed_rules:
                    rules_dirty_at = now
                    quiet.changed()  # what the folder looks like after these events
                if rules_dirty_at is not None and now - rules_dirty_at >= RULES_QUIET:
                    if quiet.changed() or quiet.settling():  # still being written (an event may come late,
                        rules_dirty_at = now                      # a writer may pause after truncating): wait
                    else:
                        rules_dirty_at = None
                        outcome = self.rules_watch.check(lambda: not quiet.changed())
                        if outcome.again:  # written to while it was read: wait till it is quiet
                            rules_dirty_at = time.monotonic()
                        elif outcome.changed:
                            pipeline.rules = outcome.rules
                            inbox_rules = watch_rules(outcome.rules)
                if rules_dirty_at is None and now >= next_clock and not self._stopping() and self._writable(pipeline):
                    next_clock = now + LOOK_EVERY
                    if self._start_tasks(pipeline):
                        books_dirty_at = books_dirty_at or time.monotonic()
                for path in tracker.ready(now):
                    if path not in queued:
                        queued.add(path)
                        queue.append(path)
                while queue and rules_dirty_at is None and not self._stopping() and self._writable(pipeline):
                    path = queue.popleft()
                    queued.discard(path)
                    if not os.path.lexists(path):
                        continue
                    if left_alone(path, ws.inbox, inbox_rules) is not None:
                        continue  # opened in an editor meanwhile: its lock file's removal brings it back
                    if not self._process(pipeline, tracker, path):
                        queue.appendleft(path)  # postponed: first again once writing works
                        queued.add(path)
                        break
                    books_dirty_at = books_dirty_at or time.monotonic()
                    if self.rules_collector.wakeup.is_set():
                        break  # a rules edit applies from the next job on: validate it first
                if books_dirty_at is not None and (not queue or time.monotonic() - books_dirty_at > BOOKS_FLUSH_EVERY) \
                        and not self.outage.blocks():
                    self._flush_books(pipeline)
                    books_dirty_at = None
                    # jobs leave reference cycles (contexts, tracebacks); collect them while
                    # idle so a daemon that runs for months keeps a flat footprint
                    gc.collect()
                if not queue:
                    # sleep until an event, the next candidate's stability deadline, or a tick
                    wait = TICK
                    due = tracker.next_due() if len(tracker) < 5000 else None
                    if due is not None:
                        wait = min(TICK, max(0.0, due - time.monotonic()) + 0.001)
                    if tracker.seen and any(s.size < 0 for s in tracker.seen.values()):
                        wait = 0.0  # a new candidate: take its first look now
                    self.collector.wakeup.wait(wait)
                elif self.outage.blocks():  # files wait for the next try after an outage: no spinning
                    time.sleep(min(TICK, self.outage.seconds_left() or TICK))
        finally:
            if self.stop_signal is not None:
                log_event(ws, "watch.stopping", signal=signal.Signals(self.stop_signal).name)
            observer.stop()
            if books_dirty_at is not None and not gone:
                self._flush_books(pipeline)
            if opts.send_mail:
                self.mail.stop()
                self.mail.join(timeout=60)
            observer.join(timeout=10)
            close = getattr(pipeline, "close", None)
            if close:
                close()
            if gone:  # nothing is written where the workspace was: that would make a new, empty one there
                self._say(lines.gone_line(str(ws.root), self._language()))
            else:
                log_event(ws, "watch.stopped", pid=os.getpid(), jobs=self.jobs, failures=self.failures)
            self._say(lines.stop_line(self.jobs, self.refused, self._language()))
        return 1 if gone else 0

    # --- pieces -----------------------------------------------------------------------
    def _relative(self, path: Path) -> Path | None:
        try:
            return path.relative_to(self.workspace.inbox)
        except ValueError:
            return None

    def _consider(self, tracker: StabilityTracker, path: Path, now: float, inbox_rules) -> None:
        rel = self._relative(path)
        if rel is None or left_alone(path, self.workspace.inbox, inbox_rules) is not None:
            return  # an unfinished copy is looked at again by the rescans: once stale, it is refused
        tracker.add(path, now)

    def _scan(self, tracker: StabilityTracker, folder: Path, now: float, inbox_rules) -> None:
        for path in inbox_entry.walk(folder, self.workspace.inbox):  # links and special files too: the pipeline refuses them
            self._consider(tracker, path, now, inbox_rules)

    def _process(self, pipeline: Any, tracker: StabilityTracker, path: Path) -> bool:
        """Hand one file to the pipeline; False when it was postponed (the machine failed a
        write): it stays a candidate, handed over again once writing works."""
        started = time.monotonic()
        try:
            result = pipeline.process_path(path)
            if result.get("status") == "postponed":
                self._postponed(result, str(self._relative(path) or path))
                return False
            self.outage.over()
            self._handled(result, started, str(self._relative(path) or path), file=str(self._relative(path)))
        except Exception as exc:  # never let one file stop the daemon
            if self._met_outage(exc):
                return False
            self.failures += 1
            import traceback

            log_event(self.workspace, "watch.job_failed", level="error", file=str(self._relative(path)),
                      error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())
            self._say(lines.crash_line(str(self._relative(path) or path), type(exc).__name__, self._language()))
        tracker.mark_handled(path)
        return True

    # --- outages (a full disk ...: `outagewait`) ---------------------------------------
    def _start_up(self) -> tuple[Any, Any] | None:
        """The pipeline and the start's recovery, tried again while the machine refuses
        writes (said once); None when a stop was asked for meanwhile."""
        while not self._stopping():
            try:
                pipeline = self._make_pipeline()
                self.pipeline = pipeline
                recovered = pipeline.recover()
                self.outage.over()
                return pipeline, recovered
            except Exception as exc:
                if not self._met_outage(exc):
                    raise
            while self.outage.blocks() and not self._stopping():
                self.stop_requested.wait(TICK)
        return None

    def _writable(self, pipeline: Any) -> bool:
        """May work start now? Not while an outage waits; when its wait is over, what a cut-short
        delivery left is finished first (as at start): the next job then tells if writing works."""
        if self.outage.current is None:
            return True
        if self.outage.blocks():
            return False
        try:
            pipeline.recover()
        except Exception as exc:
            if self._met_outage(exc):
                return False
            raise
        return True

    def _met_outage(self, exc: BaseException) -> bool:
        from backoffice_auto.pipeline.outage import outage_of

        outage = outage_of(exc, self.workspace)
        if outage is None:
            return False
        self.outage.begin(outage)
        return True

    def _postponed(self, result: Any, shown: str) -> None:
        outage = result.extra.get("outage") if hasattr(result, "extra") else None
        if outage is None:  # a stand-in pipeline's plain result
            from backoffice_auto.pipeline.outage import Outage

            outage = Outage("full", str(self.workspace.root), "postponed")
        messages = result.get("messages") or []
        self.outage.begin(outage, f"{shown}: {messages[0]['text']}" if messages else None)

    def _language(self) -> str:
        try:
            return self.pipeline.language
        except Exception:  # no pipeline yet (the disk full at start), a test's stand-in, rules without settings
            from backoffice_auto.cli import _settings_language

            return _settings_language(self.workspace)

    def _say(self, line: str) -> None:
        """One line on the operator's console (watch/console.py says which); never fails a job."""
        if self.options.console is None:
            return
        try:
            self.options.console(line)
        except Exception:  # a closed terminal must not stop the daemon
            pass

    def _handled(self, result: Any, started: float, shown: str, **where: Any) -> None:
        """A job went through the pipeline (a file's or a task's): log, console line, mail, count."""
        self.jobs += 1
        log_event(self.workspace, "watch.handled", status=result.get("status"), job=result.get("job"),
                  ms=round((time.monotonic() - started) * 1000, 1), **where)
        self.refused += result.get("status") == "refused"
        self._say(lines.file_line(result, self._language(), shown))
        if result.get("outputs") and any("outbox/mail/pending/" in o for o in result["outputs"]):
            self.mail.wake.set()
        if self.options.max_jobs is not None and self.jobs >= self.options.max_jobs:
            self.stop_requested.set()

    def _start_tasks(self, pipeline: Any) -> bool:
        """Start the scheduled tasks due now (each once per date: see `clock.py`); True when
        one ran. A task that raises is logged and not started again by this process."""
        from backoffice_auto.pipeline.tasks import run_task

        ran = False
        try:
            starting = self.clock.due_now(pipeline.specs, pipeline.rules, pipeline.now())
        except Exception as exc:  # a job's calendar must not stop the daemon either
            log_event(self.workspace, "watch.clock_failed", level="error", error=f"{type(exc).__name__}: {exc}")
            return False
        for name, day in starting:
            if self._stopping():
                break
            self.clock.started.add((name, day))
            started = time.monotonic()
            try:
                result = run_task(pipeline, name, day, only_if_new=True)
            except Exception as exc:
                if self._met_outage(exc):  # the machine's failure: the task is started again later
                    self.clock.started.discard((name, day))
                    break
                self.failures += 1
                import traceback

                log_event(self.workspace, "watch.task_failed", level="error", task=name, date=day.isoformat(),
                          error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())
                self._say(lines.crash_line(f"{name} {day.isoformat()}", type(exc).__name__, self._language()))
                continue
            if result is None:
                log_event(self.workspace, "watch.task_settled", task=name, date=day.isoformat())
                continue
            if result.get("status") == "postponed":
                self.clock.started.discard((name, day))
                self._postponed(result, f"{name} {day.isoformat()}")
                break
            self.outage.over()
            ran = True
            self._handled(result, started, f"{name} {day.isoformat()}", task=name, date=day.isoformat(),
                          file=result.get("file"))
        return ran

    def _flush_books(self, pipeline: Any) -> None:
        flush = getattr(pipeline, "flush_books", None)
        if flush is None:
            return
        try:
            flush()
        except Exception as exc:
            if self._met_outage(exc):
                return
            log_event(self.workspace, "watch.books_export_failed", level="error", error=f"{type(exc).__name__}: {exc}")
