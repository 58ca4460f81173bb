"""rules/settings.yaml: the workspace's company, language, locale, limits and mail server."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from backoffice_auto.rules.base import StrictModel


class Company(StrictModel):
    name: str = "Demo Company"
    vat_id: str | None = None
    iban: str | None = None
    bic: str | None = None
    country: str = "CZ"
    address: str | None = None


class Limits(StrictModel):
    """Bounds that refuse hostile or runaway input before it is expanded."""

    max_file_mb: int = Field(50, ge=1)
    max_uncompressed_mb: int = Field(500, ge=1)
    max_rows: int = Field(1_000_000, ge=1)
    max_columns: int = Field(200, ge=1)
    max_pdf_pages: int = Field(200, ge=1)


class SmtpSettings(StrictModel):
    host: str | None = None
    port: int = 587
    security: Literal["none", "starttls", "ssl"] = "starttls"
    user: str | None = None
    sender: str = Field("backoffice@localhost", alias="from")


class Settings(StrictModel):
    company: Company = Company()
    language: Literal["en", "cs", "pl", "es", "fr"] = "en"
    locale: str = "en_GB"  # number and date forms of the inputs: cs_CZ reads 1 234,56 and 22.11.2026
    timezone: str = "Europe/Prague"
    currency: str = "EUR"
    limits: Limits = Limits()
    smtp: SmtpSettings = SmtpSettings()
