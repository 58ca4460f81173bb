"""The daemon's state for `status` (re-exported: `rules_state`, `mail_counts`, `daemon_state`)."""

from backoffice_auto.watch.status import daemon_state, mail_counts, rules_state

__all__ = ["daemon_state", "mail_counts", "rules_state"]
