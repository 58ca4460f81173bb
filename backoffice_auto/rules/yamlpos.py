"""YAML to plain Python data, keeping where every key and value was written.

Admins need `rules/orders.yaml:12:5`, not "somewhere in orders.yaml". PyYAML's composer
already knows each node's start mark, so we compose with `(C)SafeLoader` (only the safe
tags: exactly what `yaml.safe_load` accepts) and build the data ourselves, recording a
`Position` per key path: `("allocation", "order_by", 0)` -> where the key and its value
start. Lines and columns are 1-based, as editors show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from backoffice_auto.i18n import N_

Path_ = tuple[Any, ...]

# libyaml's parser when present (25x faster), with the same safe constructor and resolver:
# the data is exactly what yaml.safe_load gives.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A rule file is a few hundred values. Aliases are copied where they are used (each copy has
# its own positions), so six levels of `&a [*b, *b, ...]` would be billions of values: the
# values built from one file are bounded and the file refused beyond the bound.
MAX_VALUES = 100_000

MERGE_TAG = "tag:yaml.org,2002:merge"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass(frozen=True)
class Position:
    """Where one key path sits: the key (None for list items and the root) and its value.

    `style` is the value's scalar style (None for plain, `'` or `"` quoted, `|` or `>`
    block, `{`/`[` for collections) so that a column inside an expression can be mapped
    onto the file.
    """

    file: str
    key: Mark | None
    value: Mark
    style: str | None = None

    @property
    def best(self) -> Mark:
        return self.key or self.value


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading YAML (syntax, duplicate key): English msgid + params."""

    file: str
    line: int
    col: int
    message: str
    params: dict
    hint: str | None = None
    hint_params: dict | None = None


@dataclass
class YamlDoc:
    data: Any
    positions: dict[Path_, Position]
    problems: list[YamlProblem]


def _mark(m) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _style(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return node.style or None
    return "{" if getattr(node, "flow_style", False) and isinstance(node, MappingNode) else (
        "[" if getattr(node, "flow_style", False) else None)


class _TooManyValues(Exception):
    """Raised by the builder when a file (through its aliases) makes more than MAX_VALUES values."""

    def __init__(self, node: Node):
        self.node = node


#: A scalar PyYAML could not make a value of (reported at its place); its key is left out.
_UNREAD = object()


class _Builder:
    def __init__(self, loader, file: str):
        self.loader = loader
        self.file = file
        self.positions: dict[Path_, Position] = {}
        self.problems: list[YamlProblem] = []
        self._active: set[int] = set()  # node ids on the current path (recursive aliases)
        self._budget = MAX_VALUES

    def problem(self, node: Node, message: str, **params) -> None:
        m = _mark(node.start_mark)
        self.problems.append(YamlProblem(self.file, m.line, m.col, message, params))

    def build(self, node: Node, path: Path_, key_node: Node | None) -> Any:
        self._budget -= 1
        if self._budget < 0:
            raise _TooManyValues(node)
        self.positions[path] = Position(
            self.file, _mark(key_node.start_mark) if key_node is not None else None,
            _mark(node.start_mark), _style(node))
        if id(node) in self._active:
            self.problem(node, N_("a YAML alias refers to itself"))
            return None
        if isinstance(node, ScalarNode) or node.tag not in (SEQ_TAG, MAP_TAG):
            # Scalars, and collections with another tag (!!set, !!omap; anything else is
            # refused by the safe constructor exactly as yaml.safe_load refuses it).
            return self.construct(node)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                items = [self.build(item, path + (i,), None) for i, item in enumerate(node.value)]
                return [item for item in items if item is not _UNREAD]
            if isinstance(node, MappingNode):
                return self.build_mapping(node, path)
        finally:
            self._active.discard(id(node))
        # Unknown node kinds cannot come out of the safe composer; be explicit anyway.
        self.problem(node, N_("unsupported YAML node"))
        return None

    def construct(self, node: Node) -> Any:
        """PyYAML's value of a scalar; a number too long for Python to read (`10**5000` typed out:
        int() refuses more than 4300 digits with a ValueError) is a problem at its place, not a crash."""
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            digits = sum(ch.isdigit() for ch in str(getattr(node, "value", "")))
            self.problem(node, N_("a number of {digits} digits; no rule value needs more than a few, write "
                                  "it shorter"), digits=digits)
            return _UNREAD

    def build_mapping(self, node: MappingNode, path: Path_) -> dict:
        out: dict = {}
        seen: dict[Any, Node] = {}
        merged: list[MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                # `<<: *defaults` as in safe_load: merged keys, the mapping's own keys win.
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in sources:
                    if isinstance(src, MappingNode):
                        merged.append(src)
                    else:
                        self.problem(src, N_("'<<' must merge a mapping"))
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, N_("a key must be a plain name, not a list or mapping"))
                continue
            key = self.construct(key_node)
            if key in seen:
                first = _mark(seen[key].start_mark)
                self.problem(key_node, N_("key '{key}' appears twice (first on line {first_line})"),
                             key=str(key), first_line=first.line)
                continue
            seen[key] = key_node
            value = self.build(value_node, path + (key,), key_node)
            if key is not _UNREAD and value is not _UNREAD:  # told already: not told again as a wrong type
                out[key] = value
        for src in merged:
            for key_node, value_node in src.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == MERGE_TAG:
                    continue
                key = self.construct(key_node)
                if key is not _UNREAD and key not in out:
                    value = self.build(value_node, path + (key,), key_node)
                    if value is not _UNREAD:
                        out[key] = value
        return out


def load_yaml(text: str, file: str) -> YamlDoc:
    """Parse one YAML document; never raises on bad input (problems are returned).

    `file` is the name used in positions and problems (e.g. `rules/orders.yaml`).
    An empty document gives `data=None`.
    """
    return _load(text, file, SAFE_LOADER)


#: PyYAML's words for the mistakes people make editing a rule file, said as the admin would
#: understand them (and translated); any other problem keeps PyYAML's English words. A third
#: item True names where the bracket or quote was opened rather than where PyYAML noticed.
_SYNTAX = (
    (re.compile(r"found character '\\t' that cannot start any token"),
     N_("YAML syntax error: a tab character; indent with spaces, not tabs")),
    (re.compile(r"found character '(?P<char>.{1,4})' that cannot start any token"),
     N_("YAML syntax error: a value cannot start with {char}; put the value in quotes")),
    (re.compile(r"expected the node content, but found '(?P<char>.{1,4})'"),
     N_("YAML syntax error: a value cannot start with {char}; put the value in quotes")),
    (re.compile(r"could not determine a constructor for the tag '(?P<char>[^']{1,40})'"),
     N_("YAML syntax error: a value cannot start with {char}; put the value in quotes")),
    (re.compile(r"mapping values are not allowed here"),
     N_("YAML syntax error: a colon and a space (': ') inside a value, or a key not on its own line; "
        "put the value in quotes")),
    (re.compile(r"could not find expected ':'"),
     N_("YAML syntax error: a key without its colon ('key: value')"), True),
    (re.compile(r"expected ',' or '\]', but got"),
     N_("YAML syntax error: a list in square brackets [ ] is not closed"), True),
    (re.compile(r"expected ',' or '\}', but got"),
     N_("YAML syntax error: a mapping in braces { } is not closed"), True),
    (re.compile(r"expected <block end>, but found"),
     N_("YAML syntax error: this line is indented differently from the lines above it")),
    (re.compile(r"expected alphabetic or numeric character, but found"),
     N_("YAML syntax error: a value that starts with * or & must be in quotes, such as '*.tmp'")),
    (re.compile(r"found undefined alias '(?P<name>[^']{1,60})'"),
     N_("YAML syntax error: *{name} names no anchor &{name} above it; a value that starts with * must "
        "be in quotes")),
    (re.compile(r"found unknown escape character '(?P<char>.{1,4})'"),
     N_("YAML syntax error: \\{char} is not allowed in double quotes; write patterns in single quotes, "
        "such as '\\d+'")),
    (re.compile(r"found unexpected end of stream"),
     N_("YAML syntax error: a quotation mark opened here is not closed"), True),
    (re.compile(r"but found another document"),
     N_("YAML syntax error: a rule file holds one document; remove the '---' line")),
    (re.compile(r"found duplicate anchor '(?P<name>[^']{1,60})'"),
     N_("YAML syntax error: the anchor &{name} is set twice; give each anchor its own name")),
    (re.compile(r"expected chomping or indentation indicators"),
     N_("YAML syntax error: after | or > only a digit, - or + may follow on that line; start the text on the "
        "next line, indented")),
    (re.compile(r"YAML directive|found unknown directive|TAG directive"),
     N_("YAML syntax error: a line starting with % is a YAML directive; remove it, or put the value in quotes")),
    (re.compile(r"expected escape sequence of"),
     N_("YAML syntax error: a backslash escape in double quotes is not complete; write patterns in single "
        "quotes, such as '\\d+'")),
    (re.compile(r"failed to decode base64 data"),
     N_("YAML syntax error: a value cannot start with {char}; put the value in quotes"), False, {"char": "!!binary"}),
)


def _syntax_problem(file: str, exc: yaml.YAMLError) -> YamlDoc:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        detail = (exc.problem or exc.context or "").strip()
        message, params = N_("YAML syntax error: {detail}"), {"detail": detail}
        words = f"{exc.problem or ''} {exc.context or ''}"  # a duplicate anchor is named in the context
        for pattern, said, *extra in _SYNTAX:
            found = pattern.search(words)
            if found:
                message, params = said, {**found.groupdict(), **(extra[1] if len(extra) > 1 else {})}
                if extra and extra[0] and exc.context_mark is not None:
                    mark = exc.context_mark
                break
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return YamlDoc(None, {}, [YamlProblem(
            file, line, col, message, params,
            N_("check the indentation and quoting on this line or the line above"), {})])
    return YamlDoc(None, {}, [YamlProblem(
        file, 1, 1, N_("YAML syntax error: {detail}"), {"detail": str(exc)})])


def _load(text: str, file: str, loader_class) -> YamlDoc:
    try:
        loader = loader_class(text)  # the reader refuses control characters right here
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return YamlDoc(None, {}, [YamlProblem(
            file, line, col, N_("YAML syntax error: the character U+{code} cannot be in a rule file (most editors "
                                "do not show it); delete it"),
            {"code": f"{exc.character:04X}" if isinstance(exc.character, int) else str(exc.character)[:8]}, None, {})])
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDoc(None, {(): Position(file, None, Mark(1, 1))}, [])
            builder = _Builder(loader, file)
            try:
                data = builder.build(node, (), None)  # may refuse a tag, e.g. `!!python/object`
                data = None if data is _UNREAD else data
            except _TooManyValues as exc:
                # Name the top-level entry being built (the alias's use), not the anchor.
                last = next(reversed(builder.positions), ())
                top = builder.positions.get(last[:1]) if last else None
                m = top.best if top is not None else _mark(exc.node.start_mark)
                return YamlDoc(None, {(): Position(file, None, Mark(1, 1))}, [YamlProblem(
                    file, m.line, m.col, N_("this file makes more than {limit} values (YAML aliases are copied "
                                            "wherever they are used); it was not read"), {"limit": MAX_VALUES},
                    N_("write the values out, or use fewer and smaller aliases"), {})])
            return YamlDoc(data, builder.positions, builder.problems)
        except RecursionError:
            return YamlDoc(None, {(): Position(file, None, Mark(1, 1))}, [YamlProblem(
                file, 1, 1, N_("values are nested too deeply (lists or mappings inside each other thousands of "
                               "times); the file was not read"), {})])
        except yaml.YAMLError as exc:
            if loader_class is yaml.SafeLoader:
                return _syntax_problem(file, exc)
    finally:
        loader.dispose()
    # Only reached after libyaml refused the text. Errors are rare: the pure-Python
    # parser's messages are clearer and do not depend on the libyaml version, so the file
    # is read once more with it to report the problem.
    return _load(text, file, yaml.SafeLoader)
