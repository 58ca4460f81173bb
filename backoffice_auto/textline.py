"""Text from input shown to a person stays on its line and reads in its own order.

Why: a file name, a sheet name or a cell is hostile input. A line break in a name split
`process`'s console line, `status`, the daemon's console and the problem lines of a refused
file's report in two (the second half looked like a line of its own), and a bidirectional
control (U+202E RIGHT-TO-LEFT OVERRIDE) showed `rtl‮txt.exe` as `rtlexe.txt`: a name that
lies about its extension. `shown` puts a space for each line break, control character and
bidirectional control, and leaves any other text exactly as it is (printable text, the
common case, is returned untouched). The JSON `file` fields keep the name as it is on disk.
"""

from __future__ import annotations

import unicodedata

#: Explicit bidirectional formatting characters (Unicode TR 9): marks, embeddings, overrides, isolates.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BREAKING = ("Cc", "Zl", "Zp")


def _hidden(char: str) -> bool:
    return char in BIDI_CONTROLS or unicodedata.category(char) in _BREAKING


def shown(text: str) -> str:
    """`text` for one line of a message: line breaks, control and bidirectional characters as spaces."""
    if text.isprintable():
        return text
    return "".join(" " if _hidden(c) else c for c in text)
