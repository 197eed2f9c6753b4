from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    EMPTY,
    WireFormatError,
    copy_json,
    expected,
    format_datetime,
    missing_or_mistyped,
    parse_datetime,
    reject,
    share,
    shared_or_none,
)

_PROPERTIES: frozenset[str] = frozenset(
    {
        "backup_id",
        "source_index_name",
        "source_index_id",
        "status",
        "cloud",
        "region",
        "name",
        "description",
        "dimension",
        "metric",
        "schema",
        "record_count",
        "namespace_count",
        "size_bytes",
        "tags",
        "created_at",
    }
)


@_attrs_define
class BackupModel:
    """The configuration and status of one backup.

    Parse the JSON with ``from_dict``; ``to_dict()`` gives it back. An optional
    property that is absent or null reads as None; one whose value does not fit
    reads as None too and is listed, with its raw value, in ``invalid_fields``.
    Properties this version of the spec does not declare are kept in
    ``additional_properties``.

    Attributes:
        backup_id (str): Unique identifier of the backup.
        source_index_name (str): Name of the index the backup was taken of.
        source_index_id (str): ID of the index the backup was taken of.
        status (str): State of the backup. Seen values: Initializing, Pending, Ready,
            Failed, InitializationFailed. An open set: expect new values.
        cloud (str): Cloud provider that stores the backup.
        region (str): Cloud region that stores the backup.
        name (str | None): User-given name of the backup.
        description (str | None): User-given description of the backup.
        dimension (int | None): Dimension of the vectors in the backed-up index.
        metric (str | None): Distance metric of the backed-up index. Known values: cosine,
            euclidean, dotproduct. An open set: expect new values.
        schema (MetadataSchema | None): Which metadata fields the backed-up index made filterable.
        record_count (int | None): Number of records in the backup.
        namespace_count (int | None): Number of namespaces in the backup.
        size_bytes (int | None): Size of the backup in bytes.
        tags (dict[str, str] | None): User tags copied from the index.
        created_at (datetime.datetime | None): When the backup was created. The vendor's reference declares a plain
            string; servers send RFC 3339 with `Z` and microseconds
            (`2025-03-11T18:29:50.549505Z`), some with nanoseconds, and the
            reference's own example has no fraction (`2024-03-15T10:30:00Z`).
        created_at_raw (str | None): The server's exact string for ``created_at``, also when
            it is not a timestamp (set by ``from_dict``; ``to_dict`` writes it back).
            ``attrs.evolve(obj, created_at=...)`` drops it.
        additional_properties (Mapping[str, Any]): Properties the spec does not declare.
        invalid_fields (Mapping[str, Any]): Optional properties whose value did not fit, with
            that value (set by ``from_dict``; they read as None).
        null_fields (tuple[str, ...]): Optional properties sent as an explicit null (set by
            ``from_dict``, so that ``to_dict`` sends them back).
    """

    backup_id: str
    source_index_name: str
    source_index_id: str
    status: str
    cloud: str
    region: str
    name: str | None = None
    description: str | None = None
    dimension: int | None = None
    metric: str | None = None
    schema: MetadataSchema | None = None
    record_count: int | None = None
    namespace_count: int | None = None
    size_bytes: int | None = None
    tags: dict[str, str] | None = None
    created_at: datetime.datetime | None = None
    additional_properties: Mapping[str, Any] = _attrs_field(default=EMPTY, kw_only=True)
    # What only from_dict sets, kept out of repr: the typed fields say it all.
    created_at_raw: str | None = _attrs_field(default=None, init=False, repr=False)
    invalid_fields: Mapping[str, Any] = _attrs_field(
        default=EMPTY, init=False, repr=False
    )
    null_fields: tuple[str, ...] = _attrs_field(default=(), init=False, repr=False)

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any], *, strict: bool = False) -> Self:
        """Parse one JSON object; raises ``WireFormatError`` when it cannot be typed.

        With ``strict=True`` an optional property that does not fit raises too.
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise WireFormatError(expected("an object", src_dict))
        d = src_dict
        # Filled only on the rare paths: a property sent as null, or one that does not fit.
        invalid: dict[str, Any] | None = None
        nulls: tuple[str, ...] = ()

        backup_id = d.get("backup_id")
        if type(backup_id) is not str:
            raise missing_or_mistyped(d, "backup_id", "a string")

        source_index_name = d.get("source_index_name")
        if type(source_index_name) is not str:
            raise missing_or_mistyped(d, "source_index_name", "a string")
        source_index_name = shared_or_none(source_index_name) or share(
            source_index_name
        )

        source_index_id = d.get("source_index_id")
        if type(source_index_id) is not str:
            raise missing_or_mistyped(d, "source_index_id", "a string")
        source_index_id = shared_or_none(source_index_id) or share(source_index_id)

        status = d.get("status")
        if type(status) is not str:
            raise missing_or_mistyped(d, "status", "a string")
        status = shared_or_none(status) or share(status)

        cloud = d.get("cloud")
        if type(cloud) is not str:
            raise missing_or_mistyped(d, "cloud", "a string")
        cloud = shared_or_none(cloud) or share(cloud)

        region = d.get("region")
        if type(region) is not str:
            raise missing_or_mistyped(d, "region", "a string")
        region = shared_or_none(region) or share(region)

        name = d.get("name")
        if name is None:
            if "name" in d:
                nulls += ("name",)
        elif type(name) is not str:
            invalid = reject(invalid, strict, "name", name, expected("a string", name))
            name = None

        description = d.get("description")
        if description is None:
            if "description" in d:
                nulls += ("description",)
        elif type(description) is not str:
            invalid = reject(
                invalid,
                strict,
                "description",
                description,
                expected("a string", description),
            )
            description = None

        dimension = d.get("dimension")
        if dimension is None:
            if "dimension" in d:
                nulls += ("dimension",)
        elif type(dimension) is not int:
            invalid = reject(
                invalid,
                strict,
                "dimension",
                dimension,
                expected("an integer", dimension),
            )
            dimension = None

        metric = d.get("metric")
        if metric is None:
            if "metric" in d:
                nulls += ("metric",)
        elif type(metric) is not str:
            invalid = reject(
                invalid, strict, "metric", metric, expected("a string", metric)
            )
            metric = None
        else:
            metric = shared_or_none(metric) or share(metric)

        _schema = d.get("schema")
        schema: MetadataSchema | None = None
        if _schema is None:
            if "schema" in d:
                nulls += ("schema",)
        else:
            try:
                schema = MetadataSchema.from_dict(_schema, strict=True)
            except WireFormatError as exc:
                invalid = reject(invalid, strict, "schema", _schema, str(exc))

        record_count = d.get("record_count")
        if record_count is None:
            if "record_count" in d:
                nulls += ("record_count",)
        elif type(record_count) is not int:
            invalid = reject(
                invalid,
                strict,
                "record_count",
                record_count,
                expected("an integer", record_count),
            )
            record_count = None

        namespace_count = d.get("namespace_count")
        if namespace_count is None:
            if "namespace_count" in d:
                nulls += ("namespace_count",)
        elif type(namespace_count) is not int:
            invalid = reject(
                invalid,
                strict,
                "namespace_count",
                namespace_count,
                expected("an integer", namespace_count),
            )
            namespace_count = None

        size_bytes = d.get("size_bytes")
        if size_bytes is None:
            if "size_bytes" in d:
                nulls += ("size_bytes",)
        elif type(size_bytes) is not int:
            invalid = reject(
                invalid,
                strict,
                "size_bytes",
                size_bytes,
                expected("an integer", size_bytes),
            )
            size_bytes = None

        tags = d.get("tags")
        if tags is None:
            if "tags" in d:
                nulls += ("tags",)
        elif not (
            type(tags) is dict and all(type(item) is str for item in tags.values())
        ):
            invalid = reject(
                invalid, strict, "tags", tags, expected("an object of strings", tags)
            )
            tags = None

        _created_at = d.get("created_at")
        created_at: datetime.datetime | None = None
        if _created_at is None:
            if "created_at" in d:
                nulls += ("created_at",)
        else:
            try:
                created_at = parse_datetime(_created_at)
            except WireFormatError as exc:
                invalid = reject(invalid, strict, "created_at", _created_at, str(exc))

        obj = cls(
            backup_id,
            source_index_name,
            source_index_id,
            status,
            cloud,
            region,
            name,
            description,
            dimension,
            metric,
            schema,
            record_count,
            namespace_count,
            size_bytes,
            tags,
            created_at,
        )
        if not _PROPERTIES.issuperset(d):
            obj.additional_properties = {
                k: v for k, v in d.items() if k not in _PROPERTIES
            }
        if type(_created_at) is str:
            obj.created_at_raw = _created_at
        if invalid is not None:
            obj.invalid_fields = invalid
        if nulls:
            obj.null_fields = nulls
        return obj

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: the one ``from_dict`` parsed, or one built from the fields."""
        field_dict: dict[str, Any] = copy_json(dict(self.additional_properties))
        field_dict["backup_id"] = self.backup_id
        field_dict["source_index_name"] = self.source_index_name
        field_dict["source_index_id"] = self.source_index_id
        field_dict["status"] = self.status
        field_dict["cloud"] = self.cloud
        field_dict["region"] = self.region
        if self.name is not None:
            field_dict["name"] = self.name
        if self.description is not None:
            field_dict["description"] = self.description
        if self.dimension is not None:
            field_dict["dimension"] = self.dimension
        if self.metric is not None:
            field_dict["metric"] = self.metric
        if self.schema is not None:
            field_dict["schema"] = self.schema.to_dict()
        if self.record_count is not None:
            field_dict["record_count"] = self.record_count
        if self.namespace_count is not None:
            field_dict["namespace_count"] = self.namespace_count
        if self.size_bytes is not None:
            field_dict["size_bytes"] = self.size_bytes
        if self.tags is not None:
            field_dict["tags"] = copy_json(self.tags)
        if self.created_at is not None:
            field_dict["created_at"] = (
                self.created_at_raw
                if self.created_at_raw is not None
                else format_datetime(self.created_at)
            )
        for name in self.null_fields:
            field_dict[name] = None
        field_dict.update(copy_json(dict(self.invalid_fields)))
        return field_dict


from ..models.metadata_schema import MetadataSchema
