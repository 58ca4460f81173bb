"""Precision and recall of automatic postings on adversarial statements (tests/payments_adversarial.py).

Scenarios unlike the first generator's: references typed as customers type them in five
languages and numberings, payments for another customer, one invoice's amount naming
another, late discounts, fees above the tolerance, refunds, lines sent twice, names of two
customers, long texts full of numbers, numbers that are substrings of others, dates,
amounts and accounts that look like invoice numbers, other currencies, JPY, KWD, BHD.
Every wrong posting and every miss is listed.

    python bench/payments_adversarial.py [--seeds 30] [--per-row]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from payments_adversarial import Tally, generate, judge  # noqa: E402

from backoffice_auto.payments.matching.engine import Matcher  # noqa: E402
from backoffice_auto.payments.rules_model import MatchingRules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--per-row", action="store_true", help="decide every payment one by one")
    parser.add_argument("--misses", action="store_true", help="list the payments not posted that should be")
    args = parser.parse_args()
    matcher = Matcher(MatchingRules(), bulk=not args.per_row)
    tally = Tally()
    for seed in range(args.seeds):
        for sc in generate(seed):
            judge(sc, matcher.run(sc.payments, sc.invoices, sc.customers).results, tally)
    print(f"posted automatically: {tally.posted}, right: {tally.right} ({tally.optional} acceptable, not expected);"
          f" a careful clerk would post: {tally.should}")
    print(f"precision: {tally.precision:.2%}   recall: {tally.recall:.2%}")
    for line in sorted(set(w.split(" ", 1)[0] for w in tally.wrong)):
        print(f"WRONG in {line}: {sum(w.startswith(line + ' ') for w in tally.wrong)}")
    for line in tally.wrong[:40]:
        print("WRONG", line)
    if args.misses:
        for line in tally.missed:
            print("MISSED", line)
    else:
        print(f"missed: {len(tally.missed)} (--misses lists them)")


if __name__ == "__main__":
    main()
