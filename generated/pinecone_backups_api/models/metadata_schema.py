from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    EMPTY,
    WireFormatError,
    copy_json,
    expected,
    parse_map,
)

_PROPERTIES: frozenset[str] = frozenset(
    {
        "fields",
    }
)


@_attrs_define
class MetadataSchema:
    """Which metadata fields are indexed for filtering.

    Parse the JSON with ``from_dict``; ``to_dict()`` gives it back. An optional
    property that is absent or null reads as None; one whose value does not fit
    reads as None too and is listed, with its raw value, in ``invalid_fields``.
    Properties this version of the spec does not declare are kept in
    ``additional_properties``.

    Attributes:
        fields (dict[str, MetadataFieldConfig]): Metadata field name to its configuration.
        additional_properties (Mapping[str, Any]): Properties the spec does not declare.
        invalid_fields (Mapping[str, Any]): Optional properties whose value did not fit, with
            that value (set by ``from_dict``; they read as None).
        null_fields (tuple[str, ...]): Optional properties sent as an explicit null (set by
            ``from_dict``, so that ``to_dict`` sends them back).
    """

    fields: dict[str, MetadataFieldConfig]
    additional_properties: Mapping[str, Any] = _attrs_field(default=EMPTY, kw_only=True)
    # What only from_dict sets, kept out of repr: the typed fields say it all.
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

        if "fields" not in d:
            raise WireFormatError("required property 'fields' is missing")
        try:
            fields = parse_map(
                d["fields"],
                lambda item: MetadataFieldConfig.from_dict(item, strict=strict),
            )
        except WireFormatError as exc:
            raise WireFormatError(f"property 'fields': {exc}") from None

        obj = cls(
            fields,
        )
        if not _PROPERTIES.issuperset(d):
            obj.additional_properties = {
                k: v for k, v in d.items() if k not in _PROPERTIES
            }
        if invalid is not None:
            obj.invalid_fields = invalid
        if nulls:
            obj.null_fields = nulls
        return obj

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: the one ``from_dict`` parsed, or one built from the fields."""
        field_dict: dict[str, Any] = copy_json(dict(self.additional_properties))
        field_dict["fields"] = {
            key: item.to_dict() for key, item in self.fields.items()
        }
        for name in self.null_fields:
            field_dict[name] = None
        field_dict.update(copy_json(dict(self.invalid_fields)))
        return field_dict


from ..models.metadata_field_config import MetadataFieldConfig
