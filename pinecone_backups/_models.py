"""``Page``: one page of a listing. A backup is the generated ``BackupModel``.

The generated package (``pinecone_backups_api``, made from ``spec/openapi.yaml``)
parses every answer; its models are the public result types. ``Page`` only
pairs a page's backups with the token of the next page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pinecone_backups_api.models import BackupModel

__all__ = ["Page"]


class Page:
    """One page of a listing: its backups and the token of the next page.

    ``next_token`` is None on the last page. Save it to resume a walk later:
    ``client.iter_backups(index, pagination_token=page.next_token)``.

    Example:
        >>> page = client.list_backups("docs-example", limit=10)
        >>> [b.backup_id for b in page], page.next_token
    """

    __slots__ = ("backups", "next_token")

    backups: list[BackupModel]
    """The backups on this page, in server order."""
    next_token: str | None
    """The token of the next page, or None on the last page."""

    def __init__(self, backups: list[BackupModel], next_token: str | None) -> None:
        self.backups = backups
        self.next_token = next_token

    @property
    def has_next(self) -> bool:
        """Whether another page follows this one."""
        return self.next_token is not None

    def __iter__(self) -> Iterator[BackupModel]:
        """The backups on this page (not the following pages: use ``client.iter_backups``)."""
        return iter(self.backups)

    def __len__(self) -> int:
        return len(self.backups)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return self.backups == other.backups and self.next_token == other.next_token

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Page(backups=<{len(self.backups)} backups>, next_token={self.next_token!r})"
