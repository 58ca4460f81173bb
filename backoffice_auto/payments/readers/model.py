"""What every bank statement reader returns: statements of signed lines, each with its source.

Readers of camt, MT940/MT942, OFX, the national fixed-width formats (Czech ABO, Spanish
Norma 43, French CFONB 120) and CSV/XLSX exports differ only in how they find these
fields; the balance and account checks (`checks.py`), the import into the books
(`payments/statements.py`) and the matching all work on these two records alone.
Amounts are `Decimal`, signed from the company's side (money in > 0, money out < 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from backoffice_auto.errors import Source

__all__ = ["StatementLine", "Statement", "normalise_account"]


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One booked transaction as the bank reports it (a batch entry split into its details)."""

    source: Source  # file and line (MT940, CSV), or entry path (camt `Stmt[1]/Ntry[3]/TxDtls[2]`, OFX)
    amount: Decimal  # signed: credit > 0, debit < 0
    currency: str
    booking_date: date | None = None
    value_date: date | None = None
    counterparty_name: str = ""
    counterparty_iban: str = ""  # IBAN or the account number the bank gives, spaces removed
    reference: str = ""  # structured payment reference (creditor reference, variable symbol, customer ref)
    remittance: str = ""  # free remittance text (camt Ustrd, MT940 :86: purpose, OFX memo)
    bank_reference: str = ""  # the bank's own id of the transaction (camt AcctSvcrRef, MT940 //ref, OFX FITID)
    end_to_end_id: str = ""  # the payer's end-to-end id (SEPA EREF), empty when not provided
    code: str = ""  # the bank's transaction code (camt BkTxCd, MT940 type / GVC, OFX TRNTYPE)
    reversal: bool = False  # the bank's reversal of an earlier booking (camt RvslInd, MT940 RC / RD)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement (or report, notification, interim report) of one account."""

    source: Source  # the file, and within it the statement (`Stmt[2]`, or the `:20:` line)
    format: str  # camt.053.001.04, camt.052.001.08, camt.054.001.02, mt940, mt942, ofx, abo, norma43, cfonb120, csv, xlsx
    account: str  # IBAN or the bank's account id as printed (MT940 :25:, camt Othr/Id)
    currency: str
    statement_id: str = ""
    opening: Decimal | None = None  # None when the format or the file carries no balance
    closing: Decimal | None = None
    opening_date: date | None = None
    closing_date: date | None = None
    lines: tuple[StatementLine, ...] = field(default=(), compare=False)
    # totals the bank states besides balances (MT942 :90D:/:90C:, camt TxsSummry), checked when present
    stated_debits: Decimal | None = None
    stated_credits: Decimal | None = None
    skipped_pending: int = 0  # entries not booked (camt Sts PDNG/INFO), left out of the books and the sum
    # the bank and branch codes a file gives beside a domestic account number (OFX `BANKID`, `BRANCHID`)
    bank_id: str = ""
    branch_id: str = ""
    notes: tuple = field(default=(), compare=False)  # what the reader wants the clerk told (`Problem`s)
    # the IBAN a national format's domestic account (Norma 43 entidad + oficina + cuenta, CFONB bank +
    # guichet + compte) makes, when the reader could build it; `account` stays as the bank printed it
    iban: str = ""


@lru_cache(maxsize=65536)
def normalise_account(text: str | None) -> str:
    """An account as compared: spaces, dashes and dots removed, upper case (`nl71 rabo 0123-456789`);
    `/` kept, as German and Czech account ids carry it (`50880050/0194774600888`)."""
    if not text:
        return ""
    return _NOT_ACCOUNT.sub("", str(text)).upper()


_NOT_ACCOUNT = re.compile(r"[^\w/]|_")
