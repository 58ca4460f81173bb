"""The first chart of a process must not keep its caller's data alive (see
`reports.charts._import_matplotlib`): a job's objects are freed when the job ends, not at
the next full garbage collection. Checked in a fresh interpreter, where matplotlib is not
imported yet, with the collector off as the pipeline runs jobs."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc, weakref
gc.disable()
from backoffice_auto.reports.charts import bar_chart_png

class JobData:
    pass

def job():
    data = JobData()
    png = bar_chart_png(["Sales"], {"EUR": [1]}, title="t")
    assert png.startswith(b"\\x89PNG")
    return weakref.ref(data)

ref = job()
print("freed" if ref() is None else "kept")
"""


def test_first_chart_of_a_process_leaves_no_reference_to_the_callers_data():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "freed"
