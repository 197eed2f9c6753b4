"""``Client`` and ``AsyncClient``: the I/O around the shared flows of ``_base``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from . import _config as C
from ._base import Action, Backoff, BaseClient, Done, Flow, Outcome
from ._exceptions import InvalidArgumentError, PineconeBackupsError
from ._models import Backup, Page
from ._pagination import Walk

__all__ = ["AsyncClient", "Client", "IndexBackups"]

logger = logging.getLogger(C.LOGGER_NAME)
T = TypeVar("T")


def _log_exchange(request: httpx.Request, outcome: Outcome, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        result = (
            f"HTTP {outcome.status_code}"
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        logger.debug(
            "%s %s -> %s in %.1f ms",
            request.method,
            request.url.raw_path.decode("ascii", "replace"),
            result,
            (time.perf_counter() - started) * 1000,
        )


class Client(BaseClient[httpx.Client]):
    """A blocking client for Pinecone's backup API.

    Args:
        api_key: Your Pinecone API key; when None, read from ``PINECONE_API_KEY``.
        base_url: The control plane's URL; when None, ``PINECONE_CONTROLLER_HOST``
            or ``https://api.pinecone.io``. Plain ``http://`` is refused for a
            host that is not loopback unless ``allow_insecure_http=True``.
        timeout: Seconds per attempt (or an ``httpx.Timeout``); default 30, connect 5.
        max_retries: Retries after a 408, 429, 5xx, connection error or timeout;
            default 2 (three attempts); 0 disables retries.
        backoff: Delays between retries; see ``Backoff``.
        strict: Raise ``MalformedResponseError`` on an optional field of the wrong
            type instead of reading it as None with a warning.
        http_client: Your own ``httpx.Client`` (proxies, custom CA, transports);
            auth, version pinning, retries and the no-redirect rule still apply.
            The client does not close a client you pass in.
        allow_insecure_http: Allow ``http://`` to a host that is not loopback.

    Raises:
        ConfigurationError: No API key, or an unusable ``base_url``.
        InvalidArgumentError: A bad ``timeout``, ``max_retries`` or ``backoff``.

    Example:
        >>> with Client() as client:
        ...     for backup in client.iter_backups("docs-example"):
        ...         print(backup.backup_id, backup.created_at)
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout = C.DEFAULT_TIMEOUT,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        backoff: Backoff | None = None,
        strict: bool = False,
        http_client: httpx.Client | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            api_key,
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            strict=strict,
            allow_insecure_http=allow_insecure_http,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidArgumentError("http_client must be an httpx.Client")
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(**self._new_http_kwargs(self.timeout))

    def _run(self, flow: Flow) -> Any:
        action: Action = next(flow)
        while not isinstance(action, Done):
            action = flow.send(self._perform(action))
        return action.value

    def _perform(self, action: httpx.Request | float) -> Outcome:
        if isinstance(action, float):
            time.sleep(action)
            return None
        started = time.perf_counter()
        try:
            outcome: Outcome = self._http.send(action, follow_redirects=False)
        except httpx.RequestError as exc:
            outcome = exc
        _log_exchange(action, outcome, started)
        return outcome

    def list_backups(
        self,
        index_name: str,
        *,
        limit: int | None = None,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Page:
        """Fetch one page of an index's backups.

        Args:
            index_name: The index whose backups to list.
            limit: Page size, 1 to 100; None lets the server choose (10) or,
                with a token, keeps the token's own size. Avoid a ``limit``
                different from the token's: the API then skips or repeats rows.
            pagination_token: A previous page's ``next_token``; None for the first page.
            timeout: Seconds per attempt for this call (default: the client's).
            max_retries: Retries for this call (default: the client's).

        Returns:
            The page: ``page.backups`` and ``page.next_token`` (None on the last page).

        Raises:
            InvalidArgumentError: Bad arguments, before any request.
            NotFoundError: The index does not exist.
            AuthenticationError, RateLimitError, ServerError, APIConnectionError,
            APITimeoutError, MalformedResponseError: see ``PineconeBackupsError``.

        Example:
            >>> page = client.list_backups("docs-example", limit=10)
            >>> more = client.list_backups("docs-example", pagination_token=page.next_token)
        """
        flow = self._list_page_flow(index_name, limit, pagination_token, timeout, max_retries)
        page: Page = self._run(flow)
        return page

    def describe_backup(
        self,
        backup_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Backup:
        """Fetch one backup by its ID.

        Args:
            backup_id: The backup's ID.
            timeout: Seconds per attempt for this call (default: the client's).
            max_retries: Retries for this call (default: the client's).

        Returns:
            The backup.

        Raises:
            InvalidArgumentError: An empty, non-str, ``.`` or ``..`` ID, before any request.
            NotFoundError: No backup has this ID.
            PineconeBackupsError: Any other failure; see the hierarchy there.

        Example:
            >>> client.describe_backup("8c85e612-ed1c-4f97-9f8c-8194e07bcf71").status
            'Ready'
        """
        backup: Backup = self._run(self._describe_backup_flow(backup_id, timeout, max_retries))
        return backup

    def iter_backup_pages(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Page]:
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

        Returns:
            An iterator of pages. Arguments are checked now, before any request.

        Raises:
            InvalidArgumentError: At the call, for bad arguments.
            PaginationError: While iterating, after the backups already received,
                when the server repeats a token.
            PineconeBackupsError: While iterating, for any other failure.

        Example:
            >>> for page in client.iter_backup_pages("docs-example"):
            ...     save_checkpoint(page.next_token)
        """
        walk, fetch_page = self._start_walk(
            index_name, page_size, pagination_token, timeout, max_retries
        )
        return self._pages(walk, fetch_page)

    def _pages(self, walk: Walk, fetch_page: Callable[[Walk], Flow]) -> Iterator[Page]:
        while True:
            page = walk.record(self._run(fetch_page(walk)))
            yield page
            if not walk.advance(page):
                return

    def iter_backups(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Iterator[Backup]:
        """Every backup of an index, lazily, across all pages.

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
        )
        return (backup for page in pages for backup in page.backups)

    def close(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class IndexBackups:
    """The outcome of walking one index in ``AsyncClient.iter_indexes_backups``.

    Attributes:
        index_name: The index.
        backups: Every backup received, in order (those before a failure included).
        error: None when the walk completed, else the error that ended it.
    """

    index_name: str
    backups: list[Backup]
    error: PineconeBackupsError | None = None

    @property
    def ok(self) -> bool:
        """Whether the whole index was walked."""
        return self.error is None


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """The asyncio twin of ``Client``: same arguments, methods, errors and rules.

    Example:
        >>> async with AsyncClient() as client:
        ...     async for backup in client.iter_backups("docs-example"):
        ...         print(backup.backup_id)
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout = C.DEFAULT_TIMEOUT,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        backoff: Backoff | None = None,
        strict: bool = False,
        http_client: httpx.AsyncClient | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        """See ``Client``; ``http_client`` is an ``httpx.AsyncClient`` here."""
        super().__init__(
            api_key,
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            strict=strict,
            allow_insecure_http=allow_insecure_http,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidArgumentError("http_client must be an httpx.AsyncClient")
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(**self._new_http_kwargs(self.timeout))

    async def _run(self, flow: Flow) -> Any:
        action: Action = next(flow)
        while not isinstance(action, Done):
            action = flow.send(await self._perform(action))
        return action.value

    async def _perform(self, action: httpx.Request | float) -> Outcome:
        if isinstance(action, float):
            await asyncio.sleep(action)
            return None
        started = time.perf_counter()
        try:
            outcome: Outcome = await self._http.send(action, follow_redirects=False)
        except httpx.RequestError as exc:
            outcome = exc
        _log_exchange(action, outcome, started)
        return outcome

    async def list_backups(
        self,
        index_name: str,
        *,
        limit: int | None = None,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Page:
        """One page of an index's backups; see ``Client.list_backups``."""
        flow = self._list_page_flow(index_name, limit, pagination_token, timeout, max_retries)
        page: Page = await self._run(flow)
        return page

    async def describe_backup(
        self,
        backup_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Backup:
        """One backup by its ID; see ``Client.describe_backup``."""
        flow = self._describe_backup_flow(backup_id, timeout, max_retries)
        backup: Backup = await self._run(flow)
        return backup

    def iter_backup_pages(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Page]:
        """Walk an index page by page (``async for``); see ``Client.iter_backup_pages``.

        Arguments are checked at the call, before any request.
        """
        walk, fetch_page = self._start_walk(
            index_name, page_size, pagination_token, timeout, max_retries
        )
        return self._pages(walk, fetch_page)

    async def _pages(self, walk: Walk, fetch_page: Callable[[Walk], Flow]) -> AsyncIterator[Page]:
        while True:
            page = walk.record(await self._run(fetch_page(walk)))
            yield page
            if not walk.advance(page):
                return

    def iter_backups(
        self,
        index_name: str,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        pagination_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Backup]:
        """Every backup of an index (``async for``); see ``Client.iter_backups``."""
        pages = self.iter_backup_pages(
            index_name,
            page_size=page_size,
            pagination_token=pagination_token,
            timeout=timeout,
            max_retries=max_retries,
        )
        return _flatten(pages)

    async def iter_indexes_backups(
        self,
        index_names: Iterable[str],
        *,
        max_concurrency: int = 8,
        page_size: int = C.DEFAULT_PAGE_SIZE,
    ) -> AsyncIterator[IndexBackups]:
        """Walk many indexes concurrently, yielding each index's outcome as it completes.

        At most ``max_concurrency`` walks run at once, all over this client's
        one connection pool. A failing index (a 404, retries exhausted) yields
        an ``IndexBackups`` whose ``error`` is set, with the backups received
        before the failure; the other indexes carry on.

        Args:
            index_names: The indexes to walk (each walked once, duplicates dropped).
            max_concurrency: Walks in flight at once, at least 1.
            page_size: Backups per page, 1 to 100.

        Returns:
            An async iterator of ``IndexBackups``, in completion order.

        Raises:
            InvalidArgumentError: A bad index name, ``max_concurrency`` or
                ``page_size``, before any request.

        Example:
            >>> async for result in client.iter_indexes_backups(["a", "b"], max_concurrency=4):
            ...     print(result.index_name, len(result.backups), result.error)
        """
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            raise InvalidArgumentError("max_concurrency must be an int >= 1")
        if max_concurrency < 1:
            raise InvalidArgumentError(f"max_concurrency must be >= 1, got {max_concurrency}")
        names = list(dict.fromkeys(index_names))
        walks = [self.iter_backups(name, page_size=page_size) for name in names]
        semaphore = asyncio.Semaphore(max_concurrency)

        async def walk_one(name: str, backups_iter: AsyncIterator[Backup]) -> IndexBackups:
            received: list[Backup] = []
            async with semaphore:
                try:
                    async for backup in backups_iter:
                        received.append(backup)
                except PineconeBackupsError as exc:
                    return IndexBackups(name, received, exc)
            return IndexBackups(name, received)

        tasks = [asyncio.ensure_future(walk_one(n, w)) for n, w in zip(names, walks, strict=True)]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()

    async def close(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


async def _flatten(pages: AsyncIterator[Page]) -> AsyncIterator[Backup]:
    async for page in pages:
        for backup in page.backups:
            yield backup
