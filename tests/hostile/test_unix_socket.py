"""Connections a user's transport opens another way (a Unix socket, httpcore's
connect retries) go through the deadline backend too, sync and async."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pinecone_backups import APIConnectionError, APITimeoutError, AsyncClient, Client
from pinecone_backups import _config as C
from tests.hostile._servers import backup, json_response
from tests.hostile.test_transport_passthrough import BAD_OPTION

HOLD = 5.0
"""Seconds a stalled server keeps its listener before closing it."""


@contextlib.contextmanager
def unix_server(path: Path, *, answer: bool) -> Iterator[str]:
    """A server on ``path``: answers each request with a backup, or (``answer=False``)
    accepts nothing, its one-slot backlog full, so a new connect waits."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(0 if not answer else 8)
    listener.settimeout(0.1)
    stop = threading.Event()
    fillers: list[socket.socket] = []

    def serve() -> None:
        until = time.monotonic() + 4 * HOLD
        while time.monotonic() < until and not stop.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            with contextlib.closing(sock):
                sock.settimeout(2.0)
                with contextlib.suppress(OSError):
                    sock.recv(65536)
                    sock.sendall(json_response(backup("bk-1")))

    def stall() -> None:
        stop.wait(HOLD)
        listener.close()  # a connect still waiting (no timeout given) fails now

    if not answer:
        for _ in range(2):  # fill the backlog: the next connect blocks
            filler = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(str(path))
            fillers.append(filler)
    worker = threading.Thread(target=serve if answer else stall, daemon=True)
    worker.start()
    try:
        yield str(path)
    finally:
        stop.set()
        worker.join(timeout=2)
        for filler in fillers:
            filler.close()
        listener.close()


def describe(transport: httpx.HTTPTransport) -> object:
    http = httpx.Client(transport=transport)
    with (
        http,
        Client(
            api_key="k" * 20, base_url="http://127.0.0.1", http_client=http, max_retries=0
        ) as client,
    ):
        try:
            return client.describe_backup("bk-1").backup_id
        except Exception as exc:  # checked by the caller
            return exc


async def describe_async(transport: httpx.AsyncHTTPTransport) -> object:
    http = httpx.AsyncClient(transport=transport)
    async with (
        http,
        AsyncClient(
            api_key="k" * 20, base_url="http://127.0.0.1", http_client=http, max_retries=0
        ) as client,
    ):
        try:
            return (await client.describe_backup("bk-1")).backup_id
        except Exception as exc:  # checked by the caller
            return exc


def run(flavour: str, **transport: object) -> object:
    if flavour == "sync":
        return describe(httpx.HTTPTransport(**transport))  # type: ignore[arg-type]
    return asyncio.run(describe_async(httpx.AsyncHTTPTransport(**transport)))  # type: ignore[arg-type]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_unix_socket_transport_is_answered(tmp_path: Path, flavour: str) -> None:
    with unix_server(tmp_path / "api.sock", answer=True) as path:
        assert run(flavour, uds=path) == "bk-1"


def test_a_stalled_unix_socket_connect_ends_at_the_connect_timeout_async(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)
    with unix_server(tmp_path / "api.sock", answer=False) as path:
        error = run("async", uds=path)
    assert isinstance(error, APITimeoutError), repr(error)
    assert "ConnectTimeout" in repr(error.__cause__)


def test_a_stalled_unix_socket_connect_fails_at_once_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's blocking socket, given a timeout, reports a Unix socket connect
    # to a full backlog as EAGAIN at once instead of waiting. Without the
    # timeout the connect would wait until the server closes its listener
    # (HOLD s later) and fail then, with another error.
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)
    with unix_server(tmp_path / "api.sock", answer=False) as path:
        error = run("sync", uds=path)
    assert isinstance(error, APIConnectionError), repr(error)
    assert "[Errno 11] Resource temporarily unavailable" in str(error)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_httpcore_connect_retries_sleep_through_the_backend(tmp_path: Path, flavour: str) -> None:
    # No server at the path: httpcore retries the connect (sleeping in between
    # through the backend's sleep), then the SDK gets the connection error.
    error = run(flavour, uds=str(tmp_path / "nobody.sock"), retries=2)
    assert isinstance(error, APIConnectionError), repr(error)
    assert not isinstance(error, APITimeoutError)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_unix_socket_transports_socket_options_reach_the_socket(
    tmp_path: Path, flavour: str
) -> None:
    with unix_server(tmp_path / "api.sock", answer=True) as path:
        result = run(flavour, uds=path, socket_options=[BAD_OPTION])
    # The kernel refused the option: proof it reached setsockopt.
    assert isinstance(result, APIConnectionError), repr(result)
    assert not isinstance(result, APITimeoutError)
    refused = f"[Errno {errno.ENOPROTOOPT}] {os.strerror(errno.ENOPROTOOPT)}"
    assert str(result).endswith(f"failed to connect or was cut off: {refused}")


def test_outside_an_attempt_a_unix_socket_connect_keeps_the_transports_own_timeout(
    tmp_path: Path,
) -> None:
    # The user's http_client, once given to a Client, is armed; used directly
    # (no attempt in progress) its connects keep their own timeout: the full
    # backlog fails at once (see above), where a connect without a timeout
    # would wait for the listener to close (HOLD s later) and fail otherwise.
    http = httpx.Client(transport=httpx.HTTPTransport(uds=str(tmp_path / "api.sock")))
    with (
        http,
        Client(api_key="k" * 20, base_url="http://127.0.0.1", http_client=http),
        unix_server(tmp_path / "api.sock", answer=False),
        pytest.raises(httpx.ConnectError) as caught,
    ):
        http.get("http://127.0.0.1/backups/bk-1", timeout=httpx.Timeout(5.0, connect=0.3))
    assert str(caught.value) == "[Errno 11] Resource temporarily unavailable"
