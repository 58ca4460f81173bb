"""Supplier templates: a known layout read with the supplier's own patterns.

A template (rules/invoices/templates/<name>.yaml, model `InvoiceTemplate`) is chosen when
all its keywords and none of its exclude_keywords are found; among several, the highest
priority wins, then the one with more keywords (the more specific). Its field patterns run
on the layout text (visual lines, like `pdftotext -layout`) or the raw text, prepared as
its options say; numbers and dates are parsed with its decimal separator and date
formats. Fields the template does not name are filled by the template-free reader, so a
template only needs the fields that reader gets wrong.

Every decision is recorded in `TemplateTrial`s for `invoices explain`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Mapping

import yaml

from backoffice_auto.invoices.extract.layout import Layout, Line
from backoffice_auto.invoices.extract.model import ExtractedInvoice, InvoiceLine, SupplierInfo
from backoffice_auto.invoices.rules_model import InvoiceTemplate, TemplateArea, TemplateField
from backoffice_auto.invoices.extract.textnum import CURRENCY_SYMBOLS, parse_amount, parse_date
from backoffice_auto.rules.patterns import BoundedPattern, PatternTimeout, compile_pattern

AMOUNT_FIELDS = ("net", "tax", "total")
DATE_FIELDS = ("issue_date", "due_date")
TEMPLATE_CONFIDENCE = 0.95


@dataclass(frozen=True)
class TemplateTrial:
    name: str
    matched: bool
    reason: str  # why it matched or not, in English (for `invoices explain`)


def _compile(pattern: str) -> BoundedPattern:
    """A template's pattern: run with the `regex` package and a time bound (`PatternTimeout`)."""
    return compile_pattern(pattern)


def prepare(text: str, template: InvoiceTemplate) -> str:
    """The text as the template's options want it (accents, case, whitespace, replacements)."""
    opts = template.options
    if opts.remove_accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if opts.lowercase:
        text = text.lower()
    for pattern, replacement in opts.replace:
        text = _compile(pattern).sub(replacement.replace("\\", "\\\\"), text)
    if opts.remove_whitespace:
        text = re.sub(r"[ \t\u00a0]+", "", text)
    return text


def template_text(template: InvoiceTemplate, layout: Layout, raw: str) -> str:
    return prepare(layout.text() if template.options.text == "layout" else raw, template)


def trial(name: str, template: InvoiceTemplate, text: str) -> TemplateTrial:
    """Whether `template` applies to `text`, and why (or why not)."""
    missing = [k for k in template.keywords if not _compile(k).search(text)]
    if missing:
        return TemplateTrial(name, False, f"keyword not found: {missing[0]!r}")
    excluded = [k for k in template.exclude_keywords if _compile(k).search(text)]
    if excluded:
        return TemplateTrial(name, False, f"excluded by keyword {excluded[0]!r}")
    return TemplateTrial(name, True, f"all {len(template.keywords)} keyword(s) found "
                                     f"(priority {template.priority})")


def choose(templates: Mapping[str, InvoiceTemplate], layout: Layout, raw: str
           ) -> tuple[str | None, list[TemplateTrial]]:
    """The template to use (or None) and the trial of every template, best first."""
    trials: list[tuple[tuple, TemplateTrial]] = []
    texts: dict[tuple, str] = {}
    for name in sorted(templates):
        template = templates[name]
        opts = template.options
        key = (opts.text, opts.remove_accents, opts.lowercase, opts.replace, opts.remove_whitespace)
        try:
            if key not in texts:
                texts[key] = template_text(template, layout, raw)
            result = trial(name, template, texts[key])
        except PatternTimeout as exc:
            exc.template = name
            raise
        trials.append(((not result.matched, -template.priority, -len(template.keywords), name), result))
    trials.sort(key=lambda t: t[0])
    ordered = [t for _k, t in trials]
    chosen = next((t.name for t in ordered if t.matched), None)
    return chosen, ordered


def _area_lines(layout: Layout, area: TemplateArea) -> list[Line]:
    pages = len(layout.page_sizes) or (layout.lines[-1].page + 1 if layout.lines else 0)
    wanted = None
    if area.page is not None:
        wanted = area.page - 1 if area.page > 0 else pages + area.page
    out = []
    for line in layout.lines:
        if wanted is not None and line.page != wanted:
            continue
        if line.page < len(layout.page_sizes):
            width, height = layout.page_sizes[line.page]
        else:  # a text document: no page box, the area is ignored but for the page
            out.append(line)
            continue
        top, bottom = height * area.top / 100, height * area.bottom / 100
        left, right = width * area.left / 100, width * area.right / 100
        if line.top < top or line.bottom > bottom:
            continue
        words = tuple(w for w in line.words if w.x0 >= left and w.x1 <= right)
        if words:
            out.append(Line(words, line.page, line.index))
    return out


def _values(rule: str | TemplateField, text: str) -> list[str]:
    pattern = rule if isinstance(rule, str) else rule.pattern
    out = []
    for m in _compile(pattern).finditer(text):
        if "value" in m.re.groupindex:
            value = m.group("value")
        elif m.re.groups:
            value = next((g for g in m.groups() if g is not None), None)
        else:
            value = m.group(0)
        if value is not None and value.strip():
            out.append(value.strip())
    return out


def _select(rule: str | TemplateField, values: list):
    how = "first" if isinstance(rule, str) else rule.select
    values = [v for v in values if v is not None]
    if not values:
        return None
    if how == "last":
        return values[-1]
    if how == "max":
        return max(values)
    if how == "min":
        return min(values)
    if how == "sum":
        return sum(values, Decimal(0)) if isinstance(values[0], Decimal) else values[0]
    return values[0]


def parse_field(name: str, raw: str, template: InvoiceTemplate):
    """One captured text as the field's type (Decimal, date, code or text), or None."""
    opts = template.options
    if name in AMOUNT_FIELDS:
        return parse_amount(raw, opts.decimal_separator)
    if name in DATE_FIELDS:
        order = "mdy" if opts.date_order == "mdy" else "dmy"
        return parse_date(raw, order, list(opts.date_formats))
    if name == "currency":
        code = CURRENCY_SYMBOLS.get(raw.strip(), raw.strip().upper())
        return code if re.fullmatch(r"[A-Z]{3}", code) else None
    if name in ("vat_id", "buyer_vat_id", "iban"):
        return re.sub(r"[\s.-]", "", raw).upper() or None
    return " ".join(raw.split()) or None


def read_fields(template: InvoiceTemplate, layout: Layout, raw: str) -> tuple[dict, list[str]]:
    """Every field the template names: {field: value}, and the names it could not read."""
    base = template_text(template, layout, raw)
    found, missing = {}, []
    for name, rule in template.fields.items():
        text = base
        if isinstance(rule, TemplateField) and rule.area is not None:
            text = prepare(layout.text(_area_lines(layout, rule.area)), template)
        parsed = [parse_field(name, v, template) for v in _values(rule, text)]
        value = _select(rule, parsed)
        if value is None:
            missing.append(name)
        else:
            found[name] = value
    return found, missing


def read_lines(template: InvoiceTemplate, layout: Layout, raw: str) -> tuple[InvoiceLine, ...]:
    """Line items from every block between the template's `start` and `end` (one per page
    when the table continues), wrapped lines joined onto their item."""
    spec = template.lines
    if spec is None:
        return ()
    text = template_text(template, layout, raw)
    start_re, end_re = _compile(spec.start), _compile(spec.end)
    line_re = _compile(spec.line)
    cont_re = _compile(spec.continuation) if spec.continuation else None
    skips = [_compile(s) for s in spec.skip]
    items: list[dict] = []
    pos = 0
    while True:
        start = start_re.search(text, pos)
        if start is None:
            break
        end = end_re.search(text, start.end())
        block_end = end.start() if end else len(text)
        pending: list[str] = []
        current: dict | None = None
        for row in text[start.end():block_end].splitlines():
            if not row.strip() or any(s.search(row) for s in skips):
                continue
            m = line_re.search(row)
            if m:
                current = {k: v for k, v in m.groupdict().items() if v is not None}
                current["description"] = " ".join(current.get("description", "").split())
                if pending and spec.continuation_before:
                    current["description"] = spec.join.join(pending + [current["description"]]).strip()
                pending = []
                items.append(current)
                continue
            if cont_re is not None:
                c = cont_re.search(row)
                if c:
                    piece = c.groupdict().get("description") or (c.group(1) if c.re.groups else row)
                    piece = " ".join(piece.split())
                    if spec.continuation_before:
                        pending.append(piece)
                    elif current is not None:
                        current["description"] = spec.join.join([current["description"], piece]).strip()
        pos = block_end if end is None else end.end()
        if end is None:
            break
    dec = template.options.decimal_separator
    out = []
    for item in items:
        out.append(InvoiceLine(
            description=item.get("description", ""),
            quantity=parse_amount(item["quantity"], dec) if item.get("quantity") else None,
            unit_price=parse_amount(item["unit_price"], dec) if item.get("unit_price") else None,
            amount=parse_amount(item["amount"], dec) if item.get("amount") else None,
            tax_rate=parse_amount(item["tax_rate"].rstrip("% "), dec) if item.get("tax_rate") else None,
            sku=item.get("sku") or None,
        ))
    return tuple(out)


def known_fields(template: InvoiceTemplate, found: dict) -> set[str]:
    """What the template gives (so the template-free reader need not look for it)."""
    names = {"supplier_name": "supplier.name", "vat_id": "supplier.vat_id", "iban": "supplier.iban"}
    known = {names.get(k, k) for k in found} | {"supplier.name"}
    if template.static.vat_id:
        known.add("supplier.vat_id")
    if template.static.iban:
        known.add("supplier.iban")
    if template.static.currency or template.options.currency:
        known.add("currency")
    if template.lines is not None:
        known.add("lines")
    return known


def apply_template(name: str, template: InvoiceTemplate, layout: Layout, raw: str,
                   generic: ExtractedInvoice, fields: tuple[dict, list[str]] | None = None
                   ) -> tuple[ExtractedInvoice, list[str]]:
    """The template's reading laid over the generic one; returns it and the fields missed.
    `fields`: the result of `read_fields` when the caller has it already."""
    found, missing = fields if fields is not None else read_fields(template, layout, raw)
    confidence = dict(generic.confidence)
    for key in found:
        target = {"supplier_name": "supplier.name", "vat_id": "supplier.vat_id", "iban": "supplier.iban"}.get(key, key)
        confidence[target] = TEMPLATE_CONFIDENCE
    static = template.static
    supplier = SupplierInfo(
        name=found.get("supplier_name") or template.issuer,
        vat_id=found.get("vat_id") or static.vat_id or generic.supplier.vat_id,
        iban=found.get("iban") or static.iban or generic.supplier.iban,
    )
    confidence["supplier.name"] = TEMPLATE_CONFIDENCE
    if static.vat_id and "vat_id" not in found:
        confidence["supplier.vat_id"] = 0.9
    if static.iban and "iban" not in found:
        confidence["supplier.iban"] = 0.9
    currency = found.get("currency") or generic.currency or static.currency or template.options.currency
    if "currency" not in found and (static.currency or template.options.currency):
        currency = found.get("currency") or static.currency or template.options.currency
        confidence["currency"] = 0.9
    lines = read_lines(template, layout, raw) if template.lines else generic.lines
    values = {k: found[k] for k in ("invoice_number", "issue_date", "due_date", "net", "tax", "total",
                                    "po_number", "buyer_vat_id", "payment_terms") if k in found}
    result = replace(generic, source=f"template:{name}", supplier=supplier, currency=currency,
                     lines=lines, confidence=confidence, **values)
    if isinstance(result.total, Decimal) and result.total < 0:
        result = replace(result, document_type="credit_note")
    if result.document_type == "credit_note":
        signed = {k: -abs(getattr(result, k)) for k in AMOUNT_FIELDS if isinstance(getattr(result, k), Decimal)}
        result = replace(result, **signed)
    return result, missing


def load_templates(folder: Path) -> dict[str, InvoiceTemplate]:
    """Templates of a folder by file stem, validated (for the CLI; the service uses the rule
    loader, which also reports positions). A bad file raises ValueError naming it."""
    out: dict[str, InvoiceTemplate] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            out[path.stem] = InvoiceTemplate.model_validate(data)
        except Exception as exc:  # pydantic or YAML: say which file
            raise ValueError(f"{path.name}: {exc}") from None
    return out
