"""describe_backup's per-call ``timeout``, ``max_retries`` and ``total_timeout`` reach the call.

Each is set on the call to a value the client does not have, and the test
sees it where it acts: the attempt's timeouts on the request (a user pool's
request hook), the number of attempts the fake answered, and the budget the
error names when a ``Retry-After`` does not fit.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pinecone_backups import AsyncClient, Client, InvalidArgumentError, RateLimitError
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import fast_backoff


def test_a_per_call_timeout_is_the_attempts_timeout(fake: FakePinecone) -> None:
    seen: list[dict[str, float | None]] = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(r.extensions["timeout"])]})
    backup_id = str(fake.add_backup("idx")["backup_id"])
    with Client(api_key=fake.api_key, base_url=fake.base_url, timeout=30, http_client=http) as c:
        c.describe_backup(backup_id, timeout=7)
        c.describe_backup(backup_id)
    http.close()
    assert seen == [
        {"connect": 5.0, "read": 7.0, "write": 7.0, "pool": 7.0},
        {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0},
    ]


def test_per_call_max_retries_replaces_the_clients(fake: FakePinecone) -> None:
    fake.inject(Fault.rate_limited(retry_after="0", times=10))
    with (
        Client(
            api_key=fake.api_key, base_url=fake.base_url, max_retries=0, backoff=fast_backoff()
        ) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.describe_backup("bk-1", max_retries=2)
    assert caught.value.attempts == 3
    assert len(fake.requests) == 3


def test_a_per_call_total_timeout_is_the_budget_a_retry_must_fit(fake: FakePinecone) -> None:
    fake.inject(Fault.rate_limited(retry_after="50", times=10))
    with (
        Client(
            api_key=fake.api_key, base_url=fake.base_url, total_timeout=3, max_retries=2
        ) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.describe_backup("bk-1", total_timeout=7)
    assert "does not fit" in str(caught.value)
    assert str(caught.value).endswith("of the call's total_timeout of 7 s")
    assert len(fake.requests) == 1


def test_async_describe_takes_the_per_call_budget_too(fake: FakePinecone) -> None:
    fake.inject(Fault.rate_limited(retry_after="50", times=10))

    async def call() -> RateLimitError:
        async with AsyncClient(
            api_key=fake.api_key, base_url=fake.base_url, total_timeout=3, max_retries=2
        ) as client:
            with pytest.raises(RateLimitError) as caught:
                await client.describe_backup("bk-1", total_timeout=7)
        return caught.value

    error = asyncio.run(call())
    assert str(error).endswith("of the call's total_timeout of 7 s")


@pytest.mark.parametrize(
    ("backup_id", "message"),
    [
        ("", "backup_id must be a non-empty string"),
        (7, "backup_id must be a str, got int"),
        ("..", "backup_id '..' is not allowed: '.' and '..' are path dot segments"),
    ],
)
def test_a_bad_backup_id_is_named_as_backup_id(
    client: Client, fake: FakePinecone, backup_id: object, message: str
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        client.describe_backup(backup_id)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)
    assert fake.requests == []
