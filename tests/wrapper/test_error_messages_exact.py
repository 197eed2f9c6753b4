"""Error and warning texts word for word: connection errors, bad tokens, odd fields, non-JSON.

Each client here runs in this process, against a raw loopback server or an
``httpx.MockTransport`` (a transport of your own is held to the same rules).
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable, Iterator

import httpx
import pytest

from pinecone_backups import (
    APIConnectionError,
    APITimeoutError,
    Backoff,
    Client,
    InvalidArgumentError,
    MalformedResponseError,
)
from pinecone_backups._config import MAX_BODY_SNIPPET
from pinecone_backups.testing import FakePinecone
from tests.conftest import fast_backoff
from tests.hostile._servers import Conn, RawServer, response

KEY = "pcsk_" + "7Qx2Lm9Zr4" * 6
"""A key long enough to be redacted wherever it appears."""

BASE_URL = "https://api.example.test"

Handler = Callable[[httpx.Request], httpx.Response]


# --- APIConnectionError as you would build it yourself -------------------------


def test_a_connection_error_built_with_a_message_alone_is_that_message_after_one_attempt() -> None:
    error = APIConnectionError("GET /backups/b failed")

    assert str(error) == "GET /backups/b failed"
    assert error.args == ("GET /backups/b failed",)
    assert error.attempts == 1


@pytest.mark.parametrize(
    ("attempts", "note", "expected"),
    [
        (1, "", "boom"),
        (1, "not retried", "boom; not retried"),
        (2, "", "boom (after 2 attempts)"),
        (3, "not retried", "boom (after 3 attempts); not retried"),
    ],
    ids=["one", "one-with-note", "two", "three-with-note"],
)
@pytest.mark.parametrize("cls", [APIConnectionError, APITimeoutError])
def test_a_connection_errors_message_counts_attempts_past_one_then_adds_its_note(
    cls: type[APIConnectionError], attempts: int, note: str, expected: str
) -> None:
    error = cls("boom", attempts=attempts, note=note)

    assert str(error) == expected
    assert error.attempts == attempts


# --- connection errors raised by the client -----------------------------------


@pytest.fixture
def mock_client() -> Iterator[Callable[..., Client]]:
    """Clients whose transport is ``handler``; all closed afterwards."""
    made: list[tuple[Client, httpx.Client]] = []

    def build(handler: Handler, **options: object) -> Client:
        http = httpx.Client(transport=httpx.MockTransport(handler))
        settings: dict[str, object] = {"backoff": fast_backoff(), "timeout": 5.0}
        settings.update(options)
        client = Client(api_key=KEY, base_url=BASE_URL, http_client=http, **settings)  # type: ignore[arg-type]
        made.append((client, http))
        return client

    yield build
    for client, http in made:
        client.close()
        http.close()


def raising(error: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return handler


def huge_backoff() -> Backoff:
    """A first retry wait that cannot fit in any test's total_timeout (random, up to 10^12 s)."""
    return Backoff(initial=1e12, maximum=1e12)


BUDGET_NOTE = (
    r"; not retried: the backoff wait of [0-9.e+]+ s does not fit in the [0-9.e+-]+ s left "
    r"of the call's total_timeout of 30 s"
)


def test_a_dropped_connection_says_so_and_quotes_the_transport_error_alone() -> None:
    def hang_up(conn: Conn, head: bytes, number: int) -> bool:
        return False  # closes the connection without a word

    with (
        RawServer(hang_up) as server,
        Client(api_key=KEY, base_url=server.base_url, max_retries=0, timeout=5.0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.describe_backup("bk-1")

    cause = caught.value.__cause__
    assert isinstance(cause, httpx.RemoteProtocolError)
    assert str(caught.value) == f"GET /backups/bk-1 failed to connect or was cut off: {cause}"
    assert type(caught.value) is APIConnectionError
    assert caught.value.attempts == 1


def test_a_transport_error_without_a_message_is_named_by_its_class(
    mock_client: Callable[..., Client],
) -> None:
    client = mock_client(raising(httpx.ConnectError("")), max_retries=0)

    with pytest.raises(APIConnectionError) as caught:
        client.describe_backup("bk-1")

    assert str(caught.value) == "GET /backups/bk-1 failed to connect or was cut off: ConnectError"


def test_a_connection_failure_not_retried_for_lack_of_budget_says_why(
    mock_client: Callable[..., Client],
) -> None:
    client = mock_client(
        raising(httpx.ConnectError("refused")),
        max_retries=3,
        backoff=huge_backoff(),
        total_timeout=30.0,
    )

    with pytest.raises(APIConnectionError) as caught:
        client.describe_backup("bk-1")

    assert type(caught.value) is APIConnectionError
    assert re.fullmatch(
        "GET /backups/bk-1 failed to connect or was cut off: refused" + BUDGET_NOTE,
        str(caught.value),
    ), str(caught.value)
    assert caught.value.attempts == 1


def test_a_timeout_not_retried_for_lack_of_budget_says_why(
    mock_client: Callable[..., Client],
) -> None:
    client = mock_client(
        raising(httpx.ReadTimeout("read timed out")),
        max_retries=3,
        backoff=huge_backoff(),
        total_timeout=30.0,
    )

    with pytest.raises(APITimeoutError) as caught:
        client.describe_backup("bk-1")

    assert re.fullmatch(
        "GET /backups/bk-1 timed out: read timed out" + BUDGET_NOTE, str(caught.value)
    ), str(caught.value)
    assert caught.value.attempts == 1


def test_a_body_that_cannot_be_decoded_after_a_retry_counts_both_attempts(
    mock_client: Callable[..., Client],
) -> None:
    answers = iter(
        [
            httpx.Response(503, json={"error": {"code": "UNAVAILABLE", "message": "busy"}}),
            httpx.Response(
                200,
                headers={"Content-Encoding": "gzip"},
                stream=httpx.ByteStream(b"not gzip at all"),  # decoded as it is read
            ),
        ]
    )
    client = mock_client(lambda request: next(answers), max_retries=2)

    with pytest.raises(APIConnectionError) as caught:
        client.describe_backup("bk-1")

    cause = caught.value.__cause__
    assert isinstance(cause, httpx.DecodingError)
    assert str(caught.value) == (
        f"GET /backups/bk-1: the response body could not be decoded: {cause} (after 2 attempts)"
    )
    assert caught.value.attempts == 2


def test_a_gzip_body_that_decodes_is_not_an_error(mock_client: Callable[..., Client]) -> None:
    body = gzip.compress(
        b'{"backup_id": "bk-1", "source_index_name": "idx", "source_index_id": "i",'
        b' "status": "Ready", "cloud": "aws", "region": "us-east-1"}'
    )
    client = mock_client(
        lambda request: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=body),
        max_retries=0,
    )

    assert client.describe_backup("bk-1").status == "Ready"


# --- arguments and answers -----------------------------------------------------


@pytest.mark.parametrize("token", ["", 5, b"token"], ids=["empty", "int", "bytes"])
def test_a_pagination_token_that_is_not_a_non_empty_string_is_refused_word_for_word(
    token: object,
) -> None:
    with Client(api_key="k", base_url="http://127.0.0.1:9") as client:
        with pytest.raises(InvalidArgumentError) as caught:
            client.list_backups("idx", pagination_token=token)  # type: ignore[arg-type]
        assert str(caught.value) == (
            "pagination_token must be None or the non-empty string a page's next_token gave"
        )
        with pytest.raises(InvalidArgumentError) as walking:
            client.iter_backups("idx", pagination_token=token)  # type: ignore[arg-type]
        assert str(walking.value) == str(caught.value)


def test_a_backup_with_fields_that_do_not_fit_is_one_warning_naming_them_word_for_word(
    fake: FakePinecone, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    fake.add_raw_backup(
        "idx",
        {
            "backup_id": "bk-1",
            "source_index_name": "idx",
            "source_index_id": "i",
            "status": "Ready",
            "cloud": "aws",
            "region": "us-east-1",
            "name": 5,
            "dimension": "1024",
        },
    )

    backup = client.describe_backup("bk-1")

    assert sorted(backup.invalid_fields) == ["dimension", "name"]
    warnings = [r.getMessage() for r in caplog.records if r.name == "pinecone_backups"]
    assert warnings == [
        "backup 'bk-1' has fields that do not fit the API's types: 'dimension', 'name'; they "
        "read as None, and their raw values stay in invalid_fields and to_dict()"
    ]


def test_a_non_json_body_quotes_a_snippet_with_the_key_redacted_before_the_cut() -> None:
    """The key ends past the snippet's length: cut first, a part of it would stay."""
    filler = "x" * (MAX_BODY_SNIPPET - 5)
    body = (filler + KEY).encode()

    def answer(conn: Conn, head: bytes, number: int) -> bool:
        conn.send(response(200, body, headers={"Content-Type": "text/plain"}))
        return True

    with (
        RawServer(answer) as server,
        Client(api_key=KEY, base_url=server.base_url, max_retries=0, timeout=5.0) as client,
        pytest.raises(MalformedResponseError) as caught,
    ):
        client.describe_backup("bk-1")

    assert str(caught.value) == f"HTTP 200 describe_backup: the body is not JSON: '{filler}***'"
    assert caught.value.body == body
