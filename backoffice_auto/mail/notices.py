"""Mail the service writes on its own: a refused file, a broken rule edit.

The text is built from English msgids translated into the workspace language (these go
to the clerk's or admin's mailbox, not to a customer), with every problem on its own
line as `file:sheet!B14: reason`, the same form the CLI and `.error.txt` use.
"""

from __future__ import annotations

import hashlib
import html
from typing import Any, Iterable

from backoffice_auto.errors import Problem
from backoffice_auto.i18n import N_, translate
from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.routing import mail_rules_of, notice_recipients

REFUSED_SUBJECT = N_("File refused: {file}")
REFUSED_INTRO = N_("The file {file} was not processed. Nothing from it was entered in the books.")
REFUSED_FIX = N_("Please correct the file and drop it into the inbox again.")
PROBLEMS_HEADING = N_("Problems found:")
RULES_SUBJECT = N_("Rule files have errors; the last good rules stay in force")
RULES_INTRO = N_("A change under rules/ could not be used. The service keeps running with the rules that were valid before.")
RULES_FIX = N_("Fix the lines below; the corrected rules are used from the next file on. Check with: backoffice-auto rules check")


def _language(rules: Any) -> str:
    settings = getattr(rules, "settings", None) if rules is not None else None
    return getattr(settings, "language", None) or "en"


def _t(msgid: str, language: str, **params: Any) -> str:
    text = translate(msgid, language)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def _bodies(language: str, intro: str, lines: list[str], fix: str) -> tuple[str, str]:
    heading = _t(PROBLEMS_HEADING, language)
    text = "\n".join([intro, "", heading, *[f"  - {line}" for line in lines], "", fix]) + "\n"  # footer: mail/footer.py
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    body = (f"<p>{html.escape(intro)}</p><p><strong>{html.escape(heading)}</strong></p><ul>{items}</ul>"
            f"<p>{html.escape(fix)}</p>")
    return text, f"<!DOCTYPE html><html lang=\"{language}\"><body>{body}</body></html>"


def refusal_notice(file_name: str, folder_hint: str | None, problems: list[Problem],
                   rules: Any) -> MailMessage | None:
    """Tell whoever is routed for this inbox folder why the file was refused (None: nobody)."""
    recipients = notice_recipients(folder_hint, mail_rules_of(rules))
    if not recipients:
        return None
    language = _language(rules)
    lines = [p.render(language) for p in problems] or [_t(REFUSED_INTRO, language, file=file_name)]
    text, body = _bodies(language, _t(REFUSED_INTRO, language, file=file_name), lines, _t(REFUSED_FIX, language))
    return MailMessage(to=tuple(recipients), subject=_t(REFUSED_SUBJECT, language, file=file_name),
                       html=body, text=text, kind="notice", language=language,
                       key=f"refused:{file_name}")


def rules_invalid_notice(problem_lines: Iterable[str], rules: Any) -> MailMessage:
    """For the admin: the rule edit that was not taken, each problem as `file:line:col: message`.

    `rules` are the rules still in force (they say who the admin is and the language).
    """
    language = _language(rules)
    lines = list(problem_lines)
    text, body = _bodies(language, _t(RULES_INTRO, language), lines, _t(RULES_FIX, language))
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]
    return MailMessage(to=("role:admin",), subject=_t(RULES_SUBJECT, language), html=body, text=text,
                       kind="rules-error", language=language, key=f"rules:{digest}")
