"""Every error the SDK raises, and the one function that maps a status to one.

The hierarchy::

    PineconeBackupsError
    ├── ConfigurationError           bad client settings (no API key, key over plain http)
    ├── InvalidArgumentError         bad input, raised before any request (also a ValueError)
    ├── APIConnectionError           no usable answer: connection refused, reset, dropped
    │   └── APITimeoutError          the server did not answer in time
    ├── APIStatusError               the server answered with a non-2xx status
    │   ├── BadRequestError          400
    │   ├── AuthenticationError      401 (JSON or text/plain body)
    │   ├── PermissionDeniedError    403
    │   ├── NotFoundError            404
    │   ├── RateLimitError           429
    │   ├── ServerError              5xx
    │   └── UnexpectedStatusError    any other status, redirects included
    ├── MalformedResponseError       a 2xx whose body cannot be typed, or is another backup
    │   └── ResponseTooLargeError    a 2xx body past max_response_size (after decompression)
    ├── PaginationError              a walk that cannot progress (a repeated token)
    └── BackupWaitError              wait_for_backup ended without a Ready backup
        ├── BackupFailedError        the backup settled on Failed or InitializationFailed
        ├── BackupWaitTimeoutError   the timeout passed first
        └── UnknownBackupStatusError a status the SDK does not know ended the wait

Messages quote at most a short snippet of a body and never the API key (the
rule is in ``_redact``). A call that gave up before its retries were spent,
because the next wait did not fit in its total budget, says so at the end of
the message. Every error raised from a failure of a lower layer (httpx, h11)
chains it as ``__cause__``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._config import MAX_BODY_SNIPPET, REQUEST_ID_HEADERS
from ._redact import redact, redact_value

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

    from ._answer import Answer

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BackupFailedError",
    "BackupWaitError",
    "BackupWaitTimeoutError",
    "BadRequestError",
    "ConfigurationError",
    "InvalidArgumentError",
    "MalformedResponseError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PineconeBackupsError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedStatusError",
    "UnknownBackupStatusError",
]


class PineconeBackupsError(Exception):
    """Base class of every error this SDK raises.

    Example:
        >>> try:
        ...     client.describe_backup("missing")
        ... except PineconeBackupsError as exc:
        ...     print(exc)
    """


class ConfigurationError(PineconeBackupsError):
    """The client cannot be built as asked: no API key, or a key sent over plain http."""


class InvalidArgumentError(PineconeBackupsError, ValueError):
    """An argument is invalid; raised before any request is sent."""


class APIConnectionError(PineconeBackupsError):
    """No usable answer came back: the connection failed or was dropped.

    Attributes:
        attempts: How many attempts were made before giving up.
    """

    def __init__(self, message: str, *, attempts: int = 1, note: str = "") -> None:
        self.attempts = attempts
        if attempts > 1:
            message += f" (after {attempts} attempts)"
        super().__init__(f"{message}; {note}" if note else message)


class APITimeoutError(APIConnectionError):
    """The server did not answer within the timeout."""


class APIStatusError(PineconeBackupsError):
    """The server answered with a non-2xx status.

    Attributes:
        status_code: The HTTP status.
        code: Pinecone's error code (``NOT_FOUND``, ...) when the body had one, else None.
        message: Pinecone's error message, or a short snippet of a non-JSON body.
        request_id: The server's request id header, when present.
        attempts: How many attempts were made (retries included).
        body: The raw response body (at most its first ``MAX_ERROR_BODY`` bytes, 1 MiB).

    ``code``, ``message`` and ``request_id`` are redacted like the message
    (a server may echo the key into them); ``body`` is as received.
    """

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str,
        request_id: str | None,
        attempts: int,
        body: bytes,
        note: str = "",
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.request_id = request_id
        self.attempts = attempts
        self.body = body
        parts = [f"HTTP {status_code}"]
        if code:
            parts.append(code)
        text = f"{' '.join(parts)}: {message}" if message else " ".join(parts)
        if request_id:
            text += f" [request id {request_id}]"
        if attempts > 1:
            text += f" (after {attempts} attempts)"
        if note:
            text += f"; {note}"
        super().__init__(text)


class BadRequestError(APIStatusError):
    """400: the server rejected a parameter."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or invalid. Check PINECONE_API_KEY."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not read these backups."""


class NotFoundError(APIStatusError):
    """404: the index or backup does not exist."""


class RateLimitError(APIStatusError):
    """429: rate limited, after the retries the client was allowed.

    Attributes:
        retry_after: Seconds the server asked to wait, when it said.
    """

    retry_after: float | None = None


class ServerError(APIStatusError):
    """5xx: the server failed, after the retries the client was allowed."""


class UnexpectedStatusError(APIStatusError):
    """A status the API does not document for these operations (a 3xx redirect among them)."""


class MalformedResponseError(PineconeBackupsError):
    """A 2xx answer whose body cannot be typed, or that is not the backup asked for.

    Attributes:
        status_code: The HTTP status.
        body: The whole raw body, so nothing is lost.
        request_id: The server's request id header, when present.
    """

    def __init__(
        self, message: str, *, status_code: int, body: bytes, request_id: str | None
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        super().__init__(message)


class ResponseTooLargeError(MalformedResponseError):
    """A 2xx body grew past ``max_response_size`` bytes (counted after decompression).

    Reading stopped there, so a compression bomb or an endless body costs at
    most that much memory; the connection was dropped. Not retried: the same
    answer would be as large. ``body`` holds the bytes read up to the limit.
    Raise the client's ``max_response_size`` if a real answer is that large.
    """


class PaginationError(PineconeBackupsError):
    """A walk was stopped because it could not make progress.

    Raised when a token comes back a second time, too many empty pages follow
    one another, or the server hands over a token that cannot be sent (too
    long for a URL, or not valid Unicode).

    Attributes:
        page_number: The 1-based number of the page whose token stopped the walk.
        token: That token (never quoted in the message).
    """

    def __init__(self, message: str, *, page_number: int, token: str) -> None:
        self.page_number = page_number
        self.token = token
        super().__init__(message)


class BackupWaitError(PineconeBackupsError):
    """``wait_for_backup`` ended without a ``Ready`` backup.

    Attributes:
        backup_id: The backup waited for.
        backup: The last ``Backup`` a poll returned, or None when no poll found it.
        waited: Seconds from the start of the wait to this error.
        polls: How many polls were made (a poll's own retries not counted).
        statuses: Every status seen, in order, each change once
            (``("Initializing", "Failed")``).
    """

    def __init__(
        self,
        message: str,
        *,
        backup_id: str,
        backup: Backup | None,
        waited: float,
        polls: int,
        statuses: tuple[str, ...],
    ) -> None:
        self.backup_id = backup_id
        self.backup = backup
        self.waited = waited
        self.polls = polls
        self.statuses = statuses
        super().__init__(message)

    @property
    def status(self) -> str | None:
        """The last status seen (``backup.status``), or None when no poll found the backup."""
        return None if self.backup is None else self.backup.status


class BackupFailedError(BackupWaitError):
    """The backup settled on a failure status (``Failed``, ``InitializationFailed``).

    It will not become ready: ``backup`` holds its last state; create a new backup.
    """


class BackupWaitTimeoutError(BackupWaitError):
    """The wait's ``timeout`` passed before the backup settled.

    The backup may still become ready: wait again, or with a longer ``timeout``.
    ``backup`` is None when no poll ever found it (every poll answered 404).
    """


class UnknownBackupStatusError(BackupWaitError):
    """A poll returned a status this SDK does not know, so the wait ended.

    The SDK cannot tell whether the new status is final, successful or not:
    it neither polls on forever nor calls it success. ``status`` names it;
    decide for yourself (poll ``describe_backup`` again, or treat it as a
    failure), or upgrade pinecone-backups.
    """


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


_SNIPPET_SOURCE = 4 * MAX_BODY_SNIPPET
"""Bytes (or characters) of a body looked at for a snippet: whitespace runs collapse."""


def snippet(body: bytes | str, secret: str) -> str:
    """A short, single-line, redacted excerpt of ``body`` for an error message.

    Only the first few hundred bytes are decoded and split, however large the
    body: an excerpt costs what it quotes. The key is redacted before the text
    is cut, so a cut cannot leave part of it.
    """
    cut = len(body) > _SNIPPET_SOURCE + len(secret)
    part = body[: _SNIPPET_SOURCE + len(secret)]
    text = redact(part.decode(errors="replace") if isinstance(part, bytes) else part, secret)
    if cut and secret:
        text = text[: len(text) - len(secret)]  # a key cut at the end is not whole: drop it
    text = " ".join(text.split())
    if len(text) > MAX_BODY_SNIPPET:
        text = text[:MAX_BODY_SNIPPET] + "…"
    return text


def request_id_of(response: Answer, secret: str) -> str | None:
    """The server's request id header (redacted), when the response carries one."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = response.headers.get(name)
        if value:
            return redact_value(snippet(value, secret), secret)
    return None


def _error_fields(body: bytes) -> tuple[str | None, str | None]:
    """Code and message of an ``ErrorResponse`` body, parsed by the generated model."""
    from pinecone_backups_api.models import ErrorResponse

    try:
        error = ErrorResponse.from_dict(json.loads(body)).error
    except (ValueError, RecursionError):  # not JSON, or not an ErrorResponse
        return None, None
    return error.code, error.message


def error_from_response(
    response: Answer,
    *,
    attempts: int,
    secret: str,
    retry_after: float | None,
    note: str,
) -> APIStatusError:
    """Map a non-2xx response to its typed error: the only place statuses become classes.

    A body that is an ``ErrorResponse`` gives its code and message; any other
    body (text/plain 401, a proxy's HTML page, nothing) gives a short snippet,
    or the reason phrase when the body is empty. Every value quoted from the
    server is redacted (code, message, reason phrase, request id, location).
    """
    status = response.status_code
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = ServerError if 500 <= status < 600 else UnexpectedStatusError
    code, message = _error_fields(response.content)
    if code is not None:
        code = redact_value(snippet(code, secret), secret)
    if message is None:
        message = snippet(response.content, secret) or snippet(response.reason_phrase, secret)
    else:
        message = snippet(message, secret)
    if cls is UnexpectedStatusError and status // 100 == 3:
        message = (
            f"redirect to {snippet(response.headers.get('location', '?'), secret)} not followed"
        )
    error = cls(
        status_code=status,
        code=code,
        message=message,
        request_id=request_id_of(response, secret),
        attempts=attempts,
        body=response.content,
        note=note,
    )
    if isinstance(error, RateLimitError):
        error.retry_after = retry_after
    return error
