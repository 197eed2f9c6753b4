"""The key never shows, whatever a server echoes, and redaction never mangles ordinary text.

Every route a server can echo the key through is tried with DEBUG on for
every logger (the SDK's, httpx's, httpcore's, the root): the key must be
absent, exactly, from ``str``, ``repr`` and the formatted traceback of the
error (chained causes included), from every log record, and from the CLI's
stdout and stderr.
"""

from __future__ import annotations

import io
import json
import logging
import traceback
from collections.abc import Callable

import pytest

from pinecone_backups import (
    APIConnectionError,
    APIStatusError,
    Client,
    PineconeBackupsError,
)
from pinecone_backups._cli import main
from tests.hostile._servers import (
    Conn,
    RawServer,
    backup,
    closed_port,
    json_response,
    response,
    target_of,
)
from tests.hostile.conftest import KEY, Records


def error_code_echo(conn: Conn, head: bytes, number: int) -> bool:
    body = {"status": 400, "error": {"code": KEY, "message": f"bad key {KEY}"}}
    conn.send(json_response(body, 400, reason="Bad Request"))
    return True


def reason_phrase_echo(conn: Conn, head: bytes, number: int) -> bool:
    conn.send(response(400, b"", reason=KEY))
    return True


def request_id_echo(conn: Conn, head: bytes, number: int) -> bool:
    headers = {"x-pinecone-request-id": KEY, "x-request-id": KEY}
    conn.send(json_response({"status": 404}, 404, reason="Not Found", headers=headers))
    return True


def status_line_echo(conn: Conn, head: bytes, number: int) -> bool:
    conn.send(f"HTTP/1.1 2OO {KEY}\r\n\r\n".encode())  # h11 quotes a bad status line
    return False


def token_then_hang_up(conn: Conn, head: bytes, number: int) -> bool:
    """A page whose next token holds the key; the request carrying it is cut off."""
    if "paginationToken=" in target_of(head):
        return False  # closed without an answer: an APIConnectionError naming the request
    listing = {"data": [backup("bk-1")], "pagination": {"next": f"tok-{KEY}"}}
    conn.send(json_response(listing, headers={"x-request-id": KEY}))
    return True


def token_then_busy(conn: Conn, head: bytes, number: int) -> bool:
    """A page whose next token holds the key; the request carrying it gets a 503."""
    if "paginationToken=" in target_of(head):
        conn.send(response(503, b"", reason="Busy"))
        return True
    return token_then_hang_up(conn, head, number)


ROUTES: dict[str, tuple[Callable[[Conn, bytes, int], bool], type[PineconeBackupsError]]] = {
    "error code": (error_code_echo, APIStatusError),
    "reason phrase": (reason_phrase_echo, APIStatusError),
    "request-id header": (request_id_echo, APIStatusError),
    "status line": (status_line_echo, APIConnectionError),
    "next token in the URL": (token_then_hang_up, APIConnectionError),
}


def everything_shown(error: BaseException) -> str:
    return "\n".join([str(error), repr(error), *traceback.format_exception(error)])


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_echoed_key_appears_in_no_error_and_no_log_record(route: str, all_logs: Records) -> None:
    handler, expected = ROUTES[route]
    with (
        RawServer(handler) as server,
        Client(api_key=KEY, base_url=server.base_url, max_retries=1) as client,
        pytest.raises(expected) as caught,
    ):
        list(client.iter_backups("docs-example"))
    assert KEY not in everything_shown(caught.value)
    assert all_logs.lines  # DEBUG really was on: httpx's and httpcore's records are here
    assert any(line.startswith("httpcore.") for line in all_logs.lines)
    leaks = [line for line in all_logs.lines if KEY in line]
    assert leaks == []


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_an_echoed_key_appears_nowhere_in_the_cli_output(
    route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, _ = ROUTES[route]
    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    out, err = io.StringIO(), io.StringIO()
    with RawServer(handler) as server:
        for argv in (["list", "docs-example"], ["list", "docs-example", "--all", "--json"]):
            status = main(
                ["-vv", "--base-url", server.base_url, "--max-retries", "0", *argv],
                out=out,
                err=err,
            )
            assert status in (0, 1)
    assert KEY not in out.getvalue()
    assert KEY not in err.getvalue()
    assert "***" in out.getvalue() + err.getvalue()


def test_a_backup_that_echoes_the_key_prints_redacted_json(monkeypatch: pytest.MonkeyPatch) -> None:
    def echo(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(json_response(backup("bk-1", name=KEY, tags={"k": KEY})))
        return True

    monkeypatch.setenv("PINECONE_API_KEY", KEY)
    out, err = io.StringIO(), io.StringIO()
    with RawServer(echo) as server:
        status = main(
            ["--base-url", server.base_url, "describe", "bk-1", "--json"], out=out, err=err
        )
    assert status == 0
    assert KEY not in out.getvalue()
    assert json.loads(out.getvalue())["name"] == "***"  # still valid JSON


def test_the_redaction_filter_is_what_keeps_httpx_records_clean(all_logs: Records) -> None:
    """httpx logs the URL (with the token) at INFO: without the filter this fails."""
    with (
        RawServer(token_then_busy) as server,
        Client(api_key=KEY, base_url=server.base_url, max_retries=0) as client,
        pytest.raises(APIStatusError),
    ):
        list(client.iter_backups("docs-example"))
    httpx_lines = [line for line in all_logs.lines if line.startswith("httpx ")]
    assert any("paginationToken=tok-***" in line for line in httpx_lines), httpx_lines
    assert not any(KEY in line for line in all_logs.lines)


# --- short keys: readable messages -------------------------------------------------------


@pytest.mark.parametrize("key", ["k", "e", "docs"])
def test_a_short_key_leaves_a_connection_error_readable(key: str, all_logs: Records) -> None:
    base_url = closed_port()
    with (
        Client(api_key=key, base_url=base_url, max_retries=0, total_timeout=5) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.list_backups("docs-example")
    message = str(caught.value)
    assert "GET /indexes/docs-example/backups failed to connect" in message
    assert "Connection refused" in message
    assert "***" not in message
    assert not any("***" in line for line in all_logs.lines)


@pytest.mark.parametrize("key", ["k", "e", "docs"])
def test_a_short_key_leaves_a_status_error_readable(key: str) -> None:
    def not_found(conn: Conn, head: bytes, number: int) -> bool:
        body = {
            "status": 404,
            "error": {"code": "NOT_FOUND", "message": "Backup docs-e does not exist"},
        }
        conn.send(json_response(body, 404, reason="Not Found", headers={"x-request-id": "req-key"}))
        return True

    with (
        RawServer(not_found) as server,
        Client(api_key=key, base_url=server.base_url) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        client.describe_backup("docs-e")
    assert str(caught.value) == (
        "HTTP 404 NOT_FOUND: Backup docs-e does not exist [request id req-key]"
    )


@pytest.mark.parametrize("key", ["k", "docs"])
def test_a_short_key_is_still_redacted_where_a_whole_value_equals_it(key: str) -> None:
    def echo(conn: Conn, head: bytes, number: int) -> bool:
        body = {"status": 400, "error": {"code": key, "message": key}}
        conn.send(json_response(body, 400, reason="Bad Request", headers={"x-request-id": key}))
        return True

    with (
        RawServer(echo) as server,
        Client(api_key=key, base_url=server.base_url) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        client.describe_backup("bk-1")
    assert str(caught.value) == "HTTP 400 ***: *** [request id ***]"
    assert caught.value.code == "***"


def test_the_cli_keeps_a_short_key_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "e")
    out, err = io.StringIO(), io.StringIO()
    status = main(
        ["--base-url", closed_port(), "--max-retries", "0", "list", "docs-example"],
        out=out,
        err=err,
    )
    assert status == 1
    assert "GET /indexes/docs-example/backups failed to connect" in err.getvalue()
    assert "***" not in err.getvalue()


def test_logging_is_left_as_found() -> None:
    """The suite's fixture restores levels; the SDK adds filters, never handlers."""
    for name in ("httpx", "httpcore.http11", "pinecone_backups"):
        assert logging.getLogger(name).handlers == []
