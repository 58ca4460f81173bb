"""Master data: workbooks dropped into `inbox/books/` are upserted into the books.

One table per sheet (or per file); which table a sheet holds comes from the rules'
`sheets:` map, else the sheet or file name, else its headers. The whole file is checked
before anything is written: a bad cell refuses the file (listing every bad cell) unless
`rules/masterdata.yaml` says `on_bad_row: skip`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backoffice_auto.books.schema import MASTER_DATA_TABLES, TABLES
from backoffice_auto.books.store import Change
from backoffice_auto.documents.tables import (find_duplicate_keys, guess_sheet_table, guess_table, key_fold,
                                              read_table)
from backoffice_auto.documents.currencywords import currencies_written, currency_named
from backoffice_auto.documents.fieldlabels import field_label, table_label
from backoffice_auto.documents.prices import price_unit
from backoffice_auto.documents.unitwords import same_unit
from backoffice_auto.documents.visibility import hidden_sheet_note
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Problem, Refusal, Source, column_index, errors_only
from backoffice_auto.i18n import N_, translate
from backoffice_auto.mail.message import Attachment, MailMessage
from backoffice_auto.masterdata.change_report import write_change_report
from backoffice_auto.masterdata.plausible import implausible
from backoffice_auto.pipeline.handler import Incoming, JobContext

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".ods")


@dataclass(frozen=True)
class TableUpdate:
    table: str
    sheet: str
    records: list[dict]
    skipped_rows: int
    key_cells: tuple[Source, ...] = ()  # where each record's key was read, in the order of `records`
    party_cells: tuple[Source | None, ...] = ()  # where each record's party (REFERENCES) was read


# The party each table's rows name: a bill of a supplier the books do not know cannot be paid.
# A payment proposal dropped into books/ by mistake once set three bills' supplier to the
# supplier's *name* (its "Supplier" column was read as the supplier number).
REFERENCES = {"bills": ("supplier_id", "suppliers"), "purchase_orders": ("supplier_id", "suppliers"),
              "sales_invoices": ("customer_id", "customers")}
STEP_BOOKS = N_("writing the rows ({rows}) into the books")
PRICE_UNIT = N_("unit price {price} is written per '{written}', but {sku} is counted in '{unit}': write the "
                "price per {unit}")
UNKNOWN_PARTY = N_("{field} '{value}' is in neither the books nor this file ({table}); add it there first, or "
                   "correct the cell.")


class MasterDataHandler:
    kind = "masterdata"
    folders = ("books",)

    def identify(self, incoming: Incoming) -> bool:
        """Everything dropped into inbox/books/ is master data (a non-workbook is refused by
        the reader with a clear reason rather than left unclaimed)."""
        return incoming.folder_hint == "books"

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        rules = ctx.rules.masterdata
        settings = ctx.settings
        workbook = read_workbook(incoming.data, incoming.name, settings.limits)
        updates, problems = self._read(incoming, workbook, rules, settings.locale, settings.limits, ctx.books)
        for check in (_case_clashes_with_books, _unknown_parties):
            found = check(updates, ctx.books)
            if found:
                problems += found
                updates = _without_rows(updates, {(p.source.sheet, p.source.row) for p in found})
        errors = errors_only(problems)
        if errors and rules.on_bad_row == "refuse":
            raise Refusal(errors)
        if not updates:
            raise Refusal([Problem(N_("no sheet holds a known table (items, customers, suppliers, employees, "
                                      "purchase orders, sales invoices, bills)"), Source(incoming.name))]
                          + problems)
        for problem in problems:
            ctx.note(problem if problem.level != "error" else
                     Problem(problem.message, problem.source, problem.params, "warning"))
        changes: dict[str, list[Change]] = {}
        ctx.step(STEP_BOOKS, rows=sum(len(u.records) for u in updates))
        for update in updates:
            changes.setdefault(update.table, []).extend(ctx.books.upsert_many(update.table, update.records))
        self._after_upsert(changes, ctx)
        report = ctx.output(f"changes-{incoming.stem}.xlsx")
        write_change_report(report, changes, ctx.language, rules.list_unchanged)
        for table, table_changes in changes.items():
            counts = _count(table_changes)
            ctx.note(Problem(N_("{table}: {added} added, {changed} changed, {unchanged} unchanged"),
                             Source(incoming.name), {"table": table_label(table), **counts}, level="info"))
        ctx.mail(_admin_mail(incoming.name, report.name, changes, ctx))

    def _read(self, incoming: Incoming, workbook, rules, locale: str,
              limits=None, books=None) -> tuple[list[TableUpdate], list[Problem]]:
        updates: list[TableUpdate] = []
        problems: list[Problem] = []
        for sheet in workbook.sheets:
            if not any(any(v not in (None, "") for v in row) for row in sheet.rows[:50]):
                continue  # an empty extra sheet is not an error
            hidden = hidden_sheet_note(sheet, incoming.name)
            if hidden is not None:  # a sheet of lists behind drop-downs, an old copy: not read unseen
                problems.append(hidden)
                continue
            table_name = _table_named(sheet.name, rules.sheets) or _table_named(incoming.stem, rules.sheets)
            if table_name is None:
                candidates = {n: TABLES[n] for n in MASTER_DATA_TABLES}
                table_name = guess_sheet_table(sheet, candidates) or guess_table(incoming.stem, (), candidates)
            if table_name is None:
                problems.append(Problem(N_("sheet '{sheet}' has no header row of a known table; it was not read"),
                                        Source(incoming.name, sheet.name), {"sheet": sheet.name}, level="warning"))
                continue
            table = TABLES[table_name]
            # a price may say what it is per (`12,50 Kč/ks`): read, then checked against the item's unit
            fields = tuple(replace(f, type="price") if f.name == "unit_price" else f for f in table.fields)
            read = read_table(sheet, fields, incoming.name, locale,
                              extra_aliases=rules.aliases.get(table_name), required=table.key, limits=limits)
            problems.extend(read.problems)
            problems.extend(read.notes)  # rows skipped, columns ignored or guessed
            problems.extend(find_duplicate_keys(read.records, table.key))
            if table_name == "items":
                problems.extend(_negative_stock(read.records))
            problems.extend(_other_currency(sheet, read, table))
            problems.extend(_price_units(sheet, read, books))
            found, rewritten = implausible(table_name, read)
            problems.extend(found)
            bad_rows = {p.source.row for p in errors_only(problems) if p.source and p.source.sheet == sheet.name}
            kept = [r for r in read.records if r.source.row not in bad_rows]
            party = REFERENCES.get(table_name, (None,))[0]
            records = [{**r.values, **rewritten.get(r.source.row, {})} for r in kept]
            updates.append(TableUpdate(table_name, sheet.name, records, len(bad_rows),
                                       tuple(r.cell(table.key[0]) for r in kept),
                                       tuple(r.cell(party) if party else None for r in kept)))
        return updates, problems

    def _after_upsert(self, changes: dict[str, list[Change]], ctx: JobContext) -> None:
        """Stock that arrived may serve open backorders (the orders job's hook decides how)."""
        if "items" not in changes or not any(c.kind != "unchanged" for c in changes["items"]):
            return
        ctx.books_changed("items")


def _negative_stock(records) -> list[Problem]:
    """A warning per item whose stock on hand or reserved is below zero (imported as written)."""
    problems = []
    for record in records:
        for name in ("on_hand", "reserved"):
            value = record.get(name)
            if value is not None and value < 0:
                problems.append(Problem(N_("Stock {field} of item {sku} is negative ({quantity}); it was imported "
                                           "as written: check the count."), record.cell(name),
                                        {"field": name, "sku": record.get("sku"), "quantity": value},
                                        level="warning"))
    return problems


def _other_currency(sheet, read, table) -> list[Problem]:
    """An amount whose cell or column header names another currency than the row's currency
    column (`1 234,50 Kč` on a row in EUR): the sign is dropped when the number is read."""
    if "currency" not in read.columns:
        return []
    money = [(f.name, column_index(read.columns[f.name]) - 1) for f in table.fields
             if f.type in ("money", "price") and f.name in read.columns]
    problems = []
    for name, at in money:
        in_header = currency_named(read.headers.get(name))
        header_may_be = currencies_written(read.headers.get(name))  # (`Price ($)`: any dollar)
        for record in read.records:
            currency, amount = record.get("currency"), record.get(name)
            if not currency or amount is None:
                continue
            cells = sheet.rows[record.source.row - 1]
            cell = cells[at] if at < len(cells) else None
            in_cell = currency_named(cell)
            written = in_cell or in_header
            if not written or written == str(currency).upper():
                continue
            # (`$12.50` on a row in CAD: `$` is any dollar)
            if str(currency).upper() not in (currencies_written(cell) if in_cell else header_may_be):
                problems.append(Problem(N_("{amount} is written in {written}, but the row's currency is {currency}."),
                                        record.cell(name), {"amount": amount, "written": written,
                                                            "currency": currency}))
    return problems


def _price_units(sheet, read, books) -> list[Problem]:
    """A unit price written per another unit than the item is counted in (`1,20 Kč/kg` for an
    item in pieces): the number alone would be taken as the price of one piece. The item's
    unit is the row's `unit` cell, else the books' item of the row's `sku`."""
    if "unit_price" not in read.columns:
        return []
    at = column_index(read.columns["unit_price"]) - 1
    problems = []
    units: dict[str, str | None] = {}  # sku -> its unit in the books, each asked once
    for record in read.records:
        cells = sheet.rows[record.source.row - 1]
        written = price_unit(cells[at]) if at < len(cells) else None
        if written is None or record.get("unit_price") is None:
            continue
        sku = record.get("sku")
        if "unit" in read.columns:
            unit = record.get("unit")
        elif sku in units:
            unit = units[sku]
        else:
            item = books.get("items", (sku,)) if books is not None and sku else None
            unit = units[sku] = item.get("unit") if item else None
        if not same_unit(written, unit):
            problems.append(Problem(PRICE_UNIT, record.cell("unit_price"), {
                "price": record.get("unit_price"), "written": written, "sku": sku or "-", "unit": unit or "-"}))
    return problems


def _case_clashes_with_books(updates: list[TableUpdate], books) -> list[Problem]:
    """Keys that differ only in case from a key already in the books (`e001` beside `E001`)."""
    problems = []
    for update in updates:
        table = TABLES[update.table]
        existing: dict[tuple, tuple] = {}
        for key in books.keys(update.table):
            parts = key if isinstance(key, tuple) else (key,)
            existing.setdefault(tuple(key_fold(p) for p in parts), parts)
        for record, cell in zip(update.records, update.key_cells):
            parts = tuple(record.get(k) for k in table.key)
            known = existing.get(tuple(key_fold(p) for p in parts))
            if known is not None and known != parts:
                problems.append(Problem(N_("Key {key} differs only in upper and lower case from key {other} already "
                                           "in the books; keys are compared without regard to case. Write it as "
                                           "{other} to update that record."), cell,
                                        {"key": " / ".join(map(str, parts)), "other": " / ".join(map(str, known))}))
    return problems


def _unknown_parties(updates: list[TableUpdate], books) -> list[Problem]:
    """Rows naming a supplier or customer (REFERENCES) that neither the books nor this file hold."""
    known: dict[str, set] = {}
    problems = []
    for update in updates:
        if update.table not in REFERENCES:
            continue
        field, target = REFERENCES[update.table]
        if target not in known:
            key = TABLES[target].key[0]
            known[target] = {key_fold(k) for k in books.keys(target)} | {
                key_fold(r.get(key)) for u in updates if u.table == target for r in u.records}
        for record, cell in zip(update.records, update.party_cells):
            value = record.get(field)
            if value not in (None, "") and key_fold(value) not in known[target]:
                problems.append(Problem(UNKNOWN_PARTY, cell, {"field": field_label(field), "value": value,
                                                              "table": table_label(target)}))
    return problems


def _without_rows(updates: list[TableUpdate], rows: set[tuple]) -> list[TableUpdate]:
    """The updates without the records read from `rows` ((sheet, row) pairs)."""
    out = []
    for u in updates:
        keep = [i for i, c in enumerate(u.key_cells) if (c.sheet, c.row) not in rows]
        out.append(TableUpdate(u.table, u.sheet, [u.records[i] for i in keep], u.skipped_rows,
                               tuple(u.key_cells[i] for i in keep),
                               tuple(u.party_cells[i] for i in keep) if u.party_cells else ()))
    return out


def _table_named(name: str, sheet_map: dict[str, str]) -> str | None:
    """The rules' `sheets:` map names a table for a sheet or file name (case-insensitive)."""
    for key, table in sheet_map.items():
        if key.casefold() == name.casefold():
            return table
    return None


def _count(changes: list[Change]) -> dict[str, int]:
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    for change in changes:
        counts[change.kind] += 1
    return counts


def _admin_mail(file_name: str, report_name: str, changes: dict[str, list[Change]], ctx: JobContext) -> MailMessage:
    lang = ctx.language
    t = lambda msgid: translate(msgid, lang)  # noqa: E731
    rows_html, rows_text = [], []
    for table, table_changes in changes.items():
        c = _count(table_changes)
        rows_html.append(f"<tr><td>{table}</td><td>{c['added']}</td><td>{c['changed']}</td><td>{c['unchanged']}</td></tr>")
        rows_text.append(f"{table}: +{c['added']} ~{c['changed']} ={c['unchanged']}")
    subject = t("Master data updated from {file}").format(file=file_name)
    html = (f"<p>{t('Master data updated from {file}').format(file=_html(file_name))} "
            f"({t('job')} {ctx.job_id}).</p><table border='1' cellpadding='4'>"
            f"<tr><th>{t('table')}</th><th>{t('added')}</th><th>{t('changed')}</th><th>{t('unchanged')}</th></tr>"
            + "".join(rows_html) + "</table>")
    text = subject + f" ({t('job')} {ctx.job_id})\n" + "\n".join(rows_text) + "\n"
    return MailMessage(to=("role:admin",), subject=subject, html=html, text=text, kind="masterdata-report",
                       language=lang, attachments=(Attachment(report_name, output=report_name,
                       mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),))


def _html(text: str) -> str:
    import html

    return html.escape(text)
