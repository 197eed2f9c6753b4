"""FakePinecone scripts a backup's status over time: one entry per describe."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from pinecone_backups.testing import FakePinecone, Fault


def describe(http: httpx.Client, fake: FakePinecone, backup_id: str) -> httpx.Response:
    return http.get(f"{fake.base_url}/backups/{backup_id}")


def test_each_describe_takes_the_next_status_and_the_last_one_stays(
    fake: FakePinecone,
    make_client: Callable[..., httpx.Client],
    good_headers: dict[str, str],
) -> None:
    wire = fake.add_backup("idx", statuses=["Initializing", "Pending", "Ready"])
    http = make_client(headers=good_headers)
    seen = [describe(http, fake, str(wire["backup_id"])).json()["status"] for _ in range(5)]
    assert seen == ["Initializing", "Pending", "Ready", "Ready", "Ready"]


def test_listing_shows_the_status_of_the_latest_describe(
    fake: FakePinecone,
    make_client: Callable[..., httpx.Client],
    good_headers: dict[str, str],
) -> None:
    wire = fake.add_backup("idx", statuses=[None, "Initializing", "Ready"])
    http = make_client(headers=good_headers)
    listed = http.get(f"{fake.base_url}/indexes/idx/backups").json()["data"]
    assert [b["status"] for b in listed] == ["Initializing"]
    describe(http, fake, str(wire["backup_id"]))
    describe(http, fake, str(wire["backup_id"]))
    describe(http, fake, str(wire["backup_id"]))
    listed = http.get(f"{fake.base_url}/indexes/idx/backups").json()["data"]
    assert [b["status"] for b in listed] == ["Ready"]


def test_none_answers_that_describe_with_a_404(
    fake: FakePinecone,
    make_client: Callable[..., httpx.Client],
    good_headers: dict[str, str],
) -> None:
    wire = fake.add_backup("idx", statuses=[None, "Initializing", None])
    http = make_client(headers=good_headers)
    answers = [describe(http, fake, str(wire["backup_id"])) for _ in range(4)]
    assert [a.status_code for a in answers] == [404, 200, 404, 404]
    assert answers[0].json()["error"]["code"] == "NOT_FOUND"


def test_a_fault_answers_without_taking_an_entry(
    fake: FakePinecone,
    make_client: Callable[..., httpx.Client],
    good_headers: dict[str, str],
) -> None:
    wire = fake.add_backup("idx", statuses=["Initializing", "Ready"])
    fake.inject(Fault.rate_limited(retry_after="0"))
    http = make_client(headers=good_headers)
    answers = [describe(http, fake, str(wire["backup_id"])) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 200, 200]
    assert [a.json()["status"] for a in answers[1:]] == ["Initializing", "Ready"]


def test_unknown_statuses_are_served_as_given(
    fake: FakePinecone,
    make_client: Callable[..., httpx.Client],
    good_headers: dict[str, str],
) -> None:
    wire = fake.add_raw_backup("idx", {"backup_id": "raw-1", "status": "Ready"})
    assert wire is None
    fake.script_statuses("raw-1", ["Archiving"])
    http = make_client(headers=good_headers)
    assert describe(http, fake, "raw-1").json() == {"backup_id": "raw-1", "status": "Archiving"}


def test_bad_scripts_are_refused(fake: FakePinecone) -> None:
    wire = fake.add_backup("idx")
    backup_id = str(wire["backup_id"])
    with pytest.raises(ValueError, match="non-empty"):
        fake.script_statuses(backup_id, [])
    with pytest.raises(ValueError, match="non-empty"):
        fake.script_statuses(backup_id, "Ready")
    with pytest.raises(ValueError, match="status string or None"):
        fake.script_statuses(backup_id, ["Ready", 3])  # type: ignore[list-item]
    with pytest.raises(KeyError, match="no-such"):
        fake.script_statuses("no-such", ["Ready"])
    with pytest.raises(ValueError, match="not both"):
        fake.add_backup("idx", status="Ready", statuses=["Ready"])
