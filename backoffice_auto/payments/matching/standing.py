"""The open items as a run changes them, kept beside the invoices as they came in.

Why a module of its own: a run of 100,000 payments against 100,000 invoices changes a few
thousand invoices one by one and pays most of the rest in bulk. Dicts of every invoice
number (the invoices as they stand, the bulk payment paying each) took some 40 ms of such
a 0.6 s run to build and are read a few thousand times; these mappings answer the same
questions from the invoice columns (the numbers' positions, the invoices' list, the bulk
payments by invoice position) plus the changes made so far. The dict of every invoice as
it stands is made once, when the run's result is asked for it (`as_dict`).
"""

from __future__ import annotations

from typing import Iterator, Mapping, Sequence

import numpy as np

from backoffice_auto.payments.matching.columns import pick
from backoffice_auto.payments.matching.records import OpenInvoice


class ByNumber(Mapping[str, OpenInvoice]):
    """Invoice number -> the invoice as it came in, read through the numbers' positions."""

    def __init__(self, position: Mapping[str, int], invoices: Sequence[OpenInvoice]):
        self._position, self._invoices = position, invoices

    def __getitem__(self, number: str) -> OpenInvoice:
        return self._invoices[self._position[number]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)


class Standing(ByNumber):
    """Invoice number -> the invoice as it stands: the changed ones, else as it came in; as
    the dict of every invoice it replaces reads and writes (numbers are never added)."""

    def __init__(self, position: Mapping[str, int], invoices: Sequence[OpenInvoice]):
        super().__init__(position, invoices)
        self._changes: dict[str, OpenInvoice] = {}

    def __getitem__(self, number: str) -> OpenInvoice:
        inv = self._changes.get(number)
        return inv if inv is not None else self._invoices[self._position[number]]

    def get(self, number: str, default: OpenInvoice | None = None) -> OpenInvoice | None:
        inv = self._changes.get(number)
        if inv is not None:
            return inv
        x = self._position.get(number)
        return default if x is None else self._invoices[x]

    def __setitem__(self, number: str, inv: OpenInvoice) -> None:
        if number not in self._position:
            raise KeyError(number)
        self._changes[number] = inv

    def __contains__(self, number: object) -> bool:
        return number in self._position

    def as_dict(self) -> dict[str, OpenInvoice]:
        """Every invoice as it stands, in the invoices' order."""
        out = dict(zip(self._position, self._invoices))
        out.update(self._changes)
        return out


class Pending:
    """The invoices paid in bulk, each with the booking position of the payment paying it,
    as a dict of invoice number -> position would hold them, but kept by invoice position
    in an array (-1: none): the bulk path pays most of 100,000 invoices, and a dict of
    them cost some 25 ms of a 0.6 s run to build while the run looks up a few thousand."""

    def __init__(self, position: Mapping[str, int], numbers: Sequence[str], paid_at: np.ndarray):
        self._position, self._numbers, self._at = position, numbers, paid_at

    def get(self, number: str, default: int | None = None) -> int | None:
        x = self._position.get(number)
        if x is None:
            return default
        t = self._at.item(x)
        return default if t < 0 else t

    def __contains__(self, number: str) -> bool:
        return self.get(number) is not None

    def __setitem__(self, number: str, t: int) -> None:
        self._at[self._position[number]] = t

    def __delitem__(self, number: str) -> None:
        x = self._position.get(number)
        if x is None or self._at.item(x) < 0:
            raise KeyError(number)
        self._at[x] = -1

    def __iter__(self) -> Iterator[str]:
        return iter(pick(self._numbers, np.flatnonzero(self._at >= 0).tolist()))

    def __len__(self) -> int:
        return int((self._at >= 0).sum())

    def values(self) -> list[int]:
        return self._at[self._at >= 0].tolist()

    def copy(self) -> "Pending":
        return Pending(self._position, self._numbers, self._at.copy())
