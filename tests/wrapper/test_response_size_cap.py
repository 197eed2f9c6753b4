"""max_response_size, in this process: a body just under, at and over the limit.

tests/hostile/test_limits.py bounds the memory of huge bodies in a child
process; these tests read small bodies over loopback HTTP here, so that the
counting itself is checked: a chunked body whose chunk boundaries the test
chooses (the client reads a chunk at a time and h11 never joins two chunks).
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import httpx
import pytest

from pinecone_backups import (
    APITimeoutError,
    Client,
    MalformedResponseError,
    Page,
    _answer,
)
from pinecone_backups._answer import DEADLINE_PASSED, BodyReader

# Not exported by the package (not in pinecone_backups.__all__), though README names it.
from pinecone_backups._exceptions import ResponseTooLargeError
from tests.conftest import fast_backoff
from tests.hostile._servers import Conn, RawServer

LIMIT = 100
"""The max_response_size of these tests, in bytes."""

HOLD = 10.0
"""Seconds a server waits at most for the client to hang up mid-body."""


def json_of_size(size: int) -> bytes:
    """``{"data": []   }``: a valid page of exactly ``size`` bytes; any cut of it is not JSON."""
    head, tail = b'{"data": []', b"}"
    return head + b" " * (size - len(head) - len(tail)) + tail


def split(body: bytes, sizes: list[int]) -> list[bytes]:
    assert sum(sizes) == len(body)
    parts, start = [], 0
    for size in sizes:
        parts.append(body[start : start + size])
        start += size
    return parts


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


CHUNKED_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
)


def chunked_server(parts: list[bytes]) -> RawServer:
    """Answers every request with ``parts`` as the chunks of a chunked body."""

    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(CHUNKED_HEAD + b"".join(chunk(part) for part in parts) + b"0\r\n\r\n")
        return True

    return RawServer(answer)


def list_with_limit(base_url: str, timeout: float = 5.0) -> Page:
    with Client(
        api_key="k",
        base_url=base_url,
        max_response_size=LIMIT,
        max_retries=0,
        backoff=fast_backoff(),
        timeout=timeout,
    ) as client:
        return client.list_backups("idx")


TOO_LARGE = (
    "HTTP 200 list_backups: the body is larger than max_response_size (100 bytes, counted "
    "after decompression); reading stopped there"
)


@pytest.mark.parametrize(
    "sizes",
    [[100], [40, 30, 30], [40, 60], [99, 1]],
    ids=["one-chunk", "three-chunks", "two-chunks", "last-byte-alone"],
)
def test_a_body_of_exactly_max_response_size_is_read_whole(sizes: list[int]) -> None:
    body = json_of_size(LIMIT)
    with chunked_server(split(body, sizes)) as server:
        page = list_with_limit(server.base_url)

    assert list(page) == []


@pytest.mark.parametrize("sizes", [[99], [40, 30, 29]], ids=["one-chunk", "three-chunks"])
def test_a_body_one_byte_under_max_response_size_is_read_whole(sizes: list[int]) -> None:
    body = json_of_size(LIMIT - 1)
    with chunked_server(split(body, sizes)) as server:
        page = list_with_limit(server.base_url)

    assert list(page) == []


@pytest.mark.parametrize(
    "sizes",
    [[101], [40, 30, 31], [40, 30, 40], [60, 60], [100, 1], [1, 1, 99]],
    ids=["one-chunk", "over-by-one", "three-chunks", "two-chunks", "one-byte-past", "late"],
)
def test_a_body_past_max_response_size_keeps_exactly_the_limit_and_says_so(
    sizes: list[int],
) -> None:
    body = json_of_size(sum(sizes))
    with (
        chunked_server(split(body, sizes)) as server,
        pytest.raises(ResponseTooLargeError) as caught,
    ):
        list_with_limit(server.base_url)

    error = caught.value
    assert type(error) is ResponseTooLargeError
    assert str(error) == TOO_LARGE
    assert error.body == body[:LIMIT]
    assert len(error.body) == LIMIT
    assert error.status_code == 200


def test_reading_stops_at_the_first_chunk_past_the_limit_without_waiting_for_the_rest() -> None:
    """The server sends one chunk past the limit and then nothing: the client hangs up."""
    hung_up: list[bool] = []

    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(CHUNKED_HEAD + chunk(json_of_size(LIMIT + 50)))
        conn.sock.settimeout(0.1)
        ends = time.monotonic() + HOLD
        while time.monotonic() < ends and not conn.server.closed:
            try:
                if conn.sock.recv(1024) == b"":
                    hung_up.append(True)
                    break
            except TimeoutError:
                continue
            except OSError:
                hung_up.append(True)
                break
        return False

    with RawServer(answer) as server:
        # Waiting for the rest would end in a timeout after 2 s, not in this error.
        with pytest.raises(ResponseTooLargeError) as caught:
            list_with_limit(server.base_url, timeout=2.0)
        ends = time.monotonic() + HOLD
        while not hung_up and time.monotonic() < ends:
            time.sleep(0.01)

    assert str(caught.value) == TOO_LARGE
    assert caught.value.body == json_of_size(LIMIT + 50)[:LIMIT]
    assert hung_up == [True]


def test_a_cut_body_is_never_parsed_as_if_whole() -> None:
    """The first LIMIT bytes of this body are valid JSON on their own: still too large."""
    body = json_of_size(LIMIT) + b"   "
    with chunked_server([body]) as server, pytest.raises(MalformedResponseError) as caught:
        list_with_limit(server.base_url)

    assert type(caught.value) is ResponseTooLargeError
    assert str(caught.value) == TOO_LARGE


def test_a_body_still_arriving_at_the_attempts_deadline_is_a_timeout_naming_its_request() -> None:
    """A transport of your own is held to the deadline too, chunk by chunk."""

    def slow_body() -> object:
        yield b'{"data": '
        time.sleep(0.5)  # well past the attempt's 0.1 s deadline
        yield b"[]}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=slow_body())  # type: ignore[arg-type]

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with (
        http,
        Client(
            api_key="k",
            base_url="https://api.example.test",
            http_client=http,
            timeout=0.1,
            max_retries=0,
        ) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.describe_backup("bk-1")

    assert str(caught.value) == "GET /backups/bk-1 timed out: the attempt's deadline passed"
    cause = caught.value.__cause__
    assert isinstance(cause, httpx.ReadTimeout)
    assert cause.args == (DEADLINE_PASSED,)
    assert str(cause.request.url) == "https://api.example.test/backups/bk-1"


def fake_clock(monkeypatch: pytest.MonkeyPatch, now: float) -> None:
    monkeypatch.setattr(_answer, "time", SimpleNamespace(monotonic=lambda: now))


def test_a_chunk_read_at_the_deadlines_very_instant_is_too_late(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As in the network streams (no time left is a passed deadline)."""
    request = httpx.Request("GET", "https://api.example.test/backups/bk-1")
    reader = BodyReader(request, LIMIT, deadline=1000.0)
    fake_clock(monkeypatch, 999.5)
    assert reader.add(b"a") is True
    fake_clock(monkeypatch, 1000.0)

    with pytest.raises(httpx.ReadTimeout) as caught:
        reader.add(b"b")

    assert caught.value.args == (DEADLINE_PASSED,)
    assert caught.value.request is request


def test_the_body_reader_counts_every_chunk_it_keeps() -> None:
    request = httpx.Request("GET", "https://api.example.test/backups")
    reader = BodyReader(request, 10, deadline=None)

    assert [reader.add(part) for part in (b"abcd", b"efg", b"hi")] == [True, True, True]
    assert reader.complete is True
    assert reader.add(b"jk") is False
    assert reader.complete is False
    answer = reader.answer(httpx.Response(200, request=request))
    assert answer.content == b"abcdefghij"
    assert answer.complete is False
