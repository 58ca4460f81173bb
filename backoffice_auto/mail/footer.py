"""The one footer every mail carries, added where every message is spooled: a job's mail
when it is staged (`pipeline/commit.py`), mail outside a job in `spool_messages`.

Each job used to sign (or not sign) its own mail; the payroll summary had no footer and
the orders mail had its own. Adding it once, when a message is rendered, gives every mail
the same footer in its own language, in the text and in the HTML body alike.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from backoffice_auto.i18n import N_, translate
from backoffice_auto.mail.message import MailMessage

FOOTER = N_("This message was sent automatically by backoffice-auto.")
FOOTER_STYLE = "color:#777;font-size:smaller;border-top:1px solid #ddd;padding-top:4px"
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def footer_text(language: str) -> str:
    return translate(FOOTER, language)


def with_footer(message: MailMessage) -> MailMessage:
    """The message with the footer under its text ("-- " signature line) and its HTML."""
    footer = footer_text(message.language)
    text = (message.text or "").rstrip("\n")
    text = f"{text}\n\n-- \n{footer}\n" if text else f"-- \n{footer}\n"
    body = message.html
    if body:
        block = f'<p class="footer" style="{FOOTER_STYLE}">{html.escape(footer)}</p>'
        ends = list(_BODY_END.finditer(body))
        body = body[:ends[-1].start()] + block + body[ends[-1].start():] if ends else body + block
    return replace(message, text=text, html=body)
