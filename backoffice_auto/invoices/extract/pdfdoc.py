"""Open an invoice PDF once, refuse what cannot be read, and hand out its text and attachments.

The refusals are the clerk-facing reasons a PDF cannot be read at all (not a PDF, locked by a
password, no text layer, too many pages). They are raised before any field is guessed, so a
scan is never "read" as an empty invoice. Text comes from pypdfium2, which is several times
faster than pdfminer; word positions come from the same pages in the same pass, when the
caller will read the layout (not when an embedded XML will most likely be used).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.invoices.extract.layout import PDFIUM_LOCK, Layout, LayoutBuilder

# Minimum visible characters per document before we trust there is a text layer at all.
MIN_TEXT_CHARS = 20
# A page that is a picture (an image over this share of it) with fewer characters than this
# is a scan: its few characters are a scanner's or a stamp's line, not the invoice's text.
SCAN_TEXT_CHARS = 100
SCAN_IMAGE_SHARE = 0.4
# Cap on one embedded file we are willing to read (an e-invoice XML is a few hundred kB).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

MSG_NOT_PDF = N_("not a PDF file")
MSG_ENCRYPTED = N_("the PDF is protected by a password; send an unprotected copy")
MSG_DAMAGED = N_("the PDF cannot be opened: {reason}")
MSG_INCOMPLETE = N_("the PDF is damaged or incomplete (cut off while it was copied or sent?); send the whole file again")
MSG_NO_TEXT = N_("no text layer: run OCR first")
MSG_TOO_MANY_PAGES = N_("the PDF has {pages} pages, more than the limit of {limit}")


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes


@dataclass
class PdfText:
    """The text of one PDF, page by page, plus its embedded files (read on open)."""

    name: str
    data: bytes
    pages: list[str]
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Content-order text, pages separated by form feeds (templates may look for them)."""
        return "\f".join(self.pages)

    layout: Layout | None = None  # visual lines, when asked for at opening
    scanned: bool = False  # pictures of pages with at most a stamp's line of text


def _refuse(name: str, message: str, **params) -> Refusal:
    return Refusal([Problem(message, Source(name), params)])


def open_pdf(data: bytes, name: str, max_pages: int = 200, layout: bool | None = False) -> PdfText:
    """Open, check and read `data`; raise `Refusal` with the clerk-facing reason when unreadable.

    `layout`: also build the visual lines in the same pass over the pages (True), never
    (False), or only when no XML is attached (None: the XML will most likely be used)."""
    if not data[:1024].lstrip(b"\x00\t\n\r\f ").startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise _refuse(name, MSG_NOT_PDF)
    with PDFIUM_LOCK:
        return _open(data, name, max_pages, layout)


def _open(data: bytes, name: str, max_pages: int, layout: bool | None) -> PdfText:
    try:
        return _read_document(data, name, max_pages, layout)
    except pdfium.PdfiumError as exc:  # a damaged page tree, content stream or attachment table
        raise _refuse(name, MSG_DAMAGED, reason=str(exc)) from None


def _read_document(data: bytes, name: str, max_pages: int, layout: bool | None) -> PdfText:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise _refuse(name, MSG_ENCRYPTED) from None
        if getattr(exc, "err_code", None) == 3:  # FPDF_ERR_FORMAT: no readable structure (truncated)
            raise _refuse(name, MSG_INCOMPLETE) from None
        raise _refuse(name, MSG_DAMAGED, reason=str(exc)) from None
    try:
        count = len(doc)
        if count > max_pages:
            raise _refuse(name, MSG_TOO_MANY_PAGES, pages=count, limit=max_pages)
        attachments = []
        for index in range(doc.count_attachments()):
            att = doc.get_attachment(index)
            try:
                payload = att.get_data()
            except Exception:  # a broken attachment must not hide the printed invoice
                continue
            payload = bytes(payload)
            if len(payload) <= MAX_ATTACHMENT_BYTES:
                attachments.append(Attachment(att.get_name() or "", payload))
        if layout is None:
            layout = not any(a.name.lower().endswith(".xml") for a in attachments)
        builder = LayoutBuilder() if layout else None
        pages = []
        pictures = 0
        for index in range(count):
            try:
                page = doc[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as exc:  # a damaged page tree or content stream
                raise _refuse(name, MSG_DAMAGED, reason=f"page {index + 1}: {exc}") from None
            pages.append(_clean(textpage.get_text_range()))
            pictures += _is_scan(page, pages[-1])
            if builder is not None:
                builder.add_page(textpage, index, page.get_width(), page.get_height())
            textpage.close()
            page.close()
    finally:
        doc.close()
    # pictures of pages, and no page with more than a stamp's line of text (a blank sheet
    # scanned with them is no text page either)
    scanned = pictures > 0 and all(len("".join(p.split())) < SCAN_TEXT_CHARS for p in pages)
    if (scanned or sum(len(p.strip()) for p in pages) < MIN_TEXT_CHARS) and not attachments:
        raise _refuse(name, MSG_NO_TEXT)
    return PdfText(name, data, pages, attachments, builder.finish() if builder is not None else None, scanned)


def _is_scan(page, text: str) -> bool:
    """A page that is a picture: little text, and one image covering much of the page."""
    if len("".join(text.split())) >= SCAN_TEXT_CHARS:
        return False
    area = max(page.get_width() * page.get_height(), 1.0)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= SCAN_IMAGE_SHARE * area:
            return True
    return False


def text_document(text: str, name: str) -> PdfText:
    """A plain-text invoice (already extracted, or a .txt) in the same shape as a PDF's text."""
    return PdfText(name, b"", [_clean(p) for p in text.split("\f")])


def _clean(text: str) -> str:
    # pdfium marks hyphenation points and soft breaks with U+FFFE / U+0002; CRLF to LF.
    return (text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "")
            .replace("\x02", "").replace("\u00ad", ""))
