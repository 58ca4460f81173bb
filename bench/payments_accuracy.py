"""Accuracy of automatic postings of incoming payments, on generated statements with known matches.

Precision: of the payments posted automatically, the share posted to exactly the invoices
intended. Recall: of the payments a careful clerk would post without looking, the share
posted automatically (to the right invoices). Target of issue 11: precision 100 %, recall
at least 97 %. Per case kind, the misses are listed.

    python bench/payments_accuracy.py [--seeds 20] [--payments 800]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from payments_generator import generate, score  # noqa: E402

from backoffice_auto.payments.matching.engine import Matcher  # noqa: E402
from backoffice_auto.payments.rules_model import MatchingRules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--payments", type=int, default=800)
    args = parser.parse_args()
    matcher = Matcher(MatchingRules())
    posted = correct = should = 0
    missed: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    wrong: list[str] = []
    for seed in range(args.seeds):
        gen = generate(seed=seed, payments=args.payments)
        results = matcher.run(gen.payments, gen.invoices, gen.customers).results
        s = score(gen, results)
        posted, correct, should = posted + s.posted, correct + s.correct, should + s.should_post
        wrong += [f"seed {seed}: {w}" for w in s.wrong]
        by_id = {r.transaction_id: r for r in results}
        for case in gen.cases:
            kinds[case.kind] += 1
            if case.clerk_posts and not by_id[case.payment.transaction_id].posted:
                missed[case.kind] += 1
    precision = correct / posted if posted else 1.0
    recall = correct / should if should else 1.0
    print(f"payments: {sum(kinds.values())} in {args.seeds} generated statements")
    print(f"case kinds: {dict(sorted(kinds.items()))}")
    print(f"posted automatically: {posted}, of which right: {correct}; a careful clerk would post: {should}")
    print(f"precision: {precision:.2%} (target 100 %)")
    print(f"recall:    {recall:.2%} (target >= 97 %)")
    if missed:
        print(f"not posted (suggested instead), by kind: {dict(sorted(missed.items()))}")
    for line in wrong[:20]:
        print("WRONG", line)


if __name__ == "__main__":
    main()
