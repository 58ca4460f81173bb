"""Which inbox files are never jobs: lock files, temp and partial files, hidden files.

One list for `process`, `watch` and `status`: Office and LibreOffice lock files (`~$*`,
`.~lock.*#`), temp and partial downloads (`*.tmp`, `*.part`, `*.crdownload`), hidden files
and folders, `Thumbs.db`, `desktop.ini`, the temp names editors use while saving (Excel's
8-hex-digit names without extension, vim swap files, `name~` backups), and the patterns an
admin lists in `rules/watch.yaml` (`ignore:`).
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePath
from typing import Iterable

IGNORED_PREFIXES = ("~$", ".~lock.", ".")
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")
IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".gitkeep", ".ds_store"}
_HEX = "[0-9A-Fa-f]"
EDITOR_PATTERNS = (
    _HEX * 8,  # Excel writes the new workbook to e.g. 5D3E8A00, then renames it over the target
    "*.swp", "*.swx", "*~", "*.download", "*.!ut", "*.lock",
)


def is_ignored(name: str, patterns: Iterable[str] = ()) -> bool:
    """A file name (no folders) that is never a job."""
    lower = name.lower()
    if lower in IGNORED_NAMES or lower.startswith(IGNORED_PREFIXES) or lower.endswith(IGNORED_SUFFIXES):
        return True
    return any(fnmatch.fnmatchcase(name, p) for p in (*EDITOR_PATTERNS, *patterns))


def ignored(relative: str | PurePath, patterns: Iterable[str] = ()) -> bool:
    """`relative` is the path below the inbox (`orders/~$week.xlsx`); a hidden folder hides its files."""
    parts = PurePath(relative).parts
    if not parts:
        return True
    if any(part.startswith(".") for part in parts[:-1]):
        return True
    return is_ignored(parts[-1], patterns)
