"""The demo speaks the system locale's language, as `init` does: a Czech user's demo workspace
is Czech (settings, messages and the demo's report) and every job of it is still done."""

from __future__ import annotations

from conftest import run_cli_process


def test_a_czech_system_gets_a_czech_demo_with_every_file_done(tmp_path):
    result = run_cli_process("demo", str(tmp_path / "demo"), env={"LANG": "cs_CZ.UTF-8"}, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    said = result.stderr
    assert "Ukázková pracovní složka:" in said
    assert "hotové soubory: 11, odmítnuté: 0" in said
    assert "payroll: vložené soubory: 1" in said
    assert "automaticky zaúčtováno 6 z 7 příchozích plateb" in said  # a job's own message, in Czech
    assert "Traceback" not in said
    settings = (tmp_path / "demo" / "rules" / "settings.yaml").read_text(encoding="utf-8")
    assert "\nlanguage: cs\n" in settings and "\nlocale: cs_CZ\n" in settings
