"""Master-data values that read as valid but cannot be meant, refused naming the cell; payment
terms typed in words kept in the books' grammar (`14 dní` -> `net 14`) with a note."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from backoffice_auto.terms import PaymentTerms
from backoffice_auto.terms.cells import terms_from_cell
from conftest import cli_json, write_workbook


@pytest.mark.parametrize("cell, terms", [
    ("net 30", "net 30"), ("2/10 net 30", "2/10 net 30"), ("Net 30 EOM", "net 30 eom"), ("due on receipt", "net 0"),
    ("30 days", "net 30"), ("14 dní", "net 14"), ("Splatnost 14 dní", "net 14"), ("Splatnost: 14 dní", "net 14"),
    ("termin 14 dni", "net 14"), ("30 jours fin de mois", "net 30 eom"), ("a 30 días", "net 30"),
    ("60 días fin de mes", "net 60 eom"), ("payable within 30 days", "net 30"), ("30 days net", "net 30"),
    ("14", "net 14"), (14, "net 14"),
    ("skonto 10 dní", None), ("2 % 10 days", None), ("net 9999", None), ("400", None), ("12 months", None),
    ("14 dní od doručení faktury", None), ("blah", None), ("", None), (None, None), (True, None),
])
def test_terms_in_a_cell(cell, terms):
    found = terms_from_cell(cell)
    assert (str(found) if found is not None else None) == terms


@given(st.integers(0, 366), st.booleans(),
       st.sampled_from(["days", "day", "dní", "dni", "jours", "días", "d"]))
def test_a_period_in_words_is_the_same_terms_as_the_grammar(days, eom, word):
    """Reference: `N <days word> [end of month]` means `net N [eom]`, whatever the language."""
    text = f"{days} {word}" + (" end of month" if eom else "")
    assert terms_from_cell(text) == PaymentTerms(days=days, end_of_month=eom)
    assert terms_from_cell(str(PaymentTerms(days=days, end_of_month=eom))) == PaymentTerms(days=days, end_of_month=eom)


def test_impossible_values_are_refused_naming_their_cells(workspace):
    path = write_workbook(workspace.inbox / "books" / "odd.xlsx", {
        "Employees": [["employee_id", "name", "pay_type", "hourly_rate", "salary", "currency"],
                      ["E1", "Jana", "hourly", -150, None, "CZK"],
                      ["E2", "Petr", "salaried", None, -40000, "CZK"],
                      ["E3", "Eva", "hourly", 250, None, "KCS"]],
        "Items": [["sku", "name", "unit_price", "tax_rate"], ["A", "x", -5, 21], ["B", "y", 5, 210]],
        "Customers": [["customer_id", "name", "discount_pct", "payment_terms"], ["C1", "x", 150, "net 9999"]],
    })
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    errors = {m["where"].split(":", 1)[1]: m["text"] for m in results[0]["messages"] if m["level"] == "error"}
    assert errors == {
        "Employees!D2": "-150 in column hourly_rate is negative; it must be 0 or more.",
        "Employees!E3": "-40,000 in column salary is negative; it must be 0 or more.",
        "Employees!F4": "'KCS' in column currency is not a currency code (ISO 4217, such as EUR, CZK, PLN).",
        "Items!C2": "-5 in column unit_price is negative; it must be 0 or more.",
        "Items!D3": "210 in column tax_rate is not between 0 and 100.",
        "Customers!C2": "150 in column discount_pct is not between 0 and 100.",
        "Customers!D2": "'net 9999' in column payment_terms is not payment terms such as 'net 30', '2/10 net 30', "
                        "'net 30 eom' or '30 days'.",
    }
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert books["employees"] == [] and books["items"] == [] and books["customers"] == []


def test_terms_in_words_are_kept_in_the_books_grammar(workspace):
    (workspace.rules_dir / "settings.yaml").write_text("language: cs\nlocale: cs_CZ\n", encoding="utf-8")
    path = write_workbook(workspace.inbox / "books" / "odberatele.xlsx", {
        "Odběratelé": [["Číslo zákazníka", "Název", "Splatnost"],
                       ["C1", "Pekárna Novák", "14 dní"], ["C2", "Boulangerie Martin", "30 jours fin de mois"],
                       ["C3", "Panadería López", "net 30"], ["C4", "Bez podmínek", None]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    notes = [m["text"] for m in results[0]["messages"] if "platební podmínky" in m["text"]]
    assert notes == ["'14 dní' ve sloupci Splatnost bylo přečteno jako platební podmínky 'net 14'.",
                     "'30 jours fin de mois' ve sloupci Splatnost bylo přečteno jako platební podmínky 'net 30 eom'."]
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert {c["customer_id"]: c["payment_terms"] for c in books["customers"]} == {
        "C1": "net 14", "C2": "net 30 eom", "C3": "net 30", "C4": None}


def test_skip_mode_leaves_out_only_the_bad_rows(workspace):
    (workspace.rules_dir / "masterdata.yaml").write_text("on_bad_row: skip\n", encoding="utf-8")
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {
        "Items": [["sku", "name", "unit_price"], ["A", "x", -5], ["B", "y", 5]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert [i["sku"] for i in books["items"]] == ["B"]


def test_a_time_zone_no_clock_knows_is_refused_and_one_in_other_case_kept_as_the_database_spells_it(workspace):
    """`Mars/Base` was stored, and every timesheet of the employee refused at pay time, weeks later."""
    header = ["employee_id", "name", "pay_type", "hourly_rate", "currency", "timezone"]
    path = write_workbook(workspace.inbox / "books" / "staff.xlsx", {
        "Employees": [header, ["E1", "Jana", "hourly", 200, "CZK", "Mars/Base"],
                      ["E3", "Eva", "hourly", 200, "CZK", "Europe/Warsaw"],
                      ["E4", "Ola", "hourly", 200, "CZK", "../../etc/passwd"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    said = {m["where"].split(":", 1)[1]: m["text"] for m in results[0]["messages"] if m["level"] == "error"}
    hint = "write its name as the time-zone database has it, such as Europe/Prague, Europe/Warsaw, Europe/Madrid or " \
           "Europe/Paris."
    assert said == {"Employees!F2": f"'Mars/Base' in column timezone is not a time zone: {hint}",
                    "Employees!F4": f"'../../etc/passwd' in column timezone is not a time zone: {hint}"}
    path = write_workbook(workspace.inbox / "books" / "staff2.xlsx", {
        "Employees": [header, ["E2", "Petr", "hourly", 200, "CZK", " europe/prague"],
                      ["E3", "Eva", "hourly", 200, "CZK", "Europe/Warsaw"], ["E5", "Ana", "hourly", 200, "CZK", None],
                      ["E6", "Max", "hourly", 200, "CZK", "new york"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    assert [m["text"] for m in results[0]["messages"] if "time zone" in m["text"]] == [
        "'europe/prague' in column timezone was read as the time zone 'Europe/Prague'.",
        "'new york' in column timezone was read as the time zone 'America/New_York'."]
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert {e["employee_id"]: e["timezone"] for e in books["employees"]} == {
        "E2": "Europe/Prague", "E3": "Europe/Warsaw", "E5": None, "E6": "America/New_York"}


def test_a_language_letters_are_not_written_in_is_kept_with_a_warning(workspace):
    (workspace.rules_dir / "settings.yaml").write_text("language: pl\nlocale: pl_PL\n", encoding="utf-8")
    path = write_workbook(workspace.inbox / "books" / "klienci.xlsx", {
        "Klienci": [["customer_id", "name", "language"], ["C1", "Acme", "klingon"], ["C2", "Hans", "de"],
                    ["C3", "Jan", "Czech"], ["C4", "Ana", "es_ES"], ["C5", "Bez", None]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    warned = {m["where"].split(":", 1)[1]: m["text"] for m in results[0]["messages"] if m["level"] == "warning"}
    tail = ("nie jest językiem, w którym pisane są listy (angielski, czeski, polski, hiszpański, francuski); "
            "listy do tego kontrahenta będą pisane w języku obszaru roboczego.")
    assert warned == {"Klienci!C2": f"'klingon' w kolumnie language {tail}",
                      "Klienci!C3": f"'de' w kolumnie language {tail}"}
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert {c["customer_id"]: c["language"] for c in books["customers"]} == {
        "C1": "klingon", "C2": "de", "C3": "Czech", "C4": "es_ES", "C5": None}
