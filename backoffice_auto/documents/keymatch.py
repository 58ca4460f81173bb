"""A code written in a sheet, matched to the books' own spelling of it.

The books compare keys without regard to case (`e001` is `E001`), but a dictionary
lookup by the written text does not: a timesheet row for `e001` was refused as 'not in
the books'. And a spreadsheet stores a code typed as digits as a number, dropping its
leading zeros: item `00123`, customer `0042` or employee `007` come back as `123`, `42`,
`7` (or a CSV opened and saved again loses them for good). A written code is matched to
the books' key exactly, else without regard to case, else, when it is all digits, to the
one key that is the same number with leading zeros; a match that is not unique is none.
Where asked (`separators=True`: a document number a clerk types, never an item code, whose
near twin may be another product), also to the one key with the same letters and digits in
the same order: `INV 2026 00006` or `inv/2026/00006` is `INV-2026-00006`.
"""

from __future__ import annotations

import re
from typing import Iterable

__all__ = ["KeyMatcher"]


class KeyMatcher:
    """The books' keys of one table, for finding a written code's key."""

    def __init__(self, keys: Iterable[str], *, separators: bool = False):
        self._keys = {k for k in keys if isinstance(k, str)}
        self._folded: dict[str, str | None] = {}
        self._unpadded: dict[str, str | None] = {}
        self._bare: dict[str, str | None] | None = {} if separators else None
        for key in self._keys:
            folded = key.casefold()
            self._folded[folded] = None if folded in self._folded and self._folded[folded] != key else key
            if self._bare is not None and (bare := _bare(key)):
                self._bare[bare] = None if bare in self._bare and self._bare[bare] != key else key
            if key.isdigit() and key.startswith("0"):
                bare = key.lstrip("0") or "0"
                self._unpadded[bare] = None if bare in self._unpadded else key

    def find(self, written: str | None) -> tuple[str | None, str]:
        """(the books' key, how: `exact`, `case` or `zeros`), or (None, "") when none fits."""
        if not isinstance(written, str) or not written:
            return None, ""
        if written in self._keys:
            return written, "exact"
        key = self._folded.get(written.casefold())
        if key is not None:
            return key, "case"
        if written.isdigit():
            key = self._unpadded.get(written.lstrip("0") or "0")
            if key is not None:
                return key, "zeros"
        if self._bare is not None and (bare := _bare(written)):
            key = self._bare.get(bare)
            if key is not None:
                return key, "separators"
        return None, ""


def _bare(text: str) -> str:
    return _SEPARATORS.sub("", text.casefold())


_SEPARATORS = re.compile(r"[\W_]+")
