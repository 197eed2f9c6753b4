"""wait_for_backup's errors say exactly what happened and what to do, and never the key."""

from __future__ import annotations

import pytest

from pinecone_backups import (
    BackupFailedError,
    BackupWaitTimeoutError,
    Client,
    InvalidArgumentError,
    UnknownBackupStatusError,
)
from pinecone_backups.testing import FakePinecone
from tests.wrapper.conftest import STEADY, wait_on_virtual_time

INDEX = "wait-messages"


def _backup(fake: FakePinecone, statuses: list[str | None]) -> str:
    fake.add_index(INDEX)
    return str(fake.add_backup(INDEX, statuses=statuses)["backup_id"])


def test_a_failed_backup_says_to_inspect_it_and_create_a_new_one(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = _backup(fake, ["Failed"])
    with pytest.raises(BackupFailedError) as caught:
        client.wait_for_backup(backup_id, poll_interval=0.001)
    assert str(caught.value).startswith(
        f"backup {backup_id!r} settled on 'Failed': it will never be ready. Inspect it "
        "(describe_backup, or the Pinecone console), then create a new backup [waited "
    )
    assert str(caught.value).endswith(" 1 polls; statuses seen: Failed]")


def test_an_unknown_status_stops_the_wait_and_says_why(client: Client, fake: FakePinecone) -> None:
    backup_id = _backup(fake, ["Archived"])
    with pytest.raises(UnknownBackupStatusError) as caught:
        client.wait_for_backup(backup_id, poll_interval=0.001)
    assert (
        f"backup {backup_id!r} has status 'Archived', which this SDK does not know, so the "
        "wait stopped (it is neither polled on forever nor taken for success). Decide what "
        "it means for you (error.backup holds the backup), or upgrade pinecone-backups [waited "
    ) in str(caught.value)


def test_a_status_echoing_the_key_is_redacted_in_the_message(
    client: Client, fake: FakePinecone
) -> None:
    assert len(fake.api_key) >= 8
    backup_id = _backup(fake, [f"odd-{fake.api_key}"])
    with pytest.raises(UnknownBackupStatusError) as caught:
        client.wait_for_backup(backup_id, poll_interval=0.001)
    message = str(caught.value)
    assert fake.api_key not in message
    assert "has status 'odd-***'" in message
    assert message.endswith("statuses seen: odd-***]")


def test_a_wait_that_never_found_the_backup_says_to_check_the_id(
    client: Client, fake: FakePinecone
) -> None:
    fake.add_index(INDEX)
    with pytest.raises(BackupWaitTimeoutError) as caught:
        client.wait_for_backup("no-such-backup", timeout=0.05, poll_interval=0.001)
    message = str(caught.value)
    assert message.startswith("backup 'no-such-backup' did not settle within the timeout of 0.05 s")
    assert (
        ": no poll found it yet (every poll answered 404, or none completed); "
        "check the backup ID or wait longer [waited "
    ) in message
    assert message.endswith("statuses seen: none]")


def test_a_wait_that_timed_out_in_progress_says_to_wait_again(
    client: Client, fake: FakePinecone
) -> None:
    # On virtual time: a real 50 ms timeout may end before a loaded machine's
    # first poll does, and then no status was seen at all.
    backup_id = _backup(fake, ["Pending"])
    _time, outcome = wait_on_virtual_time(client, backup_id, timeout=2.0, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert str(outcome) == (
        f"backup {backup_id!r} did not settle within the timeout of 2 s (the next poll (in "
        "1.5 s) would come after it): it was still 'Pending'; it may yet become ready: wait "
        "again, or pass a longer timeout [waited 1.0 s, 2 polls; statuses seen: Pending]"
    )


def test_max_poll_interval_may_equal_poll_interval(client: Client, fake: FakePinecone) -> None:
    backup_id = _backup(fake, ["Ready"])
    backup = client.wait_for_backup(backup_id, poll_interval=0.5, max_poll_interval=0.5)
    assert backup.status == "Ready"


def test_a_bad_max_poll_interval_is_named(client: Client) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^max_poll_interval "):
        client.wait_for_backup("b", max_poll_interval=-1.0)
    with pytest.raises(
        InvalidArgumentError,
        match=r"^max_poll_interval \(0\.1 s\) must be at least poll_interval \(0\.2 s\)$",
    ):
        client.wait_for_backup("b", poll_interval=0.2, max_poll_interval=0.1)


@pytest.mark.parametrize("value", [3, "print"])
def test_on_status_must_be_callable_or_none(
    client: Client, fake: FakePinecone, value: object
) -> None:
    backup_id = _backup(fake, ["Ready"])  # let through, the wait would end at once
    with pytest.raises(InvalidArgumentError) as caught:
        client.wait_for_backup(backup_id, on_status=value)  # type: ignore[arg-type]
    assert str(caught.value) == "on_status must be a callable taking a Backup, or None"
