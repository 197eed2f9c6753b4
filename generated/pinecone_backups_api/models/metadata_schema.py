from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.metadata_schema_fields import MetadataSchemaFields


T = TypeVar("T", bound="MetadataSchema")


@_attrs_define
class MetadataSchema:
    """Which metadata fields are indexed for filtering.

    Example:
        {'fields': {'genre': {'filterable': True}, 'year': {'filterable': True}}}

    Attributes:
        fields (MetadataSchemaFields): Metadata field name to its configuration.
    """

    fields: MetadataSchemaFields
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fields = self.fields.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fields": fields,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.metadata_schema_fields import MetadataSchemaFields

        d = dict(src_dict)
        fields = MetadataSchemaFields.from_dict(d.pop("fields"))

        metadata_schema = cls(
            fields=fields,
        )

        metadata_schema.additional_properties = d
        return metadata_schema

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
