"""``AsyncClient`` against ``FakePinecone`` over real HTTP: parity with ``Client``, many indexes."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from pinecone_backups import (
    APITimeoutError,
    AsyncClient,
    AuthenticationError,
    Backup,
    ConfigurationError,
    IndexBackups,
    InvalidArgumentError,
    NotFoundError,
    Page,
    ServerError,
)
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import FAST_BACKOFF, FIXTURES

T = TypeVar("T")
INDEX = "docs-example"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def stored_ids(fake: FakePinecone, index: str = INDEX) -> list[str]:
    ids = []
    for wire in fake.backups(index):
        assert isinstance(wire, dict)
        ids.append(wire["backup_id"])
    return ids


async def collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]


# --- configuration and headers -----------------------------------------------------------


def test_async_missing_api_key_fails_at_construction(fake: FakePinecone) -> None:
    with pytest.raises(ConfigurationError, match="PINECONE_API_KEY"):
        AsyncClient(base_url=fake.base_url)
    assert fake.requests == []


def test_async_repr_never_shows_the_key(fake: FakePinecone) -> None:
    async def scenario() -> str:
        async with AsyncClient(api_key="sk-async-secret", base_url=fake.base_url) as client:
            return repr(client)

    assert "sk-async-secret" not in run(scenario())


def test_async_every_request_carries_key_and_spec_version(
    fake: FakePinecone, async_options: dict[str, Any], spec_version: str
) -> None:
    fake.seed(INDEX, 30)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.list_backups(INDEX, limit=5)
            await collect(client.iter_backups(INDEX, page_size=20))
            await client.describe_backup(stored_ids(fake)[0])

    run(scenario())
    assert len(fake.requests) == 4
    for request in fake.requests:
        assert request.headers["api-key"] == fake.api_key
        assert request.headers["x-pinecone-api-version"] == spec_version


def test_async_default_timeout_is_finite(fake: FakePinecone) -> None:
    async def scenario() -> float | None:
        async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
            return client.timeout.read

    read = run(scenario())
    assert isinstance(read, float)
    assert 0 < read < math.inf


def test_async_each_attempt_is_logged_at_debug_with_its_status(
    fake: FakePinecone, async_options: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    fake.seed(INDEX, 1)
    backup_id = stored_ids(fake)[0]
    fake.inject(Fault.server_error(503))
    caplog.set_level(logging.DEBUG, logger="pinecone_backups")

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.describe_backup(backup_id)

    run(scenario())
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "pinecone_backups" and r.levelno == logging.DEBUG
    ]
    assert len(lines) == 2, lines
    assert re.fullmatch(rf"GET /backups/{backup_id} -> HTTP 503 in \d+\.\d ms", lines[0])
    assert re.fullmatch(rf"GET /backups/{backup_id} -> HTTP 200 in \d+\.\d ms", lines[1])


# --- list, describe, seed bodies -------------------------------------------------------------


def test_async_seed_list_page_parses_with_created_at_and_no_next_token(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    body = json.loads((FIXTURES / "seed_list_backups.json").read_text())
    fake.inject(Fault.json(body))

    async def scenario() -> Page:
        async with AsyncClient(**async_options) as client:
            return await client.list_backups(INDEX)

    page = run(scenario())
    assert page.next_token is None
    assert [b.to_dict() for b in page.backups] == body["data"]
    assert page.backups[0].created_at == datetime(2025, 3, 11, 18, 29, 50, 549505, tzinfo=UTC)


def test_async_seed_describe_body_parses_with_created_at(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    body = json.loads((FIXTURES / "seed_describe_backup.json").read_text())
    fake.inject(Fault.json(body))

    async def scenario() -> Backup:
        async with AsyncClient(**async_options) as client:
            return await client.describe_backup(body["backup_id"])

    backup = run(scenario())
    assert backup.to_dict() == body
    assert backup.created_at == datetime(2025, 5, 15, 0, 52, 10, 809354, tzinfo=UTC)


def test_async_list_one_page_then_resume_with_its_token(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.seed(INDEX, 25)

    async def scenario() -> tuple[Page, Page]:
        async with AsyncClient(**async_options) as client:
            first = await client.list_backups(INDEX, limit=10)
            second = await client.list_backups(INDEX, pagination_token=first.next_token)
            return first, second

    first, second = run(scenario())
    ids = stored_ids(fake)
    assert [b.backup_id for b in first] == ids[:10]
    assert [b.backup_id for b in second] == ids[10:20]
    assert fake.requests[0].query == {"limit": ["10"]}
    assert fake.requests[1].query == {"paginationToken": [first.next_token]}


def test_async_describe_returns_the_stored_backup(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    wire = fake.add_backup(INDEX, future_field=[1, 2])

    async def scenario() -> Backup:
        async with AsyncClient(**async_options) as client:
            return await client.describe_backup(str(wire["backup_id"]))

    backup = run(scenario())
    assert backup.to_dict() == wire
    assert backup.additional_properties == {"future_field": [1, 2]}


# --- walks -----------------------------------------------------------------------------------


def test_async_iter_backups_walks_1050_backups_in_11_requests_on_one_connection(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.seed(INDEX, 1050)

    async def scenario() -> list[str]:
        async with AsyncClient(**async_options) as client:
            return [b.backup_id async for b in client.iter_backups(INDEX)]

    seen = run(scenario())
    assert seen == stored_ids(fake)
    assert len(fake.requests) == 11
    assert fake.connections_opened == 1
    assert fake.requests[0].query == {"limit": ["100"]}
    assert all(set(r.query) == {"paginationToken"} for r in fake.requests[1:])


def test_async_resume_sends_the_saved_token_without_limit(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.seed(INDEX, 130)

    async def scenario() -> tuple[str | None, list[Page]]:
        async with AsyncClient(**async_options) as client:
            saved = (await client.list_backups(INDEX, limit=25)).next_token
            pages = await collect(
                client.iter_backup_pages(INDEX, page_size=10, pagination_token=saved)
            )
            return saved, pages

    saved, pages = run(scenario())
    assert saved is not None
    assert fake.requests[1].query == {"paginationToken": [saved]}
    assert all("limit" not in r.query for r in fake.requests[1:])
    assert [b.backup_id for p in pages for b in p] == stored_ids(fake)[25:]


def test_async_walk_ends_when_pagination_is_absent(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.last_page_pagination = "absent"
    fake.seed(INDEX, 150)

    async def scenario() -> list[Backup]:
        async with AsyncClient(**async_options) as client:
            return await collect(client.iter_backups(INDEX))

    assert [b.backup_id for b in run(scenario())] == stored_ids(fake)
    assert len(fake.requests) == 2


def test_async_walk_ends_when_pagination_has_no_next(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    wires = fake.seed(INDEX, 2)
    fake.inject(Fault.json({"data": wires, "pagination": {}}))

    async def scenario() -> list[Page]:
        async with AsyncClient(**async_options) as client:
            return await collect(client.iter_backup_pages(INDEX))

    pages = run(scenario())
    assert len(pages) == 1
    assert len(fake.requests) == 1


# --- errors and input validation -------------------------------------------------------------


def test_async_unknown_index_raises_not_found(async_options: dict[str, Any]) -> None:
    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.list_backups("no-such-index")

    with pytest.raises(NotFoundError) as caught:
        run(scenario())
    assert caught.value.status_code == 404
    assert caught.value.code == "NOT_FOUND"
    assert caught.value.request_id


def test_async_plain_text_401_raises_authentication_error(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.inject(Fault.plain_text_401())

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.describe_backup("anything")

    with pytest.raises(AuthenticationError, match="Invalid API Key"):
        run(scenario())


def test_async_server_error_after_retries_carries_attempts(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.inject(Fault.server_error(503, times=10))

    async def scenario() -> None:
        async with AsyncClient(**async_options, max_retries=1) as client:
            await client.list_backups(INDEX)

    with pytest.raises(ServerError) as caught:
        run(scenario())
    assert caught.value.attempts == 2
    assert len(fake.requests) == 2


def test_async_slow_server_raises_api_timeout_error(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.add_index(INDEX)
    fake.inject(Fault.slow(1.0))
    async_options.update(timeout=0.2, max_retries=0)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.list_backups(INDEX)

    with pytest.raises(APITimeoutError):
        run(scenario())


CALLS: dict[str, Callable[[AsyncClient], object]] = {
    "list_backups(empty name)": lambda c: c.list_backups(""),
    "list_backups(limit=0)": lambda c: c.list_backups(INDEX, limit=0),
    "list_backups(limit=101)": lambda c: c.list_backups(INDEX, limit=101),
    "list_backups(limit=True)": lambda c: c.list_backups(INDEX, limit=True),
    "describe_backup('..')": lambda c: c.describe_backup(".."),
    "describe_backup(None)": lambda c: c.describe_backup(None),  # type: ignore[arg-type]
    "iter_backups('.')": lambda c: c.iter_backups("."),
    "iter_backups(page_size='10')": lambda c: c.iter_backups(INDEX, page_size="10"),  # type: ignore[arg-type]
    "iter_backup_pages(page_size=0)": lambda c: c.iter_backup_pages(INDEX, page_size=0),
    "iter_backup_pages(42)": lambda c: c.iter_backup_pages(42),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("call", list(CALLS))
def test_async_bad_arguments_are_rejected_at_the_call_before_any_request(
    fake: FakePinecone, async_options: dict[str, Any], call: str
) -> None:
    fake.seed(INDEX, 3)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            # At the call: nothing is awaited or iterated.
            with pytest.raises(InvalidArgumentError):
                CALLS[call](client)

    run(scenario())
    assert fake.requests == []


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"max_concurrency": 0}, [INDEX]),
        ({"max_concurrency": True}, [INDEX]),
        ({"page_size": 101}, [INDEX]),
        ({}, [INDEX, ""]),
        ({}, [INDEX, ".."]),
    ],
    ids=["concurrency-0", "concurrency-bool", "page-size-101", "empty-name", "dot-dot-name"],
)
def test_iter_indexes_backups_validates_at_the_call(
    fake: FakePinecone, async_options: dict[str, Any], kwargs: dict[str, Any], names: list[str]
) -> None:
    fake.seed(INDEX, 3)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            with pytest.raises(InvalidArgumentError):
                client.iter_indexes_backups(names, **kwargs)

    run(scenario())
    assert fake.requests == []


def test_iter_indexes_backups_bad_arguments_never_send_a_request(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    fake.seed(INDEX, 3)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await collect(client.iter_indexes_backups([INDEX, "."], max_concurrency=2))

    with pytest.raises(InvalidArgumentError, match="not allowed"):
        run(scenario())
    assert fake.requests == []


# --- many indexes ----------------------------------------------------------------------------


def test_iter_indexes_backups_yields_one_result_per_index_and_reports_a_404(
    fake: FakePinecone, async_options: dict[str, Any]
) -> None:
    sizes = {"idx-a": 130, "idx-b": 0, "idx-c": 45, "idx-d": 201}
    for name, count in sizes.items():
        fake.add_index(name)
        fake.seed(name, count)

    async def scenario() -> list[IndexBackups]:
        async with AsyncClient(**async_options) as client:
            names = [*sizes, "missing-index", "idx-a"]
            return await collect(client.iter_indexes_backups(names, max_concurrency=2))

    results = {r.index_name: r for r in run(scenario())}
    assert set(results) == {*sizes, "missing-index"}
    missing = results.pop("missing-index")
    assert isinstance(missing.error, NotFoundError)
    assert not missing.ok
    assert missing.backups == []
    for name, result in results.items():
        assert result.ok, result.error
        assert [b.backup_id for b in result.backups] == stored_ids(fake, name)
    expected_requests = sum(max(1, math.ceil(n / 100)) for n in sizes.values()) + 1
    assert len(fake.requests) == expected_requests


def test_iter_indexes_backups_never_runs_more_walks_than_max_concurrency() -> None:
    names = [f"idx-{n}" for n in range(6)]
    # Each answer takes a while, so walks that were allowed to overlap would;
    # HTTP/1.1 carries one request at a time per connection, so the number of
    # connections the server accepted bounds the requests it had in flight.
    with FakePinecone(latency=0.03) as fake:
        for name in names:
            fake.seed(name, 150)

        async def scenario() -> list[IndexBackups]:
            async with AsyncClient(
                api_key=fake.api_key, base_url=fake.base_url, backoff=FAST_BACKOFF
            ) as client:
                return await collect(client.iter_indexes_backups(names, max_concurrency=2))

        results = run(scenario())
        assert sorted(r.index_name for r in results) == names
        assert all(r.ok and len(r.backups) == 150 for r in results)
        assert len(fake.requests) == 12
        assert fake.connections_opened <= 2
        assert len({r.connection_id for r in fake.requests}) <= 2


def test_iter_indexes_backups_does_run_walks_concurrently() -> None:
    names = [f"idx-{n}" for n in range(3)]
    with FakePinecone(latency=0.2) as fake:
        for name in names:
            fake.seed(name, 5)

        async def scenario() -> list[IndexBackups]:
            async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
                return await collect(client.iter_indexes_backups(names, max_concurrency=3))

        assert len(run(scenario())) == 3
        # Three walks in flight at once need three connections.
        assert fake.connections_opened == 3


# --- lifecycle -------------------------------------------------------------------------------


def test_async_with_closes_the_pool(fake: FakePinecone, async_options: dict[str, Any]) -> None:
    fake.add_index(INDEX)

    async def scenario() -> None:
        async with AsyncClient(**async_options) as client:
            await client.list_backups(INDEX)
        await client.list_backups(INDEX)

    with pytest.raises(ConfigurationError, match="closed"):
        run(scenario())
    assert len(fake.requests) == 1
