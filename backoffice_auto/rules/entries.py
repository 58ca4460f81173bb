"""A rule file's name that is not a file: a folder, a pipe, a link leading nowhere.

Why: `rules/orders.yaml` made a folder by mistake, a FIFO, or a link to a file that was moved
(or to itself) was skipped without a word: `rules check` said the rules were fine and the job
ran on its defaults, the admin's allocation and invoicing rules silently gone. Such an entry
is now a problem at `rules/orders.yaml:1:1`, so the rules are invalid: `rules check` names
it, and a running daemon keeps the last good rules and tells the admin, as for any broken edit.

The entry is listed with the files (as empty bytes carrying what it is) so that it counts in
the rules' hash: the daemon sees it appear and go like any edit. It is never opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from backoffice_auto.i18n import N_

FOLDER = N_("this is a folder, not a rule file; nothing was read from it")
FOLDER_HINT = N_("a rule file is a text file: move the folder away or rename it")
NOWHERE = N_("this is a link that leads to no file (its target is gone, or it leads back to itself); "
             "nothing was read")
NOWHERE_HINT = N_("point the link at a rule file, or put the file itself here")
SPECIAL = N_("this is not a regular file (a pipe, a socket or a device); nothing was read from it")
SPECIAL_HINT = N_("a rule file is a text file: put the file itself here")


class NotAFile(bytes):
    """No content, and the message and hint that say what the entry is."""

    message: str
    hint: str

    def __new__(cls, kind: str, message: str, hint: str) -> "NotAFile":
        made = super().__new__(cls, kind.encode("ascii"))  # the kind counts in the hash
        made.message, made.hint = message, hint
        return made


def not_a_file(path: Path) -> NotAFile:
    """What the entry at `path` (not a regular file, even through a link) is."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # a link to nothing, a loop of links, gone meanwhile
        return NotAFile("nowhere", NOWHERE, NOWHERE_HINT)
    if stat.S_ISDIR(mode):
        return NotAFile("folder", FOLDER, FOLDER_HINT)
    return NotAFile("special", SPECIAL, SPECIAL_HINT)
