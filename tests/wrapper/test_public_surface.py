"""The public surface of ``pinecone_backups``: pinned names, docstrings, which generated types.

The generated models of the backup and its nested schema are public types
(``Backup`` is ``pinecone_backups_api.models.BackupModel``); nothing else of
the generated package appears in a public signature.
"""

from __future__ import annotations

import ast
import collections.abc
import inspect
import itertools
import re
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import pinecone_backups_api
import pinecone_backups_api.models
import pinecone_backups_api.types
import pytest

import pinecone_backups

EXPECTED_ALL = [
    "API_VERSION",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "Backoff",
    "Backup",
    "BackupFailedError",
    "BackupWaitError",
    "BackupWaitTimeoutError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "IndexBackups",
    "InvalidArgumentError",
    "MalformedResponseError",
    "MetadataFieldConfig",
    "MetadataSchema",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "PineconeBackupsError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedStatusError",
    "UnknownBackupStatusError",
]

PUBLIC_CLASSES = [
    getattr(pinecone_backups, name)
    for name in EXPECTED_ALL
    if isinstance(getattr(pinecone_backups, name), type)
]
GENERATED_MODULE = "pinecone_backups_api"
# The generated models that are public types, by their generated names.
PUBLIC_GENERATED = {
    "Backup": pinecone_backups_api.models.BackupModel,
    "MetadataSchema": pinecone_backups_api.models.MetadataSchema,
    "MetadataFieldConfig": pinecone_backups_api.models.MetadataFieldConfig,
}
# Names that exist only in the generated package and are not public here (its
# ``Client`` shares a name with ours).
GENERATED_ONLY_NAMES = sorted(
    {*pinecone_backups_api.models.__all__, "AuthenticatedClient", "Unset", "UNSET", "Response"}
    - {model.__name__ for model in PUBLIC_GENERATED.values()}
)


# What the wrapper's string annotations name, for resolving them at run time.
HINT_NAMESPACE: dict[str, object] = {
    **vars(collections.abc),
    **PUBLIC_GENERATED,
    "BackupModel": pinecone_backups_api.models.BackupModel,
    "Page": pinecone_backups.Page,
}


@pytest.mark.parametrize("name", sorted(PUBLIC_GENERATED))
def test_generated_models_that_are_public_are_exported_as_themselves(name: str) -> None:
    assert getattr(pinecone_backups, name) is PUBLIC_GENERATED[name]


def test_all_equals_the_pinned_list() -> None:
    assert pinecone_backups.__all__ == EXPECTED_ALL


def _isort_style(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 (which this project enforces) keeps ``__all__`` in:
    SCREAMING_CASE constants, then CamelCase classes, then everything else."""
    if name.isupper():
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def test_all_is_sorted() -> None:
    names = list(pinecone_backups.__all__)
    assert names == sorted(names, key=_isort_style)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_public_name_is_importable_from_the_package(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from pinecone_backups import {name}", namespace)
    assert namespace[name] is getattr(pinecone_backups, name)


def _attribute_docstrings() -> set[str]:
    """Module-level names followed by a string literal (an attribute docstring)."""
    documented: set[str] = set()
    package_dir = Path(pinecone_backups.__file__).parent
    for path in package_dir.glob("*.py"):
        module = ast.parse(path.read_text(encoding="utf-8"))
        # Module level, including declarations inside ``if TYPE_CHECKING:`` blocks.
        bodies = [module.body] + [
            branch
            for node in module.body
            if isinstance(node, ast.If)
            for branch in (node.body, node.orelse)
        ]
        pairs = [pair for body in bodies for pair in itertools.pairwise(body)]
        for statement, following in pairs:
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            else:
                continue
            is_doc = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
                and following.value.value.strip() != ""
            )
            if is_doc:
                documented.update(t.id for t in targets if isinstance(t, ast.Name))
    return documented


def _own_docstring(obj: object, name: str) -> str | None:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return None
    if doc.startswith(f"{name}("):  # the signature a dataclass makes up when there is none
        return None
    return doc


@pytest.mark.parametrize("name", EXPECTED_ALL)
def test_every_public_name_has_a_docstring(name: str) -> None:
    obj = getattr(pinecone_backups, name)
    if isinstance(obj, type) or callable(obj):
        assert _own_docstring(obj, name), f"{name} has no docstring of its own"
    else:
        assert name in _attribute_docstrings(), f"constant {name} has no attribute docstring"


def _public_members(cls: type) -> Iterator[tuple[str, object]]:
    for klass in cls.__mro__:
        if klass is object or klass.__module__.split(".")[0] != "pinecone_backups":
            continue
        for name, member in vars(klass).items():
            if not name.startswith("_"):
                yield name, member


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda c: c.__name__)
def test_every_public_method_and_property_has_a_docstring(cls: type) -> None:
    for name, member in _public_members(cls):
        target = member.fget if isinstance(member, property) else member
        if isinstance(target, staticmethod | classmethod):
            target = target.__func__
        if inspect.isfunction(target) or isinstance(member, property):
            doc = target.__doc__
            assert doc, f"{cls.__name__}.{name} has no docstring"
            assert doc.strip(), f"{cls.__name__}.{name} has an empty docstring"


def _callables(cls: type) -> Iterator[tuple[str, Callable[..., object]]]:
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is object or klass.__module__.split(".")[0] != "pinecone_backups":
            continue
        for name, member in vars(klass).items():
            if name in seen or (name.startswith("_") and not name.startswith("__")):
                continue
            seen.add(name)
            target = member.fget if isinstance(member, property) else member
            if isinstance(target, staticmethod | classmethod):
                target = target.__func__
            if inspect.isfunction(target):
                yield name, target


def _type_var_bindings(cls: type) -> dict[object, object]:
    """What each type variable of a generic base class stands for in ``cls``."""
    bindings: dict[object, object] = {}
    for klass in reversed(cls.__mro__):
        for base in getattr(klass, "__orig_bases__", ()):
            origin = typing.get_origin(base)
            params = getattr(origin, "__parameters__", ())
            for param, arg in zip(params, typing.get_args(base), strict=False):
                if isinstance(arg, typing.ForwardRef):  # names a lazily imported public type
                    arg = eval(arg.__forward_arg__, HINT_NAMESPACE)
                bindings[param] = bindings.get(arg, arg)
    return bindings


def _types_in(hint: object, bindings: dict[object, object]) -> Iterator[object]:
    if isinstance(hint, typing.TypeVar):
        assert hint in bindings, f"unbound type variable {hint!r} in a public signature"
        yield from _types_in(bindings[hint], bindings)
        return
    yield hint
    origin = typing.get_origin(hint)
    if origin is not None:
        yield origin
    for arg in typing.get_args(hint):
        yield from _types_in(arg, bindings)


def _resolved_hints(cls: type, function: Callable[..., object]) -> dict[str, object]:
    bindings = _type_var_bindings(cls)
    hints = typing.get_type_hints(function, localns=HINT_NAMESPACE)
    return {where: bindings.get(hint, hint) for where, hint in hints.items()}


def _module_of(obj: object) -> str:
    if isinstance(obj, type | types.FunctionType):
        return obj.__module__
    return ""


@pytest.mark.parametrize("cls", PUBLIC_CLASSES, ids=lambda c: c.__name__)
def test_no_generated_type_but_the_public_models_appears_in_a_public_signature(cls: type) -> None:
    checked = 0
    bindings = _type_var_bindings(cls)
    for name, function in _callables(cls):
        hints = typing.get_type_hints(function, localns=HINT_NAMESPACE)
        for where, hint in hints.items():
            for part in _types_in(hint, bindings):
                assert part in PUBLIC_GENERATED.values() or not _module_of(part).startswith(
                    GENERATED_MODULE
                ), f"{cls.__name__}.{name} ({where}) exposes {part!r}"
        for where, raw in getattr(function, "__annotations__", {}).items():
            text = raw if isinstance(raw, str) else repr(raw)
            assert GENERATED_MODULE not in text, f"{cls.__name__}.{name} ({where}): {text}"
            for generated_name in GENERATED_ONLY_NAMES:
                assert not re.search(rf"\b{generated_name}\b", text), (
                    f"{cls.__name__}.{name} ({where}) mentions {generated_name}: {text}"
                )
        checked += 1
    assert checked > 0 or issubclass(cls, Exception) or cls in PUBLIC_GENERATED.values()


def test_public_signatures_resolve_to_the_wrapper_types() -> None:
    client, async_client = pinecone_backups.Client, pinecone_backups.AsyncClient
    assert _resolved_hints(client, client.list_backups)["return"] is pinecone_backups.Page
    assert _resolved_hints(client, client.describe_backup)["return"] is pinecone_backups.Backup
    pages = _resolved_hints(client, client.iter_backup_pages)["return"]
    assert typing.get_args(pages) == (pinecone_backups.Page,)
    backups = _resolved_hints(async_client, async_client.iter_backups)["return"]
    assert typing.get_args(backups) == (pinecone_backups.Backup,)
    described = _resolved_hints(async_client, async_client.describe_backup)["return"]
    assert typing.get_args(described) == (pinecone_backups.Backup,)


def test_backup_field_values_are_typed_never_unset() -> None:
    data: dict[str, object] = {
        "backup_id": "b",
        "source_index_name": "i",
        "source_index_id": "id",
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "schema": {"fields": {"genre": {"filterable": True}}},
        "tags": {"env": "prod"},
    }
    backup = pinecone_backups.Backup.from_dict(data)
    for name in ("schema", "tags", "name", "dimension", "created_at"):
        assert not isinstance(getattr(backup, name), pinecone_backups_api.types.Unset)
    assert type(backup.schema) is pinecone_backups.MetadataSchema
    assert type(backup.schema.fields["genre"]) is pinecone_backups.MetadataFieldConfig
    assert type(backup.tags) is dict
    assert backup.name is None


def test_the_wrapper_calls_no_private_name_of_the_generated_package() -> None:
    package_dir = Path(pinecone_backups.__file__).parent
    used: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                GENERATED_MODULE
            ):
                used.update(alias.name for alias in node.names)
                used.update(part for part in (node.module or "").split("."))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                value = node.value
                if isinstance(value, ast.Name) and value.id in {
                    "list_index_backups",
                    "describe_backup",
                }:
                    used.add(node.attr)
    assert used, "the wrapper imports nothing of the generated package"
    assert sorted(name for name in used if name.startswith("_")) == []


def test_api_version_is_the_generated_pinned_version_string() -> None:
    assert isinstance(pinecone_backups.API_VERSION, str)
    assert re.fullmatch(r"\d{4}-\d{2}", pinecone_backups.API_VERSION)
