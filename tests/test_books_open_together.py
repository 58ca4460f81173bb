"""New books opened by several processes at once (two `process` runs, a run beside the
daemon): each asks SQLite for WAL mode, and SQLite answers all but one "database is locked"
at once, without the busy timeout. Opening must wait for the other, never fail (it made a
`process --json` run end in a traceback with nothing on stdout)."""

from __future__ import annotations

import threading

from backoffice_auto.books.dialect import SQLite


def test_books_opened_by_three_at_once_all_open_in_wal_mode(tmp_path):
    errors, modes = [], []
    for round_ in range(40):
        path = tmp_path / f"books-{round_}.sqlite"
        barrier = threading.Barrier(3)

        def open_books():
            barrier.wait()
            try:
                conn = SQLite().connect(path)
                modes.append(conn.execute("PRAGMA journal_mode").fetchone()[0])
                conn.close()
            except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
                errors.append(exc)

        threads = [threading.Thread(target=open_books) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert set(modes) == {"wal"} and len(modes) == 120
