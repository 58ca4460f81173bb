"""What one job came to: the typed result every stage returns instead of a hand-built dict.

`process --json` prints `JobResult.as_json()` (DESIGN.md's contract:
`{file, kind, status, job, outputs, messages}`, plus `duplicate_of` and `dry_run` when set).
A result also reads like that JSON object (`result["status"]`), so callers that print or
test it need no second shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Iterator

from backoffice_auto.i18n import N_, translate

#: A result's status as people read it (the journal and the JSON keep the English word).
STATUS_WORDS = {"done": N_("done"), "refused": N_("refused"), "duplicate": N_("duplicate"), "running": N_("running"),
                "taken": N_("taken"), "waiting": N_("waiting"), "postponed": N_("postponed")}


def status_word(status: str | None, language: str, words: dict[str, str] = STATUS_WORDS) -> str:
    """`status` in `language` (`odmítnuto`), or as it is when it has no word in `words`."""
    msgid = words.get(status or "")
    return translate(msgid, language) if msgid else str(status)


@dataclass(frozen=True)
class JobResult(Mapping):
    file: str
    kind: str | None
    status: str  # done, refused, duplicate; with no job: taken (by another run), waiting (still written);
    # postponed: the machine failed a write (`outage`), the file stays in the inbox for the next run
    job: str | None
    outputs: tuple[str, ...] = ()
    messages: tuple[dict, ...] = ()
    duplicate_of: str | None = None
    dry_run: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "kind": self.kind, "status": self.status, "job": self.job,
                                "outputs": list(self.outputs), "messages": list(self.messages)}
        if self.duplicate_of is not None:
            data["duplicate_of"] = self.duplicate_of
        if self.dry_run:
            data["dry_run"] = True
        return data

    # read-only mapping view of as_json()
    def __getitem__(self, key: str) -> Any:
        return self.as_json()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_json())

    def __len__(self) -> int:
        return len(self.as_json())
