"""The public result types: ``Backup`` and ``Page``.

A ``Backup`` keeps the JSON object the server sent and reads its fields
through checks derived from the generated ``BackupModel`` (see ``_wire``), so
nothing the server sent is lost, unknown fields stay reachable, and a field
added to the spec appears after regeneration with no edit here.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

from ._config import LOGGER_NAME

if TYPE_CHECKING:
    from pinecone_backups_api.models.backup_model import BackupModel
    from pinecone_backups_api.types import Unset

    from ._wire import ModelShape

__all__ = ["Backup", "Page"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")
_UNPARSED: Final = object()
_fromisoformat: Final = datetime.fromisoformat
_SHAPE: ModelShape | None = None


def _shape() -> ModelShape:
    """The generated BackupModel's shape, loaded (and checked against Backup) on first use.

    Loading it imports the generated package and attrs: done when the first
    backup is built, not when ``pinecone_backups`` is imported.
    """
    if _SHAPE is not None:
        return _SHAPE
    return _load_shape()


def _load_shape() -> ModelShape:
    global _SHAPE
    from ._wire import backup_shape

    shape = backup_shape()
    for attribute in vars(Backup).values():
        if isinstance(attribute, _Field | _Required):
            attribute.verify(shape)
    _SHAPE = shape
    return shape


class SchemaViolation(Exception):
    """A backup object that cannot be typed; the caller adds the response context."""


def parse_timestamp(value: str) -> datetime:
    """Read a server timestamp as a timezone-aware ``datetime``.

    The common forms (``2025-03-11T18:29:50.549505Z``, ``2024-03-15 10:30:00+00:00``,
    nanoseconds) take the C fast path; other ISO 8601 forms go through dateutil.
    A timestamp without an offset is taken as UTC. Raises ``ValueError``.
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        # Only ISO 8601 forms: a free-form parser would complete "March" or
        # "10:30" from today's date and invent an instant.
        from dateutil.parser import isoparse  # rare path: keep it out of import time

        try:
            parsed = isoparse(value)
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"unrecognised timestamp {value!r}") from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _require_field(shape: ModelShape, name: str) -> None:
    if name not in shape.fields:
        raise ImportError(
            f"Backup.{name} reads BackupModel.{name}, which the generated package no "
            "longer has: the spec dropped a field the wrapper relies on"
        )


class _Field(Generic[T]):
    """A typed, read-only view of one field of the generated ``BackupModel``.

    ``read`` names the generated attribute for the type checker: mypy fails
    when the generated model loses the field or changes its type. At run time
    the first backup built checks the name too, raising ``ImportError`` for a
    field the generated package no longer has: a spec change that removes a
    field the wrapper relies on is loud either way.
    """

    __slots__ = ("name",)

    def __init__(self, read: Callable[[BackupModel], T | Unset], *, wire: str = "") -> None:
        self.name = wire

    def __set_name__(self, owner: type, name: str) -> None:
        if not self.name:
            self.name = name

    def verify(self, shape: ModelShape) -> None:
        """Raise ``ImportError`` unless the generated model has this field."""
        _require_field(shape, self.name)

    @overload
    def __get__(self, obj: None, owner: type[Backup]) -> _Field[T]: ...
    @overload
    def __get__(self, obj: Backup, owner: type[Backup]) -> T: ...
    def __get__(self, obj: Backup | None, owner: type[Backup]) -> _Field[T] | T:
        if obj is None:
            return self
        return obj._value(self.name)  # type: ignore[no-any-return]


class _Json(_Field[T]):
    """A field the generated model types as a nested model, read as its JSON."""

    __slots__ = ()

    def __init__(self, read: Callable[[BackupModel], object]) -> None:
        self.name = ""


class _Timestamp(_Field[datetime | None]):
    """A timestamp field: the server's string read as an aware ``datetime``."""

    __slots__ = ()

    def __init__(self, read: Callable[[BackupModel], str | Unset | None]) -> None:
        self.name = ""

    @overload
    def __get__(self, obj: None, owner: type[Backup]) -> _Timestamp: ...
    @overload
    def __get__(self, obj: Backup, owner: type[Backup]) -> datetime | None: ...
    def __get__(self, obj: Backup | None, owner: type[Backup]) -> _Timestamp | datetime | None:
        if obj is None:
            return self
        parsed = obj._created_at
        if parsed is _UNPARSED:
            raw = obj._raw.get("created_at")
            if type(raw) is not str:
                return obj._timestamp()
            # The common RFC 3339 forms, inline: this runs for every backup read.
            try:
                parsed = _fromisoformat(raw)
            except ValueError:
                return obj._timestamp()
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            obj._created_at = parsed
        return parsed  # type: ignore[return-value]


class _Required:
    """A required string field: checked when the backup was built, read directly."""

    __slots__ = ("name",)

    def __init__(self, read: Callable[[BackupModel], str]) -> None:
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def verify(self, shape: ModelShape) -> None:
        """Raise ``ImportError`` unless the generated model has this as a required string."""
        _require_field(shape, self.name)
        if shape.scalar_types.get(self.name) != frozenset({str}) or (
            self.name not in shape.required
        ):
            raise ImportError(f"BackupModel.{self.name} is no longer a required string")

    @overload
    def __get__(self, obj: None, owner: type[Backup]) -> _Required: ...
    @overload
    def __get__(self, obj: Backup, owner: type[Backup]) -> str: ...
    def __get__(self, obj: Backup | None, owner: type[Backup]) -> _Required | str:
        if obj is None:
            return self
        value: str = obj._raw[self.name]
        return value


def _diagnose(raw: object, where: str) -> None:
    if type(raw) is not dict:
        raise SchemaViolation(f"{where} is not a JSON object but {type(raw).__name__}")
    # Says which rule of ModelShape.required_check the object broke.
    shape = _shape()
    for name in shape.required:
        if name not in raw:
            raise SchemaViolation(f"{where} lacks required field {name!r}")
        allowed = shape.scalar_types.get(name)
        if allowed is not None and len(allowed) == 1 and type(raw[name]) not in allowed:
            (expected,) = allowed
            raise SchemaViolation(
                f"{where} has a non-{_JSON_NAMES.get(expected, expected.__name__)} "
                f"required field {name!r}"
            )


class Backup:
    """One backup, as the server described it.

    Every field of the API's ``BackupModel`` is an attribute; an optional field
    that is absent or ``null`` reads as ``None``. ``created_at`` is a
    timezone-aware ``datetime`` (``created_at_raw`` keeps the server's string,
    nanoseconds included). Fields the server added that this version does not
    know are kept in ``extra``; ``to_dict()`` gives back the JSON unchanged.

    In the default (lenient) mode an optional field whose value has the wrong
    type reads as ``None``, is listed in ``invalid_fields`` and logs a warning
    (once, when first read: fields are checked lazily, so a listing stays fast);
    its raw value stays in ``to_dict()``. A client built with ``strict=True``
    raises ``MalformedResponseError`` instead.

    Example:
        >>> backup = client.describe_backup("8c85e612-ed1c-4f97-9f8c-8194e07bcf71")
        >>> backup.status, backup.created_at.year
        ('Ready', 2025)
    """

    # Building a backup sets _raw and _created_at (the hot path of a listing);
    # _warned is filled on first use.
    __slots__ = ("_created_at", "_raw", "_warned")

    # Each attribute names its generated field (for mypy) and takes its name.
    backup_id: _Required = _Required(lambda m: m.backup_id)
    source_index_name: _Required = _Required(lambda m: m.source_index_name)
    source_index_id: _Required = _Required(lambda m: m.source_index_id)
    status: _Required = _Required(lambda m: m.status)
    cloud: _Required = _Required(lambda m: m.cloud)
    region: _Required = _Required(lambda m: m.region)
    name: _Field[str | None] = _Field(lambda m: m.name)
    description: _Field[str | None] = _Field(lambda m: m.description)
    dimension: _Field[int | None] = _Field(lambda m: m.dimension)
    metric: _Field[str | None] = _Field(lambda m: m.metric)
    schema: _Json[dict[str, Any] | None] = _Json(lambda m: m.schema)
    record_count: _Field[int | None] = _Field(lambda m: m.record_count)
    namespace_count: _Field[int | None] = _Field(lambda m: m.namespace_count)
    size_bytes: _Field[int | None] = _Field(lambda m: m.size_bytes)
    tags: _Json[dict[str, str] | None] = _Json(lambda m: m.tags)
    created_at: _Timestamp = _Timestamp(lambda m: m.created_at)
    created_at_raw: _Field[str | None] = _Field(lambda m: m.created_at, wire="created_at")

    _raw: dict[str, Any]
    _created_at: object  # datetime | None once parsed, _UNPARSED before
    _warned: set[str]

    def __init__(self, data: Mapping[str, Any], *, strict: bool = False) -> None:
        """Build a backup from its JSON object (as ``to_dict()`` returns it).

        Args:
            data: The backup's JSON object.
            strict: Raise on an optional field of the wrong type instead of reading it as None.

        Raises:
            ValueError: A required field is missing or not a string, or (strict) a field is invalid.
        """
        try:
            built = self._from_wire(dict(data), strict, "backup")
        except SchemaViolation as exc:
            raise ValueError(str(exc)) from None
        self._raw = built._raw
        self._created_at = _UNPARSED

    @classmethod
    def _from_wire(cls, raw: object, strict: bool, where: str) -> Backup:
        return cls._many_from_wire([raw], strict, lambda _: where)[0]

    @classmethod
    def _many_from_wire(
        cls, items: list[Any], strict: bool, where: Callable[[int], str]
    ) -> list[Backup]:
        # The hot path of every listing: only what makes a backup a backup is
        # checked here; optional fields are checked when read (or here, if strict).
        new = object.__new__
        required_ok = _shape().required_check
        backups: list[Backup] = []
        append = backups.append
        for raw in items:
            if type(raw) is not dict or not required_ok(raw):
                _diagnose(raw, where(len(backups)))
            backup = new(cls)
            backup._raw = raw
            backup._created_at = _UNPARSED
            append(backup)
        if strict:
            for index, backup in enumerate(backups):
                bad = backup._find_invalid()
                if bad:
                    field = bad[0]
                    raise SchemaViolation(
                        f"{where(index)} ({_short(backup._raw['backup_id'])}) has "
                        f"{_describe_invalid(backup, field)}"
                    )
        return backups

    def _find_invalid(self) -> list[str]:
        bad = _shape().invalid_fields(self._raw)
        if "created_at" not in bad and self._timestamp() is None and self._raw.get("created_at"):
            bad.append("created_at")
        return bad

    def _timestamp(self) -> datetime | None:
        parsed = self._created_at
        if parsed is _UNPARSED:
            raw = self._raw.get("created_at")
            parsed = None
            if type(raw) is str:
                try:
                    parsed = parse_timestamp(raw)
                except ValueError:
                    self._warn("created_at")
            self._created_at = parsed
        return parsed  # type: ignore[return-value]

    def _warn(self, field: str) -> None:
        warned = getattr(self, "_warned", None)
        if warned is None:
            warned = self._warned = set()
        if field in warned:
            return
        warned.add(field)
        # The odd value itself stays out of the message (types only); the
        # logger's filter redacts a key a server might echo into backup_id.
        logger.warning(
            "backup %s has %s; it reads as None, the raw value stays in to_dict() "
            "and the field is listed in invalid_fields",
            _short(self._raw["backup_id"]),
            _describe_invalid(self, field),
        )

    def _value(self, name: str) -> Any:
        value = self._raw.get(name)
        if value is None:
            return None
        shape = _shape()
        allowed = shape.scalar_types.get(name)
        if allowed is not None:
            if type(value) in allowed:
                return value
        elif shape.checks[name](value):
            return copy.deepcopy(value)
        self._warn(name)
        return None

    def __getattr__(self, name: str) -> Any:
        # Fields the generated model has but this class declares no attribute for
        # (a spec that gained a field) are still reachable, untyped.
        if name in _shape().fields:
            return self._value(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def extra(self) -> dict[str, Any]:
        """Fields the server sent that the API version this SDK pins does not declare."""
        fields = _shape().fields
        return {k: copy.deepcopy(v) for k, v in self._raw.items() if k not in fields}

    @property
    def invalid_fields(self) -> frozenset[str]:
        """Optional fields whose value does not fit the declared type (they read as None)."""
        return frozenset(self._find_invalid())

    @property
    def raw(self) -> Mapping[str, Any]:
        """A read-only view of the JSON object exactly as the server sent it."""
        return MappingProxyType(self._raw)

    def to_dict(self) -> dict[str, Any]:
        """The backup's JSON object, exactly as the server sent it (a deep copy)."""
        return copy.deepcopy(self._raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Backup):
            return NotImplemented
        return self._raw == other._raw

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        raw = self._raw
        return (
            f"Backup(backup_id={raw['backup_id']!r}, source_index_name="
            f"{raw['source_index_name']!r}, status={raw['status']!r}, "
            f"created_at={raw.get('created_at')!r})"
        )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


_JSON_NAMES: Final = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def _describe_invalid(backup: Backup, field: str) -> str:
    """What is wrong with a field, by JSON types only (never the value itself)."""
    value = backup._raw[field]
    found = _JSON_NAMES.get(type(value), type(value).__name__)
    allowed = _shape().scalar_types.get(field)
    if field == "created_at" and type(value) is str:
        return "a 'created_at' string that is not an ISO 8601 timestamp"
    if allowed is None:
        return f"an invalid {found} for {field!r} (not the shape the API declares)"
    expected = " or ".join(sorted(_JSON_NAMES.get(t, t.__name__) for t in allowed))
    return f"an invalid value for {field!r}: {expected} expected, {found} found"


class Page:
    """One page of a listing: its backups and the token of the next page.

    ``next_token`` is None on the last page. Save it to resume a walk later:
    ``client.iter_backups(index, pagination_token=page.next_token)``.

    Example:
        >>> page = client.list_backups("docs-example", limit=10)
        >>> [b.backup_id for b in page], page.next_token
    """

    __slots__ = ("backups", "next_token")

    def __init__(self, backups: list[Backup], next_token: str | None) -> None:
        """Args:
        backups: The backups on this page, in server order.
        next_token: The token for the next page, or None on the last page.
        """
        self.backups = backups
        self.next_token = next_token

    @property
    def has_next(self) -> bool:
        """Whether another page follows this one."""
        return self.next_token is not None

    def __iter__(self) -> Iterator[Backup]:
        """The backups on this page (not the following pages: use ``client.iter_backups``)."""
        return iter(self.backups)

    def __len__(self) -> int:
        return len(self.backups)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return self.backups == other.backups and self.next_token == other.next_token

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Page(backups=<{len(self.backups)} backups>, next_token={self.next_token!r})"
