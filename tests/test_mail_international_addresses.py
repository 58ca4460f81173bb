"""Addresses with letters outside ASCII reach the right mailbox or fail saying why, never a
wrong one (a real aiosmtpd server on 127.0.0.1, the real sender).

Regression: `jan@účetní-firma.cz` was spooled as a MIME encoded word and the sender read
the encoded word back as the address: the server got a nonsense recipient, accepted it,
and the mail counted as sent while nobody could receive it. Now the domain goes out in its
ASCII form (IDNA), a local part outside ASCII travels with the server's SMTPUTF8, and a
server without SMTPUTF8 gets no such message: it fails at once, with the reason.
"""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.sender import send_pending
from backoffice_auto.mail.spool import spool_messages
from backoffice_auto.status import collect_status, render_status
from test_mail_support import SmtpServer, rules

SHORT = {"connect_timeout_seconds": 2, "command_timeout_seconds": 2, "data_timeout_seconds": 2}
IDN = "jan@účetní-firma.cz"
IDN_ASCII = "jan@xn--etn-firma-i5a3lvj.cz"
LOCAL = "jiří@example.cz"


class Server(SmtpServer):
    """The test server, offering SMTPUTF8 or not."""

    def __init__(self, utf8: bool):
        super().__init__()
        self.utf8 = utf8

    def start(self) -> "Server":
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=self.utf8)
        self.controller.start()
        return self


@pytest.fixture(params=["plain", "smtputf8"])
def server(request):
    smtp = Server(utf8=request.param == "smtputf8").start()
    try:
        yield smtp
    finally:
        smtp.stop()


def _rules():
    return rules(smtp=SHORT, roles={"admin": ["admin@example.com"], "sales_manager": ["sales@example.com"],
                                    "ucetni": [IDN]})


def _send(workspace, server, *to: str):
    spooled = spool_messages(workspace, [MailMessage(to=(address,), subject="Faktura č. 12", html="<p>x</p>",
                                                     text="x", key=address) for address in to], "J1", _rules())
    return spooled, send_pending(workspace, _rules(), env=server.env())


def test_an_internationalised_domain_goes_out_in_its_ascii_form_to_the_right_mailbox(workspace, server):
    spooled, report = _send(workspace, server, IDN, "role:ucetni")
    assert len(report.sent) == 2 and not report.failed
    assert [rcpt for _, rcpt, _ in server.inbox.messages] == [[IDN_ASCII], [IDN_ASCII]]
    assert {m["To"] for _, _, m in server.inbox.messages} == {IDN_ASCII}


def test_a_local_part_outside_ascii_goes_with_smtputf8_or_fails_at_once_saying_why(workspace, server):
    spooled, report = _send(workspace, server, LOCAL, "ok@example.com")
    received = [rcpt for _, rcpt, _ in server.inbox.messages]
    if server.utf8:
        assert sorted(map(tuple, received)) == [("jiří@example.cz",), ("ok@example.com",)]
        assert len(report.sent) == 2 and not report.failed
    else:  # never a wrong address: refused here, the other message still sent
        assert received == [["ok@example.com"]] and len(report.failed) == 1 and len(report.sent) == 1
        reason = (workspace.mail_failed / (report.failed[0] + ".error.txt")).read_text(encoding="utf-8")
        assert "SMTPUTF8" in reason and "jiří@example.cz" in reason, reason
        assert "SMTPUTF8" in render_status(collect_status(workspace))
