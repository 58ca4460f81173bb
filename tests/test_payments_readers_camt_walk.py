"""The camt entry walk (`camtwalk.Walker`) gives what XPath 1.0 gives for the same fields.

The reader once evaluated one XPath `concat(normalize-space(...), ...)` per entry and per transaction
detail; the walk replaced it for speed (`bench/bank_read_bench.py`). XPath stays the reference: the
same field lists, as `_Fields.vector` still compiles them for statements and balances, are evaluated
both ways on every entry and detail of the corpus's camt files, of the error cases' files, of the
sample builders' documents, and of generated trees that put the wanted elements at random depths,
repeated, empty, with nested text, tails, attributes on some, unknown elements among them and white
space of every kind in their texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from backoffice_auto.payments.readers.camt import _DETAIL, _ENTRY_FIELDS, _Fields
from backoffice_auto.payments.readers.camtwalk import Walker, normalise_space
from backoffice_auto.payments.readers.text import squeeze
from bank_samples import camt053
from conftest import CORPUS

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
TESTS = Path(__file__).parent


def _by_xpath(ns: str, paths: tuple[str, ...], el) -> list[str]:
    return [text.partition(".0")[0] if path.startswith("count(") else text  # XPath may print `2.0`
            for path, text in zip(paths, _Fields(ns).vector(paths)(el))]


def _assert_same(ns: str, el, paths: tuple[str, ...], records: str = "") -> None:
    fields, found = Walker(ns, paths, records=records).read(el)
    assert fields == _by_xpath(ns, paths, el)
    if records:
        assert found == _Fields(ns).nodes(records)(el)


def _compare_document(data: bytes) -> int:
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace or ""
    if not ns:
        ns = next((etree.QName(el).namespace for el in root.iter() if etree.QName(el).localname == "Ntry"), "") or ""
    tag = f"{{{ns}}}" if ns else ""
    entries = list(root.iter(f"{tag}Ntry"))
    for entry in entries:
        _assert_same(ns, entry, _ENTRY_FIELDS, records="NtryDtls/TxDtls")
        for detail in entry.iter(f"{tag}TxDtls"):
            _assert_same(ns, detail, _DETAIL)
    return len(entries)


def _camt_files() -> list[Path]:
    found = sorted((TESTS / "errors").rglob("*.xml"))
    if (CORPUS / "bank").is_dir():
        found += sorted((CORPUS / "bank").rglob("*.xml"))
    return [p for p in found if b"Ntry" in p.read_bytes()]


@pytest.mark.parametrize("path", _camt_files(), ids=lambda p: p.name)
def test_walk_equals_xpath_on_every_camt_file_here(path):
    try:
        _compare_document(path.read_bytes())
    except etree.XMLSyntaxError:
        pytest.skip("not well formed: the reader refuses it before any entry")


LINES = [("120.50", "C", "BR1", "Invoice 2026-0001  thank\tyou"), ("30.00", "D", "", "Rent"),
         ("7.25", "C", "BR3", "Faktura\u00a0č. 42")]


@pytest.mark.parametrize("options", [
    {"version": "02"}, {"version": "04"}, {"version": "08"}, {"kind": "052"}, {"kind": "054"},
    {"other_id": True}, {"status_as_code": True},
    {"details": {1: [("100.50", "first"), ("20.00", "second")]}},
    {"end_to_end": {2: "NOTPROVIDED"}},
])
def test_walk_equals_xpath_on_the_sample_builders_documents(options):
    assert _compare_document(camt053("CZ6508000000192000145399", "100.00", LINES, **options)) == 3


def _names(paths: tuple[str, ...]) -> list[str]:
    names = {"Unknown", "Othr"}
    for path in paths:
        inner = path[6:-1] if path.startswith("count(") else path
        names.update(part.removesuffix("[1]") for part in inner.split("/") if not part.startswith("@"))
    return sorted(names)


_TEXT = st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u2003", "a", "Z", "1", ".", "č", "-"]),
                max_size=8)


@st.composite
def _trees(draw, names: list[str], depth: int = 0):
    """(tag, text, attribute, children, tail) trees over the field paths' names and some others."""
    count = draw(st.integers(0, 4 if depth < 5 else 0))
    children = []
    for _ in range(count):
        name = draw(st.sampled_from(names))
        children.append((name, draw(_TEXT), draw(st.none() | _TEXT), draw(_trees(names, depth + 1)), draw(_TEXT)))
    return children


def _xml(children, ns: str) -> str:
    out = []
    for name, text, attr, below, tail in children:
        attribute = "" if attr is None else ' Ccy="{}"'.format(attr.replace("&", "&amp;").replace("<", "&lt;"))
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#13;")
        tail_esc = tail.replace("\r", "&#13;")
        out.append(f"<{name}{attribute}>{esc}{_xml(below, ns)}</{name}>{tail_esc}")
    return "".join(out)


@pytest.mark.parametrize("paths,root,records", [(_ENTRY_FIELDS, "Ntry", "NtryDtls/TxDtls"), (_DETAIL, "TxDtls", "")],
                         ids=["entry", "detail"])
@pytest.mark.parametrize("ns", [NS, ""], ids=["namespace", "none"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_walk_equals_xpath_on_generated_trees(paths, root, records, ns, data):
    names = _names(paths)
    tree = data.draw(_trees(names))
    declared = f' xmlns="{ns}"' if ns else ""
    el = etree.fromstring(f"<{root}{declared}>{_xml(tree, ns)}</{root}>".encode())
    _assert_same(ns, el, paths, records)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff")
               .filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)))
def test_normalise_space_is_xpath_normalize_space(text):
    el = etree.Element("x")
    el.text = text
    assert normalise_space(el.text or "") == el.xpath("normalize-space(.)")


def test_squeeze_collapses_exactly_the_white_space_the_pattern_did():
    import re

    pattern = re.compile(r"\s+")
    for code in range(sys.maxunicode + 1):
        text = f" a{chr(code)}{chr(code)}b{chr(code)}"
        assert squeeze(text) == pattern.sub(" ", text).strip(), hex(code)


def test_walker_refuses_a_path_it_does_not_read():
    with pytest.raises(ValueError):
        Walker(NS, ("RmtInf/Ustrd[2]",))


@pytest.mark.parametrize("options", [{}, {"remove_comments": True, "remove_pis": True}], ids=["kept", "removed"])
def test_walk_equals_xpath_with_comments_instructions_and_cdata_in_the_texts(options):
    el = etree.fromstring(b'<Ntry><Amt Ccy="EUR">1<!-- c -->2.50</Amt><AddtlNtryInf>a<?pi x?>b<![CDATA[ c&d ]]>'
                          b'</AddtlNtryInf><!-- between --><Sts><!--x--><Cd>BOOK</Cd></Sts></Ntry>',
                          etree.XMLParser(**options))
    _assert_same("", el, _ENTRY_FIELDS, records="NtryDtls/TxDtls")
    assert Walker("", ("Amt", "AddtlNtryInf", "Sts")).read(el)[0] == ["12.50", "ab c&d", "BOOK"]
