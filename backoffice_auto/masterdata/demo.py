"""The master-data job's demo step: the demo company's books as one workbook in `inbox/books/`."""

from __future__ import annotations

from pathlib import Path

from backoffice_auto.demobooks import demo_iban, demo_master_data, write_master_data_workbook

__all__ = ["demo_iban", "demo_master_data", "drop_demo_files", "write_master_data_workbook"]


def drop_demo_files(workspace, seed: int = 0) -> list[Path]:
    return [write_master_data_workbook(workspace.inbox / "books" / "master-data.xlsx", demo_master_data(seed))]
