"""What keys a rule-file model accepts, at any depth.

Used twice: "did you mean" needs the keys allowed at the level of a misspelt key, and the
documentation test needs every key of every model. Keys are the YAML names (the alias
when a field has one, e.g. `from` for `smtp.sender`).
"""

from __future__ import annotations

import types
import typing
from typing import Any, Iterator

from pydantic import BaseModel


def yaml_name(name: str, info) -> str:
    alias = info.validation_alias if isinstance(info.validation_alias, str) else None
    return alias or info.alias or name


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def inner_types(annotation: Any) -> Iterator[tuple[str, Any]]:
    """The types reachable from an annotation, each with how it is reached.

    Yields ("model", M) for a model itself, ("item", T) through a list/tuple/set element,
    and ("value", T) through a dict value; unions and Annotated are looked through.
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from inner_types(typing.get_args(annotation)[0])
        return
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from inner_types(arg)
        return
    if origin in (list, tuple, set, frozenset, typing.Sequence) or (
            origin is not None and getattr(origin, "__name__", "") in ("Sequence", "Iterable")):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                for how, tp in inner_types(arg):
                    yield ("item" if how == "model" else how), tp
        return
    if origin in (dict, typing.Mapping) or (origin is not None and getattr(origin, "__name__", "") == "Mapping"):
        args = typing.get_args(annotation)
        if len(args) == 2:
            for how, tp in inner_types(args[1]):
                yield ("value" if how == "model" else how), tp
        return
    if _is_model(annotation):
        yield "model", annotation


def models_in(annotation: Any) -> list[type[BaseModel]]:
    return [tp for _, tp in inner_types(annotation) if _is_model(tp)]


def field_by_yaml_name(model: type[BaseModel], key: Any):
    for name, info in model.model_fields.items():
        if key == yaml_name(name, info) or key == name:
            return info
    return None


def keys_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The YAML keys allowed in the mapping at `loc` (a pydantic error location minus the key).

    Follows fields through nested models, list indices and dict keys; location parts that
    pydantic adds for union members or validators are skipped. Several candidate models
    (a union) contribute all their keys.
    """
    current: list[type[BaseModel]] = [model]
    pending_container = False  # the next loc part is a list index or a dict key
    for part in loc:
        if pending_container:
            pending_container = False
            continue
        nxt: list[type[BaseModel]] = []
        container = False
        for m in current:
            info = field_by_yaml_name(m, part)
            if info is None:
                continue
            for how, tp in inner_types(info.annotation):
                nxt.append(tp)
                container = container or how in ("item", "value")
        if not nxt:
            continue  # a union tag such as 'function-after[...]' or a model name: skip
        current, pending_container = nxt, container
    keys: list[str] = []
    for m in current:
        for name, info in m.model_fields.items():
            key = yaml_name(name, info)
            if key not in keys:
                keys.append(key)
    return keys


def walk_keys(model: type[BaseModel], prefix: tuple[str, ...] = (),
              seen: frozenset = frozenset()) -> Iterator[tuple[tuple[str, ...], str, type[BaseModel]]]:
    """Every (path, key, model) of a model tree: nested models, lists and dicts of models."""
    if model in seen:
        return
    seen = seen | {model}
    for name, info in model.model_fields.items():
        key = yaml_name(name, info)
        yield prefix, key, model
        for sub in models_in(info.annotation):
            yield from walk_keys(sub, prefix + (key,), seen)
