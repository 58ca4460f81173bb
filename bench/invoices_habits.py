"""Field accuracy on invoices with small suppliers' habits (`tests/invoice_habits.py`).

The date of issue only after the place ("V Brně dne ..."), the due date only as days, a
discount line, gross-first totals with "of which VAT", a deposit deducted, Spanish IRPF
withheld, two bank accounts in the footer, national company numbers beside the VAT id. Each
invoice is printed with fpdf2 and read as text only; per field (as `invoices_fresh.py`):
right, doubted (right but under the 0.8 review threshold), review (nothing, or unsure) and
WRONG (another value, read sure: what must stay at zero). `due_date` is judged as the bill
gets it: the date read, else the issue date read plus the terms read; `payable` is what the
bill asks to be paid.

    python bench/invoices_habits.py [N] [--seed S] [--verbose] [--lang cs] [--dump I]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from backoffice_auto.terms.payment import TermsError, apply_terms, parse_terms  # noqa: E402
from invoice_habits import draw, render, truth  # noqa: E402
from invoices_fresh import judge, run  # noqa: E402

FIELDS = ("supplier.name", "supplier.vat_id", "invoice_number", "issue_date", "due_date", "currency", "net", "tax",
          "total", "supplier.iban", "payment_reference", "document_type", "payable")


def _get(inv, name):
    if name.startswith("supplier."):
        return getattr(inv.supplier, name.split(".")[1])
    if name == "due_date" and inv.due_date is None and inv.issue_date and inv.payment_terms:
        try:
            return apply_terms(inv.issue_date, inv.total or 0, parse_terms(inv.payment_terms), 2).due_date
        except (TermsError, ValueError):
            return None
    return getattr(inv, name)


def _conf(inv, name):
    if name == "payable":
        parts = [inv.confidence.get(f) for f in ("amount_due", "total") if inv.confidence.get(f) is not None]
        return parts[0] if parts else None
    if name == "due_date" and inv.due_date is None:  # the bill takes the terms read whatever their confidence
        return inv.confidence.get("issue_date")
    return inv.confidence.get(name)


def main() -> int:
    def judged(inv, want):
        verdicts = judge(inv, want, FIELDS, _get, _conf, unsure_empty_is_right=True)
        return {name: (verdict, _get(inv, name), _conf(inv, name)) for name, verdict in verdicts.items()}

    def habits(spec) -> str:
        return ",".join(k for k, v in vars(spec).items() if v is True or k in ("discount_pct", "deposit", "irpf") and v)

    return run("habits", 1, draw, render, truth, judged, lambda spec: f"{spec.lang} [{habits(spec)}]", FIELDS)


if __name__ == "__main__":
    sys.exit(main())
