"""Hidden rows and columns of an old Excel (`.xls`, BIFF8) workbook.

Why: the spreadsheet engine (calamine) tells whether an `.xls` sheet is hidden, but not
which of its rows and columns are, so a cancelled line hidden by hand, or the rows a filter
left out, were booked from an `.xls` while the same sheet saved as `.xlsx` left them out. No
package in the lock reads them, and the records are small: the file is an OLE compound file
whose `Workbook` stream is a run of BIFF records; `BOUNDSHEET` names each sheet and where
its records start, a sheet's `ROW` records carry "height zero" (hidden) and its `COLINFO`
records a hidden flag. That is all this module reads.

Hostile input is normal: every offset and chain is bounded and checked, and a file this
reader cannot follow gives None (the caller then says the rows may hide something), never
an error; calamine decides whether the file is readable at all.
"""

from __future__ import annotations

import struct

from backoffice_auto.documents.sheetmarks import SheetMarks

__all__ = ["xls_marks"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_BOF, _EOF, _BOUNDSHEET, _ROW, _COLINFO = 0x0809, 0x000A, 0x0085, 0x0208, 0x007D
_ROW_HIDDEN = 0x0020  # fDyZero: the row's height is zero
_COL_HIDDEN = 0x0001
_MAX_COLUMNS = 256  # BIFF8


class _Unreadable(Exception):
    pass


def xls_marks(data: bytes) -> dict[str, SheetMarks] | None:
    """Sheet name -> its hidden rows and columns (0-based); None when the file cannot be followed."""
    try:
        stream = _workbook_stream(data)
        return _marks(stream) if stream is not None else None
    except (_Unreadable, struct.error, IndexError, ValueError, UnicodeDecodeError):
        return None


# --------------------------------------------------------------------------- compound file


def _workbook_stream(data: bytes) -> bytes | None:
    if len(data) < 512 or not data.startswith(_OLE_MAGIC):
        raise _Unreadable
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise _Unreadable
    size, mini_size = 1 << sector_shift, 1 << mini_shift
    fat_sectors, first_dir, _, mini_cutoff, first_mini_fat, mini_fat_count, first_difat, difat_count = \
        struct.unpack_from("<IIIIIIII", data, 44)
    sectors = max(0, (len(data) - 512) // size)
    if fat_sectors > sectors:
        raise _Unreadable

    def sector(number: int) -> bytes:
        if number >= sectors:
            raise _Unreadable
        start = 512 + number * size
        return data[start:start + size]

    fat_list = list(struct.unpack_from("<109I", data, 76))
    next_difat, seen = first_difat, 0
    while next_difat not in (_END_OF_CHAIN, _FREE) and seen <= difat_count and seen <= sectors:
        block = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_list += block[:-1]
        next_difat, seen = block[-1], seen + 1
    fat: list[int] = []
    for number in fat_list[:fat_sectors]:
        fat += struct.unpack(f"<{size // 4}I", sector(number))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        while start not in (_END_OF_CHAIN, _FREE):
            if start >= len(table) or len(out) > limit:
                raise _Unreadable
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(n) for n in chain(first_dir, fat, sectors))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise _Unreadable
    root_start, root_size = struct.unpack_from("<IQ", entries[0], 116)
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(0, min(name_length, 64) - 2)].decode("utf-16-le", errors="replace")
        if entry[66] != 2 or name.casefold() not in ("workbook", "book"):  # names compare without case
            continue
        start, stream_size = struct.unpack_from("<IQ", entry, 116)
        if stream_size > len(data):
            raise _Unreadable
        if stream_size >= mini_cutoff:
            return b"".join(sector(n) for n in chain(start, fat, sectors))[:stream_size]
        mini_fat: list[int] = []
        for number in chain(first_mini_fat, fat, min(sectors, mini_fat_count + 1)):
            mini_fat += struct.unpack(f"<{size // 4}I", sector(number))
        mini_stream = b"".join(sector(n) for n in chain(root_start, fat, sectors))[:root_size]
        parts = [mini_stream[n * mini_size:(n + 1) * mini_size]
                 for n in chain(start, mini_fat, len(mini_stream) // mini_size)]
        return b"".join(parts)[:stream_size]
    return None


# --------------------------------------------------------------------------- BIFF records


def _records(stream: bytes, start: int):
    at = start
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield at, kind, stream[at + 4:at + 4 + length]
        at += 4 + length


def _marks(stream: bytes) -> dict[str, SheetMarks]:
    sheets: list[tuple[str, int]] = []
    biff8 = True
    for _, kind, body in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOF and len(body) >= 2:
            biff8 = struct.unpack_from("<H", body, 0)[0] >= 0x0600  # Excel 97 and later; 0x0500: Excel 5/95
        elif kind == _BOUNDSHEET and len(body) >= 8:
            position = struct.unpack_from("<I", body, 0)[0]
            name = _short_text(body, 6) if biff8 else body[7:7 + body[6]].decode("cp1252", errors="replace")
            sheets.append((name, position))
    found: dict[str, SheetMarks] = {}
    for name, position in sheets:
        if position >= len(stream) or struct.unpack_from("<H", stream, position)[0] != _BOF:
            raise _Unreadable
        rows: set[int] = set()
        columns: set[int] = set()
        for at, kind, body in _records(stream, position):
            if kind == _EOF:
                break
            if kind == _ROW and len(body) >= 14 and struct.unpack_from("<H", body, 12)[0] & _ROW_HIDDEN:
                rows.add(struct.unpack_from("<H", body, 0)[0])
            elif kind == _COLINFO and len(body) >= 10:
                first, last, _, _, flags = struct.unpack_from("<HHHHH", body, 0)
                if flags & _COL_HIDDEN:
                    columns.update(range(first, min(last, _MAX_COLUMNS - 1) + 1))
        found[name] = SheetMarks(hidden_rows=frozenset(rows), hidden_columns=frozenset(columns))
    return found


def _short_text(body: bytes, at: int) -> str:
    """A BIFF8 short unicode string: a length byte, a flags byte (bit 0: UTF-16), the characters."""
    length, flags = body[at], body[at + 1]
    text = body[at + 2:]
    return text[:2 * length].decode("utf-16-le") if flags & 1 else text[:length].decode("latin-1")
