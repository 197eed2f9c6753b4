"""What a flow receives for an attempt: the ``Answer``, read within the limits.

The attempt's deadline lives here too (``ATTEMPT_DEADLINE``, a context
variable the client sets around each attempt), with the reading of a body
against it and against the size limit. Nothing here imports httpcore: the
network side of the deadline (``_transport``) loads with the first pool, so
that ``import pinecone_backups`` stays cheap.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass
from typing import Final

import httpx

ATTEMPT_DEADLINE: Final[contextvars.ContextVar[float | None]] = contextvars.ContextVar(
    "pinecone_backups_attempt_deadline", default=None
)
"""``time.monotonic()`` by which the attempt in progress must end, or None outside one."""

DEADLINE_PASSED: Final = "the attempt's deadline passed"


@dataclass(frozen=True, slots=True)
class Answer:
    """A response read within the limits: what the flows parse.

    ``complete`` is False when reading stopped at the size limit: ``content``
    then holds only the bytes up to the limit.
    """

    status_code: int
    reason_phrase: str
    headers: httpx.Headers
    content: bytes
    complete: bool

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


class BodyReader:
    """Collects a body's decompressed chunks up to ``limit`` bytes, by ``deadline``.

    Feed it each chunk; ``add`` returns False once the limit is passed (stop
    reading then: the caller closes the response, and with it the connection).
    """

    def __init__(self, request: httpx.Request, limit: int, deadline: float | None) -> None:
        self._request = request
        self._limit = limit
        self._deadline = deadline
        self._chunks: list[bytes] = []
        self._size = 0
        self.complete = True

    def add(self, chunk: bytes) -> bool:
        if self._deadline is not None and time.monotonic() >= self._deadline:
            raise httpx.ReadTimeout(DEADLINE_PASSED, request=self._request)
        room = self._limit - self._size
        if len(chunk) > room:
            self._chunks.append(chunk[:room])
            self._size = self._limit
            self.complete = False
            return False
        self._chunks.append(chunk)
        self._size += len(chunk)
        return True

    def answer(self, response: httpx.Response) -> Answer:
        return Answer(
            status_code=response.status_code,
            reason_phrase=response.reason_phrase,
            headers=response.headers,
            content=b"".join(self._chunks),
            complete=self.complete,
        )


def body_limit(response: httpx.Response, max_response_size: int) -> int:
    """Bytes to read of ``response``'s body: the size limit, or ``MAX_ERROR_BODY`` for an error."""
    from ._config import MAX_ERROR_BODY

    if response.is_success:
        return max_response_size
    return min(max_response_size, MAX_ERROR_BODY)


def attempt_seconds(request: httpx.Request) -> float | None:
    """An attempt's end-to-end budget: the largest of its timeouts (None if all are None)."""
    timeouts: dict[str, float | None] = request.extensions.get("timeout") or {}
    values = [v for v in timeouts.values() if v is not None]
    return max(values) if values else None
