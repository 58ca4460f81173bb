"""Which inbox files are never jobs: lock files, temp and partial files, hidden files.

The base list is the pipeline's (`pipeline.runner.is_ignored`: `~$*`, `.~lock.*#`,
`*.tmp`, `*.part`, `*.crdownload`, dotfiles, `Thumbs.db`, `desktop.ini`); the watcher adds
the temp names editors use while saving (Excel's 8-hex-digit names without extension,
vim swap files, `name~` backups) and the patterns an admin lists in the rules. A file
inside a hidden folder is hidden too.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePath
from typing import Iterable

from backoffice_auto.pipeline.runner import is_ignored

_HEX = "[0-9A-Fa-f]"
WATCH_PATTERNS = (
    _HEX * 8,  # Excel writes the new workbook to e.g. 5D3E8A00, then renames it over the target
    "*.swp", "*.swx", "*~", "*.partial", "*.download", "*.!ut", "*.lock",
)


def ignored(relative: str | PurePath, patterns: Iterable[str] = ()) -> bool:
    """`relative` is the path below the inbox (`orders/~$week.xlsx`)."""
    parts = PurePath(relative).parts
    if not parts:
        return True
    extra = tuple(patterns)
    if any(part.startswith(".") for part in parts[:-1]):
        return True
    name = parts[-1]
    if is_ignored(name, extra):
        return True
    return any(fnmatch.fnmatchcase(name, p) for p in WATCH_PATTERNS)
