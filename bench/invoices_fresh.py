"""Field accuracy on invoices in layouts and words the reader was not written for.

Draws N invoices with `tests/invoice_fresh.py` (English, Czech, Polish, Spanish, French;
other label synonyms, dates in words, every thousands separator, side-by-side supplier and
customer boxes, table cells, corrective invoices; a letterhead beside a box of fields, the
supplier only in the footer, two pages with the totals on the second, reverse charge, signs
on every amount, sums in words), prints them with fpdf2, reads each as
text only, and counts per field:

- right: the value read is the printed one;
- doubted: the value read is right but its confidence is under the review threshold
  (0.8), so a clerk is asked to confirm it;
- review: nothing read, or read with a confidence under the review threshold (0.8), so a
  clerk is asked;
- WRONG: a different value read with confidence, which would be entered silently: the
  figure that must stay at zero.

    python bench/invoices_fresh.py [N] [--seed S] [--verbose] [--lang cs]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from backoffice_auto.invoices.extract.read import extract_invoice  # noqa: E402
from invoice_fresh import LANGS, draw, render, truth  # noqa: E402

REVIEW_BELOW = 0.8
FIELDS = ("supplier.name", "supplier.vat_id", "invoice_number", "issue_date", "due_date", "currency", "net", "tax",
          "total", "supplier.iban", "payment_reference", "document_type")


def _get(inv, name):
    return getattr(inv.supplier, name.split(".")[1]) if name.startswith("supplier.") else getattr(inv, name)


def _same(name: str, got, want) -> bool:
    if name in ("supplier.vat_id", "supplier.iban"):  # a Polish NIP is read with its PL prefix
        plain = lambda v: re.sub(r"^PL(?=\d{10}$)", "", re.sub(r"\W", "", str(v or "")).upper())  # noqa: E731
        return plain(got) == plain(want)
    if name == "payment_reference":  # '/VS/20260815' for a Czech variable symbol
        return re.sub(r"^/VS/|\W", "", str(got or "")) == re.sub(r"\W", "", str(want or ""))
    return got == want


def judge(inv, want: dict, fields=FIELDS, get=_get, conf=None, unsure_empty_is_right: bool = False) -> dict[str, str]:
    """Per field: right, doubted, review or WRONG (see the docstring). `get`/`conf` read a field's
    value and confidence (default: the invoice's own); `unsure_empty_is_right`: a value read
    where none is printed counts as right when its confidence sends it to review."""
    conf = conf or (lambda invoice, name: invoice.confidence.get(name))
    out = {}
    for name in fields:
        got, expected, sure = get(inv, name), want[name], conf(inv, name)
        if expected is None:
            unsure = unsure_empty_is_right and sure is not None and sure < REVIEW_BELOW
            out[name] = "right" if got is None or unsure else "WRONG"
            continue
        if _same(name, got, expected):
            out[name] = "right" if sure is None or sure >= REVIEW_BELOW else "doubted"
        elif got is None or (sure is not None and sure < REVIEW_BELOW):
            out[name] = "review"
        else:
            out[name] = "WRONG"
    return out


def run(name: str, seed: int, draw, render, truth, judge_one, describe, fields=FIELDS) -> int:
    """The bench's command line and table: N invoices drawn, printed, read and judged by
    `judge_one(inv, want)`; `describe(spec)` names an invoice's kind in the misses listed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=100)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--lang", choices=LANGS)
    parser.add_argument("--dump", type=int, help=f"write invoice number DUMP to /tmp/{name}-DUMP.pdf")
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
            Path(f"/tmp/{name}-{i}.pdf").write_bytes(pdf)
        inv = extract_invoice(pdf, f"{name}-{i}.pdf", templates=None, use_embedded=False)
        want = truth(spec)
        for field, (verdict, read, sure) in judge_one(inv, want).items():
            table[field][verdict] += 1
            if verdict != "right":
                misses.append(f"#{i} {describe(spec)}: {field} {verdict}: read {read!r} ({sure}), printed {want[field]!r}")
    print(f"{'field':20} {'right':>7} {'doubted':>7} {'review':>7} {'WRONG':>7}   (of {args.count})")
    totals: dict[str, int] = defaultdict(int)
    for field in fields:
        row = table[field]
        for k, val in row.items():
            totals[k] += val
        print(f"{field:20} {row['right']:7} {row['doubted']:7} {row['review']:7} {row['WRONG']:7}")
    allf = sum(totals.values())
    print(f"{'all fields':20} {totals['right']:7} {totals['doubted']:7} {totals['review']:7} {totals['WRONG']:7}")
    print(f"right and sure {100 * totals['right'] / allf:.1f} %, right {100 * (totals['right'] + totals['doubted']) / allf:.1f} %"
          f", silently wrong {100 * totals['WRONG'] / allf:.1f} %")
    if args.verbose:
        print("\n".join(misses))
    return 0


def main() -> int:
    def judged(inv, want):
        return {name: (verdict, _get(inv, name), inv.confidence.get(name))
                for name, verdict in judge(inv, want).items()}

    return run("fresh", 1207, draw, render, truth, judged,
               lambda spec: f"{spec.lang} {spec.layout} {spec.kind} {spec.number_style}")


if __name__ == "__main__":
    sys.exit(main())
