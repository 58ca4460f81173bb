"""Read a supplier invoice PDF: embedded e-invoice XML first, then templates, then generic.

(Work in progress: the signature is fixed so the bills engineer can build on it.)
"""

from __future__ import annotations

from typing import Mapping

from backoffice_auto.invoices.model import ExtractedInvoice


def extract_invoice(data: bytes, name: str, templates: Mapping[str, "object"] | None = None,
                    use_embedded: bool = True, max_pages: int = 200) -> ExtractedInvoice:
    """Read `data` (the PDF bytes of file `name`); raise `errors.Refusal` when unreadable."""
    raise NotImplementedError
