"""Wire checks derived from the generated models, so the wrapper re-declares no schema.

The generated attrs classes are the only description of the wire format the
wrapper uses: which fields exist, which are required, and which JSON types
each accepts all come from their type hints. When the spec gains a field and
is regenerated, the checks here pick it up with no edit.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import pinecone_backups_api.models as generated_models
from pinecone_backups_api.models import BackupModel
from pinecone_backups_api.types import Unset

Check = Callable[[object], bool]

_HINT_NAMESPACE: Final = vars(generated_models)
_NONE = type(None)
_JSON_TYPES: Final[dict[object, frozenset[type]]] = {
    str: frozenset({str}),
    int: frozenset({int}),
    float: frozenset({int, float}),
    bool: frozenset({bool}),
}


def _always(_: object) -> bool:
    return True


def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, localns=_HINT_NAMESPACE)


def simple_types(hint: object) -> frozenset[type] | None:
    """The exact JSON types a scalar hint accepts, or None when it is not a plain scalar union."""
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    allowed: set[type] = set()
    for member in members:
        if member is Unset:
            continue
        if member is _NONE:
            allowed.add(_NONE)
        elif member in _JSON_TYPES:
            allowed |= _JSON_TYPES[member]
        else:
            return None
    return frozenset(allowed)


def check_for(hint: object) -> Check:
    """A predicate telling whether a JSON value fits ``hint`` (a generated field's type)."""
    scalars = simple_types(hint)
    if scalars is not None:
        return lambda value: type(value) in scalars
    if isinstance(hint, types.UnionType):
        checks = [check_for(member) for member in typing.get_args(hint) if member is not Unset]
        return lambda value: any(check(value) for check in checks)
    if hint is _NONE:
        return lambda value: value is None
    if isinstance(hint, type) and attrs.has(hint):
        return _model_check(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is dict and len(args) == 2:
        value_check = check_for(args[1])
        return lambda value: (
            isinstance(value, dict)
            and all(type(k) is str and value_check(v) for k, v in value.items())
        )
    if origin is list and len(args) == 1:
        item_check = check_for(args[0])
        return lambda value: isinstance(value, list) and all(item_check(v) for v in value)
    return _always


def _model_check(model: type) -> Check:
    hints = _hints(model)
    extra_hint = hints.pop("additional_properties", Any)
    extra_args = typing.get_args(extra_hint)
    extra_check = check_for(extra_args[1]) if len(extra_args) == 2 else _always
    required = frozenset(f.name for f in attrs.fields(model) if f.default is attrs.NOTHING)
    declared = {name: check_for(hint) for name, hint in hints.items()}

    def check(value: object) -> bool:
        if not isinstance(value, dict) or not required <= value.keys():
            return False
        return all(declared.get(k, extra_check)(v) for k, v in value.items())

    return check


class ModelShape:
    """What the wrapper needs to know about one generated model, read from it once."""

    def __init__(self, model: type) -> None:
        hints = _hints(model)
        hints.pop("additional_properties", None)
        self.model = model
        self.hints: Final = hints
        self.required: Final = tuple(
            f.name for f in attrs.fields(model) if f.default is attrs.NOTHING
        )
        self.fields: Final = frozenset(hints)
        # Scalars are checked inline by exact type (the hot path); others by predicate.
        self.scalar_types: Final[dict[str, frozenset[type]]] = {}
        self.checks: Final[dict[str, Check]] = {}
        for name, hint in hints.items():
            scalars = simple_types(hint)
            if scalars is not None:
                self.scalar_types[name] = scalars
            else:
                self.checks[name] = check_for(hint)
        self.required_check: Final = self._compile_required_check()

    def _compile_required_check(self) -> Callable[[dict[str, Any]], bool]:
        """A fast predicate: every required field is present, with its type when a scalar.

        Built once from the generated model as a single expression, since it
        runs for every backup of every page.
        """
        terms: list[str] = []
        namespace: dict[str, Any] = {}
        for index, name in enumerate(self.required):
            allowed = self.scalar_types.get(name)
            if allowed is not None and len(allowed) == 1:
                namespace[f"_t{index}"] = next(iter(allowed))
                terms.append(f"type(get({name!r})) is _t{index}")
            else:
                terms.append(f"{name!r} in raw")
        source = "def check(raw):\n    get = raw.get\n    return " + (" and ".join(terms) or "True")
        exec(compile(source, f"<required fields of {self.model.__name__}>", "exec"), namespace)
        check: Callable[[dict[str, Any]], bool] = namespace["check"]
        return check

    def invalid_fields(self, raw: Mapping[str, object]) -> list[str]:
        """Names of the declared fields whose value does not fit the declared type."""
        bad: list[str] = []
        scalar_types, checks = self.scalar_types, self.checks
        for key, value in raw.items():
            allowed = scalar_types.get(key)
            if allowed is not None:
                if type(value) not in allowed:
                    bad.append(key)
            else:
                check = checks.get(key)
                if check is not None and not check(value):
                    bad.append(key)
        return bad


@functools.cache
def backup_shape() -> ModelShape:
    """The shape of a backup, as the generated ``BackupModel`` declares it."""
    return ModelShape(BackupModel)
