"""One orders job from start to end: read, check, allocate, invoice, record, write, mail.

Order of work inside the job's transaction (a `Refusal` anywhere leaves no trace):

1. read the sheets and type the rows; a sheet missing a required column refuses the file;
2. read the books once (`service.load_view`);
3. check the rows (`validate.check_rows`): errors refuse the file, or, with
   `on_bad_row: skip`, the orders with a bad row are left out and reported;
4. open backorders first (when `backorders_first`), then the file's orders (`fulfil`);
5. record stock, orders, shipments and open sales invoices; invoice numbers are taken
   here, so a refused file never uses one;
6. write the outputs and queue the mail.

`serve_backorders` runs steps 2, 4, 5 and 6 without a file: the master-data job calls it
(through `backorders.allocate_backorders`) when an items workbook changed the stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backoffice_auto.documents.values import locale_forms
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.gcpause import collector_paused
from backoffice_auto.i18n import N_, translate
from backoffice_auto.orders import labels as L
from backoffice_auto.orders import summary
from backoffice_auto.orders.codes import books_codes
from backoffice_auto.orders.invoicing import unit_price_for
from backoffice_auto.orders.mailer import (
    CHART_BACKORDERED, CHART_SHIPPED, CHART_TITLE, CHART_VALUE, invoice_mail, pick_mail, summary_mail,
)
from backoffice_auto.orders.outputs import (
    Written, row_statuses, values_by_outcome, write_pdfs, write_workbooks,
)
from backoffice_auto.orders.reader import read_orders
from backoffice_auto.orders.rules_model import OrdersRules
from backoffice_auto.orders.service import (
    BooksView, Fulfilment, Recorded, fulfil, load_view, record, reorder_suggestions,
)
from backoffice_auto.orders.validate import MSG_ORDER_SKIPPED, check_rows

STEP_DOCUMENTS = N_("writing the invoices ({invoices}) and packing slips")
MSG_DONE = N_("orders: {orders}; lines shipped: {shipped}, backordered: {backordered}; invoices: {invoices}")
MSG_BACKORDERS_SERVED = N_("open backorders: lines shipped: {lines}, for orders: {orders}")


def orders_rules(ctx) -> OrdersRules:
    """The orders job's typed rules, as the engine hands them (defaults declared on the model)."""
    rules: OrdersRules = ctx.job_rules
    return rules


@dataclass
class Outcome:
    fulfilment: Fulfilment
    recorded: Recorded
    written: Written


def process_file(data: bytes, name: str, ctx) -> Outcome:
    with collector_paused():  # see gcpause: a 100,000-line file keeps millions of objects alive
        return _process_file(data, name, ctx)


def _process_file(data: bytes, name: str, ctx) -> Outcome:
    rules = orders_rules(ctx)
    settings = ctx.settings
    read = read_orders(data, name, settings.locale, settings.limits)
    if read.problems:
        raise Refusal(read.problems)
    for note in read.notes:
        ctx.note(note)
    order_ids = {r.values["order_id"] for r in read.rows if r.values.get("order_id")}
    view = load_view(ctx.books, order_ids, amend=rules.existing_order == "amend")
    for note in books_codes(read.rows, view.items, view.customers):
        ctx.note(note)
    checked = check_rows(read.rows, view.items, view.customers, rules, settings.currency, view.processed,
                         view.processed_customer, today=ctx.today)
    if checked.errors:
        raise Refusal(checked.errors)
    for warning in checked.warnings:
        ctx.note(warning)
    f = fulfil(checked.orders, view, rules, settings.currency, checked.amended, today=ctx.today,
               seller_country=settings.company.country)
    rec = record(ctx.books, f, view, rules, job_id=ctx.job_id, source_file=name, today=ctx.today)

    skipped = _skipped_rows(read.rows, checked)
    headers = {layout.name: layout.header_row for layout in read.layouts}
    invoice_of = {inv.draft.order_id: inv.number for inv in rec.invoices}
    statuses = row_statuses(f.new.orders, rec.shipments, invoice_of, skipped, headers, ctx.language)
    written = deliver(ctx, f, view, rec, rules, clerk=(data, name, read.format), statuses=statuses,
                      file=name, lines=len(read.rows), skipped_rows=len(checked.skipped_rows))
    return Outcome(f, rec, written)


def serve_backorders(ctx, label: str = "stock") -> Outcome | None:
    """Serve open backorders on the stock as it is now; None when there are none or none ship."""
    with collector_paused():
        return _serve_backorders(ctx, label)


def _serve_backorders(ctx, label: str) -> Outcome | None:
    rules = orders_rules(ctx)
    view = load_view(ctx.books)
    if not view.open_lines:
        return None
    f = fulfil([], view, rules, ctx.settings.currency, serve_backorders=True, today=ctx.today,
               seller_country=ctx.settings.company.country)
    if not any(oa.shipped_anything for oa in f.backorders.orders):
        return None
    rec = record(ctx.books, f, view, rules, job_id=ctx.job_id, source_file=label, today=ctx.today)
    lines = sum(1 for oa in f.backorders.orders for la in oa.lines if la.allocated > 0)
    ctx.note(Problem(MSG_BACKORDERS_SERVED, Source(label), {
        "lines": lines, "orders": sum(1 for oa in f.backorders.orders if oa.shipped_anything)}, level="info"))
    written = deliver(ctx, f, view, rec, rules, clerk=None, statuses={}, file=label, lines=lines,
                      skipped_rows=0, prefix="backorders/")
    return Outcome(f, rec, written)


def _skipped_rows(rows, checked) -> dict[tuple[str, int], list[Problem]]:
    """(sheet, row) -> why, for every row left out under `on_bad_row: skip`."""
    if not checked.skipped_rows:
        return {}
    at: dict[tuple[str, int], list[Problem]] = {}
    for p in checked.warnings:
        if p.source is not None and p.source.row and p.message != MSG_ORDER_SKIPPED:
            at.setdefault((p.source.sheet, p.source.row), []).append(p)
    order_note = {p.params.get("order_id"): p for p in checked.warnings if p.message == MSG_ORDER_SKIPPED}
    out = {}
    for r in rows:
        if r.row_index in checked.skipped_rows:
            key = (r.source.sheet, r.source.row)
            note = order_note.get(r.values.get("order_id"))
            out[key] = at.get(key) or ([note] if note else [])
    return out


def deliver(ctx, f: Fulfilment, view: BooksView, rec: Recorded, rules: OrdersRules, *, clerk, statuses,
            file: str, lines: int, skipped_rows: int, prefix: str = "") -> Written:
    """Outputs under the job's folder, a note with the counts, and the mail."""
    settings = ctx.settings
    language = ctx.language
    orders = f.all_orders()
    suggestions = reorder_suggestions(view, rec, f) if rules.reorder else []
    written = write_workbooks(ctx.output, clerk=clerk, statuses=statuses, orders=orders, items=view.items,
                              customers=view.customers, shipments=rec.shipments, suggestions=suggestions,
                              language=language, prefix=prefix,
                              decimal_mark=locale_forms(settings.locale).decimal)
    ctx.step(STEP_DOCUMENTS, invoices=len(rec.invoices))
    write_pdfs(ctx.output, written, orders=orders, invoices=rec.invoices, items=view.items,
               customers=view.customers, shipments=rec.shipments, company=settings.company,
               default_language=language, default_terms=rules.invoicing.default_payment_terms,
               ship_date=ctx.today, prefix=prefix)
    has_file = clerk is not None
    mine, served = summary.split(f.backorders.orders, f.new.orders, rec.invoices)
    if not has_file:  # backorders served when stock came: they are the job's orders
        mine = summary.Scope(orders, rec.invoices)
    for note in summary.notes(mine, served, Source(file), language, has_file):
        ctx.note(note)
    ctx.note(Problem(MSG_DONE, Source(file), {"orders": len(mine.orders), "shipped": mine.shipped,
                                              "backordered": mine.backordered, "invoices": len(mine.invoices)},
                     level="info"))
    _mail(ctx, f, view, rec, rules, written, suggestions, file=file, lines=lines, skipped_rows=skipped_rows,
          scopes=(mine, served if has_file else None))
    return written


def _mail(ctx, f: Fulfilment, view: BooksView, rec: Recorded, rules: OrdersRules, written: Written,
          suggestions, *, file: str, lines: int, skipped_rows: int, scopes) -> None:
    """Invoices to customers, the pick list, and the manager's summary of *this file's* orders
    (backorders of earlier files served now get their own section, not the file's figures)."""
    settings = ctx.settings
    language = ctx.language
    if rules.mail.invoices_to_customers:
        for inv in rec.invoices:
            customer = view.customers.get(inv.draft.customer_id)
            if customer is None or not customer.email:
                continue
            ctx.mail(invoice_mail(inv, customer, written.invoices[inv.number], settings.company.name,
                                  customer.language or language))
    orders = f.all_orders()
    if written.pick_list and rules.mail.warehouse:
        ctx.mail(pick_mail(rules.mail.warehouse, written.pick_lines,
                           sum(1 for oa in orders if oa.shipped_anything), file, written.pick_list,
                           written.packing_slips, language))
    mine, served = scopes
    if rules.mail.sales_manager and orders:
        price = lambda row_price, item: unit_price_for(row_price, item, rules.invoicing)  # noqa: E731
        values = values_by_outcome(mine.orders, view.items, settings.currency, price)
        attachments = [(p.rsplit("/", 1)[-1], p) for p in (written.backorders, written.reorder) if p]
        ctx.mail(summary_mail(rules.mail.sales_manager, file=file, orders=len(mine.orders), lines=lines,
                              values=values, invoices=mine.invoices, reorder_count=len(suggestions),
                              skipped_rows=skipped_rows,
                              chart_png=_chart(mine.orders, view, rules, settings, language),
                              attachments=attachments, language=language,
                              backorders=served.params(language) if served and served.orders else None))


def _chart(orders, view: BooksView, rules: OrdersRules, settings, language: str) -> bytes | None:
    """Shipped versus backordered value of the ten largest customers (main currency)."""
    from backoffice_auto.reports.charts import bar_chart_png

    currency = settings.currency.upper()
    per: dict[str, list[Decimal]] = {}
    for oa in orders:
        for la in oa.lines:
            item = view.items.get(la.line.sku)
            if item is None or (item.currency or currency).upper() != currency:
                continue
            price = unit_price_for(la.line.unit_price, item, rules.invoicing) or Decimal(0)
            v = per.setdefault(oa.order.customer_id, [Decimal(0), Decimal(0)])
            v[0] += la.allocated * price
            v[1] += la.backordered * price
    if not per:
        return None
    top = sorted(per, key=lambda c: (-(per[c][0] + per[c][1]), c))[:10]
    names = [f"{c} {view.customers[c].name}" if c in view.customers else c for c in top]  # charts shorten
    t = lambda m, **kw: translate(m, language, **kw)  # noqa: E731
    return bar_chart_png(names, {t(CHART_SHIPPED): [per[c][0] for c in top],
                                 t(CHART_BACKORDERED): [per[c][1] for c in top]},
                         title=t(CHART_TITLE), value_label=t(CHART_VALUE, currency=currency))


__all__ = ["process_file", "serve_backorders", "Outcome", "orders_rules", "L"]
