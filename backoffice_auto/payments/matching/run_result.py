"""What a matching run decided, and the results with their reasons, built on first use.

Why its own module: the run (`engine`) decides; turning each decision taken in columns into
a `MatchResult` with its reasons costs more than deciding it, and is only needed when the
results are read (the workbook, the books), so it is done here, by the decider's own
functions, over the invoices each payment saw.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from backoffice_auto.gcpause import collector_paused
from backoffice_auto.payments.matching.bulk import PaidByReference
from backoffice_auto.payments.matching.decide import Decider, Evidence
from backoffice_auto.payments.matching.own_account import OwnAccount
from backoffice_auto.payments.matching.records import MatchResult, OpenInvoice, Payment
from backoffice_auto.payments.matching.typo_only import TypoOnly

if TYPE_CHECKING:  # the run's state (the engine imports this module)
    from backoffice_auto.payments.matching.engine import _State


class RunResult:
    """What a run decided. Payments taken by the bulk path get their `MatchResult` (with
    reasons) built when `results` is first read; the decisions themselves are final."""

    def __init__(self, todo: Sequence[Payment], slow: dict[int, MatchResult], fast: PaidByReference,
                 state: "_State", credits: dict[str, Decimal], pattern_timeouts: int, decider: Decider,
                 amount_only: dict[int, tuple[str, ...]] | None = None,
                 amount_only_status: dict[int, str] | None = None, own: OwnAccount | None = None,
                 evidence: Sequence[Evidence | None] = (), invoices: Sequence[OpenInvoice] = (),
                 typos: TypoOnly | None = None, start: Mapping[str, OpenInvoice] | None = None):
        self._todo, self._slow, self._fast, self._state, self._decider = todo, slow, fast, state, decider
        self._own, self._evidence, self._invoices = own or OwnAccount({}, {}, {}), evidence, invoices
        self._typos = typos or TypoOnly({}, {}, {})
        self._amount_only = amount_only or {}
        self._start = start or {}  # the invoices as they came in, by number
        self._amount_only_status = amount_only_status or {}
        self.handed_back = 0  # bulk decisions a per-row posting made void (decided one by one)
        self.credits = credits
        self.pattern_timeouts = pattern_timeouts

    @property
    def posted_count(self) -> int:
        return len(self._fast) + len(self._own) + sum(r.posted for r in self._slow.values())

    @property
    def bulk_rows(self) -> int:
        """How many payments the bulk path decided (not one by one)."""
        return len(self._fast) + len(self._own) + len(self._amount_only) + len(self._typos)

    def bulk_status(self) -> dict[str, str]:
        """transaction id -> status, of the payments decided in bulk without posting (judged on
        their amount alone, or on a typo reference; decided in the run, their reasons are
        built with `results`)."""
        out = {self._todo[i].transaction_id: self._amount_only_status[i] for i in self._amount_only}
        out.update((self._todo[i].transaction_id, status) for i, status in self._typos.status.items())
        return out

    @property
    def per_row(self) -> int:
        """How many payments `Decider.decide` decided one by one."""
        return len(self._slow)

    @cached_property
    def results(self) -> tuple[MatchResult, ...]:
        """Every payment's result, in booking order (built with the cyclic garbage collector
        paused: a few hundred thousand records that live on, see `gcpause`)."""
        with collector_paused():
            return self._results()

    def _results(self) -> tuple[MatchResult, ...]:
        out = []
        for i, payment in enumerate(self._todo):
            if i in self._slow:
                out.append(self._slow[i])
            elif i in self._fast:
                invoice, hit, payer = self._fast[i]
                out.append(self._decider.posted_by_reference(payment, invoice, hit, payer, self._state))
            elif i in self._amount_only:
                # the invoices it saw, as they came in (`start`: no posting had changed them)
                seen = Seen(map(self._start.__getitem__, self._amount_only[i]), self._state)
                out.append(self._decider._amount_only(payment, None, seen))
            elif i in self._typos:
                seen = Seen(self._typos.seen(i, payment.currency).values(), self._state)
                out.append(self._decider.decide(payment, self._evidence[i], seen))
            elif i in self._own:
                ev = self._evidence[i]
                items = Seen([self._invoices[p] for p in self._own.items[i]], self._state)
                out.append(self._decider._customer_items(payment, ev.payer_customers[0], ev, items, True))
        return tuple(out)

    @cached_property
    def invoices(self) -> dict[str, OpenInvoice]:
        """Every invoice as it stands after the run."""
        return self._state.materialise()


class Seen:
    """The view `decide` reads when a decision taken in columns gets its reasons: the
    invoices that payment saw, as they stood at its turn (the open items of its customer, or
    the open invoices with its amount: whichever it was decided on); names are asked of the
    run's state, which does not change them."""

    def __init__(self, invoices: Iterable[OpenInvoice], state: "_State"):
        self._seen = {inv.invoice_number: inv for inv in invoices}
        self._state = state

    def invoice(self, number: str) -> OpenInvoice | None:
        return self._seen.get(number)

    def open_items(self, customer_id: str, currency: str) -> list[OpenInvoice]:
        return [inv for inv in self._seen.values()
                if inv.customer_id == customer_id and inv.currency == currency and inv.open_amount > 0]

    def open_with_amount(self, amount: Decimal, currency: str) -> list[OpenInvoice]:
        return list(self._seen.values())

    def customer_name(self, customer_id: str) -> str | None:
        return self._state.customer_name(customer_id)

    def name_score(self, name: str | None, customer_id: str) -> int:
        return self._state.name_score(name, customer_id)

    def best_name(self, name: str | None) -> tuple[str, int] | None:
        return self._state.best_name(name)
