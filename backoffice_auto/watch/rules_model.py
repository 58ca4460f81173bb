"""rules/watch.yaml: what the daemon leaves alone in the inbox (beyond the built-in list),
and which scheduled tasks it starts by itself.

Patterns are shell-style (`fnmatch`), matched against the
file name, case-sensitive: `draft-*`, `*.bak`, `[Cc]opy of *`. `stale_after_minutes` says how
long a file with an unfinished copy's or download's name (`x.tmp`, `x.part`, `x.crdownload`)
may lie untouched before it is taken as a copy that never finished, and refused with that
reason (`pipeline/ignore.py`).
Tasks are named as `backoffice-auto tasks list` shows them (`payables-run`). Without a
`tasks:` key every scheduled task of the installed jobs is started on its days (the payment
proposal on the run days: it pays nothing until someone approves it); `tasks: []` turns the
clock off, a list keeps only those named.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.problems import RuleValueError


class WatchRules(StrictModel):
    ignore: list[str] = Field(default_factory=list)  # extra file-name patterns never taken as jobs
    stale_after_minutes: int = Field(60, ge=1, le=525600)  # an unfinished copy untouched this long is refused
    tasks: list[str] | None = None  # scheduled tasks the daemon starts on their days; None: all of them

    @field_validator("ignore")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern.strip() or "/" in pattern:
                raise RuleValueError(N_("'{pattern}' is not a file-name pattern (no folders, not empty)"), pattern=pattern)
        return value

    @field_validator("tasks")
    @classmethod
    def _known_tasks(cls, value: list[str] | None) -> list[str] | None:
        from backoffice_auto.pipeline.tasks import task_names

        if value is None:
            return None
        from backoffice_auto.rules.suggest import closest

        known = list(task_names())
        for name in value:
            if name not in known:
                suggestion = closest(name, known)
                raise RuleValueError(N_("'{task}' is not a scheduled task (known: {known})"),
                                     N_("did you mean '{suggestion}'?") if suggestion else None,
                                     task=name, known=", ".join(known) or "-", suggestion=suggestion or "")
        if len(set(value)) != len(value):
            raise RuleValueError(N_("a task is listed twice"))
        return value
