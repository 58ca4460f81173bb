"""Names the service writes are safe and bounded, whatever name a clerk's file had.

Why: a file name is hostile input like any cell. A 250-character name committed its job,
then the move into `archive/` failed with "File name too long" and recovery raised on every
start; a line break in a name went into a mail header and crashed the job. So every name
written into `archive/`, `failed/` and `outbox/` goes through `safe_name` (no control
characters, no path separators, no characters Windows shares refuse, at most
`MAX_NAME_BYTES` bytes of UTF-8: the extension is kept, the stem is cut and the job id
added so two cut names never meet), and every name shown in one line of text (a mail
subject, a log field) through `one_line`.

`free_failed_name` picks the name of a refused original in `failed/`: the original, its
`.error.txt` and its `.error.json` must all be new there (item 9 of issue 12: a refused
`week48.csv.error.txt` followed by a refused `week48.csv` overwrote the first original).
Names are compared case-insensitively, as on the SMB shares `failed/` is often served from.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath

# 255 bytes is the usual NAME_MAX; eCryptfs allows 143. The job prefix (`000123-`) and the
# report suffixes (`.error.json`) must still fit beside the name.
MAX_NAME_BYTES = 120
MAX_SUFFIX_CHARS = 12
REPORT_SUFFIXES = (".error.txt", ".error.json")
_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _clean_char(char: str) -> str:
    if char in _WINDOWS_FORBIDDEN or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "_"
    return char


def _cut_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 form fits in `limit` bytes (never half a character)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:max(limit, 0)].decode("utf-8", errors="ignore")


def safe_name(name: str, job_id: str, limit: int = MAX_NAME_BYTES) -> str:
    """`name` as a file name that every file system takes, unchanged when it already is one.

    Control characters (line breaks, tabs, NUL), `/`, `\\` and `<>:"|?*` become `_`; leading
    dots and spaces (hidden files), trailing dots and spaces (Windows drops them) go; a
    reserved Windows device name gets a `_`. If the result is longer than `limit` bytes, the
    stem is cut and `~<job id>` added before the extension: `very-long…~000123.xlsx`.
    """
    clean = unicodedata.normalize("NFC", "".join(_clean_char(c) for c in name)).strip(" ").lstrip(".").rstrip(". ")
    if not clean:
        clean = "file"
    stem, suffix = os.path.splitext(clean)
    if not stem:  # ".xlsx" alone: no stem to keep
        stem, suffix = clean, ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"{stem}_"
    if len(suffix) > MAX_SUFFIX_CHARS:  # not an extension: part of the name
        stem, suffix = stem + suffix, ""
    clean = stem + suffix
    if len(clean.encode("utf-8")) <= limit:
        return clean
    tail = f"~{job_id}{suffix}"
    return _cut_bytes(stem, limit - len(tail.encode("utf-8"))).rstrip(". ") + tail


def safe_relative(relative: str, job_id: str) -> str:
    """Every component of a relative output path through `safe_name` (no `..`, no absolute path)."""
    parts = [p for p in PurePosixPath(relative.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
    return "/".join(safe_name(p, job_id) for p in parts) or "file"


def one_line(text: str, limit: int = 200) -> str:
    """`text` fit for one line of a header or a log: control characters as spaces, at most
    `limit` characters (cut with an ellipsis)."""
    flat = " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                            for c in text).split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def free_failed_name(failed_dir: Path, name: str, job_id: str) -> str:
    """A name for a refused original in `failed/` such that it and its two reports are all new."""
    try:
        taken = {entry.casefold() for entry in os.listdir(failed_dir)}
    except FileNotFoundError:
        taken = set()
    base = safe_name(name, job_id)

    def free(candidate: str) -> bool:
        return all((candidate + suffix).casefold() not in taken for suffix in ("", *REPORT_SUFFIXES))

    if free(base):
        return base
    prefixed = safe_name(f"{job_id}-{base}", job_id)
    if free(prefixed):
        return prefixed
    number = 2
    while True:
        candidate = safe_name(f"{job_id}-{number}-{base}", job_id)
        if free(candidate):
            return candidate
        number += 1
