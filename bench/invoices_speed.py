"""Milliseconds per invoice for each reading path, against bare pdfplumber in the same run.

Paths: embedded XML (the Factur-X corpus), template (invoice2data's invoices with our
sample templates, --no-embedded), template-free text reading (every PDF, --no-embedded,
no templates); plus pdfium's raw text alone. The reference is pdfplumber's `extract_text`
of every page of the same file, measured in the same run (machines and load differ; the
ratio is what travels). Median of several runs per file, then the mean over files.

invoice2data itself is measured side by side when it is installed in a separate venv
(/work/i2d-venv, never in the project) and Debian's poppler-utils gives `pdftotext`: its
own bundled templates on its own test invoices, text cache cleared before each run, and
its accuracy over the same fields as bench/invoices_accuracy.py.

    /work/venv/bin/python bench/invoices_speed.py [--runs N]
"""

from __future__ import annotations

import gc
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pdfplumber  # noqa: E402

from backoffice_auto.invoices.extract.read import extract_invoice  # noqa: E402
from backoffice_auto.invoices.extract.pdfdoc import open_pdf  # noqa: E402
from backoffice_auto.invoices.extract.templates import load_templates  # noqa: E402
from invoices_accuracy import CORPUS, HEADER_MAP, LINE_MAP, TEMPLATES, Score, same  # noqa: E402

I2D_PYTHON = Path("/work/i2d-venv/bin/python")

I2D_SCRIPT = r'''
import gc, json, statistics, sys, time, datetime
from invoice2data import extract_data
from invoice2data.extract.loader import read_templates
from invoice2data.input import pdftotext
import invoice2data.input as inp
import logging
logging.disable(logging.CRITICAL)
runs = int(sys.argv[1]); files = sys.argv[2:]
templates = read_templates()
extract_data(files[0], templates=templates, input_module=pdftotext)  # warm up
out = {}
for f in files:
    times = []
    for _ in range(runs):
        inp._cached_to_text.cache_clear()
        gc.collect(); gc.disable()
        t = time.perf_counter()
        result = extract_data(f, templates=templates, input_module=pdftotext)
        times.append(time.perf_counter() - t)
        gc.enable()
    def plain(v):
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.strftime("%Y-%m-%d")
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v
    out[f] = {"ms": statistics.median(times) * 1000, "result": plain(result or {})}
print(json.dumps(out))
'''


def median_ms(fn, runs: int) -> float:
    """Median wall time; garbage collected before and paused during each run (as timeit
    does), so one path does not pay for another's garbage."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times) * 1000


def plumber_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def measure(files: list[Path], path_fn, runs: int) -> tuple[float, float]:
    """(mean ms of the path, mean ms of pdfplumber) over `files`."""
    ours, base = [], []
    for pdf in files:
        data = pdf.read_bytes()
        path_fn(data, pdf.name)  # warm (imports, regex compilation)
        ours.append(median_ms(lambda: path_fn(data, pdf.name), runs))
        base.append(median_ms(lambda: plumber_text(data), runs))
    return statistics.mean(ours), statistics.mean(base)


def invoice2data_side_by_side(files: list[Path], runs: int, rounds: int = 3) -> None:
    """Both tools on the same PDFs, in alternating rounds (the machine's load drifts; a
    round of each, three times, and the median round of each is compared)."""
    if not I2D_PYTHON.exists() or shutil.which("pdftotext") is None:
        print("invoice2data: not measured (needs /work/i2d-venv with invoice2data and poppler-utils' pdftotext)")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(I2D_SCRIPT)
    templates = load_templates(TEMPLATES)
    datas = [(pdf, pdf.read_bytes()) for pdf in files]
    for pdf, data in datas:
        extract_invoice(data, pdf.name, templates=templates)  # warm
    i2d_rounds, our_rounds, base_rounds = [], [], []
    results = {}
    try:
        for _ in range(rounds):
            proc = subprocess.run([str(I2D_PYTHON), script.name, str(runs), *map(str, files)],
                                  capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                print("invoice2data: failed to run:", proc.stderr.strip().splitlines()[-1:])
                return
            results = json.loads(proc.stdout.strip().splitlines()[-1])
            i2d_rounds.append(statistics.mean(results[str(pdf)]["ms"] for pdf in files))
            our_rounds.append(statistics.mean(
                median_ms(lambda: extract_invoice(data, pdf.name, templates=templates), runs) for pdf, data in datas))
            base_rounds.append(statistics.mean(median_ms(lambda: plumber_text(data), runs) for _pdf, data in datas))
    finally:
        Path(script.name).unlink()
    i2d_score = Score()
    for pdf in files:
        expected = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))[0]
        _score_i2d(expected, results[str(pdf)]["result"], i2d_score, pdf.stem)
    i2d_ms, ours_ms, base_ms = (statistics.median(r) for r in (i2d_rounds, our_rounds, base_rounds))
    print(f"invoice2data 1.x (pdftotext, its own templates), same {len(files)} PDFs, median of {rounds} "
          "alternating rounds:")
    print(f"  invoice2data          {i2d_ms:8.1f} ms/invoice  x{i2d_ms / base_ms:5.2f} of pdfplumber"
          f"  (rounds: {', '.join(f'{r:.1f}' for r in i2d_rounds)})")
    print(f"  backoffice-auto       {ours_ms:8.1f} ms/invoice  x{ours_ms / base_ms:5.2f} of pdfplumber"
          f"  (rounds: {', '.join(f'{r:.1f}' for r in our_rounds)}; XML first, sample templates, as in production)")
    print(f"  invoice2data accuracy over the fields both name, PDFs only: {i2d_score.pct()}")


def _score_i2d(expected: dict, got: dict, score: Score, stem: str) -> None:
    """Same rules as bench/invoices_accuracy.py, applied to invoice2data's own output."""
    def conv(field: str, value):
        if value is None:
            return None
        if field in ("total", "net", "tax", "quantity", "unit_price", "amount", "tax_rate"):
            try:
                return Decimal(str(value))
            except Exception:
                return None
        if field in ("issue_date", "due_date"):
            from datetime import date
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                return None
        return value

    for key, field in HEADER_MAP.items():
        if key in expected:
            score.add(same(field, expected[key], conv(field, got.get(key))), f"{stem}.{key}")
    for i, line in enumerate(expected.get("lines", [])):
        keys = [k for k in line if k in LINE_MAP and not (k == "code" and not line[k])]
        if not any(k in ("name", "desc") for k in keys):
            continue
        desc = line.get("name", line.get("desc"))
        match = next((g for g in got.get("lines", []) or [] if isinstance(g, dict)
                      and same("description", desc, g.get("name", g.get("desc", "")))), None)
        for k in keys:
            value = match.get(k) if match else None
            score.add(same(LINE_MAP[k], line[k], conv(LINE_MAP[k], value)), f"{stem}.lines[{i}].{k}")


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to measure")
        return 0
    i2d = sorted((CORPUS / "invoice2data").glob("*.pdf"))
    fx = sorted((CORPUS / "facturx").rglob("*.pdf"))
    templates = load_templates(TEMPLATES)
    rows = [
        ("pdfium raw text + checks", i2d + fx, lambda d, n: open_pdf(d, n)),
        ("embedded XML", fx, lambda d, n: extract_invoice(d, n, templates=templates)),
        ("template (sample templates)", i2d, lambda d, n: extract_invoice(d, n, templates=templates,
                                                                          use_embedded=False)),
        ("template-free text reading", i2d + fx, lambda d, n: extract_invoice(d, n, templates=None,
                                                                              use_embedded=False)),
    ]
    print(f"ms per invoice (median of {runs} runs per file, mean over files); pdfplumber = "
          "bare pdfplumber extract_text of every page of the same files, same run")
    print(f"  {'path':30} {'files':>5} {'ours ms':>9} {'pdfplumber ms':>14} {'ratio':>7}")
    for title, files, fn in rows:
        ours, base = measure(files, fn, runs)
        print(f"  {title:30} {len(files):5d} {ours:9.1f} {base:14.1f} {ours / base:7.2f}")
    invoice2data_side_by_side(i2d, runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
