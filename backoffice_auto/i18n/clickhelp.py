"""Our commands' and options' help (`backoffice-auto COMMAND --help`) in the workspace language.

Why a walk over the command tree and not `N_` on every `help=`: a command's help is its
docstring, which gettext markers cannot wrap, and the job packages add their own commands
(`JobSpec.commands`). So the texts are looked up as they stand once the tree is built: each
help text with its whitespace folded (a docstring's line breaks and indentation are layout,
not words) is the msgid, kept in the `cli` domain of each language. The test walks the same
tree and requires a translation of every text in every language, so a new command or
option without one fails there, not in front of a Czech clerk.

`translate_help` changes the command objects in place: it is called once, by `cli.main`,
in the process that runs one command line (as `clickwords.install` changes click's words).
"""

from __future__ import annotations

import re
from typing import Iterator

import click

from backoffice_auto.i18n import normalize_language, translate

_PARAGRAPHS = re.compile(r"\n\s*\n")


def help_msgid(text: str) -> str:
    """The msgid of a help text: each paragraph's whitespace folded to single spaces, the
    paragraphs kept apart by one blank line; click's `\\f` (the rest is not help) cut off."""
    shown = text.partition("\f")[0]
    return "\n\n".join(" ".join(p.split()) for p in _PARAGRAPHS.split(shown.strip()) if p.strip())


def commands(root: click.Command) -> Iterator[click.Command]:
    """`root` and every command below it, depth first."""
    yield root
    if isinstance(root, click.Group):
        for sub in root.commands.values():
            yield from commands(sub)


def help_texts(root: click.Command) -> Iterator[str]:
    """The msgid of every help text under `root` (commands' help and short help, options' help)."""
    for command in commands(root):
        for text in (command.help, command.short_help):
            if text:
                yield help_msgid(text)
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                yield help_msgid(text)


def translate_help(root: click.Command, language: str | None) -> str:
    """Every help text under `root` in `language` (a text without a translation stays
    English); returns the language used."""
    lang = normalize_language(language)
    if lang == "en":
        return lang
    for command in commands(root):
        if command.help:
            command.help = translate(help_msgid(command.help), lang)
        if command.short_help:
            command.short_help = translate(help_msgid(command.short_help), lang)
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                param.help = translate(help_msgid(param.help), lang)
            if isinstance(param.type, click.Path) and param.type.name in PATH_NAMES:
                # named when the command was declared, before the language was known: 'File ... neexistuje'
                param.type.name = translate(param.type.name, lang)
    return lang


#: click.Path's own names for what it wants, in its messages ('File 'x.pdf' does not exist.').
PATH_NAMES = ("file", "directory", "path")
