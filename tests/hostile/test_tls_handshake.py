"""A TLS handshake that never completes ends at the connect timeout, sync and async.

httpcore runs the handshake on the stream the deadline backend handed it
(``start_tls``); the handshake gets the connect timeout capped at the time
left in the attempt. The server here accepts the TCP connection, reads the
ClientHello and never answers, then hangs up after ``HOLD`` seconds: a
handshake without its timeout ends then, with a connection error instead of a
timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from pinecone_backups import APITimeoutError, AsyncClient, Client
from pinecone_backups import _config as C

HOLD = 5.0
"""Seconds the server keeps a silent connection open before hanging up."""


@contextlib.contextmanager
def silent_tls_server(
    host: str = "127.0.0.1", received: list[bytes] | None = None
) -> Iterator[str]:
    """An https:// base URL (naming ``host``) whose server takes the ClientHello and
    never says a word; the bytes it receives go to ``received``."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def hold(sock: socket.socket) -> None:
        with contextlib.closing(sock):
            sock.settimeout(0.1)
            until = time.monotonic() + HOLD
            while time.monotonic() < until and not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    data = sock.recv(65536)
                    if not data:
                        return
                    if received is not None:
                        received.append(data)

    def accept() -> None:
        until = time.monotonic() + 4 * HOLD
        while time.monotonic() < until and not stop.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=hold, args=(sock,), daemon=True).start()

    accepter = threading.Thread(target=accept, daemon=True)
    accepter.start()
    try:
        yield f"https://{host}:{port}"
    finally:
        stop.set()
        accepter.join(timeout=2)
        listener.close()


def describe(base_url: str) -> BaseException | None:
    with Client(api_key="k" * 20, base_url=base_url, timeout=20.0, max_retries=0) as client:
        try:
            client.describe_backup("bk-1")
        except Exception as exc:  # checked by the caller
            return exc
    return None


async def describe_async(base_url: str) -> BaseException | None:
    async with AsyncClient(
        api_key="k" * 20, base_url=base_url, timeout=20.0, max_retries=0
    ) as client:
        try:
            await client.describe_backup("bk-1")
        except Exception as exc:  # checked by the caller
            return exc
    return None


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_stalled_tls_handshake_ends_at_the_connect_timeout(
    monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)
    with silent_tls_server() as base_url:
        error = describe(base_url) if flavour == "sync" else asyncio.run(describe_async(base_url))
    assert isinstance(error, APITimeoutError), repr(error)
    assert "ConnectTimeout" in repr(error.__cause__)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_the_tls_handshake_names_the_host_it_connects_to(
    monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    # The ClientHello carries the host name (SNI), which is also the name the
    # certificate is checked against: without it, any valid certificate passes.
    monkeypatch.setattr(C, "DEFAULT_CONNECT_TIMEOUT", 0.3)
    received: list[bytes] = []
    with silent_tls_server("localhost", received) as base_url:
        error = describe(base_url) if flavour == "sync" else asyncio.run(describe_async(base_url))
    assert isinstance(error, APITimeoutError), repr(error)
    assert b"localhost" in b"".join(received)
