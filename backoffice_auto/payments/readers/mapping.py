"""rules/bank/*.yaml: how one bank's CSV or XLSX export maps onto statement lines.

Banks' exports differ in everything: one signed amount or debit and credit columns, decimal
comma or point, `22.11.2026` or `11/22/2026`, a preamble above the header row, Windows code
pages. One file per bank says which column is which; the reader (`tabular.py`) takes the
first mapping whose `match` fits the file. Column names are compared as the workbook
readers compare headers (case, accents and punctuation ignored).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator, model_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.problems import RuleValueError

ColumnNames = str | tuple[str, ...]


class MappingMatch(StrictModel):
    file_name: str | None = None  # glob on the file name, case-insensitive (`fio-*.csv`)
    headers: tuple[str, ...] = ()  # header cells that must all be present


class MappingColumns(StrictModel):
    booking_date: str
    value_date: str | None = None
    amount: str | None = None  # one signed amount ...
    debit: str | None = None  # ... or money out and money in in two columns
    credit: str | None = None
    side: str | None = None  # the debit/credit mark beside an unsigned amount (`D`/`C`, `Má dáti`/`Dal`)
    currency: str | None = None
    counterparty_name: ColumnNames | None = None
    counterparty_iban: str | None = None
    counterparty_bank: str | None = None  # the other side's bank code apart (Fio `Kód banky`): `number/code`
    reference: ColumnNames | None = None
    remittance: ColumnNames | None = None  # several columns are joined with a space
    bank_reference: str | None = None
    end_to_end_id: str | None = None
    account: str | None = None
    balance: str | None = None  # the running balance after each line: checked line by line

    @model_validator(mode="after")
    def _one_amount_form(self) -> "MappingColumns":
        if self.amount is None and self.debit is None and self.credit is None:
            raise RuleValueError(N_("name the amount column, or the debit and credit columns"),
                                 N_("add columns.amount, or columns.debit and columns.credit"))
        if self.amount is not None and (self.debit is not None or self.credit is not None):
            raise RuleValueError(N_("give either columns.amount or columns.debit/credit, not both"),
                                 N_("keep the one form this export uses"))
        return self


class SideWords(StrictModel):
    """A bank's own words for the side of an unsigned amount, beside the ones every reader knows
    (`sides.py`): a direct debit written `Inkaso` that is always money out for this account."""

    money_out: tuple[str, ...] = Field((), max_length=200)
    money_in: tuple[str, ...] = Field((), max_length=200)

    @field_validator("money_out", "money_in")
    @classmethod
    def _short(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        for word in words:
            if len(word) > 80:
                raise RuleValueError(N_("text longer than {limit} characters"), limit=80)
        return words


class BankMapping(StrictModel):
    name: str | None = None
    match: MappingMatch = MappingMatch()
    encoding: str | None = None  # CSV only; default: UTF-8, then cp1250, then Latin-1
    skip_lines: int = Field(0, ge=0, le=1000)  # lines above the header row (0: the header row is found)
    sheet: str | None = None  # XLSX: the sheet to read (default: the first sheet with the header row)
    locale: str | None = None  # number and date forms; default: settings.locale
    date_format: str | None = None  # strptime form (`%d.%m.%Y`); default: the locale's forms
    account: str | None = None  # the account, when the export has no account column
    currency: str | None = None  # the currency, when the export has no currency column
    columns: MappingColumns
    side_words: SideWords = SideWords()  # the bank's own words in the side column (columns.side)

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        import codecs

        if value is None:
            return value
        try:
            codecs.lookup(value)
        except LookupError:
            raise RuleValueError(N_("unknown encoding '{encoding}'"), N_("use a name such as utf-8, cp1250, iso-8859-2"),
                                 encoding=value) from None
        return value

    @field_validator("date_format")
    @classmethod
    def _usable_format(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            datetime(2026, 11, 22).strftime(value)
        except ValueError:
            raise RuleValueError(N_("'{format}' is not a date format"), N_("write it as %d.%m.%Y or %Y-%m-%d"),
                                 format=value) from None
        if "%d" not in value or "%m" not in value and "%b" not in value or "%Y" not in value and "%y" not in value:
            raise RuleValueError(N_("'{format}' is not a date format"), N_("write it as %d.%m.%Y or %Y-%m-%d"),
                                 format=value)
        return value
