"""``Client`` and ``AsyncClient``: the I/O around the operations of ``_base``.

Everything but the I/O (arguments, requests, retries, error mapping, parsing,
page logic and the public methods themselves) is written once in
``BaseClient``; each class here only sends, sleeps and iterates, one blocking
and one with ``await``.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx

from . import _config as C
from ._answer import ATTEMPT_DEADLINE, Answer, BodyReader, attempt_seconds, body_limit
from ._base import BaseClient, target_of
from ._exceptions import ConfigurationError, InvalidArgumentError, PineconeBackupsError
from ._flow import Action, Done, Flow, Outcome
from ._models import Page
from ._pagination import Walk

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel as Backup

__all__ = ["AsyncClient", "Client", "IndexBackups"]

logger = logging.getLogger(C.LOGGER_NAME)


def _log_exchange(request: httpx.Request, outcome: Outcome, started: float, secret: str) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        result = (
            f"HTTP {outcome.status_code}" if isinstance(outcome, Answer) else type(outcome).__name__
        )
        logger.debug(
            "%s -> %s in %.1f ms",
            target_of(request, secret),
            result,
            (time.perf_counter() - started) * 1000,
        )


def _deadline_of(request: httpx.Request) -> float | None:
    seconds = attempt_seconds(request)
    return None if seconds is None else time.monotonic() + seconds


class Client(BaseClient[httpx.Client, Page, "Backup", Iterator[Page], "Iterator[Backup]"]):
    """A blocking client for Pinecone's backup API.

    Args:
        api_key: Your Pinecone API key; when None, read from ``PINECONE_API_KEY``.
        base_url: The control plane's URL; when None, ``PINECONE_CONTROLLER_HOST``
            or ``https://api.pinecone.io``. Plain ``http://`` is refused for a
            host that is not loopback unless ``allow_insecure_http=True``.
        timeout: Seconds one attempt may take end to end (connect, send, headers,
            whole body), however slowly the server sends; default 30, connect 5.
            An ``httpx.Timeout`` sets each phase; the attempt then ends by the
            largest of its values.
        total_timeout: Seconds one call may take in all, retries and the waits
            between them included; default 120. A retry whose wait does not fit
            in what is left is not started (the error says so). None: no budget.
        max_response_size: Bytes of a response body read at most, counted after
            decompression; default 16 MiB. A larger 2xx body raises
            ``ResponseTooLargeError`` (memory stays bounded).
        max_retries: Retries after a 408, 429, 5xx, connection error or timeout;
            default 2 (three attempts); 0 disables retries.
        backoff: Delays between retries; see ``Backoff``.
        strict: Raise ``MalformedResponseError`` on an optional field of the wrong
            type instead of reading it as None with a warning.
        http_client: Your own ``httpx.Client`` (proxies, custom CA, transports);
            auth, version pinning, retries, the no-redirect rule, deadlines and
            the size limit still apply (deadlines reach inside connections only
            through httpx's own transports). The client does not close a client
            you pass in; after ``os.fork()`` the child needs its own.
        allow_insecure_http: Allow ``http://`` to a host that is not loopback.

    Raises:
        ConfigurationError: No API key, or an unusable ``base_url``.
        InvalidArgumentError: A bad ``timeout``, ``max_retries``, ``backoff`` or
            ``http_client``.

    Example:
        >>> with Client() as client:
        ...     for backup in client.iter_backups("docs-example"):
        ...         print(backup.backup_id, backup.created_at)
    """

    _http_class = httpx.Client

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
        http = self._http
        deadline = _deadline_of(action)
        token = ATTEMPT_DEADLINE.set(deadline)
        try:
            outcome: Outcome = self._exchange(http, action, deadline)
        except httpx.RequestError as exc:
            outcome = exc
        finally:
            ATTEMPT_DEADLINE.reset(token)
        _log_exchange(action, outcome, started, self._api_key)
        return outcome

    def _exchange(
        self, http: httpx.Client, request: httpx.Request, deadline: float | None
    ) -> Answer:
        """One attempt: send, then read the body within the size limit and the deadline."""
        response = http.send(request, stream=True, follow_redirects=False)
        try:
            from ._transport import check_fresh  # loaded with the pool, not at import

            check_fresh(response)
            reader = BodyReader(request, body_limit(response, self.max_response_size), deadline)
            for chunk in response.iter_bytes():
                if not reader.add(chunk):
                    break
            return reader.answer(response)
        finally:
            response.close()  # before the end of the body: the connection is dropped

    def _pages(self, walk: Walk, fetch_page: Callable[[Walk], Flow]) -> Iterator[Page]:
        while True:
            page = walk.record(self._run(fetch_page(walk)))
            yield page
            if not walk.advance(page):
                return

    def _flatten(self, pages: Iterator[Page]) -> Iterator[Backup]:
        return (backup for page in pages for backup in page.backups)

    def close(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in).

        Any later request raises ``ConfigurationError``.
        """
        http = self._mark_closed()
        if http is not None:
            http.close()

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


class AsyncClient(
    BaseClient[
        httpx.AsyncClient,
        Awaitable[Page],
        "Awaitable[Backup]",
        AsyncIterator[Page],
        "AsyncIterator[Backup]",
    ]
):
    """The asyncio twin of ``Client``: the same arguments, methods, errors and rules.

    ``list_backups`` and ``describe_backup`` return awaitables; the iterators
    are async iterators; ``http_client`` is an ``httpx.AsyncClient``. Arguments
    are checked at the call, before anything is awaited.

    Example:
        >>> async with AsyncClient() as client:
        ...     page = await client.list_backups("docs-example")
        ...     async for backup in client.iter_backups("docs-example"):
        ...         print(backup.backup_id)
    """

    _http_class = httpx.AsyncClient

    async def _run(self, flow: Flow) -> Any:
        action: Action = next(flow)
        while not isinstance(action, Done):
            action = flow.send(await self._perform(action))
        return action.value

    async def _perform(self, action: httpx.Request | float) -> Outcome:
        import asyncio  # only async users pay for importing it

        if isinstance(action, float):
            await asyncio.sleep(action)
            return None
        self._check_loop(asyncio.get_running_loop())
        started = time.perf_counter()
        http = self._http
        deadline = _deadline_of(action)
        token = ATTEMPT_DEADLINE.set(deadline)
        try:
            outcome: Outcome = await self._exchange(http, action, deadline)
        except httpx.RequestError as exc:
            outcome = exc
        finally:
            ATTEMPT_DEADLINE.reset(token)
        _log_exchange(action, outcome, started, self._api_key)
        return outcome

    async def _exchange(
        self, http: httpx.AsyncClient, request: httpx.Request, deadline: float | None
    ) -> Answer:
        """One attempt: send, then read the body within the size limit and the deadline."""
        response = await http.send(request, stream=True, follow_redirects=False)
        try:
            from ._transport import check_fresh  # loaded with the pool, not at import

            check_fresh(response)
            reader = BodyReader(request, body_limit(response, self.max_response_size), deadline)
            async for chunk in response.aiter_bytes():
                if not reader.add(chunk):
                    break
            return reader.answer(response)
        finally:
            await response.aclose()  # before the end of the body: the connection is dropped

    def _check_loop(self, loop: object) -> None:
        """An AsyncClient's connections belong to the event loop of its first request."""
        if self._loop_ref is None:
            self._loop_ref = weakref.ref(loop)
        elif self._loop_ref() is not loop:
            raise ConfigurationError(
                "this AsyncClient was first used in another event loop, and its connections "
                "belong to that loop; make one AsyncClient per event loop (per asyncio.run)"
            )

    async def _pages(self, walk: Walk, fetch_page: Callable[[Walk], Flow]) -> AsyncIterator[Page]:
        while True:
            page = walk.record(await self._run(fetch_page(walk)))
            yield page
            if not walk.advance(page):
                return

    async def _flatten(self, pages: AsyncIterator[Page]) -> AsyncIterator[Backup]:
        async for page in pages:
            for backup in page.backups:
                yield backup

    def iter_indexes_backups(
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

        The default pool opens at most ``MAX_CONNECTIONS`` (20) connections and
        keeps them all alive, so ``max_concurrency`` is capped at 20 with it:
        more walks at once would only queue inside the pool, which costs CPU
        for every queued request. A walk therefore opens at most as many
        connections as run at once and reuses them. To run more at once, pass
        an ``http_client`` whose ``httpx.Limits`` allow as many connections
        (and as many kept alive); ``max_concurrency`` is then used as given.

        Args:
            index_names: The indexes to walk (each walked once, duplicates dropped).
            max_concurrency: Walks in flight at once, at least 1 (at most 20
                with the default pool).
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
        if self._owns_http:
            max_concurrency = min(max_concurrency, C.MAX_CONNECTIONS)
        walks = {
            name: self.iter_backups(name, page_size=page_size)
            for name in dict.fromkeys(index_names)
        }
        return _walk_concurrently(walks, max_concurrency)

    async def close(self) -> None:
        """Close the connection pool (not an ``http_client`` you passed in).

        Any later request raises ``ConfigurationError``.
        """
        http = self._mark_closed()
        if http is not None:
            await http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


async def _walk_concurrently(
    walks: dict[str, AsyncIterator[Backup]], max_concurrency: int
) -> AsyncIterator[IndexBackups]:
    import asyncio

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

    tasks = [asyncio.ensure_future(walk_one(name, walk)) for name, walk in walks.items()]
    try:
        for next_done in asyncio.as_completed(tasks):
            yield await next_done
    finally:
        for task in tasks:
            task.cancel()
