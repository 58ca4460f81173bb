"""A sheet of plain rows to typed records of one table, with every bad cell reported.

The header row is found (clerks put titles, dates and blank lines above it), its headers
are mapped onto field names by alias, and every cell is parsed by its field's type in the
settings' locale. A bad cell does not stop the reading: each becomes a `Problem` naming
`file:Sheet!C7`, so the clerk sees all of them in one report. Whether bad cells refuse the
file or only their rows is the caller's rule.

Speed: one parser function per column is chosen before the loop, and cells the
spreadsheet already typed take a type check, not a regex. A record's cell sources are
built only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Mapping, Sequence

from backoffice_auto.books.schema import FieldDef, Table
from backoffice_auto.documents.aliases import TABLE_ALIASES, alias_index, normalise_header
from backoffice_auto.documents.datewords import from_1904
from backoffice_auto.documents.fieldlabels import field_label
from backoffice_auto.documents.headerrows import HEADER_SEARCH_ROWS, find_header, find_header_row
from backoffice_auto.documents.mergedcells import fill_merged_down
from backoffice_auto.documents.rowkinds import ignored_column, skipped_notes, skipped_rows
from backoffice_auto.documents.sameabove import MSG_BLANK_IN_BLOCK, MSG_BLANK_IN_ORDER, fill_same_above
from backoffice_auto.documents.values import OutOfBounds, parse_text, parser_for
from backoffice_auto.documents.visibility import hidden_sheet_note, shown_sheet, uncomputed_problem, uncomputed_rows
from backoffice_auto.documents.workbook import Sheet
from backoffice_auto.errors import Problem, Source, column_letter
from backoffice_auto.i18n import N_
from backoffice_auto.rules.settings_model import Limits

__all__ = ["Record", "TableRead", "read_table", "find_duplicate_keys", "guess_table", "guess_sheet_table",
           "find_header_row", "HEADER_SEARCH_ROWS"]



@dataclass(frozen=True)
class Record:
    """One row as typed values by field name, with where it came from.

    `values` holds every mapped column; an empty or unreadable cell is `None`.
    `cells[field]` is the `Source` of that field's cell (built on first use).
    """

    values: Mapping[str, Any]
    source: Source
    columns: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def cells(self) -> dict[str, Source]:
        src = self.source
        return {name: Source(src.file, src.sheet, src.row, letter) for name, letter in self.columns.items()}

    def cell(self, name: str) -> Source:
        letter = self.columns.get(name)
        return self.source.with_cell(column=letter) if letter else self.source

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class TableRead:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header_row: int | None = None  # 1-based
    columns: dict[str, str] = field(default_factory=dict)  # field -> column letters
    unknown_columns: list[str] = field(default_factory=list)  # headers that matched no field
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    skipped: dict[int, str] = field(default_factory=dict)  # 1-based row -> title | total | note | blank
    notes: list[Problem] = field(default_factory=list)  # info: rows skipped, columns ignored or guessed

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


_TYPE_MESSAGES = {
    "decimal": N_("'{value}' in column {header} is not a number."),
    "money": N_("'{value}' in column {header} is not an amount of money."),
    "price": N_("'{value}' in column {header} is not an amount of money."),
    "int": N_("'{value}' in column {header} is not a whole number."),
    "rate": N_("'{value}' in column {header} is not a percentage."),
    "date": N_("'{value}' in column {header} is not a valid date."),
    "time": N_("'{value}' in column {header} is not a valid time of day."),
    "bool": N_("'{value}' in column {header} is not yes or no."),
    "email": N_("'{value}' in column {header} is not an email address."),
    "choice": N_("'{value}' in column {header} is not one of the allowed values: {choices}."),
    "json": N_("'{value}' in column {header} is not valid JSON."),
    "iban": N_("'{value}' in column {header} is not a valid IBAN: its country code, length or check digits are wrong."),
    "bic": N_("'{value}' in column {header} is not a valid BIC (8 or 11 characters: bank, country, place, branch)."),
    "country": N_("'{value}' in column {header} is not a country: write its two-letter code (CZ, PL, ES, FR, DE...) "
                  "or its name."),
}
_MISSING_VALUE = N_("Column {header} is empty here, but a value is required.")
_MISSING_COLUMN = N_("Required column {field} is missing: no header in this row means it.")
_NO_HEADER = N_("No header row found in the first {rows} rows: no row names at least two known columns. Expected headers such as: {expected}.")
_GUESSED = N_("Column {column} ('{header}') was taken to be {field}; rename it if that is wrong.")
_WITH_TAX = N_("Column {column} ('{header}') holds amounts with tax; {field} is read without tax, so the column "
               "was not read.")
_TWICE = N_("Columns {first} and {second} both mean {field}; only column {first} is read.")
_DUPLICATE_KEY = N_("Key {key} appears more than once, in rows {rows}.")
_DUPLICATE_KEY_CASE = N_("Key {key} here and key {other} in cell {other_cell} differ only in upper and lower "
                         "case; keys are compared without regard to case, so this is the same key twice.")


def read_table(sheet: Sheet, fields: Sequence[FieldDef], file: str | None = None, locale: str | None = "en_GB",
               extra_aliases: Mapping[str, Iterable[str]] | None = None,
               required: Iterable[str] | None = None, limits: Limits | None = None,
               same_above: Iterable[str] = (), group: str | None = None) -> TableRead:
    """Typed records of `fields` from `sheet`; every bad cell becomes a Problem.

    `required` names the fields that must have a column and a value in every row
    (default: the fields marked `required`). `extra_aliases` maps field name to the
    workspace's own header words. `limits` bounds dates and numbers (settings' defaults
    when None): a value outside them is a bad cell. `same_above` names the fields whose
    blank cells may mean the value above, `group` the field that makes rows one record
    (`sameabove.fill_same_above`); ditto marks are read in every sheet that passes either.
    """
    file = file or sheet.file
    names = [f.name for f in fields]
    by_name = {f.name: f for f in fields}
    required_set = set(required) if required is not None else {f.name for f in fields if f.required}
    index = alias_index(names, extra_aliases)
    result = TableRead()
    hidden = hidden_sheet_note(sheet, file)
    if hidden is not None:  # what the clerk cannot see is not read
        result.notes.append(hidden)
        return result
    sheet, shown_notes = shown_sheet(sheet, file)
    rows = sheet.rows
    where = Source(file, sheet.name)

    found = find_header(rows, index, required_set, required_set, sheet.marks.merged)
    if found is None:
        expected = tuple(field_label(n) for n in names[:8])
        result.problems.append(Problem(_NO_HEADER, where, {"rows": HEADER_SEARCH_ROWS, "expected": expected}))
        return result
    header_at, mapped, header = found.row, found.mapped, found.cells
    result.header_row = header_at + 1
    for c, cell in enumerate(header):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        name = index.field(cell) if isinstance(cell, str) else None
        here = Source(file, sheet.name, header_at + 1, column_letter(c + 1))
        if name is None:
            guessed = index.guess(cell)
            if guessed is not None and guessed not in mapped:
                mapped[guessed] = c
                result.notes.append(Problem(_GUESSED, here, {"column": column_letter(c + 1), "header": str(cell).strip(),
                                                             "field": field_label(guessed)}, level="warning"))
                continue
            result.unknown_columns.append(str(cell).strip())
            taxed = index.gross_price(cell)
            if taxed is not None:
                result.notes.append(Problem(_WITH_TAX, here, {"column": column_letter(c + 1),
                                                              "header": str(cell).strip(),
                                                              "field": field_label(taxed)}, level="warning"))
                continue
            result.notes.append(ignored_column(where, header_at + 1, c, cell))
        elif mapped[name] != c:
            result.problems.append(Problem(
                _TWICE, here,
                {"first": column_letter(mapped[name] + 1), "second": column_letter(c + 1), "field": field_label(name)},
                level="warning"))
    ordered = sorted(mapped.items(), key=lambda kv: kv[1])
    result.columns = {name: column_letter(c + 1) for name, c in ordered}
    result.headers = {name: str(header[c]).strip() for name, c in ordered}
    for name in names:
        if name in required_set and name not in mapped:
            result.problems.append(Problem(_MISSING_COLUMN, Source(file, sheet.name, header_at + 1),
                                           {"field": field_label(name)}))
    sheet = fill_merged_down(sheet, header_at)  # an order's number merged down over its lines
    rows = sheet.rows
    skipped = skipped_rows(rows, header_at, [c for name, c in ordered if name in required_set], mapped.values())
    if found.rows == 2:
        skipped.pop(header_at - 1, None)  # the header's upper row, not a title
    uncomputed = uncomputed_rows(sheet, header_at, [c for _, c in ordered], skipped)
    result.skipped = {r + 1: kind for r, kind in skipped.items()}
    result.notes[:0] = shown_notes + skipped_notes(skipped, where)
    unfilled: dict = {}
    said: set = set()
    if same_above or group:
        same = fill_same_above(rows, header_at, mapped, same_above, where, group, skipped, uncomputed)
        rows, unfilled, said = same.rows, same.unfilled, same.said
        result.notes.extend(same.notes)
        result.problems.extend(same.problems)
    blank_message = MSG_BLANK_IN_ORDER if group else MSG_BLANK_IN_BLOCK

    plan = [(name, c, _in_1904(parser_for(by_name[name].type, locale, by_name[name].choices, limits))
             if sheet.date1904 and by_name[name].type == "date" else
             parser_for(by_name[name].type, locale, by_name[name].choices, limits), name in required_set)
            for name, c in ordered]
    columns = result.columns
    sheet_name = sheet.name
    records = result.records
    problems = result.problems
    width_ok = {len(header)}
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        n = len(row)
        if row.count(None) == n or r in skipped:
            if r in uncomputed:
                problems.extend(uncomputed_problem(sheet, file, r, c) for c in uncomputed[r])
            continue
        if n not in width_ok:
            if n < len(header):
                row = row + (None,) * (len(header) - n)
            else:
                width_ok.add(n)
        values: dict[str, Any] = {}
        for name, c, parse, must in plan:
            value = row[c]
            if value is None:
                values[name] = None
                if uncomputed and r in uncomputed and c in uncomputed[r]:
                    problems.append(uncomputed_problem(sheet, file, r, c))
                elif must and not (said and (r, c) in said):
                    problems.append(_missing(file, sheet_name, r + 1, columns[name], result.headers[name],
                                             unfilled.get((r, c)), blank_message))
                continue
            try:
                values[name] = parse(value)
            except ValueError as exc:
                values[name] = None
                if isinstance(value, str) and not value.strip():
                    if must:
                        problems.append(_missing(file, sheet_name, r + 1, columns[name], result.headers[name],
                                                 unfilled.get((r, c)), blank_message))
                    continue
                problems.append(_bad_cell(file, sheet_name, r + 1, columns[name], result.headers[name],
                                          by_name[name], value, exc))
        records.append(Record(values, Source(file, sheet_name, r + 1), columns))
    return result


def _missing(file: str, sheet: str, row: int, letter: str, header: str, above: Any = None,
             blank_message: str = "") -> Problem:
    """An empty required cell; with the value of the row above when that was not taken for it."""
    if above is not None:
        return Problem(blank_message, Source(file, sheet, row, letter), {"header": header, "above": _shown(above)})
    return Problem(_MISSING_VALUE, Source(file, sheet, row, letter), {"header": header})


def _shown(value: Any) -> str:
    """A cell's value as a message quotes it (text up to 40 characters)."""
    try:
        shown = value if isinstance(value, str) else parse_text(value)
    except ValueError:
        shown = str(value)
    return shown[:37] + "..." if len(shown) > 40 else shown


def _bad_cell(file: str, sheet: str, row: int, letter: str, header: str, fdef: FieldDef, value: Any,
              reason: ValueError | None = None) -> Problem:
    shown = _shown(value)
    if isinstance(reason, OutOfBounds):
        return Problem(reason.message, Source(file, sheet, row, letter), {"value": shown, **reason.params})
    params = {"value": shown, "header": header}
    if fdef.type == "choice":
        params["choices"] = ", ".join(fdef.choices)
    message = _TYPE_MESSAGES.get(fdef.type, _TYPE_MESSAGES["decimal"])
    return Problem(message, Source(file, sheet, row, letter), params)


def _in_1904(parse):
    """A date parser for a 1904-system workbook: plain day numbers count from 1904."""
    return lambda value: parse(from_1904(value))


def key_fold(part: Any) -> Any:
    """A key part as keys are compared: text without regard to case (`e001` is `E001`)."""
    return part.casefold() if isinstance(part, str) else part


def find_duplicate_keys(records: Sequence[Record], key_fields: Sequence[str]) -> list[Problem]:
    """One problem per key that appears in more than one row, at its second appearance.

    Keys are compared without regard to case; a key written in another case than its
    first appearance gets its own problem naming both cells.
    """
    seen: dict[tuple, list[Record]] = {}
    for record in records:
        key = tuple(record.values.get(k) for k in key_fields)
        if any(part is None for part in key):
            continue
        seen.setdefault(tuple(key_fold(part) for part in key), []).append(record)
    problems = []
    for group in seen.values():
        if len(group) < 2:
            continue
        first = group[0]
        written = _key_of(first, key_fields)
        same = [rec for rec in group if _key_of(rec, key_fields) == written]
        if len(same) > 1:
            rows = ", ".join(str(rec.source.row) for rec in same)
            problems.append(Problem(_DUPLICATE_KEY, same[1].cell(key_fields[0]),
                                    {"key": _shown_key(written), "rows": rows}))
        other_cell = first.cell(key_fields[0])
        for rec in group:
            key = _key_of(rec, key_fields)
            if key != written:
                problems.append(Problem(_DUPLICATE_KEY_CASE, rec.cell(key_fields[0]),
                                        {"key": _shown_key(key), "other": _shown_key(written),
                                         "other_cell": other_cell.cell() or str(other_cell.row)}))
    problems.sort(key=lambda p: p.source.row or 0)
    return problems


def _key_of(record: Record, key_fields: Sequence[str]) -> tuple:
    return tuple(record.values.get(k) for k in key_fields)


def _shown_key(key: tuple) -> str:
    return " / ".join(str(part) for part in key)


def _tables_of(tables: Mapping[str, Table] | Iterable[Table]) -> list[Table]:
    return list(tables.values()) if isinstance(tables, Mapping) else list(tables)


def guess_table(sheet_name: str | None, header_cells: Sequence[Any],
                tables: Mapping[str, Table] | Iterable[Table]) -> str | None:
    """Which table a sheet holds: by its name (`Items`, `Zboží`, `Towary`, ...), else by its headers.

    By headers, the table must have its whole key among them and at least two fields;
    the table matching the most fields wins, and a tie is no answer.
    """
    candidates = _tables_of(tables)
    wanted = normalise_header(sheet_name) if sheet_name else ""
    if wanted:
        for table in candidates:
            words = (table.name, *TABLE_ALIASES.get(table.name, ()))
            if wanted in {normalise_header(w) for w in words}:
                return table.name
    scores: list[tuple[int, str]] = []
    for table in candidates:
        index = alias_index(table.field_names)
        matched = {index.field(h) for h in header_cells if isinstance(h, str)} - {None}
        if len(matched) >= 2 and all(k in matched for k in table.key):
            scores.append((len(matched), table.name))
    if not scores:
        return None
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None
    return scores[0][1]


def guess_sheet_table(sheet: Sheet, tables: Mapping[str, Table] | Iterable[Table]) -> str | None:
    """`guess_table` over a sheet's name and each of its first rows (the header may not be row 1)."""
    by_name = guess_table(sheet.name, (), tables)
    if by_name:
        return by_name
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        found = guess_table(None, row, tables)
        if found:
            return found
    return None
