"""The books' bulk write path stores what the plain one stores, byte for byte.

`Books.insert_rows` (rows as tuples, encoded by a generated function) is the orders job's
path for a 100,000-line file (bench/books_bench.py). Checked three ways: its encoder
against `_to_db`, the plain definition of a stored value, cell by cell; `insert_rows`
against `insert_many` in real SQLite; and the bench's own workload (a file's orders, then
the backorders served when stock arrives) against the digests of the tables written by the
code before the bulk path existed (main at aa84b23, `books_bench.py --digest`'s `digest`).
Then the two settings the path relies on: new books' page size, and open backorder lines
found through an index on their status (an old workspace's index replaced by a migration).
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_auto.books.dialect import PAGE_SIZE
from backoffice_auto.books.store import Store, _Codec, _to_db, all_tables
from backoffice_auto.errors import Source
from backoffice_auto.orders.rules_model import OrdersRules
from backoffice_auto.orders.service import fulfil, load_view, record

BENCH = Path(__file__).parents[1] / "bench" / "books_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("books_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- the tuple encoder against `_to_db`, cell by cell --------------------------------------

_VALUES = {
    "decimal": st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=4), st.integers(-10**6, 10**6),
                         st.sampled_from(["10.00", "-0.5"])),
    "date": st.one_of(st.dates(), st.datetimes(), st.sampled_from(["2026-11-30"])),
    "int": st.one_of(st.integers(-10**9, 10**9), st.booleans(), st.sampled_from(["7", Decimal("3")])),
    "bool": st.one_of(st.booleans(), st.integers(0, 2)),
    "json": st.one_of(st.lists(st.integers(), max_size=3), st.text(max_size=5)),
}
_TABLES = sorted(all_tables().values(), key=lambda t: t.name)


@st.composite
def _table_columns_values(draw):
    table = draw(st.sampled_from(_TABLES))
    fields = draw(st.permutations(table.fields))[:draw(st.integers(1, len(table.fields)))]
    values = []
    for f in fields:
        kind = "decimal" if f.type in ("money", "rate") else f.type
        values.append(draw(st.one_of(st.none(), _VALUES.get(kind, st.text(max_size=8)))))
    return table, tuple(f.name for f in fields), tuple(values)


@settings(max_examples=300, deadline=None)
@given(_table_columns_values())
def test_the_tuple_encoder_stores_what_to_db_stores(case):
    table, columns, values = case
    encode, sql = _Codec(table).for_columns(columns)
    assert encode(values) == tuple(_to_db(table.field(c).type, v) for c, v in zip(columns, values))
    assert sql == f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def test_a_column_the_table_lacks_or_named_twice_is_refused():
    codec = _Codec(all_tables()["items"])
    with pytest.raises(KeyError):
        codec.for_columns(("sku", "colour"))
    with pytest.raises(ValueError):
        codec.for_columns(("sku", "sku"))


# --- insert_rows against insert_many, in SQLite --------------------------------------------

def test_insert_rows_writes_what_insert_many_writes(tmp_path, bench):
    columns = ("order_id", "line", "sku", "quantity", "unit_price", "ship_by", "notes", "shipped",
               "open_quantity", "cancelled", "status")  # `source` left out: NULL both ways
    rows = [(f"SO-{n:03d}", n % 4 + 1, f"SKU-{n % 7}", Decimal(n) / 4, None if n % 3 else Decimal("1.50"),
             date(2026, 11, n % 28 + 1) if n % 2 else (datetime(2026, 11, 2, 8, 30) if n % 5 == 0 else None),
             "ráno" if n % 6 == 0 else None, Decimal(n % 2), Decimal("0.00"), Decimal(0),
             "shipped" if n % 2 else "cancelled") for n in range(200)]
    digests = []
    for name, write in (("dicts", lambda b: b.insert_many("order_lines", (dict(zip(columns, r)) for r in rows))),
                        ("tuples", lambda b: b.insert_rows("order_lines", columns, rows))):
        store = Store(tmp_path / f"{name}.db")
        try:
            with store.transaction() as b:
                assert write(b) == len(rows)
                assert b.touched == {"order_lines"}
        finally:
            store.close()
        digests.append(bench.digest(tmp_path / f"{name}.db", ("order_lines",)))
    assert digests[0] == digests[1]
    assert digests[0]["order_lines"].startswith("200 rows ")


def test_no_rows_touch_nothing(tmp_path):
    store = Store(tmp_path / "state.db")
    try:
        with store.transaction() as b:
            assert b.insert_rows("orders", ("order_id",), iter(())) == 0
            assert b.touched == set()
    finally:
        store.close()


# --- the bench's workload against the books written before the bulk path -----------------

#: `digest` of the tables after the bench's 3,000 lines and the backorders served by a stock
#: arrival, as written by the code before `insert_rows` (main at aa84b23).
BEFORE = {
    "items": "1000 rows cdeac5119f1d3bb01393f03ed2ebcc34f75ae0ae7f48f444a51a3f7c53815acf",
    "orders": "598 rows 9170289ca263efe2a7c610b05f95b2d5d50bdde8d1bee4cdc0ce2022c771808d",
    "order_lines": "3000 rows 6f91685fe99d92a52ed4c51ec77dec87c95e4b53d2e91849bbf44fb7689d1e5b",
    "shipments": "875 rows e2b5c0ca273b0f3da83a45d6037845cd24ae344abe6e0266159d94bf100f1f89",
    "sales_invoices": "875 rows 3274cdf2de7981d843840615ef3c8cad1002d0d8331ce7a69ed3711721505b07",
    "sales_invoice_lines": "2620 rows 41ff9f94730c7a322064126adf70312d4b0a1303ebc2f10505999031a3d387ab",
    "sequences": "2 rows 472daaf84ce1fc917d7ecf3ab227f5a3d9686a983f5cc8e3cf696630a8784efb",
}


def write_bench_books(bench, path: Path, lines: int) -> None:
    """The bench's write of `lines` order lines, then a stock arrival serving the backorders."""
    rules = OrdersRules()
    store, view, f = bench.prepared(path, *bench.workload(lines), rules)
    try:
        with store.transaction() as b:
            record(b, f, view, rules, job_id="bench", source_file="orders-bench.xlsx", today=bench.TODAY)
        with store.transaction() as b:
            for item in b.rows("items"):
                b.update("items", item["sku"], on_hand=item["on_hand"] + 7)
            view = load_view(b)
            served = fulfil([], view, rules, "EUR", serve_backorders=True, today=bench.TODAY)
            record(b, served, view, rules, job_id="stock", source_file="items.xlsx", today=bench.TODAY)
    finally:
        store.close()


def test_the_bench_workload_writes_the_books_it_wrote_before(tmp_path, bench):
    write_bench_books(bench, tmp_path / "books.db", 3000)
    assert bench.digest(tmp_path / "books.db") == BEFORE


# --- the settings behind the bulk path: page size and the open-lines index ---------------

def _indexes(path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute(f"PRAGMA index_list({table})") if not r[1].startswith("sqlite_")}
    finally:
        conn.close()


def test_new_books_get_the_dialects_page_size_and_old_books_keep_theirs(tmp_path):
    Store(tmp_path / "new.db").close()
    old = sqlite3.connect(tmp_path / "old.db")
    old.execute("PRAGMA page_size=4096")
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE kept (x TEXT)")
    old.close()
    store = Store(tmp_path / "old.db")  # brought up to date, page size as it was
    try:
        with store.transaction() as b:
            b.insert_rows("orders", ("order_id",), [("SO-1",)])
    finally:
        store.close()
    for name, size in (("new.db", PAGE_SIZE), ("old.db", 4096)):
        conn = sqlite3.connect(tmp_path / name)
        try:
            assert conn.execute("PRAGMA page_size").fetchone()[0] == size
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()


def test_open_lines_are_found_by_status_and_an_old_workspace_changes_its_index(tmp_path):
    path = tmp_path / "state.db"
    store = Store(path)
    try:
        with store.transaction() as b:
            b.insert_rows("order_lines", ("order_id", "line", "sku", "open_quantity", "status"),
                          [("SO-1", 1, "A", Decimal(2), "backordered"), ("SO-1", 2, "B", Decimal(0), "shipped")])
    finally:
        store.close()
    assert _indexes(path, "order_lines") == {"order_lines_by_status"}
    conn = sqlite3.connect(path)  # the books as the orders job's first schema left them
    conn.executescript("DROP INDEX order_lines_by_status; CREATE INDEX order_lines_status ON order_lines (status, sku);"
                       "UPDATE schema_version SET version = 1 WHERE component = 'orders';")
    conn.close()
    store = Store(path)
    try:
        assert store.schema_versions()["orders"] == 2
        assert [r["line"] for r in store.read().rows("order_lines", status="backordered")] == [1]
    finally:
        store.close()
    assert _indexes(path, "order_lines") == {"order_lines_by_status"}
    conn = sqlite3.connect(path)
    try:
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM order_lines WHERE status = ? ORDER BY order_id, line",
                            ("backordered",)).fetchall()
        assert "USING INDEX order_lines_by_status" in str(plan)
    finally:
        conn.close()


# --- a line's source as stored: `Source.render`'s shortcut for a sheet's row -------------

@settings(max_examples=200, deadline=None)
@given(st.builds(Source, st.text(max_size=6), st.one_of(st.none(), st.text(max_size=4)),
                 st.one_of(st.none(), st.integers(0, 10**6)), st.one_of(st.none(), st.sampled_from(["", "B", "AB"])),
                 st.one_of(st.none(), st.integers(0, 9))))
def test_a_source_renders_as_its_general_path_does(source):
    """Column "" and page 0 say what None says, and keep `render` off its shortcut."""
    general = replace(source, column="" if source.column is None else source.column,
                      page=0 if source.page is None else source.page)
    assert source.render() == general.render()
