"""``Backup`` and ``Page`` as users see them, read from ``FakePinecone`` over real HTTP."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from pinecone_backups_api.models import BackupModel
from pinecone_backups_api.types import Unset

from pinecone_backups import Backup, Client, MalformedResponseError, Page
from pinecone_backups.testing import OMIT, FakePinecone

MakeClient = Callable[..., Client]
INDEX = "docs-example"
REQUIRED = ("backup_id", "source_index_name", "source_index_id", "status", "cloud", "region")
OPTIONAL = (
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
)


def listed(client: Client, index: str = INDEX) -> list[Backup]:
    return list(client.iter_backups(index))


def both_ways(client: Client, backup_id: str, index: str = INDEX) -> list[Backup]:
    """The same backup read by describe and by list."""
    from_list = [b for b in listed(client, index) if b.backup_id == backup_id]
    assert len(from_list) == 1
    return [client.describe_backup(backup_id), from_list[0]]


# --- created_at -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03-11T18:29:50.549505Z", datetime(2025, 3, 11, 18, 29, 50, 549505, tzinfo=UTC)),
        ("2024-03-15 10:30:00+00:00", datetime(2024, 3, 15, 10, 30, 0, tzinfo=UTC)),
        ("2025-05-15T00:52:10.809305882Z", datetime(2025, 5, 15, 0, 52, 10, 809305, tzinfo=UTC)),
        ("2025-03-11T20:29:50.000001+02:00", datetime(2025, 3, 11, 18, 29, 50, 1, tzinfo=UTC)),
    ],
    ids=["rfc3339-micros", "space-offset", "nanoseconds", "non-utc-offset"],
)
def test_created_at_reads_every_server_form_as_the_right_aware_instant(
    fake: FakePinecone, client: Client, raw: str, expected: datetime
) -> None:
    wire = fake.add_backup(INDEX, created_at=raw)
    for backup in both_ways(client, str(wire["backup_id"])):
        created = backup.created_at
        assert created is not None
        assert created.tzinfo is not None
        assert created.utcoffset() is not None
        assert created == expected
        assert created.microsecond == expected.astimezone(created.tzinfo).microsecond
        assert backup.created_at_raw == raw
        assert backup.to_dict()["created_at"] == raw


def test_created_at_keeps_the_servers_offset(fake: FakePinecone, client: Client) -> None:
    wire = fake.add_backup(INDEX, created_at="2025-03-11T20:29:50+02:00")
    created = client.describe_backup(str(wire["backup_id"])).created_at
    assert created is not None
    assert created.utcoffset() == timedelta(hours=2)
    assert created.astimezone(UTC).hour == 18


@pytest.mark.parametrize("value", [OMIT, None], ids=["absent", "null"])
def test_absent_or_null_created_at_reads_none(
    fake: FakePinecone, client: Client, value: object
) -> None:
    wire = fake.add_backup(INDEX, created_at=value)
    for backup in both_ways(client, str(wire["backup_id"])):
        assert backup.created_at is None
        assert backup.created_at_raw is None
        assert "created_at" not in backup.invalid_fields


# --- fields -----------------------------------------------------------------------


def test_every_field_reads_with_its_declared_type(fake: FakePinecone, client: Client) -> None:
    schema = {"fields": {"genre": {"filterable": True}, "year": {"filterable": False}}}
    wire = fake.add_backup(
        INDEX,
        name="nightly",
        description="Nightly backup",
        dimension=1536,
        metric="dotproduct",
        schema=schema,
        record_count=3_000_000_000,
        namespace_count=7,
        size_bytes=2**42,
        tags={"env": "prod", "owner": ""},
        created_at="2025-03-11T18:29:50.549505Z",
    )
    for backup in both_ways(client, str(wire["backup_id"])):
        for field in REQUIRED:
            value = getattr(backup, field)
            assert isinstance(value, str)
            assert value == wire[field]
        assert backup.name == "nightly"
        assert backup.description == "Nightly backup"
        assert backup.dimension == 1536
        assert type(backup.dimension) is int
        assert backup.metric == "dotproduct"
        assert backup.schema is not None
        assert backup.schema.to_dict() == schema
        assert backup.schema.fields["genre"].filterable is True
        assert backup.record_count == 3_000_000_000
        assert backup.namespace_count == 7
        assert backup.size_bytes == 2**42
        assert backup.tags == {"env": "prod", "owner": ""}
        assert isinstance(backup.created_at, datetime)
        assert backup.invalid_fields == {}
        assert backup.additional_properties == {}


@pytest.mark.parametrize("field", OPTIONAL)
@pytest.mark.parametrize("value", [OMIT, None], ids=["absent", "null"])
def test_absent_or_null_optional_field_reads_none_never_unset(
    fake: FakePinecone, client: Client, field: str, value: object
) -> None:
    wire = fake.add_backup(INDEX, **{field: value})
    for backup in both_ways(client, str(wire["backup_id"])):
        assert getattr(backup, field) is None
        assert field not in backup.invalid_fields
        assert backup.to_dict() == wire
        for name in REQUIRED + OPTIONAL:
            assert not isinstance(getattr(backup, name), Unset)


@pytest.mark.parametrize(("field", "value"), [("metric", "hamming"), ("status", "Archived")])
def test_open_set_values_are_kept_as_they_are(
    fake: FakePinecone, client: Client, field: str, value: str
) -> None:
    wire = fake.add_backup(INDEX, **{field: value})
    for backup in both_ways(client, str(wire["backup_id"])):
        assert getattr(backup, field) == value
        assert field not in backup.invalid_fields


def test_unknown_fields_are_kept_and_to_dict_is_the_wire_json(
    fake: FakePinecone, client: Client
) -> None:
    wire = fake.add_backup(
        INDEX,
        source_index_deleted_at="2026-07-01T00:00:00Z",
        vector_settings={"dimension": 8, "nested": [1, None, {"a": "b"}]},
        tags=None,
        description=None,
    )
    for backup in both_ways(client, str(wire["backup_id"])):
        assert backup.additional_properties == {
            "source_index_deleted_at": "2026-07-01T00:00:00Z",
            "vector_settings": {"dimension": 8, "nested": [1, None, {"a": "b"}]},
        }
        assert backup.to_dict() == wire
        assert backup.null_fields == ("description", "tags")
    assert [b.to_dict() for b in listed(client)] == fake.backups(INDEX)


def test_to_dict_of_a_seeded_listing_equals_what_the_fake_stored(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 120)
    assert [b.to_dict() for b in listed(client)] == fake.backups(INDEX)


def test_to_dict_is_a_copy(fake: FakePinecone, client: Client) -> None:
    wire = fake.add_backup(INDEX, tags={"env": "prod"}, future={"k": "v"}, dimension="big")
    backup = client.describe_backup(str(wire["backup_id"]))
    snapshot = backup.to_dict()
    snapshot["tags"]["env"] = "changed"
    snapshot["future"]["k"] = "changed"
    snapshot["dimension"] = "changed"
    assert backup.to_dict() == wire
    assert backup.tags == {"env": "prod"}


def test_backup_is_the_generated_model_with_a_field_for_every_spec_property() -> None:
    assert Backup is BackupModel
    declared = {f.name for f in attrs.fields(BackupModel)}
    assert set(REQUIRED) | set(OPTIONAL) <= declared


# --- constructor, equality, repr -------------------------------------------------------


def test_backup_built_from_a_dict_equals_the_one_received(
    fake: FakePinecone, client: Client
) -> None:
    wire = fake.add_backup(INDEX, unknown_field=1)
    received = client.describe_backup(str(wire["backup_id"]))
    built = Backup.from_dict(dict(wire))
    assert built == received
    assert built.to_dict() == wire
    assert built.backup_id == wire["backup_id"]
    assert built.additional_properties == {"unknown_field": 1}
    assert Backup.from_dict(received.to_dict()) == received
    assert built != Backup.from_dict({**wire, "unknown_field": 2})


@pytest.mark.parametrize("missing", REQUIRED)
def test_backup_constructor_rejects_a_dict_without_a_required_field(missing: str) -> None:
    data: dict[str, Any] = {name: f"value-of-{name}" for name in REQUIRED}
    del data[missing]
    with pytest.raises(ValueError, match=f"required property '{missing}' is missing"):
        Backup.from_dict(data)


def test_backup_constructor_strict_rejects_an_invalid_optional_field() -> None:
    data: dict[str, Any] = {name: "x" for name in REQUIRED}
    data["dimension"] = "big"
    assert Backup.from_dict(data).dimension is None
    with pytest.raises(ValueError, match="dimension"):
        Backup.from_dict(data, strict=True)


def test_repr_shows_the_typed_fields_not_the_wire_bookkeeping(
    fake: FakePinecone, client: Client
) -> None:
    wire = fake.add_backup(INDEX, dimension="big", name=None)
    text = repr(client.describe_backup(str(wire["backup_id"])))
    assert text.startswith(f"BackupModel(backup_id={wire['backup_id']!r}, ")
    assert "dimension=None" in text
    for bookkeeping in ("invalid_fields", "null_fields", "created_at_raw", "'big'"):
        assert bookkeeping not in text


# --- invalid optional fields -----------------------------------------------------------


def test_invalid_optional_field_reads_none_is_listed_and_logged_once_when_received(
    fake: FakePinecone, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    wire = fake.add_backup(INDEX, dimension="big")
    fake.add_backup(INDEX)
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    for fetch in (lambda: [client.describe_backup(str(wire["backup_id"]))], lambda: listed(client)):
        caplog.clear()
        backups = fetch()
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "dimension" in warnings[0].getMessage()
        assert str(wire["backup_id"]) in warnings[0].getMessage()
        assert "'big'" not in warnings[0].getMessage()
        [backup] = [b for b in backups if b.backup_id == wire["backup_id"]]
        assert backup.dimension is None
        assert backup.invalid_fields == {"dimension": "big"}
        assert backup.to_dict()["dimension"] == "big"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tags", {"env": 3}),
        ("schema", {"no_fields": {}}),
        ("record_count", "12"),
        ("size_bytes", 1.5),
        ("name", 17),
        ("created_at", "not a timestamp at all"),
    ],
)
def test_other_invalid_optional_values_read_none_and_are_listed(
    fake: FakePinecone, client: Client, field: str, value: object
) -> None:
    wire = fake.add_backup(INDEX, **{field: value})
    backup = client.describe_backup(str(wire["backup_id"]))
    assert getattr(backup, field) is None
    assert field in backup.invalid_fields
    assert backup.to_dict()[field] == value


def test_strict_client_raises_malformed_response_naming_field_and_position(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_backup(INDEX)
    fake.add_backup(INDEX)
    bad = fake.add_backup(INDEX, dimension="big")
    client = make_client(strict=True)
    with pytest.raises(MalformedResponseError) as caught:
        client.list_backups(INDEX)
    message = str(caught.value)
    assert "'dimension': an integer expected, string found" in message
    assert str(bad["backup_id"]) not in message  # a server can echo anything into it
    position = re.search(r"'data': item (\d+)", message)
    assert position is not None
    assert int(position.group(1)) == 2  # 0-based: the third backup
    assert caught.value.status_code == 200


def test_strict_client_raises_on_describe_of_an_invalid_backup(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    bad = fake.add_backup(INDEX, tags=["not", "a", "map"])
    with pytest.raises(MalformedResponseError, match="tags"):
        make_client(strict=True).describe_backup(str(bad["backup_id"]))


def test_strict_client_accepts_valid_backups(fake: FakePinecone, make_client: MakeClient) -> None:
    fake.seed(INDEX, 150)
    backups = list(make_client(strict=True).iter_backups(INDEX))
    assert len(backups) == 150


@pytest.mark.parametrize("missing", REQUIRED)
def test_backup_without_a_required_field_is_a_malformed_response(
    fake: FakePinecone, client: Client, missing: str
) -> None:
    fake.add_backup(INDEX)
    wire: dict[str, object] = {name: f"value-of-{name}" for name in REQUIRED}
    del wire[missing]
    fake.add_raw_backup(INDEX, wire)
    with pytest.raises(MalformedResponseError, match=missing):
        client.list_backups(INDEX)


# --- Page -------------------------------------------------------------------------------


def test_page_iterates_and_counts_its_own_backups(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 15)
    page = client.list_backups(INDEX, limit=10)
    assert isinstance(page, Page)
    assert len(page) == 10
    assert list(page) == page.backups
    assert "10 backups" in repr(page)
    assert page.next_token is not None
    assert page.next_token in repr(page)
