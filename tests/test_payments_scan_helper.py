"""A large run's reference scan in the helper process decides exactly what the run alone decides.

`reference_scan.scan_references` over every payment's text in the caller's order, carried
between processes as bytes and put in booking order, must equal the scan of the run's
payments in booking order (property test over texts full of references, bare variable
symbols, RF references, known numbers, typos and invoice numbers sharing keys). A whole
run with the real helper process must decide as a run without it; and whatever happens to
the helper (stopped, killed, idle, its run's process killed) a run still decides the same,
and no helper outlives the process that started it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payments_generator import generate
from test_payments_matching_bulk import assert_same
from test_watch_support import wait_for

from backoffice_auto.payments.matching import scan_helper
from backoffice_auto.payments.matching.engine import Matcher
from backoffice_auto.payments.matching.reference_scan import (ReferenceScan, scan_references, strings_from_wire,
                                                              strings_to_wire)
from backoffice_auto.payments.matching.refs import Extractor, rf_reference
from backoffice_auto.payments.rules_model import MatchingRules

NUMBERS = ["INV-2026-00012", "INV-2026-00021", "INV-2026-00112", "FA-2026-0042", "FA/2026/0042", "2026-0042",
           "INV-2026-00013", "ZX-44"]
FRAGMENTS = ["INV-2026-00012", "inv 2026/0012", "INV-2026-00102", rf_reference("INV-2026-00021"), "VS: 0042",
             "/INV/FA-2026-0042/", "FA 2026 0042", "202600012", "0042", " 0042 ", "ZX-44", "ıſß", "é", "\x1e",
             "\n\x1f\n", "INV-2026-", "Zahlung ", "a", " ", "-", "RF", "00013", "INV-2026-00031", "\udcff"]


def _fields(scan: ReferenceScan) -> dict:
    tok, hits = scan.tokens, scan.hits
    return {"t": tok.t.tolist(), "order": tok.order.tolist(), "code": tok.code.tolist(), "raw": list(tok.raw),
            "kind": list(tok.kind), "name": list(tok.name), "hits": (hits.t.tolist(), hits.invoice.tolist(),
                                                                    hits.row.tolist()), "typos": scan.typos()}


def _check(texts, numbers, kept, chunk=8000):
    """`kept`: booking position -> the text's index in the caller's order."""
    ex = Extractor(MatchingRules())
    ex.CHUNK = chunk
    where = np.full(len(texts), -1, dtype=np.int64)
    where[kept] = np.arange(len(kept))
    expected = _fields(scan_references(ex, [texts[i] or "" for i in kept], numbers, 8))
    everything = scan_references(ex, [t or "" for t in texts], numbers, 8)
    assert _fields(everything.in_booking_order(where, ex.patterns)) == expected
    carried = ReferenceScan.from_wire(everything.to_wire(), ex.patterns)  # as the helper sends it
    assert _fields(carried.in_booking_order(where, ex.patterns)) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join)), max_size=25),
       st.lists(st.sampled_from(NUMBERS), max_size=8), st.randoms(use_true_random=False), st.integers(1, 6))
def test_the_scan_of_every_text_put_in_booking_order_is_the_scan_of_the_run(texts, numbers, rng, chunk):
    kept = [i for i in range(len(texts)) if rng.random() < 0.8]  # the rest: debits, locked
    rng.shuffle(kept)  # chunks cut anywhere: each text is scanned on its own all the same
    _check(texts, numbers, kept, chunk)


@pytest.mark.parametrize("kept", [[0, 1, 2], [2, 1, 0], [1, 2], [2, 0]])
def test_bare_variable_symbols_and_known_numbers_keep_their_places(kept):
    """The findings of the patterns come first, then the bare variable symbols, then the
    numbers found as written, each by payment; the hits too, unless a number was found as
    written (then all by payment): the orders the run's own scan gives."""
    _check(["202600012", "Invoice INV-2026-00021", "paid 2026-0042 thanks"], NUMBERS, kept)
    _check(["202600012", "Invoice INV-2026-00021", "rent"], NUMBERS, kept)


@given(st.lists(st.text(st.characters(blacklist_categories=())), max_size=20))
def test_strings_cross_as_written(strings):
    assert strings_from_wire(strings_to_wire(strings)) == strings


def test_strings_holding_the_separator_cross_by_their_lengths():
    strings = ["a\x1eb", "", "\udcff\x1e", "Zahlung Rechnung 42"]
    wire = strings_to_wire(strings)
    assert wire[:1] == b"L" and strings_from_wire(wire) == strings
    for cut in (wire[:-1], wire[:12], b"L" + wire[1:9] + b"\xff" * 8 + wire[17:]):
        with pytest.raises(ValueError):
            strings_from_wire(cut)


def test_a_cut_scan_is_refused_not_read():
    ex = Extractor(MatchingRules())
    wire = scan_references(ex, ["INV-2026-00012", "VS 42"], ["INV-2026-00012"], 8).to_wire()
    for broken in (wire[:-1], wire[:3] + [wire[3][:-8]] + wire[4:], wire[:-1] + [wire[-1][:-3]]):
        with pytest.raises(ValueError):
            ReferenceScan.from_wire(broken, ex.patterns)


# --------------------------------------------------------------------------- the real helper process


@pytest.fixture
def helper(monkeypatch):
    """The helper process used from 10 payments on; stopped afterwards."""
    monkeypatch.setattr(scan_helper, "FROM", 10)
    monkeypatch.delenv("BACKOFFICE_SCAN_HELPER", raising=False)
    yield
    scan_helper._shared().stop()


def _statement(seed=3):
    gen = generate(seed=seed, payments=400)
    payments = list(gen.payments)
    random.Random(seed).shuffle(payments)  # the caller's order is not the booking order
    locked = [p.transaction_id for p in payments[::9]]
    return payments, gen.invoices, gen.customers, locked


def _ready():
    wait_for(scan_helper._shared().usable, timeout=60, what="the helper process ready")


def test_a_run_with_the_helper_decides_as_one_without_it(helper, monkeypatch):
    payments, invoices, customers, locked = _statement()
    monkeypatch.setenv("BACKOFFICE_SCAN_HELPER", "off")
    alone = Matcher(MatchingRules()).run(payments, invoices, customers, locked)
    monkeypatch.delenv("BACKOFFICE_SCAN_HELPER")
    _ready()
    before = scan_helper.taken
    helped = Matcher(MatchingRules()).run(payments, invoices, customers, locked)
    assert scan_helper.taken == before + 1  # the scan came from the helper
    assert_same(helped, alone)
    assert helped.bulk_rows > 0
    # other rules (patterns of their own) in the same helper, and again the first rules
    rules = MatchingRules.model_validate({"references": [{"name": "order", "pattern": r"ORDER\s*(\d{4,})"}]})
    monkeypatch.setenv("BACKOFFICE_SCAN_HELPER", "off")
    alone_other = Matcher(rules).run(payments, invoices, customers)
    monkeypatch.delenv("BACKOFFICE_SCAN_HELPER")
    assert_same(Matcher(rules).run(payments, invoices, customers), alone_other)
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)
    assert scan_helper.taken == before + 3


def test_a_stopped_helper_costs_the_run_its_wait_and_nothing_else(helper, monkeypatch):
    payments, invoices, customers, locked = _statement(seed=5)
    alone = Matcher(MatchingRules(), bulk=False).run(payments, invoices, customers, locked)
    _ready()
    proc = scan_helper._shared().proc
    os.kill(proc.pid, signal.SIGSTOP)  # alive, reading nothing, answering nothing
    monkeypatch.setattr(scan_helper, "WAIT", 0.5)
    before = scan_helper.taken
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)  # scanned here
    assert scan_helper.taken == before
    assert proc.wait(10) is not None  # the stopped helper was put down; a later run starts another
    assert scan_helper._shared().proc is None


def test_a_late_helper_is_waited_for_once_the_run_has_done_what_it_can_meanwhile(helper):
    """The helper held back (a busy machine): the run makes what it needs later (the
    customers' name index, the invoices' amounts sorted), then takes the helper's scan."""
    payments, invoices, customers, locked = _statement(seed=7)
    alone = Matcher(MatchingRules(), bulk=False).run(payments, invoices, customers, locked)
    _ready()
    proc = scan_helper._shared().proc
    os.kill(proc.pid, signal.SIGSTOP)
    threading.Timer(0.5, os.kill, (proc.pid, signal.SIGCONT)).start()
    before = scan_helper.taken
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)
    assert scan_helper.taken == before + 1


def test_a_helper_that_stops_reading_is_not_waited_for_while_sending(helper, monkeypatch):
    """More text than a pipe holds, to a helper that reads none of it: the run gives up
    sending after `WAIT` (it would otherwise wait for ever in the write)."""
    _ready()
    proc = scan_helper._shared().proc
    os.kill(proc.pid, signal.SIGSTOP)
    monkeypatch.setattr(scan_helper, "WAIT", 0.5)
    texts = [f"Invoice INV-2026-{k:05d} paid with thanks" for k in range(60_000)]  # 2.4 MB: more than a pipe holds
    assert scan_helper.submit(b"rules", texts, ["INV-2026-00001"]) is None
    assert proc.wait(10) is not None
    assert scan_helper._shared().proc is None


def test_a_helper_killed_or_gone_idle_is_started_again_and_runs_decide_the_same(helper, monkeypatch):
    payments, invoices, customers, locked = _statement(seed=11)
    alone = Matcher(MatchingRules(), bulk=False).run(payments, invoices, customers, locked)
    _ready()
    first = scan_helper._shared().proc
    first.kill()
    first.wait()
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)  # scanned here
    _ready()
    assert scan_helper._shared().proc.pid != first.pid
    scan_helper._shared().stop()
    monkeypatch.setattr(scan_helper, "IDLE", 0.5)
    _ready()
    idle = scan_helper._shared().proc
    wait_for(lambda: idle.poll() is not None, timeout=30, what="the idle helper gone")
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)
    _ready()
    before = scan_helper.taken
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)
    assert scan_helper.taken == before + 1


def test_no_helper_outlives_the_process_that_started_it(tmp_path):
    """The run's process killed with SIGKILL: its helper (in a session of its own, so no
    signal of the terminal reaches it) sees its pipe close and exits."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(os.path.dirname(__file__))!r})
        from payments_generator import generate
        from backoffice_auto.payments.matching import scan_helper
        from backoffice_auto.payments.matching.engine import Matcher
        from backoffice_auto.payments.rules_model import MatchingRules
        scan_helper.FROM = 10
        gen = generate(seed=1, payments=200)
        while scan_helper.taken == 0:
            Matcher(MatchingRules()).run(gen.payments, gen.invoices, gen.customers)
            time.sleep(0.05)
        print(scan_helper._helper.proc.pid, flush=True)
        time.sleep(600)
    """))
    env = {k: v for k, v in os.environ.items() if k != "BACKOFFICE_SCAN_HELPER"}
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        pid = int(run.stdout.readline())
        os.kill(pid, 0)  # the helper is there
    finally:
        run.kill()
        run.wait()
    def gone():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with open(f"/proc/{pid}/stat") as f:  # exited, not yet reaped by init: a zombie
            return f.read().split(")")[-1].split()[0] == "Z"
    wait_for(gone, timeout=30, what="the helper gone with its run's process")


def test_a_large_statement_read_starts_the_helper_before_its_matching(helper, monkeypatch):
    """`warm`: the helper starts while the statement is booked, so that even the first
    large run of a process has it (and a small statement starts none)."""
    scan_helper._shared().stop()
    scan_helper.warm(9)
    assert scan_helper._shared().proc is None
    scan_helper.warm(10)
    assert scan_helper._shared().proc is not None
    _ready()
    payments, invoices, customers, locked = _statement(seed=2)
    before = scan_helper.taken
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked),
                Matcher(MatchingRules(), bulk=False).run(payments, invoices, customers, locked))
    assert scan_helper.taken == before + 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.lists(st.binary(max_size=40), min_size=10, max_size=10))
def test_bytes_that_are_no_scan_are_refused_with_valueerror(data, parts):
    """What comes back from the helper is read as the run's own data: anything else is a
    ValueError (the run then scans by itself), never another exception."""
    for kind in (b"J", b"L", b""):
        try:
            assert isinstance(strings_from_wire(kind + data), list)
        except ValueError:
            pass
    try:
        ReferenceScan.from_wire(parts, Extractor(MatchingRules()).patterns)
    except ValueError:
        pass


def test_the_helper_imports_nothing_from_the_working_folder(helper, tmp_path, monkeypatch):
    """A daemon started in a folder people write to: a `numpy.py` there is not imported by
    the helper (it would run code nobody vetted)."""
    scan_helper._shared().stop()
    (tmp_path / "numpy.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\nraise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    _ready()
    assert not (tmp_path / "ran").exists()


def test_a_run_not_ordered_in_columns_reads_the_helpers_answer_and_scans_by_itself(helper):
    """A transaction id holding a NUL (its order is not made in columns): the helper's scan
    (of the caller's order) is read, put aside, and the run scans by itself; the helper is
    free for the next run."""
    from dataclasses import replace as with_field

    payments, invoices, customers, locked = _statement(seed=13)
    payments[3] = with_field(payments[3], transaction_id=payments[3].transaction_id + "\x00")
    alone = Matcher(MatchingRules(), bulk=False).run(payments, invoices, customers, locked)
    _ready()
    before = scan_helper.taken
    assert_same(Matcher(MatchingRules()).run(payments, invoices, customers, locked), alone)
    assert scan_helper.taken == before
    assert scan_helper._shared().usable()  # answered, not put down
    payments[3] = with_field(payments[3], transaction_id=payments[3].transaction_id[:-1])
    Matcher(MatchingRules()).run(payments, invoices, customers, locked)
    assert scan_helper.taken == before + 1
