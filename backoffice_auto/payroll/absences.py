"""Days a timesheet marks as absent with a word where the hours or the times would be:
`dovolená`, `urlop`, `L4`, `vacaciones`, `congé`, `sick`.

A clerk writes the reason instead of hours; nobody reading the sheet takes it for worked
time, and nor does the reader: such a row counts no hours and is named in a warning, so
the manager sees which days were absences and that their pay (leave, sick pay, a public
holiday off) is not worked out from the timesheet. A row holding both an absence word and
times is not read as absent: its times are read (and a word where a time must be is refused).
"""

from __future__ import annotations

import unicodedata
from typing import Any, Iterable

from backoffice_auto.errors import Problem, Source
from backoffice_auto.documents.rowkinds import row_ranges
from backoffice_auto.i18n import N_

__all__ = ["absence_word", "absence_notes", "MSG_ABSENCES"]

MSG_ABSENCES = N_("Absences with no hours worked (rows {rows}: '{word}'): pay for leave, sickness or a holiday "
                  "off is not worked out from the timesheet.")

_WORDS = frozenset((
    # en
    "vacation", "holiday", "holidays", "annual leave", "leave", "paid leave", "unpaid leave", "sick", "sick leave",
    "sickness", "ill", "off", "day off", "absent", "absence", "public holiday", "bank holiday", "pto",
    # cs
    "dovolena", "dov", "nemoc", "nemocenska", "pn", "neschopenka", "svatek", "statni svatek", "volno",
    "nahradni volno", "nv", "lekar", "ocr", "neplacene volno", "absence",
    # pl
    "urlop", "urlop wypoczynkowy", "uw", "urlop na zadanie", "uz", "l4", "chorobowe", "zwolnienie lekarskie",
    "choroba", "swieto", "wolne", "dzien wolny", "nieobecnosc", "urlop bezplatny",
    # es
    "vacaciones", "baja", "baja medica", "enfermedad", "festivo", "libre", "dia libre", "ausencia", "permiso",
    "ausente", "dia festivo",
    # fr
    "conge", "conges", "conges payes", "cp", "maladie", "arret maladie", "ferie", "jour ferie", "repos",
    "rtt", "conge maladie",
))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()
    return " ".join(text.replace(".", " ").replace("-", " ").strip().lower().split())


def absence_word(values: Iterable[Any]) -> str | None:
    """The absence word written in a row's time cells (`values`, blanks as None) when they hold
    nothing else, else None."""
    word = None
    for value in values:
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > 40 or _fold(value) not in _WORDS:
            return None
        word = word or value.strip()
    return word


def absence_notes(absent: dict[str, list[int]], where: Source) -> list[Problem]:
    """One warning per absence word, naming its (1-based) rows."""
    return [Problem(MSG_ABSENCES, where, {"rows": row_ranges(rows), "word": word}, level="warning")
            for word, rows in absent.items()]
