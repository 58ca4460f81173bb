"""Mail speed: 10,000 payslip mails rendered (.eml) and spooled, against the 3 s target.

    python bench/mail_bench.py [--mails 10000] [--profile]

Builds real payslip messages (`payroll.mailing.payslip_message`, the five languages, no
PDF) and times, in the same run:
- rendering them with the mail package (`mail.spool.render_job_mail`): one .eml per
  recipient, as a job stages them;
- writing them as the pipeline does: into a staging folder, then renamed into
  `outbox/mail/pending/` (the spool);
and prints each figure with its ratio to the issue's target (10,000 mails in 3 s), and
the cost per mail. `--profile` prints the top of a cProfile of the rendering.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from backoffice_auto.mail.render import render_eml_email_package
from backoffice_auto.mail.spool import render_job_mail
from backoffice_auto.payroll.mailing import payslip_message
from backoffice_auto.payroll.model import PayLine, Payslip
from backoffice_auto.rules.loader import Rules

TARGET_S = 3.0  # issue 9: 10,000 mails rendered and spooled
TARGET_MAILS = 10_000
LANGUAGES = ("en", "cs", "pl", "es", "fr")
NAMES = ("Jiří Růžička", "Łukasz Wróbel", "Ana Núñez", "Zoé Lefèvre", "Ann Smith")


def messages(n: int) -> list:
    rng = random.Random(9)
    out = []
    for i in range(1, n + 1):
        gross = Decimal(rng.randrange(150_000, 600_000)) / 100
        slip = Payslip(f"E{i:05d}", "2026-03-02/2026-03-15", date(2026, 3, 2), date(2026, 3, 15), "EUR", {},
                       [PayLine("straight_time", Decimal(80), Decimal("20.00"), gross)], [])
        employee = {"employee_id": slip.employee_id, "name": f"{NAMES[i % 5]} {i}", "email": f"e{i}@bench.example"}
        out.append(payslip_message(slip, employee, LANGUAGES[i % 5], None))
    return out


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cpu_timed(fn):
    """Wall-clock and CPU seconds (the CPU figure is steadier on a machine shared with others)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - start, time.process_time() - cpu, value


def spool(files: list[tuple[str, bytes]], root: Path) -> None:
    """As the pipeline: staged files first, renamed into pending/ after the commit."""
    staging, pending = root / "staging" / "mail", root / "outbox" / "mail" / "pending"
    staging.mkdir(parents=True)
    pending.mkdir(parents=True)
    for name, data in files:
        (staging / name).write_bytes(data)
    for name, _ in files:
        os.replace(staging / name, pending / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=TARGET_MAILS)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    rules = Rules.defaults()
    t_build, msgs = timed(lambda: messages(args.mails))
    print(f"{args.mails} payslip messages built in {t_build:.2f} s (not counted)")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        render_job_mail(msgs, "J-bench", None, rules)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    t_render, c_render, files = cpu_timed(lambda: render_job_mail(msgs, "J-bench", None, rules))
    root = Path(tempfile.mkdtemp(prefix="mail-bench-"))
    try:
        t_spool, c_spool, _ = cpu_timed(lambda: spool(files, root))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    sample = msgs[: min(300, len(msgs))]
    t_ref, c_ref, _ = cpu_timed(lambda: [render_eml_email_package(
        m, recipient=m.to[0], to=list(m.to), cc=[], sender="backoffice@localhost", job_id="J-bench",
        key=m.key, attachments=[]) for m in sample])
    total, cpu = t_render + t_spool, c_render + c_spool
    scale = TARGET_MAILS / args.mails
    print(f"rendered (.eml):      {t_render:7.2f} s  ({t_render / args.mails * 1000:.3f} ms a mail; "
          f"CPU {c_render:.2f} s)")
    print(f"spooled (write+move): {t_spool:7.2f} s  ({t_spool / args.mails * 1000:.3f} ms a mail; "
          f"CPU {c_spool:.2f} s)")
    print(f"  for comparison, the email package: {t_ref / len(sample) * 1000:.3f} ms a mail "
          f"(CPU {c_ref / len(sample) * 1000:.3f} ms; {len(sample)} mails)")
    print(f"rendered and spooled: {total:7.2f} s for {args.mails} mails = {total * scale:.2f} s for "
          f"{TARGET_MAILS}; target {TARGET_S:.1f} s: ratio {total * scale / TARGET_S:.2f} (at most 1.00)")
    print(f"  in CPU seconds:     {cpu:7.2f} s = {cpu * scale:.2f} s for {TARGET_MAILS}: "
          f"ratio {cpu * scale / TARGET_S:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
