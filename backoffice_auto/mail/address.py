"""Addresses as SMTP carries them: an internationalised domain in its ASCII form (IDNA).

Why: an address with letters outside ASCII (`jan@účetní-firma.cz`, `jiří@example.cz`)
was written into the spooled message as a MIME encoded word, and the sender read that
encoded word back as the address itself: the server was handed a nonsense recipient,
accepted it, and the mail was counted as sent while nobody could ever receive it.

Now the domain of every address is put in its ASCII form (`xn--...`) where the message is
made and again where the envelope is read, so it goes out to the right place with no help
from the server; the envelope is read from the decoded headers. A local part (before the
@) outside ASCII can only travel with the server's SMTPUTF8: the transport uses it when
offered, else the message fails at once with that said (`transport.py`), never sent to a
wrong address.
"""

from __future__ import annotations

import re
from email.header import decode_header, make_header

_ADDR_SPEC = re.compile(r"(?P<local>[^\s<>@,;\"]+)@(?P<domain>[^\s<>@,;\"]+)")


def ascii_domain(domain: str) -> str:
    """`domain` in its IDNA (ASCII) form; as it is when it is ASCII already or cannot be encoded."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:  # not a valid domain name: left for the server to refuse
        return domain


def wire_address(text: str) -> str:
    """`text` (an address, or `Name <address>`) with the domain of each address in ASCII."""
    if text.isascii():
        return text
    return _ADDR_SPEC.sub(lambda m: f"{m.group('local')}@{ascii_domain(m.group('domain'))}", text)


def header_text(value: object) -> str:
    """A header's value as text, its MIME encoded words decoded (`=?utf-8?b?...?=`)."""
    raw = str(value)
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except (UnicodeError, LookupError, ValueError):
        return raw
