"""The mail of an orders job: invoices to customers, the pick list to the warehouse, a
summary with the fill rate and a chart to the sales manager.

Each body is built from msgids in the recipient's language (a customer's from the books,
staff mail in the workspace language). Messages are data (`MailMessage`); the pipeline
queues them with the job's transaction, so a refused or crashed job sends nothing.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Mapping

from backoffice_auto.i18n import N_, NP_, format_date, format_money, format_percent, ntranslate, translate
from backoffice_auto.mail.message import Attachment, MailMessage, inline_image
from backoffice_auto.orders.model import Customer, Invoice
from backoffice_auto.reports.figures import amounts, number_range, sum_by_currency

S_INVOICE = N_("Invoice {number} for your order {order_id}")
B_INVOICE = N_("Thank you for your order {order_id}. Attached is invoice {number} for what we shipped "
               "today: {total}, due on {due_date}.")
B_REGARDS = N_("Kind regards,")
S_PICK = N_("Pick list: lines {lines}, orders {orders} ({file})")
B_PICK = N_("Attached are the pick list by location (lines: {lines}) and the packing slips (shipments: "
            "{orders}) from {file}.")
S_SUMMARY = N_("Orders from {file}: fill rate {fill_rate}")
B_SUMMARY_INTRO = N_("Processed from {file}: orders {orders}, lines {lines}.")
B_SHIPPED = N_("Shipped (net, at list prices before discount): {value}")
B_BACKORDERED = N_("Backordered (net, at list prices before discount): {value}")
B_CANCELLED = N_("Cancelled (net, at list prices before discount): {value}")
B_FILL_RATE = N_("Fill rate (shipped value / ordered value): {fill_rate}")
B_BACKORDERS_SERVED = N_("Backorders of earlier files served from new stock (not counted above): orders "
                         "{orders}, lines shipped {shipped}; invoices {invoices} {numbers}, net {net}, VAT {tax}, "
                         "gross {gross}")
B_REORDER = NP_("Reorder suggestions: {count} item", "Reorder suggestions: {count} items", "count")
B_SKIPPED = N_("Skipped rows: {count}")
CHART_TITLE = N_("Ordered value by customer")
CHART_SHIPPED = N_("Shipped")
CHART_BACKORDERED = N_("Backordered")
CHART_VALUE = N_("Net value at list prices ({currency})")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _html(language: str, paragraphs: list[str], items: list[str] = (), picture: str = "") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if items:
        body += "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    if picture:
        body += f"<p>{picture}</p>"
    return f"<!DOCTYPE html><html lang=\"{language}\"><body>{body}</body></html>"  # footer: mail/footer.py


def invoice_mail(inv: Invoice, customer: Customer, pdf_rel: str, company_name: str, language: str) -> MailMessage:
    d = inv.draft
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    total = format_money(d.total, d.currency, language)
    due = format_date(inv.due_date, language)
    body = t(B_INVOICE, order_id=d.order_id, number=inv.number, total=total, due_date=due)
    text = f"{body}\n\n{t(B_REGARDS)}\n{company_name}\n"
    return MailMessage(
        to=(customer.email,), subject=t(S_INVOICE, number=inv.number, order_id=d.order_id),
        html=_html(language, [body, t(B_REGARDS), company_name]), text=text,
        attachments=(Attachment(f"{inv.number}.pdf", output=pdf_rel, mime_type="application/pdf"),),
        kind="invoice", language=language, key=f"invoice:{inv.number}")


def pick_mail(to: str, lines: int, orders: int, file: str, pick_rel: str, slips_rel: str | None,
              language: str) -> MailMessage:
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    body = t(B_PICK, lines=lines, orders=orders, file=file)
    attachments = [Attachment("pick-list.xlsx", output=pick_rel, mime_type=XLSX)]
    if slips_rel:
        attachments.append(Attachment("packing-slips.pdf", output=slips_rel, mime_type="application/pdf"))
    return MailMessage(to=(to,), subject=t(S_PICK, lines=lines, orders=orders, file=file),
                       html=_html(language, [body]), text=body + "\n", attachments=tuple(attachments),
                       kind="report", language=language, key="pick-list")


def fill_rate(values: Mapping[str, Decimal]) -> Decimal | None:
    """Shipped value over ordered value, as a percentage with one decimal (None: nothing ordered)."""
    ordered = values["shipped"] + values["backordered"] + values["cancelled"]
    if not ordered:
        return None
    return (values["shipped"] * 100 / ordered).quantize(Decimal("0.1"))


def summary_mail(to: str, *, file: str, orders: int, lines: int, values: Mapping[str, Mapping[str, Decimal]],
                 invoices: list[Invoice], reorder_count: int, skipped_rows: int, chart_png: bytes | None,
                 attachments: list[tuple[str, str]], language: str,
                 backorders: Mapping[str, object] | None = None) -> MailMessage:
    """`values`: currency -> shipped/backordered/cancelled of the file's orders; `attachments`:
    (file name, output path); `backorders`: the figures of earlier backorders served now
    (`summary.Scope.params`), shown in their own line."""
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    items: list[str] = []
    rates = []
    for cur in sorted(values):
        v = values[cur]
        rate = fill_rate(v)
        shown = format_percent(rate, language, 1) if rate is not None else "-"
        rates.append(shown if len(values) == 1 else f"{shown} ({cur})")
        items += [t(B_SHIPPED, value=format_money(v["shipped"], cur, language)),
                  t(B_BACKORDERED, value=format_money(v["backordered"], cur, language))]
        if v["cancelled"]:
            items.append(t(B_CANCELLED, value=format_money(v["cancelled"], cur, language)))
        items.append(t(B_FILL_RATE, fill_rate=shown))
    if invoices:
        per = {name: amounts(sum_by_currency((inv.draft.currency, getattr(inv.draft, name)) for inv in invoices),
                             language) for name in ("net", "tax", "total")}
        items.append(ntranslate("Invoiced: {count} invoice {numbers}, net {net}, VAT {tax}, gross {gross}",
                                "Invoiced: {count} invoices {numbers}, net {net}, VAT {tax}, gross {gross}",
                                len(invoices), language, count=len(invoices),
                                numbers=number_range(inv.number for inv in invoices),
                                net=per["net"], tax=per["tax"], gross=per["total"]))
    if backorders:
        items.append(t(B_BACKORDERS_SERVED, **{k: backorders[k] for k in (
            "orders", "shipped", "invoices", "numbers", "net", "tax", "gross")}))
    if reorder_count:
        items.append(t(B_REORDER, count=reorder_count))
    if skipped_rows:
        items.append(t(B_SKIPPED, count=skipped_rows))
    fill = ", ".join(rates) or "-"
    intro = t(B_SUMMARY_INTRO, orders=orders, lines=lines, file=file)
    text = "\n".join([intro, ""] + [f"  - {i}" for i in items]) + "\n"
    atts = [Attachment(name, output=rel, mime_type=XLSX if name.endswith(".xlsx") else "application/pdf")
            for name, rel in attachments]
    picture = ""
    if chart_png:
        images, picture = inline_image("chart.png", chart_png, t(CHART_TITLE))
        atts += images
    return MailMessage(to=(to,), subject=t(S_SUMMARY, file=file, fill_rate=fill),
                       html=_html(language, [intro], items, picture), text=text,
                       attachments=tuple(atts), kind="report", language=language, key="orders-summary")
