"""Bounded resources for every input read (issue 12, item 5, the readers' part).

Reproduced as found: a 1.9 KB workbook with one cell at `GR1000000` made the reader ask for
6.4 GB and abort; a 3 KB shared-strings bomb (one 1 MB string used 300 times) took 65 s in
the header matcher and copied the megabyte into `.error.txt`, `.error.json` and a notice
mail. The `process` command runs in its own process under a 2 GB address-space limit, so an
allocation of the whole grid would kill it instead of passing unnoticed.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice_auto.documents.aliases import alias_index
from backoffice_auto.errors import MAX_PARAM_CHARS, Problem, Source
from conftest import write_workbook

CASES = Path(__file__).resolve().parent / "errors" / "documents"
ADDRESS_SPACE = 2 * 1024 ** 3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _process(workspace, path: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "backoffice_auto", "process", str(path), "-w",
                             str(workspace.root), "--json"], capture_output=True, text=True, timeout=120,
                            preexec_fn=_limit_memory)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr)
    [outcome] = json.loads(result.stdout)
    return outcome


def _said(outcome) -> list[dict]:
    """The refusal's own messages; `process` adds an info line when it waited for a fresh file."""
    return [m for m in outcome["messages"] if m["level"] != "info"]


def _drop(workspace, case: str, folder: str = "books") -> Path:
    target = workspace.inbox / folder / case
    target.write_bytes((CASES / case).read_bytes())
    return target


def test_one_far_cell_inside_the_row_and_column_limits_is_refused_before_loading(workspace):
    path = _drop(workspace, "far_cell_area.xlsx")
    assert path.stat().st_size < 2000
    outcome = _process(workspace, path)
    assert outcome["status"] == "refused"
    assert [m["text"] for m in _said(outcome)] == [
        "The sheet's used area is 1000000 rows by 200 columns (200000000 cells, from A1 to its farthest cell "
        "GR1000000), over the limit of 5000000 cells (limits.max_cells in rules/settings.yaml); it was refused "
        "before loading."]
    assert (workspace.root / "failed" / "far_cell_area.xlsx").exists()
    assert not path.exists()


def test_shared_strings_bomb_is_refused_and_no_message_copies_the_string(workspace):
    path = _drop(workspace, "shared_string_bomb.xlsx")
    assert path.stat().st_size < 5000
    outcome = _process(workspace, path)
    assert [f"{m['where']}: {m['text']}" for m in _said(outcome)] == [
        "shared_string_bomb.xlsx:Items!A1: This cell holds 1000000 characters, over the limit of 32767 "
        "(limits.max_cell_chars in rules/settings.yaml)."]
    for output in outcome["outputs"]:
        assert (workspace.root / output).stat().st_size < 20_000, output


def test_a_long_text_in_a_message_is_cut_with_an_ellipsis(workspace):
    """A 30,000-character employee id (within a cell's limit) is named in the refusal, cut short."""
    path = write_workbook(workspace.inbox / "timesheets" / "week48.xlsx", {"Hours": [
        ["employee_id", "date", "hours"], ["E" * 30_000, "2026-11-16", 8]]})
    outcome = _process(workspace, path)
    assert outcome["status"] == "refused"
    [text] = [m["text"] for m in _said(outcome)]
    assert "E" * (MAX_PARAM_CHARS - 1) + "\u2026" in text
    assert len(text) < MAX_PARAM_CHARS + 200
    for output in outcome["outputs"]:
        assert (workspace.root / output).stat().st_size < 20_000, output


def test_every_message_parameter_is_bounded_in_one_place():
    problem = Problem("{a} and {b}", Source("f.csv"), {"a": "x" * 10_000, "b": 7})
    assert problem.text() == "x" * (MAX_PARAM_CHARS - 1) + "\u2026 and 7"


def test_header_matching_does_not_fold_megabyte_strings():
    index = alias_index(["sku", "name"])
    assert index.field("x" * 1_000_000) is None
    assert index.field("SKU") == "sku"


@pytest.mark.parametrize("case", ["shared_text_expansion.xlsx", "long_cell.csv"])
def test_other_bounds_refuse_the_file_through_process(workspace, case):
    if case == "shared_text_expansion.xlsx":
        settings = workspace.root / "rules" / "settings.yaml"
        settings.write_text(settings.read_text().replace("max_uncompressed_mb: 500", "max_uncompressed_mb: 1"))
    outcome = _process(workspace, _drop(workspace, case))
    assert outcome["status"] == "refused"
    expected = CASES / (Path(case).stem + ".expected.txt")
    assert [f"{m['where']}: {m['text']}" for m in _said(outcome)] == \
        expected.read_text(encoding="utf-8").splitlines()


def test_a_csv_line_too_long_for_one_field_is_refused_by_its_width_not_as_internal_error(workspace):
    # 200,000 commas on one line: guessing the delimiter read the line with ';' as one field past
    # Python's csv field limit, and the clerk was told "internal error ... field larger than field limit"
    path = workspace.inbox / "orders" / "export.csv"
    path.write_text("order_id,order_date,customer_id,sku,quantity\n" + "O1,2026-11-16,C1,A1,1" + "," * 200_000 + "\n",
                    encoding="utf-8")
    outcome = _process(workspace, path)
    assert outcome["status"] == "refused"
    assert [f"{m['where']}: {m['text']}" for m in _said(outcome)] == [
        "export.csv:export: The sheet has 200005 columns, over the limit of 1000 (limits.max_columns in rules/settings.yaml)."]
