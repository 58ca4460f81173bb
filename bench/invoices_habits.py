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

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from backoffice_auto.invoices.extract.read import extract_invoice  # noqa: E402
from backoffice_auto.terms.payment import TermsError, apply_terms, parse_terms  # noqa: E402
from invoice_fresh import LANGS  # noqa: E402
from invoice_habits import draw, render, truth  # noqa: E402
from invoices_fresh import REVIEW_BELOW, _same  # noqa: E402

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


def judge(inv, want: dict) -> dict[str, str]:
    out = {}
    for name in FIELDS:
        got, expected, conf = _get(inv, name), want[name], _conf(inv, name)
        if expected is None:
            out[name] = "right" if got is None or (conf is not None and conf < REVIEW_BELOW) else "WRONG"
            continue
        if _same(name, got, expected):
            out[name] = "right" if conf is None or conf >= REVIEW_BELOW else "doubted"
        elif got is None or (conf is not None and conf < REVIEW_BELOW):
            out[name] = "review"
        else:
            out[name] = "WRONG"
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--lang", choices=LANGS)
    parser.add_argument("--dump", type=int, help="write invoice number DUMP to /tmp/habits-DUMP.pdf")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses = []
    for i in range(args.count):
        spec = draw(rng, args.lang or LANGS[i % len(LANGS)])
        if args.dump is not None and i != args.dump:
            continue
        pdf = render(spec)
        if args.dump is not None:
            Path(f"/tmp/habits-{i}.pdf").write_bytes(pdf)
        inv = extract_invoice(pdf, f"habits-{i}.pdf", templates=None, use_embedded=False)
        want = truth(spec)
        habits = ",".join(k for k, v in vars(spec).items() if v is True or k in ("discount_pct", "deposit", "irpf") and v)
        for name, verdict in judge(inv, want).items():
            table[name][verdict] += 1
            if verdict != "right":
                misses.append(f"#{i} {spec.lang} [{habits}]: {name} {verdict}: read {_get(inv, name)!r} "
                              f"({_conf(inv, name)}), printed {want[name]!r}")
    print(f"{'field':20} {'right':>7} {'doubted':>7} {'review':>7} {'WRONG':>7}   (of {args.count})")
    totals: dict[str, int] = defaultdict(int)
    for name in FIELDS:
        row = table[name]
        for k, val in row.items():
            totals[k] += val
        print(f"{name:20} {row['right']:7} {row['doubted']:7} {row['review']:7} {row['WRONG']:7}")
    allf = sum(totals.values())
    print(f"{'all fields':20} {totals['right']:7} {totals['doubted']:7} {totals['review']:7} {totals['WRONG']:7}")
    print(f"right and sure {100 * totals['right'] / allf:.1f} %, right {100 * (totals['right'] + totals['doubted']) / allf:.1f} %"
          f", silently wrong {100 * totals['WRONG'] / allf:.1f} %")
    if args.verbose:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
