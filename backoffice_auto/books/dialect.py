"""What is SQLite about the books, in one place: connecting, transactions, placeholders,
schema introspection, migration scripts and value adaptation.

Why a module of its own: the books move to PostgreSQL next. `store.py` and `journal.py`
write portable SQL (`INSERT ... ON CONFLICT ... DO UPDATE`, `CAST`, `LIMIT`) in qmark
style, and ask the dialect for everything else. A PostgreSQL dialect is one more module
with the same methods (`connect` with psycopg, `begin` as `BEGIN ISOLATION LEVEL
SERIALIZABLE`, `sql` turning `?` into `%s`, `columns` from `information_schema`), passed
to `Store(path_or_url, dialect=...)`. See docs/architecture.md, "The books' seam".
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence


class Dialect(Protocol):
    """The database-specific part of the books (see the module docstring)."""

    name: str

    def connect(self, target: str | Path) -> Any: ...

    def sql(self, text: str) -> str: ...

    def marks(self, count: int) -> str: ...

    def begin(self, conn: Any) -> None: ...

    def commit(self, conn: Any) -> None: ...

    def rollback(self, conn: Any) -> None: ...

    def outage(self, error: BaseException) -> str | None: ...

    def columns(self, conn: Any, table: str) -> list[str]: ...

    def statements(self, script: str) -> list[str]: ...


#: The page size of books created from now on (a no-op on an existing file; see `connect`).
PAGE_SIZE = 16384


def _wal(conn: sqlite3.Connection, patience: float) -> None:
    """`PRAGMA journal_mode=WAL`, tried again while another process holds the file.

    Two processes opening new books at once (two `process` runs, a run beside the daemon)
    both ask for WAL; SQLite answers one of them "database is locked" at once, without the
    busy timeout, while the other changes the mode. Once changed the mode stays in the file,
    so a second try a moment later finds it set.
    """
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


class SQLite:
    """SQLite 3.24 or newer, WAL mode, one writer at a time (`BEGIN IMMEDIATE`)."""

    name = "sqlite"

    def connect(self, target: str | Path) -> sqlite3.Connection:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=30, check_same_thread=False)
        # 16 KB pages for new books (SQLite's default is 4 KB; an existing file keeps its own):
        # a 100,000-line job handles a quarter of the pages and B-tree splits: 5% less CPU (measured
        # against 4 and 8 KB in one run); a small job's commit writes a few 16 KB WAL frames.
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        _wal(conn, patience=30.0)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        # 64 MB of page cache (SQLite's default is 2 MB): a job writing 100,000 lines touches
        # the pages of several indexes at random; kept in memory, they cost a fifth less CPU.
        conn.execute("PRAGMA cache_size=-65536")
        return conn

    def sql(self, text: str) -> str:
        """The books' SQL is written in qmark style, which is sqlite3's own."""
        return text

    def marks(self, count: int) -> str:
        return ", ".join("?" * count)

    def begin(self, conn: sqlite3.Connection) -> None:
        """The write lock at the start: two writers never both read, then both write."""
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn: sqlite3.Connection) -> None:
        conn.execute("COMMIT")

    def rollback(self, conn: sqlite3.Connection) -> None:
        """Undo the open transaction, if one is still open: after a failed COMMIT (disk full,
        I/O error) SQLite may have rolled it back already, and a second ROLLBACK would only
        raise "no transaction is active" over the error that matters."""
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def outage(self, error: BaseException) -> str | None:
        """The machine's failure behind a database error, or None for any other error:
        `full` (SQLITE_FULL), `io` (SQLITE_IOERR: the disk, or a file-size limit; SQLite cannot
        tell ENOSPC from EIO there), `read_only`, `locked` (still busy after the busy timeout),
        `cant_open` (the file or its folder cannot be opened or created), `damaged` (the file is
        not a whole SQLite database)."""
        if not isinstance(error, sqlite3.Error):
            return None
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:  # an older Python: the message is all there is
            text = str(error)
            for words, kind in (("disk is full", "full"), ("disk I/O error", "io"), ("readonly", "read_only"),
                                ("database is locked", "locked"), ("unable to open", "cant_open"),
                                ("malformed", "damaged"), ("not a database", "damaged")):
                if words in text:
                    return kind
            return None
        return _SQLITE_OUTAGES.get(code & 0xFF)

    def columns(self, conn: sqlite3.Connection, table: str) -> list[str]:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]

    def statements(self, script: str) -> list[str]:
        """A migration script split into statements (`complete_statement` keeps a quoted `;`)."""
        out, current = [], ""
        for line in script.splitlines(keepends=True):
            current += line
            if sqlite3.complete_statement(current):
                if current.strip():
                    out.append(current.strip())
                current = ""
        if current.strip():
            out.append(current.strip())
        return out


#: SQLite's primary result codes that are the machine's failures, not a statement's.
#: (SQLITE_LOCKED, a conflict inside one connection, is a bug, not the machine: not listed.)
#: SQLITE_CORRUPT and SQLITE_NOTADB are `damaged`: a state.db cut short by a failed copy or
#: restore, or overwritten, gave every command a traceback ("database disk image is malformed").
_SQLITE_OUTAGES = {13: "full", 10: "io", 8: "read_only", 5: "locked", 14: "cant_open", 11: "damaged", 26: "damaged"}

SQLITE = SQLite()


class Db:
    """One connection and its dialect: the only handle `Books` and `Journal` hold.

    Every statement goes through `dialect.sql()`, so SQL written once in qmark style runs
    on a driver with another placeholder style."""

    def __init__(self, conn: Any, dialect: Dialect):
        self.conn = conn
        self.dialect = dialect
        self._sql = dialect.sql

    def execute(self, sql: str, params: Sequence | Iterable = ()) -> Any:
        return self.conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> Any:
        return self.conn.executemany(self._sql(sql), rows)

    def one(self, sql: str, params: Sequence = ()) -> tuple | None:
        return self.conn.execute(self._sql(sql), params).fetchone()

    def scalar(self, sql: str, params: Sequence = (), default: Any = None) -> Any:
        row = self.one(sql, params)
        return row[0] if row else default

    def marks(self, count: int) -> str:
        return self.dialect.marks(count)

    def close(self) -> None:
        self.conn.close()

