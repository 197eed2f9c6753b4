"""What the fake sends on the wire: header names, values and order, and when it closes."""

from __future__ import annotations

import re
import uuid

import pytest

from pinecone_backups.testing import FakePinecone, Fault
from tests.testing.wire import closed_by_server, connect, exchange, read_answer, request

LIST = "/indexes/idx/backups"
DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")


def test_an_answer_sends_date_server_request_id_type_and_length_in_order(
    fake: FakePinecone,
) -> None:
    fake.add_index("idx")
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 200 OK"
    assert answer.names == [
        "Date",
        "Server",
        "x-pinecone-request-id",
        "Content-Type",
        "Content-Length",
    ]
    assert DATE.fullmatch(answer.header("Date") or "")
    assert answer.header("Server") == "FakePinecone/1.0"
    request_id = answer.header("x-pinecone-request-id") or ""
    assert str(uuid.UUID(request_id)) == request_id
    assert uuid.UUID(request_id).version == 4
    assert answer.header("Content-Type") == "application/json"
    assert answer.body == b'{"data":[],"pagination":null}'
    assert answer.header("Content-Length") == "29"


def test_fault_headers_replace_defaults_whatever_their_case(fake: FakePinecone) -> None:
    fake.inject(
        Fault(
            status=503,
            body=b"{}",
            headers={
                "server": "nginx",
                "DATE": "yesterday",
                "X-Pinecone-Request-Id": "fixed",
                "content-type": "text/x",
                "content-length": "999",
                "X-Extra": "1",
            },
        )
    )
    answer = exchange(fake, request("GET", LIST))
    assert answer.headers == [
        ("server", "nginx"),
        ("DATE", "yesterday"),
        ("X-Pinecone-Request-Id", "fixed"),
        ("content-type", "text/x"),
        ("X-Extra", "1"),
        ("Content-Length", "2"),
    ]
    assert answer.body == b"{}"


def test_a_fault_header_overrides_its_own_retry_after(fake: FakePinecone) -> None:
    fake.inject(Fault(status=429, retry_after="1", headers={"retry-after": "9"}))
    fake.inject(Fault(status=429, retry_after="Wed, 21 Oct 2015 07:28:00 GMT"))
    first = exchange(fake, request("GET", LIST))
    second = exchange(fake, request("GET", LIST))
    retry_after = [(n, v) for n, v in first.headers if n.lower() == "retry-after"]
    assert retry_after == [("retry-after", "9")]
    assert ("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT") in second.headers


def test_an_empty_content_type_sends_none(fake: FakePinecone) -> None:
    fake.inject(Fault(body="text", content_type=""))
    answer = exchange(fake, request("GET", LIST))
    assert answer.names == ["Date", "Server", "x-pinecone-request-id", "Content-Length"]
    assert answer.body == b"text"


def test_a_status_200_fault_with_a_body_answers_it_instead_of_the_normal_one(
    fake: FakePinecone,
) -> None:
    fake.add_index("idx")
    fake.inject(Fault(body={"k": None}))
    answer = exchange(fake, request("GET", LIST))
    assert (answer.status_line, answer.body) == ("HTTP/1.1 200 OK", b'{"k":null}')


@pytest.mark.parametrize("truncate", [3, 10])
def test_a_truncation_at_or_past_the_end_sends_everything_and_keeps_the_connection(
    fake: FakePinecone, truncate: int
) -> None:
    fake.add_index("idx")
    fake.inject(Fault(body=b"abc", truncate=truncate))
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST))
        first = read_answer(sock)
        sock.sendall(request("GET", LIST))
        second = read_answer(sock)
    assert (first.body, first.complete, first.header("Connection")) == (b"abc", True, None)
    assert second.status_line == "HTTP/1.1 200 OK"
    assert fake.connections_opened == 1


def test_a_truncation_one_short_sends_all_but_the_last_byte_and_closes(
    fake: FakePinecone,
) -> None:
    fake.inject(Fault(body=b"abc", truncate=2))
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST))
        answer = read_answer(sock)
        assert closed_by_server(sock)
    assert (answer.body, answer.header("Content-Length")) == (b"ab", "3")
    assert answer.header("Connection") == "close"


def test_a_client_asking_to_close_gets_connection_close_and_a_close(
    fake: FakePinecone,
) -> None:
    fake.add_index("idx")
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST, headers={"Connection": "close"}))
        answer = read_answer(sock)
        assert closed_by_server(sock)
    assert answer.status_line == "HTTP/1.1 200 OK"
    assert answer.names[-1] == "Connection"
    assert answer.header("Connection") == "close"


@pytest.mark.parametrize(
    "headers",
    [
        {"Transfer-Encoding": "chunked"},
        {"Transfer-Encoding": "gzip, Chunked"},
        {"Content-Length": "ten"},
    ],
    ids=["chunked", "chunked-in-a-list", "bad-length"],
)
def test_a_request_body_of_unknown_length_is_answered_then_the_connection_closed(
    fake: FakePinecone, headers: dict[str, str]
) -> None:
    with connect(fake) as sock:
        sock.sendall(request("POST", LIST, headers=headers))
        answer = read_answer(sock)
        assert closed_by_server(sock)
    assert answer.status_line == "HTTP/1.1 404 Not Found"
    assert answer.header("Connection") == "close"


@pytest.mark.parametrize("size", [1, 2, 70_000])
def test_a_request_body_is_read_whole_so_the_next_request_is_understood(
    fake: FakePinecone, size: int
) -> None:
    fake.add_index("idx")
    with connect(fake) as sock:
        sock.sendall(request("POST", LIST, body=b"G" * size))
        first = read_answer(sock)
        sock.sendall(request("GET", LIST))
        second = read_answer(sock)
    assert first.status_line == "HTTP/1.1 404 Not Found"
    assert first.header("Connection") is None
    assert (second.status_line, second.body) == (
        "HTTP/1.1 200 OK",
        b'{"data":[],"pagination":null}',
    )
    assert [r.method for r in fake.requests] == ["POST", "GET"]


def test_head_sends_the_head_of_the_answer_without_its_body(fake: FakePinecone) -> None:
    fake.add_index("idx")
    with connect(fake) as sock:
        sock.sendall(request("HEAD", LIST))
        head = read_answer(sock, head_only=True)
        sock.sendall(request("GET", LIST))
        answer = read_answer(sock)
    # HEAD is not a route of the API: the head is that of its 404.
    assert head.status_line == "HTTP/1.1 404 Not Found"
    not_found = b'{"status":404,"error":{"code":"NOT_FOUND","message":"Not found: HEAD ' + (
        LIST.encode() + b'"}}'
    )
    assert head.header("Content-Length") == str(len(not_found))
    assert answer.body == b'{"data":[],"pagination":null}'


def test_a_repeated_request_header_is_recorded_with_its_last_value(fake: FakePinecone) -> None:
    data = request("GET", LIST).replace(b"\r\n\r\n", b"\r\nX-Tag: one\r\nx-tag: two\r\n\r\n")
    exchange(fake, data)
    (recorded,) = fake.requests
    assert recorded.headers["x-tag"] == "two"
    assert recorded.headers["host"] == "fake"
    assert recorded.connection_id == 1
