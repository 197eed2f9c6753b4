"""The list methods' per-call ``timeout``, ``max_retries`` and ``total_timeout`` reach the call,
and their argument errors name the argument the caller wrote.

Same observations as tests/wrapper/test_describe_per_call_options.py: the
attempt's timeouts (a user pool's request hook), the attempts the fake
answered, and the budget a refused ``Retry-After`` names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pinecone_backups import Client, InvalidArgumentError, RateLimitError
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import fast_backoff

INDEX = "docs-example"

Call = Callable[..., object]


def list_backups(client: Client, index: object, **options: Any) -> object:
    return client.list_backups(index, **options)  # type: ignore[arg-type]


def iter_backup_pages(client: Client, index: object, **options: Any) -> object:
    return list(client.iter_backup_pages(index, **options))  # type: ignore[arg-type]


def iter_backups(client: Client, index: object, **options: Any) -> object:
    return list(client.iter_backups(index, **options))  # type: ignore[arg-type]


CALLS = pytest.mark.parametrize("call", [list_backups, iter_backup_pages, iter_backups])


@CALLS
def test_a_per_call_timeout_is_the_attempts_timeout(fake: FakePinecone, call: Call) -> None:
    fake.seed(INDEX, 1)
    seen: list[dict[str, float | None]] = []
    http = httpx.Client(event_hooks={"request": [lambda r: seen.append(r.extensions["timeout"])]})
    with Client(api_key=fake.api_key, base_url=fake.base_url, timeout=30, http_client=http) as c:
        call(c, INDEX, timeout=7)
    http.close()
    assert seen == [{"connect": 5.0, "read": 7.0, "write": 7.0, "pool": 7.0}]


@CALLS
def test_per_call_max_retries_replaces_the_clients(fake: FakePinecone, call: Call) -> None:
    fake.inject(Fault.rate_limited(retry_after="0", times=10))
    with (
        Client(
            api_key=fake.api_key, base_url=fake.base_url, max_retries=0, backoff=fast_backoff()
        ) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        call(client, INDEX, max_retries=2)
    assert caught.value.attempts == 3
    assert len(fake.requests) == 3


@CALLS
def test_a_per_call_total_timeout_is_the_budget_a_retry_must_fit(
    fake: FakePinecone, call: Call
) -> None:
    fake.inject(Fault.rate_limited(retry_after="50", times=10))
    with (
        Client(
            api_key=fake.api_key, base_url=fake.base_url, total_timeout=3, max_retries=2
        ) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        call(client, INDEX, total_timeout=7)
    assert str(caught.value).endswith("of the call's total_timeout of 7 s")
    assert len(fake.requests) == 1


@CALLS
def test_a_bad_index_name_is_named_index_name(fake: FakePinecone, call: Call) -> None:
    with (
        Client(api_key=fake.api_key, base_url=fake.base_url) as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        call(client, "")
    assert str(caught.value) == "index_name must be a non-empty string"
    assert fake.requests == []


@pytest.mark.parametrize(
    ("call", "option"),
    [(list_backups, "limit"), (iter_backup_pages, "page_size"), (iter_backups, "page_size")],
)
@pytest.mark.parametrize(
    ("value", "says"),
    [("5", "must be an int from 1 to 100, got str"), (0, "must be from 1 to 100 (the API's page")],
)
def test_a_bad_page_size_is_named_as_the_caller_wrote_it(
    fake: FakePinecone, call: Call, option: str, value: object, says: str
) -> None:
    with (
        Client(api_key=fake.api_key, base_url=fake.base_url) as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        call(client, INDEX, **{option: value})
    assert str(caught.value).startswith(f"{option} {says}")
    assert fake.requests == []
