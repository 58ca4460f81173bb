"""Every user-facing message of the statement readers and checks, from a small real input beside its text.

`tests/errors/bank/NAME.<ext>` is read as a dropped statement would be, then checked;
its problems, rendered in English, must equal `NAME.expected.txt`. `NAME.json` may set
`accounts` (default: the sample company's IBAN), `mapping` (one rules/bank mapping),
`max_lines`. With BACKOFFICE_UPDATE_EXPECTED=1 the expected files are (re)written: read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers import fixedwidth, ofx
from backoffice_auto.payments.readers.checks import SIDE_CREDITS, SIDE_DEBITS
from backoffice_auto.payments.readers.guessed import FIELD_NAMES
from backoffice_auto.payments.readers.mapping import BankMapping
from error_cases import assert_every_message_renders_in_every_language, assert_no_internal_names, declared_messages

CASES = Path(__file__).resolve().parent / "errors" / "bank"
PACKAGE = Path(__file__).resolve().parents[1] / "backoffice_auto" / "payments" / "readers"
IBAN = "CZ6508000000192000145399"
COVERED_ELSEWHERE = {
    # over limits.max_file_mb (at least 1 MB): tests/test_payments_readers.py
    "The file is {size_mb} MB, over the limit of {limit_mb} MB (limits.max_file_mb in rules/settings.yaml).",
    # the net under the readers' own refusals: nothing known reaches it (the fuzz tests hold them to that)
    "The file could not be read as a {format} statement: {detail}.",
    SIDE_DEBITS, SIDE_CREDITS,  # words inside a message, not messages
    *FIELD_NAMES.values(),
    # the fixed-width readers' field names, checks and places: words inside a message too
    *(getattr(fixedwidth, n) for n in dir(fixedwidth) if n.startswith(("F_", "ORDER_", "CHECK_"))),
    # why ofxtools refused, a phrase inside a message: tests/test_xml_faults.py (bad_ofx here)
    ofx.L_HEADER, ofx.L_NESTING,
}


def inputs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix not in (".json", ".txt"))


def problems_of(path: Path):
    options = json.loads(path.with_suffix(".json").read_text()) if path.with_suffix(".json").exists() else {}
    mappings = {path.stem: BankMapping.model_validate(options["mapping"])} if "mapping" in options else {}
    try:
        statements = read_statements(path.read_bytes(), path.name, mappings=mappings,
                                     max_lines=options.get("max_lines", 1000))
    except Refusal as refusal:
        return refusal.problems
    return check_statements(statements, options.get("accounts", [IBAN]))


@pytest.mark.parametrize("path", inputs(), ids=lambda p: p.name)
def test_statement_message(path: Path):
    expected_file = path.with_name(path.stem + ".expected.txt")
    actual = "".join(f"{p.level}: {p.render()}\n" for p in problems_of(path))
    if os.environ.get("BACKOFFICE_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert actual, f"{path.name} gave no problem at all"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_statement_message_has_an_input_here():
    # mapping.py holds rule-file messages: tests/test_payments_readers.py
    declared = declared_messages(m for m in sorted(PACKAGE.glob("*.py")) if m.name != "mapping.py")
    produced = {p.message for path in inputs() for p in problems_of(path)}
    missing = sorted(declared - produced - COVERED_ELSEWHERE)
    assert not missing, "no input in tests/errors/bank/ for:\n" + "\n".join(missing)


def test_every_message_renders_in_every_language():
    assert_every_message_renders_in_every_language(inputs(), problems_of)


def test_no_message_shows_an_internal_name_in_any_language():
    assert_no_internal_names(inputs(), problems_of)
