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
    missing_or_mistyped,
    reject,
)

_PROPERTIES: frozenset[str] = frozenset(
    {
        "data",
        "pagination",
    }
)


@_attrs_define
class BackupList:
    """One page of backups.

    Parse the JSON with ``from_dict``; ``to_dict()`` gives it back. An optional
    property that is absent or null reads as None; one whose value does not fit
    reads as None too and is listed, with its raw value, in ``invalid_fields``.
    Properties this version of the spec does not declare are kept in
    ``additional_properties``.

    Attributes:
        data (list[BackupModel]): The backups on this page.
        pagination (PaginationResponse | None): Present with a `next` token when another page follows; null or absent on the last page.
        additional_properties (Mapping[str, Any]): Properties the spec does not declare.
        invalid_fields (Mapping[str, Any]): Optional properties whose value did not fit, with
            that value (set by ``from_dict``; they read as None).
        null_fields (tuple[str, ...]): Optional properties sent as an explicit null (set by
            ``from_dict``, so that ``to_dict`` sends them back).
    """

    data: list[BackupModel]
    pagination: PaginationResponse | None = None
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

        _data = d.get("data")
        if type(_data) is not list:
            raise missing_or_mistyped(d, "data", "an array")
        data = []
        for index, item in enumerate(_data):
            try:
                data.append(BackupModel.from_dict(item, strict=strict))
            except WireFormatError as exc:
                raise WireFormatError(f"property 'data': item {index}: {exc}") from None

        _pagination = d.get("pagination")
        pagination: PaginationResponse | None = None
        if _pagination is None:
            if "pagination" in d:
                nulls += ("pagination",)
        else:
            try:
                pagination = PaginationResponse.from_dict(_pagination, strict=True)
            except WireFormatError as exc:
                invalid = reject(invalid, strict, "pagination", _pagination, str(exc))

        obj = cls(
            data,
            pagination,
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
        field_dict["data"] = [item.to_dict() for item in self.data]
        if self.pagination is not None:
            field_dict["pagination"] = self.pagination.to_dict()
        for name in self.null_fields:
            field_dict[name] = None
        field_dict.update(copy_json(dict(self.invalid_fields)))
        return field_dict


from ..models.backup_model import BackupModel
from ..models.pagination_response import PaginationResponse
