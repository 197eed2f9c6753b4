"""The backups the fake makes and stores, value for value."""

from __future__ import annotations

import gc
import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from pinecone_backups.testing import OMIT, FakePinecone

LIST = "/indexes/idx/backups"
# uuid5(NAMESPACE_URL, "fake-pinecone:index:idx"): stable across runs and machines.
IDX_SOURCE_ID = "c4e63c73-eb94-59cc-975e-1c5f9bd2cbd8"


def test_add_backup_makes_this_backup_model_now(fake: FakePinecone) -> None:
    before = datetime.now(UTC)
    backup = fake.add_backup("idx")
    after = datetime.now(UTC)
    assert str(backup["created_at"]).endswith("Z")  # strptime below ignores the case
    created = datetime.strptime(str(backup["created_at"]), "%Y-%m-%dT%H:%M:%S.%fZ")
    created = created.replace(tzinfo=UTC)
    assert before <= created <= after
    assert uuid.UUID(str(backup["backup_id"])).version == 4
    assert list(backup) == [
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
        "record_count",
        "namespace_count",
        "size_bytes",
        "tags",
        "created_at",
    ]
    assert backup == {
        "backup_id": backup["backup_id"],
        "source_index_name": "idx",
        "source_index_id": IDX_SOURCE_ID,
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "name": f"idx-backup-{created:%Y%m%d%H%M%S%f}",
        "description": "Backup of idx",
        "dimension": 1024,
        "metric": "cosine",
        "record_count": 120_000,
        "namespace_count": 3,
        "size_bytes": 10_000_000,
        "tags": {},
        "created_at": backup["created_at"],
    }


def test_each_added_backup_gets_its_own_id_and_tags(fake: FakePinecone) -> None:
    first, second = fake.add_backup("idx"), fake.add_backup("idx")
    assert first["backup_id"] != second["backup_id"]
    assert first["tags"] is not second["tags"]


def test_add_backup_keeps_a_given_source_index_id_or_its_omission(fake: FakePinecone) -> None:
    custom = fake.add_backup("idx", source_index_id="custom", backup_id=7)
    omitted = fake.add_backup("idx", source_index_id=OMIT, unknown_key=OMIT)
    assert (custom["source_index_id"], custom["backup_id"]) == ("custom", 7)
    assert "source_index_id" not in omitted
    assert "unknown_key" not in omitted
    assert fake.backups("idx") == [custom, omitted]


def test_add_backup_takes_a_plain_status(client: httpx.Client, fake: FakePinecone) -> None:
    backup = fake.add_backup("idx", status="Failed")
    assert client.get(f"/backups/{backup['backup_id']}").json()["status"] == "Failed"


def test_a_raw_backup_with_an_unhashable_id_is_stored_and_listed(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_raw_backup("idx", {"backup_id": ["a"]})
    fake.add_raw_backup("idx", {"backup_id": 5})
    assert client.get(LIST).json()["data"] == [{"backup_id": ["a"]}, {"backup_id": 5}]
    assert client.get("/backups/5").status_code == 404  # only string ids are found


def test_a_script_of_only_none_leaves_the_stored_status_and_hides_the_backup(
    client: httpx.Client, fake: FakePinecone
) -> None:
    backup = fake.add_backup("idx", backup_id="b-1", statuses=[None])
    fake.add_raw_backup("idx", {"backup_id": "raw"})
    fake.script_statuses("raw", [None, None])
    assert [client.get("/backups/b-1").status_code for _ in range(3)] == [404, 404, 404]
    assert client.get("/backups/raw").status_code == 404
    assert client.get(LIST).json()["data"] == [backup, {"backup_id": "raw"}]
    assert backup["status"] == "Ready"


def test_seeded_backups_are_exactly_these() -> None:
    fake = FakePinecone()
    rows = fake.seed("idx", 3000)
    assert rows[0] == {
        "backup_id": "991f5c4a-12ea-4db5-92bb-6d847b2c299d",
        "source_index_name": "idx",
        "source_index_id": IDX_SOURCE_ID,
        "status": "Failed",
        "cloud": "aws",
        "region": "us-east-1",
        "name": "idx-backup-000000",
        "description": "Scheduled backup 0 of idx",
        "dimension": 1024,
        "metric": "euclidean",
        "record_count": 9389840,
        "namespace_count": 5,
        "size_bytes": 12544826240,
        "tags": {},
        "created_at": "2025-01-01T00:00:39.102474Z",
    }
    # One a minute: the 1440th crosses into the next day.
    assert [row["created_at"] for row in rows[1439:1441]] == [
        "2025-01-01T23:59:23.174137Z",
        "2025-01-02T00:00:42.611655Z",
    ]
    assert rows[1440]["name"] == "idx-backup-001440"
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
    assert digest == "6eec2bd7909ed9ede7d95453b4b95ac1df45b9aec1532bbbf8dff92f3c19221d"
    # A second seed starts where the index ends: numbers, times and ids go on.
    assert fake.seed("idx", 1)[0] == {
        "backup_id": "66a2c8f4-f5df-4ba9-a94f-38a51a3227fd",
        "source_index_name": "idx",
        "source_index_id": IDX_SOURCE_ID,
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "name": "idx-backup-003000",
        "description": "Scheduled backup 3000 of idx",
        "dimension": 3072,
        "metric": "dotproduct",
        "record_count": 19415847,
        "namespace_count": 14,
        "size_bytes": 118126013148,
        "tags": {},
        "created_at": "2025-01-03T02:00:00.813721Z",
    }


def test_seeded_backups_cover_every_choice_within_bounds() -> None:
    rows = FakePinecone().seed("idx", 3000)
    assert {row["status"] for row in rows} == {"Ready", "Pending", "Initializing", "Failed"}
    assert {row["dimension"] for row in rows} == {384, 768, 1024, 1536, 3072}
    assert {json.dumps(row["tags"]) for row in rows} == {
        "{}",
        '{"env": "prod"}',
        '{"env": "staging", "team": "search"}',
        '{"owner": ""}',
        "null",
    }
    counts = [int(str(row["namespace_count"])) for row in rows]
    assert (min(counts), max(counts)) == (1, 19)
    records = [int(str(row["record_count"])) for row in rows]
    assert min(records) >= 1_000
    assert max(records) < 50_001_000
    for row in rows:
        per_record = int(str(row["size_bytes"])) / int(str(row["record_count"]))
        assert 400 <= per_record < 13_000
        assert uuid.UUID(str(row["backup_id"])).version == 4


def test_seeded_tags_are_not_shared_between_backups() -> None:
    rows = FakePinecone().seed("idx", 100)
    prod = [row for row in rows if row["tags"] == {"env": "prod"}]
    assert len(prod) >= 2
    assert prod[0]["tags"] is not prod[1]["tags"]


def test_seed_returns_the_stored_dicts(client: httpx.Client, fake: FakePinecone) -> None:
    (row,) = fake.seed("idx", 1)
    row["status"] = "Archived"
    assert client.get(f"/backups/{row['backup_id']}").json()["status"] == "Archived"
    assert client.get(LIST).json()["data"] == [row]


@pytest.fixture
def gc_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("gc_state")
def test_the_garbage_collector_is_paused_while_seeding() -> None:
    collections: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    fake = FakePinecone()
    gc.enable()
    gc.collect()  # the allocation count starts from zero
    gc.callbacks.append(record)
    try:
        fake.seed("idx", 20_000)  # hundreds of thousands of objects
    finally:
        gc.callbacks.remove(record)
    # At most the one collection the objects made meanwhile trigger once it is back on;
    # a collector left on would run every 700 or so allocations, a hundred times here.
    assert len(collections) <= 1, collections
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_state")
def test_seed_leaves_the_garbage_collector_as_it_found_it() -> None:
    gc.enable()
    FakePinecone().seed("idx", 10)
    assert gc.isenabled()
    gc.disable()
    FakePinecone().seed("idx", 10)
    assert not gc.isenabled()


def test_seeded_dates_are_utc_dates_under_another_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Backups one a minute from 2025-01-01T00:00 UTC: the first 300 are before
    # 05:00 UTC, still 2024-12-31 five hours behind.
    monkeypatch.setenv("TZ", "Etc/GMT+5")  # five hours behind UTC, no summer time
    time.tzset()
    try:
        rows = FakePinecone().seed("idx", 1500)
    finally:
        monkeypatch.undo()
        time.tzset()
    stamps = [str(row["created_at"]) for row in rows]
    assert stamps[0].startswith("2025-01-01T00:00:")
    assert stamps[299].startswith("2025-01-01T04:59:")
    assert stamps[1439].startswith("2025-01-01T23:59:")
    assert stamps[1440].startswith("2025-01-02T00:00:")
    assert stamps == [str(row["created_at"]) for row in FakePinecone().seed("idx", 1500)]


def test_a_seeded_created_at_with_a_tiny_fraction_keeps_its_whole_seconds() -> None:
    # Backup 173 of "i114" is the earliest seeded one, over indexes i0 to i399,
    # whose fraction (11 µs) is below its whole seconds (21): splitting the
    # microseconds by one more than a million would show 20.000011.
    rows = FakePinecone().seed("i114", 174)
    assert rows[173]["created_at"] == "2025-01-01T02:53:21.000011Z"
