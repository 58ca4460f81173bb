"""The reference scan of a large matching run, done on the machine's other core.

A run of 100,000 payments spends about a third of its time on `reference_scan` (finding
references in the texts, looking them up among the invoices' keys, typos), which needs
only two lists of strings; the other two thirds start by reading the records' amounts,
dates and accounts. A helper process scans while the run reads: the run sends the texts
and the invoice numbers before it reads anything else and takes the scan when it needs it.

The helper is started when a statement of `FROM` lines or more has been read (`warm`: it
starts while the lines are booked), else by the first run of that many payments, and kept
for the life of the process (a daemon matches statement after statement). A run never
waits for it to start: until it says it is ready, and whenever it fails (dies, is cut, hangs past
`WAIT` seconds, a pattern times out in it), the run scans in its own process, with the
same result. It exits when its pipe closes (the run's process ended, however) or after
`IDLE` seconds without work. `BACKOFFICE_SCAN_HELPER=off` in the environment keeps every
scan in the run's own process. Nothing is pickled: the texts and numbers cross as strings
joined into bytes, the scan as numpy columns' bytes (`ReferenceScan.to_wire`), the rules as
their JSON (validated again by the helper).

    python -m backoffice_auto.payments.matching.scan_helper   (started by `submit`, not by hand)
"""

from __future__ import annotations

import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Callable, Sequence

import numpy as np

FROM = 20_000  # payments: below this, sending costs more than scanning alongside saves
WAIT = 120.0  # seconds for the helper's answer before the run scans by itself
IDLE = 600.0  # seconds without work before the helper exits
_READY = b"R"
taken = 0  # scans this process took from the helper (the bench says how many runs used it)


def enabled() -> bool:
    """Off when set so, and where it cannot help: one core for this process (the helper would
    only take turns with the run), or no POSIX pipes to wait on."""
    if os.name != "posix" or os.environ.get("BACKOFFICE_SCAN_HELPER", "").strip().lower() in ("off", "0", "no", "false"):
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) >= 2


# the wire: a message is its number of parts (4 bytes), then each part's length (8) and bytes
def message(parts: Sequence[bytes]) -> list[bytes]:
    out = [struct.pack("<I", len(parts))]
    for part in parts:
        out += [struct.pack("<Q", len(part)), part]
    return out


def write_parts(stream: IO[bytes], parts: Sequence[bytes]) -> None:
    for piece in message(parts):
        stream.write(piece)
    stream.flush()


def send(fd: int, parts: Sequence[bytes], deadline: float) -> bool:
    """`parts` written to the non-blocking pipe `fd`; False when the reader takes none of it
    for the time left to `deadline` (a helper that stopped reading)."""
    for piece in message(parts):
        view = memoryview(piece)
        while view:
            if not select.select([], [fd], [], max(0.0, deadline - time.monotonic()))[1]:
                return False
            try:
                view = view[os.write(fd, view):]
            except BlockingIOError:
                continue
    return True


def read_parts(stream: IO[bytes]) -> list[bytes] | None:
    """The next message; None at the end of the stream (or a message cut short)."""
    head = stream.read(4)
    if len(head) < 4:
        return None
    parts = []
    for _ in range(struct.unpack("<I", head)[0]):
        size = stream.read(8)
        if len(size) < 8:
            return None
        n = struct.unpack("<Q", size)[0]
        part = stream.read(n)
        if len(part) < n:
            return None
        parts.append(part)
    return parts


def _widen(fd: int) -> None:
    """The pipe holds up to a megabyte (Linux's bound for anyone), not 64 KB: a run's texts
    cross in a few writes, not in a hundred turns of writer and reader."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


class _Helper:
    """One helper process and its pipe, used by one run at a time."""

    def __init__(self) -> None:
        self.pid = os.getpid()  # the process that started it (a forked child starts its own)
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.ready = False

    def usable(self) -> bool:
        """Started (if not yet) and ready; never waits."""
        if self.proc is not None and self.proc.poll() is not None:
            self.stop()  # exited (idle, or killed): started again below, for a later run
        if self.proc is None:
            try:
                if not sys.executable:
                    return False
                # -P: the working folder is not put on the import path (a `numpy.py` there is never imported)
                self.proc = subprocess.Popen([sys.executable, "-P", "-m", __name__, str(IDLE)], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                             start_new_session=True)
                assert self.proc.stdin is not None
                os.set_blocking(self.proc.stdin.fileno(), False)
                for stream in (self.proc.stdin, self.proc.stdout):
                    _widen(stream.fileno())  # type: ignore[union-attr]
            except (OSError, ValueError):
                self.stop()
            return False
        if not self.ready:
            assert self.proc.stdout is not None
            if select.select([self.proc.stdout], [], [], 0)[0]:
                self.ready = self.proc.stdout.read(1) == _READY
                if not self.ready:
                    self.stop()
        return self.ready

    def stop(self) -> None:
        proc, self.proc, self.ready = self.proc, None, False
        if proc is not None:
            try:
                proc.kill()
                proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass


_helper: _Helper | None = None
_guard = threading.Lock()


def _shared() -> _Helper:
    global _helper
    with _guard:
        if _helper is None or _helper.pid != os.getpid():
            _helper = _Helper()
        return _helper


class Job:
    """A scan sent to the helper: `result` takes it (once), `close` frees the helper."""

    def __init__(self, helper: _Helper, texts: list[str], numbers: list[str]):
        self.helper, self.texts, self.numbers = helper, texts, numbers
        self.answered = False

    def result(self, where: np.ndarray | None, patterns: Sequence[tuple[str, str, object]],
               meanwhile: Callable[[], None] | None = None) -> "ReferenceScan | None":
        """The scan of the run's texts in booking order (`where`: text index -> booking
        position, -1 not in the run; None: the run scans by itself); None when the helper
        failed. `meanwhile` is done first when the answer is not there yet (work the run
        would do later: a machine busy with other work delays the helper)."""
        from backoffice_auto.payments.matching.reference_scan import ReferenceScan

        proc = self.helper.proc
        try:
            assert proc is not None and proc.stdout is not None
            waiting = not select.select([proc.stdout], [], [], 0)[0]
        except (OSError, ValueError):
            return None
        if meanwhile is not None and waiting:
            meanwhile()
        try:
            if not select.select([proc.stdout], [], [], WAIT)[0]:
                return None
            parts = read_parts(proc.stdout)
            if parts is None:
                return None
            self.answered = True
            if where is None:
                return None
            scan = ReferenceScan.from_wire(parts, patterns)
            if scan.timeouts:  # counted where the run's extractor counts them: scanned again here
                return None
            global taken
            taken += 1
            return scan.in_booking_order(where, patterns)
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            return None

    def close(self) -> None:
        if not self.answered:  # its answer would come to the next run: start afresh
            self.helper.stop()
        self.helper.lock.release()


def warm(count: int) -> None:
    """The helper started, without waiting for it, when `count` payments are to be matched
    soon (a statement just read: booking it gives the helper the time it needs to start)."""
    if count < FROM or not enabled():
        return
    helper = _shared()
    if helper.lock.acquire(blocking=False):
        try:
            helper.usable()
        finally:
            helper.lock.release()


def submit(rules_wire: bytes, texts: list[str], numbers: list[str]) -> Job | None:
    """The texts (every payment's, in the caller's order) and invoice numbers sent to the
    helper for `rules_wire` (the `MatchingRules` as JSON); None when it is not there to take them."""
    if len(texts) < FROM or not enabled():
        return None
    helper = _shared()
    if not helper.lock.acquire(blocking=False):  # another run of this process is using it
        return None
    try:
        if helper.usable():
            from backoffice_auto.payments.matching.reference_scan import strings_to_wire

            assert helper.proc is not None and helper.proc.stdin is not None
            parts = [rules_wire, strings_to_wire(texts), strings_to_wire(numbers)]
            if send(helper.proc.stdin.fileno(), parts, time.monotonic() + WAIT):
                return Job(helper, texts, numbers)
            helper.stop()  # it stopped reading: its answer could not be trusted to come
    except (OSError, ValueError):
        helper.stop()
    helper.lock.release()
    return None


def main() -> None:
    """The helper's loop: a scan for each message, until the pipe closes or the seconds of
    its argument (`IDLE`) pass without one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C meant for the run's process
    idle = float(sys.argv[1]) if len(sys.argv) > 1 else IDLE
    from backoffice_auto.payments.matching.reference_scan import scan_references, strings_from_wire
    from backoffice_auto.payments.matching.refs import Extractor
    from backoffice_auto.payments.rules_model import MatchingRules

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    stdout.write(_READY)
    stdout.flush()
    extractors: dict[bytes, tuple[Extractor, int]] = {}  # the last rules' (compiled once)
    while select.select([stdin], [], [], idle)[0]:
        parts = read_parts(stdin)
        if parts is None or len(parts) != 3:
            return
        rules_wire, texts, numbers = parts
        if rules_wire not in extractors:
            rules = MatchingRules.model_validate_json(rules_wire)
            extractors = {rules_wire: (Extractor(rules), rules.typo_min_length)}
        extractor, typo_min_length = extractors[rules_wire]
        scan = scan_references(extractor, strings_from_wire(texts), strings_from_wire(numbers), typo_min_length)
        try:
            write_parts(stdout, scan.to_wire())
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
