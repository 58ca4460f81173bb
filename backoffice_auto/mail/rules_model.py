"""rules/mail.yaml: who gets what, where error notices go, how delivery is retried.

Handlers address people by role (`role:sales_manager`), never by address, so that an
office changes one line here when a person leaves instead of editing every job's rules.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from backoffice_auto.i18n import N_
from backoffice_auto.rules.base import StrictModel
from backoffice_auto.rules.problems import RuleValueError

ROLE_PREFIX = "role:"
_ADDRESS = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+$")


def _check_recipient(value: str) -> str:
    value = value.strip()
    if value.startswith(ROLE_PREFIX):
        if not value[len(ROLE_PREFIX):]:
            raise RuleValueError(N_("a role reference needs a name: role:<name>"))
        return value
    if not _ADDRESS.match(value):
        raise RuleValueError(N_("'{value}' is not an e-mail address or role:<name>"), value=value)
    return value


class Retry(StrictModel):
    """Backoff for a message the server did not accept (exponential, with jitter)."""

    attempts: int = Field(8, ge=1, le=50)  # tries before the message moves to failed/
    first_delay_seconds: float = Field(30.0, gt=0)  # wait after the first failure
    max_delay_seconds: float = Field(3600.0, gt=0)  # the wait never grows past this
    # a message whose outcome is unknown (the whole text went out, then no reply came: a
    # timeout, a dropped line, or the sender died) may have been delivered: `hold` it in
    # outbox/mail/held/ for the operator (never twice) or `resend` it (at least once)
    after_crash: Literal["resend", "hold"] = "hold"


class MailRules(StrictModel):
    # role name -> addresses; `admin` receives rule errors and unrouted notices
    roles: dict[str, list[str]] = Field(default_factory=lambda: {"admin": ["admin@localhost"]})
    # inbox folder (orders, invoices, timesheets, bank, books, approvals) -> who is told
    # when a file there is refused; `default` for the rest; null means nobody
    notices: dict[str, str | list[str] | None] = Field(default_factory=lambda: {"default": "role:admin"})
    # sender address; overrides settings.yaml smtp.from; env BACKOFFICE_MAIL_FROM wins over both
    sender: str | None = Field(None, alias="from")
    subject_prefix: str = ""  # put before every subject, e.g. "[Backoffice] "
    bcc: list[str] = Field(default_factory=list)  # an archive mailbox that gets a copy of everything but private mail (payslips)
    retry: Retry = Retry()
    send_interval_seconds: float = Field(5.0, gt=0)  # how often the daemon looks at pending/

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, addresses in value.items():
            for address in addresses:
                if _check_recipient(address).startswith(ROLE_PREFIX):
                    raise RuleValueError(N_("role '{name}' must list addresses, not roles"), name=name)
        return value

    @field_validator("bcc")
    @classmethod
    def _bcc(cls, value: list[str]) -> list[str]:
        return [_check_recipient(v) for v in value]

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(ROLE_PREFIX) or not _ADDRESS.match(value.strip())):
            raise RuleValueError(N_("'{value}' is not an e-mail address"), value=value)
        return value

    @model_validator(mode="after")
    def _known_roles(self) -> "MailRules":
        refs: list[str] = list(self.bcc)
        for target in self.notices.values():
            if target is None:
                continue
            refs.extend([target] if isinstance(target, str) else target)
        for ref in refs:
            _check_recipient(ref)
            if ref.startswith(ROLE_PREFIX) and ref[len(ROLE_PREFIX):] not in self.roles:
                if not self.roles:
                    raise RuleValueError(N_("unknown role '{name}' (no roles are defined under 'roles')"),
                                         name=ref[len(ROLE_PREFIX):])
                raise RuleValueError(N_("unknown role '{name}' (roles: {roles})"), name=ref[len(ROLE_PREFIX):],
                                     roles=", ".join(sorted(self.roles)))
        return self
