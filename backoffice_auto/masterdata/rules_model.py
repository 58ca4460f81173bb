"""rules/masterdata.yaml: how master-data workbooks dropped into inbox/books/ are read."""

from __future__ import annotations

from typing import Literal

from backoffice_auto.rules.base import StrictModel


class MasterdataRules(StrictModel):
    """Defaults work with no file at all."""

    on_bad_row: Literal["refuse", "skip"] = "refuse"
    # Extra header names per table and field, for this workspace's own column titles:
    # aliases: {items: {sku: ["Katalogové číslo"]}}
    aliases: dict[str, dict[str, list[str]]] = {}
    # Sheet or file names that always mean one table: sheets: {"Ceník": items}
    sheets: dict[str, str] = {}
    # Report unchanged records one by one in the change report (off: only their count).
    list_unchanged: bool = False
