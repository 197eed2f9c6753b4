"""Each ready-made Fault answers with exact bytes, and passes its times and path_prefix on."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from pinecone_backups.testing import FakePinecone, Fault
from tests.testing.wire import closed_by_server, connect, exchange, read_answer, request

BACKUP = "/backups/b-1"
LIST = "/indexes/idx/backups"

# Every factory that changes what a request gets back (slow only delays it),
# built with its defaults apart from the arguments it requires.
FACTORIES: dict[str, Callable[..., Fault]] = {
    "rate_limited": Fault.rate_limited,
    "server_error": Fault.server_error,
    "html": Fault.html,
    "empty": Fault.empty,
    "truncated_json": Fault.truncated_json,
    "plain_text_401": Fault.plain_text_401,
    "dropped": Fault.dropped,
    "redirect": lambda **kwargs: Fault.redirect("http://elsewhere.example/", **kwargs),
    "json": lambda **kwargs: Fault.json({"data": "nope"}, **kwargs),
}


def is_normal(http: httpx.Client, path: str, expected: object) -> bool:
    """Whether ``path`` got its normal answer (a fault gives another or none)."""
    try:
        response = http.get(path)
    except httpx.TransportError:
        return False
    return response.status_code == 200 and response.content != b"" and response.json() == expected


@pytest.fixture
def backup(fake: FakePinecone) -> dict[str, object]:
    return fake.add_backup("idx", backup_id="b-1")


@pytest.mark.parametrize("name", FACTORIES)
def test_a_factory_fault_answers_one_request_by_default(
    name: str, fake: FakePinecone, client: httpx.Client, backup: dict[str, object]
) -> None:
    fake.inject(FACTORIES[name]())
    assert [is_normal(client, BACKUP, backup) for _ in range(3)] == [False, True, True]


@pytest.mark.parametrize("name", FACTORIES)
def test_a_factory_fault_answers_as_many_requests_as_times(
    name: str, fake: FakePinecone, client: httpx.Client, backup: dict[str, object]
) -> None:
    fake.inject(FACTORIES[name](times=2))
    assert [is_normal(client, BACKUP, backup) for _ in range(4)] == [False, False, True, True]


@pytest.mark.parametrize("name", FACTORIES)
def test_a_factory_fault_answers_only_paths_under_its_prefix(
    name: str, fake: FakePinecone, client: httpx.Client, backup: dict[str, object]
) -> None:
    fake.inject(FACTORIES[name](path_prefix="/backups/"))
    listing = {"data": [backup], "pagination": None}
    assert is_normal(client, LIST, listing)
    assert not is_normal(client, BACKUP, backup)
    assert is_normal(client, BACKUP, backup)


def test_slow_passes_times_and_path_prefix_on() -> None:
    fault = Fault.slow(0.5, times=3, path_prefix="/backups/")
    assert (fault.delay, fault.times, fault.path_prefix) == (0.5, 3, "/backups/")
    assert (Fault.slow(0.1).times, Fault.slow(0.1).path_prefix) == (1, None)


# -- the exact answers -------------------------------------------------------------


def test_html_sends_an_nginx_error_page_byte_for_byte(fake: FakePinecone) -> None:
    fake.inject(Fault.html(504))
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 504 Gateway Timeout"
    assert answer.header("Content-Type") == "text/html; charset=utf-8"
    assert answer.body == (
        b"<html>\r\n<head><title>504 Gateway Timeout</title></head>\r\n<body>\r\n"
        b"<center><h1>504 Gateway Timeout</h1></center>\r\n"
        b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    assert answer.header("Content-Length") == str(len(answer.body))


def test_html_defaults_to_502_bad_gateway(fake: FakePinecone) -> None:
    fake.inject(Fault.html())
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 502 Bad Gateway"
    assert b"<title>502 Bad Gateway</title>" in answer.body


def test_empty_sends_no_body_claiming_json(fake: FakePinecone) -> None:
    fake.inject(Fault.empty(503))
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 503 Service Unavailable"
    assert (answer.header("Content-Type"), answer.header("Content-Length")) == (
        "application/json",
        "0",
    )
    assert answer.body == b""


@pytest.mark.parametrize(("keep", "expected_kept"), [(None, 16), (5, 5), (0, 0)])
def test_truncated_json_sends_the_first_bytes_of_the_normal_200_then_closes(
    fake: FakePinecone, backup: dict[str, object], keep: int | None, expected_kept: int
) -> None:
    normal = exchange(fake, request("GET", BACKUP))
    assert normal.status_line == "HTTP/1.1 200 OK"
    assert len(normal.body) > 16
    fake.inject(Fault.truncated_json() if keep is None else Fault.truncated_json(keep))
    with connect(fake) as sock:
        sock.sendall(request("GET", BACKUP))
        answer = read_answer(sock)
        assert closed_by_server(sock)
    assert answer.status_line == "HTTP/1.1 200 OK"
    assert answer.header("Content-Length") == str(len(normal.body))
    assert answer.header("Connection") == "close"
    assert answer.body == normal.body[:expected_kept]
    assert not answer.complete


def test_plain_text_401_sends_the_text_as_text_plain(fake: FakePinecone) -> None:
    fake.inject(Fault.plain_text_401())
    fake.inject(Fault.plain_text_401("Key expired"))
    first = exchange(fake, request("GET", LIST))
    second = exchange(fake, request("GET", LIST))
    for answer in (first, second):
        assert answer.status_line == "HTTP/1.1 401 Unauthorized"
        assert answer.header("Content-Type") == "text/plain; charset=utf-8"
    assert (first.body, second.body) == (b"Invalid API Key", b"Key expired")


def test_dropped_closes_the_connection_sending_nothing(fake: FakePinecone) -> None:
    fake.inject(Fault.dropped())
    with connect(fake) as sock:
        sock.sendall(request("GET", LIST))
        assert closed_by_server(sock)
    assert len(fake.requests) == 1


@pytest.mark.parametrize(("status", "line"), [(None, "302 Found"), (301, "301 Moved Permanently")])
def test_redirect_sends_a_location_header_and_no_body(
    fake: FakePinecone, status: int | None, line: str
) -> None:
    target = "https://elsewhere.example/v2?x=1"
    fake.inject(Fault.redirect(target) if status is None else Fault.redirect(target, status))
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == f"HTTP/1.1 {line}"
    assert ("Location", target) in answer.headers  # the name as servers spell it
    assert answer.header("Location") == target
    assert (answer.body, answer.header("Content-Length")) == (b"", "0")


def test_json_sends_the_value_json_encoded(fake: FakePinecone) -> None:
    fake.inject(Fault.json({"data": [1, "a"]}))
    fake.inject(Fault.json(None, 500))
    first = exchange(fake, request("GET", LIST))
    second = exchange(fake, request("GET", LIST))
    assert (first.status_line, first.body) == ("HTTP/1.1 200 OK", b'{"data": [1, "a"]}')
    assert (second.status_line, second.body) == ("HTTP/1.1 500 Internal Server Error", b"null")
    assert first.header("Content-Type") == second.header("Content-Type") == "application/json"


def test_rate_limited_sends_retry_after_and_a_resource_exhausted_body(
    fake: FakePinecone,
) -> None:
    fake.inject(Fault.rate_limited("7"))
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 429 Too Many Requests"
    assert ("Retry-After", "7") in answer.headers
    assert answer.body == (
        b'{"status":429,"error":{"code":"RESOURCE_EXHAUSTED",'
        b'"message":"429 Too Many Requests (injected fault)"}}'
    )


def test_server_error_defaults_to_500_internal(fake: FakePinecone) -> None:
    fake.inject(Fault.server_error())
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == "HTTP/1.1 500 Internal Server Error"
    assert answer.body == (
        b'{"status":500,"error":{"code":"INTERNAL",'
        b'"message":"500 Internal Server Error (injected fault)"}}'
    )
