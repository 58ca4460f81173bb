"""Finding every user-facing msgid in the package source, and the ones still untranslated.

Why our own extractor instead of `pybabel extract`: we also need `Problem("...")` and
`Problem(message="...")` literals (Problem translates lazily, so a message there need not be
wrapped in `N_`), we want `file:line` for every use, and we want to flag f-strings, which
can never match a catalog entry. It reads the source with `ast` only; nothing is imported.

    python -m backoffice_auto.i18n.extract            # untranslated msgids, file:line and languages
    python -m backoffice_auto.i18n.extract --po cs    # .po entries to paste into your domain file
    python -m backoffice_auto.i18n.extract --all      # every msgid found
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from backoffice_auto.i18n.catalogs import CatalogSet, Entry

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TARGET_LANGUAGES = ("cs", "pl", "es", "fr")

#: Calls whose first argument is a msgid.
SINGLE = frozenset({"N_", "_", "translate"})
#: Calls whose first two arguments are a singular and a plural msgid.
PLURAL = frozenset({"ntranslate", "NP_"})
#: Constructors whose `message` (first positional or keyword) is a msgid.
MESSAGE_CLASSES = frozenset({"Problem"})


@dataclass(frozen=True)
class Msgid:
    """One use of a msgid in the source."""

    msgid: str
    plural: str | None
    path: Path
    line: int

    def where(self, base: Path | None = None) -> str:
        path = self.path
        if base is not None:
            try:
                path = path.relative_to(base)
            except ValueError:
                pass
        return f"{path}:{self.line}"


@dataclass(frozen=True)
class BadUse:
    """A msgid that cannot be extracted (an f-string): it could never be translated."""

    path: Path
    line: int
    reason: str


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _first_param(args: ast.arguments) -> str | None:
    params = args.posonlyargs + args.args
    return params[0].arg if params else None


Candidate = tuple[str, str | None, frozenset[tuple[str, str]]]


def _calls_with_name_arg(node: ast.AST) -> frozenset[tuple[str, str]]:
    """(callee, first argument) for every call in `node` whose first argument is a bare name."""
    out = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and sub.args and isinstance(sub.args[0], ast.Name):
            name = _call_name(sub)
            if name:
                out.add((name, sub.args[0].id))
    return frozenset(out)


def wrapper_candidates(tree: ast.AST) -> list[Candidate]:
    """Every function and named lambda of a module: (name, first parameter, calls passing a name)."""
    out: list[Candidate] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append((node.name, _first_param(node.args),
                        frozenset().union(*(_calls_with_name_arg(b) for b in node.body))))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) \
                and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out.append((node.targets[0].id, _first_param(node.value.args),
                        _calls_with_name_arg(node.value.body)))
    return out


def local_wrappers(tree: ast.AST, known: set[str],
                   candidates: list[Candidate] | None = None) -> set[str]:
    """Names of functions and lambdas in a module that pass their first parameter to a
    translator (`t = lambda m: translate(m, lang)`, `def _t(msgid, lang): ...translate(msgid...`).

    Their literal first arguments are msgids too. Repeated until nothing new is found, so a
    wrapper of a wrapper counts.
    """
    if candidates is None:
        candidates = wrapper_candidates(tree)
    translators = set(known)
    found: set[str] = set()
    while True:
        before = len(found)
        for name, param, calls in candidates:
            if name not in translators and param is not None and any(
                    callee in translators and arg == param for callee, arg in calls):
                found.add(name)
        translators |= found
        if len(found) == before:
            return found


def extract_source(source: str, path: Path, wrappers: Iterable[str] = (), *,
                   tree: ast.AST | None = None,
                   candidates: list[Candidate] | None = None) -> tuple[list[Msgid], list[BadUse]]:
    """Msgids used in one module's source text (and f-strings used where a msgid belongs).

    `wrappers` are extra translator names in scope (imported from other modules); wrappers
    defined in this module are found here.
    """
    if tree is None:
        tree = ast.parse(source, filename=str(path))
    single = set(SINGLE) | set(wrappers)
    single |= local_wrappers(tree, single | PLURAL, candidates)
    found: list[Msgid] = []
    bad: list[BadUse] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        candidates: list[ast.AST | None] = []
        plural_node = None
        if name in single or name in PLURAL:
            candidates = [node.args[0] if node.args else None]
            if name in PLURAL:
                plural_node = node.args[1] if len(node.args) > 1 else None
        elif name in MESSAGE_CLASSES:
            if node.args:
                candidates = [node.args[0]]
            candidates += [kw.value for kw in node.keywords if kw.arg == "message"]
        for arg in candidates:
            text = _literal(arg)
            if text is not None:
                plural = _literal(plural_node) if plural_node is not None else None
                found.append(Msgid(text, plural, path, arg.lineno))
            elif isinstance(arg, ast.JoinedStr):
                bad.append(BadUse(path, arg.lineno,
                                  f"f-string passed to {name}(): use a msgid with {{named}} "
                                  "placeholders and pass the values as params"))
    return found, bad


def python_files(root: Path = PACKAGE_DIR) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path


def _module_name(path: Path) -> str:
    try:
        rel = path.resolve().relative_to(PACKAGE_DIR.parent)
    except ValueError:
        return path.stem
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_wrappers(tree: ast.AST, module: str, wrappers: dict[str, set[str]]) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            source = node.module
            if node.level:  # relative import
                base = module.split(".")[: -node.level] if node.level else []
                source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                if alias.name in wrappers.get(source, ()):
                    names.add(alias.asname or alias.name)
    return names


def extract(root: Path = PACKAGE_DIR) -> tuple[list[Msgid], list[BadUse]]:
    """Every msgid used under `root`, in file order; plus unextractable uses.

    Two passes: first the translator wrappers each module defines, then the msgids, with
    wrappers imported by name (`from x.labels import t`) counted as translators too.
    """
    sources = {path: path.read_text(encoding="utf-8") for path in python_files(root)}
    trees = {path: ast.parse(text, filename=str(path)) for path, text in sources.items()}
    candidates = {path: wrapper_candidates(tree) for path, tree in trees.items()}
    wrappers = {_module_name(path): local_wrappers(tree, set(SINGLE) | PLURAL, candidates[path])
                for path, tree in trees.items()}
    found: list[Msgid] = []
    bad: list[BadUse] = []
    for path, text in sources.items():
        imported = _imported_wrappers(trees[path], _module_name(path), wrappers)
        more, worse = extract_source(text, path, imported, tree=trees[path],
                                     candidates=candidates[path])
        found += sorted(more, key=lambda m: m.line)
        bad += worse
    return found, bad


def missing_languages(use: Msgid, catalogs: CatalogSet,
                      languages: Iterable[str] = TARGET_LANGUAGES) -> list[str]:
    """Languages in which `use` has no usable translation (missing, empty or fuzzy)."""
    out = []
    for language in languages:
        entry = catalogs.index.get(use.msgid, {}).get(language)
        if entry is None or (use.plural is not None and entry.msgid_plural is None):
            out.append(language)
    return out


def placeholder_names(text: str) -> set[str]:
    """Names of `{placeholders}` in a str.format template; ValueError when braces are broken."""
    names = set()
    for _literal_text, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".", 1)[0].split("[", 1)[0])
    return names


def entry_problems(entry: Entry, nplurals: int | None = None) -> list[str]:
    """What is wrong with one translated catalog entry: placeholders, braces, plural forms."""
    if not entry.translated:
        return []
    where = f"{entry.path}:{entry.lineno}"
    try:
        expected = placeholder_names(entry.msgid)
        if entry.msgid_plural is not None:
            expected_any = expected | placeholder_names(entry.msgid_plural)
        else:
            expected_any = expected
    except ValueError as exc:
        return [f"{where}: msgid {entry.msgid!r} has broken braces ({exc})"]
    problems = []
    if entry.msgid_plural is not None and nplurals is not None and len(entry.strings) != nplurals:
        problems.append(f"{where}: {entry.language} needs {nplurals} plural forms, "
                        f"got {len(entry.strings)} for {entry.msgid!r}")
    for form in entry.strings:
        try:
            got = placeholder_names(form)
        except ValueError as exc:
            problems.append(f"{where}: translation {form!r} has broken braces ({exc})")
            continue
        # In a plural form the count may be spelt out ("jeden řádek"), so {n} may be absent.
        required = expected - {"n"} if entry.msgid_plural is not None else expected
        lacking = required - got
        extra = got - expected_any
        if lacking:
            problems.append(f"{where}: {entry.language} translation of {entry.msgid!r} lacks "
                            + ", ".join("{%s}" % n for n in sorted(lacking)))
        if extra:
            problems.append(f"{where}: {entry.language} translation of {entry.msgid!r} has "
                            "unknown " + ", ".join("{%s}" % n for n in sorted(extra)))
    return problems


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def po_snippet(uses: Iterable[Msgid], base: Path) -> str:
    """Untranslated `.po` entries (with `#:` locations) for a translator to fill in."""
    grouped: dict[tuple[str, str | None], list[Msgid]] = {}
    for use in uses:
        grouped.setdefault((use.msgid, use.plural), []).append(use)
    chunks = []
    for (msgid, plural), where in grouped.items():
        lines = ["#: " + " ".join(u.where(base) for u in where), "msgid " + _po_quote(msgid)]
        if plural is not None:
            lines += ["msgid_plural " + _po_quote(plural), 'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines.append('msgstr ""')
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + ("\n" if chunks else "")


def main(argv: list[str] | None = None) -> int:
    from backoffice_auto.i18n import catalogs as loaded

    parser = argparse.ArgumentParser(prog="python -m backoffice_auto.i18n.extract",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="list every msgid found")
    parser.add_argument("--po", metavar="LANG", help="print .po entries missing in LANG")
    parser.add_argument("--under", metavar="DIR", help="only source files under this folder")
    args = parser.parse_args(argv)

    root = Path(args.under).resolve() if args.under else PACKAGE_DIR
    uses, bad = extract(root)
    catalogs = loaded()
    base = PACKAGE_DIR.parent
    if args.all:
        for use in uses:
            print(f"{use.where(base)}: {use.msgid}")
        return 0
    if args.po:
        todo = [u for u in uses if args.po in missing_languages(u, catalogs, [args.po])]
        sys.stdout.write(po_snippet(todo, base))
        return 0
    status = 0
    for use in uses:
        lacking = missing_languages(use, catalogs)
        if lacking:
            status = 1
            print(f"{use.where(base)}: no {'/'.join(lacking)} translation for {use.msgid!r}")
    for item in bad:
        status = 1
        print(f"{item.path.relative_to(base)}:{item.line}: {item.reason}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
