"""Page-walk logic shared by ``Client`` and ``AsyncClient``.

A walk keeps one page size: the first request carries ``limit``, every later
one carries only the token (a token already encodes the size it was minted
with; sending a different ``limit`` beside it corrupts page boundaries). A
resume from a saved token sends the token alone. The walk ends when a page has
no next token, and stops with ``PaginationError`` when a token comes back a
second time or too many empty pages follow one another, so no server can make
it loop forever; and before sending a token that cannot be sent (too long for
a URL, or not valid Unicode), with ``PaginationError`` too.

What a walk keeps does not grow with token size: the tokens already seen are
kept as SHA-256 digests (32 bytes each), never whole.
"""

from __future__ import annotations

import hashlib
from typing import Final
from urllib.parse import quote

from ._config import MAX_TOKEN_LENGTH
from ._exceptions import PaginationError
from ._models import Page

MAX_EMPTY_PAGES: Final = 5
"""Consecutive empty pages that still carry a next token before a walk gives up."""


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be sent as a query parameter, or None when it can.

    Checked before any request, so an unsendable token gives a typed error
    rather than httpx's ``InvalidURL`` or a ``UnicodeEncodeError``.
    """
    try:
        encoded = quote(token, safe="")
    except UnicodeEncodeError:
        return "it holds a lone surrogate character, which cannot be sent as UTF-8"
    if len(encoded) > MAX_TOKEN_LENGTH:
        return (
            f"it is {len(encoded)} characters long once URL-encoded, more than a URL "
            f"can carry (at most {MAX_TOKEN_LENGTH})"
        )
    return None


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode(errors="surrogatepass")).digest()


class Walk:
    """The state of one walk over an index's pages: ``fetch_page(token)`` decides the rest."""

    __slots__ = ("_empty_run", "_page_size", "_seen", "index_name", "page_number", "token")

    def __init__(self, index_name: str, page_size: int, token: str | None) -> None:
        self.index_name = index_name
        self._page_size = page_size
        self.token = token
        self.page_number = 0
        self._seen: set[bytes] = set() if token is None else {_digest(token)}
        self._empty_run = 0

    def limit(self) -> int | None:
        """The ``limit`` to send with the next request: only when there is no token."""
        return self._page_size if self.token is None else None

    def record(self, page: Page) -> Page:
        """Take note of a page just fetched; returns it. Raises on a walk that cannot progress.

        The check runs after the page was fetched but the page is still
        returned first by the caller's loop, so every backup received is
        yielded before the error.
        """
        self.page_number += 1
        self._empty_run = 0 if page.backups else self._empty_run + 1
        return page

    def advance(self, page: Page) -> bool:
        """Move to the page after ``page``; False when the walk is complete."""
        token = page.next_token
        if token is None:
            return False
        digest = _digest(token)
        if digest in self._seen:
            raise PaginationError(
                f"the server returned on page {self.page_number} of index "
                f"{self.index_name!r} a pagination token it had already returned; "
                "stopping the walk instead of looping forever (the backups received "
                "so far were delivered)",
                page_number=self.page_number,
                token=token,
            )
        if self._empty_run >= MAX_EMPTY_PAGES:
            raise PaginationError(
                f"the server returned {self._empty_run} empty pages in a row, each with a "
                f"next token, up to page {self.page_number} of index {self.index_name!r}; "
                "stopping the walk",
                page_number=self.page_number,
                token=token,
            )
        problem = token_problem(token)
        if problem is not None:
            raise PaginationError(
                f"the server returned on page {self.page_number} of index "
                f"{self.index_name!r} a pagination token that cannot be sent: {problem}; "
                "stopping the walk (the backups received so far were delivered)",
                page_number=self.page_number,
                token=token,
            )
        self._seen.add(digest)
        self.token = token
        return True
