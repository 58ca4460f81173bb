"""The payroll job end to end: real workspace, real workbooks, real SQLite, real mail spool."""

from __future__ import annotations

import email
from datetime import date, time, timedelta
from decimal import Decimal
from email import policy

from openpyxl import load_workbook

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.runner import Pipeline
from conftest import write_workbook

EMPLOYEE_HEADERS = ["employee_id", "name", "email", "language", "department", "pay_type", "hourly_rate",
                    "salary", "currency", "country", "subdivision", "timezone", "iban", "rule_set"]
EMPLOYEES = [
    ["E001", "Jiří Růžička", "jiri@example.test", "cs", "Warehouse", "hourly", 250, None, "EUR", "CZ", None,
     "Europe/Prague", "CZ6508000000192000145399", "eu-example"],
    ["E002", "Łukasz Wróbel", "lukasz@example.test", "pl", "Sales", "salaried", None, 4200, "EUR", "PL", None,
     "Europe/Warsaw", "PL61109010140000071219812874", "eu-example"],
    ["E003", "Ann Smith", "ann@example.test", "en", "Sales", "hourly", 12, None, "USD", "US", "CA",
     "America/Los_Angeles", None, "us-california"],
]
MONDAY = date(2026, 3, 2)


def timesheet_rows(weeks: int = 2) -> list[list]:
    rows = [["employee_id", "date", "in", "out", "break_minutes"]]
    for i in range(weeks * 7):
        day = MONDAY + timedelta(days=i)
        if day.weekday() < 5:
            rows.append(["E001", day, time(8), time(16, 30), 30])
            rows.append(["E002", day, time(9), time(17), 30])
            rows.append(["E003", day, time(7), time(17), 30])
    rows.append(["E001", MONDAY + timedelta(days=5), time(22), time(6), 30])  # Saturday night into Sunday
    return rows


def setup(workspace):
    path = write_workbook(workspace.inbox / "books" / "staff.xlsx", {"Employees": [EMPLOYEE_HEADERS] + EMPLOYEES})
    pipeline = Pipeline(workspace)
    assert pipeline.process_paths([path])[0]["status"] == "done"
    return pipeline


def test_timesheet_becomes_payslips_register_payment_file_and_private_mail(workspace):
    pipeline = setup(workspace)
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows()})
    result = pipeline.process_paths([sheet])[0]
    assert result["status"] == "done", result["messages"]
    assert result["kind"] == "timesheets"
    outputs = [o for o in result["outputs"] if not o.startswith("outbox/mail/")]
    names = sorted(o.rsplit("/", 1)[-1] for o in outputs)
    assert names == ["E001-2026-03-13.pdf", "E002-2026-03-13.pdf", "E003-2026-03-13.pdf",
                     "cost-by-department.png", "payroll-register-march.xlsx", "salaries-2026-03-13.pain001.xml"]
    pipeline.close()

    store = Store(workspace.db_path)
    books = store.read()
    slips = {s["employee_id"]: s for s in books.rows("payslips")}
    assert set(slips) == {"E001", "E002", "E003"}
    e001 = slips["E001"]
    assert e001["period"] == "2026-03-02/2026-03-13"
    assert Decimal(e001["hours"]["regular"]) == Decimal("87.50")  # 10 x 8 h + 7.5 h on Saturday night
    assert Decimal(e001["hours"]["night"]) == Decimal("7.50")
    assert e001["net"] == e001["gross"] - sum(Decimal(d["amount"]) for d in e001["deductions"])
    e003 = slips["E003"]  # 9.5 h a day in California: 1.5 h daily overtime each day
    assert Decimal(e003["hours"]["overtime"]) == Decimal("15.00")
    assert e003["currency"] == "USD"
    assert books.rows("payroll_runs")[0]["payment_file"] == "salaries-2026-03-13.pain001.xml"
    store.close()

    pending = sorted(workspace.mail_pending.glob("*.eml"))
    messages = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in pending]
    payslips = [m for m in messages if any(part.get_filename() and part.get_filename().endswith(".pdf")
                                           for part in m.iter_attachments())]
    assert len(payslips) == 3
    for message in payslips:
        recipients = message.get_all("To", []) + message.get_all("Cc", []) + message.get_all("Bcc", [])
        assert len(recipients) == 1
        address = str(recipients[0]).split("<")[-1].rstrip(">")
        owner = {"jiri@example.test": "E001", "lukasz@example.test": "E002", "ann@example.test": "E003"}[address]
        files = [part.get_filename() for part in message.iter_attachments()]
        assert len(files) == 1 and owner in files[0]
    czech = next(m for m in payslips if "jiri@" in str(m["To"]))
    assert "výplat" in str(czech["Subject"]).lower()
    summary = [m for m in messages if str(m["Subject"]).startswith("Payroll 2")]
    assert len(summary) == 1
    attached = sorted(part.get_filename() for part in summary[0].iter_attachments())
    assert attached == ["cost-by-department.png", "payroll-register-march.xlsx", "salaries-2026-03-13.pain001.xml"]

    register = next(workspace.root.glob("outbox/*/*/payroll-register-march.xlsx"))
    rows = list(load_workbook(register).active.iter_rows(values_only=True))
    assert rows[0][0] == "Employee number"
    assert [r[0] for r in rows[1:4]] == ["E001", "E002", "E003"]
    xml = next(workspace.root.glob("outbox/*/*/salaries-2026-03-13.pain001.xml")).read_text()
    assert xml.count("<CdtTrfTxInf>") == 2  # E003 is paid in USD without IBAN: not in the SEPA file


def test_a_period_already_paid_is_refused_with_the_cell(workspace):
    pipeline = setup(workspace)
    first = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows(2)})
    assert pipeline.process_paths([first])[0]["status"] == "done"
    rows = timesheet_rows(2)
    rows[1][3] = time(16, 45)  # a corrected copy of the same week: different content, same days
    again = write_workbook(workspace.inbox / "timesheets" / "march-corrected.xlsx", {"Punches": rows})
    result = pipeline.process_paths([again])[0]
    assert result["status"] == "refused"
    texts = [m["text"] for m in result["messages"]]
    assert any("already paid" in t and "E001" in t for t in texts)
    assert any(m["where"] and m["where"].startswith("march-corrected.xlsx:Punches!C") for m in result["messages"])
    pipeline.close()
    store = Store(workspace.db_path)
    assert len(store.read().rows("payslips")) == 3
    store.close()


def test_demo_timesheet_for_the_demo_employees_is_paid(workspace):
    from backoffice_auto.masterdata.demo import drop_demo_files as drop_master_data
    from backoffice_auto.payroll.demo import drop_demo_files

    pipeline = Pipeline(workspace)
    assert [r["status"] for r in pipeline.process_paths(drop_master_data(workspace))] == ["done"]
    files = drop_demo_files(workspace, today=date(2026, 11, 22))
    assert [f.parent.name for f in files] == ["timesheets"]
    result = pipeline.process_paths(files)[0]
    assert result["status"] == "done", result["messages"]
    pipeline.close()
    store = Store(workspace.db_path)
    slips = store.read().rows("payslips")
    store.close()
    assert len(slips) == 30
    assert {s["period"] for s in slips} == {"2026-11-02/2026-11-15"}
    assert any(Decimal(s["hours"]["night"]) > 0 for s in slips)
    assert any(Decimal(s["hours"]["sunday"]) > 0 for s in slips)
    assert all(s["net"] > 0 for s in slips)


def test_a_workweek_split_over_two_pay_periods_keeps_its_weekly_overtime(workspace):
    pipeline = setup(workspace)
    # E003 (us-california, workweek from Sunday). First file: Sunday 1 March to Thursday 5 March,
    # 8 h a day = 40 regular hours. Second file: Friday 6 March, 8 h: all overtime (over 40 in the week).
    first = [["employee_id", "date", "hours"]] + [["E003", date(2026, 3, 1) + timedelta(days=i), 8] for i in range(5)]
    second = [["employee_id", "date", "hours"], ["E003", date(2026, 3, 6), 8]]
    a = write_workbook(workspace.inbox / "timesheets" / "a.xlsx", {"Hours": first})
    b = write_workbook(workspace.inbox / "timesheets" / "b.xlsx", {"Hours": second})
    assert pipeline.process_paths([a])[0]["status"] == "done"
    assert pipeline.process_paths([b])[0]["status"] == "done"
    pipeline.close()
    store = Store(workspace.db_path)
    slips = {s["period"]: s for s in store.read().rows("payslips")}
    store.close()
    assert Decimal(slips["2026-03-01/2026-03-05"]["hours"]["regular"]) == 40
    assert Decimal(slips["2026-03-06/2026-03-06"]["hours"]["overtime"]) == 8
    assert slips["2026-03-06/2026-03-06"]["gross"] == Decimal("144.00")  # 8 h x $12 x 1.5


def with_calendar(workspace, anchor: str = "2026-03-02"):
    rules = workspace.root / "rules" / "payroll.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + f"\nperiod_anchor: {anchor}\n", encoding="utf-8")


def test_pay_calendar_refuses_a_day_outside_the_period_naming_its_date_cell(workspace):
    with_calendar(workspace)  # biweekly periods 2 to 15 March, 16 to 29 March, ...
    pipeline = setup(workspace)
    rows = timesheet_rows(1)
    rows.append(["E001", date(2026, 3, 16), time(8), time(12), 0])  # the next period's Monday
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": rows})
    result = pipeline.process_paths([sheet])[0]
    assert result["status"] == "refused"
    outside = [m for m in result["messages"] if "outside the pay period" in m["text"]]
    assert [m["where"] for m in outside] == [f"march.xlsx:Punches!B{len(rows)}"]
    assert outside[0]["text"] == ("The date 16 Mar 2026 is outside the pay period 2 Mar 2026 to 15 Mar 2026 "
                                  "that the file's first day belongs to.")
    pipeline.close()


def test_a_day_in_the_future_is_refused_with_its_cell(workspace):
    pipeline = setup(workspace)
    rows = [timesheet_rows(1)[0], ["E001", date.today() + timedelta(days=3), time(8), time(12), 0]]
    sheet = write_workbook(workspace.inbox / "timesheets" / "next.xlsx", {"Punches": rows})
    result = pipeline.process_paths([sheet])[0]
    assert result["status"] == "refused"
    assert [(m["where"], "in the future" in m["text"]) for m in result["messages"]] == [("next.xlsx:Punches!B2", True)]
    pipeline.close()


def test_with_a_calendar_salaried_staff_are_paid_without_time_in_the_file(workspace):
    with_calendar(workspace)
    pipeline = setup(workspace)
    rows = [r for r in timesheet_rows(2) if r[0] != "E002"]  # E002 (salaried) has no row
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": rows})
    result = pipeline.process_paths([sheet])[0]
    assert result["status"] == "done", result["messages"]
    pipeline.close()
    store = Store(workspace.db_path)
    slips = {s["employee_id"]: s for s in store.read().rows("payslips")}
    store.close()
    assert set(slips) == {"E001", "E002", "E003"}
    assert {s["period"] for s in slips.values()} == {"2026-03-02/2026-03-15"}
    assert slips["E002"]["gross"] == Decimal("1938.46")  # 4,200 a month x 12 / 26 periods, half up


def test_a_week_of_a_biweekly_payroll_with_salaried_staff_is_refused_not_paid_a_second_salary(workspace):
    """Without a pay calendar (biweekly, no period_anchor) the file is the period: two weekly
    files paid the salaried staff twice in two weeks (a warning, and the money went out)."""
    pipeline = setup(workspace)
    week = write_workbook(workspace.inbox / "timesheets" / "week.xlsx", {"Punches": timesheet_rows(1)})
    result = pipeline.process_paths([week])[0]
    assert result["status"] == "refused"
    assert any("not one biweekly pay period" in m["text"] and "period_anchor" in m["text"]
               for m in result["messages"]), result["messages"]
    assert not list(workspace.root.glob("outbox/*/*/salaries-*.pain001.xml"))
    pipeline.close()
