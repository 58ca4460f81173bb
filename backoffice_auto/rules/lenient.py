"""settings.yaml's `language`, read leniently: when another rule file is the broken one, the
rules do not load, yet the messages saying what is wrong are still for a Czech admin.

Bounded like every rule file (size, depth, aliases, long numbers); a FIFO is never opened.
"""

from __future__ import annotations

from pathlib import Path

from backoffice_auto.i18n import normalize_language
from backoffice_auto.rules.loader import MAX_RULE_FILE_BYTES
from backoffice_auto.rules.yamlpos import load_yaml


def settings_language(rules_dir: Path, default: str = "en") -> str:
    """The `language` written in `rules_dir/settings.yaml`, else `default`."""
    path = Path(rules_dir) / "settings.yaml"
    try:
        if not path.is_file():
            return default
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RULE_FILE_BYTES + 1)
        data = load_yaml(raw.decode("utf-8-sig"), "settings.yaml").data if len(raw) <= MAX_RULE_FILE_BYTES else None
    except (OSError, UnicodeDecodeError):
        return default
    return normalize_language(data.get("language") if isinstance(data, dict) else None, default=default)
