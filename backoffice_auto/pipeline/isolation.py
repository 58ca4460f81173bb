"""A file whose job already died once is tried again in a separate process, and watched.

Why: a file that crashes the process (a native library aborting, the memory killer, a
hang past the hard time bound) stayed in the inbox and crashed the daemon again at every
start. The journal already counts the first crash: a claim that finds its file's earlier
claim still `running` knows that attempt died. Before running that file again in the
service's own process, the job is rehearsed here in a child process: the handler runs in a
transaction that is rolled back, with outputs in a throwaway folder, under the job's time
bound. If the child dies (a signal other than an interrupt) or overruns, the file has
stopped the program twice and goes to `failed/` with the reason instead of being retried
for ever. If the child finishes, the real attempt runs as usual.

Why not count every death: an operator's `kill -9` or a power cut also leaves a claim
`running`, and a file must not be refused because the machine was restarted twice while
it was being processed. Only a death of the rehearsal, which nothing but the file's own job
causes, counts as the second crash.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from backoffice_auto.i18n import N_

CRASHED_TWICE = N_("processing this file stopped the program twice (last time: {cause}); it is not tried again "
                   "automatically. Check the file, then drop it into the inbox again")
# Deaths that only an interrupt sent to the whole group causes (Ctrl-C, systemd stopping the
# service): they say nothing about the file.
INTERRUPTS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
GRACE_SECONDS = 30.0
EXIT_SURVIVED, EXIT_CONFIG = 0, 2


@dataclass(frozen=True)
class Rehearsal:
    outcome: str  # survived | crashed | overran | inconclusive
    detail: str = ""


def rehearse(workspace_root: Path, path: Path, seconds: float) -> Rehearsal:
    """Run the job for `path` once in a child process (nothing kept) and say how it ended."""
    # -P: nothing in the working folder (a `numpy.py` dropped there) is imported by the rehearsal
    command = [sys.executable, "-P", "-m", "backoffice_auto.pipeline.isolation", str(workspace_root), str(path),
               str(seconds)]
    try:
        child = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=seconds + min(seconds, GRACE_SECONDS))
    except subprocess.TimeoutExpired:
        return Rehearsal("overran", f"{seconds:g} s")
    code = child.returncode
    if code == EXIT_SURVIVED:
        return Rehearsal("survived")
    if code < 0 and -code not in INTERRUPTS:
        return Rehearsal("crashed", signal.Signals(-code).name)
    tail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if child.stderr else []
    return Rehearsal("inconclusive", f"exit {code}: {' '.join(tail)}"[:300])


def _child(root: str, path: str, seconds: float) -> int:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from backoffice_auto.jobspec import spec_for_handler
    from backoffice_auto.pipeline import inbox_entry, registry
    from backoffice_auto.pipeline.env import ConfigError, crash_point
    from backoffice_auto.pipeline.handler import Incoming, JobContext
    from backoffice_auto.pipeline.run import folder_hint
    from backoffice_auto.pipeline.runner import Pipeline
    from backoffice_auto.pipeline.timebound import JobTimeout, stall_point, time_bound
    from backoffice_auto.workspace import Workspace

    workspace = Workspace.at(root)
    try:
        pipeline = Pipeline(workspace)
    except ConfigError:
        return EXIT_CONFIG
    env = pipeline.env()
    entry = inbox_entry.inspect(path, workspace.inbox)
    if entry.kind != inbox_entry.REGULAR:
        return EXIT_SURVIVED  # refused unread by the real attempt: nothing to rehearse
    incoming = Incoming(name=entry.path.name, data=inbox_entry.read(entry, workspace.inbox),
                        folder_hint=folder_hint(env, entry.path), path=entry.path)
    staging = Path(tempfile.mkdtemp(prefix="backoffice-rehearsal-"))
    now = datetime.now(ZoneInfo(env.rules.settings.timezone))
    try:
        with time_bound(seconds):
            handler = registry.identify(incoming, pipeline.handlers)
            spec = spec_for_handler(handler, env.specs)
            with env.store.transaction() as books:
                ctx = JobContext(job_id="rehearsal", workspace=workspace, rules=env.rules, books=books,
                                 staging=staging, today=now.date(), now=now, dry_run=True,
                                 job_rules=env.job_rules(spec), hooks=env.hooks)
                handler.process(incoming, ctx)
                crash_point("processing")
                stall_point("processing")
                raise _RolledBack
    except (_RolledBack, JobTimeout, Exception):
        pass  # refused or finished: the real attempt says so; only a death counts here
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        pipeline.close()
    return EXIT_SURVIVED


class _RolledBack(Exception):
    pass


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], float(sys.argv[3])))
