"""Fuzzing every statement reader: random and mutated bytes end in statements or a clean refusal.

A refusal must name the file (and where known the line or entry); a traceback or an
"internal error" would leave the clerk with nothing to act on.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice_auto.errors import Refusal
from backoffice_auto.payments.readers import check_statements, read_statements
from backoffice_auto.payments.readers.abo import read_abo
from backoffice_auto.payments.readers.camt import read_camt
from backoffice_auto.payments.readers.cfonb import read_cfonb
from backoffice_auto.payments.readers.mapping import BankMapping
from backoffice_auto.payments.readers.mt940 import read_mt940
from backoffice_auto.payments.readers.norma43 import read_norma43
from backoffice_auto.payments.readers.ofx import read_ofx
from bank_samples import camt053, mt940, ofx
from national_samples import Entry, abo, cfonb, czech_valid, norma43

IBAN = "CZ6508000000192000145399"
SEEDS = {
    "camt": camt053(IBAN, "10.00", [("1.00", "CRDT", "R1", "a"), ("-2.00", "DBIT", "R2", "b")],
                    details={1: [("0.50", "x"), ("0.50", "y")]}),
    "mt940": mt940(IBAN, "0", [("1,00", "C", "R1", "a"), ("2,00", "D", "", "b")], structured=True),
    "ofx": ofx("123", [("1.00", "F1", "n", "m"), ("-1.00", "F2", "n", "")]),
    "csv": "ID;Datum;Částka;Zůstatek\n1;02.11.2026;1,00;1,00\n2;03.11.2026;-0,50;0,50\n".encode("cp1250"),
    "abo": abo([Entry(Decimal("12.50"), name="Jiří Nováček", vs="2026001", ks="308", text="Faktura",
                      counter=("", czech_valid(1234567000), "0100")), Entry(Decimal("-2.00"), reversal=True)]),
    "norma43": norma43([Entry(Decimal("12.50"), name="Muñoz SL", reference="FRA-1", text="Factura 1"),
                        Entry(Decimal("-2.00"), text="Comisión")]),
    "cfonb": cfonb([Entry(Decimal("12.50"), name="Crèche SARL", reference="F-1", text="VIR SEPA",
                          extra=[("LCC", "Facture F-1")]), Entry(Decimal("-2.00"), text="FRAIS")]),
    # the forms read since: UTF-16 camt, PKO BP's labelled description over cells, a title naming the account,
    # an OFX 1 header naming UTF-8, MT940 amounts with a dot
    "camt-utf16": camt053(IBAN, "10.00", [("1.00", "CRDT", "R1", "č")]).replace(b'"UTF-8"', b'"UTF-16"')
    .decode("utf-8").encode("utf-16"),
    "pko-csv": ('Historia rachunku nr 61 1090 1014 0000 0712 1981 2874\n"Data operacji","Kwota","Waluta",'
                '"Saldo po transakcji","Opis transakcji","",""\n"2026-11-03","+1.00","PLN","+2.00",'
                '"Rachunek nadawcy: 12 1140 2004 0000 3002 0135 5387","Nazwa nadawcy: JAN","Tytuł: FV/1"\n').encode("cp1250"),
    "ofx-utf8": ofx("123", [("1.00", "F1", "n", "m")]).replace(b"CHARSET:1252", b"CHARSET:UTF-8").replace(b"<NAME>n", "<NAME>ń".encode()),
    "mt940-dot": mt940(IBAN, "0", [("1,00", "C", "R1", "a")]).replace(b"C1,00", b"C1.00").replace(b"1,00\r\n-", b"1.00\r\n-"),
}
READERS = {"camt": read_camt, "mt940": read_mt940, "ofx": read_ofx, "abo": read_abo, "norma43": read_norma43,
           "cfonb": read_cfonb}
MAPPINGS = {"bank": BankMapping.model_validate({
    "locale": "cs_CZ", "account": IBAN, "currency": "CZK",
    "columns": {"booking_date": "Datum", "amount": "Částka", "bank_reference": "ID", "balance": "Zůstatek"}})}
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_cleanly(reader, data: bytes, name: str) -> None:
    try:
        statements = reader(data, name)
    except Refusal as refusal:
        assert refusal.problems
        for problem in refusal.problems:
            assert problem.render().startswith(name), problem.render()
        return
    check_statements(statements, [IBAN])  # checks never raise either


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=12))
        elif op == "delete" and data:
            del data[pos:pos + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[pos:]
    return bytes(data)


@pytest.mark.parametrize("fmt", sorted(READERS))
@FUZZ
@given(data=st.data())
def test_reader_on_mutated_statements_refuses_cleanly(fmt, data):
    _read_cleanly(READERS[fmt], data.draw(mutated(SEEDS[fmt])), f"fuzz.{fmt}")


@pytest.mark.parametrize("fmt", sorted(READERS))
@FUZZ
@given(blob=st.binary(max_size=400))
def test_reader_on_random_bytes_refuses_cleanly(fmt, blob):
    _read_cleanly(READERS[fmt], blob, f"fuzz.{fmt}")


@FUZZ
@given(data=st.data())
def test_dispatch_and_table_reader_on_mutated_exports_refuse_cleanly(data):
    fmt = data.draw(st.sampled_from(sorted(SEEDS)))
    blob = data.draw(mutated(SEEDS[fmt]))
    name = "fuzz.csv" if fmt.endswith("csv") else f"fuzz.{fmt}"
    _read_cleanly(lambda d, n: read_statements(d, n, mappings=MAPPINGS, locale="cs_CZ"), blob, name)
