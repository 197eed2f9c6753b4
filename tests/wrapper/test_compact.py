"""Held backups are compact: low-cardinality strings are one object per process (issue 11)."""

from __future__ import annotations

import json

import pytest
from pinecone_backups_api import types as gen_types
from pinecone_backups_api.models import BackupModel

from pinecone_backups.testing import FakePinecone

SHARED = ("source_index_name", "source_index_id", "status", "cloud", "region", "metric")


def _parsed(count: int) -> tuple[list[dict[str, object]], list[BackupModel]]:
    wire = FakePinecone(api_key="k").seed("compact-index", count)
    # json.loads makes a new string object for every value, as a response does.
    fresh = json.loads(json.dumps(wire))
    return fresh, [BackupModel.from_dict(item) for item in fresh]


def test_low_cardinality_values_are_one_object_and_unchanged() -> None:
    wire, backups = _parsed(20)
    for name in SHARED:
        values = [getattr(b, name) for b in backups]
        assert values == [item[name] for item in wire]
        assert len({id(v) for v in values}) == len(set(values)), name
    # Unique values are left alone (and not kept by the cache).
    assert len({id(b.backup_id) for b in backups}) == 20
    assert all(b.to_dict() == item for b, item in zip(backups, wire, strict=True))


def test_the_cache_of_shared_values_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen_types, "SHARED", {})
    monkeypatch.setattr(gen_types, "SHARED_MAX", 2)
    values = ["".join(["value-", str(n)]) for n in range(5)]
    assert [gen_types.share(v) for v in values] == values
    assert list(gen_types.SHARED) == values[:2]
    again = "".join(["value-", "0"])
    assert gen_types.share(again) is values[0]


def test_an_empty_string_is_kept_exactly() -> None:
    wire = FakePinecone(api_key="k").seed("i", 1)[0]
    assert isinstance(wire, dict)
    backup = BackupModel.from_dict({**wire, "region": "", "metric": ""})
    assert backup.region == ""
    assert backup.metric == ""
