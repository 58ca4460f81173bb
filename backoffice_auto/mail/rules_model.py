"""rules/mail.yaml (STUB: to be filled by the mail job)."""

from __future__ import annotations

from backoffice_auto.rules.base import StrictModel


class MailRules(StrictModel):
    pass
