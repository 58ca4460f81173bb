"""Shared pieces of the statement readers: decoding bank text, amounts, size bounds, refusals.

Banks still send MT940 and CSV files in Windows code pages with stray control bytes (mBank
frames its files with SOH/ETX), so text is decoded strictly as UTF-8 first and then as a
Windows code page, never with silent replacement in a way that could change a digit. Which
code page is told by the letters: a Czech or Polish bank writes cp1250 (`Jiří`, `Łódź`), a
French or Spanish one cp1252 (`Muñoz`, `Crèche`), and the same bytes read in the other page
give letters those languages do not use (`Jiøí`, `£ódŸ`, `Muńoz`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from backoffice_auto.errors import Problem, Refusal, Source, megabytes
from backoffice_auto.i18n import N_

MB = 1024 * 1024
_WINDOWS_PAGES = ("cp1250", "cp1252")
# letters the languages written in each page use; a byte that is one of these in one page and
# not in the other tells the page (the bytes both pages share, such as `é` and `ü`, tell nothing)
_PAGE_LETTERS = {
    "cp1250": frozenset("áäčďéěíĺľňóôŕřšťúůýžąćęłńśźżőűăâîşţÁÄČĎÉĚÍĹĽŇÓÔŔŘŠŤÚŮÝŽĄĆĘŁŃŚŹŻŐŰĂÂÎŞŢ"),
    "cp1252": frozenset("àâäçèéêëîïôöùûüÿœæßñáíóúÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸŒÆÑÁÍÓÚ"),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")

MSG_TOO_BIG = N_("The file is {size_mb} MB, over the limit of {limit_mb} MB (limits.max_file_mb in rules/settings.yaml).")
MSG_TOO_MANY = N_("The file holds more than {limit} transactions (limits.max_rows in rules/settings.yaml).")
MSG_NOT_STATEMENT = N_("This is not a bank statement this service reads (camt.052/053/054, MT940/MT942, OFX, "
                       "Czech ABO/GPC, Spanish Norma 43, French CFONB 120, or a CSV/XLSX export described in "
                       "rules/bank/*.yaml).")
MSG_BAD_AMOUNT = N_("'{value}' is not an amount.")
MSG_BAD_DATE = N_("'{value}' is not a date.")
MSG_NO_LINES = N_("The statement file holds no statement.")
MSG_NO_DATE = N_("The transaction has no date: the bank gives neither a booking date nor a value date.")


def check_size(data: bytes, name: str, max_mb: int) -> None:
    if len(data) > max_mb * MB:
        raise Refusal([Problem(MSG_TOO_BIG, Source(name), {"size_mb": megabytes(len(data)), "limit_mb": max_mb})])


def too_many(name: str, limit: int) -> Refusal:
    return Refusal([Problem(MSG_TOO_MANY, Source(name), {"limit": limit})])


def decode_text(data: bytes, encoding: str | None = None) -> str:
    """Bytes to text: the named encoding, else UTF-16 or UTF-8 as the byte order mark says, else UTF-8, else the Windows code page (cp1250 or cp1252)
    whose letters the text's accented bytes make, else Latin-1 (which maps every byte)."""
    if encoding:
        return data.decode(encoding, errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark (Excel's "Unicode text")
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    pages = []
    for page in _WINDOWS_PAGES:
        try:
            pages.append((page, data.decode(page)))
        except UnicodeDecodeError:
            continue
    if not pages:
        return data.decode("latin-1")
    if len(pages) == 1:
        return pages[0][1]
    scores = _page_scores(data)
    return max(pages, key=lambda page: (scores[page[0]], page[0] == "cp1252"))[1]


def _page_scores(data: bytes) -> dict[str, int]:
    """For each page, how many accented bytes that the two pages read differently are, read in that page,
    a letter of its languages standing where those languages put it (ties go to cp1252, the page this
    reader read before it told the two apart).

    The letters alone do not tell Czech `č`, `ů`, `ď` from French `è`, `ù`, `ï`, nor Polish `ń` from
    Spanish `ñ` (one byte each): so the letter's place does. French writes `è` inside a word before a
    consonant (`crèche`, `prélèvement`), `ù` only in `où`, `à` at a word's end; Spanish `ñ` stands before
    a vowel (`Muñoz`), Polish `ń` never does (`Gdańsk`, `dań`). Czech `č` opening a word or before a vowel
    (`Černý`, `Počet`), and `ů` ending one (`domů`), are then no French letter. The first
    `_SCORED_BYTES` such bytes are looked at: one file is in one page throughout."""
    scores = dict.fromkeys(_WINDOWS_PAGES, 0)
    for seen, m in enumerate(_READ_APART.finditer(data)):
        if seen >= _SCORED_BYTES:
            break
        at = m.start()
        before, after = data[max(0, at - 2):at].decode("cp1252", "replace"), data[at + 1:at + 4].decode("cp1252", "replace")
        for page in _WINDOWS_PAGES:
            char = m.group().decode(page, errors="replace")
            if char in _PAGE_LETTERS[page] and _in_place(char, before, after):
                scores[page] += 1
    return scores


def _read_apart(byte: int) -> bool:
    one = bytes((byte,))
    return one.decode("cp1250", errors="replace") != one.decode("cp1252", errors="replace")


#: The bytes the two pages read differently (worked out once, not per file).
_READ_APART = re.compile(b"[" + re.escape(bytes(b for b in range(128, 256) if _read_apart(b))) + b"]")


def _in_place(char: str, before: str, after: str) -> bool:
    """Whether `char` (with up to two characters before and three after it) stands where its language
    writes it; letters with no such habit stand anywhere."""
    rule = _PLACES.get(char.lower())
    if rule is None:
        return True
    prev, nxt = (before[-1:] or " "), (after[:1] or " ")
    return rule(prev.lower(), nxt.lower(), before.lower(), after.lower())


_VOWELS = frozenset("aeiouyáéíóúýàâäèêëîïôöùûü")


def _consonant(ch: str) -> bool:
    return ch.isalpha() and ch not in _VOWELS


_PLACES = {
    # French and Spanish habits (cp1252 readings)
    "è": lambda p, n, b, a: p.isalpha() and _consonant(n),
    "ê": lambda p, n, b, a: _consonant(n),
    "ù": lambda p, n, b, a: b[-1:] == "o" and not b[-2:-1].isalpha() and not n.isalpha(),  # only `où`
    "à": lambda p, n, b, a: not n.isalpha(),
    "ï": lambda p, n, b, a: p in _VOWELS,
    "ñ": lambda p, n, b, a: n in _VOWELS,
    "œ": lambda p, n, b, a: n in "ui",
    "ÿ": lambda p, n, b, a: p in _VOWELS,
    # Polish and Slovak habits (cp1250 readings)
    "ń": lambda p, n, b, a: n not in _VOWELS,
    "ŕ": lambda p, n, b, a: _consonant(p) and (_consonant(n) or not n.isalpha()),
}
_SCORED_BYTES = 20_000


def strip_controls(text: str) -> str:
    """Control characters other than tab and line ends removed (SOH/ETX frames, NULs)."""
    return _CONTROL.sub("", text)


def join_cut(pieces: list[str], widths: frozenset[int]) -> str:
    """Lines of one text as one text. A bank cuts long text into fields of a fixed width (27 characters
    in MT940's German subfields, 35 or 140 in camt's `Ustrd`): a line that fills the longest width
    seen, when that is such a width and the line does not end in a space, was cut mid-word and runs on
    into the next line without a space; any other line ended a word (`Rechnung RE-2024-0` + `12 Danke`
    -> `Rechnung RE-2024-012 Danke`, but `Invoice 7` + `Thanks` -> `Invoice 7 Thanks`)."""
    if not pieces:
        return ""
    width = max(len(p) for p in pieces)
    out = [pieces[0]]
    for before, piece in zip(pieces, pieces[1:]):
        cut = width in widths and len(before) == width and not before[-1:].isspace()
        out.append(piece if cut else " " + piece)
    return squeeze("".join(out))


def squeeze(text: str) -> str:
    """Runs of white space as one space, trimmed. `split()` cuts at exactly the characters the pattern
    `\\s` matches and `strip()` trims (Python's one notion of white space; the tests compare them on every
    code point), and is three times quicker: a statement line's texts pass here several times."""
    return " ".join(text.split())


def comma_amount(text: str) -> Decimal:
    """A SWIFT amount (`1234,56`, `300,`) as Decimal; ValueError when it is not one."""
    if not text or text.count(",") != 1 or not text.replace(",", "").isdigit() or not text.isascii():
        raise ValueError(text)
    whole, _, cents = text.partition(",")
    try:
        return Decimal(f"{whole}.{cents}" if cents else whole)
    except InvalidOperation:  # pragma: no cover - digits only
        raise ValueError(text) from None


class AmbiguousAmount(ValueError):
    """An amount whose one dot may be a decimal mark or set a thousand apart (`1.234`): both readings."""

    def __init__(self, text: str, readings: tuple[Decimal, Decimal]):
        super().__init__(text)
        self.text, self.readings = text, readings


def swift_amount(text: str) -> Decimal:
    """A SWIFT amount as banks write it: `1234,56` as the standard has it, or, against it, with a dot
    for the decimal mark (`1234.56`, `300.`) or with thousands set apart by the other mark (`1.234,56`,
    `1,234.56`), whenever only one reading is possible. `1.234` is a thousand and some, or one and a
    bit: `AmbiguousAmount` (a ValueError) with both readings; anything else no amount: ValueError."""
    if "." not in text:
        return comma_amount(text)
    if not text.isascii() or not text.replace(",", "").replace(".", "").isdigit() or text[0] == ".":
        raise ValueError(text)
    decimal_at = max(text.rfind("."), text.rfind(","))
    whole, mark, cents = text[:decimal_at], text[decimal_at], text[decimal_at + 1:]
    other = "," if mark == "." else "."
    if mark in whole:
        raise ValueError(text)  # `1.234.56`: two decimal marks
    if other in whole:
        if not _THOUSANDS[other].fullmatch(whole):
            raise ValueError(text)
        whole = whole.replace(other, "")
    elif mark == "." and len(cents) == 3 and len(whole) <= 3 and whole[:1] != "0":
        raise AmbiguousAmount(text, (Decimal(whole + cents), Decimal(f"{whole}.{cents}")))
    return comma_amount(f"{whole},{cents}")


_THOUSANDS = {sep: re.compile(r"[1-9][0-9]{0,2}(?:" + re.escape(sep) + r"[0-9]{3})+") for sep in ".,"}


def plain_amount(text: str) -> Decimal:
    """An XML/OFX amount (`-34.51`, `500000`, `+.50`, `12,30`, `2.522,98`) as Decimal; ValueError when it is
    not one.

    Only digits with one decimal mark, at most 18 digits besides leading zeros (ISO 20022's bound,
    which OFX amounts keep too): `1e400`, `Infinity` or a 40-digit number is no bank's amount, and
    must not reach the books as one."""
    if isinstance(text, str) and _USUAL_AMOUNT.fullmatch(text):  # `11272.28`: most amounts, at most 16 digits
        return Decimal(text)
    if isinstance(text, str) and (both := _BOTH_MARKS.fullmatch(text.strip())):
        # `2.522,98` or `2,522.98`: the thousands grouped by the other mark, as some French and Spanish
        # banks' OFX writes them; two different marks tell which is the decimal one, nothing is guessed
        text = both["sign"] + re.sub(r"[.,]", "", both["dots"] or both["commas"]) + "." + (both["c1"] or both["c2"])
    cleaned = text.strip().replace(",", ".") if text else ""
    if _GROUPED.fullmatch(cleaned):  # `1 234,56`: thousands set apart by spaces, as French banks' OFX has them
        cleaned = re.sub(r"\s", "", cleaned)
    m = _PLAIN_AMOUNT.fullmatch(cleaned)
    if m is None or not (m["whole"] or m["cents"]) or len(m["whole"].lstrip("0")) + len(m["cents"] or "") > 18:
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits decimals only
        raise ValueError(text) from None


_USUAL_AMOUNT = re.compile(r"[0-9]{1,14}\.[0-9]{2}")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:\.[0-9]*)?")
_BOTH_MARKS = re.compile(r"(?P<sign>[+-]?)(?:(?P<dots>[0-9]{1,3}(?:\.[0-9]{3})+),(?P<c1>[0-9]{1,2})"
                         r"|(?P<commas>[0-9]{1,3}(?:,[0-9]{3})+)\.(?P<c2>[0-9]{1,2}))")
_PLAIN_AMOUNT = re.compile(r"[+-]?(?P<whole>[0-9]*)(?:\.(?P<cents>[0-9]*))?")
