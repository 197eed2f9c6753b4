"""What a user's transport asks of a connection reaches the socket through the
deadline backend, and each read gets its own timeout within the attempt's.

The deadline backend wraps httpcore's (see ``_transport``): it must hand on
the local address and socket options of an ``httpx.HTTPTransport``, and give
each read the smaller of its read timeout and the time left in the attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from pinecone_backups import APIConnectionError, APITimeoutError, AsyncClient, Client
from pinecone_backups import _config as C
from tests.hostile._servers import Conn, RawServer, backup, blackhole, json_response

HOLD = 3.0
"""Seconds a silent server keeps a connection before hanging up."""

BAD_OPTION = (socket.SOL_SOCKET, 0x7FFF, 1)
"""A socket option no kernel knows: ``setsockopt`` refuses it."""


@contextlib.contextmanager
def peer_recorder() -> Iterator[tuple[str, list[str]]]:
    """A server answering each request with a backup; records each client's address."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    peers: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        until = time.monotonic() + 20
        while time.monotonic() < until and not stop.is_set():
            try:
                sock, address = listener.accept()
            except TimeoutError:
                continue
            peers.append(address[0])
            with contextlib.closing(sock):
                sock.settimeout(2.0)
                with contextlib.suppress(OSError):
                    sock.recv(65536)
                    sock.sendall(json_response(backup("bk-1")))

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", peers
    finally:
        stop.set()
        worker.join(timeout=2)
        listener.close()


def describe_with(flavour: str, base_url: str, **options: object) -> object:
    """``describe_backup`` through the SDK; the backup's id or the error raised."""
    transport_options = options.pop("transport", {})
    assert isinstance(transport_options, dict)

    async def run_async() -> object:
        http = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(**transport_options))
        async with (
            http,
            AsyncClient(
                api_key="k" * 20, base_url=base_url, http_client=http, max_retries=0, **options
            ) as client,
        ):
            try:
                return (await client.describe_backup("bk-1")).backup_id
            except Exception as exc:  # checked by the caller
                return exc

    if flavour == "async":
        return asyncio.run(run_async())
    http = httpx.Client(transport=httpx.HTTPTransport(**transport_options))
    with (
        http,
        Client(
            api_key="k" * 20, base_url=base_url, http_client=http, max_retries=0, **options
        ) as client,
    ):
        try:
            return client.describe_backup("bk-1").backup_id
        except Exception as exc:  # checked by the caller
            return exc


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_transports_local_address_is_used_to_connect(flavour: str) -> None:
    with peer_recorder() as (base_url, peers):
        result = describe_with(flavour, base_url, transport={"local_address": "127.0.0.2"})
    assert result == "bk-1"
    assert peers == ["127.0.0.2"]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_transports_socket_options_are_applied_to_the_socket(flavour: str) -> None:
    with peer_recorder() as (base_url, _):
        result = describe_with(flavour, base_url, transport={"socket_options": [BAD_OPTION]})
    # The kernel refused the option: proof it reached setsockopt.
    assert isinstance(result, APIConnectionError), repr(result)
    assert not isinstance(result, APITimeoutError)


def silent_after_headers(conn: Conn, head: bytes, number: int) -> bool:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n")
    ends = time.monotonic() + HOLD
    while time.monotonic() < ends and not conn.server.closed:
        time.sleep(0.05)
    return False  # then hang up


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_silent_body_ends_at_the_read_timeout_not_the_attempts_budget(flavour: str) -> None:
    # The attempt may last 20 s (its largest timeout), each read only 0.3 s.
    # A read without its own timeout would wait until the server hangs up
    # (HOLD s), and that is a connection error, not a timeout.
    with RawServer(silent_after_headers) as server:
        result = describe_with(flavour, server.base_url, timeout=httpx.Timeout(20.0, read=0.3))
    assert isinstance(result, APITimeoutError), repr(result)
    assert "ReadTimeout" in repr(result.__cause__)


def test_the_connect_timeout_caps_a_connect_that_never_completes_async(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The async twin of test_deadlines' connect cap: without it, 20 s."""
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)

    async def run(base_url: str) -> tuple[float, BaseException | None]:
        async with AsyncClient(
            api_key="k" * 20, base_url=base_url, timeout=20.0, max_retries=0
        ) as client:
            started = time.monotonic()
            try:
                await client.describe_backup("bk-1")
            except Exception as exc:  # checked below
                return time.monotonic() - started, exc
        return time.monotonic() - started, None

    with blackhole() as base_url:
        elapsed, error = asyncio.run(run(base_url))
    assert isinstance(error, APITimeoutError), error
    assert "ConnectTimeout" in repr(error.__cause__)
    assert elapsed < 10.0  # generous: 20 s without the cap


PIECES = 40
"""Pieces a slow body is sent in, PAUSE seconds apart: 4 s in all, against a 0.5 s attempt."""
PAUSE = 0.1


def slow_body() -> list[bytes]:
    text = json.dumps(backup("bk-1")).encode()
    size = len(text) // PIECES + 1
    return [text[i : i + size] for i in range(0, len(text), size)]


class SlowBody(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        for piece in slow_body():
            time.sleep(PAUSE)
            yield piece


class AsyncSlowBody(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in slow_body():
            await asyncio.sleep(PAUSE)
            yield piece


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_slow_body_from_a_transport_that_is_not_httpxs_ends_at_the_attempts_deadline(
    flavour: str,
) -> None:
    # A MockTransport has no network backend to arm: only the body reader,
    # chunk by chunk, holds it to the attempt's deadline.
    def answer(request: httpx.Request) -> httpx.Response:
        stream = SlowBody() if flavour == "sync" else AsyncSlowBody()
        return httpx.Response(200, headers={"Content-Type": "application/json"}, stream=stream)

    async def run_async() -> object:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with (
            http,
            AsyncClient(
                api_key="k" * 20,
                base_url="http://127.0.0.1:9",
                http_client=http,
                timeout=0.5,
                max_retries=0,
            ) as client,
        ):
            try:
                return (await client.describe_backup("bk-1")).backup_id
            except Exception as exc:  # checked below
                return exc

    if flavour == "async":
        result = asyncio.run(run_async())
    else:
        http = httpx.Client(transport=httpx.MockTransport(answer))
        with (
            http,
            Client(
                api_key="k" * 20,
                base_url="http://127.0.0.1:9",
                http_client=http,
                timeout=0.5,
                max_retries=0,
            ) as client,
        ):
            try:
                result = client.describe_backup("bk-1").backup_id
            except Exception as exc:  # checked below
                result = exc
    assert isinstance(result, APITimeoutError), repr(result)
    assert str(result) == "GET /backups/bk-1 timed out: the attempt's deadline passed"
