"""Employee numbers of a timesheet, spelt as the books spell them.

A row for `e001` is for employee `E001` (the books compare keys without regard to case),
and one for `7` is for `007` when that is the only employee of that number: a spreadsheet
stores a number typed as digits as a number and drops its leading zeros; and `Jana Nováková`
is the one employee of that name (`payroll.employeenames`). Rows are given
the books' key before shifts are built, so hours, payslips and the register name one
employee once; a number read through its lost zeros is said, once per number.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from backoffice_auto.documents.keymatch import KeyMatcher
from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_
from backoffice_auto.payroll.employeenames import NameMatcher
from backoffice_auto.payroll.timesheet import TimeRow

MSG_LOST_ZEROS = N_("Employee {written} was read as employee {key} of the books: the spreadsheet stored the number "
                    "as a number and dropped its leading zeros; format the column as text to keep them.")

MSG_BY_NAME = N_("Employee '{written}' was read as employee {key} of the books, whose name it is.")


def books_employees(rows: list[TimeRow], employees: Mapping[str, Mapping[str, Any]]) -> tuple[list[TimeRow], list[Problem]]:
    """The rows with each employee number replaced by the books' key it means, and the notes."""
    matcher = KeyMatcher(employees)
    out: list[TimeRow] = []
    notes: list[Problem] = []
    said: set[str] = set()
    names = NameMatcher(employees)
    for row in rows:
        key, how = matcher.find(row.employee_id)
        if key is None and row.employee_id is not None:
            key, how = names.find(row.employee_id), "name"
        if key is None or how == "exact":
            out.append(row)
            continue
        if how == "zeros" and row.employee_id not in said:
            said.add(row.employee_id)
            notes.append(Problem(MSG_LOST_ZEROS, row.where("employee_id"), {"written": row.employee_id, "key": key},
                                 level="info"))
        if how == "name" and row.employee_id not in said:
            said.add(row.employee_id)
            notes.append(Problem(MSG_BY_NAME, row.where("employee_id"), {"written": row.employee_id, "key": key},
                                 level="info"))
        out.append(replace(row, employee_id=key))
    return out, notes
