"""The fake's HTTP/1.1 server: connections, the request handler, and answers on the wire.

It serves whatever satisfies :class:`Served` (a :class:`FakePinecone`): it
records each request, applies the fake's latency and queued faults, and sends
the fake's answer, or the fault's.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final, Protocol
from urllib.parse import parse_qs

from ._data import JSON, TEXT, HttpError, dumps, error_body, reason_phrase
from ._faults import Fault
from ._records import RecordedRequest

_REQUEST_ID_HEADER: Final = "x-pinecone-request-id"


class Served(Protocol):
    """What the server needs of the fake it serves."""

    host: str
    port: int
    latency: float

    def _record(self, request: RecordedRequest) -> None: ...

    def _take_fault(self, raw_path: str) -> Fault | None: ...

    def _handle(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
    ) -> bytes: ...


@dataclass
class _Answer:
    status: int
    body: bytes
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    thread: threading.Thread

    def __init__(self, fake: Served) -> None:
        self.fake = fake
        self.connections: dict[int, socket.socket] = {}
        self.connection_count = 0
        self.lock = threading.Lock()
        super().__init__((fake.host, fake.port), _Handler)

    def serve_in_thread(self) -> None:  # pragma: no mutate block (see tests/MUTANTS.md)
        """Serve in a daemon thread, named after the port, until :meth:`stop`."""
        self.thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"FakePinecone:{self.server_address[1]}",
            daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        """Stop serving, close the socket and every open connection, join the thread."""
        self.shutdown()
        self.server_close()
        self.close_all_connections()
        self.thread.join()

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks the host name up (getfqdn) for its
        # server_name, which can stall on a machine without DNS; nothing here
        # reads server_name or server_port.
        socketserver.TCPServer.server_bind(self)

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
    server: Server
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
        if fake.latency > 0:  # a plain, unchecked attribute: negative means none
            time.sleep(fake.latency)
        fault = fake._take_fault(raw_path)
        if fault is None:
            self._send(self._answer(raw_path, query, headers))
            return
        time.sleep(fault.delay)  # never negative: Fault checks it
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
        except HttpError as error:
            return _Answer(error.status, error_body(error.status, error.message))
        except Exception as error:  # a bug, or an unencodable stored value
            return _Answer(500, error_body(500, f"FakePinecone failed: {error!r}"))
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
            message = f"{fault.status} {reason_phrase(fault.status)} (injected fault)"
            answer = _Answer(fault.status, error_body(fault.status, message))
        elif isinstance(body, bytes):
            answer = _Answer(fault.status, body)
        elif isinstance(body, str):
            answer = _Answer(fault.status, body.encode(), TEXT)
        else:
            answer = _Answer(fault.status, dumps(body))
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
        lines = [f"{self.protocol_version} {answer.status} {reason_phrase(answer.status)}"]
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
