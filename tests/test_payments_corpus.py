"""Every bank statement of the shared corpus (../shared/corpus/bank): read, checked, booked or refused.

Banks' own sample files, not ours. Those that balance are read to the last line; those cut
down by their authors (ABN AMRO, ING) do not balance and must be refused with the
difference stated. The MT940 reader is also held to the `mt-940` package on the same
files: the same amounts, dates and references, in the same order. Without the corpus the
tests skip, except in CI (`CI` set), where a missing corpus is a failure.
"""

from __future__ import annotations

import os
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice_auto.payments.readers import check_statements, read_statements
from conftest import CORPUS

BANK = CORPUS / "bank"
MT940 = BANK / "wolph_mt940" / "mt940_tests"

# file -> (statements, lines, refusal text expected or None)
EXPECTED = {
    "sebastienrousseau_camt053/tests/gold_master/business_sample_camt.053.001.04.xml": (1, 3, None),
    "jseutter_ofxparse/tests/fixtures/checking.ofx": (1, 3, None),
    "wolph_mt940/mt940_tests/betterplace/sepa_mt9401.sta": (26, 97, None),
    "wolph_mt940/mt940_tests/jejik/abnamro.sta": (2, 10, "difference -2,038.00 EUR"),
    "wolph_mt940/mt940_tests/jejik/ing.sta": (1, 7, "difference 49.06 EUR"),
    "wolph_mt940/mt940_tests/jejik/rabobank-iban.sta": (2, 4, None),
    "wolph_mt940/mt940_tests/mBank/mt940.sta": (1, 3, None),
}


def corpus_file(rel: str) -> Path:
    if not BANK.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"bank corpus not found at {BANK} (CI is set: the corpus must be there)")
        pytest.skip(f"bank corpus not found at {BANK}")
    path = BANK / rel
    assert path.is_file(), f"corpus file missing: {path}"
    return path


def test_expected_list_covers_every_corpus_statement():
    corpus_file(next(iter(EXPECTED)))
    found = {p.relative_to(BANK).as_posix() for p in BANK.rglob("*") if p.is_file() and "LICENSE" not in p.name}
    assert found == set(EXPECTED)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_corpus_statement_is_read_and_checked(rel):
    path = corpus_file(rel)
    statements_expected, lines_expected, refusal = EXPECTED[rel]
    statements = read_statements(path.read_bytes(), path.name)
    assert len(statements) == statements_expected
    assert sum(len(s.lines) for s in statements) == lines_expected
    accounts = [s.account for s in statements]
    errors = [p.render() for p in check_statements(statements, accounts) if p.level == "error"]
    if refusal is None:
        assert errors == []
    else:
        assert errors and "does not balance" in errors[0] and refusal in errors[0]
        assert errors[0].startswith(f"{path.name}:")


def test_corpus_statements_of_accounts_not_listed_are_refused_naming_them():
    path = corpus_file("wolph_mt940/mt940_tests/jejik/rabobank-iban.sta")
    errors = [p.render() for p in check_statements(read_statements(path.read_bytes(), path.name), ["CZ00"])]
    assert "NL71RABO0123456789" in errors[0] and "company.accounts" in errors[0]


def test_camt_sample_uses_the_account_amount_of_its_foreign_currency_entry():
    path = corpus_file("sebastienrousseau_camt053/tests/gold_master/business_sample_camt.053.001.04.xml")
    [st] = read_statements(path.read_bytes(), path.name)
    assert (st.currency, st.opening, st.closing) == ("SEK", Decimal("500000"), Decimal("435678.50"))
    assert [line.amount for line in st.lines] == [Decimal("105678.50"), Decimal("-200000"), Decimal("30000")]
    assert st.lines[0].counterparty_name == "MUELLER" and st.lines[0].end_to_end_id == "MUELL/FINP/RA12345"


@pytest.mark.parametrize("rel", sorted(r for r in EXPECTED if r.endswith(".sta")))
def test_mt940_reader_agrees_with_the_mt940_package(rel):
    import mt940

    path = corpus_file(rel)
    ours = [line for st in read_statements(path.read_bytes(), path.name) for line in st.lines]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = list(mt940.parse(path.read_bytes()))
    # SWIFT signs: C and RD (a debit reversed) are money in, D and RC (a credit reversed) money out; the
    # package keeps RC positive, which would unbalance the German sample, so signs are compared by the mark
    signs = [-1 if t.data["status"] in ("D", "RC") else 1 for t in theirs]
    assert [line.amount for line in ours] == [s * abs(t.data["amount"].amount) for s, t in zip(signs, theirs)]
    assert [line.value_date for line in ours] == [t.data["date"] for t in theirs]
    bank_refs = [(t.data.get("bank_reference") or "").strip() for t in theirs]
    assert [line.bank_reference for line in ours] == [r if r.upper() != "NONREF" else "" for r in bank_refs]


def test_corpus_files_through_the_pipeline(workspace):
    """Balanced files are booked once; a second drop of an overlapping file books nothing new."""
    from backoffice_auto.books.store import Store
    from backoffice_auto.pipeline.runner import Pipeline

    sepa = corpus_file("wolph_mt940/mt940_tests/betterplace/sepa_mt9401.sta")
    accounts = sorted({s.account for s in read_statements(sepa.read_bytes(), sepa.name)})
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  accounts:\n", "  accounts:\n" + "".join(f"    - {a}\n" for a in accounts), 1), encoding="utf-8")
    inbox = workspace.inbox / "bank"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / sepa.name).write_bytes(sepa.read_bytes())
    (inbox / "again.sta").write_bytes(sepa.read_bytes() + b"\r\n")  # same statements, different bytes
    pipeline = Pipeline(workspace)
    results = pipeline.process_paths([inbox / sepa.name, inbox / "again.sta"])
    assert [r["status"] for r in results] == ["done", "done"], results
    store = Store(workspace.db_path)
    try:
        assert store.read().count("bank_transactions") == 97
    finally:
        store.close()
    assert any("97 of the 97" in " ".join(m["text"] for m in r["messages"]) or "imported before" in m["text"]
               for r in results[1:] for m in r["messages"])
