"""The request head as it leaves the client, byte for byte (a raw server keeps name case).

HTTP header names are case-insensitive, but a reference client is read by
people writing the same client elsewhere, and some proxies log or match the
names verbatim: the SDK sends them in the case the API reference writes them.
"""

from __future__ import annotations

import asyncio

from pinecone_backups import AsyncClient, Client, __version__
from pinecone_backups import _config as C
from tests.hostile._servers import Conn, RawServer, backup, json_response


def answer(conn: Conn, head: bytes, number: int) -> bool:
    conn.send(json_response(backup("bk-1")))
    return True


def header_lines(head: bytes) -> list[str]:
    return head.decode("latin-1").split("\r\n")[1:]


EXPECTED_OWN = [
    "Accept: application/json",
    f"User-Agent: pinecone-backups-python/{__version__}",
    "Api-Key: kkkkkkkkkkkkkkkkkkkk",
]


def test_the_sync_client_sends_its_headers_in_the_references_case() -> None:
    with RawServer(answer) as server, Client(api_key="k" * 20, base_url=server.base_url) as c:
        c.describe_backup("bk-1")
    lines = header_lines(server.requests[0])
    for line in [*EXPECTED_OWN, f"X-Pinecone-Api-Version: {C.api_version()}"]:
        assert line in lines, (line, lines)


def test_the_async_client_sends_the_same_headers() -> None:
    async def call(base_url: str) -> None:
        async with AsyncClient(api_key="k" * 20, base_url=base_url) as client:
            await client.describe_backup("bk-1")

    with RawServer(answer) as server:
        asyncio.run(call(server.base_url))
    lines = header_lines(server.requests[0])
    for line in [*EXPECTED_OWN, f"X-Pinecone-Api-Version: {C.api_version()}"]:
        assert line in lines, (line, lines)
