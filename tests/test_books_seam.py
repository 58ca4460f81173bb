"""The books behind one interface: the protocols hold, SQL goes through the dialect, job ids
come from a sequence, and the books export is a recorded step redone after a crash."""

from __future__ import annotations

import inspect
import re
import signal
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.books.dialect import SQLite
from backoffice_auto.books.interface import BooksReader, BooksStore, BooksWriter, JournalStore
from backoffice_auto.books.journal import Journal, format_job_id
from backoffice_auto.books.store import Books, Store, _Codec, _to_db, all_tables
from conftest import cli_json, run_cli_process
from test_watch_support import items_csv


def _public(protocol) -> list[str]:
    return [name for name, value in vars(protocol).items() if callable(value) and not name.startswith("_")]


@pytest.mark.parametrize("protocol, implementation", [
    (BooksReader, Books), (BooksWriter, Books), (JournalStore, Journal), (BooksStore, Store)])
def test_each_implementation_has_its_protocols_methods_with_the_same_parameters(protocol, implementation):
    for name in _public(protocol):
        wanted = list(inspect.signature(getattr(protocol, name)).parameters)
        have = list(inspect.signature(getattr(implementation, name)).parameters)
        assert have == wanted, f"{implementation.__name__}.{name}{have} != {protocol.__name__}.{name}{wanted}"


def test_a_store_is_what_the_pipeline_asks_for(tmp_path):
    store = Store(tmp_path / "state.db")
    try:
        assert isinstance(store, BooksStore)
        assert isinstance(store.journal, JournalStore)
        assert isinstance(store.read(), BooksReader)
        with store.transaction() as books:
            assert isinstance(books, BooksWriter)
    finally:
        store.close()


class _Checked:
    """A connection that refuses SQL no dialect has seen: every statement is numbered `?N`."""

    def __init__(self, conn: sqlite3.Connection):
        self._raw = conn
        self.statements = 0

    def _check(self, sql: str) -> str:
        assert not re.search(r"\?(?!\d)", sql), f"SQL bypassed the dialect: {sql}"
        self.statements += 1
        return sql

    def execute(self, sql: str, params=()):
        return self._raw.execute(self._check(sql), params)

    def executemany(self, sql: str, rows):
        return self._raw.executemany(self._check(sql), rows)

    def close(self) -> None:
        self._raw.close()


class _NumberedSQLite(SQLite):
    """A dialect with another placeholder style (`?1, ?2` ...), as psycopg's `%s` would be."""

    name = "sqlite-numbered"

    def connect(self, target):
        return _Checked(super().connect(target))

    def sql(self, text: str) -> str:
        count = iter(range(1, 1000))
        return re.sub(r"\?", lambda _m: f"?{next(count)}", text)

    def columns(self, conn, table):
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def test_every_statement_goes_through_the_dialect(tmp_path):
    """Books and journal work on a dialect with another placeholder style: nothing writes
    SQL past it (the connection refuses a bare `?`)."""
    store = Store(tmp_path / "state.db", dialect=_NumberedSQLite())
    try:
        with store.transaction() as books:
            books.upsert_many("items", [{"sku": "A-1", "name": "Šroub", "unit_price": Decimal("1.50")},
                                        {"sku": "A-2", "name": "Matice", "unit_price": Decimal("0.20")}])
            books.insert("customers", {"customer_id": "C1", "name": "Zákazník", "priority": 2})
            books.update("items", "A-1", on_hand=Decimal("7"))
            books.delete("items", "A-2")
            assert books.next_numbers("invoices", 3) == [1, 2, 3]
            job = store.journal.next_job_id()
            store.journal.insert_running(job, "ab" * 32, "a.csv", "inbox/a.csv", None, "2026-11-30T10:00:00")
            store.journal.finish(job, status="done", kind="items", rules_hash=None, finished_at="2026-11-30T10:00:01",
                                 outbox_dir=None, manifest={}, messages=[], archived_as=None)
            store.journal.mark_stale(books.touched)
        read = store.read()
        assert read.get("items", "A-1")["on_hand"] == Decimal("7")
        assert read.rows("items", name="Šroub")[0]["unit_price"] == Decimal("1.50")
        assert read.count("items") == 1 and read.keys("customers") == {"C1"}
        assert store.journal.get(job).status == "done"
        assert store.journal.counts() == {"done": 1}
        assert store.journal.stale() == {"customers": 1, "items": 1}
        assert store.journal.settled_mark() == format_job_id(int(job) - 1)  # committed, file not yet moved
        with store.transaction():
            store.journal.mark_delivered(job)
        assert store.journal.settled_mark() == job
        assert "sku" in store.columns("items")
    finally:
        store.close()


def test_job_ids_come_from_a_sequence_and_a_forgotten_claim_never_gives_its_id_again(tmp_path):
    store = Store(tmp_path / "state.db")
    try:
        log = store.journal
        with store.transaction():
            first = log.next_job_id()
            log.insert_running(first, "aa" * 32, "a.csv", "inbox/a.csv", None, "2026-11-30T10:00:00")
        with store.transaction():
            log.delete(first)  # recovery forgets a claim whose file is gone
        with store.transaction():
            second = log.next_job_id()
        with pytest.raises(RuntimeError):
            with store.transaction():
                log.next_job_id()
                raise RuntimeError("the job's transaction rolls back")
        with store.transaction():
            third = log.next_job_id()
        assert (first, second, third) == ("000001", "000002", "000003")
    finally:
        store.close()


def test_an_old_workspace_continues_after_its_highest_job_id(tmp_path):
    """A journal from before the sequence (ids were MAX() + 1) goes on after its last id."""
    path = tmp_path / "state.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:  # the state an earlier version left
        conn.execute("DELETE FROM sequences WHERE name = 'jobs'")
        conn.execute("INSERT INTO jobs (job_id, sha256, file_name, inbox_path, status, started_at) "
                     "VALUES ('000041', 'x', 'a.csv', 'inbox/a.csv', 'done', '2026-01-01T00:00:00')")
        conn.execute("UPDATE schema_version SET version = 2 WHERE component = 'core'")
    conn.close()
    store = Store(path)
    try:
        with store.transaction():
            assert store.journal.next_job_id() == "000042"
    finally:
        store.close()


def test_books_export_killed_after_the_commit_is_done_at_the_next_start(workspace):
    """The tables to re-export are recorded in the job's commit; a process killed before the
    export leaves the mark, and the next run exports and clears it."""
    path = items_csv(workspace.inbox / "books" / "items.csv", count=3)
    killed = run_cli_process("process", str(path), "-w", str(workspace.root), env={"BACKOFFICE_CRASH_AT": "exporting"})
    assert killed.returncode == -signal.SIGKILL
    assert not (workspace.books_out / "items.xlsx").exists()
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 1}  # committed and delivered before the kill
    store = Store(workspace.db_path)
    try:
        assert "items" in store.journal.stale()
    finally:
        store.close()

    rerun = run_cli_process("process", "-w", str(workspace.root))
    assert rerun.returncode == 0, rerun.stderr
    assert (workspace.books_out / "items.xlsx").exists()
    store = Store(workspace.db_path)
    try:
        assert store.journal.stale() == {}
    finally:
        store.close()


# --- bulk encoding: the generated row encoder against `_to_db`, cell by cell -------------

_VALUES = {
    "decimal": st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=4), st.integers(-10**6, 10**6),
                         st.sampled_from(["10.00", "-0.5"])),
    "date": st.one_of(st.dates(), st.datetimes(), st.sampled_from(["2026-11-30"])),
    "int": st.one_of(st.integers(-10**9, 10**9), st.booleans()),
    "bool": st.one_of(st.booleans(), st.integers(0, 2)),
    "json": st.one_of(st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                      st.text(max_size=5)),
}
_TABLES = sorted(all_tables().values(), key=lambda t: t.name)


def _value(kind: str):
    kind = "decimal" if kind in ("money", "rate") else kind
    return st.one_of(st.none(), _VALUES.get(kind, st.text(max_size=8)))


@st.composite
def _table_and_record(draw):
    table = draw(st.sampled_from(_TABLES))
    present = draw(st.lists(st.sampled_from(table.fields), unique=True, max_size=len(table.fields)))
    if draw(st.booleans()):
        present = list(table.fields)  # every field named: the encoder's fast path
    return table, {f.name: draw(_value(f.type)) for f in present}


@settings(max_examples=300, deadline=None)
@given(_table_and_record())
def test_the_row_encoder_stores_what_to_db_stores(table_record):
    """Reference: `_to_db(kind, value)` of each column, the plain definition of a stored value."""
    table, record = table_record
    expected = tuple(_to_db(f.type, record.get(f.name)) for f in table.fields)
    assert _Codec(table).encode(record) == expected
