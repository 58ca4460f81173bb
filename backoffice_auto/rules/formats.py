"""Text templates in rule files (`{period}`, `INV-{year}-{number:05d}`), checked when loaded.

A template is filled with Python's `str.format`, which can do far more than fill a name:
`{period.__class__.__mro__}` walks into Python internals, `{number:>1500000000}` asks for
1.5 GB, and a misspelt `{periode}` would only fail when the first timesheet is paid. So a
template from a rule file is parsed once at load: every placeholder must be one of the
names the rule may use (with "did you mean" for a typo), plain (no attribute, index or
conversion), and any width or precision small; then it is filled once with sample values
so a format that cannot apply (`{period:d}` on text) is refused too. `rules check` names
the file, line and column.
"""

from __future__ import annotations

import re
import string
from typing import Any, Mapping

from backoffice_auto.i18n import N_
from backoffice_auto.rules.problems import RuleValueError
from backoffice_auto.rules.suggest import closest

__all__ = ["MAX_TEMPLATE_WIDTH", "check_template"]

# Widest field a template may ask for: a payment reference is 140 characters at most.
MAX_TEMPLATE_WIDTH = 140
_NUMBERS = re.compile(r"\d+")


def check_template(value: str, samples: Mapping[str, Any]) -> str:
    """`value` when it is a safe template over the names of `samples`, else `RuleValueError`.

    `samples` maps each name the template may use to a typical value of its type.
    """
    names = ", ".join(f"{{{name}}}" for name in samples)
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as exc:
        raise RuleValueError(N_("'{template}' is not a valid template: {detail}"),
                             N_("a literal brace is written twice"), template=value, detail=str(exc)) from None
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if field == "" or field.isdigit():
            raise RuleValueError(N_("a placeholder in '{template}' has no name"),
                                 N_("use one of: {names}"), template=value, names=names)
        if not field.isidentifier():
            raise RuleValueError(N_("'{placeholder}' in '{template}' reaches into a value (with . or []); "
                                    "templates may only name values"),
                                 N_("use one of: {names}"), placeholder=f"{{{field}}}", template=value, names=names)
        if field not in samples:
            suggestion = closest(field, list(samples))
            raise RuleValueError(N_("unknown placeholder '{placeholder}'"),
                                 N_("did you mean '{suggestion}'?") if suggestion else N_("use one of: {names}"),
                                 placeholder=f"{{{field}}}", suggestion=f"{{{suggestion}}}", names=names)
        if conversion:
            raise RuleValueError(N_("'!{conversion}' in '{template}' is not allowed in a template"),
                                 N_("use one of: {names}"), conversion=conversion, template=value, names=names)
        if spec and ("{" in spec or "}" in spec):
            raise RuleValueError(N_("a placeholder inside another in '{template}' is not allowed"),
                                 template=value)
        widest = max((int(n) for n in _NUMBERS.findall(spec or "")), default=0)
        if widest > MAX_TEMPLATE_WIDTH:
            raise RuleValueError(N_("width {width} in '{template}' is over the limit of {limit}"),
                                 template=value, width=widest, limit=MAX_TEMPLATE_WIDTH)
    try:
        value.format(**samples)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise RuleValueError(N_("'{template}' cannot be filled in: {detail}"), template=value,
                             detail=str(exc)) from None
    return value
