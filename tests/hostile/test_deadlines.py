"""A call ends: per-attempt deadlines, the total budget, and the caps on waits and connects.

Each test measures elapsed time against the budget it set, with generous
margins (a loaded machine is slow, never fast): a server that drips for 10 s
against a 1 s budget must be left well before those 10 s.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

import pinecone_backups._base as base_module
from pinecone_backups import (
    APITimeoutError,
    AsyncClient,
    Backoff,
    Client,
    ServerError,
)
from pinecone_backups import _config as C
from tests.hostile._servers import (
    Conn,
    RawServer,
    backup,
    blackhole,
    drip,
    json_response,
    repeat,
    response,
)

BUDGET = 1.0
MARGIN = 2.0
"""Seconds allowed past a budget before a test calls it overrun (scheduling, slow CI)."""
DRIP_FOR = 10.0
"""Seconds the dripping servers would go on: far past every budget here."""


Outcome = tuple[float, BaseException | None]


def timed_describe(base_url: str, **options: Any) -> Outcome:
    options.setdefault("max_retries", 0)
    client = Client(api_key="k" * 20, base_url=base_url, **options)
    started = time.monotonic()
    try:
        client.describe_backup("bk-1")
    except Exception as exc:  # measured, then checked by the caller
        return time.monotonic() - started, exc
    finally:
        client.close()
    return time.monotonic() - started, None


async def timed_describe_async(
    base_url: str, **options: object
) -> tuple[float, BaseException | None]:
    options.setdefault("max_retries", 0)
    client = AsyncClient(api_key="k" * 20, base_url=base_url, **options)
    started = time.monotonic()
    try:
        await client.describe_backup("bk-1")
    except Exception as exc:
        return time.monotonic() - started, exc
    finally:
        await client.close()
    return time.monotonic() - started, None


def drip_body(conn: Conn, head: bytes, number: int) -> bool:
    body = json_response(backup("bk-1"))
    split = body.index(b"\r\n\r\n") + 4
    conn.send(body[:split])
    drip(conn, body[split:], interval=0.1, limit=DRIP_FOR)
    return False


def drip_headers(conn: Conn, head: bytes, number: int) -> bool:
    drip(conn, json_response(backup("bk-1")), interval=0.1, limit=DRIP_FOR)
    return False


def endless_interim(conn: Conn, head: bytes, number: int) -> bool:
    repeat(conn, b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n", 0.02, DRIP_FOR)
    return False


@pytest.mark.parametrize("handler", [drip_body, drip_headers, endless_interim])
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_slow_or_endless_answer_ends_at_the_attempt_timeout(
    handler: object, flavour: str
) -> None:
    with RawServer(handler) as server:  # type: ignore[arg-type]
        if flavour == "sync":
            elapsed, error = timed_describe(server.base_url, timeout=BUDGET)
        else:
            elapsed, error = asyncio.run(timed_describe_async(server.base_url, timeout=BUDGET))
    assert isinstance(error, APITimeoutError), error
    assert BUDGET * 0.8 <= elapsed < BUDGET + MARGIN
    assert len(server.requests) == 1


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_total_timeout_shorter_than_the_timeout_ends_the_attempt(flavour: str) -> None:
    """Each attempt gets at most what is left of total_timeout, not its own 30 s."""

    def late(conn: Conn, head: bytes, number: int) -> bool:
        time.sleep(1.0)  # past the 0.3 s budget, well within the 30 s timeout
        conn.send(json_response(backup("bk-1")))
        return False

    options = {"timeout": 30.0, "total_timeout": 0.3}
    with RawServer(late) as server:
        if flavour == "sync":
            _, error = timed_describe(server.base_url, **options)
        else:
            _, error = asyncio.run(timed_describe_async(server.base_url, **options))
    assert isinstance(error, APITimeoutError), error
    assert len(server.requests) == 1


class Wrapped(httpx.BaseTransport):
    """A user's own transport around httpx's: the SDK cannot arm it, only pass timeouts down."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_users_own_transport_gets_timeouts_capped_at_what_is_left_of_the_budget() -> None:
    def late(conn: Conn, head: bytes, number: int) -> bool:
        time.sleep(0.8)  # past the 0.3 s budget, well within the 30 s timeout
        conn.send(json_response(backup("bk-1")))
        return False

    with RawServer(late) as server, httpx.Client(transport=Wrapped()) as http:
        _, error = timed_describe(
            server.base_url, http_client=http, timeout=30.0, total_timeout=0.3
        )
    assert isinstance(error, APITimeoutError), error
    assert len(server.requests) == 1


def test_the_total_budget_covers_attempts_and_waits() -> None:
    """Stall, then 503 + Retry-After: the wait fits, the retry gets only what is left."""

    def stall_then_503(conn: Conn, head: bytes, number: int) -> bool:
        if number == 1:
            time.sleep(0.6)
            conn.send(
                response(503, b"", reason="Service Unavailable", headers={"Retry-After": "1"})
            )
            return True
        time.sleep(DRIP_FOR)  # the retry never gets an answer
        return False

    with RawServer(stall_then_503) as server:
        client = Client(
            api_key="k" * 20,
            base_url=server.base_url,
            timeout=30,
            total_timeout=2.0,
            max_retries=2,
            backoff=Backoff(),
        )
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.describe_backup("bk-1")
        elapsed = time.monotonic() - started
        client.close()
    assert 1.8 <= elapsed < 2.0 + MARGIN  # the budget, not 30 s per attempt
    assert len(server.requests) == 2


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_retry_after_that_does_not_fit_is_not_started_and_the_error_says_so(flavour: str) -> None:
    def always_503(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(503, b"", reason="Busy", headers={"Retry-After": "60"}))
        return True

    options: dict[str, Any] = {"total_timeout": 5.0, "max_retries": 2, "backoff": Backoff()}
    with RawServer(always_503) as server:
        if flavour == "sync":
            elapsed, error = timed_describe(server.base_url, **options)
        else:
            elapsed, error = asyncio.run(timed_describe_async(server.base_url, **options))
    assert isinstance(error, ServerError), error
    assert elapsed < MARGIN  # no 60 s sleep, and no 5 s either
    assert len(server.requests) == 1
    assert "not retried: the Retry-After wait of 60 s does not fit" in str(error)
    assert "total_timeout of 5 s" in str(error)


def test_the_retry_after_cap_lets_a_long_retry_after_be_retried_in_time() -> None:
    """Removing the cap (Backoff.max_retry_after) makes the 60 s wait not fit: this fails."""

    def busy_then_ok(conn: Conn, head: bytes, number: int) -> bool:
        if number == 1:
            conn.send(response(503, b"", reason="Busy", headers={"Retry-After": "60"}))
        else:
            conn.send(json_response(backup("bk-1")))
        return True

    with RawServer(busy_then_ok) as server:
        backoff = Backoff(max_retry_after=0.2)
        with Client(
            api_key="k" * 20, base_url=server.base_url, backoff=backoff, total_timeout=5.0
        ) as client:
            started = time.monotonic()
            result = client.describe_backup("bk-1")
            elapsed = time.monotonic() - started
    assert result.backup_id == "bk-1"
    assert len(server.requests) == 2
    assert 0.15 <= elapsed < 0.2 + MARGIN


def test_the_backoff_cap_bounds_each_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing the cap (Backoff.maximum) makes the first wait 100 s: this fails."""
    monkeypatch.setattr(base_module.random, "uniform", lambda low, high: high)  # no jitter

    def busy_twice(conn: Conn, head: bytes, number: int) -> bool:
        if number <= 2:
            conn.send(response(503, b"", reason="Busy"))
        else:
            conn.send(json_response(backup("bk-1")))
        return True

    with RawServer(busy_twice) as server:
        backoff = Backoff(initial=100.0, maximum=0.1)
        with Client(
            api_key="k" * 20, base_url=server.base_url, backoff=backoff, total_timeout=5.0
        ) as client:
            started = time.monotonic()
            result = client.describe_backup("bk-1")
            elapsed = time.monotonic() - started
    assert result.backup_id == "bk-1"
    assert len(server.requests) == 3
    assert 0.15 <= elapsed < 0.2 + MARGIN


def test_the_connect_timeout_caps_a_connect_that_never_completes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Removing the cap (connect=min(timeout, DEFAULT_CONNECT_TIMEOUT)) waits 20 s: this fails."""
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)
    with blackhole() as base_url:
        elapsed, error = timed_describe(base_url, timeout=20.0, total_timeout=20.0)
    assert isinstance(error, APITimeoutError), error
    assert "ConnectTimeout" in repr(error.__cause__)
    assert 0.25 <= elapsed < 0.3 + MARGIN
