"""Rules hot reload: validate a change under rules/, keep the last good rules on error,
tell the admin once per broken state, and leave the state where `status` can read it.

`.backoffice/rules-state.json` (written atomically by the daemon):
`{state: ok|invalid, in_force_hash, on_disk_hash, problems: ["file:line:col: message"],
checked_at, changed_at, notified_hash}`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from backoffice_auto.errors import format_message
from backoffice_auto.eventlog import log_event
from backoffice_auto.mail.notices import rules_invalid_notice
from backoffice_auto.mail.spool import spool_messages, write_atomic

STATE_FILE = "rules-state.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _render(problem: Any) -> str:
    render = getattr(problem, "render", None)
    return render() if callable(render) else str(problem)


def write_state(workspace: Any, state: dict) -> None:
    """The rules' state for `status`; a disk that cannot take it (full) leaves the last one:
    it must not stop the daemon nor pass for a rules problem."""
    try:
        write_atomic(Path(workspace.state_dir), STATE_FILE,
                     json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        log_event(workspace, "rules.state_unwritten", level="warning", error=f"{type(exc).__name__}: {exc}")


def read_state(workspace: Any) -> dict | None:
    try:
        return json.loads((Path(workspace.state_dir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class RulesQuiet:
    """Has anything under rules/ changed since the last look (each file's size, times, inode)?

    Why: an editor's save (or `write_text`) truncates the file, then writes it. A check that
    ran in between validated the empty file, found it valid (every key has a default) and put
    it in force, replacing the last good rules: the next broken edit was then reported
    against those instead. Events alone cannot say the writing is over (the write's event
    may come after the quiet period, and the safety-net rescan checks without waiting), so
    the daemon looks at the folder at each batch of events and validates only when it still
    looks the same a quiet period later; otherwise it waits another quiet period.
    """

    #: A rule file that had content and is empty now is taken as being written (a writer paused
    #: between truncating and writing: seen under load, longer than the quiet period) until it
    #: has stayed empty this long; an admin who empties a file on purpose waits that much.
    EMPTIED_WAIT = 5.0

    def __init__(self, rules_dir: Path):
        self.rules_dir = Path(rules_dir)
        self._last = self._fingerprint()
        self._emptied: dict[str, float] = {}  # file -> when it was first seen emptied

    def _fingerprint(self) -> tuple:
        seen = []
        try:
            paths = sorted(self.rules_dir.rglob("*"))
        except OSError:
            return ()
        for path in paths:
            rel = path.relative_to(self.rules_dir).as_posix()
            if any(part.startswith(".") for part in rel.split("/")):
                continue
            try:
                st = path.lstat()
            except OSError:
                continue
            seen.append((rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        return tuple(seen)

    def changed(self) -> bool:
        now = self._fingerprint()
        had = {rel: size for rel, size, *_ in self._last}
        at = time.monotonic()
        for rel, size, *_ in now:
            if size == 0 and had.get(rel):
                self._emptied.setdefault(rel, at)
            elif size:
                self._emptied.pop(rel, None)
        changed, self._last = now != self._last, now
        return changed

    def settling(self) -> bool:
        """Whether a rule file emptied since the last looks may still be being written."""
        at = time.monotonic()
        sizes = {rel: size for rel, size, *_ in self._last}
        self._emptied = {rel: t for rel, t in self._emptied.items() if sizes.get(rel) == 0}
        return any(at - t < self.EMPTIED_WAIT for t in self._emptied.values())


@dataclass
class ReloadOutcome:
    changed: bool  # new valid rules to use from the next job
    rules: Any  # the rules in force after this check
    problems: list[str]
    again: bool = False  # the folder changed while it was read: nothing taken, look again when quiet


class RulesWatch:
    """Holds the rules in force for the daemon and reacts to edits."""

    def __init__(self, workspace: Any, rules: Any):
        self.workspace = workspace
        self.rules = rules
        previous = read_state(workspace) or {}
        self.notified_hash: str | None = previous.get("notified_hash")
        self.state = {"state": "ok", "in_force_hash": getattr(rules, "hash", None),
                      "on_disk_hash": getattr(rules, "hash", None), "problems": [], "checked_at": _now(),
                      "changed_at": _now(), "notified_hash": self.notified_hash}
        write_state(workspace, self.state)

    def check(self, unchanged: Callable[[], bool] | None = None) -> ReloadOutcome:
        """Validate the rules on disk; never raises: a rule edit must not stop the daemon.

        Whatever goes wrong while reading an edit (a bug, a RecursionError, a MemoryError
        from a hostile file) leaves the last good rules in force and is reported as the
        rules' problem, like any invalid edit. `unchanged()`, asked once the files are read,
        says whether the folder still looks as it did before: if not (a save began while
        they were read: a file read just truncated is "empty, all defaults"), nothing is
        taken and the outcome says to look again.
        """
        try:
            return self._check(unchanged)
        except Exception as exc:  # noqa: BLE001 - deliberately everything: see the docstring
            line = format_message("rules/: the rules could not be checked ({error}); the last good rules stay in "
                                  "force", {"error": f"{type(exc).__name__}: {exc}"})
            self.state.update(state="invalid", problems=[line], checked_at=_now(), changed_at=_now())
            try:
                log_event(self.workspace, "rules.check_failed", level="error", problems=[line],
                          in_force=getattr(self.rules, "hash", None))
                write_state(self.workspace, self.state)
            except Exception:  # noqa: BLE001 - a full disk must not stop the daemon either
                pass
            return ReloadOutcome(False, self.rules, [line])

    def _check(self, unchanged: Callable[[], bool] | None) -> ReloadOutcome:
        from backoffice_auto.rules.loader import load_rules

        result = load_rules(self.workspace.rules_dir)
        if unchanged is not None and not unchanged():
            return ReloadOutcome(False, self.rules, [], again=True)
        self.state["checked_at"] = _now()
        if result.rules is not None and not result.problems:
            changed = result.rules.hash != getattr(self.rules, "hash", None)
            was_invalid = self.state["state"] == "invalid"
            if changed:
                self.rules = result.rules
                log_event(self.workspace, "rules.reloaded", hash=result.rules.hash)
            elif was_invalid:
                log_event(self.workspace, "rules.valid_again", hash=result.rules.hash)
            if changed or was_invalid:
                self.state.update(state="ok", in_force_hash=result.rules.hash, on_disk_hash=result.rules.hash,
                                  problems=[], changed_at=_now())
            write_state(self.workspace, self.state)
            return ReloadOutcome(changed, self.rules, [])
        lines = [_render(p) for p in result.problems]
        if self.state["state"] != "invalid" or self.state.get("on_disk_hash") != result.hash:
            self.state.update(state="invalid", on_disk_hash=result.hash, problems=lines, changed_at=_now())
            log_event(self.workspace, "rules.invalid", level="error", hash=result.hash, problems=lines,
                      in_force=getattr(self.rules, "hash", None))
        write_state(self.workspace, self.state)  # before the mail: whoever reads the mail sees the state
        if self.notified_hash != result.hash:
            # one mail per broken state: editing to another broken state mails again
            message = rules_invalid_notice(lines, self.rules)
            spool_messages(self.workspace, [message], f"rules-{(result.hash or 'x')[:12]}", self.rules)
            self.notified_hash = result.hash
            self.state["notified_hash"] = result.hash
            log_event(self.workspace, "rules.admin_told", hash=result.hash)
            write_state(self.workspace, self.state)
        return ReloadOutcome(False, self.rules, lines)
