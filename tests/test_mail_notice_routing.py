"""A refused file's notice goes to whoever is routed for the inbox folder it was dropped in:
the folder's `notices` entry, else the clerks of that folder (`<folder>_clerks`), else `default`."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as default_policy

from backoffice_auto.mail.render import RECIPIENT_HEADER
from backoffice_auto.mail.routing import notice_recipients
from backoffice_auto.mail.rules_model import MailRules
from conftest import run_cli


def _rules(**data) -> MailRules:
    data.setdefault("roles", {"admin": ["admin@example.com"], "orders_clerks": ["orders@example.com"],
                              "sales_manager": ["sales@example.com"]})
    return MailRules.model_validate(data)


def test_a_folder_without_its_own_entry_goes_to_its_clerks():
    assert notice_recipients("orders", _rules()) == ["role:orders_clerks"]


def test_the_folders_own_entry_wins_over_its_clerks_and_null_means_nobody():
    assert notice_recipients("orders", _rules(notices={"orders": "role:sales_manager", "default": "role:admin"})) \
        == ["role:sales_manager"]
    assert notice_recipients("orders", _rules(notices={"orders": None, "default": "role:admin"})) == []


def test_a_folder_with_no_clerks_and_no_entry_goes_to_the_default():
    assert notice_recipients("bank", _rules()) == ["role:admin"]
    assert notice_recipients(None, _rules()) == ["role:admin"]
    assert notice_recipients("bank", _rules(notices={"default": "boss@example.com"})) == ["boss@example.com"]


def _recipients(workspace) -> list[str]:
    out = []
    for path in sorted((workspace.root / "outbox" / "mail" / "pending").glob("*.eml")):
        out.append(str(message_from_bytes(path.read_bytes(), policy=default_policy)[RECIPIENT_HEADER]))
    return out


def test_the_sample_workspace_tells_the_order_clerks_not_the_sales_manager(workspace):
    (workspace.inbox / "orders").mkdir(parents=True, exist_ok=True)
    (workspace.inbox / "orders" / "bad.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    assert run_cli("process", "-w", str(workspace.root)).returncode == 1
    assert _recipients(workspace) == ["orders@example.com"]
