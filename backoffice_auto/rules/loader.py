"""Load the workspace's rule files: YAML with positions, includes, strict models.

The order, written down once (docs/rules.md "general"):

1. every `*.yaml`/`*.yml` under `rules/` is read once and hashed (path and bytes, sorted
   by path): that hash is what a job records as the rules it ran under;
2. each file named in `rules/registry.py` (exact names first, then glob entries) is
   parsed; its top-level `include:` files are loaded first, in the order listed, each
   merged over the previous one, and the file's own keys are merged last (mappings merge
   key by key, anything else is replaced: the including file wins);
3. the merged data is validated by the file's model; every pydantic error is mapped
   back to `file:line:col` of the key or value, in whichever file wrote it;
4. any other YAML file under `rules/` that no file includes is an unknown rule file.

All problems of all files are collected (never only the first). With any problem, no
`Rules` object is made: the caller keeps the last good one (`LiveRules`).
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from backoffice_auto.i18n import N_
from backoffice_auto.rules import registry as _registry
from backoffice_auto.rules.entries import NotAFile, not_a_file
from backoffice_auto.rules.introspect import keys_at
from backoffice_auto.rules.problems import RuleProblem, RuleValueError, Said
from backoffice_auto.rules.suggest import closest
from backoffice_auto.rules.yamlpos import Mark, Position, YamlDoc, load_yaml

RULES_FOLDER = "rules"
YAML_SUFFIXES = (".yaml", ".yml")
INCLUDE_KEY = "include"
MAX_INCLUDE_DEPTH = 16
# Rule files are a few kilobytes of settings; a 50 MB string pasted into one took 45 s to
# check (and every start and live reload as long). Bigger files are refused unparsed.
MAX_RULE_FILE_BYTES = 1024 * 1024



# ---------------------------------------------------------------------------------------
# Results


class Rules:
    """The validated rules in force: one attribute per rule file, named by its stem.

    `rules.orders` is the `OrdersRules` model (its defaults when `orders.yaml` is absent),
    `rules.invoice_templates` maps a template's file stem to its model, `rules.hash` is
    the hash of the rule files it was made from. Immutable (the models are frozen).
    """

    def __init__(self, files: Mapping[str, BaseModel], groups: Mapping[str, Mapping[str, BaseModel]],
                 hash: str):
        object.__setattr__(self, "_files", dict(files))
        object.__setattr__(self, "_groups", {k: dict(v) for k, v in groups.items()})
        object.__setattr__(self, "hash", hash)

    def __getattr__(self, name: str) -> Any:
        files = object.__getattribute__(self, "_files")
        if name in files:
            return files[name]
        groups = object.__getattribute__(self, "_groups")
        if name in groups:
            return groups[name]
        raise AttributeError(f"no rule file named {name!r} (known: {', '.join(sorted(files) + sorted(groups))})")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("rules are read-only")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._files) | set(self._groups))

    def __repr__(self) -> str:
        return f"Rules(hash={self.hash[:12]}..., files={sorted(self._files)}, groups={sorted(self._groups)})"

    @classmethod
    def defaults(cls, registry: Mapping[str, Any] | None = None) -> "Rules":
        """Every model at its defaults, as for a `rules/` folder with no files."""
        files, groups = {}, {}
        for pattern, spec in (registry or _registry.rule_files()).items():
            if _is_glob(pattern):
                groups[attribute_for(pattern, spec)] = {}
            else:
                files[attribute_for(pattern, spec)] = _model(spec)()
        return cls(files, groups, hashlib.sha256(b"").hexdigest())


@dataclass(frozen=True)
class LoadResult:
    rules: Rules | None  # None when there is any problem
    problems: list[RuleProblem] = field(default_factory=list)
    hash: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------
# Registry helpers


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def attribute_for(pattern: str, entry: Any = None) -> str:
    """The attribute on `Rules`: the job's choice (`RuleFile.attribute`), else the file stem,
    or for a glob its folder (`bank/*.yaml` -> bank)."""
    if getattr(entry, "attribute", None):
        return entry.attribute
    if _is_glob(pattern):
        owned = _registry.rule_files().get(pattern)  # a bare model for a job's glob: the job's name
        if getattr(owned, "attribute", None):
            return owned.attribute
        return posixpath.dirname(pattern).replace("/", "_").replace("-", "_")
    return posixpath.splitext(pattern)[0].replace("/", "_").replace("-", "_")


def _model(spec: Any) -> type[BaseModel]:
    spec = getattr(spec, "model", spec)  # a job's RuleFile
    if isinstance(spec, str):
        module_name, _, attr = spec.partition(":")
        import importlib

        return getattr(importlib.import_module(module_name), attr)
    return spec


def glob_matches(pattern: str, rel: str) -> bool:
    """`invoices/templates/*.yaml` matches `invoices/templates/acme.yaml`, not deeper files."""
    parts, pparts = rel.split("/"), pattern.split("/")
    return len(parts) == len(pparts) and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, pparts))


# ---------------------------------------------------------------------------------------
# Reading


def _list_files(rules_dir: Path) -> dict[str, bytes]:
    """Every YAML file under rules/ (hidden files and folders skipped), path -> bytes."""
    out: dict[str, bytes] = {}
    if not rules_dir.is_dir():
        return out
    for path in rules_dir.rglob("*"):
        rel = path.relative_to(rules_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.suffix.lower() not in YAML_SUFFIXES:
            continue
        if path.is_file():
            with open(path, "rb") as handle:  # never more than one byte past the limit
                out[rel] = handle.read(MAX_RULE_FILE_BYTES + 1)
        else:  # a folder, a FIFO (never opened: it would block), a link to nothing: said, not skipped
            out[rel] = not_a_file(path)
    return dict(sorted(out.items()))


def rules_hash(files: Mapping[str, bytes]) -> str:
    """sha256 over each file's relative path and bytes, in path order (length-prefixed)."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        name = rel.encode("utf-8")
        data = files[rel]
        digest.update(len(name).to_bytes(4, "big") + name)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _display(rel: str) -> str:
    return f"{RULES_FOLDER}/{rel}"


class _Reader:
    """Parses files on demand (once each) and resolves includes."""

    def __init__(self, files: Mapping[str, bytes]):
        self.files = files
        self.docs: dict[str, YamlDoc] = {}
        self.problems: list[RuleProblem] = []
        self.reported: set[str] = set()  # files whose own YAML problems were already reported
        self.included: set[str] = set()
        self.syntax_error = False

    def doc(self, rel: str) -> YamlDoc:
        if rel not in self.docs:
            raw = self.files[rel]
            if isinstance(raw, NotAFile):
                self.docs[rel] = YamlDoc(None, {}, [])
                self.problems.append(RuleProblem.make(_display(rel), 1, 1, raw.message, raw.hint))
                return self.docs[rel]
            if len(raw) > MAX_RULE_FILE_BYTES:
                self.docs[rel] = YamlDoc(None, {}, [])
                self.problems.append(RuleProblem.make(
                    _display(rel), 1, 1, N_("the file is over {limit_kb} KB, too big for a rule file; it was not read"),
                    N_("rule files hold settings, not data: keep tables in workbooks"),
                    limit_kb=MAX_RULE_FILE_BYTES // 1024))
                self.syntax_error = True
                return self.docs[rel]
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw[:exc.start].count(b"\n") + 1
                self.docs[rel] = YamlDoc(None, {}, [])
                self.problems.append(RuleProblem.make(
                    _display(rel), line, 1, N_("the file is not UTF-8 text"),
                    N_("save it as UTF-8")))
                self.syntax_error = True
                return self.docs[rel]
            doc = load_yaml(text, _display(rel))
            self.docs[rel] = doc
            for p in doc.problems:
                self.problems.append(RuleProblem.make(
                    p.file, p.line, p.col, p.message, p.hint, **p.params, **(p.hint_params or {})))
                if p.message.startswith("YAML syntax error"):
                    self.syntax_error = True
        return self.docs[rel]

    def resolve(self, rel: str, stack: tuple[str, ...] = ()) -> tuple[Any, dict]:
        """The file's data with its includes merged in, and positions for every key path."""
        doc = self.doc(rel)
        data, positions = doc.data, dict(doc.positions)
        if not isinstance(data, dict) or INCLUDE_KEY not in data:
            return data, positions
        data = dict(data)
        spec = data.pop(INCLUDE_KEY)
        spec_pos = positions.get((INCLUDE_KEY,))
        positions = {p: pos for p, pos in positions.items() if not p or p[0] != INCLUDE_KEY}
        items = [spec] if isinstance(spec, str) else spec
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.at(spec_pos, N_("'include' must be a file name or a list of file names"),
                    N_("for example: include: [common.yaml]"))
            return data, positions
        merged: Any = {}
        merged_pos: dict = {(): positions.get((), Position(_display(rel), None, Mark(1, 1)))}
        for index, item in enumerate(items):
            where = doc.positions.get((INCLUDE_KEY, index), spec_pos) if not isinstance(spec, str) else spec_pos
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), item))
            if target.startswith("../") or target == ".." or posixpath.isabs(item):
                self.at(where, N_("included file '{name}' is outside the rules folder"), name=item)
                continue
            if target not in self.files:
                suggestion = closest(target, [f for f in self.files if f != rel])
                self.at(where, N_("included file '{name}' not found"),
                        N_("did you mean '{suggestion}'?") if suggestion else None,
                        name=item, suggestion=suggestion or "")
                continue
            if target in stack + (rel,):
                chain = " -> ".join(_display(r) for r in stack + (rel, target))
                self.at(where, N_("include cycle: {chain}"), chain=chain)
                continue
            if len(stack) >= MAX_INCLUDE_DEPTH:
                self.at(where, N_("includes nested more than {limit} deep"), limit=MAX_INCLUDE_DEPTH)
                continue
            self.included.add(target)
            inc_data, inc_pos = self.resolve(target, stack + (rel,))
            if inc_data is None:
                continue  # empty file, or its problems are already reported
            if not isinstance(inc_data, dict):
                self.at(where, N_("included file '{name}' must hold keys (a mapping), not a list or value"),
                        name=item)
                continue
            merged, merged_pos = deep_merge(merged, merged_pos, inc_data, inc_pos)
        return deep_merge(merged, merged_pos, data, positions)

    def at(self, pos: Position | None, message: str, hint: str | None = None, **params) -> None:
        if pos is None:
            pos = Position("?", None, Mark(1, 1))
        self.problems.append(RuleProblem.make(pos.file, pos.value.line, pos.value.col, message, hint,
                                              **params))


def deep_merge(base: Any, base_pos: dict, top: Any, top_pos: dict) -> tuple[Any, dict]:
    """`top` over `base`: mappings merge key by key, anything else is replaced by `top`.

    Positions follow the value: a path written by `top` points into top's file, a key only
    `base` had keeps base's position.
    """
    merged = _merge(base, top)
    positions: dict = {}

    def walk(value: Any, path: tuple) -> None:
        pos = top_pos.get(path) or base_pos.get(path)
        if pos is not None:
            positions[path] = pos
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    walk(merged, ())
    return merged, positions


def _merge(base: Any, top: Any) -> Any:
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for k, v in top.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    return top


# ---------------------------------------------------------------------------------------
# Validation errors -> problems


_TYPE_MESSAGES = {
    "string_type": N_("'{key}' must be text, not {value}"),
    "int_type": N_("'{key}' must be a whole number, not {value}"),
    "int_parsing": N_("'{key}' must be a whole number, not {value}"),
    "int_from_float": N_("'{key}' must be a whole number, not {value}"),
    "float_type": N_("'{key}' must be a number, not {value}"),
    "float_parsing": N_("'{key}' must be a number, not {value}"),
    "decimal_type": N_("'{key}' must be a number, not {value}"),
    "decimal_parsing": N_("'{key}' must be a number, not {value}"),
    "decimal_max_digits": N_("'{key}' has too many digits"),
    "decimal_whole_digits": N_("'{key}' has too many digits"),
    "finite_number": N_("'{key}' must be a number, not {value}"),
    "decimal_max_places": N_("'{key}' has too many decimal places"),
    "bool_type": N_("'{key}' must be true or false, not {value}"),
    "bool_parsing": N_("'{key}' must be true or false, not {value}"),
    "list_type": N_("'{key}' must be a list"),
    "tuple_type": N_("'{key}' must be a list"),
    "set_type": N_("'{key}' must be a list"),
    "dict_type": N_("'{key}' must hold keys (a mapping), not {value}"),
    "model_type": N_("'{key}' must hold keys (a mapping), not {value}"),
    "model_attributes_type": N_("'{key}' must hold keys (a mapping), not {value}"),
    "literal_error": N_("'{key}' must be one of {expected}, not {value}"),
    "enum": N_("'{key}' must be one of {expected}, not {value}"),
    "greater_than_equal": N_("'{key}' must be at least {limit}, not {value}"),
    "greater_than": N_("'{key}' must be greater than {limit}, not {value}"),
    "less_than_equal": N_("'{key}' must be at most {limit}, not {value}"),
    "less_than": N_("'{key}' must be less than {limit}, not {value}"),
    "string_too_short": N_("'{key}' is too short"),
    "string_too_long": N_("'{key}' is too long"),
    "too_short": N_("'{key}' has too few entries"),
    "too_long": N_("'{key}' has too many entries"),
    "string_pattern_mismatch": N_("'{key}' does not have the expected form: {value}"),
    "date_type": N_("'{key}' must be a date like 2026-11-22, not {value}"),
    "date_parsing": N_("'{key}' must be a date like 2026-11-22, not {value}"),
    "date_from_datetime_parsing": N_("'{key}' must be a date like 2026-11-22, not {value}"),
    "time_type": N_("'{key}' must be a time like 08:30, not {value}"),
    "time_parsing": N_("'{key}' must be a time like 08:30, not {value}"),
    "datetime_type": N_("'{key}' must be a date and time like 2026-11-22 08:30, not {value}"),
    "datetime_parsing": N_("'{key}' must be a date and time like 2026-11-22 08:30, not {value}"),
    "datetime_from_date_parsing": N_("'{key}' must be a date and time like 2026-11-22 08:30, not {value}"),
    "none_required": N_("'{key}' must be empty"),
}
_LIMIT_CTX = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}


def _short(value: Any) -> str:
    if value is None:
        return Said(N_("nothing"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return Said(N_("a mapping"))
    if isinstance(value, list):
        return Said(N_("a list"))
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _locate(loc: tuple, positions: dict) -> tuple:
    """The longest key path of `loc` present in the file, skipping pydantic's own parts."""
    path: tuple = ()
    for part in loc:
        if path + (part,) in positions:
            path = path + (part,)
    return path


def _key_label(path: tuple) -> str:
    label = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            label += f"[{part}]"
        else:
            label = str(part)
    return label or "(file)"


def _with_offset(pos: Position, offset: int | None) -> Mark:
    """Column of a character inside a scalar value, when it is written on one line."""
    mark = pos.value
    if offset is None or pos.style in ("|", ">", "{", "["):
        return mark
    return Mark(mark.line, mark.col + offset + (1 if pos.style in ("'", '"') else 0))


def error_problems(exc: ValidationError, model: type[BaseModel], positions: dict,
                   file: str) -> list[RuleProblem]:
    problems: list[RuleProblem] = []
    root = positions.get(()) or Position(file, None, Mark(1, 1))
    errors = exc.errors()
    # a list whose one bad entry is reported is not also "too short" (pydantic counts the valid ones)
    inner = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    for err in errors:
        loc, kind = tuple(err["loc"]), err["type"]
        if kind == "too_short" and loc in inner:
            continue
        path = _locate(loc, positions)
        pos = positions.get(path, root)
        key = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            # the extra key itself is in positions (it was in the YAML)
            allowed = keys_at(model, loc[:-1])
            suggestion = closest(str(key), allowed)
            if suggestion:
                hint, extra = N_("did you mean '{suggestion}'?"), {"suggestion": suggestion}
            elif allowed:
                hint, extra = N_("allowed keys here: {allowed}"), {"allowed": ", ".join(allowed)}
            else:
                hint, extra = N_("no keys are allowed here yet"), {}
            mark = pos.best
            problems.append(RuleProblem.make(pos.file, mark.line, mark.col, N_("unknown key '{key}'"),
                                             hint, key=str(key), **extra))
            continue
        if kind == "invalid_key":
            mark = pos.best
            problems.append(RuleProblem.make(
                pos.file, mark.line, mark.col, N_("'{key}' is not a valid key"),
                N_("YAML reads yes/no/on/off/true/false and numbers as values; put the key in quotes"),
                key=_short(err.get("input"))))
            continue
        if kind == "missing":
            mark = pos.best
            problems.append(RuleProblem.make(pos.file, mark.line, mark.col,
                                             N_("missing required key '{key}'"), key=str(key)))
            continue
        if kind == "value_error" and isinstance((err.get("ctx") or {}).get("error"), RuleValueError):
            inner: RuleValueError = err["ctx"]["error"]
            mark = _with_offset(pos, inner.offset)
            params = dict(inner.params)
            params.setdefault("key", _key_label(path))
            problems.append(RuleProblem.make(pos.file, mark.line, mark.col, inner.message, inner.hint,
                                             **params))
            continue
        label = _key_label(path) if path else "(file)"
        value = err.get("input")
        params = {"key": label, "value": _short(value)}
        ctx = err.get("ctx") or {}
        if kind in _LIMIT_CTX:
            params["limit"] = str(ctx.get(_LIMIT_CTX[kind], ""))
        if kind in ("literal_error", "enum"):
            # pydantic writes "'a', 'b' or 'c'": its English "or" would stay in a Czech line
            params["expected"] = str(ctx.get("expected", "")).replace("' or '", "', '")
        message = _TYPE_MESSAGES.get(kind)
        hint = None
        if not path and kind in ("model_type", "dict_type"):
            message = N_("a rule file must hold keys (a mapping) at the top, not {value}")
        elif message is None:
            message = N_("'{key}' is not valid: {detail}")
            params["detail"] = _without_pydantic_prefix(err.get("msg", kind))
        if kind == "string_type" and isinstance(value, (bool, int, float)):
            hint = N_("YAML reads yes/no/on/off as true/false and digits as numbers; put the value in quotes")
        if kind == "literal_error" and isinstance(value, str):
            choices = [c.strip(" '\"") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
            suggestion = closest(value, choices)
            if suggestion:
                hint, params["suggestion"] = N_("did you mean '{suggestion}'?"), suggestion
        mark = pos.value
        problems.append(RuleProblem.make(pos.file, mark.line, mark.col, message, hint, **params))
    return problems


# ---------------------------------------------------------------------------------------
# Loading


_CACHE: "OrderedDict[tuple, LoadResult]" = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _registry_key(registry: Mapping[str, Any]) -> tuple:
    def name(v: Any) -> str:
        v = getattr(v, "model", v)
        return v if isinstance(v, str) else f"{v.__module__}.{v.__qualname__}#{id(v)}"

    return tuple((k, name(v), attribute_for(k, v)) for k, v in registry.items())


def load_rules(rules_dir: Path, registry: Mapping[str, Any] | None = None) -> LoadResult:
    """Load and validate every rule file of a workspace's `rules/` folder.

    Cheap to call per job: files are read and hashed each time, but the parsed and
    validated result is reused while the hash is unchanged. `registry` (pattern -> model
    or "module:Model") defaults to `rules/registry.py`; tests pass their own.
    """
    rules_dir = Path(rules_dir)
    registry = registry if registry is not None else _registry.rule_files()
    files = _list_files(rules_dir)
    digest = rules_hash(files)
    key = (str(rules_dir.resolve()), digest, _registry_key(registry))
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = _load(files, digest, registry)
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _load(files: Mapping[str, bytes], digest: str, registry: Mapping[str, Any]) -> LoadResult:
    reader = _Reader(files)
    problems = reader.problems
    models: dict[str, BaseModel] = {}
    groups: dict[str, dict[str, BaseModel]] = {}
    known: set[str] = set()

    def validate(rel: str, model: type[BaseModel]) -> BaseModel | None:
        data, positions = reader.resolve(rel)
        if isinstance(files[rel], NotAFile):  # said once by the reader, not again as missing keys
            return None
        try:  # an empty file (data None): every key at its default
            return model.model_validate({} if data is None else data)
        except ValidationError as exc:
            problems.extend(error_problems(exc, model, positions, _display(rel)))
            return None

    exact = [(p, s) for p, s in registry.items() if not _is_glob(p)]
    globs = [(p, s) for p, s in registry.items() if _is_glob(p)]
    for pattern, spec in exact:
        model = _model(spec)
        attr = attribute_for(pattern, spec)
        if pattern in files:
            known.add(pattern)
            value = validate(pattern, model)
            if value is not None:
                models[attr] = value
        else:
            try:
                models[attr] = model()
            except ValidationError as exc:
                required = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
                problems.append(RuleProblem.make(
                    _display(pattern), 1, 1, N_("rule file is missing"),
                    N_("it needs the keys: {keys}"), keys=", ".join(required)))
    # A file in a glob folder that another file includes is a shared part (a base
    # template), not an entry of its own: find those before validating the entries.
    for pattern, _ in globs:
        for rel in files:
            if rel not in known and glob_matches(pattern, rel):
                reader.resolve(rel)
    for pattern, spec in globs:
        model = _model(spec)
        group: dict[str, BaseModel] = {}
        for rel in files:
            if rel in known or rel in reader.included or not glob_matches(pattern, rel):
                continue
            known.add(rel)
            value = validate(rel, model)
            if value is not None:
                group[posixpath.splitext(posixpath.basename(rel))[0]] = value
        groups[attribute_for(pattern, spec)] = group

    if not reader.syntax_error:
        # Unknown files are reported only when every include could be read: a file whose
        # includer has a syntax error would otherwise be wrongly called unknown.
        # a top-level stray file is a typo of a rule file's name, never a glob folder's file
        # ("common.yaml" is not "bank/common.yaml"); one in a folder may be a typo of the folder
        candidates = [p for p, _ in exact] + [
            p.replace("*", posixpath.splitext(posixpath.basename(rel))[0]) for p, _ in globs
            for rel in files if "/" in rel]
        for rel in files:
            if rel in known or rel in reader.included:
                continue
            # A file that only includes are made of may also be listed by other files' includes
            # that failed; otherwise it is a stray file (a typo of a rule file's name).
            # A high cutoff: "common.yaml" is a shared file, not a typo of "mail.yaml".
            suggestion = closest(rel, candidates, cutoff=0.8) or closest(
                posixpath.splitext(rel)[0] + ".yaml", candidates, cutoff=0.8)
            problems.append(RuleProblem.make(
                _display(rel), 1, 1, N_("unknown rule file '{name}'"),
                N_("did you mean {suggestion}?") if suggestion else
                N_("docs/rules.md lists the rule files; a shared file must be included by one of them"),
                name=_display(rel), suggestion=suggestion or ""))

    problems = _dedupe(problems)
    problems.sort(key=lambda p: (p.file, p.line, p.col))
    if problems:
        return LoadResult(None, problems, digest)
    return LoadResult(Rules(models, groups, digest), [], digest)


def _dedupe(problems: list[RuleProblem]) -> list[RuleProblem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.line, p.col, p.message, p.hint)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


class LiveRules:
    """The rules in force for a long-running service: a broken edit never stops it.

    `current()` reloads (cheap: cached by hash); when the files on disk have problems the
    last good rules stay in force, `problems` says why and `stale` is True so the
    service can tell the admin once per new hash (`problems_hash`).
    """

    def __init__(self, rules_dir: Path, registry: Mapping[str, Any] | None = None):
        self.rules_dir = Path(rules_dir)
        self.registry = registry
        self.last_good: Rules | None = None
        self.problems: list[RuleProblem] = []
        self.problems_hash: str | None = None

    @property
    def stale(self) -> bool:
        return bool(self.problems) and self.last_good is not None

    def current(self) -> Rules | None:
        result = load_rules(self.rules_dir, self.registry)
        if result.rules is not None:
            self.last_good = result.rules
            self.problems, self.problems_hash = [], None
        else:
            self.problems, self.problems_hash = result.problems, result.hash
        return self.last_good


def _without_pydantic_prefix(text: str) -> str:
    """pydantic prefixes a validator's own message with "Value error, "; the admin needs only the message."""
    for prefix in ("Value error, ", "Assertion failed, "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text
