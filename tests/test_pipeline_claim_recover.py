"""Claim and recover as functions over a `JobEnv`, in this process (fast enough for mutation testing).

The crash tests (`test_pipeline.py`, `test_pipeline_bounds.py`) drive these stages through
real killed processes; here each rule of `pipeline/claim.py` and `pipeline/recover.py` is
checked on its own with a real workspace and a real SQLite journal: what a claim writes,
when it is a take-over or a duplicate, what `recover()` finishes, forgets and reports,
what `retry` puts back, and which books workbooks a flush refreshes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from backoffice_auto.books import journal
from backoffice_auto.books.schema import TABLES
from backoffice_auto.eventlog import read_events
from backoffice_auto.pipeline import inbox_entry
from backoffice_auto.pipeline.claim import Claim, claim, claim_unread
from backoffice_auto.pipeline.env import ConfigError, JobEnv
from backoffice_auto.pipeline.handler import Incoming
from backoffice_auto.pipeline.recover import flush_books, recover, reopen_refused
from backoffice_auto.pipeline.runner import Pipeline

NOON = datetime(2026, 11, 30, 12, 0, 0, tzinfo=timezone.utc)
DATA = b"sku,name\nA1,Widget\n"
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def env(workspace):
    pipeline = Pipeline(workspace, handlers=[])
    yield JobEnv(workspace=workspace, store=pipeline.store, rules=pipeline.rules, clock=lambda: NOON)
    pipeline.close()


def _incoming(name: str = "items.csv", data: bytes = DATA) -> Incoming:
    return Incoming(name=name, data=data, folder_hint="books")


def _rows(env: JobEnv) -> list[journal.JobRow]:
    return env.store.journal.recent(limit=100)[::-1]


def _commit(env: JobEnv, job_id: str, status: str, *, archived_as: str | None = None,
            manifest: dict | None = None) -> None:
    with env.store.transaction():
        env.store.journal.finish(job_id, status=status, kind="books", rules_hash=None,
                       finished_at="2026-11-30T12:00:00+00:00", outbox_dir=None, manifest=manifest or {},
                       messages=[], archived_as=archived_as)


def _running(env: JobEnv, job_id: str, inbox_path: str, sha256: str = SHA) -> None:
    with env.store.transaction():
        env.store.journal.insert_running(job_id, sha256, Path(inbox_path).name, inbox_path, "books",
                               env.stamp())


# --------------------------------------------------------------------------- claim


def test_a_claim_is_a_frozen_record_and_not_a_retry_unless_said():
    made = Claim("000001", None)
    assert made.retried is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.job_id = "000002"  # type: ignore[misc]


def test_a_new_file_is_claimed_as_a_running_job_with_its_content_hash(env):
    result = claim(env, _incoming(), "inbox/books/items.csv", dry_run=False)
    assert (result.job_id, result.duplicate_of, result.retried) == ("000001", None, False)
    [row] = _rows(env)
    assert (row.job_id, row.sha256, row.file_name, row.inbox_path, row.folder_hint, row.status, row.delivered,
            row.started_at) == ("000001", SHA, "items.csv", "inbox/books/items.csv", "books", "running", False,
                                "2026-11-30T12:00:00+00:00")


def test_the_next_claim_gets_the_next_number(env):
    assert claim(env, _incoming(), "inbox/books/items.csv", dry_run=False).job_id == "000001"
    other = claim(env, _incoming("prices.csv", b"other"), "inbox/books/prices.csv", dry_run=False)
    assert (other.job_id, other.duplicate_of, other.retried) == ("000002", None, False)
    assert [r.job_id for r in _rows(env)] == ["000001", "000002"]


def test_a_claim_left_running_by_a_dead_process_is_taken_over_not_doubled(env):
    claim(env, _incoming(), "inbox/books/items.csv", dry_run=False)
    again = claim(env, _incoming(), "inbox/books/items.csv", dry_run=False)
    assert (again.job_id, again.duplicate_of, again.retried) == ("000001", None, True)
    assert [r.job_id for r in _rows(env)] == ["000001"]
    # the same content at another path is another claim, not a take-over
    elsewhere = claim(env, _incoming(), "inbox/books/copy.csv", dry_run=False)
    assert (elsewhere.job_id, elsewhere.retried) == ("000002", False)


def test_content_already_done_is_named_as_the_duplicate(env):
    claim(env, _incoming(), "inbox/books/items.csv", dry_run=False)
    _commit(env, "000001", "done")
    again = claim(env, _incoming("items again.csv"), "inbox/books/items again.csv", dry_run=False)
    assert again.job_id == "000002" and again.retried is False
    assert again.duplicate_of is not None and again.duplicate_of.job_id == "000001"
    assert claim(env, _incoming("new.csv", b"new"), "inbox/books/new.csv", dry_run=False).duplicate_of is None


def test_a_dry_run_claims_nothing(env):
    result = claim(env, _incoming(), "inbox/books/items.csv", dry_run=True)
    assert (result.job_id, result.duplicate_of, result.retried) == ("dry-run", None, False)
    assert _rows(env) == []
    # a claim a crash left running keeps its own id in a dry run too
    claim(env, _incoming(), "inbox/books/items.csv", dry_run=False)
    again = claim(env, _incoming(), "inbox/books/items.csv", dry_run=True)
    assert (again.job_id, again.retried) == ("000001", True)


def test_an_unread_entry_is_claimed_by_its_identity(env, workspace):
    path = workspace.inbox / "books" / "big.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 10)
    entry = inbox_entry.inspect(path, workspace.inbox)
    job_id = claim_unread(env, entry, _incoming("big.csv", b""), "inbox/books/big.csv")
    assert job_id == "000001"
    [row] = _rows(env)
    assert (row.sha256, row.file_name, row.inbox_path, row.folder_hint, row.status, row.started_at) == (
        entry.identity_digest(), "big.csv", "inbox/books/big.csv", "books", "running", "2026-11-30T12:00:00+00:00")
    assert claim_unread(env, entry, _incoming("big.csv", b""), "inbox/books/big.csv") == "000002"


# --------------------------------------------------------------------------- recover


def test_recover_with_nothing_to_do_reports_nothing(env, workspace):
    assert recover(env) == {"delivered": 0, "interrupted": 0}
    assert read_events(workspace, "recovered") == []
    assert env.store.journal.stale() == {}


def test_recover_forgets_claims_whose_file_is_gone_and_keeps_the_others(env, workspace):
    kept = workspace.inbox / "books" / "kept.csv"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(DATA)
    _running(env, "000001", "inbox/books/kept.csv")
    _running(env, "000002", "inbox/books/gone.csv")
    for job in ("000001", "000002"):
        (workspace.staging_root / job / "out").mkdir(parents=True)
    assert recover(env) == {"delivered": 0, "interrupted": 2}
    assert [(r.job_id, r.status) for r in _rows(env)] == [("000001", "running")]
    assert not (workspace.staging_root / "000001").exists() and not (workspace.staging_root / "000002").exists()
    [event] = read_events(workspace, "recovered")
    assert (event["delivered"], event["interrupted"], event["undeliverable"]) == (0, 2, 0)
    assert set(env.store.journal.stale()) == set(TABLES)


def test_recover_keeps_a_claim_whose_inbox_name_is_a_dangling_link(env, workspace):
    link = workspace.inbox / "books" / "link.csv"
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(workspace.root / "nowhere.csv", link)
    _running(env, "000001", "inbox/books/link.csv")
    assert recover(env) == {"delivered": 0, "interrupted": 1}
    assert [r.job_id for r in _rows(env)] == ["000001"]


def test_recover_finishes_every_committed_delivery(env, workspace):
    for job, name in (("000001", "a.csv"), ("000002", "b.csv")):
        path = workspace.inbox / "books" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(DATA + name.encode())
        _running(env, job, f"inbox/books/{name}", hashlib.sha256(DATA + name.encode()).hexdigest())
        _commit(env, job, "refused", archived_as=f"failed/{name}")
    assert recover(env) == {"delivered": 2, "interrupted": 0}
    assert sorted(p.name for p in workspace.failed.iterdir()) == ["a.csv", "b.csv"]
    assert [r.delivered for r in _rows(env)] == [True, True]
    [event] = read_events(workspace, "recovered")
    assert (event["delivered"], event["interrupted"], event["undeliverable"]) == (2, 0, 0)
    assert set(env.store.journal.stale()) == set(TABLES)


def test_a_delivery_that_cannot_finish_is_reported_and_the_others_still_are_delivered(env, workspace):
    blocked = workspace.staging_root / "000001" / "out" / "a.csv.error.txt"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("the reason", encoding="utf-8")
    (workspace.failed / "a.csv.error.txt").write_text("someone else's file", encoding="utf-8")
    _running(env, "000001", "inbox/books/a.csv")
    _commit(env, "000001", "refused", manifest={"outputs": ["failed/a.csv.error.txt"]})
    assert recover(env) == {"delivered": 0, "interrupted": 0}
    [event] = read_events(workspace, "recovered")
    assert (event["delivered"], event["interrupted"], event["undeliverable"]) == (0, 0, 1)
    [failure] = read_events(workspace, "job.delivery_failed")
    assert failure["job"] == "000001" and "exists already" in failure["error"]
    assert set(env.store.journal.stale()) == set(TABLES)
    assert (workspace.failed / "a.csv.error.txt").read_text(encoding="utf-8") == "someone else's file"
    assert _rows(env)[0].delivered is False  # tried again at the next start


def test_every_delivery_that_cannot_finish_is_counted(env, workspace):
    for job in ("000001", "000002"):
        name = f"{job}.csv.error.txt"
        blocked = workspace.staging_root / job / "out" / name
        blocked.parent.mkdir(parents=True)
        blocked.write_text("the reason", encoding="utf-8")
        (workspace.failed / name).write_text("someone else's file", encoding="utf-8")
        _running(env, job, f"inbox/books/{job}.csv")
        _commit(env, job, "refused", manifest={"outputs": [f"failed/{name}"]})
    assert recover(env) == {"delivered": 0, "interrupted": 0}
    [event] = read_events(workspace, "recovered")
    assert (event["delivered"], event["interrupted"], event["undeliverable"]) == (0, 0, 2)
    assert [f["job"] for f in read_events(workspace, "job.delivery_failed")] == ["000001", "000002"]


# --------------------------------------------------------------------------- retry


def test_retry_of_an_unknown_or_unrefused_job_is_refused_with_the_reason(env):
    with pytest.raises(ConfigError) as unknown:
        reopen_refused(env, "000009")
    assert unknown.value.lines == ["no job 000009, and no refused file of that name (see `backoffice-auto status`)"]
    _running(env, "000001", "inbox/books/items.csv")
    _commit(env, "000001", "done")
    with pytest.raises(ConfigError) as done:
        reopen_refused(env, "000001")
    assert done.value.lines == ["job 000001 is done; only refused jobs can be retried"]


def test_retry_puts_the_original_back_and_removes_the_refusals_outputs(env, workspace):
    (workspace.failed / "items.csv").write_bytes(DATA)
    (workspace.failed / "items.csv.error.txt").write_text("why", encoding="utf-8")
    _running(env, "000001", "inbox/books/items.csv")
    _commit(env, "000001", "refused", archived_as="failed/items.csv",
            manifest={"outputs": ["failed/items.csv.error.txt", "failed/gone.json"]})
    assert reopen_refused(env, "000001") == workspace.root / "inbox/books/items.csv"
    assert (workspace.inbox / "books" / "items.csv").read_bytes() == DATA
    assert list(workspace.failed.iterdir()) == []
    [row] = _rows(env)
    assert (row.status, row.delivered, row.archived_as, row.manifest) == ("running", False, None, {})


def test_retry_never_overwrites_a_new_file_of_the_same_name_in_the_inbox(env, workspace):
    (workspace.failed / "items.csv").write_bytes(DATA)
    waiting = workspace.inbox / "books" / "items.csv"
    waiting.parent.mkdir(parents=True, exist_ok=True)
    waiting.write_bytes(b"the new one")
    _running(env, "000001", "inbox/books/items.csv")
    _commit(env, "000001", "refused", archived_as="failed/items.csv")
    with pytest.raises(ConfigError) as error:
        reopen_refused(env, "000001")
    assert error.value.lines == ["inbox/books/items.csv is in the inbox again; process it or move it away "
                                 "before retrying job 000001"]
    assert waiting.read_bytes() == b"the new one" and (workspace.failed / "items.csv").read_bytes() == DATA
    assert _rows(env)[0].status == "refused"


def test_retry_of_a_refusal_whose_original_is_gone_says_so(env, workspace):
    _running(env, "000001", "inbox/books/items.csv")
    _commit(env, "000001", "refused", archived_as=None)
    with pytest.raises(ConfigError) as error:
        reopen_refused(env, "000001")
    assert error.value.lines == ["job 000001 cannot be retried: its original items.csv is no longer in failed/ "
                                 "(it was moved or removed). Drop the corrected file into inbox/books/ instead."]
    assert _rows(env)[0].status == "refused"
    # the file dropped into the inbox again: the job is reopened for it
    (workspace.inbox / "books").mkdir(parents=True, exist_ok=True)
    (workspace.inbox / "books" / "items.csv").write_bytes(DATA)
    assert reopen_refused(env, "000001") == workspace.root / "inbox/books/items.csv"
    assert _rows(env)[0].status == "running"


# --------------------------------------------------------------------------- books workbooks


def test_flush_refreshes_only_the_marked_tables_and_clears_their_marks(env, workspace):
    assert flush_books(env) == []
    assert list(workspace.books_out.iterdir()) == []
    wanted = sorted(TABLES)[:2]
    with env.store.transaction():
        env.store.journal.mark_stale([*wanted, "not_a_books_table"])
    written = flush_books(env)
    assert [p.name for p in written] == [f"{t}.xlsx" for t in wanted]
    assert sorted(p.name for p in workspace.books_out.iterdir()) == [f"{t}.xlsx" for t in wanted]
    assert env.store.journal.stale() == {}
    assert flush_books(env) == []


def test_flush_of_marks_for_no_books_table_writes_nothing_and_clears_them(env, workspace):
    with env.store.transaction():
        env.store.journal.mark_stale(["not_a_books_table"])
    assert flush_books(env) == []
    assert env.store.journal.stale() == {}
