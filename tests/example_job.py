"""A complete job in about 50 lines, registered only through its spec: the walkthrough in
docs/architecture.md ("Adding a job") uses it. Tally files (`*.tally`, one `name: count` per
line) are added up per name into the job's own table, under the rules of `rules/tally.yaml`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from backoffice_auto.books.schema import F, Table
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.jobspec import JobSpec, RuleFile
from backoffice_auto.rules.base import StrictModel


class TallyRules(StrictModel):
    max_count: int = 1000  # a line counting more is refused
    report_name: str = "tally.txt"


class TallyHandler:
    kind = "tally"
    folders = ()

    def identify(self, incoming) -> bool:
        return incoming.suffix == ".tally"

    def process(self, incoming, ctx) -> None:
        rules: TallyRules = ctx.job_rules
        counts, problems = {}, []
        for number, line in enumerate(incoming.data.decode("utf-8", "replace").splitlines(), start=1):
            name, _, count = line.partition(":")
            try:
                value = Decimal(count.strip())
            except InvalidOperation:
                value = None
            if not name.strip() or value is None or value > rules.max_count:
                problems.append(Problem("line {line} is not 'name: count'", Source(incoming.name, row=number),
                                        {"line": number}))
                continue
            counts[name.strip()] = counts.get(name.strip(), Decimal(0)) + value
        if problems:
            raise Refusal(problems)
        for name, value in sorted(counts.items()):
            old = ctx.books.get("tallies", name)
            ctx.books.upsert("tallies", {"name": name, "total": (old["total"] if old else 0) + value})
        report = "\n".join(f"{r['name']}: {r['total']}" for r in ctx.books.rows("tallies"))
        ctx.output(rules.report_name).write_text(report + "\n", encoding="utf-8")


spec = JobSpec(
    name="tally", package=__name__, handlers=lambda: [TallyHandler()],
    rule_files=(RuleFile("tally.yaml", TallyRules),),
    migrations=["CREATE TABLE tallies (name TEXT PRIMARY KEY, total TEXT);"],
    tables={"tallies": Table("tallies", ("name",), (F("name", required=True), F("total", "decimal")))},
)
