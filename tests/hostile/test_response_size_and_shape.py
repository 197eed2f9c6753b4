"""max_response_size at its edge, counted across chunks, in this process; bodies the SDK refuses.

tests/hostile/test_limits.py measures memory in a child process; these check
the same cap's arithmetic where the test can see it: a chunked body of three
equal chunks against a limit of exactly its size (read whole) and one inside
the third chunk (refused, exactly the limit kept).
"""

from __future__ import annotations

import json

import pytest

from pinecone_backups import Client, MalformedResponseError, ResponseTooLargeError
from tests.hostile._servers import Conn, RawServer, backup, response

CHUNKS = 3
CHUNK = len(json.dumps(backup("bk-1"))) // CHUNKS + 1
CUT = 2 * CHUNK + CHUNK // 2
"""A limit inside the third chunk."""


def backup_body() -> bytes:
    """bk-1 as JSON, padded with spaces to exactly CHUNKS * CHUNK bytes."""
    return json.dumps(backup("bk-1")).ljust(CHUNKS * CHUNK).encode()


def chunked(conn: Conn, head: bytes, number: int) -> bool:
    body = backup_body()
    conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    for start in range(0, len(body), CHUNK):
        conn.send(b"%x\r\n%s\r\n" % (CHUNK, body[start : start + CHUNK]))
    conn.send(b"0\r\n\r\n")
    return True


def describe(handler: object, **options: object) -> object:
    with (
        RawServer(handler) as server,  # type: ignore[arg-type]
        Client(api_key="k" * 20, base_url=server.base_url, max_retries=0, **options) as c,  # type: ignore[arg-type]
    ):
        try:
            return c.describe_backup("bk-1")
        except MalformedResponseError as exc:
            return exc


def test_a_body_exactly_as_large_as_the_limit_is_read_whole() -> None:
    result = describe(chunked, max_response_size=CHUNKS * CHUNK)
    assert not isinstance(result, Exception), result
    assert result.backup_id == "bk-1"  # type: ignore[attr-defined]


def test_a_body_past_the_limit_is_refused_keeping_exactly_the_limit() -> None:
    error = describe(chunked, max_response_size=CUT)
    assert type(error) is ResponseTooLargeError
    assert str(error) == (
        f"HTTP 200 describe_backup: the body is larger than max_response_size ({CUT} bytes, "
        "counted after decompression); reading stopped there"
    )
    assert error.body == backup_body()[:CUT]
    assert error.status_code == 200


def test_reading_stops_at_the_limit_however_much_more_the_server_sends() -> None:
    total = 64 * 1024 * 1024
    sent: list[int] = []

    def endless(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, b"", content_length=total))
        block = b" " * 65536
        count = 0
        while count < total and conn.send(block):
            count += len(block)
        sent.append(count)
        return False

    error = describe(endless, max_response_size=1000)
    assert type(error) is ResponseTooLargeError
    assert len(error.body) == 1000
    assert len(sent) == 1
    assert sent[0] < total  # the client hung up: the rest was never read


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"<html>nope</html>",
            "HTTP 200 describe_backup: the body is not JSON: '<html>nope</html>'",
        ),
        (
            json.dumps({"backup_id": 5}).encode(),
            "HTTP 200 describe_backup: ",
        ),
    ],
)
def test_a_describe_answer_that_is_not_a_backup_names_the_operation(
    body: bytes, message: str
) -> None:
    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, body))
        return True

    error = describe(answer)
    assert type(error) is MalformedResponseError
    assert str(error).startswith(message), str(error)
    assert error.body == body


def test_a_listing_whose_next_token_is_not_a_string_is_refused_word_for_word() -> None:
    def answer(conn: Conn, head: bytes, number: int) -> bool:
        listing = {"data": [backup("bk-1")], "pagination": {"next": 5}}
        conn.send(response(200, json.dumps(listing).encode()))
        return True

    with (
        RawServer(answer) as server,
        Client(api_key="k" * 20, base_url=server.base_url, max_retries=0) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.list_backups("docs-example")
    assert str(caught.value) == (
        "HTTP 200 list_backups: 'pagination' must be null or an object whose 'next' is a string"
    )


def test_a_listing_that_is_not_json_names_list_backups() -> None:
    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, b"oops"))
        return True

    with (
        RawServer(answer) as server,
        Client(api_key="k" * 20, base_url=server.base_url, max_retries=0) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.list_backups("docs-example")
    assert str(caught.value) == "HTTP 200 list_backups: the body is not JSON: 'oops'"
