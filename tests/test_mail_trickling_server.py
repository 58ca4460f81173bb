"""A server that answers a byte at a time never holds the sender past its timeouts.

Regression: the timeouts bounded each read only, so a server trickling its reply (a tarpit,
a broken proxy: here a byte every 0.3 s) never let one fire: a greeting or the reply to the
data (a reply of continuation lines that never ends) took as long as the server liked, for
ever, and every later message waited behind it.
Now each step has its deadline as a whole: a slow greeting is the server unavailable (the
message waits, nothing sent), a slow reply to the end of the data is an unknown outcome
(the one copy the server got is held, never sent again without a person saying so).

A real server on 127.0.0.1 (a socket speaking just enough SMTP), the real sender.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from backoffice_auto.mail.message import MailMessage
from backoffice_auto.mail.sender import send_pending
from backoffice_auto.mail.spool import held_folder, spool_messages
from test_mail_support import rules

BYTE_EVERY = 0.3  # seconds between two bytes of a trickled reply
SHORT = {"connect_timeout_seconds": 2, "command_timeout_seconds": 2, "data_timeout_seconds": 2}
LONG_GREETING = "220 mail.example.com ESMTP ready, and in no hurry at all today\r\n"
STILL_WORKING = "250-2.0.0 still checking your message, please hold the line\r\n"  # a line of a reply that never ends


class TricklingServer:
    """Answers every command at once, except the one `slow` names, which it trickles."""

    def __init__(self, slow: str):
        self.slow = slow
        self.messages = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopping = False
        threading.Thread(target=self._accept, daemon=True).start()

    def env(self) -> dict[str, str]:
        return {"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": str(self.port),
                "BACKOFFICE_SMTP_SECURITY": "none"}

    def _accept(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _say(self, conn: socket.socket, text: str, trickle: bool) -> None:
        if not trickle:
            conn.sendall(text.encode())
            return
        for byte in text.encode():
            if self.stopping:
                return
            conn.sendall(bytes([byte]))
            time.sleep(BYTE_EVERY)

    def _session(self, conn: socket.socket) -> None:
        try:
            with conn, conn.makefile("rb") as lines:
                self._say(conn, LONG_GREETING, self.slow == "greeting")
                in_data = False
                for line in lines:
                    if in_data:
                        if line == b".\r\n":
                            in_data = False
                            self.messages += 1
                            if self.slow == "end of data":
                                while not self.stopping:
                                    self._say(conn, STILL_WORKING, True)
                            self._say(conn, "250 2.0.0 queued\r\n", False)
                        continue
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        in_data = True
                        self._say(conn, "354 go ahead\r\n", False)
                    elif verb == b"QUIT":
                        self._say(conn, "221 bye\r\n", False)
                        return
                    else:
                        self._say(conn, "250 ok\r\n", False)
        except OSError:
            return

    def stop(self) -> None:
        self.stopping = True
        self.listener.close()


@pytest.fixture
def spooled(workspace):
    return spool_messages(workspace, [MailMessage(to=("boss@example.com",), subject="Weekly summary", html="<p>x</p>",
                                                  text="x", key="weekly")], "J1", rules(smtp=SHORT))


def test_a_greeting_trickled_a_byte_at_a_time_is_the_server_unavailable_and_the_mail_waits(workspace, spooled):
    server = TricklingServer("greeting")
    try:
        report = send_pending(workspace, rules(smtp=SHORT), env=server.env())
    finally:
        server.stop()
    assert report.waiting == "unavailable" and "no answer within 2 s" in report.error, report
    assert report.sent == [] and server.messages == 0
    assert [p.name for p in workspace.mail_pending.glob("*.eml")] == [spooled[0].name]


def test_a_reply_to_the_data_trickled_a_byte_at_a_time_holds_the_one_copy_never_sends_it_again(workspace, spooled):
    server = TricklingServer("end of data")
    try:
        report = send_pending(workspace, rules(smtp=SHORT), env=server.env())
        assert report.held == [spooled[0].name] and report.sent == [], report
        again = send_pending(workspace, rules(smtp=SHORT), env=server.env(), force=True)
    finally:
        server.stop()
    assert again.sent == [] and server.messages == 1
    assert (held_folder(workspace) / spooled[0].name).exists()
    assert not list(workspace.mail_pending.glob("*.eml"))
