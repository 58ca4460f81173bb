"""`backoffice-auto invoices extract|explain PDF`: read an invoice without touching the books.

`extract` prints the DESIGN.md JSON (`--json`) or a short summary on stderr; `--no-embedded`
ignores an attached e-invoice XML so the text reading can be compared with it. `explain`
shows the text as read, every template tried and why it matched or not, and the fields
still missing: what an integrator needs to write or fix a template.

Templates come from the workspace's `rules/invoices/templates/` (`-w`, default the current
folder), and our own company from its `rules/settings.yaml`, so the command reads a PDF as
the job would (our name, VAT id or account never shown as the supplier's). Exit codes: 0 read, 1 refused (the reason on stderr), 2 a bad template.
A refusal under `--json` is still one JSON document on stdout, as `process --json` gives one:
`{file, status: "refused", messages: [{level, text, where}]}` (a script read nothing before).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_, translate

EXIT_OK, EXIT_REFUSED, EXIT_CONFIG = 0, 1, 2

MSG_REFUSED = N_("{file}: refused: {reason}")
MSG_BAD_TEMPLATE = N_("invalid invoice template {detail}")
MSG_NO_TEMPLATES = N_("no templates (rules/invoices/templates/ is empty or absent)")
MSG_TEMPLATE_USED = N_("template used: {name}")
MSG_NO_TEMPLATE = N_("no template matched; read without a template")
MSG_MISSING = N_("fields not found: {fields}")
MSG_NOTHING_MISSING = N_("every field was found")
MSG_EMBEDDED_USED = N_("embedded e-invoice XML used: {name}")
# The pipeline's words for what is no file to read, or too big to read.
MSG_NOT_REGULAR = N_("this is not a regular file; it was not read.")
MSG_TOO_BIG = N_("file is {size_mb} MB, over the limit of {limit_mb} MB")

workspace_option = click.option(
    "-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The workspace folder (templates from its rules/invoices/templates/).")
lang_option = click.option("--lang", "language", default=None,
                           help="Language of the messages (en, cs, pl, es, fr); default: the workspace's.")


def _err(text: str) -> None:
    click.echo(text, err=True)


def _templates(workspace_dir: Path, language: str):
    from backoffice_auto.invoices.extract.templates import load_templates

    try:
        return load_templates(Path(workspace_dir) / "rules" / "invoices" / "templates")
    except ValueError as exc:
        _err(translate(MSG_BAD_TEMPLATE, language, detail=str(exc)))
        sys.exit(EXIT_CONFIG)


def _settings(workspace_dir: Path):
    """The workspace's settings when its rules are valid, else None (the command also reads
    PDFs outside a workspace)."""
    from backoffice_auto.rules.loader import load_rules

    rules_dir = Path(workspace_dir) / "rules"
    if not rules_dir.is_dir():
        return None
    loaded = load_rules(rules_dir).rules
    return loaded.settings if loaded is not None else None


def _language(workspace_dir: Path, language: str | None) -> str:
    """`--lang` when given, else the workspace's language (a Czech office reads Czech), else English."""
    from backoffice_auto.i18n import normalize_language

    if language:
        return normalize_language(language)
    settings = _settings(workspace_dir)
    return normalize_language(settings.language) if settings is not None else "en"


def _pdf_bytes(pdf: Path, workspace_dir: Path) -> bytes:
    """The PDF's bytes (`Refusal` otherwise): only from a regular file, and never more than the workspace's
    `limits.max_file_mb` (the job's bound). `invoices explain /dev/zero` read for ever, and a
    pipe would have blocked the open; a file of gigabytes was read whole into memory."""
    import os
    import stat

    from backoffice_auto.rules.settings_model import Limits

    settings = _settings(workspace_dir)
    limit_mb = settings.limits.max_file_mb if settings is not None else Limits().max_file_mb
    found = os.stat(pdf)
    if not stat.S_ISREG(found.st_mode):
        raise Refusal([Problem(MSG_NOT_REGULAR, Source(pdf.name))])
    with open(pdf, "rb") as handle:
        data = handle.read(limit_mb * 1024 * 1024 + 1)
    if len(data) > limit_mb * 1024 * 1024:
        raise Refusal([Problem(MSG_TOO_BIG, Source(pdf.name), {
            "size_mb": round(max(found.st_size, len(data)) / 1024 / 1024, 1), "limit_mb": limit_mb})])
    return data


def _own(workspace_dir: Path):
    """Our company from the workspace's `rules/settings.yaml`, as the job reads it, so that
    the command never shows our own name, VAT id or account as the supplier's; nobody
    when the folder has no valid rules."""
    from backoffice_auto.invoices.extract.own_party import NOBODY, OwnParty

    settings = _settings(workspace_dir)
    return OwnParty.of(settings.company) if settings is not None else NOBODY


def _words(names, language: str) -> str:
    """Field names as the clerk reads them ("Datum vystavení", not issue_date)."""
    from backoffice_auto.invoices.fieldwords import FIELD_WORDS

    return ", ".join(translate(FIELD_WORDS[n], language) if n in FIELD_WORDS else n for n in names)


def _refused(path: Path, refusal: Refusal, language: str, as_json: bool = False) -> None:
    reason = "; ".join(p.text(language) for p in refusal.problems) or "refused"
    _err(translate(MSG_REFUSED, language, file=path.name, reason=reason))
    if as_json:
        from backoffice_auto.cli import emit_json

        emit_json({"file": path.name, "status": "refused", "messages": [p.as_json(language) for p in refusal.problems]})
    sys.exit(EXIT_REFUSED)


@click.group("invoices")
def invoices_group() -> None:
    """Supplier invoices: read one PDF (no change to the books)."""


@invoices_group.command("extract")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extracted invoice as JSON on stdout.")
@click.option("--no-embedded", is_flag=True, help="Ignore an embedded e-invoice XML; read the text.")
@click.option("--max-pages", default=200, show_default=True, type=click.IntRange(1, 100000),
              help="A PDF with more pages is refused.")
@workspace_option
@lang_option
def extract_command(pdf: Path, as_json: bool, no_embedded: bool, max_pages: int, workspace_dir: Path,
                    language: str | None) -> None:
    """Read PDF: embedded XML, else a supplier template, else the template-free reader."""
    from backoffice_auto.invoices.extract.read import extract_invoice

    language = _language(workspace_dir, language)
    templates = _templates(workspace_dir, language)
    try:
        invoice = extract_invoice(_pdf_bytes(pdf, workspace_dir), pdf.name, templates=templates,
                                  use_embedded=not no_embedded, max_pages=max_pages, own=_own(workspace_dir))
    except Refusal as refusal:
        _refused(pdf, refusal, language, as_json)
        return
    document = invoice.to_json()
    if as_json:
        from backoffice_auto.cli import emit_json

        emit_json(document)
    else:
        _summary(document, language)
    sys.exit(EXIT_OK)


def _summary(doc: dict, language: str) -> None:
    supplier = doc["supplier"]
    conf = doc["confidence"]
    rows = [("source", doc["source"]), ("supplier.name", supplier["name"]),
            ("supplier.vat_id", supplier["vat_id"]), ("supplier.iban", supplier["iban"]),
            ("invoice_number", doc["invoice_number"]), ("issue_date", doc["issue_date"]),
            ("due_date", doc["due_date"]), ("currency", doc["currency"]), ("net", doc["net"]),
            ("tax", doc["tax"]), ("total", doc["total"]), ("po_number", doc["po_number"]),
            ("document_type", doc["document_type"])]
    for key, value in rows:
        mark = f"  ({conf[key]:.2f})" if key in conf else ""
        _err(f"{key:16} {'' if value is None else value}{mark}")
    for line in doc["lines"]:
        _err(f"  - {line['description']!s:50.50} {line['quantity'] or ''} x {line['unit_price'] or ''}"
             f" = {line['amount'] or ''}")
    for note in doc["notes"]:
        _err(f"note: {translate(note, language)}")


@invoices_group.command("explain")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-embedded", is_flag=True, help="Ignore an embedded e-invoice XML; read the text.")
@workspace_option
@lang_option
def explain_command(pdf: Path, no_embedded: bool, workspace_dir: Path, language: str | None) -> None:
    """Show the text as read, each template tried (and why), and the fields missing."""
    from backoffice_auto.invoices.extract.read import explain_invoice

    language = _language(workspace_dir, language)
    templates = _templates(workspace_dir, language)
    try:
        explanation = explain_invoice(_pdf_bytes(pdf, workspace_dir), pdf.name, templates=templates,
                                      use_embedded=not no_embedded, own=_own(workspace_dir))
    except Refusal as refusal:
        _refused(pdf, refusal, language)
        return
    _err("=" * 30 + " text " + "=" * 30)
    _err(explanation.text.replace("\f", "\n" + "-" * 24 + " page break " + "-" * 24 + "\n").rstrip())
    _err("=" * 30 + " templates " + "=" * 25)
    if explanation.embedded and explanation.invoice.source == "embedded-xml":
        _err(translate(MSG_EMBEDDED_USED, language, name=explanation.embedded))
    if not templates:
        _err(translate(MSG_NO_TEMPLATES, language))
    for trial in explanation.trials:
        _err(f"{'MATCH' if trial.matched else 'no   '}  {trial.name}: {trial.reason}")
    source = explanation.invoice.source
    if source.startswith("template:"):
        _err(translate(MSG_TEMPLATE_USED, language, name=source.split(":", 1)[1]))
        if explanation.template_missing:
            _err(translate(MSG_MISSING, language, fields=_words(explanation.template_missing, language))
                 + " (template)")
    elif source == "generic":
        _err(translate(MSG_NO_TEMPLATE, language))
    _err("=" * 30 + " result " + "=" * 28)
    _summary(explanation.invoice.to_json(), language)
    missing = explanation.missing
    _err(translate(MSG_MISSING, language, fields=_words(missing, language)) if missing
         else translate(MSG_NOTHING_MISSING, language))
    sys.exit(EXIT_OK)
