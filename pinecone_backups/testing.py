"""A fake Pinecone backup API on real HTTP, for testing backup tooling offline.

:class:`FakePinecone` serves the two backup operations of the control plane,
``GET /indexes/{index_name}/backups`` and ``GET /backups/{backup_id}``, from
memory, on a real HTTP/1.1 server bound to ``127.0.0.1`` on a free port. It
checks the ``Api-Key`` and ``X-Pinecone-Api-Version`` headers, validates
``limit``, pages with opaque tokens and answers errors with the API's JSON
``ErrorResponse`` body, the way the real API does, including its rough edges
(a token sent with a different ``limit`` skips or repeats rows; the last page
carries ``"pagination": null``). Programmable :class:`Fault` objects make it
misbehave on demand: rate limiting, server errors, HTML or empty bodies from a
proxy, truncated bodies, dropped connections, slow answers, redirects. A
backup's status can be scripted over time (``add_backup(..., statuses=[...])``,
one entry per describe), to test code that waits for a backup.

Every request the server receives is kept in :attr:`FakePinecone.requests`.

The module uses the standard library only; any HTTP client can talk to it.

Example::

    import httpx
    from pinecone_backups.testing import Fault, FakePinecone

    with FakePinecone() as fake:
        fake.seed("docs-example", 25)
        fake.inject(Fault.rate_limited(retry_after="1"))
        headers = {"Api-Key": fake.api_key, "X-Pinecone-Api-Version": "2025-10"}
        with httpx.Client(base_url=fake.base_url, headers=headers) as http:
            assert http.get("/indexes/docs-example/backups").status_code == 429
            page = http.get("/indexes/docs-example/backups", params={"limit": 10}).json()
            assert len(page["data"]) == 10 and page["pagination"]["next"]
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gc
import http
import json
import random
import re
import secrets
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final, Literal, cast
from urllib.parse import parse_qs, unquote

from pinecone_backups._config import API_KEY_HEADER, API_VERSION, API_VERSION_HEADER

__all__ = ["OMIT", "FakePinecone", "Fault", "RecordedRequest"]

_REQUEST_ID_HEADER: Final = "x-pinecone-request-id"
_JSON: Final = "application/json"
_TEXT: Final = "text/plain; charset=utf-8"
_HTML: Final = "text/html; charset=utf-8"
_DEFAULT_LIMIT: Final = 10
_MIN_LIMIT: Final = 1
_MAX_LIMIT: Final = 100
_LIMIT_RE: Final = re.compile(r"-?[0-9]+")

_ERROR_CODES: Final[Mapping[int, str]] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    402: "PAYMENT_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    409: "ALREADY_EXISTS",
    412: "FAILED_PRECONDITION",
    422: "UNPROCESSABLE_ENTITY",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "UNAVAILABLE",
}


class _Omit:
    """Type of :data:`OMIT`."""

    _instance: _Omit | None = None

    def __new__(cls) -> _Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Final = _Omit()
"""Give a field this value in :meth:`FakePinecone.add_backup` to leave it out.

Example::

    fake.add_backup("idx", status=OMIT)  # a backup without its required status
"""


@dataclass(frozen=True)
class RecordedRequest:
    """One request as :class:`FakePinecone` received it.

    Attributes:
        method: The HTTP method, for example ``"GET"``.
        path: The path as received, percent-encoding kept, without the query
            string, for example ``"/indexes/a%2Fb/backups"``.
        query: The query string parsed by :func:`urllib.parse.parse_qs` with
            blank values kept: ``{"limit": ["10"]}``.
        headers: The request headers, names lower-cased (a repeated header
            keeps its last value).
        connection_id: Which accepted TCP connection carried the request,
            counting from 1 in the order the server accepted them.

    Example::

        assert fake.requests[-1].query["limit"] == ["100"]
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    connection_id: int


@dataclass
class Fault:
    """A programmed misbehaviour: how to answer the next matching requests.

    Queue it with :meth:`FakePinecone.inject`. Faults are checked in the order
    they were injected, before authentication and validation: the first queued
    fault whose :attr:`path_prefix` matches answers the request (which is still
    recorded in :attr:`FakePinecone.requests`), whatever its headers. After
    answering :attr:`times` requests the fault is discarded.

    Attributes:
        status: The HTTP status of the answer.
        body: What the answer carries. ``bytes`` and ``str`` are sent
            verbatim; any other object except ``None`` is JSON-encoded (use
            :meth:`json` to send a JSON ``null``). ``None`` means the normal
            body: with status 200 the request is answered as usual (so its
            status is whatever the normal handling gives, and the fault only
            adds its delay, headers or truncation); with any other status, an
            ``ErrorResponse`` JSON body whose code matches the status (429
            ``RESOURCE_EXHAUSTED``, 500 ``INTERNAL``, 502/503/504
            ``UNAVAILABLE``, 404 ``NOT_FOUND``, 403 ``FORBIDDEN``, 408
            ``DEADLINE_EXCEEDED``, ..., otherwise ``UNKNOWN``).
        content_type: The ``Content-Type`` header. ``None`` picks one from
            the body: ``text/plain; charset=utf-8`` for a ``str`` body,
            ``application/json`` for everything else (a ``bytes`` body is
            claimed to be JSON, whatever it holds). ``""`` sends no
            ``Content-Type`` at all.
        headers: Extra response headers; they replace default headers of the
            same name, except ``Content-Length``, which is always the true
            length of the body (use :attr:`truncate` to lie about it).
        retry_after: The ``Retry-After`` header (seconds or an HTTP date).
        delay: Seconds to wait before answering (on top of
            :attr:`FakePinecone.latency`), to trigger client timeouts.
        drop: Close the connection without sending any response.
        truncate: Send only the first ``truncate`` bytes of the body while
            declaring its full ``Content-Length``, then close the connection.
        times: How many matching requests the fault answers (at least 1).
        path_prefix: Only requests whose raw path starts with this prefix
            match (``None`` matches every request).

    Raises:
        ValueError: ``times`` below 1, or a negative ``delay`` or
            ``truncate``.

    Example::

        fake.inject(Fault(status=503, retry_after="2", times=2))
        fake.inject(Fault.dropped(path_prefix="/backups/"))
    """

    status: int = 200
    body: bytes | str | object | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None
    delay: float = 0.0
    drop: bool = False
    truncate: int | None = None
    times: int = 1
    path_prefix: str | None = None

    def __post_init__(self) -> None:
        if self.times < 1:
            raise ValueError(f"times must be at least 1, not {self.times}")
        if self.delay < 0:
            raise ValueError(f"delay must not be negative, not {self.delay}")
        if self.truncate is not None and self.truncate < 0:
            raise ValueError(f"truncate must not be negative, not {self.truncate}")

    def matches(self, path: str) -> bool:
        """Tell whether this fault applies to a request for ``path``.

        Args:
            path: The raw request path, without the query string.

        Returns:
            ``True`` when :attr:`path_prefix` is ``None`` or a prefix of ``path``.
        """
        return self.path_prefix is None or path.startswith(self.path_prefix)

    @classmethod
    def rate_limited(
        cls,
        retry_after: str | None = None,
        times: int = 1,
        *,
        path_prefix: str | None = None,
    ) -> Fault:
        """A 429 with a ``RESOURCE_EXHAUSTED`` JSON error.

        Args:
            retry_after: The ``Retry-After`` header to send (seconds or an
                HTTP date), or ``None`` for none.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.rate_limited(retry_after="0"))
        """
        return cls(status=429, retry_after=retry_after, times=times, path_prefix=path_prefix)

    @classmethod
    def server_error(
        cls, status: int = 500, times: int = 1, *, path_prefix: str | None = None
    ) -> Fault:
        """A server error (500 ``INTERNAL``, 503 ``UNAVAILABLE``, ...) with a JSON error body.

        Args:
            status: The HTTP status.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.server_error(503, times=2))
        """
        return cls(status=status, times=times, path_prefix=path_prefix)

    @classmethod
    def html(cls, status: int = 502, *, times: int = 1, path_prefix: str | None = None) -> Fault:
        """An HTML error page, as a proxy or load balancer sends it.

        Args:
            status: The HTTP status.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault, with a ``text/html`` body.

        Example::

            fake.inject(Fault.html(504))
        """
        phrase = _phrase(status)
        page = (
            f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {phrase}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        )
        return cls(
            status=status,
            body=page.encode(),
            content_type=_HTML,
            times=times,
            path_prefix=path_prefix,
        )

    @classmethod
    def empty(cls, status: int = 200, *, times: int = 1, path_prefix: str | None = None) -> Fault:
        """An empty body (``Content-Length: 0``) that still claims to be JSON.

        Args:
            status: The HTTP status.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.empty())
        """
        return cls(status=status, body=b"", times=times, path_prefix=path_prefix)

    @classmethod
    def truncated_json(
        cls, keep: int = 16, *, times: int = 1, path_prefix: str | None = None
    ) -> Fault:
        """A 200 whose normal JSON body is cut short after ``keep`` bytes.

        The full ``Content-Length`` is declared, then the connection is closed,
        so a client sees the connection end in the middle of the body.

        Args:
            keep: How many bytes of the body are sent.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.truncated_json())
        """
        return cls(status=200, truncate=keep, times=times, path_prefix=path_prefix)

    @classmethod
    def plain_text_401(
        cls,
        text: str = "Invalid API Key",
        *,
        times: int = 1,
        path_prefix: str | None = None,
    ) -> Fault:
        """A 401 with a bare ``text/plain`` body, as some servers send it.

        Args:
            text: The body.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.plain_text_401())
        """
        return cls(status=401, body=text, content_type=_TEXT, times=times, path_prefix=path_prefix)

    @classmethod
    def dropped(cls, *, times: int = 1, path_prefix: str | None = None) -> Fault:
        """Close the connection without sending any response.

        Args:
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.dropped())
        """
        return cls(drop=True, times=times, path_prefix=path_prefix)

    @classmethod
    def slow(cls, delay: float, *, times: int = 1, path_prefix: str | None = None) -> Fault:
        """The normal answer, after ``delay`` seconds.

        Args:
            delay: Seconds to wait before answering.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.slow(0.5))  # a client with a 0.1 s timeout gives up
        """
        return cls(delay=delay, times=times, path_prefix=path_prefix)

    @classmethod
    def redirect(
        cls,
        location: str,
        status: int = 302,
        *,
        times: int = 1,
        path_prefix: str | None = None,
    ) -> Fault:
        """A redirect to ``location``, with an empty body.

        Args:
            location: The ``Location`` header.
            status: The HTTP status (301, 302, 307, 308, ...).
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Example::

            fake.inject(Fault.redirect("https://elsewhere.example/"))
        """
        return cls(
            status=status,
            body=b"",
            headers={"Location": location},
            times=times,
            path_prefix=path_prefix,
        )

    @classmethod
    def json(
        cls,
        body: object,
        status: int = 200,
        *,
        times: int = 1,
        path_prefix: str | None = None,
    ) -> Fault:
        """An answer whose body is ``body`` encoded as JSON (``None`` sends ``null``).

        Args:
            body: Any JSON-encodable value.
            status: The HTTP status.
            times: How many requests it answers.
            path_prefix: See :attr:`path_prefix`.

        Returns:
            The fault.

        Raises:
            TypeError: ``body`` cannot be encoded as JSON.

        Example::

            fake.inject(Fault.json({"data": "not a list"}))
        """
        return cls(
            status=status,
            body=json.dumps(body).encode(),
            content_type=_JSON,
            times=times,
            path_prefix=path_prefix,
        )


@dataclass
class _Index:
    source_index_id: str
    backups: list[object] = field(default_factory=list)


@dataclass
class _QueuedFault:
    fault: Fault
    remaining: int


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = _JSON
    headers: dict[str, str] = field(default_factory=dict)


class _HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _error_body(status: int, message: str, code: str | None = None) -> bytes:
    code = code or _ERROR_CODES.get(status, "UNKNOWN")
    return _dumps({"status": status, "error": {"code": code, "message": message}})


def _source_index_id(index_name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "fake-pinecone:index:" + index_name))


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _encode_token(index_name: str, page: int, size: int) -> str:
    raw = json.dumps({"i": index_name, "p": page, "s": size}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_token(token: str, index_name: str) -> tuple[int, int]:
    invalid = _HttpError(400, f"Invalid pagination token: {token!r}")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not isinstance(value, dict):
        raise invalid
    page, size = value.get("p"), value.get("s")
    if (
        value.get("i") != index_name
        or type(page) is not int
        or type(size) is not int
        or page < 0
        or not _MIN_LIMIT <= size <= _MAX_LIMIT
    ):
        raise invalid
    return page, size


_STATUSES: Final = ("Ready",) * 7 + ("Pending", "Initializing", "Failed")
_METRICS: Final = ("cosine", "cosine", "euclidean", "dotproduct")
_DIMENSIONS: Final = (384, 768, 1024, 1536, 3072)
_TAGS: Final[tuple[dict[str, str] | None, ...]] = (
    {},
    {},
    {},
    {"env": "prod"},
    {"env": "staging", "team": "search"},
    {"owner": ""},
    None,
)
_SEED_EPOCH: Final = datetime(2025, 1, 1, tzinfo=UTC)
# A random 128-bit number becomes a version 4, RFC 4122 variant UUID.
_UUID_MASK: Final = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_V4_BITS: Final = (0x4000 << 64) | (0x8000 << 48)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, fake: FakePinecone) -> None:
        self.fake = fake
        self.connections: dict[int, socket.socket] = {}
        self.connection_count = 0
        self.lock = threading.Lock()
        super().__init__((fake.host, fake.port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can
        # stall on a machine without DNS; the name is not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = self.server_address[1]

    def open_connection(self, sock: socket.socket) -> int:
        with self.lock:
            self.connection_count += 1
            self.connections[self.connection_count] = sock
            return self.connection_count

    def close_connection(self, connection_id: int) -> None:
        with self.lock:
            self.connections.pop(connection_id, None)

    def close_all_connections(self) -> None:
        with self.lock:
            sockets = list(self.connections.values())
            self.connections.clear()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that goes away mid-answer is normal here, not worth a traceback.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "FakePinecone/1.0"
    sys_version = ""
    server: _Server
    connection_id: int

    def setup(self) -> None:
        super().setup()
        self.connection_id = self.server.open_connection(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.close_connection(self.connection_id)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Callable[[], None]:
        # Every method (GET, POST, FOO, ...) goes through the same dispatch.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        raw_path, _, query_string = self.path.partition("?")
        query = parse_qs(query_string, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        self._discard_request_body(headers)
        fake = self.server.fake
        fake._record(
            RecordedRequest(
                method=self.command,
                path=raw_path,
                query=query,
                headers=headers,
                connection_id=self.connection_id,
            )
        )
        if fake.latency > 0:
            time.sleep(fake.latency)
        fault = fake._take_fault(raw_path)
        if fault is None:
            self._send(self._answer(raw_path, query, headers))
            return
        if fault.delay > 0:
            time.sleep(fault.delay)
        if fault.drop:
            self.close_connection = True
            return
        answer = self._fault_answer(fault, raw_path, query, headers)
        self._send(answer, truncate=fault.truncate)

    def _discard_request_body(self, headers: Mapping[str, str]) -> None:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            self.close_connection = True
            return
        try:
            length = int(headers.get("content-length", "0"))
        except ValueError:
            self.close_connection = True
            return
        if length > 0:
            self.rfile.read(length)

    def _answer(
        self, raw_path: str, query: dict[str, list[str]], headers: Mapping[str, str]
    ) -> _Answer:
        try:
            body = self.server.fake._handle(self.command, raw_path, query, headers)
        except _HttpError as error:
            return _Answer(error.status, _error_body(error.status, error.message))
        except Exception as error:  # a bug, or an unencodable stored value
            return _Answer(500, _error_body(500, f"FakePinecone failed: {error!r}"))
        return _Answer(200, body)

    def _fault_answer(
        self,
        fault: Fault,
        raw_path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
    ) -> _Answer:
        body = fault.body
        if body is None and fault.status == 200:
            answer = self._answer(raw_path, query, headers)
        elif body is None:
            message = f"{fault.status} {_phrase(fault.status)} (injected fault)"
            answer = _Answer(fault.status, _error_body(fault.status, message))
        elif isinstance(body, bytes):
            answer = _Answer(fault.status, body)
        elif isinstance(body, str):
            answer = _Answer(fault.status, body.encode(), _TEXT)
        else:
            answer = _Answer(fault.status, _dumps(body))
        if fault.content_type is not None:
            answer.content_type = fault.content_type
        if fault.retry_after is not None:
            answer.headers["Retry-After"] = fault.retry_after
        answer.headers.update(fault.headers)
        return answer

    def _send(self, answer: _Answer, truncate: int | None = None) -> None:
        body = answer.body
        defaults: dict[str, str] = {
            "Date": formatdate(usegmt=True),
            "Server": self.server_version,
            _REQUEST_ID_HEADER: str(uuid.uuid4()),
        }
        if answer.content_type:
            defaults["Content-Type"] = answer.content_type
        extra = {name.lower(): (name, value) for name, value in answer.headers.items()}
        extra.pop("content-length", None)
        lines = [f"{self.protocol_version} {answer.status} {_phrase(answer.status)}"]
        for name, value in defaults.items():
            if name.lower() not in extra:
                lines.append(f"{name}: {value}")
        lines.extend(f"{name}: {value}" for name, value in extra.values())
        lines.append(f"Content-Length: {len(body)}")
        if truncate is not None and truncate < len(body):
            body = body[:truncate]
            self.close_connection = True
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head if self.command == "HEAD" else head + body)


class FakePinecone:
    """A fake of Pinecone's two backup operations, served on real HTTP.

    It answers ``GET /indexes/{index_name}/backups`` and
    ``GET /backups/{backup_id}`` like the real API (version
    ``API_VERSION``) from backups held in memory, on ``127.0.0.1`` at a free
    port. Every other path or method is a 404 ``NOT_FOUND``; a missing or
    wrong ``Api-Key`` a 401 ``UNAUTHENTICATED``; a missing or other
    ``X-Pinecone-Api-Version`` a 400 ``INVALID_ARGUMENT``; a ``limit`` that is
    not an integer from 1 to 100 a 400; an unknown index or backup a 404.
    Path segments are percent-decoded before lookup (an index ``a/b`` is
    requested as ``/indexes/a%2Fb/backups``).

    Pages are cut with opaque ``paginationToken`` values that carry the page
    size they were minted with and the page number. A token sent alone keeps
    its page size; a token sent with a different ``limit`` starts at
    ``page_number * limit``, skipping or repeating rows, as the real server
    does. The last page has ``"pagination": null`` (or no ``pagination`` key,
    see :attr:`last_page_pagination`).

    Every response carries an ``x-pinecone-request-id`` header. The server
    speaks HTTP/1.1 with keep-alive, so a client with a connection pool reuses
    its connections (see :attr:`connections_opened`).

    Args:
        api_key: The key the server accepts; ``None`` makes a random one.
        latency: Seconds to wait before answering every request.
        api_version: The only ``X-Pinecone-Api-Version`` the server accepts.
        port: The TCP port to listen on; ``0`` (the default) picks a free one.
        host: The IPv4 address (or ``localhost``) to listen on; ``0.0.0.0``
            listens on every interface, and :attr:`base_url` then names
            ``127.0.0.1``.

    Attributes:
        api_key: The accepted API key.
        latency: Seconds to wait before answering every request; settable at
            any time.
        api_version: The accepted API version; settable at any time.
        requests: Every request received, in order of arrival.
        repeat_tokens: When ``True``, every page that is not the last carries
            the token of page 1, as a buggy server, a proxy cache or a mock
            replaying its example does; a client following tokens blindly then
            never stops.

    Example::

        with FakePinecone(api_key="k") as fake:
            fake.add_backup("idx", name="nightly")
            response = httpx.get(
                fake.base_url + "/indexes/idx/backups",
                headers={"Api-Key": "k", "X-Pinecone-Api-Version": "2025-10"},
            )
            assert response.json()["data"][0]["name"] == "nightly"
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        latency: float = 0.0,
        api_version: str = API_VERSION,
        port: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.port: int = port
        self.host: str = host
        self.api_key: str = (
            api_key if api_key is not None else "fake-pinecone-" + secrets.token_hex(8)
        )
        self.latency: float = latency
        self.api_version: str = api_version
        self.requests: list[RecordedRequest] = []
        self.repeat_tokens: bool = False
        self._last_page_pagination: Literal["null", "absent"] = "null"
        self._lock = threading.Lock()
        self._indexes: dict[str, _Index] = {}
        self._by_id: dict[str, object] = {}
        self._scripts: dict[str, deque[str | None]] = {}
        self._faults: list[_QueuedFault] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._connections_of_last_run = 0

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> FakePinecone:
        """Start serving in a background thread.

        Returns:
            ``self``, so ``fake = FakePinecone().start()`` works.

        Raises:
            RuntimeError: The server is already running.

        Example::

            fake = FakePinecone().start()
            try:
                ...
            finally:
                fake.stop()
        """
        if self._server is not None:
            raise RuntimeError("FakePinecone is already running")
        server = _Server(self)
        self._connections_of_last_run = 0
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"FakePinecone:{server.server_address[1]}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection. Does nothing when stopped.

        Example::

            fake.stop()
        """
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        self._connections_of_last_run = server.connection_count
        server.shutdown()
        server.server_close()
        server.close_all_connections()
        if thread is not None:
            thread.join()

    def __enter__(self) -> FakePinecone:
        """Start the server (see :meth:`start`) and return it."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server (see :meth:`stop`)."""
        self.stop()

    @property
    def base_url(self) -> str:
        """The server's address, ``http://127.0.0.1:<port>``, with no trailing slash.

        Raises:
            RuntimeError: The server is not running.
        """
        if self._server is None:
            raise RuntimeError("FakePinecone is not running; call start() first")
        host, port = str(self._server.server_address[0]), self._server.server_address[1]
        return f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}"

    @property
    def connections_opened(self) -> int:
        """How many TCP connections the server has accepted since it last started.

        After :meth:`stop`, the count of the run that ended; 0 before the first start.
        """
        server = self._server
        return self._connections_of_last_run if server is None else server.connection_count

    @property
    def last_page_pagination(self) -> Literal["null", "absent"]:
        """How the last page ends: ``"null"`` (``"pagination": null``, the default)
        or ``"absent"`` (no ``pagination`` key).

        Raises:
            ValueError: When set to anything else.
        """
        return self._last_page_pagination

    @last_page_pagination.setter
    def last_page_pagination(self, value: str) -> None:
        if value not in ("null", "absent"):
            raise ValueError(f'last_page_pagination must be "null" or "absent", not {value!r}')
        self._last_page_pagination = cast(Literal["null", "absent"], value)

    # -- data ----------------------------------------------------------------

    def add_index(self, name: str) -> None:
        """Create an index with no backups (listing it gives ``"data": []``).

        Does nothing when the index exists.

        Args:
            name: The index name, any string.

        Example::

            fake.add_index("empty-index")
        """
        with self._lock:
            self._index(name)

    def add_backup(
        self,
        index_name: str,
        *,
        statuses: Sequence[str | None] | None = None,
        **fields: object,
    ) -> dict[str, object]:
        """Add one realistic backup to an index, creating the index if needed.

        The backup is a ``BackupModel`` wire dict: a random ``backup_id``,
        ``source_index_name`` and a stable ``source_index_id`` for the index,
        status ``Ready`` on ``aws``/``us-east-1``, a name and description,
        dimension 1024, metric ``cosine``, counts and size, empty tags and
        ``created_at`` now (RFC 3339, microseconds, ``Z``). ``fields`` are then
        applied over it verbatim (``None``, wrong types and unknown keys
        included); a field given as :data:`OMIT` is removed.

        Args:
            index_name: The index the backup belongs to.
            statuses: Script the backup's status over time, one entry per
                ``GET /backups/{backup_id}`` (see :meth:`script_statuses`).
            **fields: Wire fields to set or (with :data:`OMIT`) remove.

        Returns:
            The stored dict itself: changing it changes what the server sends.

        Raises:
            ValueError: ``statuses`` is empty or given together with ``status``.

        Example::

            fake.add_backup("idx", status="Failed", tags=None, region=OMIT)
            fake.add_backup("idx", statuses=["Initializing", "Initializing", "Ready"])
        """
        if statuses is not None and "status" in fields:
            raise ValueError("give status or statuses, not both")
        backup_id = fields.get("backup_id")
        now = datetime.now(UTC)
        wire: dict[str, object] = {
            "backup_id": backup_id if isinstance(backup_id, str) else str(uuid.uuid4()),
            "source_index_name": index_name,
            "source_index_id": "",
            "status": "Ready",
            "cloud": "aws",
            "region": "us-east-1",
            "name": f"{index_name}-backup-{now:%Y%m%d%H%M%S%f}",
            "description": f"Backup of {index_name}",
            "dimension": 1024,
            "metric": "cosine",
            "record_count": 120_000,
            "namespace_count": 3,
            "size_bytes": 10_000_000,
            "tags": {},
            "created_at": _timestamp(now),
        }
        for key, value in fields.items():
            if value is OMIT:
                wire.pop(key, None)
            else:
                wire[key] = value
        with self._lock:
            index = self._index(index_name)
            if "source_index_id" not in fields:
                wire["source_index_id"] = index.source_index_id
            self._store(index, wire)
        if statuses is not None:
            self.script_statuses(cast(str, wire["backup_id"]), statuses)
        return wire

    def script_statuses(self, backup_id: str, statuses: Sequence[str | None]) -> None:
        """Script a stored backup's status over time: one entry per describe, in order.

        Each ``GET /backups/{backup_id}`` takes the next entry and answers with
        the backup carrying that ``status``; the last entry then answers every
        later describe. ``None`` answers that describe with a 404
        ``NOT_FOUND``, as the API does for a backup it does not list yet (or
        no longer lists). Listing the index shows the status of the latest
        describe (before any, the first status of the script). Faults are
        answered before the script: a request a fault answers takes no entry.

        Args:
            backup_id: A backup stored with :meth:`add_backup` or :meth:`add_raw_backup`.
            statuses: The entries: status strings (any, unknown ones included)
                or ``None``.

        Raises:
            KeyError: No stored backup has this ID.
            ValueError: ``statuses`` is empty, or a string rather than a list.

        Example::

            fake.script_statuses(backup_id, [None, "Initializing", "Ready"])
        """
        if isinstance(statuses, str) or not statuses:
            raise ValueError("statuses must be a non-empty list of status strings or None")
        steps: deque[str | None] = deque(statuses)
        if not all(step is None or isinstance(step, str) for step in steps):
            raise ValueError("each entry of statuses must be a status string or None")
        with self._lock:
            wire = self._by_id.get(backup_id)
            if not isinstance(wire, dict):
                raise KeyError(f"no stored backup has the ID {backup_id!r}")
            first = next((step for step in steps if step is not None), None)
            if first is not None:
                wire["status"] = first
            self._scripts[backup_id] = steps

    def add_raw_backup(self, index_name: str, wire: dict[str, object] | object) -> None:
        """Store a JSON value exactly as given, as one element of the index's ``data``.

        The value may be malformed (not a dict, missing required keys, wrong
        types); it is sent as it is. When it is a dict with a string
        ``backup_id``, ``GET /backups/{backup_id}`` finds it too.

        Args:
            index_name: The index it belongs to (created if needed).
            wire: Any JSON-encodable value.

        Example::

            fake.add_raw_backup("idx", {"backup_id": "b-1"})  # required fields missing
            fake.add_raw_backup("idx", "not an object")
        """
        with self._lock:
            self._store(self._index(index_name), wire)

    def seed(self, index_name: str, count: int) -> list[dict[str, object]]:
        """Add ``count`` realistic, deterministic backups to an index.

        The same calls on two fakes give the same backups: ids come from a
        random generator seeded with the index name and the index's current
        size, ``created_at`` increases one backup after another, and the
        backups mix statuses (mostly ``Ready``, some ``Pending``,
        ``Initializing`` and ``Failed``), metrics, dimensions and tags
        (sometimes ``null``). 100,000 backups take well under two seconds.

        Args:
            index_name: The index (created if needed).
            count: How many backups to add.

        Returns:
            The new backups, in the order they were added (the stored dicts).

        Raises:
            ValueError: ``count`` is negative.

        Example::

            ids = [b["backup_id"] for b in fake.seed("idx", 250)]
        """
        if count < 0:
            raise ValueError(f"count must not be negative, not {count}")
        with self._lock:
            index = self._index(index_name)
            start = len(index.backups)
            source_id = index.source_index_id
        # Building many small dicts triggers the cyclic garbage collector over
        # and over, for nothing (they hold no cycles): pause it meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            made = self._make_seed(index_name, source_id, start, count)
        finally:
            if collecting:
                gc.enable()
        with self._lock:
            for wire in made:
                self._store(index, wire)
        return made

    @staticmethod
    def _make_seed(
        index_name: str, source_id: str, start: int, count: int
    ) -> list[dict[str, object]]:
        bits = random.Random(f"fake-pinecone:{index_name}:{start}").getrandbits
        base_seconds = int((_SEED_EPOCH + timedelta(minutes=start)).timestamp())
        day_stamps: dict[int, str] = {}
        made: list[dict[str, object]] = []
        append = made.append
        for number in range(start, start + count):
            # One draw of random bits per backup, cut into the random choices
            # (a slight modulo bias does not matter here): far faster than
            # one random call per field.
            drawn = bits(256)
            hexid = f"{(drawn & _UUID_MASK) | _UUID_V4_BITS:032x}"
            drawn >>= 128
            drawn, micros = divmod(drawn, 60_000_000)
            drawn, status = divmod(drawn, len(_STATUSES))
            drawn, dimension = divmod(drawn, len(_DIMENSIONS))
            drawn, metric = divmod(drawn, len(_METRICS))
            drawn, tag_choice = divmod(drawn, len(_TAGS))
            drawn, record_count = divmod(drawn, 50_000_000)
            drawn, namespaces = divmod(drawn, 19)
            bytes_per_record = 400 + drawn % 12_600
            record_count += 1_000
            # One backup a minute, at a random second; the date part is cached per day.
            seconds = base_seconds + (number - start) * 60
            day, second_of_day = divmod(seconds, 86_400)
            stamp = day_stamps.get(day)
            if stamp is None:
                stamp = datetime.fromtimestamp(day * 86_400, UTC).strftime("%Y-%m-%dT")
                day_stamps[day] = stamp
            tags = _TAGS[tag_choice]
            append(
                {
                    "backup_id": (
                        f"{hexid[:8]}-{hexid[8:12]}-{hexid[12:16]}-{hexid[16:20]}-{hexid[20:]}"
                    ),
                    "source_index_name": index_name,
                    "source_index_id": source_id,
                    "status": _STATUSES[status],
                    "cloud": "aws",
                    "region": "us-east-1",
                    "name": f"{index_name}-backup-{number:06d}",
                    "description": f"Scheduled backup {number} of {index_name}",
                    "dimension": _DIMENSIONS[dimension],
                    "metric": _METRICS[metric],
                    "record_count": record_count,
                    "namespace_count": namespaces + 1,
                    "size_bytes": record_count * bytes_per_record,
                    "tags": dict(tags) if tags is not None else None,
                    "created_at": (
                        f"{stamp}{second_of_day // 3600:02d}:{second_of_day // 60 % 60:02d}:"
                        f"{micros // 1_000_000:02d}.{micros % 1_000_000:06d}Z"
                    ),
                }
            )
        return made

    def backups(self, index_name: str) -> list[object]:
        """The backups stored for an index, in list order (a shallow copy).

        Args:
            index_name: The index.

        Returns:
            A new list holding the stored values.

        Raises:
            KeyError: The index does not exist.

        Example::

            assert len(fake.backups("idx")) == 250
        """
        with self._lock:
            index = self._indexes.get(index_name)
            if index is None:
                raise KeyError(f"no index named {index_name!r}")
            return list(index.backups)

    # -- faults --------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Queue a fault; faults are tried in the order they were injected.

        Args:
            fault: The fault. Its ``times`` is read now; the object itself is
                not changed as it is used up.

        Example::

            fake.inject(Fault.server_error(503))
            fake.inject(Fault.rate_limited(retry_after="1"))
        """
        with self._lock:
            self._faults.append(_QueuedFault(fault, fault.times))

    def clear_faults(self) -> None:
        """Discard every queued fault.

        Example::

            fake.clear_faults()
        """
        with self._lock:
            self._faults.clear()

    # -- internals -----------------------------------------------------------

    def _index(self, name: str) -> _Index:
        index = self._indexes.get(name)
        if index is None:
            index = self._indexes[name] = _Index(_source_index_id(name))
        return index

    def _store(self, index: _Index, wire: object) -> None:
        index.backups.append(wire)
        if isinstance(wire, dict):
            backup_id = wire.get("backup_id")
            if isinstance(backup_id, str):
                self._by_id[backup_id] = wire

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _take_fault(self, raw_path: str) -> Fault | None:
        with self._lock:
            for position, queued in enumerate(self._faults):
                if queued.fault.matches(raw_path):
                    queued.remaining -= 1
                    if queued.remaining <= 0:
                        del self._faults[position]
                    return queued.fault
        return None

    def _handle(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
    ) -> bytes:
        segments = raw_path.split("/")
        route: str | None = None
        if method == "GET" and len(segments) == 4 and segments[:2] == ["", "indexes"]:
            if segments[3] == "backups":
                route = "list"
        elif method == "GET" and len(segments) == 3 and segments[:2] == ["", "backups"]:
            route = "describe"
        if route is None:
            raise _HttpError(404, f"Not found: {method} {raw_path}")
        if headers.get(API_KEY_HEADER.lower()) != self.api_key:
            raise _HttpError(401, "Invalid API Key")
        version = headers.get(API_VERSION_HEADER.lower())
        if version is None:
            raise _HttpError(
                400,
                f"The {API_VERSION_HEADER} header is required "
                f"(the supported version is {self.api_version}).",
            )
        if version != self.api_version:
            raise _HttpError(
                400,
                f"Unsupported API version {version!r} in {API_VERSION_HEADER}; "
                f"the supported version is {self.api_version}.",
            )
        if route == "describe":
            return self._describe(unquote(segments[2]))
        return self._list(unquote(segments[2]), query)

    def _describe(self, backup_id: str) -> bytes:
        with self._lock:
            wire = self._by_id.get(backup_id, OMIT)
            script = self._scripts.get(backup_id)
            if script is not None and isinstance(wire, dict):
                step = script.popleft() if len(script) > 1 else script[0]
                if step is None:
                    wire = OMIT
                else:
                    wire["status"] = step
        if wire is OMIT:
            raise _HttpError(404, f"Backup {backup_id} not found.")
        return _dumps(wire)

    def _list(self, index_name: str, query: dict[str, list[str]]) -> bytes:
        limit: int | None = None
        limits = query.get("limit")
        if limits:
            text = limits[0]
            if _LIMIT_RE.fullmatch(text) is None or not _MIN_LIMIT <= int(text) <= _MAX_LIMIT:
                raise _HttpError(
                    400,
                    f"limit must be between {_MIN_LIMIT} and {_MAX_LIMIT}, not {text!r}.",
                )
            limit = int(text)
        with self._lock:
            index = self._indexes.get(index_name)
            if index is None:
                raise _HttpError(404, f"Index {index_name} not found.")
            tokens = query.get("paginationToken")
            if tokens:
                page, size = _decode_token(tokens[0], index_name)
                if limit is not None and limit != size:
                    # The real server's corruption: the page number is kept, the
                    # size changes, so the start moves (rows skipped or repeated).
                    size = limit
            else:
                page, size = 0, limit if limit is not None else _DEFAULT_LIMIT
            start = page * size
            rows = index.backups[start : start + size]
            more = start + size < len(index.backups)
        body: dict[str, object] = {"data": rows}
        if more:
            next_page = 1 if self.repeat_tokens else page + 1
            body["pagination"] = {"next": _encode_token(index_name, next_page, size)}
        elif self._last_page_pagination == "null":
            body["pagination"] = None
        return _dumps(body)


def main(argv: list[str] | None = None) -> int:
    """``python -m pinecone_backups.testing``: ``pinecone-backups fake-server``, same options."""
    from pinecone_backups._cli import main as cli_main

    return cli_main(["fake-server", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
