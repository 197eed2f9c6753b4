"""What keeps one attempt bounded and honest below httpx: deadlines, size limits, framing.

httpx's timeouts apply to each socket operation: a server that sends one byte
a second, or interim ``1xx`` answers forever, never trips them. So every
connection httpcore opens for a client goes through a ``DeadlineBackend``,
whose streams give each connect, read and write at most the time left until
the deadline of the attempt in progress (``ATTEMPT_DEADLINE``, a context
variable the client sets around each attempt; outside an attempt nothing
changes). The body is then read chunk by chunk (``BodyReader``), counting the
decompressed bytes against the size limit and the deadline.

The one seam into httpx's private parts is :func:`arm`: httpx takes no
network backend, so it is set on the connection pool of each transport the
``httpx.Client`` holds (its own and those of proxy mounts). A transport that
is not httpx's (a ``MockTransport``, your own) is left as it is: its body is
still held to the deadline and the limit, chunk by chunk.

Framing: each stream notes whether it read anything since its last write. An
answer whose headers were complete before the request was written was left
over on the connection by an earlier, mis-framed answer (a ``Content-Length``
shorter than the body); :func:`check_fresh` refuses it, and the pool drops the
connection.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._answer import ATTEMPT_DEADLINE, DEADLINE_PASSED
from ._config import MAX_READ_SIZE


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` capped at the time left in the attempt; raises ``error`` when none is left."""
    deadline = ATTEMPT_DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error(DEADLINE_PASSED)
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the attempt's deadline.

    Reads ask for at most ``MAX_READ_SIZE`` bytes, which bounds what one read
    of a compressed body can inflate to before the size limit is checked.
    """

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream
        self.read_since_write = False  # pragma: no mutate (a write comes first and sets it)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        size = min(max_bytes, MAX_READ_SIZE)
        data = self._stream.read(size, _left(timeout, httpcore.ReadTimeout))
        if data:
            self.read_since_write = True
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.read_since_write = False
        # A GET's head never fills a socket buffer: the write timeout cannot be
        # seen by a test (no mutation of this line could be caught).
        self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))  # pragma: no mutate

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    """The asyncio twin of ``DeadlineStream``."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self.read_since_write = False  # pragma: no mutate (a write comes first and sets it)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        size = min(max_bytes, MAX_READ_SIZE)
        data = await self._stream.read(size, _left(timeout, httpcore.ReadTimeout))
        if data:
            self.read_since_write = True
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.read_since_write = False
        await self._stream.write(buffer, _left(timeout, httpcore.WriteTimeout))  # pragma: no mutate

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = await self._stream.start_tls(ssl_context, server_hostname, left)
        return AsyncDeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens ``DeadlineStream``s over another backend (httpcore's own)."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    """Opens ``AsyncDeadlineStream``s over another backend (httpcore's own)."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_tcp(host, port, left, local_address, socket_options)
        return AsyncDeadlineStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        left = _left(timeout, httpcore.ConnectTimeout)
        stream = await self._backend.connect_unix_socket(path, left, socket_options)
        return AsyncDeadlineStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def arm(http: httpx.Client | httpx.AsyncClient) -> None:
    """Route every connection ``http`` opens from now on through a deadline backend.

    Idempotent. Touches httpx's private ``_transport``, ``_mounts`` and
    ``_pool`` (see the module doc); the hostile-server tests fail if a new
    httpx moves them.
    """
    transports = [http._transport, *http._mounts.values()]
    for transport in transports:
        if isinstance(transport, httpx.HTTPTransport):
            pool = transport._pool
            if not isinstance(pool._network_backend, DeadlineBackend):
                pool._network_backend = DeadlineBackend(pool._network_backend)
        elif isinstance(transport, httpx.AsyncHTTPTransport):
            apool = transport._pool
            if not isinstance(apool._network_backend, AsyncDeadlineBackend):
                apool._network_backend = AsyncDeadlineBackend(apool._network_backend)


def check_fresh(response: httpx.Response) -> None:
    """Refuse an answer that was on the connection before the request was written.

    Raises ``httpx.RemoteProtocolError`` (a transport error: the attempt is
    retried on a new connection). It is raised before the body is read, and
    httpcore never reuses a connection whose answer was closed unread, so the
    pool drops the mis-framed connection.
    """
    stream = response.extensions.get("network_stream")
    if isinstance(stream, DeadlineStream | AsyncDeadlineStream) and not stream.read_since_write:
        raise httpx.RemoteProtocolError(
            "the answer was on the connection before the request was sent: bytes left "
            "over by an earlier answer whose framing was wrong; the connection is dropped"
        )
