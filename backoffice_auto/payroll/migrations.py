"""Tables of the payroll job (owned by that job). Append to MIGRATIONS; never edit an applied script.

- `payroll_runs`: one row per timesheet paid (the job), with its period, totals per
  currency and the payment file written, so a manager can see what was run when.
- `payslip_lines`: the earnings lines behind each `payslips` row (code, hours, rate,
  amount), so a payslip can be reprinted exactly as it was paid.
- `payroll_weeks`: per employee and workweek, the regular seconds and the days worked
  that runs have counted so far, so a workweek that straddles two pay periods gets its
  weekly overtime and seventh-day rules right in the second run.
"""

from __future__ import annotations

from backoffice_auto.books.schema import F, Table

MIGRATIONS: list[str] = [
    """
    CREATE TABLE payroll_runs (
        run_id TEXT PRIMARY KEY, period TEXT, period_start TEXT, period_end TEXT, source_file TEXT,
        employees INTEGER, totals TEXT, payment_file TEXT, created TEXT);
    CREATE TABLE payslip_lines (
        employee_id TEXT NOT NULL, period TEXT NOT NULL, line INTEGER NOT NULL, code TEXT, hours TEXT,
        rate TEXT, amount TEXT, run_id TEXT, PRIMARY KEY (employee_id, period, line));
    """,
    """
    CREATE TABLE payroll_weeks (
        employee_id TEXT NOT NULL, week_start TEXT NOT NULL, regular_seconds INTEGER, days TEXT,
        PRIMARY KEY (employee_id, week_start));
    CREATE INDEX payroll_weeks_start ON payroll_weeks (week_start);
    """,
]

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("payroll_runs", ("run_id",), (
        F("run_id", required=True), F("period"), F("period_start", "date"), F("period_end", "date"),
        F("source_file"), F("employees", "int"), F("totals", "json"), F("payment_file"), F("created"),
    )),
    Table("payslip_lines", ("employee_id", "period", "line"), (
        F("employee_id", required=True), F("period", required=True), F("line", "int", required=True),
        F("code"), F("hours", "decimal"), F("rate", "decimal"), F("amount", "money"), F("run_id"),
    )),
    Table("payroll_weeks", ("employee_id", "week_start"), (
        F("employee_id", required=True), F("week_start", "date", required=True), F("regular_seconds", "int"),
        F("days", "json"),
    )),
)}
