"""MT940 as banks write it, each read wrong or refused before.

- A statement carried on over pages in one message (`:62M:` then `:60M:` without a new `:20:`)
  was refused as not balancing (its opening was taken from the last page, its lines from all)
  and the last page's `:86:` texts were dropped.
- `:86:` subfields with a separator other than `?` (`/`, `~`) cut the text at that character
  inside a subfield: `?20RE 2026/123` with `/` separators lost the invoice number.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_auto.payments.readers import check_statements, read_statements
from bank_samples import bank_rows
from conftest import cli_json

IBAN = "CZ6508000000192000145399"
PAGES = (f":20:STMT-2026-12-01\r\n:25:{IBAN}\r\n:28C:00045/1\r\n:60F:C261130EUR1000,00\r\n"
         ":61:2612011201C300,00NTRFNONREF//B1\r\n:86:Faktura 2026-0001\r\n"
         ":62M:C261201EUR1300,00\r\n:60M:C261201EUR1300,00\r\n"
         ":61:2612011201D45,50NMSCNONREF//B2\r\n:86:Poplatek za vedeni\r\n"
         ":62F:C261201EUR1254,50\r\n-\r\n")


def test_pages_of_one_statement_in_one_message_are_each_checked_between_their_balances():
    statements = read_statements(PAGES.encode(), "stmt.sta")
    assert [(st.opening, st.closing, [ln.amount for ln in st.lines]) for st in statements] == [
        (Decimal("1000.00"), Decimal("1300.00"), [Decimal("300.00")]),
        (Decimal("1300.00"), Decimal("1254.50"), [Decimal("-45.50")])]
    assert statements[1].lines[0].remittance == "Poplatek za vedeni"  # was dropped
    assert [p for p in check_statements(statements, [IBAN]) if p.level == "error"] == []


def test_a_page_that_does_not_add_up_is_still_refused():
    statements = read_statements(PAGES.replace(":62F:C261201EUR1254,50", ":62F:C261201EUR1255,50").encode(), "s.sta")
    errors = [p.render() for p in check_statements(statements, [IBAN]) if p.level == "error"]
    assert len(errors) == 1 and "1,255.50" in errors[0] and "difference 1.00" in errors[0]


def test_paged_statement_dropped_into_the_inbox_is_booked(workspace):
    (workspace.inbox / "bank" / "stmt.sta").write_bytes(PAGES.encode())
    code, [out] = cli_json("process", "-w", str(workspace.root))
    assert (code, out["status"]) == (0, "done"), out  # refused before: 'does not balance'
    assert [r["amount"] for r in bank_rows(workspace)] == [Decimal("300.00"), Decimal("-45.50")]


def test_a_subfield_separator_inside_a_subfield_s_text_stays_text():
    for sep in "/~?":
        text = (f":20:S\n:25:{IBAN}\n:28C:1\n:60F:C261130EUR0,00\n:61:2612011201C50,00NTRFNONREF//B1\n"
                f":86:166{sep}00GUTSCHRIFT{sep}20RE 2026{sep}123 inv{sep}2199{sep}32ACME GMBH"
                f"{sep}31DE89370400440532013000\n:62F:C261201EUR50,00\n-\n")
        [st] = read_statements(text.encode(), "s.sta")
        [line] = st.lines
        assert (line.remittance, line.counterparty_name) == (f"RE 2026{sep}123 inv 99", "ACME GMBH"), sep
