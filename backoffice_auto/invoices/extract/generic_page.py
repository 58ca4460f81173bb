"""The template-free reader's view of a page: label words found on each visual line, and
look-ups of the text right of a label or in its column below. Used by generic.py (fields,
amounts) and generic_parties.py (VAT ids, IBAN, supplier name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from backoffice_auto.invoices.extract.labels import LABELS
from backoffice_auto.invoices.extract.layout import Layout, Line, Word


@dataclass(frozen=True)
class Label:
    field: str
    weight: float
    line: Line
    start: int  # char offsets in line.text
    end: int
    x0: float
    x1: float


@dataclass(frozen=True)
class Candidate:
    value: object
    score: float
    line: int  # visual line index (for ordering and explanations)
    how: str  # "right" | "below" | "derived" | "pattern" ...

@lru_cache(maxsize=1)
def _label_patterns() -> list[tuple[str, re.Pattern, list[tuple[re.Pattern, float]]]]:
    """One alternation per field: ten searches a line instead of a hundred; then each of the
    field's labels on its own where the alternation matched (`_longest`). No letter may touch
    a label on either side (digits may follow: "n°562044387")."""
    out = []
    for field, entries in LABELS.items():
        alternatives = "|".join(f"(?:{fragment})" for fragment, _w in entries)
        out.append((field, re.compile(r"(?<!\w)(?:" + alternatives + r")(?![^\W\d])", re.I),
                    [(re.compile(r"(?:" + fragment + r")(?![^\W\d])", re.I), w) for fragment, w in entries]))
    return out


def _longest(entries: list[tuple[re.Pattern, float]], text: str, start: int, end: int) -> tuple[int, float] | None:
    """The longest of a field's labels that starts at `start` (the surest of equally long ones):
    an alternation takes its first alternative that matches, so "Faktura korygująca" (a title
    word) would hide "Faktura korygująca nr" (a number label) that starts at the same place."""
    best: tuple[int, float] | None = None
    for pattern, weight in entries:
        m = pattern.match(text, start, end)
        if m and m.end() > start and (best is None or (m.end(), weight) > best):
            best = (m.end(), weight)
    return best

def _offsets(line: Line) -> tuple[tuple[int, int], ...]:
    return line.spans

def _words_in(line: Line, start: int, end: int) -> list[Word]:
    return [w for w, (s, e) in zip(line.words, _offsets(line)) if s < end and start < e]

def _spans_gap(words: list[Word], max_gap: float) -> bool:
    return any(b.x0 - a.x1 > max_gap for a, b in zip(words, words[1:]))

def find_labels(line: Line, max_gap: float = float("inf")) -> list[Label]:
    """Labels on one line, longest first wins where two overlap; a label never spans a
    column gap wider than `max_gap` ("Montant | Total HT" are two cells, not "montant total")."""
    text = line.text
    # search each cell on its own, so a label cannot run across a column gap and hide a
    # shorter label that starts inside it
    cells, start = [], line.spans[0][0]
    for k in range(1, len(line.words)):
        if line.words[k].x0 - line.words[k - 1].x1 > max_gap:
            cells.append((start, line.spans[k - 1][1]))
            start = line.spans[k][0]
    cells.append((start, line.spans[-1][1]))
    bounds = [end for _start, end in cells[:-1]]
    found = set()
    for field, pattern, entries in _label_patterns():
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            longest = _longest(entries, text, m.start(), len(text))
            if longest and not any(m.start() < b < longest[0] for b in bounds):
                found.add((longest[0] - m.start(), m.start(), longest[0], field, longest[1]))
                continue
            for cell_start, cell_end in cells:  # rare: search the cells it ran across
                if cell_end <= m.start() or cell_start >= m.end():
                    continue
                for n in pattern.finditer(text, max(cell_start, m.start()), cell_end):
                    inside = _longest(entries, text, n.start(), cell_end) if n.end() > n.start() else None
                    if inside:
                        found.add((inside[0] - n.start(), n.start(), inside[0], field, inside[1]))
    found = sorted(found)
    found.sort(key=lambda t: (-t[0], t[1]))
    taken: list[tuple[int, int]] = []
    labels = []
    for _length, start, end, field, weight in found:
        if any(s < end and start < e for s, e in taken):
            continue
        words = _words_in(line, start, end)
        if not words or _spans_gap(words, max_gap):
            continue
        taken.append((start, end))
        labels.append(Label(field, weight, line, start, end, words[0].x0, words[-1].x1))
    labels.sort(key=lambda lab: lab.start)
    return _qualified(labels, text)


# "Totaal excl. | btw", "Total incl. | VAT": the tax word closing a qualifier belongs to the
# label before it, it is not a tax label of its own
_QUALIFIER_END = re.compile(r"(?i)(?:excl|exkl|incl|inkl|zzgl|ohne|mit|hors|sans|bez|without|with|excluding|"
                            r"including|plus|con|sin|senza|esclusa|inclusa)\.?\s*$")


def _qualified(labels: list[Label], text: str) -> list[Label]:
    out: list[Label] = []
    for label in labels:
        prev = out[-1] if out else None
        if prev is not None and prev.field in ("net", "tax") and label.field == "total" and label.weight <= 0.6 \
                and not text[prev.end:label.start].strip() and _same_cell(prev, label):
            # "Wartość netto razem", "Základ celkem", "DPH celkem": the bare total word closes the
            # net or VAT label it follows in one cell; it is not the invoice's total
            out[-1] = Label(prev.field, prev.weight, prev.line, prev.start, label.end, prev.x0, label.x1)
            continue
        if prev is not None and label.field == "tax" and prev.field in ("net", "total") \
                and not text[prev.end:label.start].strip() and _QUALIFIER_END.search(text[prev.start:prev.end]) \
                and label.end - label.start <= 5:
            out[-1] = Label(prev.field, prev.weight, prev.line, prev.start, label.end, prev.x0, label.x1)
            continue
        out.append(label)
    return out

def _same_cell(first: Label, second: Label) -> bool:
    """Two labels set one word space apart, not in two columns ("DPH | Celkem" of a recap header)."""
    char = (first.x1 - first.x0) / max(first.end - first.start, 1)
    return second.x0 - first.x1 <= 2 * char


@dataclass
class Page:
    """Lines with their labels, indexed for 'right of' and 'below' look-ups."""

    layout: Layout
    labels: dict[int, list[Label]]

    @classmethod
    def of(cls, layout: Layout) -> "Page":
        gap = layout.char_width * 3
        return cls(layout, {line.index: find_labels(line, gap) for line in layout.lines})

    def right_text(self, label: Label) -> str:
        """Text right of `label` on its line, up to the next label."""
        nxt = [lab.start for lab in self.labels[label.line.index] if lab.start >= label.end and lab.field != "_qual"]
        end = min(nxt) if nxt else len(label.line.text)
        return label.line.text[label.end:end]

    def label_row(self, line: Line) -> bool:
        """True when every cell of `line` opens with a label and no digit is on it: a row of
        field names set over a row of their values ("Fait le | Date de prestation | Payable
        le", "Vencimiento | Concepto"), where the cell under a label is its value as surely
        as the text right of a label is. A line-items header ("Concepto | Cantidad | Precio")
        has cells no label opens, so its column is not read this way."""
        if any(ch.isdigit() for ch in line.text):
            return False
        starts = {lab.start for lab in self.labels[line.index] if lab.field != "_qual"}
        if not starts:
            return False
        gap = self.layout.char_width * 3
        cell_starts = [line.spans[0][0]] + [line.spans[k][0] for k in range(1, len(line.words))
                                            if line.words[k].x0 - line.words[k - 1].x1 > gap]
        return all(start in starts for start in cell_starts)

    def _labelled(self, line: Line, words: list[Word]) -> bool:
        """True when one of `words` is part of a label (then the column belongs to that label)."""
        labs = [lab for lab in self.labels[line.index] if lab.field != "_qual"]
        return any(lab.x0 <= w.x1 and w.x0 <= lab.x1 for lab in labs for w in words)

    def below(self, label: Label, max_lines: int = 3) -> list[tuple[str, int]]:
        """Text of the words under `label` (its column), for the next few lines of its page."""
        out = []
        lines = self.layout.lines
        cw = self.layout.char_width
        height = max(label.line.bottom - label.line.top, 1.0)
        lo, hi = label.x0 - 2 * cw, max(label.x1, label.x0 + 8 * cw) + 2 * cw
        for line in lines[label.line.index + 1: label.line.index + 1 + max_lines * 2]:
            if line.page != label.line.page or line.top - label.line.bottom > height * (max_lines + 1.5):
                break
            words = _whole_cells(line.words, [w for w in line.words if w.x1 >= lo and w.x0 <= hi], cw)
            if words and self._labelled(line, words):
                break
            if words:
                out.append((" ".join(w.text for w in words), line.index))
            if len(out) >= max_lines:
                break
        return out


def _whole_cells(line_words: list[Word], picked: list[Word], cw: float) -> list[Word]:
    """`picked` grown to the whole cells it touches: "5 061,78" or "22 de agosto de 2026" is
    one value even when only part of it sits under the column's label (words closer than a
    character's width belong to one cell; cells are set further apart)."""
    if not picked:
        return picked
    first, last = line_words.index(picked[0]), line_words.index(picked[-1])
    while first > 0 and line_words[first].x0 - line_words[first - 1].x1 < cw:
        first -= 1
    while last + 1 < len(line_words) and line_words[last + 1].x0 - line_words[last].x1 < cw:
        last += 1
    return line_words[first:last + 1]
