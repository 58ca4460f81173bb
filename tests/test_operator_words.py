"""The command line speaks the workspace language; `status` says first why mail does not go out;
`retry` of a job whose original is gone says so (issue 14, items 2 and 3)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from backoffice_auto.errors import Percent, Problem
from backoffice_auto.i18n import format_number
from backoffice_auto.workspace import Workspace
from conftest import cli_json, run_cli, run_cli_process, write_workbook


def _in_language(ws: Workspace, language: str) -> Workspace:
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(re.sub(r"(?m)^language: en$", f"language: {language}", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return ws


@pytest.fixture
def czech(workspace) -> Workspace:
    return _in_language(workspace, "cs")


# ------------------------------------------------------------------ numbers in messages


@pytest.mark.parametrize("language, expected", [
    ("en", "1,234.56"), ("cs", "1\u00a0234,56"), ("pl", "1\u00a0234,56"), ("es", "1.234,56"), ("fr", "1\u202f234,56"),
])
def test_a_number_in_a_message_is_written_the_workspace_way(language, expected):
    problem = Problem("{amount} over {rate} on {count} lines", None,
                      {"amount": Decimal("1234.56"), "rate": Percent("12.5"), "count": 1234})
    text = problem.text(language)
    assert text.startswith(expected), text
    assert format_number(Decimal("1234.56"), language) == expected
    assert "1234 " in text  # an int (a row, a line, a count) is not grouped


def test_format_number_keeps_the_amounts_decimals_and_takes_floats_by_their_repr():
    assert format_number(Decimal("12.50"), "cs") == "12,50"
    assert format_number(Decimal("-0.5"), "es") == "-0,5"
    assert format_number(1.5, "fr") == "1,5"
    assert format_number(7, "en") == "7"
    assert format_number(Decimal("NaN"), "en") == "NaN"


# ------------------------------------------------------------------ the command line in cs


def test_rules_check_and_process_speak_czech(czech):
    checked = run_cli("rules", "check", "-w", str(czech.root))
    assert checked.returncode == 0 and "pravidla v pořádku" in checked.stderr, checked.stderr
    (czech.rules_dir / "orders.yaml").write_text("ship_complet: true\n", encoding="utf-8")
    checked = run_cli("rules", "check", "-w", str(czech.root))
    assert checked.returncode == 1 and checked.stderr.startswith("Pravidla nejsou platná:"), checked.stderr
    processed = run_cli("process", "-w", str(czech.root))
    assert processed.returncode == 2 and "Pravidla nejsou platná; nic se nezpracovalo:" in processed.stderr


def test_a_typo_in_one_rule_file_leaves_every_command_in_czech(czech):
    # settings.yaml is fine, orders.yaml is not: process, retry and watch said the header in
    # Czech and the problem in English, status said everything in English
    (czech.rules_dir / "orders.yaml").write_text("ship_complet: true\n", encoding="utf-8")
    problem = "rules/orders.yaml:1:1: neznámý klíč 'ship_complet'"
    for command in (["process"], ["retry", "1"], ["watch"]):
        result = run_cli_process(*command, "-w", str(czech.root), timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (command, result.stderr)
        assert any(line.startswith(f"  {problem} (povolené klíče zde: ") for line in result.stderr.splitlines()), (
            command, result.stderr)
    shown = run_cli("status", "-w", str(czech.root)).stderr.splitlines()
    assert "Pravidla: neplatná" in shown and any(line.strip().startswith(problem) for line in shown), shown
    assert any(line.startswith("Služba: neběží") for line in shown), shown


def test_process_prints_outcome_and_levels_in_polish(workspace):
    ws = _in_language(workspace, "pl")
    (ws.inbox / "orders").mkdir(parents=True, exist_ok=True)
    (ws.inbox / "orders" / "zle.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    result = run_cli("process", "-w", str(ws.root))
    assert result.returncode == 1
    first, second = result.stderr.splitlines()[:2]
    assert re.match(r"odrzucono\s+inbox/orders/zle\.csv \(zadanie \d{6}\)$", first), first
    assert second.strip().startswith("błąd: zle.csv: "), second
    assert run_cli("process", "-w", str(ws.root)).stderr.strip() == "Nie ma nic do przetworzenia."


# ------------------------------------------------------------------ status: mail first


def test_status_says_first_that_mail_waits_for_a_server_and_how_to_send_it(czech):
    (czech.inbox / "orders").mkdir(parents=True, exist_ok=True)
    (czech.inbox / "orders" / "spatna.csv").write_text("x,y\n1,2\n", encoding="utf-8")  # a notice is spooled
    assert run_cli("process", "-w", str(czech.root)).returncode == 1
    shown = run_cli("status", "-w", str(czech.root)).stderr.splitlines()
    assert shown[0].startswith("V outbox/mail/pending/ čeká zpráv: 1, protože není nastaven poštovní server."), shown
    assert "smtp.host v rules/settings.yaml" in shown[0] and "BACKOFFICE_SMTP_HOST" in shown[0]
    assert "`backoffice-auto mail send`" in shown[0]
    assert any(line.startswith("Pošta: čeká 1,") for line in shown), shown
    assert any(line.startswith("Pravidla: v pořádku") for line in shown), shown


def test_status_says_when_the_server_set_is_not_taking_mail(workspace):
    from backoffice_auto.mail.serverstate import record_contact
    from backoffice_auto.status import collect_status, render_status

    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  host:                       #", "  host: 127.0.0.1  #", 1), encoding="utf-8")
    workspace.ensure()
    record_contact(workspace, "connection refused")
    report = collect_status(workspace)
    assert report["smtp"] == {"configured": True, "server": "starttls://127.0.0.1:587", "error": None}
    first = render_status(report).splitlines()[0]
    assert first.startswith("0 mails wait: the mail server starttls://127.0.0.1:587 is not taking mail "
                            "(connection refused). Check smtp.host, port and security"), first


def test_status_names_unusable_mail_settings(workspace):
    from backoffice_auto.status import collect_status, render_status

    code = run_cli("status", "-w", str(workspace.root), env={"BACKOFFICE_SMTP_PORT": "abc"})
    assert "the mail settings cannot be used (BACKOFFICE_SMTP_PORT must be a number" in code.stderr.splitlines()[0]
    assert render_status(collect_status(workspace)).splitlines()[0].startswith("No mail server is set")


# ------------------------------------------------------------------ retry without the original


def test_retry_of_a_job_whose_original_was_removed_says_so(czech):
    path = write_workbook(czech.inbox / "books" / "items.xlsx",
                          {"Items": [["sku", "name", "unit_price"], ["A-1", "x", "twelve"]]})
    code, results = cli_json("process", str(path), "-w", str(czech.root))
    assert code == 1
    job = results[0]["job"]
    (czech.root / "failed" / "items.xlsx").unlink()
    result = run_cli("retry", job, "-w", str(czech.root))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"úlohu {job} nelze zopakovat: její originál failed/items.xlsx už ve failed/ není (byl přesunut nebo "
        "smazán). Vložte místo toho opravený soubor do inbox/books/."), result.stderr
    assert "Traceback" not in result.stderr
    again = run_cli("status", "-w", str(czech.root), "--json")
    assert again.returncode == 0


def test_a_stray_argument_a_missing_pdf_and_an_unknown_task_are_told_in_czech(czech):
    # these three were English in a Czech workspace: click's plural message and its path
    # names (made when the command was declared), and `tasks run`'s own words
    extra = run_cli_process("rules", "check", "-w", str(czech.root), "navic", "jeste")
    assert extra.returncode == 2 and "Chyba: Nečekané argumenty navíc (navic jeste)" in extra.stderr, extra.stderr
    gone = run_cli_process("invoices", "extract", "-w", str(czech.root), str(czech.root / "faktura.pdf"))
    assert gone.returncode == 2 and f"Soubor '{czech.root / 'faktura.pdf'}' neexistuje." in gone.stderr, gone.stderr
    folder = run_cli_process("invoices", "extract", "-w", str(czech.root), str(czech.inbox))
    assert folder.returncode == 2 and f"Soubor '{czech.inbox}' je složka." in folder.stderr, folder.stderr
    task = run_cli_process("tasks", "run", "vyplaty", "-w", str(czech.root))
    assert task.returncode == 2 and task.stderr.strip() == "'vyplaty' není naplánovaná úloha (známé: payables-run)", (
        task.stderr)


def test_a_wrong_mail_server_variable_is_told_in_czech(czech):
    # the sentence was Czech and the reason English: 'Nastavení pošty je chybné: BACKOFFICE_SMTP_PORT
    # must be a number, not 'abc''
    port = run_cli_process("mail", "send", "-w", str(czech.root),
                           env={"BACKOFFICE_SMTP_HOST": "localhost", "BACKOFFICE_SMTP_PORT": "abc"})
    assert port.returncode == 2
    assert port.stderr.strip() == "Nastavení pošty je chybné: BACKOFFICE_SMTP_PORT musí být číslo, ne 'abc'", port.stderr
    security = run_cli_process("status", "-w", str(czech.root),
                               env={"BACKOFFICE_SMTP_HOST": "localhost", "BACKOFFICE_SMTP_SECURITY": "tls"})
    assert "(BACKOFFICE_SMTP_SECURITY musí být jedno z none, starttls, ssl, ne 'tls')" in security.stderr.splitlines()[0], (
        security.stderr)


def test_click_usage_errors_are_in_the_workspace_language(czech):
    from conftest import run_cli_process

    wrong = run_cli_process("status", "-w", str(czech.root), "--bogus")
    assert wrong.returncode == 2
    assert "Chyba: Volba '--bogus' neexistuje." in wrong.stderr and "Použití: " in wrong.stderr
    missing = run_cli_process("retry", "-w", str(czech.root))
    assert "Chyba: Chybí argument 'JOB'." in missing.stderr, missing.stderr
    english = run_cli_process("status", "--bogus")  # no workspace here: English
    assert "Error: No such option '--bogus'." in english.stderr, english.stderr


def test_status_lists_scheduled_tasks_in_the_workspace_language(czech):
    """The task block of `status` (heading, state, last run, days) is Czech in a Czech workspace."""
    shown = run_cli("status", "-w", str(czech.root)).stderr
    assert "Plánované úlohy" in shown
    task = next(line for line in shown.splitlines() if line.strip().startswith("payables-run"))
    assert "nikdy" in task and "dosud nespuštěna" in task and "příště" in task
    assert "ve dny podle pravidel úlohy od 07:00" in task
    assert "never" not in task and "next" not in task


def test_every_command_and_option_help_is_translated():
    """Each help text of the whole command tree (the engine's and every job's commands) has a
    usable translation in every language: a new option without one fails here."""
    from backoffice_auto.cli import cli
    from backoffice_auto.i18n import catalogs
    from backoffice_auto.i18n.clickhelp import help_texts
    from backoffice_auto.i18n.extract import TARGET_LANGUAGES

    import click

    from backoffice_auto.i18n.clickhelp import commands

    bare = [(c.name, p.opts) for c in commands(cli) for p in c.params
            if isinstance(p, click.Option) and not p.hidden and not p.help]
    assert not bare, f"options without help: {bare}"
    texts = sorted(set(help_texts(cli)))
    assert len(texts) > 40 and "The workspace folder." in texts
    for language in TARGET_LANGUAGES:
        translation = catalogs().translations[language]
        missing = [t for t in texts if translation.gettext(t) == t]
        assert not missing, (language, missing)


def test_help_is_in_the_workspace_language(czech):
    from conftest import run_cli_process

    shown = run_cli_process("process", "--help", "-w", str(czech.root))
    assert shown.returncode == 0, shown.stderr
    assert "Použití: " in shown.stdout and " process [OPTIONS] [PATHS]" in shown.stdout
    assert "Jednou zpracuje PATHS (soubory nebo složky)" in shown.stdout
    assert "Složka pracovního prostoru." in shown.stdout and "[výchozí: ." in shown.stdout
    assert "The workspace folder" not in shown.stdout and "default:" not in shown.stdout
    group = run_cli_process("mail", "--help", cwd=czech.root)  # a group takes no -w: the current folder
    assert "Fronta odchozí pošty." in group.stdout and "Hned odešle každou zprávu" in group.stdout
    english = run_cli_process("process", "--help")  # no workspace here: English
    assert "The workspace folder." in english.stdout and "[default: .]" in english.stdout
