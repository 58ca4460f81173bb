"""rules/settings.yaml: the workspace's company, language, locale, limits and mail server."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.problems import RuleValueError



def known_currency(value: str, exact: bool = False) -> str:
    """`value` as an ISO 4217 code (upper case); the rule problem every rule file gives for an
    unknown one otherwise (`exact`: also for one not written as the code, such as `eur`, where
    the text is used as it stands, as a mapping's key)."""
    from ..iso4217 import CODES

    code = value.strip().upper()
    if code not in CODES or (exact and code != value):
        raise RuleValueError(N_("unknown currency '{code}'"),
                             N_("use an ISO 4217 code such as EUR, CZK, PLN"), code=value)
    return code

class Company(StrictModel):
    name: str = "Demo Company"
    vat_id: str | None = None
    iban: str | None = None
    bic: str | None = None
    accounts: tuple[str, ...] = ()  # the company's own bank accounts (IBAN or the bank's account id); iban counts too
    country: str = "CZ"
    address: str | None = None  # one line, printed when street, postal_code and city are not given
    street: str | None = None  # street and number, printed on invoices
    postal_code: str | None = None
    city: str | None = None

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str | None) -> str | None:
        """Printed on every sales invoice and the debtor of every payment file: a typo in it
        (one digit off) passed `rules check` and went out on the customers' invoices."""
        from backoffice_auto.documents.accountvalues import parse_iban

        return _checked(value, parse_iban, RuleValueError(
            N_("'{iban}' is not a valid IBAN: its country code, length or check digits are wrong"),
            N_("copy it from a statement of the account"), iban=value))

    @field_validator("bic")
    @classmethod
    def _bic(cls, value: str | None) -> str | None:
        """Printed beside the IBAN and written into payment files."""
        from backoffice_auto.documents.accountvalues import parse_bic

        return _checked(value, parse_bic, RuleValueError(
            N_("'{bic}' is not a valid BIC"), N_("a BIC has 8 or 11 letters and digits, such as GIBACZPX"), bic=value))

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        """An ISO 3166 code, or a country's name in one of the five languages (it decides VAT)."""
        from backoffice_auto.documents.countries import parse_country

        try:
            return parse_country(value)
        except ValueError:
            raise RuleValueError(N_("unknown country '{country}'"),
                                 N_("use a two-letter code such as CZ, PL, ES, FR or DE"), country=value) from None


class Limits(StrictModel):
    """Bounds that refuse hostile or runaway input before it is expanded."""

    max_file_mb: int = Field(50, ge=1)
    max_uncompressed_mb: int = Field(500, ge=1)
    max_rows: int = Field(1_000_000, ge=1)
    max_columns: int = Field(1000, ge=1)  # an accounting program's export has hundreds; a stray cell at XFD1 is refused
    max_pdf_pages: int = Field(200, ge=1)
    max_cells: int = Field(5_000_000, ge=1)  # rows x columns of a sheet's used area, before it is loaded
    max_cell_chars: int = Field(32_767, ge=1)  # characters in one cell (Excel's own limit)
    earliest_date: date = date(2000, 1, 1)  # dates read from files outside this window are refused
    latest_date: date = date(2099, 12, 31)
    max_amount_digits: int = Field(12, ge=1, le=20)  # digits before the decimal point of amounts and numbers
    max_job_seconds: int = Field(300, ge=1)  # a job running longer is stopped and its file refused


class SmtpSettings(StrictModel):
    host: str | None = None
    port: int = 587
    security: Literal["none", "starttls", "ssl"] = "starttls"
    user: str | None = None
    sender: str = Field("backoffice@localhost", alias="from")
    # RFC 5321 4.5.3.2: a client waits up to 10 minutes for the reply to the end of the
    # data (the server may be scanning or delivering meanwhile); the rest is shorter
    connect_timeout_seconds: float = Field(30.0, gt=0, le=3600)
    command_timeout_seconds: float = Field(300.0, gt=0, le=3600)
    data_timeout_seconds: float = Field(600.0, gt=0, le=3600)


class Settings(StrictModel):
    company: Company = Company()
    language: Literal["en", "cs", "pl", "es", "fr"] = "en"
    locale: str = "en_GB"  # number and date forms of the inputs: cs_CZ reads 1 234,56 and 22.11.2026
    timezone: str = "Europe/Prague"
    currency: str = "EUR"
    limits: Limits = Limits()
    smtp: SmtpSettings = SmtpSettings()

    # Checked here, when the admin saves, rather than deep inside a job at 3 a.m.

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        return known_currency(value)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            from backoffice_auto.rules.suggest import closest

            suggestion = closest(value, zoneinfo.available_timezones())
            raise RuleValueError(N_("unknown time zone '{zone}'"),
                                 N_("did you mean '{suggestion}'?") if suggestion
                                 else N_("use a name such as Europe/Prague"),
                                 zone=value, suggestion=suggestion or "") from None
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            raise RuleValueError(N_("unknown locale '{locale}'"),
                                 N_("use a name such as cs_CZ, pl_PL, es_ES, fr_FR or en_GB"),
                                 locale=value) from None
        return value.replace("-", "_")


def _checked(value: str | None, parse, error: Exception) -> str | None:
    """`value` as written when empty or when `parse` (the sheets' IBAN or BIC reader: schwifty)
    takes it; else `error`."""
    if value is None or not value.strip():
        return value
    try:
        parse(value)
    except ValueError:
        raise error from None
    return value
