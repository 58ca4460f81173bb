"""Master-data prices written with their unit (`12,50 Kč/ks`): read when the unit is the item's,
refused naming the cell when it is another (a price per kilogram is no price per piece)."""

from __future__ import annotations

from conftest import cli_json, write_workbook


def _czech(workspace) -> None:
    (workspace.rules_dir / "settings.yaml").write_text("locale: cs_CZ\nlanguage: cs\ncurrency: CZK\n",
                                                      encoding="utf-8")


def _items(workspace) -> dict:
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    return {i["sku"]: (i["unit"], i["unit_price"]) for i in books["items"]}


def test_prices_per_the_items_own_unit_are_read(workspace):
    _czech(workspace)
    path = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód", "Název", "Jednotka", "Cena", "Měna"],
        ["A-1", "Šroub", "ks", "12,50 Kč/ks", "CZK"],
        ["A-2", "Drát", "kg", "99,90 Kč/kg", "CZK"],
        ["A-3", "Lano", "m", "15 Kč za metr", "CZK"],
        ["A-4", "Hřebík", "", "1,20 Kč/ks", "CZK"],  # no unit: counted in pieces
        ["A-5", "Podložka", "ks", "0,80", "CZK"],
    ]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    assert _items(workspace) == {"A-1": ("ks", "12.50"), "A-2": ("kg", "99.90"), "A-3": ("m", "15"),
                                 "A-4": (None, "1.20"), "A-5": ("ks", "0.80")}


def test_a_price_per_another_unit_is_refused_naming_the_cell(workspace):
    _czech(workspace)
    path = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód", "Název", "Jednotka", "Cena", "Měna"],
        ["A-1", "Šroub", "ks", "12,50 Kč/ks", "CZK"],
        ["A-2", "Hřebík", "ks", "1,20 Kč/kg", "CZK"],
    ]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    errors = [m for m in results[0]["messages"] if m["level"] == "error"]
    assert len(errors) == 1, errors
    assert errors[0]["where"].endswith("Zboží!D3")
    assert "'kg'" in errors[0]["text"] and "A-2" in errors[0]["text"] and "'ks'" in errors[0]["text"]
    assert "jednotková cena" in errors[0]["text"]  # in the workspace's language
    assert _items(workspace) == {}  # nothing of the file was taken


def test_a_price_sheet_without_units_is_checked_against_the_books(workspace):
    _czech(workspace)
    first = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód", "Název", "Jednotka"], ["A-1", "Drát", "kg"], ["A-2", "Šroub", "ks"]]})
    assert cli_json("process", str(first), "-w", str(workspace.root))[0] == 0
    prices = write_workbook(workspace.inbox / "books" / "cenik.xlsx", {"Zboží": [
        ["Kód", "Cena"], ["A-1", "99,90 Kč/kg"], ["A-2", "12,50 Kč/kg"]]})
    code, results = cli_json("process", str(prices), "-w", str(workspace.root))
    assert code == 1
    errors = [m for m in results[0]["messages"] if m["level"] == "error"]
    assert [e["where"].rsplit("!", 1)[1] for e in errors] == ["B3"], errors


def test_a_price_in_another_currency_than_the_row_is_still_refused(workspace):
    _czech(workspace)
    path = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód", "Jednotka", "Cena", "Měna"], ["A-1", "ks", "12,50 €/ks", "CZK"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    assert [m["where"].rsplit("!", 1)[1] for m in results[0]["messages"] if m["level"] == "error"] == ["C2"]


def test_a_dollar_sign_is_any_dollar_a_row_s_currency_may_be(workspace):
    """`$` was taken for the US dollar alone: `$12.50` on a row in Canadian dollars was refused as
    written in USD. It stands for any dollar; a sign of another currency is still refused."""
    _czech(workspace)
    path = write_workbook(workspace.inbox / "books" / "zbozi.xlsx", {"Zboží": [
        ["Kód", "Jednotka", "Cena", "Měna"], ["A-1", "ks", "$12.50", "CAD"], ["A-2", "ks", "12,50 $", "AUD"],
        ["A-3", "ks", "US$ 3", "USD"]]})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 0, results
    assert _items(workspace) == {"A-1": ("ks", "12.50"), "A-2": ("ks", "12.50"), "A-3": ("ks", "3")}
    wrong = write_workbook(workspace.inbox / "books" / "zbozi2.xlsx", {"Zboží": [
        ["Kód", "Jednotka", "Cena", "Měna"], ["B-1", "ks", "$12.50", "EUR"], ["B-2", "ks", "US$ 3", "CAD"]]})
    code, results = cli_json("process", str(wrong), "-w", str(workspace.root))
    assert code == 1
    assert [m["where"].rsplit("!", 1)[1] for m in results[0]["messages"] if m["level"] == "error"] == ["C2", "C3"]
