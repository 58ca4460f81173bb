"""Permissions: a file the service may not read is refused unread, never a traceback, and
the daemon does not wait for it for ever; a workspace folder it may not write postpones the
job, as a full disk does, instead of calling it done.

Regression: `process` died with a PermissionError traceback on a file dropped with mode
0600 by another user of the share (the clerk saw nothing, the file lay in the inbox), and
`watch` took it for a file still being written and waited for it silently for ever. Now it
goes to failed/ with a report in the clerk's language saying the service may not read it;
`retry` puts it back once its permissions are fixed.

Regression: with outbox/ not writable by the service, `process` said `done` with exit 0 and
listed outputs that were never put in place; the original stayed in the inbox and only the
log said why. Now the job is `postponed` (its commit kept), exit 3, the message names the
folder and what to do, and the run after the folder is fixed delivers it once.

The service runs here as a user that cannot read the file: the tests' own user when it is
not root, else `nobody` (a real subprocess with its user changed), on a workspace that user
may write.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from backoffice_auto.workspace import Workspace
from test_watch_support import REPO, wait_for

NOBODY = 65534
CS_REASON = "službě není dovoleno tento soubor číst"


@pytest.fixture
def shared():
    """A workspace every user may write (as a share is), in Czech, with an unreadable file."""
    root = Path(tempfile.mkdtemp(prefix="unreadable-"))
    os.chmod(root, 0o777)
    ws = Workspace.at(root / "ws")
    ws.init()
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    secret = ws.inbox / "orders" / "objednávka.csv"
    secret.write_text("order_id,order_date,customer_id,sku,quantity\n", encoding="utf-8")
    os.chmod(secret, 0o600)
    if os.geteuid() == 0:
        for path in [ws.root, *ws.root.rglob("*")]:
            if path != secret:
                os.chown(path, NOBODY, NOBODY)
    try:
        yield ws, secret
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _as_service(args: list[str]) -> list[str]:
    """`args` run as a user that may not read the file (`nobody` through util-linux's setpriv when root)."""
    if os.geteuid() != 0:
        return args
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no user here lacks the permission")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKOFFICE_")}
    env.update({"PYTHONPATH": str(REPO), "BACKOFFICE_CLOCK": "off", "HOME": tempfile.gettempdir()})
    return env


def _refused_in_failed(ws, secret: Path) -> str:
    assert not secret.exists()
    report = ws.failed / (secret.name + ".error.txt")
    assert (ws.failed / secret.name).exists() and report.exists(), sorted(p.name for p in ws.failed.iterdir())
    return report.read_text(encoding="utf-8")


def test_process_refuses_a_file_it_may_not_read_with_the_reason_in_the_clerks_language(shared):
    ws, secret = shared
    result = subprocess.run(_as_service([sys.executable, "-m", "backoffice_auto", "process", "-w", str(ws.root),
                                         "--stable", "0", "--json"]), capture_output=True, text=True, env=_env(),
                            cwd=REPO, timeout=300)
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    [refused] = json.loads(result.stdout)
    assert refused["status"] == "refused" and CS_REASON in refused["messages"][0]["text"], refused
    assert CS_REASON in _refused_in_failed(ws, secret)


def test_the_daemon_refuses_a_file_it_may_not_read_instead_of_waiting_for_ever(shared):
    ws, secret = shared
    daemon = subprocess.Popen(_as_service([sys.executable, "-m", "backoffice_auto", "watch", "-w", str(ws.root),
                                           "--stable", "0.3"]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, env=_env(), cwd=REPO)
    try:
        wait_for(lambda: (ws.failed / (secret.name + ".error.txt")).exists() or daemon.poll() is not None,
                 timeout=120, what="the unreadable file refused")
        assert daemon.poll() is None
    finally:
        daemon.terminate()
        _, err = daemon.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert CS_REASON in _refused_in_failed(ws, secret)


def test_an_outbox_the_service_may_not_write_postpones_the_job_and_the_next_run_delivers_it_once(shared):
    ws, secret = shared
    secret.unlink()
    from conftest import write_workbook
    from test_watch_support import items_rows

    items = write_workbook(ws.inbox / "books" / "items.xlsx", {"Items": items_rows(3)})
    if os.geteuid() == 0:
        os.chown(items, NOBODY, NOBODY)
        os.chown(ws.outbox, 0, 0)
    os.chmod(ws.outbox, 0o555)
    command = _as_service([sys.executable, "-m", "backoffice_auto", "process", "-w", str(ws.root), "--stable", "0",
                           "--json"])
    result = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=REPO, timeout=300)
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stdout + result.stderr
    [postponed] = json.loads(result.stdout)
    assert postponed["status"] == "postponed" and postponed["job"] == "000001", postponed
    assert "služba nesmí zapisovat do outbox" in postponed["messages"][0]["text"], postponed
    assert items.exists() and not list(ws.failed.iterdir()) and not list(ws.archive.rglob("*.xlsx"))
    os.chmod(ws.outbox, 0o777)
    again = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=REPO, timeout=300)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stdout + again.stderr
    assert not items.exists() and [p.name for p in ws.archive.rglob("*.xlsx")] == ["000001-items.xlsx"]
    assert len(list(ws.outbox.glob("20*/000001-items/*"))) == 1 and len(list(ws.mail_pending.glob("*.eml"))) == 1
