"""Cash-out forecast by week: bills by scheduled date, payroll by the payslips' pattern,
receipts from open sales invoices; every amount lands in exactly one week."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_auto.payables.forecast import forecast
from backoffice_auto.payables.model import OpenBill
from backoffice_auto.payables.schedule import Schedule

TODAY = date(2026, 12, 2)  # Wednesday; weeks start Monday 30.11


def test_forecast_by_week():
    bills = [OpenBill("B1", "S1", "I1", None, date(2026, 12, 10), "EUR", Decimal(100), Decimal(0)),
             OpenBill("B2", "S1", "I2", None, date(2026, 11, 1), "EUR", Decimal(50), Decimal(10)),
             OpenBill("B3", "S1", "I3", None, date(2026, 12, 10), "CZK", Decimal(999), Decimal(0))]
    schedules = {"B1": Schedule("B1", date(2026, 12, 8), date(2026, 12, 10), date(2026, 12, 10),
                                date(2026, 12, 10), Decimal(2), False)}
    payslips = [{"employee_id": "E1", "period_start": date(2026, 11, 1), "period_end": date(2026, 11, 14),
                 "net": Decimal(700), "currency": "EUR"},
                {"employee_id": "E2", "period_start": date(2026, 11, 1), "period_end": date(2026, 11, 14),
                 "net": Decimal(300), "currency": "EUR"}]
    sales = [{"due_date": date(2026, 12, 20), "total": Decimal(500), "paid": Decimal(100), "currency": "EUR",
              "status": "partial"},
             {"due_date": date(2026, 12, 20), "total": Decimal(500), "paid": Decimal(500), "currency": "EUR",
              "status": "paid"}]
    weeks = forecast(TODAY, 8, "EUR", bills, schedules, payslips, sales)
    assert [w.start for w in weeks][:2] == [date(2026, 11, 30), date(2026, 12, 7)]
    assert weeks[0].bills == Decimal(40)  # overdue B2's open amount, in the first week
    assert weeks[1].bills == Decimal(98)  # B1 on its scheduled date, less the discount
    assert sum(w.payroll for w in weeks) == Decimal(1000) * 4  # every 14 days from 28.11 until 25.1
    assert weeks[2].receipts == Decimal(400)
    assert sum(w.bills for w in weeks) == Decimal(138)  # CZK is not added to EUR
