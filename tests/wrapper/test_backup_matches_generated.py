"""Backup's typed attributes agree with the generated BackupModel, so the wrapper
re-declares nothing that could drift from the spec."""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any

import attrs
import pinecone_backups_api.models as generated
from pinecone_backups_api.types import Unset

from pinecone_backups import Backup
from pinecone_backups._models import _Field, _Json, _Required, _Timestamp


def _wire_type(hint: object) -> object:
    """The generated hint as a user sees it: Unset dropped, nested models as JSON dicts."""
    members = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    kept = []
    for member in members:
        if member is Unset:
            continue
        if isinstance(member, type) and attrs.has(member):
            extra = typing.get_type_hints(member, localns=vars(generated)).get(
                "additional_properties"
            )
            declared = [f.name for f in attrs.fields(member) if f.name != "additional_properties"]
            value = typing.get_args(extra)[1] if extra is not None and not declared else Any
            member = dict[str, value]  # type: ignore[valid-type]
        kept.append(member)
    result = kept[0]
    for member in kept[1:]:
        result = result | member  # type: ignore[operator]
    return result


def _declared() -> dict[str, object]:
    hints = typing.get_type_hints(Backup, localns=vars(__import__("pinecone_backups._models")))
    return {
        name: hint
        for name, hint in hints.items()
        if typing.get_origin(hint) in (_Field, _Json) or hint in (_Required, _Timestamp)
    }


def test_every_generated_field_has_a_typed_attribute() -> None:
    generated_fields = {
        f.name for f in attrs.fields(generated.BackupModel) if f.name != "additional_properties"
    }
    declared = {getattr(Backup, name).name for name in _declared()}
    assert declared == generated_fields


def test_attribute_types_equal_the_generated_types_without_unset() -> None:
    hints = typing.get_type_hints(generated.BackupModel, localns=vars(generated))
    mismatches = {}
    for attribute, hint in _declared().items():
        field = getattr(Backup, attribute)
        wire = _wire_type(hints[field.name])
        if hint is _Required:
            shown: object = str
        elif hint is _Timestamp:
            assert wire == (str | None)
            continue
        else:
            (shown,) = typing.get_args(hint)
        if shown != wire:
            mismatches[attribute] = (shown, wire)
    assert mismatches == {}


def test_required_attributes_are_exactly_the_generated_required_fields() -> None:
    required = {
        f.name
        for f in attrs.fields(generated.BackupModel)
        if f.default is attrs.NOTHING and f.name != "additional_properties"
    }
    assert {name for name, hint in _declared().items() if hint is _Required} == required


def test_created_at_is_read_as_a_datetime() -> None:
    backup = Backup(
        {
            "backup_id": "b",
            "source_index_name": "i",
            "source_index_id": "x",
            "status": "Ready",
            "cloud": "aws",
            "region": "r",
            "created_at": "2025-03-11T18:29:50.549505Z",
        }
    )
    assert isinstance(backup.created_at, datetime)
    assert backup.created_at_raw == "2025-03-11T18:29:50.549505Z"
