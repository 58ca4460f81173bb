"""An unknown supplier added to the books from the review workbook, with its bill, in one job.

The clerk answers "yes" to "Add this supplier to the books" in the returned review
workbook; the details the reader found on the invoice (name, VAT id, IBAN, e-mail), as the
clerk corrected them, become the supplier's master-data record, and the held invoice is
entered against it in the same transaction: a refusal of the bill adds no supplier. One
round trip, no separate suppliers workbook, no PDF dropped again.

`supplier_record` is pure (checked values in, a record or problems out); `add_supplier`
is the edge that numbers the supplier and writes it.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.invoices.bills.suppliers import normalize_vat, vat_country
from backoffice_auto.invoices.extract.model import SupplierInfo

MSG_NEW_NAME = N_("the supplier cannot be added without a name: type it in the Corrected column of "
                  "'Supplier name', then drop the workbook into inbox/approvals/ again")
MSG_NEW_BAD = {
    "vat_id": N_("the supplier cannot be added: {value} is not a VAT ID; correct it in the Corrected column, "
                 "then drop the workbook into inbox/approvals/ again"),
    "iban": N_("the supplier cannot be added: {value} is not a valid IBAN; correct it in the Corrected column, "
               "then drop the workbook into inbox/approvals/ again"),
    "email": N_("the supplier cannot be added: {value} is not an e-mail address; correct it in the Corrected "
                "column, then drop the workbook into inbox/approvals/ again"),
}
MSG_ADDED = N_("supplier {supplier} ({name}) was added to the books from the review workbook")

FIELD_OF = {"iban": "supplier.iban", "email": "supplier.email", "vat_id": "supplier.vat_id", "name": "supplier.name"}


def supplier_record(info: SupplierInfo, supplier_id: str, *, where: Callable[[str], Source],
                    parse_iban: Callable[[Any], str], parse_email: Callable[[Any], str]) -> dict:
    """The suppliers row for `info` (refused, naming the cells, when a detail is not valid).

    `where(field)` is the cell a field's message names; the parsers are the books' own
    (schwifty for the IBAN), passed in so this stays a pure function.
    """
    problems: list[Problem] = []
    name = " ".join((info.name or "").split())
    if not name:
        problems.append(Problem(MSG_NEW_NAME, where("supplier.name")))
    record: dict[str, Any] = {"supplier_id": supplier_id, "name": name or None}
    vat = normalize_vat(info.vat_id)
    if vat and not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,13}", vat):
        problems.append(Problem(MSG_NEW_BAD["vat_id"], where("supplier.vat_id"), {"value": info.vat_id}))
    record["vat_id"] = vat
    for field, parse in (("iban", parse_iban), ("email", parse_email)):
        raw = getattr(info, field)
        if not raw:
            record[field] = None
            continue
        try:
            record[field] = parse(raw)
        except (ValueError, TypeError):
            problems.append(Problem(MSG_NEW_BAD[field], where(FIELD_OF[field]), {"value": raw}))
    if problems:
        raise Refusal(problems)
    country = vat_country(vat) or (record["iban"][:2] if record.get("iban") else None)
    record["country"] = country
    return record


def new_supplier_id(exists: Callable[[str], bool], count: int) -> str:
    """The next free ID in the demo books' form (`S21` after `S01`..`S20`)."""
    n = count + 1
    while exists(f"S{n:02d}"):
        n += 1
    return f"S{n:02d}"


def add_supplier(ctx, info: SupplierInfo, supplier_id: str | None, sources: Mapping[str, Source],
                 file_name: str) -> str:
    """Write the supplier into the books (inside the job's transaction); returns its ID."""
    from backoffice_auto.documents.values import parse_email, parse_iban

    books = ctx.books
    sid = supplier_id or new_supplier_id(lambda s: books.get("suppliers", s) is not None,
                                         len(books.rows("suppliers")))
    record = supplier_record(info, sid, where=lambda field: sources.get(field) or Source(file_name),
                             parse_iban=parse_iban, parse_email=parse_email)
    books.insert("suppliers", record)
    ctx.note(Problem(MSG_ADDED, Source(file_name), {"supplier": sid, "name": record["name"]}, level="info"))
    return sid
