"""Statuses become exception classes and messages exactly, whatever the server sends.

Raw answers (``tests/hostile/_servers.py``): a status, a reason phrase, headers
and a body chosen byte by byte. ``error_from_response`` is the one place a
status becomes a class; ``APIStatusError`` composes the message.
"""

from __future__ import annotations

import pytest

from pinecone_backups import (
    APIStatusError,
    Client,
    MalformedResponseError,
    NotFoundError,
    ServerError,
    UnexpectedStatusError,
)
from tests.hostile._servers import Conn, RawServer, json_response, response

KEY = "pcsk_" + "Mapping7Qx2" * 5
"""A long key, so that redaction applies inside longer text."""


def answer_with(raw: bytes) -> BaseException:
    def handler(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(raw)
        return False

    with (
        RawServer(handler) as server,
        Client(api_key=KEY, base_url=server.base_url, max_retries=0) as client,
    ):
        try:
            client.describe_backup("bk-1")
        except Exception as exc:  # checked by the caller
            return exc
    raise AssertionError("the call succeeded")


@pytest.mark.parametrize(
    ("status", "cls"),
    [(500, ServerError), (599, ServerError), (600, UnexpectedStatusError)],
)
def test_only_5xx_statuses_are_server_errors(status: int, cls: type[APIStatusError]) -> None:
    error = answer_with(
        response(status, b"down", reason="X", headers={"Content-Type": "text/plain"})
    )
    assert type(error) is cls
    assert str(error) == f"HTTP {status}: down"


@pytest.mark.parametrize("status", [300, 399])
def test_a_3xx_answer_says_where_it_redirects_and_that_it_was_not_followed(status: int) -> None:
    error = answer_with(response(status, b"moved", headers={"Location": "https://elsewhere/x"}))
    assert type(error) is UnexpectedStatusError
    assert str(error) == f"HTTP {status}: redirect to https://elsewhere/x not followed"


def test_a_redirect_without_a_location_says_so() -> None:
    error = answer_with(response(302, b""))
    assert str(error) == "HTTP 302: redirect to ? not followed"


def test_an_unmapped_4xx_quotes_its_body_not_a_redirect() -> None:
    error = answer_with(response(418, b"short and stout", headers={"Content-Type": "text/plain"}))
    assert type(error) is UnexpectedStatusError
    assert str(error) == "HTTP 418: short and stout"


def test_a_long_error_code_is_cut_after_the_key_is_redacted() -> None:
    # The key straddles the 200-character cut: redacted first, it cannot leave a part behind.
    code = "E" * 190 + KEY
    error = answer_with(
        json_response({"error": {"code": code, "message": "m"}, "status": 404}, status=404)
    )
    assert isinstance(error, NotFoundError)
    assert error.code == "E" * 190 + "***"
    assert KEY[:10] not in str(error)


def test_a_malformed_answers_request_id_is_redacted_before_it_is_cut() -> None:
    request_id = "r" * 190 + KEY
    error = answer_with(response(200, b"not json", headers={"x-request-id": request_id}))
    assert isinstance(error, MalformedResponseError)
    assert error.request_id == "r" * 190 + "***"
    assert KEY[:10] not in str(error)


# --- the message, composed by the class (users build these in their own tests too) ------


def test_a_status_error_message_is_the_status_code_and_message() -> None:
    error = NotFoundError(
        status_code=404, code=None, message="m", request_id=None, attempts=1, body=b""
    )
    assert str(error) == "HTTP 404: m"


def test_a_status_error_without_a_message_is_its_status_and_code() -> None:
    error = NotFoundError(
        status_code=404, code="NOT_FOUND", message="", request_id=None, attempts=1, body=b""
    )
    assert str(error) == "HTTP 404 NOT_FOUND"
    bare = NotFoundError(
        status_code=404, code=None, message="", request_id=None, attempts=1, body=b""
    )
    assert str(bare) == "HTTP 404"


def test_a_status_error_message_adds_request_id_attempts_and_note_in_order() -> None:
    error = ServerError(
        status_code=503,
        code="UNAVAILABLE",
        message="busy",
        request_id="req-9",
        attempts=3,
        body=b"",
        note="retries exhausted",
    )
    assert str(error) == (
        "HTTP 503 UNAVAILABLE: busy [request id req-9] (after 3 attempts); retries exhausted"
    )
