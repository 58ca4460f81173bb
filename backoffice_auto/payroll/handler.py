"""The payroll job: a timesheet in `inbox/timesheets/` becomes payslips, a register and a payment file.

Read (workbook -> timesheet rows) -> validate and calculate (pure `pay_run`) -> books
(`payslips`, `payslip_lines`, `payroll_runs`) -> outputs (register workbook, one payslip
PDF per employee in their language, cost chart, pain.001) -> mail (each payslip to its
employee alone, the summary to the payroll manager). Any error refuses the whole file:
a timesheet is paid completely or not at all, and never twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath

from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, NP_, normalize_language
from backoffice_auto.mail.message import Attachment, inline_image
from backoffice_auto.payroll.calendar import known_calendar
from backoffice_auto.payroll.clock import zone
from backoffice_auto.payroll.employeeids import books_employees
from backoffice_auto.payroll.hours import carry_after
from backoffice_auto.payroll.labels import word
from backoffice_auto.payroll.model import WeekCarry
from backoffice_auto.payroll.mailing import payslip_message, summary_message
from backoffice_auto.payroll.payslip_pdf import render_payslips
from backoffice_auto.payroll.register import write_register
from backoffice_auto.payroll.run import PayRun, pay_run
from backoffice_auto.payroll.sepa import salary_transfer
from backoffice_auto.sepa import AccountError
from backoffice_auto.payroll.shifts import PaidPeriod
from backoffice_auto.payroll.timesheet import read_timesheet
from backoffice_auto.pipeline.handler import Incoming, JobContext
from backoffice_auto.reports.charts import bar_chart_png

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
STEP_PAYSLIP = N_("payslip PDF {n} of {total}")
NAME_HINTS = ("timesheet", "time sheet", "punch", "hours", "dochazka", "docházka", "ewidencja", "czas pracy",
              "fichaje", "horas", "pointage", "heures")


class PayrollHandler:
    kind = "timesheets"
    folders = ("timesheets",)

    def identify(self, incoming: Incoming) -> bool:
        """Files in inbox/timesheets/, or a workbook dropped elsewhere whose name says timesheet."""
        if incoming.folder_hint == "timesheets":
            return True
        if incoming.folder_hint is None and incoming.suffix in WORKBOOK_SUFFIXES:
            name = incoming.stem.lower().replace("_", " ").replace("-", " ")
            return any(hint in name for hint in NAME_HINTS)
        return False

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        settings = ctx.settings
        rules = ctx.rules.payroll
        book = read_workbook(incoming.data, incoming.name, settings.limits)
        sheet = read_timesheet(book, settings.locale, settings.limits)
        if not sheet.shapes:
            raise Refusal([Problem(N_("No sheet looks like a timesheet: expected columns employee, date and "
                                      "in/out, or date and hours, or IN 1/OUT 1 pairs."), Source(incoming.name))])
        employees = {e["employee_id"]: e for e in ctx.books.rows("employees")}
        rows, id_notes = books_employees(sheet.rows, employees)
        paid = [PaidPeriod(p["employee_id"], p["period_start"], p["period_end"], p["period"])
                for p in ctx.books.rows("payslips") if p.get("period_start") and p.get("period_end")]
        run = pay_run(rows, employees, rules, paid, default_timezone=settings.timezone,
                      default_currency=settings.currency, carry=self._carry(rows, ctx),
                      today=datetime.now(zone(settings.timezone)).date())
        errors = sheet.problems + run.errors
        if errors:
            raise Refusal(errors)
        for problem in sheet.notes + id_notes + run.problems:
            ctx.note(problem)  # rows skipped and warnings only: errors refused the file above
        self._warn_calendars(run, employees, rules, ctx)
        self._enter_books(run, incoming, ctx)
        self._outputs_and_mail(run, employees, incoming, ctx)

    # ------------------------------------------------------------------ pieces

    @staticmethod
    def _carry(rows, ctx: JobContext) -> dict[str, dict[date, WeekCarry]]:
        """Workweeks begun in an earlier run: those starting up to six days before the first day."""
        days = [r.day for r in rows if r.day is not None]
        if not days:
            return {}
        first = min(days)
        carry: dict[str, dict[date, WeekCarry]] = {}
        for back in range(1, 7):
            for row in ctx.books.rows("payroll_weeks", week_start=first - timedelta(days=back)):
                carry.setdefault(row["employee_id"], {})[row["week_start"]] = WeekCarry(
                    row["regular_seconds"] or 0, frozenset(date.fromisoformat(d) for d in row["days"] or ()))
        return carry

    @staticmethod
    def _warn_calendars(run: PayRun, employees, rules, ctx: JobContext) -> None:
        seen = set()
        for slip in run.payslips:
            e = employees[slip.employee_id]
            place = (e.get("country"), e.get("subdivision"))
            rs = rules.rule_set(e.get("rule_set"))
            if place in seen or rs is None or rs.holiday_percent is None:
                continue
            seen.add(place)
            if not known_calendar(*place):
                ctx.note(Problem(N_("No public holiday calendar for country {country} {subdivision}: no holiday premium is paid there."),
                                 None, {"country": place[0] or "", "subdivision": place[1] or ""}, "warning"))

    @staticmethod
    def _enter_books(run: PayRun, incoming: Incoming, ctx: JobContext) -> None:
        slips = run.payslips
        ctx.books.upsert_many("payslips", [{
            "employee_id": s.employee_id, "period": s.period, "period_start": s.period_start,
            "period_end": s.period_end, "hours": {k: str(v) for k, v in s.hours.items()}, "gross": gross,
            "deductions": [{"name": d.name, "amount": str(d.amount)} for d in s.deductions],
            "net": gross - s.total_deductions, "currency": s.currency}  # net as `Payslip.net` works it out
            for s in slips for gross in (s.gross,)])
        ctx.books.upsert_many("payslip_lines", [{
            "employee_id": s.employee_id, "period": s.period, "line": i, "code": line.code, "hours": line.hours,
            "rate": line.rate, "amount": line.amount, "run_id": ctx.job_id}
            for s in slips for i, line in enumerate(s.lines, start=1)])
        ctx.books.upsert_many("payroll_weeks", [{
            "employee_id": employee_id, "week_start": week.week_start, "regular_seconds": after.regular,
            "days": sorted(d.isoformat() for d in after.days)}
            for employee_id, weeks in run.weeks.items() for week in weeks for after in (carry_after(week),)])
        ctx.books.insert("payroll_runs", {
            "run_id": ctx.job_id, "period": run.period.key, "period_start": run.period.start,
            "period_end": run.period.end, "source_file": incoming.name, "employees": len(slips),
            "totals": {c: {k: str(v) for k, v in t.items()} for c, t in _totals(slips).items()},
            "payment_file": None, "created": ctx.now.isoformat(timespec="seconds")})

    def _outputs_and_mail(self, run: PayRun, employees, incoming: Incoming, ctx: JobContext) -> None:
        rules = ctx.rules.payroll
        settings = ctx.settings
        language = ctx.language
        slips = run.payslips
        stem = PurePath(incoming.name).stem
        register = write_register(ctx.output(f"payroll-register-{stem}.xlsx"), slips, employees, language)
        attachments = [Attachment(register.name, output=register.name,
                                  mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
        costs: dict[str, dict[str, Decimal]] = {}
        for s in slips:
            department = employees[s.employee_id].get("department") or "—"
            by_dep = costs.setdefault(s.currency, {})
            by_dep[department] = by_dep.get(department, Decimal(0)) + s.gross
        main = max(costs, key=lambda c: sum(costs[c].values()))
        departments = sorted(costs[main], key=lambda d: -costs[main][d])
        chart = ctx.output("cost-by-department.png")
        chart_title = f"{word('cost_by_department', language)} ({main})"
        png = bar_chart_png(departments, {main: [costs[main][d] for d in departments]}, title=chart_title,
                            value_label=main)
        chart.write_bytes(png)
        images, picture = inline_image(chart.name, png, chart_title)
        attachments += images
        sepa_name, not_in_sepa = self._payment_file(run, employees, ctx)
        if sepa_name:
            attachments.append(Attachment(sepa_name, output=sepa_name, mime_type="application/xml"))
            ctx.books.update("payroll_runs", ctx.job_id, payment_file=sepa_name)
        languages = {s.employee_id: normalize_language(employees[s.employee_id].get("language"), default=language)
                     for s in slips}
        pdfs: dict[str, str] = {}
        if rules.payslip_pdf:
            def drawn():  # each payslip said as it is drawn (PDFs of 200 staff take a while)
                for n, s in enumerate(slips, 1):
                    ctx.step(STEP_PAYSLIP, n=n, total=len(slips))
                    yield s, employees[s.employee_id], languages[s.employee_id]

            rendered = render_payslips(drawn(), settings.company.name)
            for s, data in zip(slips, rendered):
                pdfs[s.employee_id] = f"payslips/{s.employee_id}-{s.period_end:%Y-%m-%d}.pdf"
                ctx.output(pdfs[s.employee_id]).write_bytes(data)
        without_email = []
        for s in slips:
            e = employees[s.employee_id]
            lang = languages[s.employee_id]
            pdf_rel = pdfs.get(s.employee_id)
            if not rules.mail_payslips:
                continue
            if not e.get("email"):
                without_email.append(s.employee_id)
                continue
            ctx.mail(payslip_message(s, e, lang, pdf_rel))
        if without_email:
            ctx.note(Problem(N_("No e-mail address in the books for {employees}: their payslips were not mailed."),
                             None, {"employees": ", ".join(without_email)}, "warning"))
        totals = _totals(slips)
        ctx.mail(summary_message(tuple(rules.summary_to), slips, costs, totals, language, incoming.name,
                                 tuple(attachments), sepa_name, not_in_sepa, picture))
        for currency, total in sorted(totals.items()):
            ctx.note(Problem(NP_("{count} payslip for {period}: gross {gross} {currency}, net {net} {currency}.",
                                 "{count} payslips for {period}: gross {gross} {currency}, net {net} {currency}.", "count"),
                             Source(incoming.name), {"count": len(slips), "period": run.period.key,
                                                     "gross": total["gross"], "net": total["net"],
                                                     "currency": currency}, "info"))

    @staticmethod
    def _payment_file(run: PayRun, employees, ctx: JobContext) -> tuple[str | None, list[str]]:
        rules = ctx.rules.payroll
        company = ctx.settings.company
        if not rules.payment.enabled:
            return None, []
        if not company.iban:
            ctx.note(Problem(N_("No company IBAN in rules/settings.yaml: no salary transfer file was made."),
                             None, {}, "warning"))
            return None, []
        execution = run.period.end + timedelta(days=rules.payment.execution_days_after_period)
        try:
            data, unpaid = salary_transfer(run.payslips, employees, company_name=company.name,
                                           company_iban=company.iban, company_bic=company.bic,
                                           execution_date=execution, reference=rules.payment.reference)
        except AccountError as error:
            ctx.note(Problem(N_("No salary transfer file was made: {reason}"), None,
                             {"reason": str(error)}, "warning"))
            return None, []
        not_in_sepa = [u.employee_id for u in unpaid]
        if data is None:
            return None, not_in_sepa
        name = f"salaries-{run.period.end:%Y-%m-%d}.pain001.xml"
        ctx.output(name).write_bytes(data)
        return name, not_in_sepa


def _totals(slips) -> dict[str, dict[str, Decimal]]:
    totals: dict[str, dict[str, Decimal]] = {}
    for s in slips:
        t = totals.setdefault(s.currency, {"gross": Decimal(0), "deductions": Decimal(0), "net": Decimal(0)})
        t["gross"] += s.gross
        t["deductions"] += s.total_deductions
        t["net"] += s.net
    return totals
