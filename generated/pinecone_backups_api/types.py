"""Shared types and the parsing helpers the generated models use.

This file is generated from spec/templates/types.py.jinja: edit the template,
then run ``nox -s generate``.
"""

import datetime
from collections.abc import Callable, Mapping, MutableMapping
from http import HTTPStatus
from types import MappingProxyType
from typing import IO, Any, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


class WireFormatError(ValueError):
    """A JSON value that does not have the shape the spec declares.

    ``from_dict`` raises it for a missing or mistyped required property, for
    a value that is not a JSON object, and (with ``strict=True``) for any
    optional property that does not fit. The message names the property and
    the JSON type found, never the value itself.
    """


EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The shared empty mapping of a model with no unknown or invalid properties."""

_JSON_TYPES: dict[type, str] = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def json_type(value: object) -> str:
    """The JSON name of a value's type (``string``, ``object``, ...), for messages."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def missing_or_mistyped(
    data: Mapping[str, Any], name: str, expected: str
) -> WireFormatError:
    """The error for a required property that is absent or not ``expected``."""
    if name not in data:
        return WireFormatError(f"required property {name!r} is missing")
    return WireFormatError(
        f"property {name!r}: {expected} expected, {json_type(data[name])} found"
    )


def reject(
    invalid: dict[str, Any] | None, strict: bool, name: str, value: object, problem: str
) -> dict[str, Any]:
    """Record an optional property whose value does not fit (it then reads as None).

    Returns ``invalid`` with the property's raw value added (a new dict when
    ``invalid`` is None). Raises ``WireFormatError`` instead when ``strict``.
    """
    if strict:
        raise WireFormatError(f"property {name!r}: {problem}")
    invalid = {} if invalid is None else invalid
    invalid[name] = value
    return invalid


def expected(what: str, value: object) -> str:
    """``"<what> expected, <json type> found"``."""
    return f"{what} expected, {json_type(value)} found"


def parse_datetime(value: object) -> datetime.datetime:
    """An ISO 8601 timestamp as an aware ``datetime`` (no offset means UTC).

    RFC 3339 with ``Z``, a space instead of ``T``, and up to nanoseconds (kept
    to microseconds) take the standard library's fast path; other ISO 8601
    forms go through dateutil's strict ISO parser. Raises ``WireFormatError``.
    """
    if type(value) is not str:
        raise WireFormatError(expected("an ISO 8601 timestamp string", value))
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse

        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError):
            raise WireFormatError(
                "an ISO 8601 timestamp expected, another string found"
            ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.UTC)


def format_datetime(value: datetime.datetime) -> str:
    """RFC 3339 text of a ``datetime``, with ``Z`` for UTC."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_list(value: object, parse_item: Callable[[Any], T]) -> list[T]:
    """A JSON array parsed item by item; an error names the item's index."""
    if type(value) is not list:
        raise WireFormatError(expected("an array", value))
    items: list[T] = []
    for index, item in enumerate(value):
        try:
            items.append(parse_item(item))
        except WireFormatError as exc:
            raise WireFormatError(f"item {index}: {exc}") from None
    return items


def parse_map(value: object, parse_item: Callable[[Any], T]) -> dict[str, T]:
    """A JSON object of arbitrary keys parsed value by value; an error names the key's position."""
    if type(value) is not dict:
        raise WireFormatError(expected("an object", value))
    items: dict[str, T] = {}
    for index, (key, item) in enumerate(value.items()):
        try:
            items[key] = parse_item(item)
        except WireFormatError as exc:
            raise WireFormatError(f"entry {index}: {exc}") from None
    return items


def expect_str(value: object) -> str:
    if type(value) is not str:
        raise WireFormatError(expected("a string", value))
    return value


def expect_int(value: object) -> int:
    if type(value) is not int:
        raise WireFormatError(expected("an integer", value))
    return value


def expect_float(value: object) -> float:
    if type(value) is not float and type(value) is not int:
        raise WireFormatError(expected("a number", value))
    return float(value)


def expect_bool(value: object) -> bool:
    if type(value) is not bool:
        raise WireFormatError(expected("a boolean", value))
    return value


def expect_any(value: object) -> Any:
    return value


def copy_json(value: T) -> T:
    """A deep copy of a JSON value (dicts and lists copied, other values shared).

    Iterative, with a stack of its own: a value nested as deeply as any the
    JSON parser accepts (about 1,000 levels) copies without ``RecursionError``,
    where ``copy.deepcopy`` (several frames per level) fails at a few hundred.
    """
    if type(value) is not dict and type(value) is not list:
        return value
    root: Any = {} if type(value) is dict else []
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        items = source.items() if type(source) is dict else enumerate(source)
        for key, item in items:
            if type(item) is dict or type(item) is list:
                child: Any = {} if type(item) is dict else []
                stack.append((item, child))
            else:
                child = item
            if type(target) is dict:
                target[key] = child
            else:
                target.append(child)
    return root  # type: ignore[no-any-return]


SHARED: dict[str, str] = {}
"""The values ``share`` keeps."""
shared_or_none = SHARED.get
"""The kept copy of a value, or None: models call ``shared_or_none(v) or share(v)``, a C call
for the usual hit (about 40 ns a value less than calling ``share``)."""
SHARED_MAX = 4096
"""Distinct values ``share`` keeps at most: a server sending ever new ones cannot grow it further."""


def share(value: str) -> str:
    """One copy per process of a value of a property that takes few distinct values.

    Used for properties the spec marks ``x-shared-values`` (a status, a
    region, the source index): 100,000 backups then hold one ``"Ready"``
    string, not 100,000 equal ones (about 50 bytes each).
    """
    shared = SHARED.get(value)
    if shared is not None:
        return shared
    if len(SHARED) < SHARED_MAX:
        SHARED[value] = value
    return value


__all__ = [
    "EMPTY",
    "SHARED",
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "WireFormatError",
    "copy_json",
    "expect_any",
    "expect_bool",
    "expect_float",
    "expect_int",
    "expect_str",
    "expected",
    "format_datetime",
    "json_type",
    "missing_or_mistyped",
    "parse_datetime",
    "parse_list",
    "parse_map",
    "reject",
    "share",
    "shared_or_none",
]
