"""Connection, timeout and decoding failures, word for word: attempts counted, a refused retry said.

The message is ``{target} {what}: {detail}``, then `` (after N attempts)``
when there was more than one, then ``; {note}`` when a retry was not started
because its wait did not fit the call's budget.
"""

from __future__ import annotations

import time

import pytest

import pinecone_backups._base as base_module
from pinecone_backups import APIConnectionError, APITimeoutError, Backoff, Client
from tests.hostile._servers import Conn, RawServer, closed_port, response


@pytest.fixture
def no_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base_module.random, "uniform", lambda low, high: high)


def describe(base_url: str, **options: object) -> APIConnectionError:
    with (
        Client(api_key="k" * 20, base_url=base_url, **options) as client,  # type: ignore[arg-type]
        pytest.raises(APIConnectionError) as caught,
    ):
        client.describe_backup("bk-1")
    return caught.value


def test_one_refused_attempt_is_not_counted_in_the_message() -> None:
    error = describe(closed_port(), max_retries=0)
    assert type(error) is APIConnectionError
    assert error.attempts == 1
    assert str(error).startswith("GET /backups/bk-1 failed to connect or was cut off: ")
    assert "attempts" not in str(error)
    assert ";" not in str(error)


def test_three_refused_attempts_are_counted_at_the_end() -> None:
    backoff = Backoff(initial=0.001, maximum=0.001)
    # total_timeout: a retry loop that miscounts ends in seconds, not at the 120 s default.
    error = describe(closed_port(), max_retries=2, backoff=backoff, total_timeout=5)
    assert error.attempts == 3
    assert str(error).startswith("GET /backups/bk-1 failed to connect or was cut off: ")
    assert str(error).endswith(" (after 3 attempts)")


def test_a_refused_connection_whose_retry_does_not_fit_says_so(no_jitter: None) -> None:
    backoff = Backoff(initial=50, maximum=50)
    error = describe(closed_port(), max_retries=2, backoff=backoff, total_timeout=5)
    assert str(error).startswith("GET /backups/bk-1 failed to connect or was cut off: ")
    message, _, note = str(error).partition("; not retried")
    assert "attempts" not in message
    assert ("not retried" + note).startswith("not retried: the backoff wait of 50 s does not fit")
    assert note.endswith("of the call's total_timeout of 5 s")


def test_a_timeout_whose_retry_does_not_fit_says_so(no_jitter: None) -> None:
    def silent(conn: Conn, head: bytes, number: int) -> bool:
        time.sleep(2)
        return False

    with RawServer(silent) as server:
        error = describe(
            server.base_url,
            max_retries=2,
            timeout=0.2,
            backoff=Backoff(initial=50, maximum=50),
            total_timeout=5,
        )
    assert type(error) is APITimeoutError
    assert str(error).startswith("GET /backups/bk-1 timed out: ")
    assert "; not retried: the backoff wait of 50 s does not fit" in str(error)
    assert str(error).endswith("of the call's total_timeout of 5 s")


def test_an_undecodable_body_is_not_retried_and_says_so() -> None:
    def bad_gzip(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, b"not gzip at all", headers={"Content-Encoding": "gzip"}))
        return True

    with RawServer(bad_gzip) as server:
        error = describe(server.base_url, max_retries=2)
    assert len(server.requests) == 1
    assert type(error) is APIConnectionError
    assert str(error) == (
        "GET /backups/bk-1: the response body could not be decoded: Error -3 while "
        "decompressing data: incorrect header check"
    )


def test_the_error_made_directly_is_one_attempt_without_a_note() -> None:
    error = APIConnectionError("boom")
    assert error.attempts == 1
    assert str(error) == "boom"
    assert str(APIConnectionError("boom", attempts=2, note="why")) == "boom (after 2 attempts); why"
