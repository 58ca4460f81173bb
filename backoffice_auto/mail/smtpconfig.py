"""Where mail goes out: settings.yaml's `smtp`, then mail.yaml, then the environment.

Precedence (DESIGN.md): `BACKOFFICE_SMTP_HOST/PORT/SECURITY/USER/PASSWORD` and
`BACKOFFICE_MAIL_FROM` override the rule files, so a deployment can point a copied
workspace at another server without editing YAML. The password never lives in a rule
file: it comes from `BACKOFFICE_SMTP_PASSWORD` or the system keyring (service
`backoffice-auto`, user = the SMTP user), and nothing ever prompts for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping

from backoffice_auto.i18n import N_, translate
from backoffice_auto.mail.routing import mail_rules_of

KEYRING_SERVICE = "backoffice-auto"
SECURITIES = ("none", "starttls", "ssl")


class SmtpConfigError(ValueError):
    """The environment or rules name an impossible SMTP setup (e.g. port 'abc'): an English msgid
    and its values, said in the reader's language by `text` (str() is English, for the log).
    A Czech operator read 'Nastavení pošty je chybné: BACKOFFICE_SMTP_PORT must be a number'."""

    def __init__(self, message: str, **params: Any):
        self.message, self.params = message, params
        super().__init__(translate(message, "en", **params))

    def text(self, language: str) -> str:
        return translate(self.message, language, **self.params)


BAD_SECURITY = N_("BACKOFFICE_SMTP_SECURITY must be one of {allowed}, not '{security}'")
BAD_PORT = N_("BACKOFFICE_SMTP_PORT must be a number, not '{port}'")
PORT_RANGE = N_("SMTP port {port} is out of range (1 to 65535)")


@dataclass(frozen=True)
class SmtpConfig:
    host: str | None
    port: int
    security: str  # none | starttls | ssl
    user: str | None
    password: str | None
    sender: str
    connect_timeout: float = 30.0  # TCP connection, TLS, greeting, EHLO, login
    command_timeout: float = 300.0  # each of MAIL, RCPT, DATA and sending the data (RFC 5321: 5 min)
    data_timeout: float = 600.0  # the reply to the final "." (RFC 5321 4.5.3.2: 10 min)

    @property
    def configured(self) -> bool:
        return bool(self.host)

    def describe(self) -> str:
        """For logs: never includes the password."""
        who = f"{self.user}@" if self.user else ""
        return f"{self.security}://{who}{self.host}:{self.port}"


def _settings_smtp(rules: Any):
    settings = getattr(rules, "settings", None) if rules is not None else None
    return getattr(settings, "smtp", None)


def sender_address(rules: Any, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    if env.get("BACKOFFICE_MAIL_FROM"):
        return env["BACKOFFICE_MAIL_FROM"]
    mail_rules = mail_rules_of(rules)
    if mail_rules.sender:
        return mail_rules.sender
    smtp = _settings_smtp(rules)
    return getattr(smtp, "sender", None) or "backoffice@localhost"


def keyring_password(user: str | None) -> str | None:
    """The password stored in the system keyring, or None (no keyring backend is not an error)."""
    if not user:
        return None
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, user)
        except KeyringError:
            return None
    except Exception:  # a broken backend (no D-Bus, locked) must not stop the sender
        return None


def smtp_config(rules: Any, env: Mapping[str, str] | None = None, use_keyring: bool = True) -> SmtpConfig:
    env = os.environ if env is None else env
    smtp = _settings_smtp(rules)
    host = env.get("BACKOFFICE_SMTP_HOST") or getattr(smtp, "host", None) or None
    security = (env.get("BACKOFFICE_SMTP_SECURITY") or getattr(smtp, "security", None) or "starttls").lower()
    if security not in SECURITIES:
        raise SmtpConfigError(BAD_SECURITY, allowed=", ".join(SECURITIES), security=security)
    port_text = env.get("BACKOFFICE_SMTP_PORT")
    if port_text:
        try:
            port = int(port_text)
        except ValueError:
            raise SmtpConfigError(BAD_PORT, port=port_text) from None
    else:
        port = getattr(smtp, "port", None) or (465 if security == "ssl" else 587)
    if not 0 < port < 65536:
        raise SmtpConfigError(PORT_RANGE, port=str(port))
    user = env.get("BACKOFFICE_SMTP_USER") or getattr(smtp, "user", None) or None
    password = env.get("BACKOFFICE_SMTP_PASSWORD") or None
    if password is None and use_keyring and host:
        password = keyring_password(user)
    timeouts = {name: float(value) for name in ("connect_timeout", "command_timeout", "data_timeout")
                if (value := getattr(smtp, f"{name}_seconds", None)) is not None}
    return SmtpConfig(host, port, security, user, password, sender_address(rules, env), **timeouts)
