"""Named defaults, in one place.

The API version is not written here: it is read from the generated package,
whose only source is the spec's ``ApiVersion`` schema (equal to
``info.version``). Moving to a new API version is a spec change and a
regeneration, never an edit of this file.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final


@functools.cache
def api_version() -> str:
    """The ``X-Pinecone-Api-Version`` every request carries, read from the generated package.

    Read on first use: importing the generated package (and attrs) is left
    out of ``import pinecone_backups``.
    """
    from pinecone_backups_api.models.api_version import ApiVersion

    versions = [member.value for member in ApiVersion]
    if len(versions) != 1:
        raise RuntimeError(
            "spec/openapi.yaml must pin exactly one API version in its ApiVersion "
            f"schema; the generated package has {versions!r}"
        )
    return versions[0]


if TYPE_CHECKING:
    API_VERSION: str
    """The ``X-Pinecone-Api-Version`` every request carries (``api_version()``)."""
else:

    def __getattr__(name: str) -> str:
        if name == "API_VERSION":
            return api_version()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_BASE_URL: Final = "https://api.pinecone.io"
API_KEY_ENV: Final = "PINECONE_API_KEY"
BASE_URL_ENV: Final = "PINECONE_CONTROLLER_HOST"

API_KEY_HEADER: Final = "Api-Key"
API_VERSION_HEADER: Final = "X-Pinecone-Api-Version"
REQUEST_ID_HEADERS: Final = ("x-pinecone-request-id", "x-request-id")

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds one attempt may take end to end: connect, send, status line, headers, whole body.

Every socket operation of an attempt waits at most what is left of it, so a
server that drips one byte a second, or sends interim ``1xx`` answers forever,
cannot stretch an attempt past this.
"""
DEFAULT_CONNECT_TIMEOUT: Final = 5.0
"""Seconds to open a connection, at most (the attempt's timeout, when shorter)."""
DEFAULT_TOTAL_TIMEOUT: Final = 120.0
"""Seconds one call may take in all: every attempt and every wait between them.

A retry whose wait (backoff or ``Retry-After``) does not fit in what is left
is not started; the error raised says so. Each attempt's timeout is capped at
what is left.
"""

DEFAULT_MAX_RETRIES: Final = 2
"""Retries after the first attempt: three attempts in all."""
INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0
"""The longest ``Retry-After`` honoured; longer waits are capped to this."""
RETRYABLE_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})

MIN_PAGE_SIZE: Final = 1
MAX_PAGE_SIZE: Final = 100
DEFAULT_PAGE_SIZE: Final = 100
"""Page size of the iterators: the API's maximum (a walk of N takes ceil(N/100) requests)."""

MAX_BODY_SNIPPET: Final = 200
"""Characters of a response body quoted, at most, in an error message."""

DEFAULT_MAX_RESPONSE_SIZE: Final = 16 * 1024 * 1024
"""Bytes of a 2xx body, after decompression, read at most (a page of 100 backups is ~100 KB).

Counted while the body is read, so a compression bomb or an endless body stops
here with ``ResponseTooLargeError`` and memory stays bounded.
"""
MAX_READ_SIZE: Final = 16 * 1024
"""Bytes asked of the socket per read, at most: gzip inflates a read at most ~1000-fold, so
one read of a compression bomb decodes to ~16 MiB before the size limit cuts it."""
MAX_ERROR_BODY: Final = 1024 * 1024
"""Bytes of a non-2xx body read, at most (far more than any ``ErrorResponse``); the rest is
never read: the connection is dropped instead."""

MAX_TOKEN_LENGTH: Final = 63 * 1024
"""Characters of a pagination token, once URL-encoded, at most (a URL holds 64 KiB)."""

MIN_REDACTED_KEY_LENGTH: Final = 8
"""A key at least this long is replaced by ``***`` wherever it appears in text.

Shorter keys (``k``, ``docs``: test dummies, never real Pinecone keys) are
only replaced where a whole value equals them (an error code, a request id),
so that ordinary words stay readable. The SDK never writes the key into a
message itself.
"""

MAX_CONNECTIONS: Final = 20
"""Connections an owned pool opens at most; ``iter_indexes_backups`` runs no more walks at once."""
MAX_KEEPALIVE_CONNECTIONS: Final = MAX_CONNECTIONS
"""All of them kept alive: with fewer, httpcore closes idle connections of a busy pool
(a new connection, and on TLS a handshake, for most requests; see ``_pool``)."""

LOGGER_NAME: Final = "pinecone_backups"

DEFAULT_WAIT_TIMEOUT: Final = 1800.0
"""Seconds ``wait_for_backup`` waits in all (polls, their retries and sleeps) before giving up."""
WAIT_FIRST_POLL_INTERVAL: Final = 1.0
"""Seconds before the second poll of ``wait_for_backup`` (the first is at once)."""
WAIT_MAX_POLL_INTERVAL: Final = 15.0
"""The longest pause between two polls, however long the wait."""
WAIT_POLL_GROWTH: Final = 1.5
"""Each pause between polls is this many times the previous one, up to the cap."""
WAIT_POLL_JITTER: Final = 0.2
"""Each pause is shortened by a random fraction up to this, so many waiters spread out."""
WAIT_NOT_FOUND_GRACE: Final = 60.0
"""Seconds a backup may answer 404 before it was first seen (the API may not list it yet)."""
WAIT_IN_PROGRESS_STATUSES: Final = frozenset({"Initializing", "Pending"})
"""Statuses of a backup still being made: ``wait_for_backup`` polls again."""
WAIT_READY_STATUS: Final = "Ready"
WAIT_FAILED_STATUSES: Final = frozenset({"Failed", "InitializationFailed"})
"""Statuses of a backup that will never be ready (``wait_for_backup`` raises)."""
