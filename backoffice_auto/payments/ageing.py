"""Accounts-receivable ageing: what each customer still owes, by days overdue.

Buckets: current (not yet due), then one per bound of `ageing.buckets` (1-30, 31-60,
61-90 by default) and the last "over 90". Amounts are the invoices' open amounts, per
currency (a customer owing in two currencies has a row per currency); the totals are the
sums of the rows, and the mail's subject gives them per currency. The report is a workbook
and a stacked bar chart (largest debtors first), mailed to the finance manager with the chart
inline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable, Sequence

from backoffice_auto.i18n import N_, NP_, format_money, translate
from backoffice_auto.payments.matching.records import OpenInvoice

ZERO = Decimal(0)
L_CURRENT = N_("current")
#: A range takes the form of its upper bound (Czech `3–4 dny`, `5–30 dní`); a bucket of one day is that day.
L_RANGE = NP_("{low}-{high} day", "{low}-{high} days", "high")
L_DAY = NP_("{days} day", "{days} days", "days")
L_OVER = NP_("over {days} day", "over {days} days", "days")
H_CUSTOMER = N_("Customer")
H_NAME = N_("Name")
H_CURRENCY = N_("Currency")
H_TOTAL = N_("Total")
H_OLDEST = N_("Oldest due date")
S_AGEING = N_("Receivables ageing")
T_SUBJECT = N_("Receivables ageing on {date}: {total} open, {overdue} overdue")
T_BODY = N_("Open receivables by customer and days overdue on {date}. The workbook is attached.")
CHART_TOP = 15  # customers shown in the chart


@dataclass(frozen=True)
class AgeRow:
    customer_id: str
    currency: str
    buckets: tuple[Decimal, ...]  # current, then each bucket, then over the last bound
    oldest_due: date | None

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)

    @property
    def overdue(self) -> Decimal:
        return sum(self.buckets[1:], ZERO)


def bucket_of(days_overdue: int, bounds: Sequence[int]) -> int:
    """0 = current (not overdue), 1.. = the bucket whose upper bound first holds the days."""
    if days_overdue <= 0:
        return 0
    for i, bound in enumerate(bounds, 1):
        if days_overdue <= bound:
            return i
    return len(bounds) + 1


def ageing(invoices: Iterable[OpenInvoice], today: date, bounds: Sequence[int]) -> list[AgeRow]:
    """One row per customer and currency with something open, most overdue first."""
    sums: dict[tuple[str, str], list[Decimal]] = {}
    oldest: dict[tuple[str, str], date | None] = {}
    for inv in invoices:
        amount = inv.open_amount
        if amount <= 0:
            continue
        key = (inv.customer_id, inv.currency)
        row = sums.setdefault(key, [ZERO] * (len(bounds) + 2))
        days = (today - inv.due_date).days if inv.due_date else 0
        row[bucket_of(days, bounds)] += amount
        if inv.due_date and (oldest.get(key) is None or inv.due_date < oldest[key]):
            oldest[key] = inv.due_date
        oldest.setdefault(key, None)
    rows = [AgeRow(c, cur, tuple(v), oldest[(c, cur)]) for (c, cur), v in sums.items()]
    rows.sort(key=lambda r: (-r.overdue, -r.total, r.customer_id))
    return rows


def bucket_labels(bounds: Sequence[int], language: str) -> list[str]:
    labels = [translate(L_CURRENT, language)]
    low = 1
    for bound in bounds:
        labels.append(translate(L_DAY, language, days=bound) if low == bound
                      else translate(L_RANGE, language, low=low, high=bound))
        low = bound + 1
    labels.append(translate(L_OVER, language, days=bounds[-1]))
    return labels


def ageing_outputs(ctx, invoices: Sequence[OpenInvoice], names: dict[str, str | None], bounds: Sequence[int],
                   to: Sequence[str]) -> None:
    """ar-ageing.xlsx and ar-ageing.png in the job's outputs, and the mail with the chart inline."""
    from backoffice_auto.mail.message import Attachment, MailMessage, inline_image
    from backoffice_auto.reports.charts import bar_chart_png
    from backoffice_auto.reports.figures import amounts, sum_by_currency
    from backoffice_auto.reports.workbook import SheetData, write_workbook

    lang = ctx.language
    rows = ageing(invoices, ctx.today, bounds)
    labels = bucket_labels(bounds, lang)
    headers = [translate(H_CUSTOMER, lang), translate(H_NAME, lang), translate(H_CURRENCY, lang), *labels,
               translate(H_TOTAL, lang), translate(H_OLDEST, lang)]
    body = [[r.customer_id, names.get(r.customer_id), r.currency, *r.buckets, r.total, r.oldest_due] for r in rows]
    write_workbook(ctx.output("ar-ageing.xlsx"), [SheetData(translate(S_AGEING, lang), headers, body)])
    if not rows or not to:
        return
    top = rows[:CHART_TOP]
    chart = bar_chart_png([f"{names.get(r.customer_id) or r.customer_id} ({r.currency})" for r in top],
                          {label: [r.buckets[i] for r in top] for i, label in enumerate(labels)},
                          title=translate(S_AGEING, lang))
    ctx.output("ar-ageing.png").write_bytes(chart)
    # every currency's figure (`€1,500.00 + CZK 300.00`): the first row's alone hid what was owed in the others
    total = amounts(sum_by_currency((r.currency, r.total) for r in rows), lang)
    overdue = amounts(sum_by_currency((r.currency, r.overdue) for r in rows if r.overdue), lang,
                      empty=format_money(ZERO, rows[0].currency, lang))
    day = ctx.today.isoformat()
    subject = translate(T_SUBJECT, lang, date=day, total=total, overdue=overdue)
    intro = translate(T_BODY, lang, date=day)
    table = "".join(f"<tr><td>{html.escape(str(names.get(r.customer_id) or r.customer_id))}</td>"
                    + "".join(f"<td style='text-align:right'>{html.escape(format_money(v, r.currency, lang))}</td>"
                              for v in (*r.buckets, r.total)) + "</tr>" for r in top)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in [translate(H_CUSTOMER, lang), *labels,
                                                          translate(H_TOTAL, lang)])
    images, picture = inline_image("ar-ageing.png", chart, translate(S_AGEING, lang))
    html_body = f"<p>{html.escape(intro)}</p><p>{picture}</p><table><tr>{head}</tr>{table}</table>"
    ctx.mail(MailMessage(tuple(to), subject, html_body, intro, kind="report", language=lang, key="ar-ageing",
                         attachments=(Attachment("ar-ageing.xlsx", output="ar-ageing.xlsx",
                                                 mime_type="application/vnd.openxmlformats-officedocument"
                                                           ".spreadsheetml.sheet"), *images)))
