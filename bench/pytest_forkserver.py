"""A pytest fork server for mutation runs: the libraries are imported once, each run forks.

Why: mutmut starts the tests anew for every mutant, and most of a run's CPU time is pytest,
hypothesis and the libraries being imported (1.4 of 1.7 s for the bill checks), which on a
shared two-core machine turns into 20 s of waiting per mutant. The server imports those
third-party packages once (never the project's own code), then forks per request; the child
imports the project, with the mutant mutmut just wrote, fresh from disk and runs pytest.

    python bench/pytest_forkserver.py serve SOCKET TIMEOUT   # in the checkout copy
    python bench/pytest_forkserver.py run SOCKET ARGS...     # exit 0 = tests passed, 1 = failed

A run that takes longer than TIMEOUT seconds is killed and counts as failed, like mutmut's
own timeout; a client that goes away (mutmut's timeout) kills its run too.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import sys
import time

PRELOAD = ("pytest", "_pytest.python", "hypothesis", "hypothesis.strategies", "babel.core", "babel.numbers",
           "babel.dates", "schwifty", "yaml", "openpyxl", "pydantic", "click", "click.testing", "lxml.etree",
           "regex", "holidays", "rapidfuzz", "jinja2", "zoneinfo", "sqlite3", "email.message")


def serve(path: str, timeout: float) -> None:
    sys.dont_write_bytecode = True  # the mutated file must be read from source every time
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    assert not any(m == "backoffice_auto" or m.startswith("backoffice_auto.") for m in sys.modules), \
        "the project's code must not be preloaded"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    while True:
        conn, _ = server.accept()
        with conn:
            args = json.loads(conn.makefile("r").readline())
            if args == "stop":
                return
            pid = os.fork()
            if pid == 0:  # the child: the project imported fresh, then pytest
                server.close()
                conn.close()
                code = 3
                try:
                    import pytest

                    code = int(pytest.main(args))
                finally:
                    os._exit(code)
            conn.sendall(f"{_wait(pid, conn, timeout)}\n".encode())


def _wait(pid: int, conn: socket.socket, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        readable, _, _ = select.select([conn], [], [], 0.05)
        if readable and not conn.recv(1, socket.MSG_PEEK) or time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)  # the client gave up, or the run is over its time
            os.waitpid(pid, 0)
            return -signal.SIGKILL


def run(path: str, args: list[str]) -> int:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    client.sendall((json.dumps(args) + "\n").encode())
    answer = client.makefile("r").readline().strip()
    return 0 if answer == "0" else 1


def stop(path: str) -> None:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    client.sendall(b'"stop"\n')
    client.close()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1] == "run":
        sys.exit(run(sys.argv[2], sys.argv[3:]))
