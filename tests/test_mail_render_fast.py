"""The direct .eml writer gives the bytes the `email` package gives (random boundaries aside)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from hypothesis import given, settings, strategies as st

from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.render import render_eml, render_eml_email_package

NOW = datetime(2026, 11, 30, 9, 15, tzinfo=timezone.utc)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def normalised(data: bytes) -> bytes:
    """Boundaries renamed in order of appearance, so two renderings compare byte for byte."""
    names: dict[bytes, bytes] = {}

    def rename(match: re.Match) -> bytes:
        return names.setdefault(match.group(0), b"BOUNDARY-%d" % len(names))
    return re.sub(rb"={15}\d{19}==", rename, data)


def both(message: MailMessage, **kw) -> tuple[bytes, bytes]:
    args = dict(recipient="e1@example.com", to=["e1@example.com"], cc=[], sender="backoffice@localhost",
                job_id="J-7", key="payslip-E1", attachments=[], now=NOW)
    args.update(kw)
    return outcome(render_eml, message, args), outcome(render_eml_email_package, message, args)


def outcome(render, message, args):
    try:
        return normalised(render(message, **args))
    except ValueError as exc:  # a header with a line break in it is refused by both
        return str(exc)


def test_every_shape_is_byte_identical():
    shapes = [("", []), ("<p>Hello <b>ž</b></p>", []), ("", [("a.pdf", b"%PDF-1.7 " * 40, "application/pdf")]),
              ("<p>x</p>", [("report.xlsx", b"PK" * 100, XLSX), ("note.txt", b"hi", "text/plain"),
                            ("empty.bin", b"", "")])]
    for html, attachments in shapes:
        for text in ("", "Hello ž\nline two " + "x" * 100, "tab\there  \n\nend="):
            message = MailMessage(to=("e1@example.com",), subject="Your payslip for 2. 3. 2026 – 15. 3. 2026",
                                  html=html, text=text, kind="payslip", language="cs")
            fast, reference = both(message, attachments=attachments, cc=["boss@example.com", "b2@example.com"])
            assert fast == reference


def test_long_and_odd_headers_are_folded_as_the_package_folds_them():
    message = MailMessage(to=(), subject="Objednávky " * 12, html="", text="t", kind="k" * 90, language="pl")
    many = [f"person{i}@example.com" for i in range(8)]
    fast, reference = both(message, to=many, cc=['"Novák, Jan" <jan@example.com>'], subject_prefix="[Back] ",
                           job_id="J=?x?=" + "9" * 80)
    assert fast == reference


def test_a_non_ascii_attachment_name_goes_through_the_package():
    message = MailMessage(to=("e1@example.com",), subject="s", html="", text="t")
    fast, reference = both(message, attachments=[("Výplatní páska.pdf", b"x", "application/pdf")])
    assert fast == reference


@settings(max_examples=60, deadline=None)
@given(subject=st.text(max_size=120),
       text=st.text(max_size=400), html=st.text(max_size=200),
       data=st.binary(max_size=300), name=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}", fullmatch=True))
def test_any_text_gives_the_same_bytes(subject, text, html, data, name):
    message = MailMessage(to=("e1@example.com",), subject=subject, html=html, text=text, language="fr")
    fast, reference = both(message, attachments=[(name, data, "application/octet-stream")])
    assert fast == reference
    fast, reference = both(message)
    assert fast == reference
