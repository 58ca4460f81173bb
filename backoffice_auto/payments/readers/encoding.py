"""Statement bytes in the encodings banks really save them in, made into what the readers expect.

Why: the format of a statement is told from its first bytes (`<Document`, `:20:`, `OFXHEADER`),
and the XML reader takes the encoding the prolog declares. A camt file saved as "Unicode"
(UTF-16, with or without a byte order mark), a file with a UTF-8 byte order mark or an empty
line before `<?xml`, a prolog that says UTF-8 over Windows-1250 bytes (`Faktura č.` written
by a Czech or Polish bank's own tool) or says UTF-16 over UTF-8 bytes: each was refused as
"not a bank statement" or "not well formed" although every figure in it could be read.

`utf8_statement` turns UTF-16 and UTF-32 text into UTF-8 before anything looks at it, and
makes an XML prolog tell the truth about the bytes that follow: a declared encoding the bytes
cannot be is replaced by the one they are (told as `text.decode_text` tells it: UTF-8, else
the Windows code page whose letters they make). Digits, signs and marks are ASCII in every
one of these encodings, so no amount can change on the way. A declared single-byte encoding
the bytes fit (`windows-1250`, `ISO-8859-2`, `ISO-8859-1`) is kept as declared; ASCII over
bytes that are not ASCII, and `ISO-8859-1` over the bytes it has only as control codes (a Windows
page's `€`, `Š`, `ž`, quotes), lie about the bytes, which are then read as `decode_text` tells.
"""

from __future__ import annotations

import codecs
import re

from backoffice_auto.payments.readers.text import decode_text

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_UTF8_BOM = codecs.BOM_UTF8
_BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")
_LEADING = re.compile(rb"\A(?:\xef\xbb\xbf)?[ \t\r\n]+(?=<\?xml[ \t\r\n])")
_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?\?>")
_ENCODING_ATTR = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z0-9._:-]{1,40})\1""")
_WIDE = frozenset({"utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf32be", "ucs2", "ucs4", "unicode",
                   "iso10646ucs2"})
_UTF8 = frozenset({"utf8", "unicode11utf8"})
_LATIN1 = frozenset({"iso88591", "latin1", "l1", "cp819", "ibm819"})
_ASCII = frozenset({"usascii", "ascii", "iso646us", "usascii7"})
_C1 = re.compile(rb"[\x80-\x9f]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def utf8_statement(data: bytes) -> bytes:
    """The bytes as the readers take them: wide text as UTF-8, an XML prolog declaring what the bytes
    are and starting the file; anything else (a workbook, plain UTF-8 or code-page text) unchanged."""
    wide = _wide_encoding(data)
    if wide is not None:
        # a broken last unit (a file cut short) is replaced; digits are whole units and never are
        data = data.decode(wide, errors="replace").lstrip("\ufeff").encode("utf-8")
    data = _LEADING.sub(b"", data, count=1)
    declaration = _DECLARATION.match(data)
    if declaration is None:
        if not wide and data[:4].lstrip(_UTF8_BOM)[:1] == b"<" and _NON_ASCII.search(data) and not _valid_utf8(data):
            return decode_text(data).encode("utf-8")  # XML without a prolog is UTF-8, or was meant to be
        return data
    if wide:
        return _declared(data, b"UTF-8")
    found = _ENCODING_ATTR.search(declaration.group())
    label = _label(found.group(2).decode("ascii") if found else "utf-8")
    if (label in _WIDE or (label in _UTF8 and not _valid_utf8(data))
            or (label in _ASCII and _NON_ASCII.search(data)) or (label in _LATIN1 and _C1.search(data))):
        return _declared(decode_text(data).encode("utf-8"), b"UTF-8")
    return data


def _label(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _wide_encoding(data: bytes) -> str | None:
    """`utf-16`/`utf-32` (with their byte order) for wide text: told by its byte order mark, or without one
    by the zero bytes the (mostly ASCII) start leaves in the high half of each character, while no
    character is wholly zero."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if data.startswith(_BINARY):
        return None  # a workbook (zip, OLE) or a PDF: never text, whatever its zero bytes
    head = data[:512]
    head = head[:len(head) - len(head) % 4]
    if len(head) < 8:
        return None
    units = [head[i::4] for i in range(4)]
    zeros = [u.count(0) for u in units]
    n = len(head) // 4
    if zeros[0] == 0 and zeros[2] == 0 and zeros[1] + zeros[3] >= 1.5 * n:
        return "utf-16-le"
    if zeros[1] == 0 and zeros[3] == 0 and zeros[0] + zeros[2] >= 1.5 * n:
        return "utf-16-be"
    if zeros[0] == 0 and zeros[2] == zeros[3] == n and zeros[1] >= 0.75 * n:
        return "utf-32-le"
    if zeros[3] == 0 and zeros[0] == zeros[1] == n and zeros[2] >= 0.75 * n:
        return "utf-32-be"
    return None


def _declared(data: bytes, encoding: bytes) -> bytes:
    """`data` with its XML prolog naming `encoding` (a prolog naming none gets it, unless it is UTF-8,
    which a prolog naming none means)."""
    declaration = _DECLARATION.match(data)
    if declaration is None:
        return data
    old = declaration.group()
    if _ENCODING_ATTR.search(old):
        new = _ENCODING_ATTR.sub(lambda m: b"encoding=" + m.group(1) + encoding + m.group(1), old, count=1)
    elif encoding.upper() != b"UTF-8":
        new = old[:-2].rstrip() + b' encoding="' + encoding + b'"?>'
    else:
        new = old
    return new + data[declaration.end():]
