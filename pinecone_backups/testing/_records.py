"""What a test reads back from the fake and what it hands in: RecordedRequest and OMIT."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["OMIT", "RecordedRequest"]


class _Omit:
    """Type of :data:`OMIT`."""

    _instance: _Omit | None = None

    def __new__(cls) -> _Omit:  # pragma: no mutate block (runs at import)
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Final = _Omit()
"""Give a field this value in :meth:`FakePinecone.add_backup` to leave it out.

Example::

    fake.add_backup("idx", status=OMIT)  # a backup without its required status
"""


@dataclass(frozen=True)
class RecordedRequest:
    """One request as :class:`FakePinecone` received it.

    Attributes:
        method: The HTTP method, for example ``"GET"``.
        path: The path as received, percent-encoding kept, without the query
            string, for example ``"/indexes/a%2Fb/backups"``.
        query: The query string parsed by :func:`urllib.parse.parse_qs` with
            blank values kept: ``{"limit": ["10"]}``.
        headers: The request headers, names lower-cased (a repeated header
            keeps its last value).
        connection_id: Which accepted TCP connection carried the request,
            counting from 1 in the order the server accepted them.

    Example::

        assert fake.requests[-1].query["limit"] == ["100"]
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    connection_id: int
