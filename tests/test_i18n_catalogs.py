"""Every user-facing msgid in the package has a real cs, pl, es and fr translation.

The extractor reads the package source with `ast` (calls to N_, _, translate, ntranslate and
Problem(...) messages). A failure names file:line of each untranslated use; list them, or get
.po entries to paste into your domain file, with
    python -m backoffice_auto.i18n.extract [--po cs]
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from backoffice_auto.i18n import catalogs as package_catalogs
from backoffice_auto.i18n.catalogs import LOCALE_DIR, PoSyntaxError, load, po_files, read_entries
from backoffice_auto.i18n.extract import (
    PACKAGE_DIR,
    TARGET_LANGUAGES,
    entry_problems,
    extract,
    extract_source,
    missing_languages,
    placeholder_names,
    po_snippet,
)

REPO = PACKAGE_DIR.parent


def _write_po(root: Path, language: str, domain: str, body: str) -> Path:
    folder = root / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{domain}.po"
    header = textwrap.dedent(f"""\
        msgid ""
        msgstr ""
        "Language: {language}\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: {get_plural(language).plural_forms}\\n"

        """)
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


# ------------------------------------------------------------------ the package's catalogs


@pytest.fixture(scope="module")
def package_uses():
    return extract()


def test_core_domain_exists_for_every_target_language():
    for language in TARGET_LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "core.po").is_file()


def test_every_po_file_parses_and_declares_its_language():
    files = list(po_files(LOCALE_DIR))
    assert files
    for language, path in files:
        assert language in TARGET_LANGUAGES, f"{path}: unexpected language folder {language!r}"
        read_entries(path, language)  # raises on a syntax error
        text = path.read_text(encoding="utf-8")
        assert f'"Language: {language}\\n"' in text, f"{path}: header lacks Language: {language}"
        assert "charset=UTF-8" in text, f"{path}: header must declare charset=UTF-8"


def test_every_marked_msgid_is_translated(package_uses):
    uses, bad = package_uses
    loaded = package_catalogs()
    lines = []
    for use in uses:
        lacking = missing_languages(use, loaded)
        if lacking:
            lines.append(f"{use.where(REPO)}: no {'/'.join(lacking)} translation for {use.msgid!r}")
    for item in bad:
        lines.append(f"{item.path.relative_to(REPO)}:{item.line}: {item.reason}")
    assert not lines, (f"{len(lines)} untranslated message(s) "
                       "(python -m backoffice_auto.i18n.extract --po LANG prints .po entries):\n"
                       + "\n".join(lines))


def test_placeholders_and_plural_forms_agree_in_every_translation():
    loaded = package_catalogs()
    problems = []
    for entry in loaded.entries:
        problems += entry_problems(entry, get_plural(entry.language).num_plurals)
    assert not problems, "\n".join(problems)


def test_the_extractor_sees_the_package(package_uses):
    uses, _bad = package_uses
    assert uses, "no msgid found at all: the extractor is looking in the wrong place"
    assert all(use.path.is_relative_to(PACKAGE_DIR) for use in uses)


# ------------------------------------------------------------------ the extractor itself


def test_extractor_finds_markers_problem_messages_and_flags_fstrings(tmp_path):
    source = textwrap.dedent('''\
        from backoffice_auto.errors import Problem
        from backoffice_auto.i18n import N_, _, translate, ntranslate
        A = N_("marked {x}")
        b = _("underscore", "cs")
        c = translate("translated {row}", lang, row=1)
        d = ntranslate("{n} row", "{n} rows", 3, "pl")
        e = Problem("positional message", source)
        f = Problem(source=None, message="keyword message")
        g = Problem(N_("wrapped"))
        h = translate(variable, "cs")        # not a literal: nothing to extract
        i = "abc".translate(table)           # str.translate: not a literal either
        j = Problem(f"bad {x}")
        k = i18n.translate("attribute call")
    ''')
    found, bad = extract_source(source, tmp_path / "m.py")
    got = {(m.msgid, m.plural, m.line) for m in found}
    assert got == {
        ("marked {x}", None, 3),
        ("underscore", None, 4),
        ("translated {row}", None, 5),
        ("{n} row", "{n} rows", 6),
        ("positional message", None, 7),
        ("keyword message", None, 8),
        ("wrapped", None, 9),
        ("attribute call", None, 13),
    }
    assert [(b.line, "f-string" in b.reason) for b in bad] == [(12, True)]


def test_extractor_follows_translator_wrappers_within_and_across_modules(tmp_path):
    (tmp_path / "labels.py").write_text(textwrap.dedent('''\
        from backoffice_auto.i18n import translate
        def t(msgid, language):
            return translate(msgid, language)
        def unrelated(x):
            return x
        HEADER = t("Header", "cs")
    '''), encoding="utf-8")
    (tmp_path / "report.py").write_text(textwrap.dedent('''\
        from backoffice_auto.i18n import translate
        from labels import t as label, unrelated
        def sheet(language):
            tr = lambda m: translate(m, language)
            tt = lambda m: tr(m)
            return [tr("Summary"), tt("Twice wrapped"), label("Imported"), unrelated("not a msgid")]
    '''), encoding="utf-8")
    uses, bad = extract(tmp_path)
    assert sorted(u.msgid for u in uses) == ["Header", "Imported", "Summary", "Twice wrapped"]
    assert not bad


def test_placeholder_names():
    assert placeholder_names("Row {row}: {sku!r} costs {price:.2f} {x.y} {z[0]}") == {
        "row", "sku", "price", "x", "z"}
    assert placeholder_names("{{literal}} braces") == set()
    with pytest.raises(ValueError):
        placeholder_names("broken {brace")


def test_po_snippet_is_valid_po_for_a_translator(tmp_path):
    uses, _ = extract_source('N_("one {a}")\nN_("one {a}")\nntranslate("{n} file", "{n} files", n, l)\n',
                             tmp_path / "x.py")
    snippet = po_snippet(uses, tmp_path)
    assert "#: x.py:1 x.py:2" in snippet
    path = _write_po(tmp_path / "locale", "cs", "core", snippet)
    entries = read_entries(path, "cs")
    assert [(e.msgid, e.msgid_plural, e.translated) for e in entries] == [
        ("one {a}", None, False), ("{n} file", "{n} files", False)]


# ------------------------------------------------------------------ catalog semantics


def test_fuzzy_and_empty_entries_count_as_missing(tmp_path):
    root = tmp_path / "locale"
    _write_po(root, "cs", "core", '''\
        msgid "confirmed"
        msgstr "potvrzeno"

        #, fuzzy
        msgid "a guess"
        msgstr "odhad"

        msgid "not yet"
        msgstr ""
    ''')
    loaded = load(root)
    assert loaded.translation("confirmed", "cs") == "potvrzeno"
    assert loaded.translation("a guess", "cs") is None
    assert loaded.translation("not yet", "cs") is None
    # the compiled gettext object agrees: fuzzy and empty fall back to the msgid
    assert loaded.translations["cs"].gettext("a guess") == "a guess"
    assert loaded.translations["cs"].gettext("not yet") == "not yet"
    uses, _ = extract_source('N_("confirmed")\nN_("a guess")\nN_("not yet")\n', tmp_path / "m.py")
    assert [missing_languages(u, loaded, ["cs"]) for u in uses] == [[], ["cs"], ["cs"]]


def test_domains_merge_core_first_and_conflicts_are_recorded(tmp_path):
    root = tmp_path / "locale"
    _write_po(root, "fr", "orders", 'msgid "order"\nmsgstr "commande"\n\nmsgid "shared"\nmsgstr "B"\n')
    _write_po(root, "fr", "core", 'msgid "shared"\nmsgstr "A"\n')
    _write_po(root, "fr", "mail", 'msgid "shared"\nmsgstr "C"\n\nmsgid "mail only"\nmsgstr "courriel"\n')
    loaded = load(root)
    fr = loaded.translations["fr"]
    assert fr.gettext("order") == "commande"
    assert fr.gettext("mail only") == "courriel"
    assert fr.gettext("shared") == "A"  # core wins
    assert [(a.domain, b.domain) for a, b in loaded.conflicts] == [("core", "mail"), ("core", "orders")]


def test_plural_forms_compile_with_three_czech_forms(tmp_path):
    root = tmp_path / "locale"
    _write_po(root, "cs", "core", '''\
        msgid "{n} row"
        msgid_plural "{n} rows"
        msgstr[0] "{n} řádek"
        msgstr[1] "{n} řádky"
        msgstr[2] "{n} řádků"
    ''')
    cs = load(root).translations["cs"]
    assert [cs.ngettext("{n} row", "{n} rows", n) for n in (1, 3, 5)] == [
        "{n} řádek", "{n} řádky", "{n} řádků"]


def test_entry_problems_catch_placeholder_mismatch_and_plural_count(tmp_path):
    root = tmp_path / "locale"
    _write_po(root, "pl", "core", '''\
        msgid "Row {row}: bad {value}"
        msgstr "Wiersz {wiersz}: zła wartość"

        msgid "{n} file"
        msgid_plural "{n} files"
        msgstr[0] "{n} plik"
        msgstr[1] "{n} pliki"

        msgid "fine {a}"
        msgstr "dobrze {a}"

        msgid "broken"
        msgstr "zepsute {"
    ''')
    loaded = load(root)
    problems = [p for e in loaded.entries for p in entry_problems(e, 3)]
    text = "\n".join(problems)
    assert "lacks {row}, {value}" in text
    assert "unknown {wiersz}" in text
    plural = next(e for e in loaded.entries if e.msgid_plural)
    assert not plural.translated  # two of three Polish forms: the third is missing
    assert loaded.translation("{n} file", "pl") is None
    assert "broken braces" in text
    assert "fine {a}" not in text
    assert all(":" in p.split(" ")[0] for p in problems)  # each names file:line


def test_a_syntax_error_in_a_po_file_is_reported(tmp_path):
    root = tmp_path / "locale"
    path = _write_po(root, "es", "core", 'msgid "x"\nmsgstr "unterminated\n')
    with pytest.raises(PoSyntaxError, match=r"core\.po:8: not a valid \.po line"):
        load(root)
    path.write_text('msgid "x"\nmsgstr "ok"\nbogus\n', encoding="utf-8")
    with pytest.raises(PoSyntaxError, match=r"core\.po:3:"):
        load(root)


def test_no_msgid_is_translated_two_ways_in_two_domains():
    """Regression: "Name" meant an item in one domain and a person in another, and the merge
    silently showed the item word on Czech payslips. One English word, one meaning."""
    from backoffice_auto.i18n import catalogs

    clashes = sorted({(a.language, a.msgid, a.domain, b.domain) for a, b in catalogs().conflicts})
    assert not clashes
