"""rules/watch.yaml: what the daemon leaves alone in the inbox (beyond the built-in list).

Patterns are shell-style (`fnmatch`), matched against the
file name, case-sensitive: `draft-*`, `*.bak`, `[Cc]opy of *`.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from backoffice_auto.rules.base import StrictModel


class WatchRules(StrictModel):
    ignore: list[str] = Field(default_factory=list)  # extra file-name patterns never taken as jobs

    @field_validator("ignore")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern.strip() or "/" in pattern:
                raise ValueError(f"'{pattern}' is not a file-name pattern (no folders, not empty)")
        return value
