"""What a request carries: the SDK's headers and query, a user's pool's own, the timeouts.

A user's ``http_client`` with cookies or default params is merged by httpx
(``build_request``); any other pool's headers are merged once by the SDK and
kept until they change. Both paths are seen here at the fake, on the wire.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pinecone_backups import APITimeoutError, AsyncClient, Client, InvalidArgumentError
from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone, Fault

INDEX = "request-building"

POOLS = {
    "cookies": {"cookies": {"session": "s-1"}},
    "params": {"params": {"trace": "t-1"}},
    "plain": {},
}
"""What a user's pool carries besides headers: each sends the request down another path."""


@pytest.fixture
def seeded(fake: FakePinecone) -> FakePinecone:
    fake.seed(INDEX, 5)
    return fake


def list_through(
    fake: FakePinecone, flavour: str, pool: dict[str, object], **options: object
) -> int:
    """list_backups(INDEX, limit=3) through a user's pool built with ``pool``; its page size."""
    settings: dict[str, object] = {"api_key": fake.api_key, "base_url": fake.base_url, **options}
    if flavour == "sync":
        with httpx.Client(**pool) as http, Client(http_client=http, **settings) as client:  # type: ignore[arg-type]
            return len(client.list_backups(INDEX, limit=3).backups)

    async def run() -> int:
        async with (
            httpx.AsyncClient(**pool) as http,  # type: ignore[arg-type]
            AsyncClient(http_client=http, **settings) as client,  # type: ignore[arg-type]
        ):
            return len((await client.list_backups(INDEX, limit=3)).backups)

    return asyncio.run(run())


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("kind", list(POOLS))
def test_a_users_pool_adds_its_cookies_and_params_to_the_sdks_headers_and_query(
    seeded: FakePinecone, flavour: str, kind: str
) -> None:
    assert list_through(seeded, flavour, POOLS[kind]) == 3
    (request,) = seeded.requests
    assert request.headers["api-key"] == seeded.api_key
    assert request.headers["accept"] == "application/json"
    assert request.headers["x-pinecone-api-version"] == C.api_version()
    assert request.headers.get("cookie") == ("session=s-1" if kind == "cookies" else None)
    expected_query = {"limit": ["3"], **({"trace": ["t-1"]} if kind == "params" else {})}
    assert request.query == expected_query


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("kind", list(POOLS))
def test_without_a_total_timeout_the_timeout_still_bounds_each_attempt(
    seeded: FakePinecone, flavour: str, kind: str
) -> None:
    # The answer comes after 2 s: within the pool's own 5 s default, past the 0.3 s asked for.
    seeded.inject(Fault.slow(2.0))
    with pytest.raises(APITimeoutError):
        list_through(seeded, flavour, POOLS[kind], timeout=0.3, total_timeout=None, max_retries=0)


def test_a_header_the_users_pool_gains_between_calls_is_sent_from_the_next_call(
    fake: FakePinecone,
) -> None:
    backup_id = str(fake.add_backup(INDEX)["backup_id"])
    with (
        httpx.Client() as http,
        Client(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as client,
    ):
        client.describe_backup(backup_id)
        http.headers["X-Team"] = "a"
        client.describe_backup(backup_id)
        client.list_backups(INDEX)
        http.headers["X-Team"] = "b"
        client.describe_backup(backup_id)
    assert [r.headers.get("x-team") for r in fake.requests] == [None, "a", "a", "b"]
    assert {r.headers["api-key"] for r in fake.requests} == {fake.api_key}


def test_a_url_too_long_to_build_is_refused_before_any_request(fake: FakePinecone) -> None:
    with (
        Client(api_key=fake.api_key, base_url=fake.base_url) as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.describe_backup("b" * 70_000)
    assert str(caught.value) == (
        "the request cannot be sent: its URL would not be valid (URL too long); an index "
        "name or backup ID that long is not one the API has"
    )
    assert fake.requests == []


@pytest.mark.parametrize("value", [".", ".."])
def test_a_dot_segment_as_a_backup_id_is_refused_saying_where_it_would_lead(
    fake: FakePinecone, value: str
) -> None:
    with (
        Client(api_key=fake.api_key, base_url=fake.base_url) as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.describe_backup(value)
    assert str(caught.value) == (
        f"backup_id {value!r} is not allowed: '.' and '..' are path dot segments that "
        "would send the request to another endpoint"
    )
    assert fake.requests == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_no_timeout_and_no_total_timeout_leave_an_attempt_unbounded(
    seeded: FakePinecone, flavour: str
) -> None:
    # httpx.Timeout(None): every timeout off; with no budget either, no deadline at all.
    options = {"timeout": httpx.Timeout(None), "total_timeout": None}
    assert list_through(seeded, flavour, POOLS["plain"], **options) == 3
