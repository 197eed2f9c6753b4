"""Raw-socket servers on 127.0.0.1 that misbehave on purpose, and their small helpers.

Not ``FakePinecone``: these write bytes by hand, so they can be wrong in ways
no HTTP library would let them be. Every loop here is bounded twice, in count
and in time (``SERVER_LIFETIME``), and stops as soon as the server is closed
or the client goes away, so a test that fails cannot hang the suite.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any

SERVER_LIFETIME = 20.0
"""Seconds any server loop runs at most, whatever the client does."""

MAX_HEAD = 256 * 1024
"""Bytes of a request head read at most (a 60 KiB token fits)."""


class Conn:
    """One accepted connection, as handlers see it."""

    def __init__(self, sock: socket.socket, server: RawServer) -> None:
        self.sock = sock
        self.server = server

    def send(self, data: bytes) -> bool:
        """Send ``data``; False when the client went away or the server closed."""
        if self.server.closed:
            return False
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True


Handler = Callable[[Conn, bytes, int], bool]
"""``handler(conn, head, number)`` answers one request; True keeps the connection."""


class RawServer:
    """A threaded TCP server that hands each request head to ``handler``.

    Attributes:
        requests: Every request head received, in order.
        connections: How many connections were accepted.
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []
        self.connections = 0
        self.closed = False
        self._started = time.monotonic()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._accepter = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> RawServer:
        self._accepter.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def expired(self) -> bool:
        return self.closed or time.monotonic() - self._started > SERVER_LIFETIME

    def close(self) -> None:
        self.closed = True
        self._accepter.join(timeout=2)
        for thread in self._threads:
            thread.join(timeout=2)
        self._listener.close()

    def _accept(self) -> None:
        while not self.expired():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self)
        with contextlib.closing(sock):
            while not self.expired():
                head = read_head(sock, self)
                if head is None:
                    return
                with self._lock:
                    self.requests.append(head)
                    number = len(self.requests)
                if not self._handler(conn, head, number):
                    return


def read_head(sock: socket.socket, server: RawServer) -> bytes | None:
    """The request head (up to the blank line), or None when the client closed."""
    data = b""
    sock.settimeout(0.2)
    while b"\r\n\r\n" not in data and len(data) < MAX_HEAD and not server.expired():
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data if b"\r\n\r\n" in data else None


def target_of(head: bytes) -> str:
    """The request target (``/backups/x?...``) of a request head."""
    return head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")


def backup(backup_id: str, **extra: Any) -> dict[str, Any]:
    """A valid ``BackupModel`` JSON object."""
    return {
        "backup_id": backup_id,
        "source_index_name": "docs-example",
        "source_index_id": "idx-1",
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        **extra,
    }


def response(
    status: int = 200,
    body: bytes = b"",
    *,
    reason: str = "OK",
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> bytes:
    """A whole HTTP/1.1 response; ``content_length`` may lie about ``body``."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    all_headers["Content-Length"] = str(len(body) if content_length is None else content_length)
    lines.extend(f"{name}: {value}" for name, value in all_headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def json_response(value: object, status: int = 200, **kwargs: Any) -> bytes:
    return response(status, json.dumps(value).encode(), **kwargs)


def drip(conn: Conn, data: bytes, interval: float, limit: float) -> None:
    """Send ``data`` one byte every ``interval`` seconds, for at most ``limit`` seconds."""
    ends = time.monotonic() + limit
    for byte in data:
        if time.monotonic() > ends or not conn.send(bytes([byte])):
            return
        time.sleep(interval)


def repeat(conn: Conn, data: bytes, interval: float, limit: float) -> None:
    """Send ``data`` again and again, every ``interval`` seconds, for at most ``limit`` seconds."""
    ends = time.monotonic() + limit
    while time.monotonic() < ends and conn.send(data):
        time.sleep(interval)


def gzip_bomb(inflated: int) -> bytes:
    """A gzip stream of ``inflated`` zero bytes (about 1/1000 of that compressed)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(inflated // len(block))]
    parts.append(packer.flush())
    return b"".join(parts)


@contextlib.contextmanager
def blackhole(hold: float = 5.0) -> Iterator[str]:
    """A base URL whose connections are never accepted: the listen queue is full.

    Linux drops the SYN of a connection beyond a full backlog, so ``connect``
    waits until its own timeout. After ``hold`` seconds the listener closes, so
    a connect without a timeout is refused then instead of waiting for ever.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    closer = threading.Timer(hold, listener.close)
    closer.start()
    try:
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        closer.cancel()
        for filler in fillers:
            filler.close()
        listener.close()


def closed_port() -> str:
    """A base URL on which nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
