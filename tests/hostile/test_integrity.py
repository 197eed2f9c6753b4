"""Nothing is mixed up: the wrong backup is refused, a mis-framed connection is not reused."""

from __future__ import annotations

import asyncio
import json

import pytest

from pinecone_backups import APIConnectionError, AsyncClient, Client, MalformedResponseError
from tests.hostile._servers import Conn, RawServer, backup, json_response, response, target_of


def test_describe_refuses_an_answer_for_another_backup() -> None:
    def wrong_id(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(backup("bk-other")))
        return True

    with (
        RawServer(wrong_id) as server,
        Client(api_key="k" * 20, base_url=server.base_url) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.describe_backup("bk-1")
    assert "asked for backup 'bk-1', the answer is backup 'bk-other'" in str(caught.value)
    assert len(server.requests) == 1  # not retried: the same answer would come back


@pytest.mark.parametrize(
    ("answered", "quoted"),
    [
        ("a" * 80, repr("a" * 80)),  # up to 80 characters: quoted whole
        ("b" * 79 + "cd", repr("b" * 79 + "c") + "…"),  # 81: cut to 80, marked
    ],
    ids=["80", "81"],
)
def test_a_mismatched_backup_id_is_quoted_up_to_80_characters(answered: str, quoted: str) -> None:
    def wrong_id(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(backup(answered)))
        return True

    with (
        RawServer(wrong_id) as server,
        Client(api_key="k" * 20, base_url=server.base_url) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.describe_backup("bk-1")
    assert str(caught.value) == (
        f"HTTP 200 describe_backup: asked for backup 'bk-1', the answer is backup {quoted}; "
        "refused (a proxy or a cache may have mixed up answers)"
    )


def leftover_after_first_answer(conn: Conn, head: bytes, number: int) -> bool:
    """The first answer is followed by a whole stale answer its Content-Length leaves out."""
    wanted = target_of(head).rsplit("/", 1)[-1]
    if number == 1:
        body = json.dumps(backup(wanted)).encode()
        stale = json_response(backup("bk-2", status="STALE"))
        conn.send(response(200, body + stale, content_length=len(body)))
        return True
    conn.send(json_response(backup(wanted)))
    return True


def test_bytes_left_on_a_connection_are_never_read_as_the_next_answer() -> None:
    with (
        RawServer(leftover_after_first_answer) as server,
        Client(api_key="k" * 20, base_url=server.base_url) as client,
    ):
        assert client.describe_backup("bk-1").status == "Ready"
        second = client.describe_backup("bk-2")
    assert second.status == "Ready"  # the stale 'STALE' answer was refused
    assert server.connections == 2  # the mis-framed connection was dropped
    # bk-2 was asked on the old connection (whose stale answer was refused), then on a new one.
    assert len(server.requests) == 3


def test_bytes_left_on_a_connection_are_never_read_as_the_next_answer_async() -> None:
    async def run(base_url: str) -> tuple[str, str]:
        async with AsyncClient(api_key="k" * 20, base_url=base_url) as client:
            first = await client.describe_backup("bk-1")
            second = await client.describe_backup("bk-2")
        return first.status, second.status

    with RawServer(leftover_after_first_answer) as server:
        assert asyncio.run(run(server.base_url)) == ("Ready", "Ready")
    assert server.connections == 2
    assert len(server.requests) == 3


def test_a_refused_stale_answer_without_retries_says_what_happened() -> None:
    with (
        RawServer(leftover_after_first_answer) as server,
        Client(api_key="k" * 20, base_url=server.base_url, max_retries=0) as client,
    ):
        client.describe_backup("bk-1")
        with pytest.raises(APIConnectionError) as caught:
            client.describe_backup("bk-2")
    assert str(caught.value) == (
        "GET /backups/bk-2 failed to connect or was cut off: the answer was on the connection "
        "before the request was sent: bytes left over by an earlier answer whose framing was "
        "wrong; the connection is dropped"
    )
    assert len(server.requests) == 2
