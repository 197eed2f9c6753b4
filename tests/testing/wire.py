"""Talk to a FakePinecone over a raw socket and see its answers byte for byte.

httpx folds header names to lower case and hides what exactly went over the
wire; these helpers keep the status line, the header lines as sent (name
case and order kept) and the body bytes received. Every socket has a
timeout, so no read waits for ever.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from pinecone_backups._config import API_KEY_HEADER, API_VERSION, API_VERSION_HEADER
from pinecone_backups.testing import FakePinecone

TIMEOUT = 5.0


@dataclass
class WireAnswer:
    """One answer as received: status line, header lines in order, body bytes."""

    status_line: str
    headers: list[tuple[str, str]]
    body: bytes
    complete: bool
    """The whole declared ``Content-Length`` arrived."""

    def header(self, name: str) -> str | None:
        """The value of the one header called ``name`` (any case), or ``None``."""
        found = [value for key, value in self.headers if key.lower() == name.lower()]
        assert len(found) <= 1, f"{name} sent {len(found)} times"
        return found[0] if found else None

    @property
    def names(self) -> list[str]:
        """The header names in the order and case they were sent."""
        return [key for key, _ in self.headers]


def connect(fake: FakePinecone) -> socket.socket:
    host, port = fake.base_url.removeprefix("http://").rsplit(":", 1)
    return socket.create_connection((host, int(port)), timeout=TIMEOUT)


def request(
    method: str,
    path: str,
    *,
    api_key: str | None = "test-key",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bytes:
    """The bytes of one HTTP/1.1 request (with the test key and version unless told)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: fake"]
    if api_key is not None:
        lines += [f"{API_KEY_HEADER}: {api_key}", f"{API_VERSION_HEADER}: {API_VERSION}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def read_answer(sock: socket.socket, *, head_only: bool = False) -> WireAnswer:
    """Read one answer: the head, then ``Content-Length`` bytes or up to the close."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full head: {received!r}")
        received += chunk
    head, body = received.split(b"\r\n\r\n", 1)
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [(name, value) for name, _, value in (line.partition(": ") for line in lines)]
    answer = WireAnswer(status_line, headers, b"", complete=True)
    length = int(answer.header("Content-Length") or "0")
    if head_only:
        assert body == b""
        return answer
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    answer.body = body
    answer.complete = len(body) == length
    return answer


def closed_by_server(sock: socket.socket) -> bool:
    """Wait (at most ``TIMEOUT``) for the server to close; ``True`` when it did, sending nothing."""
    try:
        return sock.recv(65536) == b""
    except TimeoutError:
        return False


def exchange(fake: FakePinecone, data: bytes) -> WireAnswer:
    """Send ``data`` on a new connection and read one answer."""
    with connect(fake) as sock:
        sock.sendall(data)
        return read_answer(sock)
