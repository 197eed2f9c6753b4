"""What ``Client`` and ``AsyncClient`` share: settings, validation, requests, retries, parsing.

Each operation is written once, as a *flow*: a generator that yields what it
needs done (an ``httpx.Request`` to send, or a float of seconds to sleep) and
receives the outcome (an ``Answer``: a response read within the limits, or
the ``httpx.RequestError`` the attempt raised). The flow owns retries, the
call's total budget, error mapping and parsing; the two clients only perform
the I/O, one with blocking calls and one with ``await``.

Budgets: a request's ``timeout`` extension says how long its attempt may take
end to end (the largest of its values, ``attempt_seconds``); the flow caps it
at what is left of the call's ``total_timeout`` before each attempt, and
starts no retry whose wait would not fit.
"""

from __future__ import annotations

import email.utils
import functools
import ipaddress
import json
import logging
import math
import os
import random
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from . import _config as C
from . import _pool
from ._answer import Answer
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    InvalidArgumentError,
    MalformedResponseError,
    PineconeBackupsError,
    ResponseTooLargeError,
    error_from_response,
    request_id_of,
    snippet,
)
from ._flow import Done, Flow
from ._models import Page
from ._pagination import Walk, token_problem
from ._redact import SECRETS, redact, scrub_chain
from ._version import __version__

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
# What the public methods return: the value itself (Client) or an awaitable /
# async iterator of it (AsyncClient). The methods are written once, here.
PageT = TypeVar("PageT")
BackupT = TypeVar("BackupT")
PagesT = TypeVar("PagesT")
BackupsT = TypeVar("BackupsT")

logger = logging.getLogger(C.LOGGER_NAME)

_USER_AGENT = f"pinecone-backups-python/{__version__}"


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait between retries.

    The n-th retry waits a random time between 0 and
    ``min(initial * 2 ** (n - 1), maximum)`` (exponential backoff, full jitter),
    unless the server sent ``Retry-After``: then that many seconds, capped at
    ``max_retry_after``.

    Example:
        >>> Client(backoff=Backoff(initial=0.1, maximum=2.0))
    """

    initial: float = C.INITIAL_RETRY_DELAY
    maximum: float = C.MAX_RETRY_DELAY
    max_retry_after: float = C.MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        for name in ("initial", "maximum", "max_retry_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise InvalidArgumentError(
                    f"Backoff.{name} must be a number of seconds >= 0, got {value!r}"
                )

    def delay(self, retry: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return random.uniform(0.0, min(self.initial * 2 ** (retry - 1), self.maximum))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - time.time()
    if not math.isfinite(seconds):  # "nan", "inf", "-inf" parse as floats
        return None
    return max(0.0, seconds)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name, or an address without brackets, as URL.host gives it) is local."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _resolve_api_key(api_key: str | None) -> str:
    if api_key is None:
        api_key = os.environ.get(C.API_KEY_ENV)
        source = f"the {C.API_KEY_ENV} environment variable"
    else:
        source = "api_key"
    if not isinstance(api_key, str):
        raise ConfigurationError(
            f"No Pinecone API key: pass api_key=... or set the {C.API_KEY_ENV} environment variable"
        )
    if not api_key.strip():
        raise ConfigurationError(
            f"The Pinecone API key from {source} is empty: pass api_key=... or set "
            f"{C.API_KEY_ENV} to your key"
        )
    if not (api_key.isascii() and api_key.isprintable()) or " " in api_key:
        raise ConfigurationError(
            f"The Pinecone API key from {source} has whitespace, control or non-ASCII "
            "characters, which no Pinecone key has; copy it again without them"
        )
    return api_key


def _resolve_base_url(base_url: str | None, allow_insecure_http: bool) -> str:
    if base_url is None:
        base_url = os.environ.get(C.BASE_URL_ENV) or C.DEFAULT_BASE_URL
    if not isinstance(base_url, str) or not base_url.strip():
        raise ConfigurationError(f"base_url must be a URL such as {C.DEFAULT_BASE_URL!r}")
    text = base_url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"base_url {base_url!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"base_url {base_url!r} must be an http(s) URL with a host, such as "
            f"{C.DEFAULT_BASE_URL!r}"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"base_url {base_url!r} must not carry a query or fragment")
    if url.scheme == "http" and not is_loopback(url.host) and not allow_insecure_http:
        raise ConfigurationError(
            f"base_url {base_url!r} is plain http to a host that is not loopback: the API "
            "key would travel unencrypted. Use https, or pass allow_insecure_http=True "
            "if you really mean it"
        )
    return str(url).rstrip("/")


def _check_path_value(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{what} must be a str, got {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(f"{what} must be a non-empty string")
    _check_encodable(value, what)
    if value in (".", ".."):
        raise InvalidArgumentError(
            f"{what} {value!r} is not allowed: '.' and '..' are path dot segments that "
            "would send the request to another endpoint"
        )
    return value


def _check_page_size(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(
            f"{what} must be an int from {C.MIN_PAGE_SIZE} to {C.MAX_PAGE_SIZE}, "
            f"got {type(value).__name__}"
        )
    if not C.MIN_PAGE_SIZE <= value <= C.MAX_PAGE_SIZE:
        raise InvalidArgumentError(
            f"{what} must be from {C.MIN_PAGE_SIZE} to {C.MAX_PAGE_SIZE} (the API's page "
            f"size range), got {value}"
        )
    return value


def _check_encodable(value: str, what: str) -> None:
    try:
        value.encode()
    except UnicodeEncodeError:
        raise InvalidArgumentError(
            f"{what} contains a lone surrogate character, which cannot be sent as UTF-8; "
            "pass the text as a proper Unicode string"
        ) from None


def _check_token(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(
            "pagination_token must be None or the non-empty string a page's next_token gave"
        )
    problem = token_problem(value)
    if problem is not None:
        raise InvalidArgumentError(f"pagination_token cannot be sent: {problem}")
    return value


def _check_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgumentError(f"max_retries must be an int >= 0, got {value!r}")
    return value


def _check_total(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidArgumentError(
            f"total_timeout must be a number of seconds > 0, or None for no budget, got {value!r}"
        )
    return float(value)


def _check_size(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"max_response_size must be an int >= 1 (bytes), got {value!r}")
    return value


def _make_timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidArgumentError(
            f"timeout must be a number of seconds > 0 or an httpx.Timeout, got {value!r}"
        )
    return httpx.Timeout(float(value), connect=min(float(value), C.DEFAULT_CONNECT_TIMEOUT))


def _malformed(
    response: Answer,
    secret: str,
    message: str,
    cls: type[MalformedResponseError] = MalformedResponseError,
) -> MalformedResponseError:
    return cls(
        f"HTTP {response.status_code} {redact(message, secret)}",
        status_code=response.status_code,
        body=response.content,
        request_id=request_id_of(response, secret),
    )


def target_of(request: httpx.Request, secret: str) -> str:
    """``GET /backups/abc``: a request as messages name it, without its query (page tokens)."""
    return redact(f"{request.method} {request.url.path}", secret)


def _capped(timeouts: dict[str, float | None], left: float) -> dict[str, float | None]:
    return {name: left if value is None else min(value, left) for name, value in timeouts.items()}


def _arm(http: httpx.Client | httpx.AsyncClient) -> None:
    """Hold ``http``'s connections to each attempt's deadline (once per pool, when it is taken)."""
    from ._transport import arm  # httpcore loads with the first pool, not at import

    arm(http)


def _short(value: str) -> str:
    return repr(value) if len(value) <= 80 else repr(value[:80]) + "…"


@dataclass(frozen=True, slots=True)
class _CallOptions:
    timeout: httpx.Timeout
    max_retries: int
    timeout_extension: dict[str, float | None]
    total: float | None


_LIVE_CLIENTS: weakref.WeakSet[BaseClient[Any, Any, Any, Any, Any]] = weakref.WeakSet()
"""Every client alive, so that a forked child can drop the pools it inherited."""


def _after_fork_in_child() -> None:  # pragma: no mutate block (forked child: see MUTANTS.md)
    for client in list(_LIVE_CLIENTS):
        client._after_fork_in_child()


_ORPHANED_POOLS: list[object] = []
"""Pools inherited by a forked child: kept, never used and never closed.

Closing them would act on sockets (and, for asyncio, an epoll set) that the
parent process still uses.
"""

os.register_at_fork(after_in_child=_after_fork_in_child)


class BaseClient(Generic[HttpT, PageT, BackupT, PagesT, BackupsT]):
    """Settings, validation, the public operations and their flows, shared by both clients.

    Subclasses supply only the I/O: ``_run`` (drive a flow), ``_pages`` (drive
    a walk) and ``_flatten`` (pages to backups), blocking or async.
    """

    _http_class: type[HttpT]

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout = C.DEFAULT_TIMEOUT,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        backoff: Backoff | None = None,
        strict: bool = False,
        http_client: HttpT | None = None,
        allow_insecure_http: bool = False,
        total_timeout: float | None = C.DEFAULT_TOTAL_TIMEOUT,
        max_response_size: int = C.DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        self._api_key = _resolve_api_key(api_key)
        SECRETS.register(self, self._api_key)
        self.base_url = _resolve_base_url(base_url, allow_insecure_http)
        self.timeout = _make_timeout(timeout)
        self.total_timeout = _check_total(total_timeout)
        self.max_response_size = _check_size(max_response_size)
        self.max_retries = _check_retries(max_retries)
        if backoff is not None and not isinstance(backoff, Backoff):
            raise InvalidArgumentError("backoff must be a pinecone_backups.Backoff")
        self.backoff = backoff or Backoff()
        self.strict = bool(strict)
        if http_client is not None and not isinstance(http_client, self._http_class):
            raise InvalidArgumentError(
                f"http_client must be an httpx.{self._http_class.__name__}, "
                f"got {type(http_client).__name__}"
            )
        self._owns_http = http_client is None
        # An owned pool is built on first use: constructing a client stays cheap
        # (no TLS context, no httpcore import) until it sends something.
        self._http_instance: HttpT | None = http_client
        if http_client is not None:
            _arm(http_client)
        self._http_lock = threading.Lock()
        self._closed = False
        self._forked_http_client = False
        self._merged_headers: tuple[object, httpx.Headers] | None = None  # (key, headers)
        self._loop_ref: weakref.ref[Any] | None = None
        _LIVE_CLIENTS.add(self)

    @property
    def _http(self) -> HttpT:
        """The connection pool; built on first use (again in a forked child).

        Raises:
            ConfigurationError: This client was closed; the ``http_client``
                passed in was closed, or made before a fork; or the proxy the
                environment names cannot be used.
        """
        if self._closed:
            raise ConfigurationError(
                f"this {type(self).__name__} was closed; create a new one to send requests"
            )
        if self._forked_http_client:
            raise ConfigurationError(
                "the http_client passed to this client was made before os.fork(): its "
                "connections belong to the parent process. In the child, pass a new "
                f"httpx.{self._http_class.__name__} (or none, and the client makes its own)"
            )
        http = self._http_instance
        if http is None:
            with self._http_lock:
                if self._http_instance is None:
                    self._http_instance = self._new_http()
                http = self._http_instance
        if http.is_closed:
            raise ConfigurationError(
                f"the http_client passed to this {type(self).__name__} was closed; pass one "
                "that is open, or none"
            )
        return http

    def _new_http(self) -> HttpT:
        try:
            http = self._http_class(**self._new_http_kwargs(self.timeout))
        except ImportError as exc:  # a socks5:// proxy without the socksio package
            raise ConfigurationError(
                "a proxy named in the environment (ALL_PROXY, HTTPS_PROXY, ...) is a SOCKS "
                "proxy, which needs 'pip install httpx[socks]'; install it, or unset the "
                f"variable, or pass an http_client ({exc})"
            ) from exc
        except ValueError as exc:  # a proxy URL httpx cannot use
            raise ConfigurationError(
                "a proxy named in the environment (ALL_PROXY, HTTPS_PROXY, ...) has a scheme "
                "httpx does not support (http, https, socks5 are); fix or unset the variable"
            ) from exc
        _arm(http)
        return http

    def _after_fork_in_child(self) -> None:  # pragma: no mutate block (forked child)
        """In a forked child: drop the inherited pool (a new one is built on first use)."""
        self._http_lock = threading.Lock()
        self._loop_ref = None
        if self._http_instance is not None:
            if self._owns_http:
                _ORPHANED_POOLS.append(self._http_instance)
                self._http_instance = None
            else:
                self._forked_http_client = True

    def _mark_closed(self) -> HttpT | None:
        """Refuse further requests; returns the owned pool to close, if one was built."""
        self._closed = True
        return self._http_instance if self._owns_http else None

    # --- the I/O the subclasses supply ------------------------------------------

    def _run(self, flow: Flow) -> Any:
        raise NotImplementedError

    def _pages(self, walk: Walk, fetch_page: Callable[[Walk], Flow]) -> Any:
        raise NotImplementedError

    def _flatten(self, pages: PagesT) -> Any:
        raise NotImplementedError

    # --- the public operations ------------------------------------------------

    def list_backups(
        self,
        index_name: str,
        *,
        limit: int | None = None,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> PageT:
        """Fetch one page of an index's backups (``AsyncClient``: await it).

        Args:
            index_name: The index whose backups to list.
            limit: Page size, 1 to 100; None lets the server choose (10) or,
                with a token, keeps the token's own size. Avoid a ``limit``
                different from the token's: the API then skips or repeats rows.
            pagination_token: A previous page's ``next_token``; None for the first page.
            timeout: Seconds per attempt for this call (default: the client's).
            max_retries: Retries for this call (default: the client's).
            total_timeout: Seconds for the whole call, retries and waits
                included (default: the client's).

        Returns:
            The page: ``page.backups`` and ``page.next_token`` (None on the last page).

        Raises:
            InvalidArgumentError: Bad arguments, at the call, before any request.
            NotFoundError: The index does not exist.
            AuthenticationError, RateLimitError, ServerError, APIConnectionError,
            APITimeoutError, MalformedResponseError, ResponseTooLargeError: see
            ``PineconeBackupsError``.

        Example:
            >>> page = client.list_backups("docs-example", limit=10)
            >>> more = client.list_backups("docs-example", pagination_token=page.next_token)
        """
        flow = self._list_page_flow(
            index_name, limit, pagination_token, self._options(timeout, max_retries, total_timeout)
        )
        page: PageT = self._run(flow)
        return page

    def describe_backup(
        self,
        backup_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> BackupT:
        """Fetch one backup by its ID (``AsyncClient``: await it).

        Args:
            backup_id: The backup's ID.
            timeout: Seconds per attempt for this call (default: the client's).
            max_retries: Retries for this call (default: the client's).
            total_timeout: Seconds for the whole call, retries and waits
                included (default: the client's).

        Returns:
            The backup, whose ``backup_id`` is the one asked for.

        Raises:
            InvalidArgumentError: An empty, non-str, ``.`` or ``..`` ID, before any request.
            NotFoundError: No backup has this ID.
            MalformedResponseError: The answer is another backup (a proxy or a
                cache mixed up answers): it is refused, never returned.
            PineconeBackupsError: Any other failure; see the hierarchy there.

        Example:
            >>> client.describe_backup("8c85e612-ed1c-4f97-9f8c-8194e07bcf71").status
            'Ready'
        """
        options = self._options(timeout, max_retries, total_timeout)
        backup: BackupT = self._run(self._describe_backup_flow(backup_id, options))
        return backup

    def iter_backup_pages(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> PagesT:
        """Walk an index's backups page by page, lazily; resumable from any page's token.

        The first request asks for ``page_size`` backups; every later one sends
        only the previous page's token. A walk resumed from ``pagination_token``
        sends the token alone (it carries the size it was minted with), so
        ``page_size`` then has no effect. A failed page is retried, not the walk.

        Args:
            index_name: The index whose backups to walk.
            page_size: Backups per page, 1 to 100 (default 100, the API's maximum).
            pagination_token: Resume from this saved ``next_token``.
            timeout: Seconds per attempt (default: the client's).
            max_retries: Retries per page (default: the client's).
            total_timeout: Seconds per page, its retries and waits included
                (default: the client's). A walk has no overall budget: stop
                iterating when you have waited long enough.

        Returns:
            An iterator of pages (``AsyncClient``: an async iterator). Arguments
            are checked now, before any request.

        Raises:
            InvalidArgumentError: At the call, for bad arguments.
            PaginationError: While iterating, after the backups already received,
                when the server repeats a token or sends one that cannot be sent.
            PineconeBackupsError: While iterating, for any other failure.

        Example:
            >>> for page in client.iter_backup_pages("docs-example"):
            ...     save_checkpoint(page.next_token)
        """
        walk, fetch_page = self._start_walk(
            index_name,
            page_size,
            pagination_token,
            self._options(timeout, max_retries, total_timeout),
        )
        pages: PagesT = self._pages(walk, fetch_page)
        return pages

    def iter_backups(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        total_timeout: float | None = None,
    ) -> BackupsT:
        """Every backup of an index, lazily, across all pages (``AsyncClient``: ``async for``).

        Same arguments, rules and errors as ``iter_backup_pages``; a walk of N
        backups takes ceil(N / page_size) requests.

        Example:
            >>> for backup in client.iter_backups("docs-example"):
            ...     print(backup.backup_id, backup.created_at)
        """
        pages = self.iter_backup_pages(
            index_name,
            page_size=page_size,
            pagination_token=pagination_token,
            timeout=timeout,
            max_retries=max_retries,
            total_timeout=total_timeout,
        )
        backups: BackupsT = self._flatten(pages)
        return backups

    def wait_for_backup(
        self,
        backup_id: str,
        *,
        timeout: float = C.DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = C.WAIT_FIRST_POLL_INTERVAL,
        max_poll_interval: float | None = None,
        on_status: Callable[[BackupModel], object] | None = None,
        max_retries: int | None = None,
    ) -> BackupT:
        """Poll a backup until it is ``Ready``, and return it (``AsyncClient``: await it).

        Polls ``describe_backup`` at once, then after pauses that grow from
        ``poll_interval`` by half each time up to ``max_poll_interval``, each
        shortened by up to a fifth at random (jitter). ``Initializing`` and
        ``Pending`` poll again. Everything counts against ``timeout``: each
        request's timeout is capped at the time left, and a pause or a retry's
        wait (``Retry-After`` included) that would end past it ends the wait
        instead, so the wait never outlasts ``timeout``. A 404 before any poll
        found the backup (the API may not list a new backup yet) is polled
        again, for up to 60 s.

        Args:
            backup_id: The backup's ID.
            timeout: Seconds to wait in all (default 1800).
            poll_interval: Seconds before the second poll (default 1).
            max_poll_interval: The longest pause (default 15 s, or
                ``poll_interval`` if that is longer).
            on_status: Called with the ``Backup`` on the first poll that finds
                it and on every status change (``Ready`` included), to show
                progress. It runs inside the wait: keep it quick.
            max_retries: Retries of each poll (default: the client's).

        Returns:
            The backup, with status ``Ready``.

        Raises:
            InvalidArgumentError: Bad arguments, at the call, before any request.
            BackupFailedError: The backup settled on ``Failed`` or ``InitializationFailed``.
            BackupWaitTimeoutError: ``timeout`` passed first (the backup may still
                become ready).
            UnknownBackupStatusError: A status this SDK does not know: the wait
                stops rather than poll forever or call it success.
            NotFoundError: A 404 after the backup was seen (deleted meanwhile),
                or for 60 s from the start (a wrong ID).
            PineconeBackupsError: A poll that failed after its retries (401, 5xx, ...).
            All ``BackupWaitError``s carry ``backup`` (the last one seen, or
            None), ``waited``, ``polls`` and ``statuses``.

        Example:
            >>> backup = client.wait_for_backup(
            ...     backup_id, timeout=600, on_status=lambda b: print(b.status)
            ... )
        """
        from ._wait import make_schedule, wait_flow

        bid = _check_path_value(backup_id, "backup_id")
        total, schedule = make_schedule(timeout, poll_interval, max_poll_interval)
        options = self._options(None, max_retries, None)  # the wait's timeout is its budget
        flow = wait_flow(
            bid,
            lambda: self._describe_flow(bid, options),
            timeout=total,
            schedule=schedule,
            on_status=on_status,
            secret=self._api_key,
        )
        backup: BackupT = self._run(flow)
        return backup

    @property
    def api_version(self) -> str:
        """The ``X-Pinecone-Api-Version`` this client sends (from the spec)."""
        return C.api_version()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_version="
            f"{self.api_version!r}, max_retries={self.max_retries})"
        )

    @staticmethod
    def _new_http_kwargs(timeout: httpx.Timeout) -> dict[str, Any]:
        return {
            "timeout": timeout,
            "limits": _pool.limits(),
            "verify": _pool.ssl_context(),
            "headers": {"User-Agent": _USER_AGENT},
        }

    def _options(
        self,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        total_timeout: float | None,
    ) -> _CallOptions:
        chosen = self.timeout if timeout is None else _make_timeout(timeout)
        return _CallOptions(
            timeout=chosen,
            max_retries=self.max_retries if max_retries is None else _check_retries(max_retries),
            timeout_extension=chosen.as_dict(),
            total=self.total_timeout if total_timeout is None else _check_total(total_timeout),
        )

    def _request(self, kwargs: dict[str, Any], options: _CallOptions) -> httpx.Request:
        http = self._http
        operation_headers: dict[str, str] = kwargs.get("headers") or {}
        method = kwargs["method"]  # the generator's "get": httpx.Request upper-cases it
        url = self.base_url + kwargs["url"]
        try:
            return self._build_request(http, method, url, kwargs, operation_headers, options)
        except httpx.InvalidURL as exc:
            raise InvalidArgumentError(
                f"the request cannot be sent: its URL would not be valid ({exc}); an "
                "index name or backup ID that long is not one the API has"
            ) from exc

    def _build_request(
        self,
        http: HttpT,
        method: str,
        url: str,
        kwargs: dict[str, Any],
        operation_headers: dict[str, str],
        options: _CallOptions,
    ) -> httpx.Request:
        if http.cookies or http.params:
            # Let httpx merge what the pool carries besides headers.
            return http.build_request(
                method,
                url,
                params=kwargs.get("params"),
                headers={**operation_headers, **self._own_headers()},
                timeout=options.timeout,
            )
        # Merging the pool's headers with ours costs more than the rest of the
        # request: keep the last merge (both operations send the same headers;
        # a user's pool may change its headers between calls, so they are part
        # of the key).
        key = (tuple(operation_headers.items()), tuple(http.headers.multi_items()))
        merged = self._merged_headers
        if merged is not None and merged[0] == key:
            headers = merged[1]
        else:
            headers = httpx.Headers(http.headers)
            headers.update(operation_headers)
            headers.update(self._own_headers())
            self._merged_headers = (key, headers)
        return httpx.Request(
            method,
            url,
            params=kwargs.get("params"),
            headers=headers,
            extensions={"timeout": options.timeout_extension},
        )

    def _own_headers(self) -> dict[str, str]:
        return {C.API_KEY_HEADER: self._api_key, "Accept": "application/json"}

    # --- the operation flows ------------------------------------------------

    def _list_flow(
        self, index_name: str, limit: int | None, token: str | None, options: _CallOptions
    ) -> Flow:
        # The generated package is imported on first use, not with ours.
        from pinecone_backups_api.api.backups import list_index_backups
        from pinecone_backups_api.models import ApiVersion
        from pinecone_backups_api.types import UNSET

        kwargs = list_index_backups.build_request_kwargs(
            index_name,
            limit=UNSET if limit is None else limit,
            pagination_token=UNSET if token is None else token,
            x_pinecone_api_version=ApiVersion(C.api_version()),
        )
        return self._flow(self._request(kwargs, options), self._parse_page, options)

    def _describe_flow(self, backup_id: str, options: _CallOptions) -> Flow:
        from pinecone_backups_api.api.backups import describe_backup
        from pinecone_backups_api.models import ApiVersion

        kwargs = describe_backup.build_request_kwargs(
            backup_id, x_pinecone_api_version=ApiVersion(C.api_version())
        )
        parse = functools.partial(self._parse_backup, backup_id=backup_id)
        return self._flow(self._request(kwargs, options), parse, options)

    def _list_page_flow(
        self, index_name: object, limit: object, pagination_token: object, options: _CallOptions
    ) -> Flow:
        name = _check_path_value(index_name, "index_name")
        size = None if limit is None else _check_page_size(limit, "limit")
        token = _check_token(pagination_token)
        return self._list_flow(name, size, token, options)

    def _describe_backup_flow(self, backup_id: object, options: _CallOptions) -> Flow:
        bid = _check_path_value(backup_id, "backup_id")
        return self._describe_flow(bid, options)

    def _start_walk(
        self,
        index_name: object,
        page_size: object,
        pagination_token: object,
        options: _CallOptions,
    ) -> tuple[Walk, Callable[[Walk], Flow]]:
        """Validate a walk's arguments up front; returns the walk and its ``fetch_page``."""
        name = _check_path_value(index_name, "index_name")
        size = _check_page_size(page_size, "page_size")
        walk = Walk(name, size, _check_token(pagination_token))

        def fetch_page(walk: Walk) -> Flow:
            return self._list_flow(walk.index_name, walk.limit(), walk.token, options)

        return walk, fetch_page

    # --- retries, the call's budget and error mapping -------------------------

    def _flow(
        self,
        request: httpx.Request,
        parse: Callable[[Answer], object],
        options: _CallOptions,
    ) -> Flow:
        attempt = 0
        target = target_of(request, self._api_key)
        deadline = None if options.total is None else time.monotonic() + options.total
        while True:
            attempt += 1
            if deadline is not None:
                left = deadline - time.monotonic()
                timeouts = _capped(options.timeout_extension, max(left, 0.0))
                request.extensions = {**request.extensions, "timeout": timeouts}
            outcome = yield request
            if isinstance(outcome, Answer):
                if outcome.is_success:
                    yield Done(parse(outcome))
                    return
                retry_after = parse_retry_after(outcome.headers.get("retry-after"))
                if outcome.status_code not in C.RETRYABLE_STATUSES or attempt > options.max_retries:
                    raise self._status_error(outcome, attempt, retry_after)
                reason = f"HTTP {outcome.status_code}"
            else:
                # A body httpx cannot decode (a bad Content-Encoding) will not decode
                # next time either: only transport failures are worth a retry.
                if attempt > options.max_retries or not isinstance(outcome, httpx.TransportError):
                    raise self._transport_error(outcome, target, attempt)
                retry_after = None
                reason = type(outcome).__name__
            delay = self.backoff.delay(attempt, retry_after)
            if deadline is not None and time.monotonic() + delay >= deadline:
                left = max(deadline - time.monotonic(), 0.0)
                note = (
                    f"not retried: the {'Retry-After' if retry_after is not None else 'backoff'} "
                    f"wait of {delay:.3g} s does not fit in the {left:.3g} s left of the call's "
                    f"total_timeout of {options.total:g} s"
                )
                if isinstance(outcome, Answer):
                    raise self._status_error(outcome, attempt, retry_after, note)
                raise self._transport_error(outcome, target, attempt, note)
            logger.warning(
                "%s failed (%s); retry %d of %d in %.2fs%s",
                target,
                reason,
                attempt,
                options.max_retries,
                delay,
                " (Retry-After)" if retry_after is not None else "",
            )
            yield delay

    def _status_error(
        self, answer: Answer, attempts: int, retry_after: float | None, note: str = ""
    ) -> PineconeBackupsError:
        return error_from_response(
            answer, attempts=attempts, secret=self._api_key, retry_after=retry_after, note=note
        )

    def _transport_error(
        self, exc: httpx.RequestError | None, target: str, attempts: int, note: str = ""
    ) -> APIConnectionError:
        """The typed error for a failed attempt, with ``exc`` chained (its messages redacted)."""
        detail = snippet(str(exc) or type(exc).__name__, self._api_key)
        cls: type[APIConnectionError] = APIConnectionError
        if isinstance(exc, httpx.TimeoutException):
            cls, what = APITimeoutError, " timed out"
        elif isinstance(exc, httpx.DecodingError):
            what = ": the response body could not be decoded"
        else:
            what = " failed to connect or was cut off"
        error = cls(f"{target}{what}: {detail}", attempts=attempts, note=note)
        error.__cause__ = exc
        scrub_chain(error, self._api_key)
        return error

    # --- parsing: the generated models' from_dict does it -----------------------

    def _parse(self, response: Answer, parsed: Callable[[Any], T], what: str) -> T:
        """A 2xx body parsed by a generated ``from_dict``; MalformedResponseError if it can't be."""
        from pinecone_backups_api.types import WireFormatError

        if not response.complete:
            raise _malformed(
                response,
                self._api_key,
                f"{what}: the body is larger than max_response_size ({self.max_response_size} "
                "bytes, counted after decompression); reading stopped there",
                ResponseTooLargeError,
            )
        try:
            body = json.loads(response.content)
        except (ValueError, RecursionError):
            excerpt = snippet(response.content, self._api_key)
            message = f"{what}: the body is not JSON: {excerpt!r}"
            raise _malformed(response, self._api_key, message) from None
        try:
            return parsed(body)
        except WireFormatError as exc:
            raise _malformed(response, self._api_key, f"{what}: {exc}") from None

    def _parse_page(self, response: Answer) -> Page:
        from pinecone_backups_api.models import BackupList

        parse = functools.partial(BackupList.from_dict, strict=self.strict)
        listing = self._parse(response, parse, "list_backups")
        if "pagination" in listing.invalid_fields:
            # Never lenient: a token misread would end a walk early, silently.
            raise _malformed(
                response,
                self._api_key,
                "list_backups: 'pagination' must be null or an object whose 'next' is a string",
            )
        _warn_invalid(listing.data)
        pagination = listing.pagination
        return Page(listing.data, (pagination.next_ or None) if pagination else None)

    def _parse_backup(self, response: Answer, backup_id: str) -> BackupModel:
        from pinecone_backups_api.models import BackupModel

        parse = functools.partial(BackupModel.from_dict, strict=self.strict)
        backup = self._parse(response, parse, "describe_backup")
        if backup.backup_id != backup_id:
            raise _malformed(
                response,
                self._api_key,
                f"describe_backup: asked for backup {_short(redact(backup_id, self._api_key))}, "
                f"the answer is backup {_short(redact(backup.backup_id, self._api_key))}; "
                "refused (a proxy or a cache may have mixed up answers)",
            )
        _warn_invalid([backup])
        return backup


def _warn_invalid(backups: list[BackupModel]) -> None:
    """One warning per backup with optional fields that did not fit (they read as None)."""
    for backup in backups:
        if backup.invalid_fields:
            # Field names only, never values; the logger's filter redacts a key a
            # server might echo into backup_id.
            logger.warning(
                "backup %s has fields that do not fit the API's types: %s; they read as "
                "None, and their raw values stay in invalid_fields and to_dict()",
                _short(backup.backup_id),
                ", ".join(repr(name) for name in sorted(backup.invalid_fields)),
            )
