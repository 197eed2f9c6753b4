"""A listing ends with the page that carries no next token, and not before.

Each walk is read through ``islice`` with room for more pages than there
are: a walk that ended late would show extra pages (instead of looping for
ever), one that ended early fewer.
"""

from __future__ import annotations

import asyncio
from itertools import islice

from pinecone_backups import AsyncClient, Client
from pinecone_backups.testing import FakePinecone

INDEX = "pagination-ends"
ROOM = 10
"""Pages read at most: more than the walk has."""


def test_the_blocking_walk_ends_at_the_page_without_a_next_token(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 5)
    pages = list(islice(client.iter_backup_pages(INDEX, page_size=2), ROOM))
    assert [len(page.backups) for page in pages] == [2, 2, 1]
    assert pages[-1].next_token is None
    assert len(fake.requests) == 3


def test_the_async_walk_ends_at_the_page_without_a_next_token(fake: FakePinecone) -> None:
    fake.seed(INDEX, 5)

    async def walk() -> list[int]:
        sizes: list[int] = []
        async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
            async for page in client.iter_backup_pages(INDEX, page_size=2):
                sizes.append(len(page.backups))
                if len(sizes) == ROOM:
                    break
        return sizes

    assert asyncio.run(walk()) == [2, 2, 1]
    assert len(fake.requests) == 3
