"""A file in inbox/approvals/ that is none of our workbooks is refused saying what the folder takes.

Found by saving the reconciliation workbook as .xls and as a CSV and dropping each into
inbox/approvals/: both were refused with 'no handler takes this file (kind not recognised
from its folder and content)', which tells a clerk neither what is wrong nor what to do.
"""

from __future__ import annotations

from backoffice_auto.pipeline.runner import Pipeline
from conftest import xlsx_bytes


def test_a_file_in_approvals_that_is_none_of_our_workbooks_says_what_to_drop_there(workspace):
    folder = workspace.inbox / "approvals"
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "recon.csv", folder / "my-notes.xlsx"]
    files[0].write_text("Transaction;Decision\nBT-000017;confirm\n", encoding="utf-8")
    files[1].write_bytes(xlsx_bytes({"Notes": [["Customer", "Comment"], ["C1", "pays late"]]}))
    for out in Pipeline(workspace).process_paths(files):
        assert out["status"] == "refused"
        [message] = out["messages"]
        assert "none of the workbooks inbox/approvals/ takes back" in message["text"], message
        assert "save it as Excel (.xlsx)" in message["text"]


def test_the_message_is_in_the_workspaces_language(workspace):
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: pl", 1),
                        encoding="utf-8")
    path = workspace.inbox / "approvals" / "recon.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Transaction;Decision\n", encoding="utf-8")
    [out] = Pipeline(workspace).process_paths([path])
    assert "skoroszytów" in out["messages"][0]["text"], out
