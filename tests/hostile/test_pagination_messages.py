"""A walk a lying server would make endless or unsendable stops with these exact words.

And a token the caller passes is checked against the same limits, at the
same edges, before any request.
"""

from __future__ import annotations

import pytest

from pinecone_backups import Client, InvalidArgumentError, PaginationError
from pinecone_backups import _config as C
from tests.hostile._servers import Conn, RawServer, backup, json_response

INDEX = "docs-example"


def pages(make: object) -> object:
    def handler(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(make(number)))  # type: ignore[operator]
        return True

    return handler


def walk(handler: object) -> tuple[list[str], PaginationError, int]:
    received: list[str] = []
    with (
        RawServer(handler) as server,  # type: ignore[arg-type]
        Client(api_key="k" * 20, base_url=server.base_url) as client,
        pytest.raises(PaginationError) as caught,
    ):
        received.extend(b.backup_id for b in client.iter_backups(INDEX))
    return received, caught.value, len(server.requests)


def test_a_token_returned_twice_stops_the_walk() -> None:
    def page(number: int) -> object:
        return {"data": [backup(f"bk-{number}")], "pagination": {"next": f"t{min(number, 2)}"}}

    received, error, requests = walk(pages(page))
    assert received == ["bk-1", "bk-2", "bk-3"]
    assert requests == 3
    assert str(error) == (
        f"the server returned on page 3 of index {INDEX!r} a pagination token it had already "
        "returned; stopping the walk instead of looping forever (the backups received so far "
        "were delivered)"
    )
    assert error.page_number == 3


def test_empty_pages_with_next_tokens_stop_the_walk() -> None:
    def page(number: int) -> object:
        return {"data": [], "pagination": {"next": f"t{number}"}}

    received, error, requests = walk(pages(page))
    assert received == []
    assert requests == 5
    assert str(error) == (
        f"the server returned 5 empty pages in a row, each with a next token, up to page 5 of "
        f"index {INDEX!r}; stopping the walk"
    )


def test_a_token_with_a_lone_surrogate_from_the_server_stops_the_walk() -> None:
    def handler(conn: Conn, head: bytes, number: int) -> bool:
        body = b'{"data": [], "pagination": {"next": "ab\\ud800cd"}}'
        conn.send(_raw(body))
        return True

    _, error, requests = walk(handler)
    assert requests == 1
    assert str(error) == (
        f"the server returned on page 1 of index {INDEX!r} a pagination token that cannot be "
        "sent: it holds a lone surrogate character, which cannot be sent as UTF-8; stopping "
        "the walk (the backups received so far were delivered)"
    )


def _raw(body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def test_a_token_as_long_as_a_url_carries_is_accepted_and_one_more_is_refused() -> None:
    with Client(api_key="k" * 20, base_url="http://127.0.0.1:9") as client:
        longest = "t" * C.MAX_TOKEN_LENGTH
        assert client.iter_backups(INDEX, pagination_token=longest) is not None
        with pytest.raises(InvalidArgumentError) as caught:
            client.list_backups(INDEX, pagination_token=longest + "t")
    assert str(caught.value) == (
        f"pagination_token cannot be sent: it is {C.MAX_TOKEN_LENGTH + 1} characters long once "
        f"URL-encoded, more than a URL can carry (at most {C.MAX_TOKEN_LENGTH})"
    )


def test_a_slash_counts_as_its_three_character_escape() -> None:
    slashes = "/" * (C.MAX_TOKEN_LENGTH // 3 + 1)
    with (
        Client(api_key="k" * 20, base_url="http://127.0.0.1:9") as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.list_backups(INDEX, pagination_token=slashes)
    assert f"it is {3 * len(slashes)} characters long once URL-encoded" in str(caught.value)


@pytest.mark.parametrize("token", ["", 7])
def test_an_empty_or_non_str_token_is_refused_saying_where_tokens_come_from(
    token: object,
) -> None:
    with (
        Client(api_key="k" * 20, base_url="http://127.0.0.1:9") as client,
        pytest.raises(InvalidArgumentError) as caught,
    ):
        client.list_backups(INDEX, pagination_token=token)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "pagination_token must be None or the non-empty string a page's next_token gave"
    )
