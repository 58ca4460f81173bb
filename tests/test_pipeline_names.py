"""Names the service writes (`pipeline/names.py`) and the inbox entry checks
(`pipeline/inbox_entry.py`): a plainly written reference and properties over any name."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.pipeline import inbox_entry
from backoffice_auto.pipeline.names import MAX_NAME_BYTES, free_failed_name, one_line, safe_name, safe_relative


def test_ordinary_names_are_kept_as_they_are():
    for name in ("items.xlsx", "Objednávka 48 (kopie).xlsx", "faktura_2026-001.pdf", "week48.csv.error.txt"):
        assert safe_name(name, "000001") == name


def test_unsafe_characters_hidden_and_windows_names():
    assert safe_name("week\n48\r.csv", "000007") == "week_48_.csv"
    assert safe_name("a/b\\c:d*e?.xlsx", "000007") == "a_b_c_d_e_.xlsx"
    assert safe_name("..hidden.csv", "000007") == "hidden.csv"
    assert safe_name("CON.csv", "000007") == "CON_.csv"
    assert safe_name("trailing. ", "000007") == "trailing"
    assert safe_name("", "000007") == "file"


def test_long_name_keeps_its_extension_is_cut_and_gets_the_job_id():
    name = "objednavka-" + "x" * 235 + ".csv"
    safe = safe_name(name, "000042")
    assert safe.startswith("objednavka-xxx") and safe.endswith("~000042.csv")
    assert len(safe.encode()) == MAX_NAME_BYTES
    wide = "ž" * 200 + ".xlsx"  # two bytes each: never cut in the middle of a character
    assert safe_name(wide, "000042").endswith("~000042.xlsx")
    assert len(safe_name(wide, "000042").encode()) <= MAX_NAME_BYTES


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400), st.integers(min_value=1, max_value=999999))
def test_any_name_becomes_one_bounded_file_name(name, number):
    job = f"{number:06d}"
    safe = safe_name(name, job)
    assert safe and safe not in (".", "..")
    assert len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    assert "/" not in safe and "\\" not in safe and not any(ord(c) < 32 for c in safe)
    assert not safe.startswith(".")
    assert safe_name(safe, job) == safe  # already safe: unchanged
    line = one_line(name, 50)
    assert "\n" not in line and "\r" not in line and len(line) <= 50


def test_output_paths_stay_inside_and_bounded():
    assert safe_relative("../../etc/passwd", "000001") == "etc/passwd"
    assert safe_relative("sub/changes-" + "y" * 300 + ".xlsx", "000001").startswith("sub/changes-yyy")


def test_failed_name_is_new_together_with_both_reports(tmp_path):
    failed = tmp_path / "failed"
    failed.mkdir()
    assert free_failed_name(failed, "week48.csv", "000002") == "week48.csv"
    (failed / "week48.csv.error.txt").write_text("an original named like a report")
    assert free_failed_name(failed, "week48.csv", "000002") == "000002-week48.csv"
    (failed / "000002-week48.csv.ERROR.JSON").write_text("case differs only")
    assert free_failed_name(failed, "week48.csv", "000002") == "000002-2-week48.csv"


def test_entry_kinds_are_seen_without_following(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "books").mkdir(parents=True)
    target = tmp_path / "secret.db"
    target.write_bytes(b"secret")
    regular = inbox / "books" / "a.csv"
    regular.write_text("x")
    os.symlink(target, inbox / "books" / "link.xlsx")
    os.symlink(tmp_path, inbox / "books" / "folder")
    os.mkfifo(inbox / "books" / "pipe.csv")
    os.link(target, inbox / "books" / "hard.xlsx")
    kinds = {p.name: inbox_entry.inspect(p, inbox).kind for p in inbox_entry.walk(inbox, inbox)}
    assert kinds == {"a.csv": "file", "link.xlsx": "symlink", "folder": "linked-folder", "pipe.csv": "fifo",
                     "hard.xlsx": "hardlink"}
    beyond = inbox_entry.inspect(inbox / "books" / "folder" / "secret.db", inbox)
    assert beyond.kind == "linked-folder" and beyond.path.name == "folder"
    assert inbox_entry.read(inbox_entry.inspect(regular, inbox), inbox) == b"x"
    outside = inbox_entry.inspect(target, inbox)
    assert outside.inbox_rel is None


def test_removing_a_link_never_touches_its_target(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "books").mkdir(parents=True)
    target = tmp_path / "keep.txt"
    target.write_text("keep")
    os.symlink(target, inbox / "books" / "link.txt")
    entry = inbox_entry.inspect(inbox / "books" / "link.txt", inbox)
    inbox_entry.remove_name(entry, inbox)
    assert not os.path.lexists(inbox / "books" / "link.txt") and target.read_text() == "keep"


def test_move_never_overwrites_and_finishes_a_cut_move(tmp_path):
    source, target = tmp_path / "a.csv", tmp_path / "out" / "a.csv"
    source.write_text("new")
    target.parent.mkdir()
    target.write_text("old")
    assert inbox_entry.move_without_overwrite(source, target) is False
    assert target.read_text() == "old" and source.read_text() == "new"
    target.unlink()
    os.link(source, target)  # what a crash between link and unlink leaves
    assert inbox_entry.move_without_overwrite(source, target) is True
    assert not source.exists() and target.read_text() == "new"
