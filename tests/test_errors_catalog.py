"""Every user-facing message has its text in five languages in `tests/errors/messages/`,
with numbers and dates as the workspace locale writes them, and none shows an internal name.

See `tests/message_catalog.py` for how the files are made; with BACKOFFICE_UPDATE_EXPECTED=1
they are (re)written: read the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from backoffice_auto.i18n.extract import extract
from error_cases import internal_names_in
from message_catalog import AMOUNT, DAY, FOLDER, LANGUAGES, catalogue, msgids_of, stored

NUMBER = {"en": "1,234.56", "cs": "1\u00a0234,56", "pl": "1\u00a0234,56", "es": "1.234,56", "fr": "1\u202f234,56"}
DATE = {"en": "3 Dec 2026", "cs": "3. 12. 2026", "pl": "3 gru 2026", "es": "3 dic 2026", "fr": "3 déc. 2026"}


@pytest.fixture(scope="module")
def made() -> dict[str, str]:
    made = catalogue()
    if os.environ.get("BACKOFFICE_UPDATE_EXPECTED"):
        FOLDER.mkdir(parents=True, exist_ok=True)
        for old in FOLDER.glob("*.txt"):
            if old.stem not in made:
                old.unlink()
        for domain, text in made.items():
            (FOLDER / f"{domain}.txt").write_text(text, encoding="utf-8")
    return made


def test_every_marked_message_has_its_entry(made):
    uses, _ = extract()
    listed = {m for text in stored().values() for m in msgids_of(text)}
    missing = sorted({u.msgid for u in uses} - listed)
    assert not missing, "not in tests/errors/messages/ (regenerate, then read the diff):\n" + "\n".join(missing)
    stale = sorted(listed - {u.msgid for u in uses})
    assert not stale, "no longer in the code:\n" + "\n".join(stale)
    assert "untranslated" not in made


def test_the_stored_texts_are_what_the_messages_say_now(made):
    assert sorted(stored()) == sorted(made)
    for domain, text in made.items():
        assert stored()[domain] == text, f"tests/errors/messages/{domain}.txt differs: regenerate and read the diff"


def _entries(made):
    for text in made.values():
        for block in text.split("\n\n"):
            lines = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
            if "msgid" in lines:
                yield lines


def test_every_message_is_filled_in_in_every_language(made):
    for entry in _entries(made):
        for language in LANGUAGES:
            assert language in entry, entry["msgid"]
            assert not re.search(r"\{[a-z_]*\}", entry[language]), (language, entry[language])


def test_no_message_shows_an_internal_name(made):
    shown = [(entry["msgid"], language, entry[language], internal_names_in(entry[language]))
             for entry in _entries(made) for language in LANGUAGES if internal_names_in(entry[language])]
    assert not shown, "\n".join(map(str, shown))


def test_numbers_and_dates_in_messages_are_in_the_workspace_locale(made):
    with_number = with_date = 0
    for entry in _entries(made):
        english = entry["en"]
        for language in LANGUAGES:
            text = entry[language]
            if NUMBER["en"] in english:
                assert NUMBER[language] in text, (language, text)
                assert str(AMOUNT) not in text, (language, text)
            if DATE["en"] in english:
                assert DATE[language] in text, (language, text)
                assert DAY.isoformat() not in text, (language, text)
        with_number += NUMBER["en"] in english
        with_date += DATE["en"] in english
    assert with_number > 50 and with_date > 10, (with_number, with_date)
