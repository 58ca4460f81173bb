"""What a job is, to the engine: one `JobSpec` per job package, and the one way to get them.

A job (orders, invoices, payroll, ...) is a package with a `spec.py` holding one `JobSpec`:
its handlers, rule files and their models, migrations and tables, gettext domains,
command-line commands, demo step, books hooks and scheduled tasks. `backoffice_auto/jobs.py`
lists the specs. The engine (`pipeline`, `rules`, `books`, `mail`, `watch`, `cli`) never
imports a job: it asks `installed_specs()` here, which imports that list by name (so the
import contracts in `.importlinter` hold) and adds the specs named in the environment
variable `BACKOFFICE_EXTRA_JOBS` (`package.module:attribute`, comma-separated): the seam
tests use to run an example job through the real command line, and the way to add a job
that lives outside this repository. Engine functions also take `specs=` directly.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

if TYPE_CHECKING:
    from backoffice_auto.books.schema import Table
    from backoffice_auto.pipeline.handler import Handler, JobContext
    from backoffice_auto.workspace import Workspace

JOBS_MODULE = "backoffice_auto.jobs"
EXTRA_JOBS_ENV = "BACKOFFICE_EXTRA_JOBS"


@dataclass(frozen=True)
class RuleFile:
    """A rule file the job owns: a path under `rules/` (or a glob) and its strict model.

    `attribute` names it on the loaded `Rules` (default: the file stem, or the glob's folder).
    """

    pattern: str
    model: type
    attribute: str | None = None


@dataclass(frozen=True)
class BooksHook:
    """Run inside any job that changed one of `tables` (after its own changes, same transaction).

    How one job reacts to another's changes without importing it: master data brings stock,
    the orders job's hook serves open backorders.
    """

    tables: tuple[str, ...]
    run: Callable[["JobContext"], Any]


@dataclass(frozen=True)
class ScheduledTask:
    """A job started by the clock or a command, journaled under (task, date) (`pipeline/tasks.py`).

    The daemon starts it on a day that is one of `weekdays` (empty: every day; one day:
    weekly) and, when the job has its own calendar, for which `runs_on(day, rules)` holds
    (payables: the run days, moved off bank holidays), once `at` has passed in the settings'
    time zone. A command (`tasks run NAME --date D`) starts it on any day.
    """

    name: str
    run: Callable[["JobContext"], Any]
    at: time | None = None
    weekdays: tuple[int, ...] = ()  # 0 = Monday; empty: every day
    runs_on: Callable[[date, Any], bool] | None = None  # the job's own calendar, over the rules in force


@dataclass(frozen=True)
class JobSpec:
    """Everything the engine needs to know about one job."""

    name: str  # also the books migration component and the job's `rules/<name>.yaml`
    package: str  # the job's Python package (handlers are attributed to a job by it)
    handlers: Callable[[], Sequence["Handler"]] = tuple
    rule_files: tuple[RuleFile, ...] = ()
    # append-only SQL scripts of the job's own tables (component = the job's name), or
    # {component: scripts} for a job whose parts keep their own schema versions
    migrations: Sequence[str] | Mapping[str, Sequence[str]] = ()
    tables: Mapping[str, "Table"] = field(default_factory=dict)  # those tables, typed
    domains: tuple[str, ...] = ()  # gettext domains: i18n/locale/<lang>/LC_MESSAGES/<domain>.po
    commands: Callable[[], Sequence[Any]] = tuple  # click commands/groups added to the CLI
    demo: Callable[["Workspace", int], list[Path]] | None = None  # drop sample files, return them
    hooks: tuple[BooksHook, ...] = ()
    scheduled: tuple[ScheduledTask, ...] = ()

    @property
    def rules_model(self) -> type | None:
        """The model of the job's main rule file (its first), what handlers get as `ctx.job_rules`."""
        return self.rule_files[0].model if self.rule_files else None

    def owns_handler(self, handler: Any) -> bool:
        module = type(handler).__module__
        return module == self.package or module.startswith(self.package + ".")


def installed_specs() -> tuple[JobSpec, ...]:
    """The specs listed in `backoffice_auto/jobs.py`, then those named in BACKOFFICE_EXTRA_JOBS."""
    specs = list(importlib.import_module(JOBS_MODULE).SPECS)
    for name in filter(None, (part.strip() for part in os.environ.get(EXTRA_JOBS_ENV, "").split(","))):
        module_name, _, attribute = name.partition(":")
        specs.append(getattr(importlib.import_module(module_name), attribute or "spec"))
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"two job specs are named {', '.join(duplicates)}")
    return tuple(specs)


def resolve(specs: Sequence[JobSpec] | None) -> tuple[JobSpec, ...]:
    """`specs` when given (tests, embedding), else the installed ones."""
    return tuple(specs) if specs is not None else installed_specs()


def spec_for_handler(handler: Any, specs: Sequence[JobSpec]) -> JobSpec | None:
    return next((s for s in specs if s.owns_handler(handler)), None)
