"""Schema migrations, one append-only list of SQL scripts per component.

The engine's components (`core`: the vocabulary, the journal, sequences; `mail`) live here;
each job's own tables and scripts come from its spec (`JobSpec.migrations`, `JobSpec.tables`,
component = the job's name). A component's applied version is kept in `schema_version`; a
new script is appended, never edited, so an old workspace upgrades by running what it has
not run yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from backoffice_auto.books.migrations import core, mail
from backoffice_auto.books.schema import Table

ENGINE_COMPONENTS = (("core", core), ("mail", mail))


@dataclass(frozen=True)
class Component:
    name: str
    migrations: Sequence[str]
    tables: Mapping[str, Table]


def components(specs=None) -> list[Component]:
    """The engine's components, then every job's, in the jobs list's order."""
    from backoffice_auto.jobspec import resolve

    found = [Component(name, module.MIGRATIONS, module.TABLES) for name, module in ENGINE_COMPONENTS]
    for spec in resolve(specs):
        # a job whose parts keep their own schema versions (payments) maps component -> scripts
        parts = spec.migrations if isinstance(spec.migrations, Mapping) else {spec.name: spec.migrations}
        for index, (name, scripts) in enumerate(parts.items()):
            found.append(Component(name, scripts, spec.tables if index == 0 else {}))
    return found
