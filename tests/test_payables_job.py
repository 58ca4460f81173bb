"""The payables job end to end: `payables run`, the proposal workbook, approvals refused
for each kind of edit, the bank file, the mail; real SQLite, real workbooks, real XML."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from backoffice_auto.cli import cli
from backoffice_auto.sepa import check_schema
from payables_support import BILLS, PAYABLES, SUPPLIERS, approve, books_rows, workspace


def run_cli(*args) -> tuple[int, list]:
    result = CliRunner().invoke(cli, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def run_payables(ws, day="2026-12-01"):
    return run_cli("payables", "run", "--date", day, "-w", str(ws.root))


def process(ws, path: Path):
    code, results = run_cli("process", str(path), "-w", str(ws.root))
    return code, results[0]


def proposal(ws) -> Path:
    return next(ws.outbox.rglob("payment-proposal-*.xlsx"))


@pytest.fixture()
def proposed(tmp_path):
    ws = workspace(tmp_path)
    code, results = run_payables(ws)
    assert code == 0 and results[0]["status"] == "done"
    return ws


def test_run_proposes_and_approval_writes_a_valid_bank_file(proposed):
    ws = proposed
    bills = books_rows(ws, "bills")
    assert {b: r["status"] for b, r in bills.items()} == {
        "B1": "scheduled", "B2": "proposed", "B3": "proposed", "B4": "scheduled", "C1": "proposed"}
    assert str(bills["B1"]["scheduled_date"]) == "2026-12-03"  # the discount's last run day
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "ok.xlsx"))
    assert code == 0 and result["status"] == "done", result
    files = list(ws.outbox.rglob("*.pain001.xml"))
    assert len(files) == 1
    xml = files[0].read_bytes()
    check_schema(xml)
    root = etree.fromstring(xml)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    amounts = sorted(Decimal(a.text) for a in root.iterfind(".//p:InstdAmt", ns))
    assert amounts == [Decimal("250.00"), Decimal("300.00")]  # 400 less the 100 credit note
    assert [r.text for r in root.iterfind(".//p:Ustrd", ns)] == ["INV-B2", "INV-B3, CN-1"]
    bills = books_rows(ws, "bills")
    assert bills["B2"]["status"] == bills["B3"]["status"] == "approved"
    assert bills["C1"]["status"] == "paid"
    assert books_rows(ws, "payment_runs")["PR-20261201"]["status"] == "approved"
    mails = [p.read_text() for p in (ws.root / "outbox" / "mail" / "pending").glob("*.eml")]
    assert sum("To: finance@example.com" in m for m in mails) == 2  # proposal, then approval
    assert any("To: beta@example.com" in m and "CN-1" in m for m in mails)  # remittance advice


def test_same_approval_twice_pays_once(proposed):
    ws = proposed
    first = approve(proposal(ws), ws.root / "approved.xlsx")
    data = first.read_bytes()
    (ws.inbox / "approvals").mkdir(exist_ok=True)
    (ws.inbox / "approvals" / "a.xlsx").write_bytes(data)
    assert process(ws, ws.inbox / "approvals" / "a.xlsx")[1]["status"] == "done"
    (ws.inbox / "approvals" / "b.xlsx").write_bytes(data)
    assert process(ws, ws.inbox / "approvals" / "b.xlsx")[1]["status"] == "duplicate"
    again = approve(proposal(ws), ws.inbox / "approvals" / "c.xlsx", second="Jana")  # other bytes
    code, result = process(ws, again)
    assert code == 1 and "already approved" in result["messages"][0]["text"]
    assert len(list(ws.outbox.rglob("*.pain001.xml"))) == 1


def _edit_amount(ws):
    ws.cell(7, 10).value = 1.0


def _edit_iban(ws):
    ws.cell(7, 4).value = "DE02120300000000202051"


def _duplicate_row(ws):
    for col in range(1, 13):
        ws.cell(ws.max_row + 1 if col == 1 else ws.max_row, col).value = ws.cell(7, col).value


def _add_held_bill(ws):
    row = ws.max_row + 1
    for col, value in enumerate(["X", "Gamma", "S3", SUPPLIERS[2]["iban"], "EUR", "B4", "INV-B4", None, 0, 99,
                                 99, "yes"], start=1):
        ws.cell(row, col).value = value


def _remove_row(ws):
    ws.delete_rows(ws.max_row)


@pytest.mark.parametrize("edit,approver,expected", [
    (_edit_amount, "Petr", "the amount of bill B2 was changed from 250.00 to 1"),
    (_edit_iban, "Petr", "the IBAN of bill B2 was changed"),
    (_duplicate_row, "Petr", "bill B2 is approved twice"),
    (_add_held_bill, "Petr", "bill B4 is held (supplier Gamma sp. z o.o. is on hold)"),
    (_remove_row, "Petr", "was removed from the workbook"),
    (None, "Nobody", "Nobody is not an approver"),
    (None, "", "write the approver's name"),
])
def test_edited_or_wrongly_signed_approval_is_refused_and_nothing_is_paid(proposed, edit, approver, expected):
    ws = proposed
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "x.xlsx", approver=approver,
                                       edit=edit))
    assert code == 1 and result["status"] == "refused"
    assert any(expected in m["text"] for m in result["messages"]), result["messages"]
    assert not list(ws.outbox.rglob("*.pain001.xml"))
    assert {r["status"] for r in books_rows(ws, "bills").values()} <= {"scheduled", "proposed"}
    assert (ws.failed / "x.xlsx.error.txt").is_file()


def test_approver_over_their_limit_needs_a_second_approver(tmp_path):
    ws = workspace(tmp_path, PAYABLES.replace("limit: 1000", "limit: 260"))
    run_payables(ws)
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "j.xlsx", approver="Jana"))
    assert code == 1 and "over Jana's limit of 260" in result["messages"][0]["text"]
    assert "Proposal!C4" in result["messages"][0]["where"]
    code, result = process(ws, approve(proposal(ws), ws.inbox / "approvals" / "k.xlsx", approver="Jana",
                                       second="Petr"))
    assert code == 0, result


def test_same_run_date_twice_runs_once(proposed):
    code, results = run_payables(proposed)
    assert results[0]["status"] == "duplicate"
    assert list(books_rows(proposed, "payment_runs")) == ["PR-20261201"]


def test_invalid_supplier_iban_is_left_out_before_any_file(tmp_path):
    suppliers = [dict(SUPPLIERS[0], iban="DE89370400440532013001"), *SUPPLIERS[1:]]
    ws = workspace(tmp_path, suppliers=suppliers)
    run_payables(ws)
    run = books_rows(ws, "payment_runs")["PR-20261201"]
    assert {x["bill_id"]: x["reason"] for x in run["left_out"]}["B2"] == "the supplier's bank account is not valid: {reason}"
    assert "B2" not in {r["bill_id"] for r in run["lines"]}


def test_demo_step_proposes_approves_and_writes_a_bank_file(tmp_path):
    from datetime import date

    from backoffice_auto.payables import demo
    from backoffice_auto.pipeline.runner import Pipeline

    ws = workspace(tmp_path)
    pipeline = Pipeline(ws)
    try:
        results = pipeline.process_paths(demo.drop_demo_files(ws, 0, date(2026, 12, 1)))
        proposal_file = next(ws.outbox.rglob("payment-proposal-*.xlsx"))
        target = demo.fill_approval(proposal_file, ws.inbox / "approvals" / "demo.xlsx", pipeline.rules.payables.approvers)
        results += pipeline.process_paths([target])
    finally:
        pipeline.close()
    assert [r["status"] for r in results] == ["done", "done"], results
    check_schema(next(ws.outbox.rglob("*.pain001.xml")).read_bytes())


def _finance_mails(ws) -> list:
    from email import message_from_bytes, policy

    mails = [message_from_bytes(p.read_bytes(), policy=policy.default)
             for p in (ws.root / "outbox" / "mail" / "pending").glob("*.eml")]
    return [m for m in mails if "finance@example.com" in m["To"]]


def test_a_run_with_nothing_due_asks_for_no_approval(tmp_path):
    ws = workspace(tmp_path, bills=[])
    code, results = run_payables(ws)
    assert code == 0 and results[0]["status"] == "done"
    assert not list(ws.outbox.rglob("payment-proposal-*.xlsx"))  # nothing to approve, nothing to fill in
    (mail,) = _finance_mails(ws)
    assert mail["Subject"] == "Payment run PR-20261201: nothing to pay"
    body = mail.get_body(("plain",)).get_content()
    assert "no bill is due, so there is nothing to approve" in body and "Approve it" not in body
    assert [a.get_filename() for a in mail.iter_attachments() if a.get_filename().endswith(".xlsx")] == \
        ["cash-forecast.xlsx"]


def test_a_run_paying_nothing_still_shows_the_bills_left_out_in_the_users_language(tmp_path):
    ws = workspace(tmp_path, bills=[BILLS[3]])  # the supplier is on hold
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "language: cs\n", encoding="utf-8")
    code, results = run_payables(ws)
    assert code == 0 and results[0]["status"] == "done"
    assert len(list(ws.outbox.rglob("payment-proposal-*.xlsx"))) == 1  # the 'Left out' sheet says why
    (mail,) = _finance_mails(ws)
    assert mail["Subject"] == "Platební běh PR-20261201: není co platit"
    body = mail.get_body(("plain",)).get_content()
    assert "není tedy co schvalovat" in body and "Vynechané faktury: 1" in body
    names = sorted(a.get_filename() for a in mail.iter_attachments() if a.get_filename().endswith(".xlsx"))
    assert names == ["cash-forecast.xlsx", "payment-proposal-PR-20261201.xlsx"]
