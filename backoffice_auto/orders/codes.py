"""Item codes and customer numbers of an order sheet, spelt as the books spell them.

An order line for `sku-a` is for item `SKU-A` (the books compare keys without regard to
case), and one for item `123` is for `00123` when that is the only item of that number: a
spreadsheet stores a code typed as digits as a number and drops its leading zeros. The
row's value is replaced by the books' key before the rows are checked, so stock, invoices
and the books all name the item one way; a code read through its lost zeros is said, once
per code and cell, so the clerk can fix the sheet.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from backoffice_auto.documents.fieldlabels import field_label
from backoffice_auto.documents.keymatch import KeyMatcher
from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.orders.validate import ReadRow

MSG_LOST_ZEROS = N_("{field} {written} was read as {key}, the code in the books: the spreadsheet stored it as a "
                    "number and dropped its leading zeros; format the column as text to keep them.")

_FIELDS = ("sku", "customer_id")


def books_codes(rows: Iterable[ReadRow], items: Mapping[str, object], customers: Mapping[str, object]) -> list[Problem]:
    """Replace each row's item code and customer number by the books' key it means; the notes."""
    matchers = {"sku": KeyMatcher(items), "customer_id": KeyMatcher(customers)}
    notes: list[Problem] = []
    said: set[tuple[str, str]] = set()
    for row in rows:
        for name in _FIELDS:
            written = row.values.get(name)
            key, how = matchers[name].find(written)
            if key is None or how == "exact":
                continue
            row.values[name] = key
            if how == "zeros" and (name, written) not in said:
                said.add((name, written))
                notes.append(Problem(MSG_LOST_ZEROS, row.cell(name), {"field": field_label(name), "written": written,
                                                                     "key": key}, level="info"))
    return notes
