"""Words and visual lines with positions, the way the page looks rather than the content order.

Invoice fields sit in layouts: a value right of its label, or below it in a box, amounts in
a column. Content-stream order (what a plain text dump gives) often scatters those; visual
lines (words grouped by height on the page, sorted left to right, wide gaps kept as column
breaks) put a label and its value back together.

Positions come from pypdfium2's per-character boxes: measured on the corpus this is 10-20x
faster than pdfplumber's `extract_words`, and it is the same engine that already gave us the
text. A plain-text invoice gets the same structure, with the character column as x, so one
reader serves both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import threading

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# PDFium is not thread-safe: every use of it in this package holds this lock.
PDFIUM_LOCK = threading.RLock()


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page (grows downwards)
    bottom: float
    page: int  # 0-based


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    page: int
    index: int  # visual line number over the whole document

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def _joined(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        # memoised by hand: functools.cached_property takes a lock on every access (3.11)
        cached = self.__dict__.get("_joined_cache")
        if cached is None:
            cached = self._join()
            self.__dict__["_joined_cache"] = cached
        return cached

    def _join(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        previous: Word | None = None
        for word in self.words:
            if previous is not None:
                # a gap wider than a space is a column gap: two spaces, so "1  278.61" (a
                # quantity and a price) is never read as one amount "1 278.61"
                height = max(word.bottom - word.top, previous.bottom - previous.top)
                sep = "  " if word.x0 - previous.x1 > 0.8 * height else " "
                parts.append(sep)
                pos += len(sep)
            parts.append(word.text)
            spans.append((pos, pos + len(word.text)))
            pos += len(word.text)
            previous = word
        return "".join(parts), tuple(spans)

    @property
    def text(self) -> str:
        """The words in reading order: one space between words, two across a column gap."""
        return self._joined[0]

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each word in `text`."""
        return self._joined[1]

    def layout_text(self, char_width: float) -> str:
        """Words at their horizontal place, like `pdftotext -layout` (gaps become spaces)."""
        out = ""
        for word in self.words:
            col = int(round(word.x0 / char_width)) if char_width > 0 else len(out)
            if out:
                col = max(col, len(out) + 1)
            out += " " * (col - len(out)) + word.text
        return out


@dataclass
class Layout:
    lines: list[Line]
    char_width: float  # typical character width, to turn x into text columns
    page_sizes: list[tuple[float, float]] = field(default_factory=list)  # (width, height) per page
    _text: str | None = field(default=None, repr=False, compare=False)

    def text(self, lines: list[Line] | None = None) -> str:
        """The document (or `lines` of it) as layout text, pages separated by form feeds."""
        if lines is None:
            if self._text is None:
                self._text = self._render(self.lines)
            return self._text
        return self._render(lines)

    def _render(self, lines: list[Line]) -> str:
        chunks: list[str] = []
        page = None
        for line in lines:
            if page is not None and line.page > page:
                chunks.append("\f" * (line.page - page))
            page = line.page
            chunks.append(line.layout_text(self.char_width) + "\n")
        return "".join(chunks)


_SKIP = "\ufffe\x02\u00ad\x00"
_TOKEN = re.compile(r"[^\s\ufffe\x02\u00ad\x00]+")


def _page_text(textpage) -> str:
    count = textpage.count_chars()
    text = textpage.get_text_range() if count else ""
    if len(text) != count:  # characters outside the BMP shift indices: ask per character
        units = [pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFE for i in range(count)]
        text = "".join(_joined_surrogates(units))
    return text


def _joined_surrogates(units: list[int]) -> list[str]:
    """One string per character index: pdfium gives a character outside the BMP as two
    UTF-16 halves at two indices; the whole character goes at the first, a skipped mark at
    the second (indices stay aligned), and a lone half becomes U+FFFD (no string may hold
    a surrogate: it cannot be written as UTF-8)."""
    out: list[str] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if 0xD800 <= unit < 0xDC00 and i + 1 < len(units) and 0xDC00 <= units[i + 1] < 0xE000:
            out += [chr(0x10000 + ((unit - 0xD800) << 10) + (units[i + 1] - 0xDC00)), "\ufffe"]
            i += 2
            continue
        out.append("\ufffd" if 0xD800 <= unit < 0xE000 else chr(unit))
        i += 1
    return out


class _Frame:
    """Character boxes in the reading frame of a page's text. Text drawn turned (a landscape
    table rotated onto a portrait page, a page printed upside down) has its lines running up,
    down or right to left in page space; turned back by a quarter turn, its words and lines
    are found as on any page. `quarter`: the text's turn, counter-clockwise, in quarters."""

    def __init__(self, textpage, width: float, height: float) -> None:
        self.textpage, self.width, self.height = textpage, width, height
        self.quarter = _text_quarter(textpage)
        self.rect = pdfium_c.FS_RECTF()

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) of the page as its text reads."""
        return (self.height, self.width) if self.quarter % 2 else (self.width, self.height)

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) of character `index`: x along its line, top growing downwards."""
        rect = self.rect
        pdfium_c.FPDFText_GetLooseCharBox(self.textpage, index, rect)
        left, right, low, high = rect.left, rect.right, rect.bottom, rect.top
        if self.quarter == 1:  # lines run upwards
            return low, high, left, right
        if self.quarter == 2:  # upside down
            return self.width - right, self.width - left, low, high
        if self.quarter == 3:  # lines run downwards
            return self.height - high, self.height - low, self.width - right, self.width - left
        return left, right, self.height - high, self.height - low


def _text_quarter(textpage, samples: int = 400) -> int:
    """The quarter turn (counter-clockwise) most of the page's characters are drawn at."""
    count = textpage.count_chars()
    if count <= 0:
        return 0
    votes = [0, 0, 0, 0]
    step = max(1, count // samples)
    for index in range(0, count, step):
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, index)
        if angle < 0 or chr(pdfium_c.FPDFText_GetUnicode(textpage, index) or 32).isspace():
            continue
        clockwise = int(round(angle / (math.pi / 2))) % 4  # pdfium measures clockwise
        votes[(4 - clockwise) % 4] += 1
    best = max(range(4), key=lambda q: votes[q])
    return best if votes[best] > votes[0] else 0


def _words_of_page(textpage, page_index: int, frame: "_Frame") -> list[Word]:
    """Text into words with boxes. pdfium already puts a space (real or "generated") at
    word gaps and a line break where a line ends, so a token between spaces is a word whose
    box is that of its first and last characters: two box queries per word instead of one
    per character. A token whose width does not fit its length (characters out of order, a
    gap without a space) is split character by character; two tokens that only a generated
    space divides, with no real gap ("Br uttosumme" in letter-spaced headings), are one word."""
    text = _page_text(textpage)
    is_generated = pdfium_c.FPDFText_IsGenerated
    words: list[Word] = []
    prev_end = -1
    prev_h = 0.0
    for m in _TOKEN.finditer(text):
        first, last = m.start(), m.end() - 1
        # the loose box spans the font's ascent to descent, so a comma and a digit of one
        # line share their vertical centre (tight glyph boxes do not)
        x0, x1, t0, b0 = frame.box(first)
        if last != first:
            _x0, x1, t1, b1 = frame.box(last)
        else:
            t1, b1 = t0, b0
        h = max(b0 - t0, b1 - t1, 1.0)
        token = m.group(0)
        width = x1 - x0
        if width < -0.5 * h or width > len(token) * h * 1.2 or abs((t0 + b0) - (t1 + b1)) >= h * 1.2:
            pieces = _split_chars(frame, text, first, last + 1, page_index)
        else:
            pieces = [Word(token, x0, x1, min(t0, t1), max(b0, b1), page_index)]
        if words and pieces and prev_end >= 0:
            gap_text = text[prev_end:first]
            prev = words[-1]
            piece = pieces[0]
            hh = max(h, prev_h)
            if (len(gap_text) == 1 and gap_text.isspace() and is_generated(textpage, prev_end)
                    and abs((piece.top + piece.bottom) - (prev.top + prev.bottom)) < hh * 1.2
                    and -0.1 * hh <= piece.x0 - prev.x1 <= 0.15 * hh):
                words[-1] = Word(prev.text + piece.text, prev.x0, max(prev.x1, piece.x1), min(prev.top, piece.top),
                                 max(prev.bottom, piece.bottom), page_index)
                pieces = pieces[1:]
        words.extend(pieces)
        prev_end = m.end()
        prev_h = h
    return words


def _split_chars(frame: _Frame, text: str, start: int, end: int, page_index: int) -> list[Word]:
    """Characters `start`..`end` into words, splitting at horizontal gaps and line changes."""
    out: list[Word] = []
    buf: list[str] = []
    bx0 = bx1 = btop = bbottom = last_x1 = last_h = 0.0
    for i in range(start, end):
        ch = text[i]
        if ch in _SKIP:
            continue
        x0, x1, t, b = frame.box(i)
        h = max(b - t, 1.0)
        if buf:
            hh = max(h, last_h)
            gap = x0 - last_x1
            if abs((t + b) - (btop + bbottom)) >= hh * 1.2 or gap > hh * 0.3 or gap < -hh:
                out.append(Word("".join(buf), bx0, bx1, btop, bbottom, page_index))
                buf = []
        if buf:
            bx0, bx1, btop, bbottom = min(bx0, x0), max(bx1, x1), min(btop, t), max(bbottom, b)
        else:
            bx0, bx1, btop, bbottom = x0, x1, t, b
        buf.append(ch)
        last_x1, last_h = x1, h
    if buf:
        out.append(Word("".join(buf), bx0, bx1, btop, bbottom, page_index))
    return out


def group_lines(words: list[Word], start_index: int = 0) -> list[Line]:
    """Words of one page into visual lines: overlapping vertical centres, sorted by x."""
    rows: list[list[Word]] = []
    centre_sum = 0.0
    row_height = 0.0
    for word in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        centre = (word.top + word.bottom) / 2
        height = max(word.bottom - word.top, 1.0)
        if rows:
            row = rows[-1]
            if abs(centre - centre_sum / len(row)) <= min(height, row_height) * 0.5:
                row.append(word)
                centre_sum += centre
                row_height = max(row_height, word.bottom - word.top)
                continue
        rows.append([word])
        centre_sum = centre
        row_height = word.bottom - word.top
    lines = []
    for row in rows:
        lines.append(Line(tuple(sorted(row, key=lambda w: w.x0)), row[0].page, start_index + len(lines)))
    return lines


class LayoutBuilder:
    """Collects pages (from textpages already open for another purpose) into a `Layout`."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.widths: list[float] = []
        self.sizes: list[tuple[float, float]] = []

    def add_page(self, textpage, index: int, width: float, height: float) -> None:
        frame = _Frame(textpage, width, height)
        self.sizes.append(frame.size)
        words = _words_of_page(textpage, index, frame)
        self.widths.extend((w.x1 - w.x0) / len(w.text) for w in words if len(w.text) >= 3)
        self.lines.extend(group_lines(words, len(self.lines)))

    def finish(self) -> Layout:
        widths = sorted(self.widths)
        char_width = widths[len(widths) // 2] if widths else 5.0
        return Layout(self.lines, char_width, self.sizes)


def pdf_layout(data: bytes, max_pages: int = 200) -> Layout:
    """Visual lines of a PDF (the caller has already checked that it opens)."""
    with PDFIUM_LOCK:
        return _pdf_layout(data, max_pages)


def _pdf_layout(data: bytes, max_pages: int) -> Layout:
    doc = pdfium.PdfDocument(data)
    builder = LayoutBuilder()
    try:
        for index in range(min(len(doc), max_pages)):
            try:
                page = doc[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:  # a damaged page gives no visual lines; its text was read
                continue
            builder.add_page(textpage, index, page.get_width(), page.get_height())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return builder.finish()


def text_layout(text: str) -> Layout:
    """A plain-text invoice in the same shape: a character is 4 units wide, a line 8 high,
    so one space is a word gap and two or more are a column gap, as on a page."""
    lines: list[Line] = []
    for page_index, page in enumerate(text.split("\f")):
        for row, raw in enumerate(page.splitlines()):
            words = []
            col = 0
            for token in raw.split(" "):
                if token:
                    words.append(Word(token, col * 4.0, (col + len(token)) * 4.0, row * 10.0, row * 10.0 + 8,
                                      page_index))
                col += len(token) + 1
            if words:
                lines.append(Line(tuple(words), page_index, len(lines)))
    return Layout(lines, 4.0)
