"""``wait_for_backup`` over real HTTP against FakePinecone, sync and async.

Two kinds of tests: end to end through the public method, with tiny poll
intervals and generous timeouts (nothing here asserts how fast anything is);
and the wait's flow driven on *virtual time* (requests go to the fake for
real, sleeps only advance a fake clock), to assert exact schedules and
deadlines.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Callable
from typing import Any

import pytest

from pinecone_backups import (
    AsyncClient,
    AuthenticationError,
    Backoff,
    Backup,
    BackupFailedError,
    BackupWaitError,
    BackupWaitTimeoutError,
    Client,
    InvalidArgumentError,
    NotFoundError,
    PineconeBackupsError,
    UnknownBackupStatusError,
)
from pinecone_backups import _config as C
from pinecone_backups._wait import PollSchedule, make_schedule
from pinecone_backups.testing import FakePinecone, Fault
from tests.hostile._servers import closed_port
from tests.wrapper.conftest import STEADY, wait_on_virtual_time

INDEX = "docs-example"
# Polls a few milliseconds apart; timeouts far longer than any test needs.
FAST: dict[str, Any] = {"poll_interval": 0.001, "max_poll_interval": 0.005, "timeout": 30.0}


def backup_with(fake: FakePinecone, statuses: list[str | None]) -> str:
    return str(fake.add_backup(INDEX, statuses=statuses)["backup_id"])


def describes(fake: FakePinecone) -> int:
    return sum(1 for r in fake.requests if r.path.startswith("/backups/"))


# --- end to end, blocking client ---------------------------------------------------------


def test_ready_after_several_polls_returns_the_ready_backup(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Initializing", "Pending", "Ready"])
    changes: list[str] = []
    backup = client.wait_for_backup(backup_id, on_status=lambda b: changes.append(b.status), **FAST)
    assert isinstance(backup, Backup)
    assert (backup.backup_id, backup.status) == (backup_id, "Ready")
    assert describes(fake) == 4
    assert changes == ["Initializing", "Pending", "Ready"]  # each change once


def test_an_already_ready_backup_takes_one_poll(client: Client, fake: FakePinecone) -> None:
    backup_id = backup_with(fake, ["Ready"])
    assert client.wait_for_backup(backup_id, **FAST).status == "Ready"
    assert describes(fake) == 1


@pytest.mark.parametrize("failure", sorted(C.WAIT_FAILED_STATUSES))
def test_each_failure_status_raises_backup_failed_error_with_the_last_backup(
    client: Client, fake: FakePinecone, failure: str
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Pending", failure])
    with pytest.raises(BackupFailedError) as caught:
        client.wait_for_backup(backup_id, **FAST)
    error = caught.value
    assert isinstance(error, BackupWaitError)
    assert error.backup is not None
    assert error.backup.status == failure
    assert error.status == failure
    assert error.statuses == ("Initializing", "Pending", failure)
    assert error.polls == 3 == describes(fake)
    assert error.backup_id == backup_id
    assert error.waited >= 0
    assert repr(failure) in str(error)
    assert "create a new backup" in str(error)
    assert "Initializing -> Pending -> " + failure in str(error)


def test_timeout_raises_with_the_last_state_and_how_long_it_waited(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Pending", "Initializing"])
    with pytest.raises(BackupWaitTimeoutError) as caught:
        # 1 s: long enough for a loaded machine to finish two polls.
        client.wait_for_backup(backup_id, timeout=1.0, poll_interval=0.001, max_poll_interval=0.01)
    error = caught.value
    assert error.backup is not None
    assert error.backup.status == "Initializing"
    assert error.statuses == ("Pending", "Initializing")
    assert error.waited > 0  # exact deadlines: the virtual-time tests below
    # The last poll may be cut short by the deadline before it reaches the server.
    assert error.polls >= 2
    assert describes(fake) in (error.polls, error.polls - 1)
    assert "'Initializing'" in str(error)
    assert "pass a longer timeout" in str(error)


def test_an_unknown_status_ends_the_wait_at_once_and_is_not_success(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Archiving", "Ready"])
    with pytest.raises(UnknownBackupStatusError) as caught:
        client.wait_for_backup(backup_id, **FAST)
    error = caught.value
    assert error.status == "Archiving"
    assert error.statuses == ("Initializing", "Archiving")
    assert describes(fake) == 2  # not polled on to the Ready that follows
    assert "'Archiving'" in str(error)
    assert "does not know" in str(error)


def test_statuses_are_compared_exactly(client: Client, fake: FakePinecone) -> None:
    backup_id = backup_with(fake, ["ready"])
    with pytest.raises(UnknownBackupStatusError):
        client.wait_for_backup(backup_id, **FAST)


def test_a_404_before_the_first_sighting_is_polled_again(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, [None, None, "Initializing", "Ready"])
    changes: list[str] = []
    backup = client.wait_for_backup(backup_id, on_status=lambda b: changes.append(b.status), **FAST)
    assert backup.status == "Ready"
    assert describes(fake) == 4
    assert changes == ["Initializing", "Ready"]


def test_a_404_after_the_backup_was_seen_is_an_error(client: Client, fake: FakePinecone) -> None:
    backup_id = backup_with(fake, ["Initializing", None, "Ready"])
    with pytest.raises(NotFoundError) as caught:
        client.wait_for_backup(backup_id, **FAST)
    assert describes(fake) == 2
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "seen with status 'Initializing'" in notes
    assert "deleted while waiting" in notes


def test_a_429_during_polling_is_retried_within_the_poll(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Ready"])

    def throttle_next_poll(backup: Backup) -> None:
        if backup.status == "Initializing":
            fake.inject(Fault.rate_limited(retry_after="0", path_prefix="/backups/"))

    backup = client.wait_for_backup(backup_id, on_status=throttle_next_poll, **FAST)
    assert backup.status == "Ready"
    assert describes(fake) == 3  # Initializing, 429, the retry: Ready


def test_a_retry_after_past_the_deadline_ends_the_wait_with_the_last_state(
    make_client: Callable[..., Client], fake: FakePinecone
) -> None:
    client = make_client(backoff=Backoff())  # honours Retry-After up to 60 s
    backup_id = backup_with(fake, ["Initializing", "Ready"])

    def throttle_next_poll(backup: Backup) -> None:
        fake.inject(Fault.rate_limited(retry_after="120", path_prefix="/backups/"))

    with pytest.raises(BackupWaitTimeoutError) as caught:
        client.wait_for_backup(
            backup_id, timeout=30, poll_interval=0.001, on_status=throttle_next_poll
        )
    error = caught.value
    assert error.status == "Initializing"
    assert describes(fake) == 2  # it did not sleep 60 s to retry
    assert "after HTTP 429 would wait 60 s" in str(error)


def test_a_request_cut_short_by_the_deadline_is_a_wait_timeout(
    make_client: Callable[..., Client], fake: FakePinecone
) -> None:
    client = make_client(timeout=30.0, max_retries=0)
    backup_id = backup_with(fake, ["Initializing"])
    fake.inject(Fault.slow(2.0, path_prefix="/backups/"))
    with pytest.raises(BackupWaitTimeoutError) as caught:
        client.wait_for_backup(backup_id, timeout=0.3, poll_interval=0.001)
    assert caught.value.backup is None
    assert "no poll found it yet" in str(caught.value)
    assert type(caught.value.__cause__).__name__ == "APITimeoutError"


def test_a_poll_that_fails_after_its_retries_ends_the_wait(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing"])
    fake.inject(Fault(status=401, path_prefix="/backups/"))
    with pytest.raises(AuthenticationError):
        client.wait_for_backup(backup_id, **FAST)
    assert describes(fake) == 1


def test_an_error_in_the_callback_propagates(client: Client, fake: FakePinecone) -> None:
    backup_id = backup_with(fake, ["Initializing", "Ready"])

    def broken(backup: Backup) -> None:
        raise RuntimeError("progress bar broke")

    with pytest.raises(RuntimeError, match="progress bar broke"):
        client.wait_for_backup(backup_id, on_status=broken, **FAST)
    assert describes(fake) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"backup_id": ""}, "backup_id must be a non-empty string"),
        ({"timeout": 0}, "timeout must be a finite number of seconds > 0"),
        ({"timeout": -1}, "timeout must be"),
        ({"timeout": math.inf}, "timeout must be a finite"),
        ({"timeout": math.nan}, "timeout must be a finite"),
        ({"timeout": True}, "timeout must be a number"),
        ({"poll_interval": 0}, "poll_interval must be"),
        ({"poll_interval": "1"}, "poll_interval must be a number"),
        ({"poll_interval": 5, "max_poll_interval": 1}, "must be at least poll_interval"),
        ({"on_status": "print"}, "on_status must be a callable"),
        ({"max_retries": -1}, "max_retries must be"),
    ],
)
def test_bad_arguments_are_refused_before_any_request(
    client: Client, fake: FakePinecone, arguments: dict[str, Any], message: str
) -> None:
    # A ready backup: an argument wrongly let through ends the wait at once (and
    # the test), instead of polling an unknown ID for the not-found grace.
    call: dict[str, Any] = {"backup_id": backup_with(fake, ["Ready"]), **arguments}
    with pytest.raises(InvalidArgumentError, match=message):
        client.wait_for_backup(**call)
    assert fake.requests == []


def test_a_long_first_interval_raises_the_default_cap() -> None:
    total, schedule = make_schedule(60, 40, None)
    assert (total, schedule.first, schedule.maximum) == (60.0, 40.0, 40.0)
    _, default = make_schedule(C.DEFAULT_WAIT_TIMEOUT, C.WAIT_FIRST_POLL_INTERVAL, None)
    assert default.maximum == C.WAIT_MAX_POLL_INTERVAL


# --- the async twin --------------------------------------------------------------------------


def test_async_ready_after_several_polls(fake: FakePinecone, async_options: dict[str, Any]) -> None:
    backup_id = backup_with(fake, [None, "Initializing", "Pending", "Ready"])
    changes: list[str] = []

    async def main() -> Backup:
        async with AsyncClient(**async_options) as client:
            return await client.wait_for_backup(
                backup_id, on_status=lambda b: changes.append(b.status), **FAST
            )

    backup = asyncio.run(main())
    assert backup.status == "Ready"
    assert describes(fake) == 4
    assert changes == ["Initializing", "Pending", "Ready"]


@pytest.mark.parametrize(
    ("statuses", "error_type", "last"),
    [
        (["Initializing", "Failed"], BackupFailedError, "Failed"),
        (["Initializing", "InitializationFailed"], BackupFailedError, "InitializationFailed"),
        (["Pending", "Archiving"], UnknownBackupStatusError, "Archiving"),
        (["Initializing", None], NotFoundError, None),
    ],
)
def test_async_errors_match_the_blocking_client(
    fake: FakePinecone,
    async_options: dict[str, Any],
    statuses: list[str | None],
    error_type: type[PineconeBackupsError],
    last: str | None,
) -> None:
    backup_id = backup_with(fake, statuses)

    async def main() -> None:
        async with AsyncClient(**async_options) as client:
            await client.wait_for_backup(backup_id, **FAST)

    with pytest.raises(error_type) as caught:
        asyncio.run(main())
    if last is not None:
        assert isinstance(caught.value, BackupWaitError)
        assert caught.value.status == last
    assert describes(fake) == 2


def test_async_timeout_and_429(fake: FakePinecone, async_options: dict[str, Any]) -> None:
    backup_id = backup_with(fake, ["Initializing"])
    fake.inject(Fault.rate_limited(retry_after="0", path_prefix="/backups/"))

    async def main() -> None:
        async with AsyncClient(**async_options) as client:
            await client.wait_for_backup(
                backup_id, timeout=1.0, poll_interval=0.001, max_poll_interval=0.01
            )

    with pytest.raises(BackupWaitTimeoutError) as caught:
        asyncio.run(main())
    assert caught.value.status == "Initializing"
    assert caught.value.waited > 0
    assert fake.requests[0].path.startswith("/backups/")  # the 429, retried


def test_async_arguments_are_checked_at_the_call(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    client = AsyncClient(**async_options)
    with pytest.raises(InvalidArgumentError):
        client.wait_for_backup("b", timeout=-1)  # raised before anything is awaited
    assert fake.requests == []


# --- the schedule ------------------------------------------------------------------------------


def test_the_jittered_schedule_is_exact_for_a_seeded_random_source() -> None:
    schedule = PollSchedule(first=1.0, maximum=4.0, growth=1.5, jitter=0.2)
    pauses = schedule.pauses(random.Random(1234))
    drawn = [round(next(pauses), 6) for _ in range(7)]
    check = random.Random(1234)
    bases = [1.0, 1.5, 2.25, 3.375, 4.0, 4.0, 4.0]
    assert drawn == [round(b * (1 - 0.2 * check.random()), 6) for b in bases]
    assert drawn == [0.806709, 1.36778, 2.246629, 2.760091, 3.248585, 3.534218, 3.462749]
    assert all(0.8 * b <= d <= b for d, b in zip(drawn, bases, strict=True))


def test_without_jitter_the_pauses_grow_to_the_cap() -> None:
    pauses = PollSchedule(first=0.5, maximum=2.0, growth=2.0, jitter=0.0).pauses(random.Random())
    assert [next(pauses) for _ in range(5)] == [0.5, 1.0, 2.0, 2.0, 2.0]


# --- virtual time: the deadline, retries and 404s, exactly ----------------------------------


def test_the_wait_stops_before_a_pause_that_would_pass_the_deadline(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing"])
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=10.0, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    # Polls at 0, 1, 2.5, 4.75, 8.125; the next pause (4 s) would end at 12.125 > 10.
    assert time.sleeps == [1.0, 1.5, 2.25, 3.375]
    assert outcome.waited == 8.125 <= 10.0
    assert outcome.polls == 5 == len(time.requests)
    assert "the next poll (in 4 s) would come after it" in str(outcome)


def test_every_request_timeout_is_capped_at_the_time_left(
    make_client: Callable[..., Client], fake: FakePinecone
) -> None:
    client = make_client(timeout=30.0)
    backup_id = backup_with(fake, ["Initializing"])
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=3.0, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    reads = [request.extensions["timeout"]["read"] for request in time.requests]
    assert reads == [3.0, 2.0, 0.5]  # at 0, 1 and 2.5 s: what was left, not the client's 30 s
    assert client.timeout.read == 30.0  # the client's own setting is untouched


def test_a_polls_retries_count_against_the_deadline(
    make_client: Callable[..., Client], fake: FakePinecone
) -> None:
    client = make_client(backoff=Backoff())
    backup_id = backup_with(fake, ["Initializing", "Ready"])
    fake.inject(Fault.rate_limited(retry_after="3", path_prefix="/backups/"))
    # The first poll is throttled: its retry waits 3 s, which fits in 5 s...
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=5.0, schedule=STEADY)
    assert isinstance(outcome, Backup)
    assert time.sleeps == [3.0, 1.0]
    # ...but not in 3 s: the wait ends rather than sleep past its deadline.
    fake.inject(Fault.rate_limited(retry_after="3", path_prefix="/backups/"))
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=3.0, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert time.sleeps == []
    assert outcome.backup is None
    assert "a retry of the poll after HTTP 429 would wait 3 s" in str(outcome)


def test_404s_before_the_first_sighting_stop_after_the_grace(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, [None])
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=100.0, schedule=STEADY, not_found_grace=3.0
    )
    assert isinstance(outcome, NotFoundError)
    # 404s at 0, 1, 2.5 are polled again; the one at 4.75 s is past the 3 s grace.
    assert time.sleeps == [1.0, 1.5, 2.25]
    assert "no poll found this backup in 4.8 s (4 polls, each a 404); check the backup ID" in (
        "\n".join(outcome.__notes__)
    )


def test_404s_until_the_timeout_give_a_timeout_without_a_backup(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, [None])
    _time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=2.0, schedule=STEADY, not_found_grace=60.0
    )
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert outcome.backup is None
    assert outcome.status is None
    assert outcome.statuses == ()
    assert "no poll found it yet" in str(outcome)
    assert "check the backup ID" in str(outcome)


def test_a_404_after_the_sighting_is_not_forgiven_by_the_grace(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", None])
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=100.0, schedule=STEADY, not_found_grace=60.0
    )
    assert isinstance(outcome, NotFoundError)
    assert len(time.requests) == 2


def test_no_request_is_sent_once_the_deadline_has_passed(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Ready"])
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=3.0, schedule=STEADY, oversleep=5.0
    )
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert time.sleeps == [1.0]  # taken in time, but the process woke at 6 s
    assert len(time.requests) == 1
    assert "no time was left for another request" in str(outcome)


def test_a_pause_ending_exactly_at_the_deadline_is_not_taken(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing"])
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=2.5, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    # Polls at 0 and 1; the next pause (1.5 s) would end at 2.5 s, the deadline itself.
    assert time.sleeps == [1.0]
    assert len(time.requests) == 2
    assert "timeout of 2.5 s (the next poll (in 1.5 s) would come after it): " in str(outcome)


def test_a_poll_woken_exactly_at_the_deadline_sends_no_request(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, ["Initializing", "Ready"])
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=3.0, schedule=STEADY, oversleep=2.0
    )
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert time.now == 3.0  # woke at the deadline: no time left, not a zero timeout
    assert len(time.requests) == 1
    assert "timeout of 3 s (no time was left for another request): it was still " in str(outcome)


def test_404s_up_to_exactly_the_grace_end_the_wait_there(
    client: Client, fake: FakePinecone
) -> None:
    backup_id = backup_with(fake, [None])
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=100.0, schedule=STEADY, not_found_grace=2.5
    )
    assert isinstance(outcome, NotFoundError)
    assert time.sleeps == [1.0, 1.5]  # the 404 at 2.5 s is the last
    assert outcome.__notes__[-1] == (
        "wait_for_backup: no poll found this backup in 2.5 s (3 polls, each a 404); "
        "check the backup ID"
    )


def test_a_retry_after_a_connection_failure_past_the_deadline_names_the_failure(
    make_client: Callable[..., Client], fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: high)  # the backoff's longest
    client = make_client(base_url=closed_port(), backoff=Backoff(initial=3.0, maximum=3.0))
    time, outcome = wait_on_virtual_time(client, "bk-1", timeout=2.0, schedule=STEADY)
    assert isinstance(outcome, BackupWaitTimeoutError)
    assert time.sleeps == []
    assert len(time.requests) == 1
    assert (
        "(a retry of the poll after ConnectError would wait 3 s, past it): no poll found it yet"
    ) in str(outcome)


def test_a_request_whose_timeout_ends_at_the_deadline_is_a_wait_timeout(
    make_client: Callable[..., Client], fake: FakePinecone
) -> None:
    client = make_client(timeout=0.2, max_retries=0)
    backup_id = backup_with(fake, ["Initializing"])
    fake.inject(Fault.slow(2.0, path_prefix="/backups/"))
    time, outcome = wait_on_virtual_time(client, backup_id, timeout=0.2, schedule=STEADY)
    # The client's own 0.2 s timeouts equal the time left: the deadline ended the poll.
    assert [r.extensions["timeout"] for r in time.requests] == [
        {"connect": 0.2, "read": 0.2, "write": 0.2, "pool": 0.2}
    ]
    assert isinstance(outcome, BackupWaitTimeoutError), repr(outcome)
    assert "timeout of 0.2 s (the last poll ran into the deadline): no poll found" in str(outcome)
    assert type(outcome.__cause__).__name__ == "APITimeoutError"


def test_the_random_source_given_draws_the_jitter(client: Client, fake: FakePinecone) -> None:
    backup_id = backup_with(fake, ["Initializing"] * 4 + ["Ready"])
    jittery = PollSchedule(first=1.0, maximum=4.0, growth=2.0, jitter=0.5)
    time, outcome = wait_on_virtual_time(
        client, backup_id, timeout=100.0, schedule=jittery, rng=random.Random(7)
    )
    assert isinstance(outcome, Backup)
    draws = random.Random(7)
    assert time.sleeps == [base * (1.0 - 0.5 * draws.random()) for base in (1.0, 2.0, 4.0, 4.0)]


def test_a_backup_id_holding_the_key_is_redacted_in_the_wait_error(
    client: Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    with pytest.raises(BackupWaitTimeoutError) as caught:
        client.wait_for_backup(f"id-{fake.api_key}", timeout=0.05, poll_interval=0.001)
    assert fake.api_key not in str(caught.value)
    assert str(caught.value).startswith("backup 'id-***' did not settle within")


def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Wait for a backup", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(example, "README.md (Wait for a backup)", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[:3] == ["status: Initializing", "status: Pending", "status: Ready"]
    assert printed[3].endswith(" Ready")
