"""Master-data values that read as valid numbers or text but cannot be meant: a negative
price or wage, a VAT rate of 210 %, a discount of 150 %, a currency code no one pays in,
payment terms no job can read, a time zone no clock knows, a language no letter is written in.

Why: each went into the books before and did harm later, far from the cell that caused it
(a negative hourly rate paid a negative wage; a 150 % discount made a negative invoice;
terms typed as `30 days` were dropped for the default terms without a word). Checked when
the workbook comes in, each names its cell; terms in plain words (`14 dní`, `30 jours fin
de mois`) are kept in the books' grammar (`net 14`, `net 30 eom`), with a note. An employee's
time zone decides which hours are night, Sunday or holiday hours: `Mars/Base` was stored and
every timesheet of that employee refused at pay time, weeks later; a name written in other case
(`europe/prague`) or a place alone (`Prague`) is kept as the time-zone database spells it, with a note. A language the
letters are not written in (`klingon`, `de`) is kept, with a warning that those letters go out in
the workspace's language.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from zoneinfo import available_timezones

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.i18n.languages import known_language
from backoffice_auto.iso4217 import CODES
from backoffice_auto.terms.cells import terms_from_cell

MSG_NEGATIVE = N_("{value} in column {header} is negative; it must be 0 or more.")
MSG_RANGE = N_("{value} in column {header} is not between {low} and {high}.")
MSG_TERMS = N_("'{value}' in column {header} is not payment terms such as 'net 30', '2/10 net 30', 'net 30 eom' "
               "or '30 days'.")
MSG_TERMS_READ = N_("'{value}' in column {header} was read as the payment terms '{terms}'.")
MSG_TIMEZONE = N_("'{value}' in column {header} is not a time zone: write its name as the time-zone database has "
                  "it, such as Europe/Prague, Europe/Warsaw, Europe/Madrid or Europe/Paris.")
MSG_TIMEZONE_READ = N_("'{value}' in column {header} was read as the time zone '{zone}'.")
MSG_LANGUAGE = N_("'{value}' in column {header} is not a language letters are written in (English, Czech, Polish, "
                  "Spanish, French); letters to this party will be written in the workspace's language.")
MSG_CURRENCY = N_("'{value}' in column {header} is not a currency code (ISO 4217, such as EUR, CZK, PLN).")

_HUNDRED = Decimal(100)
#: (table, field) -> (lowest, highest) a value may be; None: no bound on that side.
BOUNDS: dict[tuple[str, str], tuple[Decimal, Decimal | None]] = {
    **{("items", f): (Decimal(0), None) for f in ("unit_price", "reserved", "reorder_min", "reorder_max",
                                                  "reorder_multiple")},
    ("items", "tax_rate"): (Decimal(0), _HUNDRED),
    ("customers", "discount_pct"): (Decimal(0), _HUNDRED),
    ("employees", "hourly_rate"): (Decimal(0), None),
    ("employees", "salary"): (Decimal(0), None),
    **{("purchase_orders", f): (Decimal(0), None) for f in ("quantity", "unit_price", "received_quantity")},
}
TERMS = ("payment_terms",)


def implausible(table: str, read) -> tuple[list[Problem], dict[int, dict[str, str]]]:
    """The problems (errors and notes) of a sheet read as `table`, and per row the terms to keep
    in the books' grammar in place of the words typed."""
    problems: list[Problem] = []
    rewritten: dict[int, dict[str, str]] = {}
    bounded = [(name, bounds) for (t, name), bounds in BOUNDS.items() if t == table and name in read.columns]
    terms = [name for name in TERMS if name in read.columns]
    currency = "currency" in read.columns
    timezone = table == "employees" and "timezone" in read.columns
    language = "language" in read.columns
    for record in read.records:
        for name, (low, high) in bounded:
            value = record.get(name)
            if not isinstance(value, Decimal) or (value >= low and (high is None or value <= high)):
                continue
            params = {"value": value, "header": _header(read, name)}
            if high is None:
                problems.append(Problem(MSG_NEGATIVE, record.cell(name), params))
            else:
                problems.append(Problem(MSG_RANGE, record.cell(name), {**params, "low": low, "high": high}))
        for name in terms:
            value = record.get(name)
            if value in (None, ""):
                continue
            read_as = terms_from_cell(value)
            params = {"value": value, "header": _header(read, name)}
            if read_as is None:
                problems.append(Problem(MSG_TERMS, record.cell(name), params))
            elif str(read_as) != " ".join(str(value).split()).lower():
                rewritten.setdefault(record.source.row, {})[name] = str(read_as)
                problems.append(Problem(MSG_TERMS_READ, record.cell(name), {**params, "terms": str(read_as)},
                                        level="info"))
        value = record.get("currency") if currency else None
        if isinstance(value, str) and value.strip() and value.strip().upper() not in CODES:
            problems.append(Problem(MSG_CURRENCY, record.cell("currency"), {"value": value,
                                                                             "header": _header(read, "currency")}))
        if timezone:
            _check_zone(read, record, problems, rewritten)
        value = record.get("language") if language else None
        if isinstance(value, str) and value.strip() and known_language(value) is None:
            problems.append(Problem(MSG_LANGUAGE, record.cell("language"),
                                    {"value": value, "header": _header(read, "language")}, level="warning"))
    return problems, rewritten


def _check_zone(read, record, problems: list[Problem], rewritten: dict[int, dict[str, str]]) -> None:
    value = record.get("timezone")
    if not isinstance(value, str) or not value.strip():
        return
    names, by_key = _zones()
    if not names or value in names:  # no database to judge by (the payroll job says so when it pays)
        return
    params = {"value": value, "header": _header(read, "timezone")}
    meant = by_key.get(_zone_key(value))
    if meant is None:
        problems.append(Problem(MSG_TIMEZONE, record.cell("timezone"), params))
        return
    rewritten.setdefault(record.source.row, {})["timezone"] = meant
    problems.append(Problem(MSG_TIMEZONE_READ, record.cell("timezone"), {**params, "zone": meant}, level="info"))


def _zone_key(text: str) -> str:
    """`europe / prague`, `Europe/Prague `, `EUROPE/PRAGUE` -> `europe/prague`; `New York` ->
    `new_york`, as the database writes a place."""
    return "_".join(text.replace("/", " / ").split()).replace("_/_", "/").casefold()


@lru_cache(maxsize=1)
def _zones() -> tuple[frozenset[str], dict[str, str]]:
    """Every IANA time-zone name the system's database (or the tzdata package) has (none when it has
    no database), and each by `_zone_key`; also by its place alone (`prague`, `new_york`) where only
    one name ends in that place."""
    names = frozenset(available_timezones())
    by_key = {_zone_key(name): name for name in sorted(names)}
    places: dict[str, list[str]] = {}
    for name in sorted(names):
        if "/" in name:
            places.setdefault(_zone_key(name.rpartition("/")[2]), []).append(name)
    for place, found in places.items():
        if len(found) == 1:
            by_key.setdefault(place, found[0])
    return names, by_key


def _header(read, name: str) -> str:
    header = read.headers.get(name)
    return str(header).strip() if header not in (None, "") else name
