"""Exact defaults, caps and construction rules: values, not types."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import httpx
import pytest

from pinecone_backups import (
    AsyncClient,
    Backoff,
    Client,
    ConfigurationError,
    InvalidArgumentError,
    NotFoundError,
    ServerError,
    __version__,
)
from pinecone_backups import _config as C
from pinecone_backups._base import _make_timeout
from pinecone_backups._models import Page
from pinecone_backups.testing import FakePinecone
from tests.conftest import FIXTURES

KEY = "pcsk_exact_values_key_0123456789"
WIRE = json.loads((FIXTURES / "seed_list_backups.json").read_text())["data"][0]


class _Uniform:
    """Stands in for ``random.uniform``: records its bounds and returns the upper one."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, float]] = []

    def __call__(self, low: float, high: float) -> float:
        self.calls.append((low, high))
        return high


def test_backoff_defaults_are_half_a_second_eight_seconds_and_a_minute() -> None:
    backoff = Backoff()
    assert (backoff.initial, backoff.maximum, backoff.max_retry_after) == (0.5, 8.0, 60.0)
    assert C.MAX_RETRY_AFTER == 60.0


def test_backoff_doubles_from_initial_up_to_the_maximum_with_full_jitter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    uniform = _Uniform()
    monkeypatch.setattr(random, "uniform", uniform)
    backoff = Backoff(initial=0.5, maximum=3.0)
    delays = [backoff.delay(retry, None) for retry in (1, 2, 3, 4, 5)]
    assert delays == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert [low for low, _ in uniform.calls] == [0.0] * 5


def test_backoff_with_a_seeded_random_source_gives_exact_delays() -> None:
    backoff = Backoff(initial=1.0, maximum=4.0)
    random.seed(1234)
    got = [backoff.delay(retry, None) for retry in (1, 2, 3, 4)]
    rng = random.Random(1234)
    assert got == [rng.uniform(0.0, bound) for bound in (1.0, 2.0, 4.0, 4.0)]


def test_retry_after_is_honoured_and_capped_at_max_retry_after() -> None:
    assert Backoff().delay(1, 7.5) == 7.5
    assert Backoff().delay(1, 6000.0) == 60.0
    assert Backoff(max_retry_after=2.0).delay(3, 5.0) == 2.0


@pytest.mark.parametrize("name", ["initial", "maximum", "max_retry_after"])
@pytest.mark.parametrize("value", [-0.001, True, "1", None])
def test_backoff_refuses_a_negative_or_non_number(name: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=f"Backoff.{name} must be"):
        Backoff(**{name: value})  # type: ignore[arg-type]


def test_backoff_accepts_zero() -> None:
    assert Backoff(initial=0, maximum=0, max_retry_after=0).delay(1, 9.0) == 0


def test_default_timeout_is_thirty_seconds_with_a_five_second_connect_cap() -> None:
    client = Client(api_key=KEY)
    try:
        assert client.timeout == httpx.Timeout(30.0, connect=5.0)
    finally:
        client.close()


def test_the_connect_cap_applies_only_when_the_timeout_is_longer() -> None:
    assert _make_timeout(12) == httpx.Timeout(12.0, connect=5.0)
    assert _make_timeout(2.5) == httpx.Timeout(2.5, connect=2.5)
    given = httpx.Timeout(1.0, connect=9.0)
    assert _make_timeout(given) is given


@pytest.mark.parametrize("value", [0, 0.0, -1, True, "30"])
def test_timeout_must_be_a_positive_number(value: object) -> None:
    with pytest.raises(InvalidArgumentError, match="timeout must be"):
        Client(api_key=KEY, timeout=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-1, True, 1.0, "2"])
def test_max_retries_must_be_an_int_at_least_zero(value: object) -> None:
    with pytest.raises(InvalidArgumentError, match="max_retries must be an int >= 0"):
        Client(api_key=KEY, max_retries=value)  # type: ignore[arg-type]


def test_zero_retries_is_allowed_and_the_default_is_two() -> None:
    assert Client(api_key=KEY, max_retries=0).max_retries == 0
    assert Client(api_key=KEY).max_retries == 2


@pytest.mark.parametrize(
    "url", ["https://api.pinecone.io/?x=1", "https://api.pinecone.io/#frag", "api.pinecone.io?a"]
)
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="must not carry a query or fragment"):
        Client(api_key=KEY, base_url=url)


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("api.pinecone.io", "https://api.pinecone.io"),
        ("https://api.pinecone.io/", "https://api.pinecone.io"),
        ("  https://example.test/prefix/  ", "https://example.test/prefix"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ],
)
def test_base_url_defaults_to_https_and_drops_the_trailing_slash(given: str, resolved: str) -> None:
    assert Client(api_key=KEY, base_url=given).base_url == resolved


def test_a_backoff_that_is_not_a_backoff_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="backoff"):
        Client(api_key=KEY, backoff=(0.1, 1.0))  # type: ignore[arg-type]


def test_an_http_client_of_the_wrong_kind_is_refused_naming_both() -> None:
    with pytest.raises(InvalidArgumentError, match=r"httpx\.Client, got AsyncClient"):
        Client(api_key=KEY, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"httpx\.AsyncClient, got Client"):
        AsyncClient(api_key=KEY, http_client=httpx.Client())  # type: ignore[arg-type]


def test_pages_are_equal_only_with_equal_backups_and_token() -> None:
    a, b = object(), object()
    assert Page([a], "t") == Page([a], "t")  # type: ignore[list-item]
    assert Page([a], "t") != Page([a], "u")  # type: ignore[list-item]
    assert Page([a], None) != Page([b], None)  # type: ignore[list-item]
    assert Page([], None) != ([], None)
    assert Page([], None).__eq__(object()) is NotImplemented


def _capture(answer: httpx.Response) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return seen, httpx.MockTransport(handler)


def test_every_request_carries_accept_json_the_key_and_the_api_version() -> None:
    seen, transport = _capture(httpx.Response(200, json={"data": [], "pagination": None}))
    with Client(api_key=KEY, http_client=httpx.Client(transport=transport)) as client:
        client.list_backups("idx")
    headers = seen[0].headers
    assert headers["Accept"] == "application/json"
    assert headers["Api-Key"] == KEY
    assert headers["X-Pinecone-Api-Version"] == C.api_version()


def test_the_sdks_own_pool_sends_its_user_agent_on_the_wire(fake: FakePinecone) -> None:
    fake.add_index("idx")
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        client.list_backups("idx")
    headers = fake.requests[-1].headers
    assert headers["user-agent"] == f"pinecone-backups-python/{__version__}"
    assert headers["accept"] == "application/json"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-request-id": "req-fallback"}, "req-fallback"),
        ({"x-pinecone-request-id": "req-first", "x-request-id": "req-second"}, "req-first"),
    ],
)
def test_the_request_id_falls_back_to_x_request_id(headers: dict[str, str], expected: str) -> None:
    body = {"error": {"code": "NOT_FOUND", "message": "no such index"}, "status": 404}
    _, transport = _capture(httpx.Response(404, json=body, headers=headers))
    http = httpx.Client(transport=transport)
    with Client(api_key=KEY, http_client=http) as client, pytest.raises(NotFoundError) as caught:
        client.list_backups("idx")
    assert caught.value.request_id == expected


def test_iter_indexes_backups_keeps_the_backups_received_before_a_failure() -> None:
    first = dict(WIRE, backup_id="b-1")
    second = dict(WIRE, backup_id="b-2")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("paginationToken") == "next":
            return httpx.Response(503, json={"error": {"code": "UNAVAILABLE", "message": "x"}})
        return httpx.Response(200, json={"data": [first, second], "pagination": {"next": "next"}})

    async def walk() -> list[Any]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncClient(
            api_key=KEY, http_client=http, max_retries=0, backoff=Backoff(0, 0, 0), total_timeout=5
        ) as client:
            results = [r async for r in client.iter_indexes_backups(["idx"])]
        await http.aclose()
        return results

    (result,) = asyncio.run(walk())
    assert result.index_name == "idx"
    assert [b.backup_id for b in result.backups] == ["b-1", "b-2"]
    assert isinstance(result.error, ServerError)
    assert result.error.attempts == 1  # max_retries=0


def test_close_closes_the_sdks_own_pool_but_not_a_users() -> None:
    client = Client(api_key=KEY)
    pool = client._http  # the pool is built on first use
    client.close()
    assert pool.is_closed
    user = httpx.Client()
    with Client(api_key=KEY, http_client=user):
        pass
    assert not user.is_closed
    user.close()


def test_async_close_closes_the_sdks_own_pool() -> None:
    async def run() -> bool:
        client = AsyncClient(api_key=KEY)
        pool = client._http
        await client.close()
        return pool.is_closed

    assert asyncio.run(run())


def _peak_concurrency(**options: Any) -> int:
    """Most list requests in flight at once while walking 20 indexes."""
    state = {"now": 0, "peak": 0}

    async def handler(request: httpx.Request) -> httpx.Response:
        state["now"] += 1
        state["peak"] = max(state["peak"], state["now"])
        await asyncio.sleep(0.01)
        state["now"] -= 1
        return httpx.Response(200, json={"data": [], "pagination": None})

    async def walk() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncClient(api_key=KEY, http_client=http) as client:
            names = [f"idx-{n}" for n in range(20)]
            results = [r async for r in client.iter_indexes_backups(names, **options)]
            assert sorted(r.index_name for r in results) == sorted(names)
        await http.aclose()

    asyncio.run(walk())
    return state["peak"]


def test_iter_indexes_backups_runs_eight_walks_at_once_by_default() -> None:
    assert _peak_concurrency() == 8


def test_iter_indexes_backups_with_a_concurrency_of_one_walks_one_index_at_a_time() -> None:
    assert _peak_concurrency(max_concurrency=1) == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "max_concurrency must be >= 1, got 0"),
        (True, "max_concurrency must be an int >= 1"),
        (2.0, "max_concurrency must be an int >= 1"),
    ],
)
def test_iter_indexes_backups_refuses_a_bad_concurrency(value: object, message: str) -> None:
    client = AsyncClient(api_key=KEY)
    with pytest.raises(InvalidArgumentError) as caught:
        client.iter_indexes_backups(["a"], max_concurrency=value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_a_clients_repr_names_its_class_url_version_and_retries() -> None:
    with Client(api_key=KEY) as client:
        assert repr(client) == (
            f"Client(base_url='https://api.pinecone.io', api_version={C.api_version()!r}, "
            "max_retries=2)"
        )
        assert KEY not in repr(client)
