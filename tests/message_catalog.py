"""Every user-facing msgid of the package, rendered in the five languages: `tests/errors/messages/`.

The real-input catalogues (`tests/errors/documents`, `bank`, `rules`) show what a reader
says for a given bad file; this one covers every message, whichever part says it, so a
translator or reviewer reads each one once in en, cs, pl, es and fr with its placeholders
filled in. The values are chosen by placeholder name (`{net}` an amount, `{due}` a date,
`{count}` a whole number, anything else a short text), passed as the types the code
passes them, so numbers and dates come out as the workspace locale writes them
(`1 234,56`, `3. 12. 2026`).

One file per gettext domain: `tests/errors/messages/<domain>.txt`. Regenerate with
`BACKOFFICE_UPDATE_EXPECTED=1 pytest tests/test_errors_catalog.py` and read the diff.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from backoffice_auto.errors import Problem, _plain
from backoffice_auto.i18n import catalogs, ntranslate
from backoffice_auto.i18n.extract import extract, placeholder_names

FOLDER = Path(__file__).resolve().parent / "errors" / "messages"
LANGUAGES = ("en", "cs", "pl", "es", "fr")

AMOUNT = Decimal("1234.56")
DAY = dt.date(2026, 12, 3)
AMOUNTS = {
    "net", "total", "amount", "gross", "tax", "difference", "expected", "balance", "previous", "opening",
    "closing", "movement", "stated", "counted", "fee", "open", "excess", "billed", "sum", "price", "ordered",
    "quantity", "received", "hours", "size_mb", "limit_mb", "tolerance", "pct", "rate", "ratio", "score",
    "confidence", "threshold", "fill_rate", "seconds", "discount", "payable", "prepaid", "rounding", "withheld",
}
DATES = {"date", "day", "due", "due_date", "issue", "start", "end", "order_date", "earliest", "latest", "middle"}
COUNTS = {
    "count", "n", "rows", "lines", "row", "line", "days", "limit", "index", "length", "digits", "pending", "sent",
    "failed", "retrying", "jobs", "files", "pid", "weeks", "minutes", "pages", "width", "added", "changed",
    "unchanged", "employees", "transfers", "bills", "orders", "invoices", "held", "refused", "shipped",
    "backordered", "cells", "low", "high", "discount_days", "delivered", "interrupted",
}
TEXTS = {
    "file": "objednavka.xlsx", "sku": "SKU-0004", "sheet": "Objednávky", "currency": "EUR", "country": "CZ",
    "iban": "CZ6508000000192000145399", "job": "000017", "time": "08:30", "column": "C", "cell": "C14",
    "field": "Cena", "header": "Cena/ks", "supplier": "Papírny Šumava", "customer": "Pekárna Novák",
    "name": "Jana Nováková", "order_id": "OBJ-2026-17", "customer_id": "C-104", "employee_id": "E-7",
}


def sample(name: str):
    """A value for placeholder `name`, of the type the code passes for it."""
    if name in AMOUNTS:
        return AMOUNT
    if name in DATES:
        return DAY
    if name in COUNTS:
        return 3
    return TEXTS.get(name, "ABC-17")


def domains() -> dict[str, str]:
    """msgid -> the domain whose `.po` files translate it (the first, in the catalogs' order)."""
    found: dict[str, str] = {}
    for entry in catalogs().entries:
        if entry.language == "cs":
            found.setdefault(entry.msgid, entry.domain)
    return found


def render(msgid: str, plural: str | None, language: str) -> str:
    params = {name: sample(name) for name in placeholder_names(msgid + (plural or "")) if name}
    if plural:
        n = params.pop("n", 3)
        return ntranslate(msgid, plural, n, language, **{k: _plain(v, language) for k, v in params.items()})
    return Problem(msgid, None, params).text(language)


def catalogue() -> dict[str, str]:
    """domain -> the text of its catalogue file."""
    uses, _ = extract()
    owner = domains()
    seen: set[str] = set()
    blocks: dict[str, list[str]] = defaultdict(list)
    for use in sorted(uses, key=lambda u: u.msgid):
        if use.msgid in seen:
            continue
        seen.add(use.msgid)
        lines = [f"msgid: {use.msgid}"]
        if use.plural:
            lines.append(f"plural: {use.plural}")
        lines += [f"{language}: {render(use.msgid, use.plural, language)}" for language in LANGUAGES]
        blocks[owner.get(use.msgid, "untranslated")].append("\n".join(lines) + "\n")
    return {domain: "\n".join(items) for domain, items in sorted(blocks.items())}


def stored() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(FOLDER.glob("*.txt"))}


def msgids_of(text: str) -> list[str]:
    return [line[len("msgid: "):] for line in text.splitlines() if line.startswith("msgid: ")]
