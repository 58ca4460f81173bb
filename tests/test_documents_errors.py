"""Every user-facing reader message, from a small real input beside its expected text.

`tests/errors/documents/NAME.<ext>` is read as a clerk's file would be; its problems,
rendered in English as `file:Sheet!C7: message`, must equal `NAME.expected.txt`.
`NAME.json` may set `table` (a books table or an input document), `locale`, `limits`, and
`same_above` and `group` as a reader passes them (`documents.sameabove`).
With BACKOFFICE_UPDATE_EXPECTED=1 the expected files are (re)written: read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.fieldlabels import FIELD_LABELS, TABLE_LABELS
from backoffice_auto.documents.inputs import INPUT_DOCUMENTS
from backoffice_auto.documents.tables import find_duplicate_keys, read_table
from backoffice_auto.documents import xmlerrors
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Label, Refusal
from backoffice_auto.rules.settings_model import Limits
from error_cases import assert_every_message_renders_in_every_language, assert_no_internal_names, declared_messages

CASES = Path(__file__).resolve().parent / "errors" / "documents"
PACKAGE = Path(__file__).resolve().parents[1] / "backoffice_auto" / "documents"
INPUT_SUFFIXES = {".xlsx", ".xls", ".xlsm", ".csv", ".ods"}
# Messages whose input cannot be small: a file over `limits.max_file_mb` (at least 1 MB).
COVERED_ELSEWHERE = {
    "The file is {size_mb} MB, over the limit of {limit_mb} MB (limits.max_file_mb in rules/settings.yaml).",
    # an .xls that calamine reads but whose records `xlsmarks` cannot follow: none is known; the message is
    # tested in test_documents_hand_made.py (test_an_xls_whose_hidden_rows_cannot_be_read_...)
    "This old Excel (.xls) sheet could not be checked for hidden rows and columns, so every row and column was "
    "read; if some were hidden (by hand or by a filter), delete them or save the file as .xlsx and drop it again.",
    # why an XML file cannot be read (documents/xmlerrors.py): phrases inside the bank readers' messages,
    # each with its broken statement in tests/test_xml_faults.py
    *(getattr(xmlerrors, n) for n in dir(xmlerrors) if n.isupper() and isinstance(getattr(xmlerrors, n), str)),
}


def inputs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix in INPUT_SUFFIXES)


def problems_of(path: Path):
    options = json.loads(path.with_suffix(".json").read_text()) if path.with_suffix(".json").exists() else {}
    limits = Limits(**options.get("limits", {}))
    try:
        book = read_workbook(path.read_bytes(), path.name, limits)
    except Refusal as refusal:
        return refusal.problems
    table = options.get("table", "items")
    fields = TABLES[table].fields if table in TABLES else INPUT_DOCUMENTS[table]
    problems = []
    for sheet in book.sheets:
        if sheet.is_empty():
            continue
        read = read_table(sheet, fields, path.name, options.get("locale", "en_GB"),
                          same_above=options.get("same_above", ()), group=options.get("group"))
        problems += read.problems + read.notes
        if table in TABLES:
            problems += find_duplicate_keys(read.records, TABLES[table].key)
    return problems


@pytest.mark.parametrize("path", inputs(), ids=lambda p: p.name)
def test_reader_message(path: Path):
    expected_file = path.with_name(path.stem + ".expected.txt")
    actual = "".join(p.render() + "\n" for p in problems_of(path))
    if os.environ.get("BACKOFFICE_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual, f"{path.name} gave no problem at all"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_reader_message_has_an_input_here():
    declared = declared_messages(sorted(PACKAGE.glob("*.py")))
    problems = [p for path in inputs() for p in problems_of(path)]
    # a phrase put into a message (why a workbook is damaged) counts where a message carries it
    produced = {p.message for p in problems} | {v for p in problems for v in (p.params or {}).values()
                                                 if isinstance(v, Label)}
    labels = set(FIELD_LABELS.values()) | set(TABLE_LABELS.values())  # not messages: names put into them
    missing = sorted(declared - produced - COVERED_ELSEWHERE - labels)
    assert not missing, "no input in tests/errors/documents/ for:\n" + "\n".join(missing)


def test_every_message_renders_in_every_language():
    assert_every_message_renders_in_every_language(inputs(), problems_of)

def test_no_message_shows_an_internal_name_in_any_language():
    assert_no_internal_names(inputs(), problems_of)
