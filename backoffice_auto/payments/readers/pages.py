"""Pages of one statement that a bank writes as several statements in one file, joined to be checked.

Why: a camt.053 of many entries comes as several `Stmt` elements (pages, `StmtPgntn`) of the
same account; banks put the opening balance on the first page and the closing balance on the
last only. Read page by page, no page had both balances and every page was booked with the note
that nothing could be checked: a page missing from the middle went unseen. Consecutive pages of
one account and currency, where the earlier has an opening but no closing balance and the later
no opening balance, are read as one statement from the first page's opening to the last page's
closing, so opening + every page's entries = closing is checked again. Pages that each state
both balances are left apart (each is checked on its own).
"""

from __future__ import annotations

from dataclasses import replace

from backoffice_auto.payments.readers.model import Statement, normalise_account


def join_pages(statements: list[Statement]) -> list[Statement]:
    out: list[Statement] = []
    for statement in statements:
        last = out[-1] if out else None
        if (last is not None and last.opening is not None and last.closing is None and statement.opening is None
                and normalise_account(last.account) == normalise_account(statement.account)
                and last.currency == statement.currency and last.format == statement.format):
            out[-1] = replace(last, closing=statement.closing, closing_date=statement.closing_date,
                              lines=last.lines + statement.lines, stated_debits=None, stated_credits=None,
                              skipped_pending=last.skipped_pending + statement.skipped_pending,
                              notes=last.notes + statement.notes)
        else:
            out.append(statement)
    return out
