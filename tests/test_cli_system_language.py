"""Where no workspace names a language, the command line speaks the system locale's, and a
new workspace starts in it: a Czech admin's `init` writes `language: cs` and `locale: cs_CZ`."""

from __future__ import annotations

import pytest

from backoffice_auto.i18n.languages import system_language, system_locale
from backoffice_auto.rules.loader import load_rules
from conftest import run_cli_process


@pytest.mark.parametrize("environ, language, locale", [
    ({}, "en", "en_GB"),
    ({"LANG": "C.UTF-8"}, "en", "en_GB"),
    ({"LANG": "POSIX", "LANGUAGE": "cs"}, "en", "en_GB"),  # gettext ignores LANGUAGE under C
    ({"LANG": "cs_CZ.UTF-8"}, "cs", "cs_CZ"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "pl_PL.UTF-8"}, "pl", "pl_PL"),
    ({"LANG": "pl_PL.UTF-8", "LC_ALL": "es_MX.utf8"}, "es", "es_MX"),
    ({"LANG": "fr_BE.UTF-8"}, "fr", "fr_BE"),
    ({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:fr"}, "fr", "fr_FR"),  # its first of ours
    ({"LANG": "de_DE.UTF-8"}, "en", "en_GB"),
    ({"LANG": "xx_YY"}, "en", "en_GB"),
])
def test_the_system_locale_names_the_language(environ, language, locale):
    assert system_language(environ) == language
    assert system_locale(environ) == locale


def test_a_czech_admin_gets_a_czech_workspace(tmp_path):
    made = run_cli_process("init", str(tmp_path / "ws"), env={"LANG": "cs_CZ.UTF-8"}, check=True)
    assert "Pracovní složka připravena" in made.stderr
    settings = (tmp_path / "ws" / "rules" / "settings.yaml").read_text(encoding="utf-8")
    assert "\nlanguage: cs\n" in settings and "\nlocale: cs_CZ\n" in settings
    rules = load_rules(tmp_path / "ws" / "rules")
    assert not rules.problems
    assert rules.rules.settings.language == "cs" and rules.rules.settings.locale == "cs_CZ"
    # inside the workspace its own language speaks, whatever the system says
    checked = run_cli_process("rules", "check", "-w", str(tmp_path / "ws"), env={"LANG": "fr_FR.UTF-8"})
    assert checked.returncode == 0 and "pravidla v pořádku" in checked.stderr


def test_an_english_system_keeps_the_samples_as_they_are(tmp_path):
    run_cli_process("init", str(tmp_path / "ws"), env={"LANG": "C.UTF-8"}, check=True)
    settings = (tmp_path / "ws" / "rules" / "settings.yaml").read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in settings and "\nlocale: en_GB\n" in settings


@pytest.mark.parametrize("lang, words", [
    ("pl_PL.UTF-8", "to nie jest folder roboczy"),
    ("C.UTF-8", "not a workspace"),
])
def test_outside_a_workspace_the_system_language_speaks(tmp_path, lang, words):
    result = run_cli_process("status", "-w", str(tmp_path / "nowhere"), env={"LANG": lang})
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_that_cannot_be_made_is_explained_in_the_system_language(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli_process("init", str(blocker / "ws"), env={"LANG": "fr_FR.UTF-8"})
    assert result.returncode == 2
    assert "impossible de créer un espace de travail" in result.stderr
