"""The fake backup API without HTTP: what it holds, and the body it answers a request with.

One lock guards it all: the request threads and the :class:`FakePinecone`
methods share it. :meth:`Backend.index` and :meth:`Backend.store` expect it
held; every other method takes it itself.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

from pinecone_backups._config import API_KEY_HEADER, API_VERSION_HEADER

from ._data import (
    DEFAULT_LIMIT,
    LIMIT_RE,
    MAX_LIMIT,
    MIN_LIMIT,
    HttpError,
    decode_token,
    dumps,
    encode_token,
    source_index_id,
)
from ._faults import Fault
from ._records import OMIT


@dataclass
class Index:
    source_index_id: str
    backups: list[object] = field(default_factory=list)


@dataclass
class _QueuedFault:
    fault: Fault
    remaining: int


class Backend:
    """The indexes, backups, status scripts and queued faults of one fake."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._indexes: dict[str, Index] = {}
        self._by_id: dict[str, object] = {}
        self._scripts: dict[str, deque[str | None]] = {}
        self._faults: list[_QueuedFault] = []

    # -- data (index and store: the caller holds the lock) --------------------

    def index(self, name: str) -> Index:
        index = self._indexes.get(name)
        if index is None:
            index = self._indexes[name] = Index(source_index_id(name))
        return index

    def store(self, index: Index, wire: object) -> None:
        index.backups.append(wire)
        if isinstance(wire, dict):
            backup_id = wire.get("backup_id")
            if isinstance(backup_id, str):
                self._by_id[backup_id] = wire

    def script(self, backup_id: str, steps: deque[str | None]) -> None:
        with self.lock:
            wire = self._by_id.get(backup_id)
            if not isinstance(wire, dict):
                raise KeyError(f"no stored backup has the ID {backup_id!r}")
            first = next((step for step in steps if step is not None), None)
            if first is not None:
                wire["status"] = first
            self._scripts[backup_id] = steps

    def backups(self, index_name: str) -> list[object]:
        with self.lock:
            index = self._indexes.get(index_name)
            if index is None:
                raise KeyError(f"no index named {index_name!r}")
            return list(index.backups)

    # -- faults ---------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        with self.lock:
            self._faults.append(_QueuedFault(fault, fault.times))

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def take_fault(self, raw_path: str) -> Fault | None:
        with self.lock:
            for position, queued in enumerate(self._faults):
                if queued.fault.matches(raw_path):
                    queued.remaining -= 1
                    if queued.remaining <= 0:
                        del self._faults[position]
                    return queued.fault
        return None

    # -- answers --------------------------------------------------------------

    def answer(
        self,
        method: str,
        raw_path: str,
        query: dict[str, list[str]],
        headers: Mapping[str, str],
        *,
        api_key: str,
        api_version: str,
        repeat_tokens: bool,
        last_page_pagination: Literal["null", "absent"],
    ) -> bytes:
        """The body of a 200 answer to a request, or :class:`HttpError` for an error answer."""
        segments = raw_path.split("/")
        route: Literal["list", "describe"] | None = None
        if method == "GET" and len(segments) == 4 and segments[:2] == ["", "indexes"]:
            if segments[3] == "backups":
                route = "list"
        elif method == "GET" and len(segments) == 3 and segments[:2] == ["", "backups"]:
            route = "describe"
        if route is None:
            raise HttpError(404, f"Not found: {method} {raw_path}")
        if headers.get(API_KEY_HEADER.lower()) != api_key:
            raise HttpError(401, "Invalid API Key")
        version = headers.get(API_VERSION_HEADER.lower())
        if version is None:
            raise HttpError(
                400,
                f"The {API_VERSION_HEADER} header is required "
                f"(the supported version is {api_version}).",
            )
        if version != api_version:
            raise HttpError(
                400,
                f"Unsupported API version {version!r} in {API_VERSION_HEADER}; "
                f"the supported version is {api_version}.",
            )
        if route == "describe":
            return self._describe(unquote(segments[2]))
        return self._list(unquote(segments[2]), query, repeat_tokens, last_page_pagination)

    def _describe(self, backup_id: str) -> bytes:
        with self.lock:
            wire = self._by_id.get(backup_id, OMIT)
            script = self._scripts.get(backup_id)
            if script is not None and isinstance(wire, dict):
                step = script.popleft() if len(script) > 1 else script[0]
                if step is None:
                    wire = OMIT
                else:
                    wire["status"] = step
        if wire is OMIT:
            raise HttpError(404, f"Backup {backup_id} not found.")
        return dumps(wire)

    def _list(
        self,
        index_name: str,
        query: dict[str, list[str]],
        repeat_tokens: bool,
        last_page_pagination: Literal["null", "absent"],
    ) -> bytes:
        limit: int | None = None
        limits = query.get("limit")
        if limits:
            text = limits[0]
            if LIMIT_RE.fullmatch(text) is None or not MIN_LIMIT <= int(text) <= MAX_LIMIT:
                raise HttpError(
                    400,
                    f"limit must be between {MIN_LIMIT} and {MAX_LIMIT}, not {text!r}.",
                )
            limit = int(text)
        with self.lock:
            index = self._indexes.get(index_name)
            if index is None:
                raise HttpError(404, f"Index {index_name} not found.")
            tokens = query.get("paginationToken")
            page, size = decode_token(tokens[0], index_name) if tokens else (0, DEFAULT_LIMIT)
            if limit is not None:
                # Over a token, the real server's corruption: the page number is
                # kept, the size changes, so the start moves (rows skipped or repeated).
                size = limit
            start = page * size
            rows = index.backups[start : start + size]
            more = start + size < len(index.backups)
        body: dict[str, object] = {"data": rows}
        if more:
            next_page = 1 if repeat_tokens else page + 1
            body["pagination"] = {"next": encode_token(index_name, next_page, size)}
        elif last_page_pagination == "null":
            body["pagination"] = None
        return dumps(body)
