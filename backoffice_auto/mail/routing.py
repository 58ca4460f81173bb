"""Recipients as written by jobs (`role:<name>` or addresses) to real addresses.

Pure functions over `MailRules`, so routing is tested without a mail server. An unknown
role falls back to the admin role: a report reaching the admin is better than a report
silently reaching nobody (the fallback is logged by the caller).
"""

from __future__ import annotations

from typing import Any, Iterable

from backoffice_auto.mail.address import wire_address
from backoffice_auto.mail.rules_model import ROLE_PREFIX, MailRules


def mail_rules_of(rules: Any) -> MailRules:
    """The mail rules of a loaded rule set, or the defaults when there are none."""
    found = getattr(rules, "mail", None) if rules is not None else None
    return found if isinstance(found, MailRules) else MailRules()


def resolve(recipients: Iterable[str], mail_rules: MailRules) -> tuple[list[str], list[str]]:
    """Addresses (unique, in order, case-insensitive) and the role names that were unknown."""
    out: list[str] = []
    seen: set[str] = set()
    unknown: list[str] = []
    for item in recipients:
        item = item.strip()
        if not item:
            continue
        if item.startswith(ROLE_PREFIX):
            role = item[len(ROLE_PREFIX):]
            addresses = mail_rules.roles.get(role)
            if addresses is None:
                unknown.append(role)
                addresses = mail_rules.roles.get("admin", [])
        else:
            addresses = [item]
        for address in map(wire_address, addresses):  # an internationalised domain in ASCII (`address.py`)
            if address.lower() not in seen:
                seen.add(address.lower())
                out.append(address)
    return out, unknown


CLERKS_SUFFIX = "_clerks"


def clerks_role(folder: str) -> str:
    """The role of the people who drop files into an inbox folder: `orders` -> `orders_clerks`."""
    return folder + CLERKS_SUFFIX


def notice_recipients(folder_hint: str | None, mail_rules: MailRules) -> list[str]:
    """Who hears about a refused file from this inbox folder (empty: nobody).

    The folder's own entry under `notices` first (null: nobody); else the clerks of that
    folder (`role:<folder>_clerks`, when `roles` lists them), who dropped the file and can
    correct it; else `notices.default` (the admin unless set otherwise).
    """
    notices = mail_rules.notices
    if folder_hint is not None and folder_hint in notices:
        target = notices[folder_hint]
    elif folder_hint is not None and clerks_role(folder_hint) in mail_rules.roles:
        target = ROLE_PREFIX + clerks_role(folder_hint)
    else:
        target = notices.get("default", "role:admin")
    if target is None:
        return []
    return [target] if isinstance(target, str) else list(target)
