"""What every stage of a job needs from its surroundings, passed explicitly.

The stages (claim, run, commit, deliver, recover) are functions over a `JobEnv`: the
workspace, the books store, the rules in force and the clock. Nothing is kept between jobs
in the process; whatever must outlive a job (the claim, the manifest, the books tables to
re-export) is written to the journal in the job's transaction.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Callable, Sequence

from backoffice_auto.books.interface import BooksStore
from backoffice_auto.workspace import Workspace


class ConfigError(Exception):
    """The workspace cannot run: rules invalid or layout missing (exit code 2)."""

    def __init__(self, lines: list[str], problems: Sequence[Any] = ()):
        self.lines = lines
        self.problems = tuple(problems)  # rule problems, said again in the reader's language by `lines_in`
        super().__init__("\n".join(lines))

    def lines_in(self, language: str) -> list[str]:
        """The lines in `language`: a Czech workspace with a typo in orders.yaml was told
        "Pravidla nejsou platná" over the problems in English."""
        return [p.render(language) for p in self.problems] if self.problems else list(self.lines)


def crash_point(name: str) -> None:
    """Tests set BACKOFFICE_CRASH_AT=<name> to SIGKILL the process at a named step, or
    BACKOFFICE_WRITES_FAIL_AT=<name> to make every later write of the process fail there, as
    on a full disk: its file-size limit drops to 0, so writes fail for real with EFBIG (and
    SQLite's with "disk I/O error")."""
    if os.environ.get("BACKOFFICE_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("BACKOFFICE_WRITES_FAIL_AT") == name:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


CLOCK_ENV = "BACKOFFICE_NOW"


def frozen_now(zone: tzinfo) -> datetime | None:
    """For tests only: BACKOFFICE_NOW=2026-12-01T07:30 stops the pipeline's and the daemon's
    clock at that moment (in the settings' time zone unless it names one), so a test can start
    `watch` on a given day and hour. Unset in production."""
    text = os.environ.get(CLOCK_ENV, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError([f"{CLOCK_ENV}={text!r} is not an ISO date and time (2026-12-01T07:30)"]) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


@dataclass(frozen=True)
class JobEnv:
    workspace: Workspace
    store: BooksStore  # the books and the journal, through their interface only
    rules: Any
    clock: Callable[[], datetime]
    specs: Sequence[Any] = ()  # the jobs (JobSpec) this pipeline runs
    # told (file, step text) as a job goes; (file, None) when its job starts (`process` on a terminal)
    on_step: Callable[[str, str | None], None] | None = None

    def job_rules(self, spec: Any) -> Any:
        """The job's own typed rule model: its main rule file, validated, defaults filled in."""
        if spec is None or not spec.rule_files:
            return None
        from backoffice_auto.rules.loader import attribute_for

        main = spec.rule_files[0]
        return getattr(self.rules, attribute_for(main.pattern, main))

    @property
    def hooks(self) -> tuple:
        """(hook, its job's typed rules) for every job's books hooks."""
        return tuple((hook, self.job_rules(spec)) for spec in self.specs for hook in spec.hooks)

    @property
    def language(self) -> str:
        return self.rules.settings.language

    def now(self) -> datetime:
        return self.clock()

    def stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def relative(self, path: Path) -> str:
        """Where `path` is in the workspace, by spelling: a link is never resolved to say so."""
        full = Path(os.path.abspath(path))
        for base in (self.workspace.root, Path(os.path.realpath(self.workspace.root))):
            try:
                return str(full.relative_to(base))
            except ValueError:
                continue
        return str(full)

    def log(self, event: str, **fields: Any) -> None:
        from backoffice_auto.eventlog import log_event

        log_event(self.workspace, event, **fields)
