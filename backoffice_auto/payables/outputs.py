"""What a payment run hands to people: the proposal workbook, the cash-out forecast
(workbook + chart), the bank files, the finance manager's mail and each supplier's
remittance advice, in the reader's language.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from html import escape
from typing import Any, Mapping, Sequence

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, NP_, format_date, format_money, ntranslate, translate
from backoffice_auto.mail.message import Attachment, MailMessage, inline_image

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINANCE = "role:finance_manager"

S_PROPOSAL = N_("Payment proposal {run}: {total}")
B_PROPOSAL = N_("Payment run {run} for {date}: transfers {transfers}, bills paid {bills}. Approve it in the "
                "attached workbook and drop it into inbox/approvals/.")
S_NOTHING = N_("Payment run {run}: nothing to pay")
B_NOTHING = N_("Payment run {run} for {date}: no bill is due, so there is nothing to approve.")
B_DISCOUNTS = N_("Discounts taken: {amount}.")
B_FORECAST = NP_("Cash-out forecast for {weeks} week: the chart below, the figures in the attached workbook.",
                 "Cash-out forecast for {weeks} weeks: the chart below, the figures in the attached workbook.", "weeks")
S_APPROVED = N_("Payment run {run} approved: bank files attached")
B_APPROVED = N_("Payment run {run} was approved by {approvers}. Upload the attached files to the bank: {files}.")
B_MANUAL = N_("Pay by hand (no bank file for these currencies): {items}.")
S_ADVICE = N_("Payment advice from {company}")
B_ADVICE = N_("Dear {supplier}, we have ordered a payment of {amount} to your account {iban}, "
              "execution date {date}, for these invoices:")
B_ADVICE_LINE = N_("{invoice}: {amount}, discount taken {discount}")
MSG_ACCOUNT = N_("no bank file was written: {who}: {reason}")
F_WEEK, F_BILLS, F_PAYROLL, F_RECEIPTS, F_NET, F_CUMULATIVE = (
    N_("Week from"), N_("Bills"), N_("Payroll"), N_("Receipts"), N_("Net"), N_("Cumulative"))
F_CHART_TITLE = N_("Cash out and in by week ({currency})")


def _html(paragraphs: Sequence[str], items: Sequence[str] = (), picture: str = "") -> str:
    out = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if items:
        out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    if picture:
        out.append(f"<p>{picture}</p>")
    return "\n".join(out)


def forecast_outputs(ctx, plan, weeks: int) -> tuple[str, bytes] | None:
    """Writes cash-forecast.xlsx; returns its name and the chart's PNG (shown inline in the mail)."""
    from backoffice_auto.payables.forecast import forecast
    from backoffice_auto.reports.charts import bar_chart_png
    from backoffice_auto.reports.workbook import SheetData, write_workbook

    lang, currency = ctx.language, ctx.settings.currency
    data = forecast(ctx.today, weeks, currency, plan.bills, plan.schedules, ctx.books.rows("payslips"),
                    ctx.books.rows("sales_invoices"))
    rows, running = [], Decimal(0)
    for w in data:
        running += w.net
        rows.append([w.start, w.bills, w.payroll, w.receipts, w.net, running])
    headers = [translate(h, lang) for h in (F_WEEK, F_BILLS, F_PAYROLL, F_RECEIPTS, F_NET, F_CUMULATIVE)]
    name = "cash-forecast.xlsx"
    write_workbook(ctx.output(name), [SheetData(currency, headers, rows)])
    chart = bar_chart_png([format_date(w.start, lang) for w in data],
                          {headers[1]: [w.bills for w in data], headers[2]: [w.payroll for w in data],
                           headers[3]: [w.receipts for w in data]},
                          title=translate(F_CHART_TITLE, lang, currency=currency), value_label=currency,
                          stacked=False, horizontal=False)
    return name, chart


def proposal_outputs(ctx, run_id, run_date, proposal, rows, left, digest, plan) -> None:
    from backoffice_auto.payables.workbook import write_proposal

    """The proposal workbook and the finance manager's mail. A run with no transfer asks for
    no approval: its mail says there is nothing to pay (with the bills left out, if any, in
    the workbook, and the forecast), where a proposal of 0 transfers would ask someone to
    approve nothing."""
    lang = ctx.language
    name = f"payment-proposal-{run_id}.xlsx"
    nothing = not proposal.transfers
    if not nothing or left:
        write_proposal(ctx.output(name), run_id=run_id, run_date=run_date, rows=rows, left=left, checksum=digest,
                       language=lang)
    forecast_name, chart = forecast_outputs(ctx, plan, ctx.rules.payables.forecast_weeks)
    totals = ", ".join(format_money(proposal.total(c), c, lang) for c in proposal.currencies) or "0"
    discounts: dict[str, Decimal] = defaultdict(Decimal)
    for t in proposal.transfers:
        for ln in t.lines:
            discounts[t.currency] += ln.discount
    day = format_date(run_date, lang)
    paragraphs = [translate(B_NOTHING, lang, run=run_id, date=day) if nothing else
                  translate(B_PROPOSAL, lang, run=run_id, date=day, transfers=len(proposal.transfers), bills=len(rows))]
    if any(discounts.values()):
        paragraphs.append(translate(B_DISCOUNTS, lang, amount=", ".join(
            format_money(v, c, lang) for c, v in sorted(discounts.items()) if v)))
    if left:
        paragraphs.append(ntranslate("{count} bill is left out (see the 'Left out' sheet).",
                                     "{count} bills are left out (see the 'Left out' sheet).", len(left), lang,
                                     count=len(left)))
    paragraphs.append(translate(B_FORECAST, lang, weeks=ctx.rules.payables.forecast_weeks))
    images, picture = inline_image("cash-forecast.png", chart,
                                  translate(F_CHART_TITLE, lang, currency=ctx.settings.currency))
    workbook = (Attachment(name, output=name, mime_type=XLSX),) if not nothing or left else ()
    subject = translate(S_NOTHING, lang, run=run_id) if nothing else translate(S_PROPOSAL, lang, run=run_id,
                                                                                total=totals)
    ctx.mail(MailMessage(
        to=(FINANCE,), subject=subject,
        html=_html(paragraphs, picture=picture), text="\n\n".join(paragraphs) + "\n",
        attachments=(*workbook, Attachment(forecast_name, output=forecast_name, mime_type=XLSX), *images),
        kind="report", language=lang, key=f"payables-proposal-{run_id}"))


def _payments(batch, run, today):
    from backoffice_auto.sepa import Payment

    out = []
    for rows in batch.transfers:
        first = rows[0]
        remittance = first.get("remittance")  # as proposed: a payment reference, else the invoice numbers
        if not remittance:
            remittance = ", ".join(r["invoice_number"] for r in rows)
            if len(remittance) > 140:
                remittance = remittance[:137] + "..."
        ref = first.get("structured_reference") or None
        amount = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
        out.append(Payment(first["name"], first["iban"], amount, first["currency"], first["end_to_end_id"],
                           remittance, first.get("bic") or None, ref or None))
    return out


def bank_files(ctx, run: Mapping[str, Any], approved) -> list[str]:
    """Every batch's pain.001 built and validated in memory first; written only when all are good."""
    from backoffice_auto.payables.proposal import batches
    from backoffice_auto.payables.service import debtor_accounts, execution_date
    from backoffice_auto.sepa import AccountError, Debtor, credit_transfer

    rules, settings = ctx.rules.payables, ctx.settings
    accounts = {a[0]: a for a in debtor_accounts(rules, settings).values()}
    when = execution_date(run["run_date"], ctx.today, ctx.rules.payables, ctx.settings)
    built: list[tuple[str, bytes]] = []
    problems = []
    for batch in batches(approved.rows):
        if batch.manual:
            continue
        iban, bic, name = accounts.get(batch.debtor_iban, (batch.debtor_iban, None, settings.company.name))
        try:
            xml = credit_transfer(Debtor(name, iban, bic), _payments(batch, run, ctx.today), when,
                                  version=rules.pain_version)
        except AccountError as error:
            problems += [Problem(MSG_ACCOUNT, Source(approved.run_id), {"who": who, "reason": why})
                         for who, why in error.problems]
            continue
        built.append((f"{run['run_id']}-{batch.currency}-{batch.debtor_iban[-4:]}.pain001.xml", xml))
    if problems:
        raise Refusal(problems)
    for name, xml in built:
        ctx.output(name).write_bytes(xml)
    return [name for name, _ in built]


def approval_outputs(ctx, run, approved, files: list[str]) -> None:
    from backoffice_auto.payables.proposal import batches
    from backoffice_auto.payables.service import execution_date

    lang = ctx.language
    run_id = run["run_id"]
    manual = [f"{rows[0]['name']} {format_money(sum(Decimal(r['amount']) for r in rows), b.currency, lang)}"
              for b in batches(approved.rows) if b.manual for rows in b.transfers]
    paragraphs = [translate(B_APPROVED, lang, run=run_id, approvers=", ".join(approved.approvers),
                            files=", ".join(files) or "-")]
    if manual:
        paragraphs.append(translate(B_MANUAL, lang, items="; ".join(manual)))
    ctx.mail(MailMessage(to=(FINANCE,), subject=translate(S_APPROVED, lang, run=run_id), html=_html(paragraphs),
                         text="\n\n".join(paragraphs) + "\n",
                         attachments=tuple(Attachment(f, output=f, mime_type="application/xml") for f in files),
                         kind="report", language=lang, key=f"payables-approved-{run_id}"))
    when = execution_date(run["run_date"], ctx.today, ctx.rules.payables, ctx.settings)
    company = ctx.settings.company.name
    for batch in batches(approved.rows):
        for rows in batch.transfers:
            first = rows[0]
            if not first.get("email"):
                continue
            sl = first.get("language") or lang
            amount = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
            intro = translate(B_ADVICE, sl, supplier=first["name"], amount=format_money(amount, batch.currency, sl),
                              iban=first["iban"], date=format_date(when, sl))
            items = [translate(B_ADVICE_LINE, sl, invoice=r["invoice_number"],
                               amount=format_money(Decimal(r["amount"]), batch.currency, sl),
                               discount=format_money(Decimal(r["discount"]), batch.currency, sl)) for r in rows]
            ctx.mail(MailMessage(to=(first["email"],), subject=translate(S_ADVICE, sl, company=company),
                                 html=_html([intro], items), text=intro + "\n" + "\n".join(f"  - {i}" for i in items)
                                 + "\n", kind="remittance", language=sl,
                                 key=f"remittance-{run_id}-{first['end_to_end_id']}"))
