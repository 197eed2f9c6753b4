"""FakePinecone: the fake server's face: its settings, data, faults, start and stop."""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Literal, cast

from pinecone_backups._config import API_VERSION

from ._backend import Backend
from ._data import new_backup, seeded_backups
from ._faults import Fault
from ._http import Server
from ._records import RecordedRequest

__all__ = ["FakePinecone"]


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
        self._backend = Backend()
        self._server: Server | None = None
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
        server = Server(self)
        self._server = server
        server.serve_in_thread()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection. Does nothing when stopped.

        Example::

            fake.stop()
        """
        server = self._server
        if server is None:
            return
        self._connections_of_last_run = server.connection_count
        self._server = None
        server.stop()

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
        with self._backend.lock:
            self._backend.index(name)

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
        backend = self._backend
        with backend.lock:
            index = backend.index(index_name)
            wire = new_backup(index_name, index.source_index_id, fields)
            backend.store(index, wire)
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
        self._backend.script(backup_id, steps)

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
        backend = self._backend
        with backend.lock:
            backend.store(backend.index(index_name), wire)

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
        backend = self._backend
        with backend.lock:
            index = backend.index(index_name)
            start = len(index.backups)
            source_id = index.source_index_id
        made = seeded_backups(index_name, source_id, start, count)
        with backend.lock:
            for wire in made:
                backend.store(index, wire)
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
        return self._backend.backups(index_name)

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
        self._backend.inject(fault)

    def clear_faults(self) -> None:
        """Discard every queued fault.

        Example::

            fake.clear_faults()
        """
        self._backend.clear_faults()

    # -- what the server calls ------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._backend.lock:
            self.requests.append(request)

    def _take_fault(self, raw_path: str) -> Fault | None:
        return self._backend.take_fault(raw_path)

    def _handle(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
    ) -> bytes:
        return self._backend.answer(
            method,
            raw_path,
            query,
            headers,
            api_key=self.api_key,
            api_version=self.api_version,
            repeat_tokens=self.repeat_tokens,
            last_page_pagination=self._last_page_pagination,
        )
