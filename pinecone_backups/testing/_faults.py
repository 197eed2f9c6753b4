"""Fault: a programmed misbehaviour of the fake server, and its ready-made kinds."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ._data import HTML, reason_phrase

__all__ = ["Fault"]


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
        phrase = reason_phrase(status)
        page = (
            f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {phrase}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        )
        return cls(
            status=status,
            body=page.encode(),
            content_type=HTML,
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
        return cls(truncate=keep, times=times, path_prefix=path_prefix)

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
        return cls(status=401, body=text, times=times, path_prefix=path_prefix)

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
            status=status, body=json.dumps(body).encode(), times=times, path_prefix=path_prefix
        )
