"""Fixtures for the resilience suite: log capture of retries and a module-wide fake.

Every test here talks to a real ``FakePinecone`` over loopback HTTP. The
property and contract tests reuse one server (and one client) per module,
since starting a server or building an ``httpx`` client per hypothesis example
would dominate the run time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from pinecone_backups import Backoff
from pinecone_backups.testing import FakePinecone

LOGGER = "pinecone_backups"

# The SDK logs every retry as "... retry N of M in D.DDs" plus " (Retry-After)"
# when the delay came from the server's header.
_RETRY_LINE = re.compile(r"retry (\d+) of (\d+) in (\d+\.\d+)s( \(Retry-After\))?$")


@dataclass(frozen=True)
class LoggedRetry:
    """One retry as the SDK logged it on the ``pinecone_backups`` logger."""

    number: int
    of: int
    delay: float
    from_retry_after: bool
    message: str


@pytest.fixture
def retries_logged(caplog: pytest.LogCaptureFixture) -> Callable[[], list[LoggedRetry]]:
    """Capture the SDK's log; calling the fixture returns the retries logged so far."""
    caplog.set_level(logging.DEBUG, logger=LOGGER)

    def collect() -> list[LoggedRetry]:
        found = []
        for record in caplog.records:
            if record.name != LOGGER:
                continue
            message = record.getMessage()
            match = _RETRY_LINE.search(message)
            if match:
                assert record.levelno == logging.WARNING, message
                found.append(
                    LoggedRetry(
                        number=int(match.group(1)),
                        of=int(match.group(2)),
                        delay=float(match.group(3)),
                        from_retry_after=match.group(4) is not None,
                        message=message,
                    )
                )
        return found

    return collect


@pytest.fixture
def no_wait_backoff() -> Backoff:
    """A backoff whose own delays are 0 s, so any logged delay came from Retry-After."""
    return Backoff(initial=0.0, maximum=0.0, max_retry_after=60.0)


@pytest.fixture(scope="module")
def shared_fake() -> Iterator[FakePinecone]:
    """One fake for a whole module (hypothesis examples reuse it; faults cleared per example)."""
    with FakePinecone() as server:
        yield server


@pytest.fixture(scope="module")
def shared_http() -> Iterator[httpx.Client]:
    """One ``httpx.Client`` for a module's SDK clients (passed as ``http_client``).

    Building an SDK client builds an ``httpx`` client and its TLS context
    (tens of milliseconds); tests that build hundreds of clients against
    plain-http fakes share this one instead. The SDK sends through it exactly
    as through its own (its headers, timeouts, retries, no redirects).
    """
    with httpx.Client() as http:
        yield http
