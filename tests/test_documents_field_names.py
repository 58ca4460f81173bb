"""A reader's message names a column as the clerk heads it, in their language; never by the
internal field name (`order_id`, `unit_price`, "for example 'order id', 'order no'").

For every table and input document, a sheet missing each required column in turn, a sheet
with one field twice, a guessed header, and a sheet with no header at all: each message,
rendered in en, cs, pl, es and fr, shows no internal name and shows the field's label.
"""

from __future__ import annotations

import re

import pytest

from backoffice_auto.books.schema import TABLES
from backoffice_auto.documents.aliases import ALIASES
from backoffice_auto.documents.fieldlabels import FIELD_LABELS, field_label
from backoffice_auto.documents.inputs import INPUT_DOCUMENTS
from backoffice_auto.documents.tables import read_table
from backoffice_auto.documents.workbook import read_workbook
from backoffice_auto.errors import Refusal
from backoffice_auto.i18n import translate
from backoffice_auto.orders.reader import read_orders
from conftest import xlsx_bytes

LANGUAGES = ("en", "cs", "pl", "es", "fr")
SHAPES = {**{name: t.fields for name, t in TABLES.items()}, **INPUT_DOCUMENTS}
INTERNAL = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _sheet(rows):
    return read_workbook(xlsx_bytes({"Sheet": rows}), "in.xlsx").sheets[0]


def _assert_clean(problem, field: str | None = None):
    for language in LANGUAGES:
        text = problem.text(language)
        assert not INTERNAL.search(text), (language, text)
        if field is not None:
            assert translate(field_label(field), language) in text, (language, text)


def _cases():
    for shape, fields in SHAPES.items():
        required = [f.name for f in fields if f.required] or [fields[0].name]
        for missing in required:
            yield shape, missing


@pytest.mark.parametrize(("shape", "missing"), list(_cases()), ids=lambda v: str(v))
def test_a_missing_column_is_named_by_its_label_in_every_language(shape, missing):
    fields = SHAPES[shape]
    required = [f.name for f in fields if f.required] or [fields[0].name]
    present = [f.name for f in fields if f.name != missing]
    headers = [translate(field_label(n), "cs") for n in present]
    read = read_table(_sheet([headers, ["x"] * len(headers)]), fields, "in.xlsx", required=required)
    problems = [p for p in read.problems if p.message.startswith("Required column")]
    if read.header_row is None:  # too few columns left to find a header: that message is checked below
        return
    assert problems, read.problems
    (problem,) = problems  # every other column, headed by its Czech label, was recognised
    _assert_clean(problem, missing)
    for other in read.problems + read.notes:
        if "{value}" not in other.message:  # a cell's message may list the values to type (`on_hold`)
            _assert_clean(other)


def test_every_field_a_reader_reads_has_a_label_in_every_language():
    names = {f.name for fields in SHAPES.values() for f in fields} | set(ALIASES)
    unlabelled = sorted(n for n in names if n not in FIELD_LABELS)
    assert not unlabelled
    for name in names:
        for language in ("cs", "pl", "es", "fr"):
            assert translate(FIELD_LABELS[name], language), name


def test_no_header_and_the_same_field_twice_name_labels():
    read = read_table(_sheet([["Hello", "World"], ["1", "2"]]), TABLES["items"].fields, "in.xlsx")
    _assert_clean(read.problems[0])
    assert "Kód zboží" in read.problems[0].text("cs")
    twice = read_table(_sheet([["SKU", "Unit price", "Cena"], ["A-1", "1", "2"]]), TABLES["items"].fields, "in.xlsx")
    _assert_clean(twice.problems[0], "unit_price")


def test_a_guessed_header_names_what_it_was_taken_for():
    read = read_table(_sheet([["SKU", "Quantity on hnad"], ["A-1", "2"]]), TABLES["items"].fields, "in.xlsx")
    (guess,) = [n for n in read.notes if n.level == "warning"]
    _assert_clean(guess, "on_hand")
    assert read.records[0]["on_hand"] == 2


def test_an_order_file_without_an_order_header_names_labels():
    with pytest.raises(Refusal) as refused:
        read_orders(xlsx_bytes({"S": [["colour", "size"], ["a", "b"]]}), "bad.xlsx", "en_GB")
    (problem,) = refused.value.problems
    _assert_clean(problem)
    assert "Numéro de commande" in problem.text("fr")


def test_missing_order_column_in_czech_reads_as_the_clerk_writes_it():
    data = xlsx_bytes({"Objednávky": [["Datum", "Odběratel", "Kód zboží", "Množství"],
                                      ["20.11.2026", "C001", "A-1", "1"]]})
    read = read_orders(data, "obj.xlsx", "cs_CZ")
    assert [p.render("cs") for p in read.problems] == [
        "obj.xlsx:Objednávky!1: Chybí povinný sloupec Číslo objednávky: žádné záhlaví v tomto řádku jej neoznačuje."]
