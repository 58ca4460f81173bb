"""The books in SQL: the only module that speaks SQL to the books' tables.

One `Store` per workspace opens `state.db` (through its dialect: SQLite in WAL mode, see
`dialect.py`) and brings the schema up to date; its `journal` is the job journal over the
same connection. `interface.py` states what the rest of the code may rely on.
A job works through a `Books` bound to one open transaction (`Store.transaction()`), so its
changes, its journal row and its manifest commit together or not at all. Values cross this
boundary as Python types (Decimal, date, bool, lists); they are stored as exact text.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from backoffice_auto.books import migrations, sequences
from backoffice_auto.books.dialect import SQLITE, Db, Dialect
from backoffice_auto.books.interface import Key
from backoffice_auto.books.journal import Journal
from backoffice_auto.books.schema import TABLES, Table



def all_tables(specs=None) -> dict[str, Table]:
    """The vocabulary plus every component's own tables."""
    tables = dict(TABLES)
    for component in migrations.components(specs):
        tables.update(component.tables)
    return tables


# --- value conversion -------------------------------------------------------------------

def _to_db(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("decimal", "money", "rate"):
        return str(value) if isinstance(value, Decimal) else str(Decimal(str(value)))
    if kind == "date":
        return value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if kind == "bool":
        return 1 if value else 0
    if kind == "int":
        return int(value)
    if kind == "json":
        return json.dumps(value, default=_json_default, ensure_ascii=False, sort_keys=True)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _from_db(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("decimal", "money", "rate"):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    if kind == "json":
        return json.loads(value)
    return value


@dataclass(frozen=True)
class Change:
    """What an upsert did to one record."""

    kind: str  # added | changed | unchanged
    table: str
    key: tuple
    old: Mapping[str, Any] | None = None
    new: Mapping[str, Any] | None = None
    changed_fields: tuple[str, ...] = ()


def _decimal_to_db(value: Any) -> str:
    return str(value) if value.__class__ is Decimal else _to_db("decimal", value)


def _date_to_db(value: Any) -> str:
    return value.isoformat() if isinstance(value, (date, datetime)) else str(value)


def _bool_to_db(value: Any) -> int:
    return 1 if value else 0


def _json_to_db(value: Any) -> str:
    return _to_db("json", value)


#: The conversion of each non-text kind (as `_to_db`, without its dispatch on every cell).
_CONVERTERS = {"decimal": _decimal_to_db, "money": _decimal_to_db, "rate": _decimal_to_db, "date": _date_to_db,
               "bool": _bool_to_db, "int": int, "json": _json_to_db}


_DECIMAL_KINDS = ("decimal", "money", "rate")
_IN_SLICE = 500  # values per `IN (...)` of `rows()`: well under any SQLite's limit on parameters


def _cell(i: int, kind: str) -> str:
    """The expression giving cell `i` of `t` as stored (what `_to_db(kind, t[i])` gives)."""
    if kind in _DECIMAL_KINDS:
        return f"(None if (v{i} := t[{i}]) is None else str(v{i}) if v{i}.__class__ is D else C{i}(v{i}))"
    if kind == "date":
        return f"(None if (v{i} := t[{i}]) is None else v{i}.isoformat() if v{i}.__class__ is DATE else C{i}(v{i}))"
    if kind == "int":  # an int is stored as it is (`int()` of it is itself); None, bool or text converted
        return f"(v{i} if (v{i} := t[{i}]).__class__ is INT else None if v{i} is None else C{i}(v{i}))"
    if kind in _CONVERTERS:
        return f"(None if (v{i} := t[{i}]) is None else C{i}(v{i}))"
    return f"t[{i}]"


def _compile_encoder(table: Table, columns: tuple[str, ...], take: str, names: dict) -> Callable:
    """`encode(record)`: `take` binds `t` to the record's values in `columns` order; the row as
    stored is one expression per column (`_cell`). Only the table definition's column names
    (code, never a rule file or a document; checked to be identifiers and the table's) and
    fixed converters go into the generated source."""
    parts = []
    names.update({"D": Decimal, "DATE": date, "INT": int})
    for i, name in enumerate(columns):
        kind = table.field(name).type  # KeyError for a column the table does not have
        if not name.isidentifier():
            raise ValueError(f"{table.name}: column name {name!r}")
        parts.append(_cell(i, kind))
        names[f"C{i}"] = _CONVERTERS.get(kind)
    source = f"def encode(record):\n{take}    return ({', '.join(parts)},)\n"
    exec(compile(source, f"<row encoder of {table.name}>", "exec"), names)  # noqa: S102 (see docstring)
    return names["encode"]


@lru_cache(maxsize=None)
def _row_encoder(table: Table) -> Callable[[Mapping[str, Any]], tuple]:
    """A function giving a record's row as stored (`_to_db` of each value, in column order),
    written out for the table's columns.

    Why generated: bulk writes encode every cell of 100,000 rows, and a loop over the
    columns costs more than the conversions themselves. The function takes the record's
    values in one `itemgetter` call (`get` for each when a field is left out), then builds
    the row in one expression per column: a text column as it is, a Decimal's text, a
    date's ISO text, or the kind's converter for anything else."""
    columns = table.field_names
    names = {"COLUMNS": columns, "TAKE": itemgetter(*columns) if len(columns) > 1 else None}
    take = "TAKE(record)" if len(columns) > 1 else "(record[COLUMNS[0]],)"
    return _compile_encoder(table, columns, (
        f"    try:\n        t = {take}\n"
        f"    except KeyError:\n        t = tuple(map(record.get, COLUMNS))\n"), names)


@lru_cache(maxsize=None)
def _tuple_encoder(table: Table, columns: tuple[str, ...]) -> Callable[[tuple], tuple]:
    """As `_row_encoder`, for a row given as a sequence of Python values in `columns` order
    (`Books.insert_rows`): no dict to build per row and none to take apart."""
    return _compile_encoder(table, columns, "    t = record\n", {})


@dataclass
class _Codec:
    table: Table
    columns: tuple[str, ...] = field(init=False)
    kinds: tuple[str, ...] = field(init=False)
    encode: Callable[[Mapping[str, Any]], tuple] = field(init=False)  # the row as stored, in column order
    insert_sql: str = field(init=False)  # qmark style, as all the books' SQL (see dialect.py)

    def __post_init__(self) -> None:
        self.columns = self.table.field_names
        self.kinds = tuple(f.type for f in self.table.fields)
        self.encode = _row_encoder(self.table)
        self.insert_sql = (f"INSERT INTO {self.table.name} ({', '.join(self.columns)}) "
                           f"VALUES ({', '.join('?' * len(self.columns))})")

    def for_columns(self, columns: tuple[str, ...]) -> tuple[Callable[[tuple], tuple], str]:
        """The encoder and the INSERT of rows given as values in `columns` order."""
        if len(set(columns)) != len(columns):
            raise ValueError(f"{self.table.name}: a column named twice in {columns!r}")
        return _tuple_encoder(self.table, columns), (
            f"INSERT INTO {self.table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})")

    def decode(self, row: Iterable) -> dict:
        return {c: _from_db(k, v) for c, k, v in zip(self.columns, self.kinds, row)}

    def key_of(self, record: Mapping[str, Any]) -> tuple:
        return tuple(_to_db(self.table.field(k).type, record.get(k)) for k in self.table.key)


class Books:
    """The books inside one transaction (or a read-only view)."""

    def __init__(self, db: Db, tables: dict[str, Table]):
        self._db = db
        self._codecs = {name: _Codec(t) for name, t in tables.items()}
        self.touched: set[str] = set()

    # --- reading -----------------------------------------------------------------------
    def table(self, name: str) -> Table:
        return self._codec(name).table

    def _codec(self, table: str) -> _Codec:
        try:
            return self._codecs[table]
        except KeyError:
            raise KeyError(f"unknown table {table!r}") from None

    def _key_tuple(self, codec: _Codec, key: Key) -> tuple:
        parts = key if isinstance(key, tuple) else (key,)
        if len(parts) != len(codec.table.key):
            raise ValueError(f"{codec.table.name} key is {codec.table.key}, got {parts!r}")
        return tuple(_to_db(codec.table.field(k).type, v) for k, v in zip(codec.table.key, parts))

    def _where_key(self, codec: _Codec) -> str:
        return " AND ".join(f"{k} = ?" for k in codec.table.key)

    def get(self, table: str, key: Key) -> dict | None:
        codec = self._codec(table)
        row = self._db.execute(
            f"SELECT {', '.join(codec.columns)} FROM {table} WHERE {self._where_key(codec)}",
            self._key_tuple(codec, key)).fetchone()
        return codec.decode(row) if row else None

    def rows(self, table: str, **equals: Any) -> list[dict]:
        """The rows whose fields equal the values given, in key order; a set (or frozenset) as a
        value: the rows whose field is one of its values (looked up in slices, so a set of
        100,000 transaction ids costs index look-ups, not a scan of the whole table)."""
        codec = self._codec(table)
        among = [(name, value) for name, value in equals.items() if isinstance(value, (set, frozenset))]
        if len(among) > 1:
            raise ValueError("rows(): at most one field may be given a set of values")
        if among:
            name, values = among[0]
            rest = {k: v for k, v in equals.items() if k != name}
            found: list[dict] = []
            listed = sorted(values, key=str)
            for start in range(0, len(listed), _IN_SLICE):
                found += self._rows(codec, table, rest, (name, listed[start:start + _IN_SLICE]))
            found.sort(key=codec.key_of)
            return found
        return self._rows(codec, table, equals, None)

    def _rows(self, codec: _Codec, table: str, equals: Mapping[str, Any],
              among: tuple[str, list] | None) -> list[dict]:
        sql = f"SELECT {', '.join(codec.columns)} FROM {table}"
        params: list = []
        parts = []
        for name, value in equals.items():
            kind = codec.table.field(name).type
            if value is None:
                parts.append(f"{name} IS NULL")
            else:
                parts.append(f"{name} = ?")
                params.append(_to_db(kind, value))
        if among is not None:
            name, values = among
            kind = codec.table.field(name).type
            parts.append(f"{name} IN ({', '.join('?' * len(values))})")
            params += [_to_db(kind, v) for v in values]
        if parts:
            sql += " WHERE " + " AND ".join(parts)
        sql += " ORDER BY " + ", ".join(codec.table.key)
        return [codec.decode(r) for r in self._db.execute(sql, params)]

    def count(self, table: str) -> int:
        self._codec(table)
        return self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def keys(self, table: str) -> set:
        codec = self._codec(table)
        cols = ", ".join(codec.table.key)
        if len(codec.table.key) == 1:
            return {r[0] for r in self._db.execute(f"SELECT {cols} FROM {table}")}
        return {tuple(r) for r in self._db.execute(f"SELECT {cols} FROM {table}")}

    # --- writing -----------------------------------------------------------------------
    def insert(self, table: str, record: Mapping[str, Any]) -> None:
        codec = self._codec(table)
        self._db.execute(
            codec.insert_sql,
            codec.encode(record))
        self.touched.add(table)

    def insert_many(self, table: str, records: Iterable[Mapping[str, Any]]) -> int:
        """Insert new records in one executemany (a key that exists already is an error)."""
        codec = self._codec(table)
        rows = [codec.encode(r) for r in records]
        if rows:
            self._db.executemany(
                codec.insert_sql, rows)
            self.touched.add(table)
        return len(rows)

    def insert_rows(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """Insert new records given as tuples of Python values in `columns` order (a column left
        out is NULL; a key that exists already is an error): as `insert_many`, without a dict
        per record, for bulk writes. The rows are encoded as `executemany` takes them (no list
        of 100,000 encoded rows held), so a value that cannot be stored stops the insert with the
        rows before it written: the error rolls the job's transaction back, as any other does."""
        encode, sql = self._codec(table).for_columns(tuple(columns))
        count = self._db.executemany(sql, map(encode, rows)).rowcount
        if count:
            self.touched.add(table)
        return count

    def update(self, table: str, key: Key, **fields: Any) -> None:
        codec = self._codec(table)
        if not fields:
            return
        sets = ", ".join(f"{name} = ?" for name in fields)
        values = [_to_db(codec.table.field(name).type, v) for name, v in fields.items()]
        cur = self._db.execute(f"UPDATE {table} SET {sets} WHERE {self._where_key(codec)}",
                                 values + list(self._key_tuple(codec, key)))
        if cur.rowcount != 1:
            raise KeyError(f"{table}: no record {key!r}")
        self.touched.add(table)

    def delete(self, table: str, key: Key) -> None:
        codec = self._codec(table)
        self._db.execute(f"DELETE FROM {table} WHERE {self._where_key(codec)}", self._key_tuple(codec, key))
        self.touched.add(table)

    def upsert(self, table: str, record: Mapping[str, Any]) -> Change:
        """Insert, or update the fields the record names (fields it leaves out are kept)."""
        return self.upsert_many(table, [record])[0]

    def upsert_many(self, table: str, records: Iterable[Mapping[str, Any]]) -> list[Change]:
        """Upsert in bulk: one read of the existing rows, then batched writes (fast for 50k rows)."""
        codec = self._codec(table)
        records = list(records)
        existing: dict[tuple, dict] = {}
        keys = [codec.key_of(r) for r in records]
        if keys:
            existing = self._existing(codec, keys)
        changes: list[Change] = []
        inserts: list[list] = []
        updates: list[tuple[tuple[str, ...], list]] = []
        for record, key in zip(records, keys):
            old = existing.get(key)
            if old is None:
                full = {c: record.get(c) for c in codec.columns}
                inserts.append(codec.encode(full))
                existing[key] = full
                changes.append(Change("added", table, key, None, full))
                continue
            changed = tuple(
                name for name in codec.columns
                if name in record and name not in codec.table.key and not _same(old.get(name), record[name]))
            if not changed:
                changes.append(Change("unchanged", table, key, old, old))
                continue
            new = dict(old)
            new.update({name: record[name] for name in changed})
            updates.append((changed, [_to_db(codec.table.field(n).type, record[n]) for n in changed] + list(key)))
            existing[key] = new
            changes.append(Change("changed", table, key, old, new, changed))
        if inserts:
            self._db.executemany(codec.insert_sql, inserts)
        for changed, params in updates:
            sets = ", ".join(f"{name} = ?" for name in changed)
            self._db.execute(f"UPDATE {table} SET {sets} WHERE {self._where_key(codec)}", params)
        if inserts or updates:
            self.touched.add(table)
        return changes

    def _existing(self, codec: _Codec, keys: list[tuple]) -> dict[tuple, dict]:
        cols = ", ".join(codec.columns)
        key_cols = codec.table.key
        found: dict[tuple, dict] = {}
        if len(keys) > 2000 or len(key_cols) > 1:
            # One pass over the table; a row's key is compared as stored (what `key_of`
            # gives back for it), so only the rows asked for are decoded.
            wanted = set(keys)
            at = [codec.columns.index(k) for k in key_cols]
            for row in self._db.execute(f"SELECT {cols} FROM {codec.table.name}"):
                key = tuple([row[i] for i in at])
                if key in wanted:
                    found[key] = codec.decode(row)
            return found
        flat = [k[0] for k in keys]
        for i in range(0, len(flat), 500):
            chunk = flat[i:i + 500]
            sql = f"SELECT {cols} FROM {codec.table.name} WHERE {key_cols[0]} IN ({', '.join('?' * len(chunk))})"
            for row in self._db.execute(sql, chunk):
                rec = codec.decode(row)
                found[codec.key_of(rec)] = rec
        return found

    def next_number(self, sequence: str) -> int:
        """The next number of a gap-free sequence; taken inside the job's transaction, so a
        refused or crashed job never consumes one."""
        return sequences.take(self._db, sequence)

    def next_numbers(self, sequence: str, count: int) -> list[int]:
        """The next `count` numbers of a gap-free sequence at once (one read, one write):
        the same numbers `count` calls of `next_number` give."""
        if count <= 0:
            return []
        first = sequences.take(self._db, sequence, count)
        return list(range(first, first + count))

    def peek_number(self, sequence: str) -> int:
        return sequences.current(self._db, sequence)


def _same(old: Any, new: Any) -> bool:
    """Equal for the books: 10 and 10.00 are the same amount."""
    if isinstance(old, Decimal) and new is not None and not isinstance(new, Decimal):
        try:
            new = Decimal(str(new))
        except InvalidOperation:
            return False
    return old == new


class Store:
    """The workspace's state database: books and journal, schema kept up to date.

    `target` is what the dialect connects to (for `dialect.SQLITE` the database file; a
    URL for a server); everything database-specific goes through the dialect."""

    def __init__(self, target: Path | str, specs=None, dialect: Dialect = SQLITE):
        self.target = target
        self.dialect = dialect
        self._db = Db(dialect.connect(target), dialect)
        self.journal = Journal(self._db)
        self._components = migrations.components(specs)
        self.tables = dict(TABLES)
        for component in self._components:
            self.tables.update(component.tables)
        self._migrate()

    def _migrate(self) -> None:
        db, dialect = self._db, self.dialect
        dialect.begin(db.conn)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, "
                       "version INTEGER NOT NULL)")
            for component in self._components:
                name = component.name
                done = db.scalar("SELECT version FROM schema_version WHERE component = ?", (name,), 0)
                scripts = component.migrations
                for index in range(done, len(scripts)):
                    for statement in dialect.statements(scripts[index]):
                        db.conn.execute(statement)  # scripts are the dialect's own SQL, run as written
                if len(scripts) != done:
                    db.execute(
                        "INSERT INTO schema_version (component, version) VALUES (?, ?) "
                        "ON CONFLICT (component) DO UPDATE SET version = excluded.version", (name, len(scripts)))
            dialect.commit(db.conn)
        except BaseException:
            self._abandon()
            raise

    def schema_versions(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT component, version FROM schema_version"))

    def columns(self, table: str) -> list[str]:
        return self.dialect.columns(self._db.conn, table)

    @contextmanager
    def transaction(self) -> Iterator[Books]:
        """Begin (taking the write lock) ... commit; any exception rolls everything back.
        The journal's writes in the block belong to the same transaction."""
        self.dialect.begin(self._db.conn)
        books = Books(self._db, self.tables)
        try:
            yield books
            self.dialect.commit(self._db.conn)  # a COMMIT that fails (disk full) is rolled back too
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        """Roll back after an error; a rollback that fails too (the disk gone) never hides the
        error that caused it, which is what the caller handles."""
        try:
            self.dialect.rollback(self._db.conn)
        except Exception:  # noqa: BLE001 - the first error is re-raised by the caller
            pass

    def read(self) -> Books:
        """Books for reading outside a job (exports, status)."""
        return Books(self._db, self.tables)

    def close(self) -> None:
        self._db.close()
