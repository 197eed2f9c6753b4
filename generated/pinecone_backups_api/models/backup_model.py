from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.index_tags import IndexTags
    from ..models.metadata_schema import MetadataSchema


T = TypeVar("T", bound="BackupModel")


@_attrs_define
class BackupModel:
    """The configuration and status of one backup.

    Attributes:
        backup_id (str): Unique identifier of the backup. Example: 670e8400-e29b-41d4-a716-446655440001.
        source_index_name (str): Name of the index the backup was taken of. Example: my-index.
        source_index_id (str): ID of the index the backup was taken of. Example: 670e8400-e29b-41d4-a716-446655440000.
        status (str): State of the backup. Seen values: Initializing, Pending, Ready,
            Failed, InitializationFailed. An open set: expect new values.
             Example: Ready.
        cloud (str): Cloud provider that stores the backup. Example: aws.
        region (str): Cloud region that stores the backup. Example: us-east-1.
        name (None | str | Unset): User-given name of the backup. Example: backup-2025-02-04.
        description (None | str | Unset): User-given description of the backup. Example: Backup before bulk update..
        dimension (int | None | Unset): Dimension of the vectors in the backed-up index. Example: 1536.
        metric (None | str | Unset): Distance metric of the backed-up index. Known values: cosine,
            euclidean, dotproduct. An open set: expect new values.
             Example: cosine.
        schema (MetadataSchema | None | Unset): Which metadata fields the backed-up index made filterable.
        record_count (int | None | Unset): Number of records in the backup. Example: 120000.
        namespace_count (int | None | Unset): Number of namespaces in the backup. Example: 3.
        size_bytes (int | None | Unset): Size of the backup in bytes. Example: 10000000.
        tags (IndexTags | None | Unset): User tags copied from the index.
        created_at (None | str | Unset): When the backup was created. Declared a plain string: servers send
            RFC 3339 (`2025-03-11T18:29:50.549505Z`, sometimes with
            nanoseconds) and published examples use `2024-03-15 10:30:00+00:00`.
             Example: 2025-03-11T18:29:50.549505Z.
    """

    backup_id: str
    source_index_name: str
    source_index_id: str
    status: str
    cloud: str
    region: str
    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    dimension: int | None | Unset = UNSET
    metric: None | str | Unset = UNSET
    schema: MetadataSchema | None | Unset = UNSET
    record_count: int | None | Unset = UNSET
    namespace_count: int | None | Unset = UNSET
    size_bytes: int | None | Unset = UNSET
    tags: IndexTags | None | Unset = UNSET
    created_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.index_tags import IndexTags
        from ..models.metadata_schema import MetadataSchema

        backup_id = self.backup_id

        source_index_name = self.source_index_name

        source_index_id = self.source_index_id

        status = self.status

        cloud = self.cloud

        region = self.region

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        dimension: int | None | Unset
        if isinstance(self.dimension, Unset):
            dimension = UNSET
        else:
            dimension = self.dimension

        metric: None | str | Unset
        if isinstance(self.metric, Unset):
            metric = UNSET
        else:
            metric = self.metric

        schema: dict[str, Any] | None | Unset
        if isinstance(self.schema, Unset):
            schema = UNSET
        elif isinstance(self.schema, MetadataSchema):
            schema = self.schema.to_dict()
        else:
            schema = self.schema

        record_count: int | None | Unset
        if isinstance(self.record_count, Unset):
            record_count = UNSET
        else:
            record_count = self.record_count

        namespace_count: int | None | Unset
        if isinstance(self.namespace_count, Unset):
            namespace_count = UNSET
        else:
            namespace_count = self.namespace_count

        size_bytes: int | None | Unset
        if isinstance(self.size_bytes, Unset):
            size_bytes = UNSET
        else:
            size_bytes = self.size_bytes

        tags: dict[str, Any] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, IndexTags):
            tags = self.tags.to_dict()
        else:
            tags = self.tags

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        else:
            created_at = self.created_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "backup_id": backup_id,
                "source_index_name": source_index_name,
                "source_index_id": source_index_id,
                "status": status,
                "cloud": cloud,
                "region": region,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if dimension is not UNSET:
            field_dict["dimension"] = dimension
        if metric is not UNSET:
            field_dict["metric"] = metric
        if schema is not UNSET:
            field_dict["schema"] = schema
        if record_count is not UNSET:
            field_dict["record_count"] = record_count
        if namespace_count is not UNSET:
            field_dict["namespace_count"] = namespace_count
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes
        if tags is not UNSET:
            field_dict["tags"] = tags
        if created_at is not UNSET:
            field_dict["created_at"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.index_tags import IndexTags
        from ..models.metadata_schema import MetadataSchema

        d = dict(src_dict)
        backup_id = d.pop("backup_id")

        source_index_name = d.pop("source_index_name")

        source_index_id = d.pop("source_index_id")

        status = d.pop("status")

        cloud = d.pop("cloud")

        region = d.pop("region")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_dimension(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dimension = _parse_dimension(d.pop("dimension", UNSET))

        def _parse_metric(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        metric = _parse_metric(d.pop("metric", UNSET))

        def _parse_schema(data: object) -> MetadataSchema | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                schema_type_1 = MetadataSchema.from_dict(data)

                return schema_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MetadataSchema | None | Unset, data)

        schema = _parse_schema(d.pop("schema", UNSET))

        def _parse_record_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        record_count = _parse_record_count(d.pop("record_count", UNSET))

        def _parse_namespace_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        namespace_count = _parse_namespace_count(d.pop("namespace_count", UNSET))

        def _parse_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes", UNSET))

        def _parse_tags(data: object) -> IndexTags | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tags_type_1 = IndexTags.from_dict(data)

                return tags_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IndexTags | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        def _parse_created_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

        backup_model = cls(
            backup_id=backup_id,
            source_index_name=source_index_name,
            source_index_id=source_index_id,
            status=status,
            cloud=cloud,
            region=region,
            name=name,
            description=description,
            dimension=dimension,
            metric=metric,
            schema=schema,
            record_count=record_count,
            namespace_count=namespace_count,
            size_bytes=size_bytes,
            tags=tags,
            created_at=created_at,
        )

        backup_model.additional_properties = d
        return backup_model

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
