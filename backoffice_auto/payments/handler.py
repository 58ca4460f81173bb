"""The bank statement handler: a statement in `inbox/bank/` is read, checked and booked once.

Read (`payments.readers`: camt, MT940/MT942, OFX, ABO/GPC, Norma 43, CFONB 120, CSV/XLSX by
`rules/bank/*.yaml`) ->
check (every statement balances and belongs to an account in `company.accounts`, or the
whole file is refused) -> book (`payments.statements.import_statements`: new lines into
`bank_transactions`, lines already booked skipped) -> match (the matching step of the
payments job works on the ids just booked). A file outside `inbox/bank/` is taken when
its content is a statement of a format told by content alone (all but CSV/XLSX).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from backoffice_auto.errors import Problem, Refusal, errors_only
from backoffice_auto.i18n import N_
from backoffice_auto.payments.matching import scan_helper
from backoffice_auto.payments.readers import check_statements, read_statements, statement_format
from backoffice_auto.payments.readers.checks import company_accounts, statement_account
from backoffice_auto.payments.statements import ImportResult, import_statements
from backoffice_auto.pipeline.handler import Incoming, JobContext


class BankStatementHandler:
    kind = "bank"
    folders = ("bank",)

    def identify(self, incoming: Incoming) -> bool:
        if incoming.folder_hint == "bank":
            return True
        return incoming.folder_hint is None and statement_format(incoming.data, incoming.name) in (
            "camt", "mt940", "ofx", "abo", "norma43", "cfonb")

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        result = book_statement_file(incoming, ctx)
        after_import(result, ctx)


STEP_READING = N_("reading the statement")
MSG_BOOKED_AHEAD = N_("booked on {day}, after today ({today}): a bank books nothing ahead of time. Is this a test "
                      "file, or a statement whose dates are wrong? Ask the bank for the statement again")
#: A booking date up to this many days after today is taken (the bank's day may be ahead of ours).
AHEAD_DAYS = 2
STEP_BOOKING = N_("booking the transactions ({count})")


def book_statement_file(incoming: Incoming, ctx: JobContext) -> ImportResult:
    """Read, check and book one file; `Refusal` with every problem when any statement fails."""
    settings = ctx.settings
    limits = settings.limits
    mappings = ctx.rules.bank  # rules/bank/*.yaml by file stem (the payments spec owns them)
    ctx.step(STEP_READING)
    statements = read_statements(incoming.data, incoming.name, max_mb=limits.max_file_mb,
                                 max_lines=limits.max_rows, mappings=mappings, locale=settings.locale,
                                 limits=limits)
    accounts = company_accounts(settings.company)
    problems = check_statements(statements, accounts) + booked_ahead(statements, ctx.today)
    errors = errors_only(problems)
    if errors:
        raise Refusal(errors)
    # booked under the account as listed, so that an MT940 naming it `19-2000145399/0800` and a camt
    # naming it by IBAN are one account: the same transaction in both is then booked once
    statements = [replace(st, account=statement_account(st, accounts) or st.account)
                  for st in statements]
    for problem in problems:
        ctx.note(problem)
    count = sum(len(st.lines) for st in statements)
    scan_helper.warm(count)  # a large statement: the matching's helper process starts while it is booked
    ctx.step(STEP_BOOKING, count=count)
    result = import_statements(ctx.books, statements, file_name=incoming.name, job_id=ctx.job_id)
    for note in result.notes:
        ctx.note(note)
    return result


def booked_ahead(statements, today: date) -> list[Problem]:
    """Lines booked after today (beyond `AHEAD_DAYS`): a statement cannot hold them, so its dates
    are wrong (a year mistyped in a hand-made export) or it is no real statement. A value date
    may lie ahead (a forward-dated credit); a booking date may not."""
    found = []
    for statement in statements:
        for line in statement.lines:
            day = line.booking_date
            if day is not None and (day - today).days > AHEAD_DAYS:
                found.append(Problem(MSG_BOOKED_AHEAD, line.source, {"day": day.isoformat(),
                                                                     "today": today.isoformat()}))
                if len(found) >= 20:  # the first ones say enough
                    return found
    return found


def after_import(result: ImportResult, ctx: JobContext) -> None:
    """The matching step runs here on `result.transaction_ids` (payments/matching/)."""
    from backoffice_auto.payments.matching.books import match_job_step

    match_job_step(ctx, result.transaction_ids)
