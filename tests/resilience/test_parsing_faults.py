"""Odd server answers, each served by ``FakePinecone``: typed results or typed errors only.

Also the pagination guard: a server that repeats a token or serves empty pages
forever cannot make a walk loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from pinecone_backups import (
    APIConnectionError,
    APIStatusError,
    AsyncClient,
    AuthenticationError,
    BadRequestError,
    Client,
    MalformedResponseError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
)
from pinecone_backups.testing import OMIT, FakePinecone, Fault
from tests.conftest import FAST_BACKOFF

MakeClient = Callable[..., Client]

INDEX = "idx"
REQUIRED = ["backup_id", "source_index_name", "source_index_id", "status", "cloud", "region"]
MAX_MESSAGE = 400  # an error message quotes at most a short snippet of any body


def wire(number: int = 0, **fields: Any) -> dict[str, Any]:
    """A valid BackupModel wire object; ``fields`` override (OMIT removes)."""
    backup: dict[str, Any] = {
        "backup_id": f"bk-{number}",
        "source_index_name": INDEX,
        "source_index_id": "src-1",
        "status": "Ready",
        "cloud": "aws",
        "region": "us-east-1",
        "name": f"backup-{number}",
        "description": "nightly",
        "dimension": 1024,
        "metric": "cosine",
        "record_count": 10,
        "namespace_count": 1,
        "size_bytes": 1000,
        "tags": {"env": "prod"},
        "created_at": "2025-03-11T18:29:50.549505Z",
    }
    for key, value in fields.items():
        if value is OMIT:
            backup.pop(key, None)
        else:
            backup[key] = value
    return backup


def page_body(*backups: Any, next_token: str | None = None) -> dict[str, Any]:
    return {"data": list(backups), "pagination": {"next": next_token} if next_token else None}


def names_position(message: str, index: int) -> bool:
    """Whether an error message names the backup's 0-based position in the page."""
    return re.search(rf"'data': item {index}\b", message) is not None


def sdk_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "pinecone_backups" and r.levelno == logging.WARNING
    ]


def _client(fake: FakePinecone, http: httpx.Client, **options: Any) -> Client:
    return Client(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=http,
        backoff=FAST_BACKOFF,
        timeout=5.0,
        max_retries=0,
        total_timeout=10.0,  # a retry loop that miscounts ends in seconds, not 120
        **options,
    )


@pytest.fixture
def lenient(fake: FakePinecone, shared_http: httpx.Client) -> Client:
    return _client(fake, shared_http)


@pytest.fixture
def strict(fake: FakePinecone, shared_http: httpx.Client) -> Client:
    return _client(fake, shared_http, strict=True)


# --- bodies that are not JSON, or not the right JSON ------------------------------------


def test_truncated_json_is_a_cut_connection_not_a_decoding_error(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.seed(INDEX, 5)
    fake.inject(Fault.truncated_json(keep=20))

    with pytest.raises(APIConnectionError) as caught:
        lenient.list_backups(INDEX)

    assert caught.value.attempts == 1
    assert "json" not in type(caught.value.__cause__).__name__.lower()


@pytest.mark.parametrize("operation", ["list", "describe"])
def test_complete_response_with_cut_json_raises_malformed_response_with_the_raw_body(
    fake: FakePinecone, lenient: Client, operation: str
) -> None:
    body = b'{"data": [{"backup_id": "bk-0", "sta'
    fake.inject(Fault(body=body))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX) if operation == "list" else lenient.describe_backup("x")

    assert caught.value.body == body
    assert caught.value.status_code == 200
    operation_name = "list_backups" if operation == "list" else "describe_backup"
    assert str(caught.value) == (
        f"HTTP 200 {operation_name}: the body is not JSON: "
        """'{"data": [{"backup_id": "bk-0", "sta'"""
    )
    assert caught.value.request_id  # the fake's x-pinecone-request-id


def test_html_page_with_status_200_raises_malformed_response(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.inject(Fault.html(200))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert caught.value.body.startswith(b"<html>")
    assert "<html>" in str(caught.value)
    assert len(str(caught.value)) < MAX_MESSAGE


@pytest.mark.parametrize("status", [502, 503, 504, 500])
def test_html_proxy_error_page_raises_server_error_with_a_snippet(
    fake: FakePinecone, lenient: Client, status: int
) -> None:
    fake.inject(Fault.html(status))

    with pytest.raises(ServerError) as caught:
        lenient.describe_backup("bk-0")

    error = caught.value
    assert error.status_code == status
    assert error.code is None
    assert f"{status}" in error.message
    assert "nginx" in error.message
    assert "\n" not in str(error)
    assert error.body.startswith(b"<html>")


@pytest.mark.parametrize("operation", ["list", "describe"])
def test_empty_200_body_raises_malformed_response(
    fake: FakePinecone, lenient: Client, operation: str
) -> None:
    fake.inject(Fault.empty())

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX) if operation == "list" else lenient.describe_backup("x")

    assert caught.value.body == b""


@pytest.mark.parametrize(
    "data", ["not a list", {"0": {}}, 7, None, True], ids=["str", "object", "int", "null", "bool"]
)
def test_200_whose_data_is_not_a_list_raises_malformed_response(
    fake: FakePinecone, lenient: Client, data: Any
) -> None:
    fake.inject(Fault.json({"data": data, "pagination": None}))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert "'data'" in str(caught.value)


def test_200_without_data_raises_malformed_response(fake: FakePinecone, lenient: Client) -> None:
    fake.inject(Fault.json({"backups": [wire()]}))

    with pytest.raises(MalformedResponseError, match="'data'"):
        lenient.list_backups(INDEX)


@pytest.mark.parametrize("operation", ["list", "describe"])
@pytest.mark.parametrize(
    "body",
    [[wire()], "a string", 42, None, True],
    ids=["array", "string", "number", "null", "bool"],
)
def test_200_whose_body_is_not_an_object_raises_malformed_response(
    fake: FakePinecone, lenient: Client, operation: str, body: Any
) -> None:
    fake.inject(Fault.json(body))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX) if operation == "list" else lenient.describe_backup("x")

    assert caught.value.body == json.dumps(body).encode()


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
        b'{"data": [], "n": ' + b"9" * 5000 + b"}",
        b"NaN-ish",
    ],
    ids=["not-utf8", "nested-100k-deep", "5000-digit-integer", "bare-word"],
)
def test_hostile_json_raises_malformed_response_never_a_python_error(
    fake: FakePinecone, lenient: Client, body: bytes
) -> None:
    fake.inject(Fault(body=body))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert caught.value.body == body
    assert len(str(caught.value)) < MAX_MESSAGE


def test_body_httpx_cannot_decode_is_a_typed_error_and_not_retried(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.inject(Fault(body=b"this is not gzip", headers={"Content-Encoding": "gzip"}, times=3))

    with pytest.raises(APIConnectionError):
        make_client(max_retries=2).list_backups(INDEX)

    assert len(fake.requests) == 1


# --- one backup that does not fit -------------------------------------------------------


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_in_a_page_names_the_backup_position_and_the_field(
    fake: FakePinecone, lenient: Client, field: str
) -> None:
    fake.add_backup(INDEX, backup_id="ok-0")
    fake.add_backup(INDEX, backup_id="ok-1")
    fake.add_raw_backup(INDEX, wire(2, **{field: OMIT}))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    message = str(caught.value)
    assert f"'{field}'" in message
    assert names_position(message, 2), message


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_in_a_described_backup_names_the_field(
    fake: FakePinecone, lenient: Client, field: str
) -> None:
    fake.inject(Fault.json(wire(0, **{field: OMIT})))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.describe_backup("bk-0")

    assert f"'{field}'" in str(caught.value)


@pytest.mark.parametrize("value", [None, 12, ["x"], {"a": 1}])
def test_required_field_of_the_wrong_type_is_an_error_naming_the_field(
    fake: FakePinecone, lenient: Client, value: Any
) -> None:
    fake.add_backup(INDEX)
    fake.add_raw_backup(INDEX, wire(1, status=value))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert "'status'" in str(caught.value)
    assert names_position(str(caught.value), 1)


@pytest.mark.parametrize("element", ["a string", 3, None, [wire()]])
def test_page_element_that_is_not_an_object_names_its_position(
    fake: FakePinecone, lenient: Client, element: Any
) -> None:
    fake.inject(Fault.json(page_body(wire(0), element)))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert names_position(str(caught.value), 1)


# (field, a value of the wrong type, the attribute(s) that read it)
WRONG_TYPES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("name", 5, ("name",)),
    ("description", ["x"], ("description",)),
    ("dimension", "1024", ("dimension",)),
    ("dimension", 10.5, ("dimension",)),
    ("dimension", True, ("dimension",)),
    ("metric", 3, ("metric",)),
    ("schema", "genre", ("schema",)),
    ("schema", {"fields": {"genre": {"filterable": "yes"}}}, ("schema",)),
    ("schema", {"no_fields": {}}, ("schema",)),
    ("record_count", "12", ("record_count",)),
    ("namespace_count", {}, ("namespace_count",)),
    ("size_bytes", 1.5, ("size_bytes",)),
    ("tags", ["env"], ("tags",)),
    ("tags", {"env": 1}, ("tags",)),
    ("created_at", 1741717790, ("created_at", "created_at_raw")),
]
WRONG_IDS = [f"{field}={value!r}" for field, value, _ in WRONG_TYPES]


@pytest.mark.parametrize(("field", "value", "attributes"), WRONG_TYPES, ids=WRONG_IDS)
def test_wrong_type_in_optional_field_is_lenient_none_with_raw_kept_and_a_warning(
    fake: FakePinecone,
    lenient: Client,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: Any,
    attributes: tuple[str, ...],
) -> None:
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    fake.add_raw_backup(INDEX, wire(0))
    fake.add_raw_backup(INDEX, wire(1, **{field: value}))
    fake.add_raw_backup(INDEX, wire(2))

    page = lenient.list_backups(INDEX)

    assert [b.backup_id for b in page] == ["bk-0", "bk-1", "bk-2"]
    odd = page.backups[1]
    for attribute in attributes:
        assert getattr(odd, attribute) is None
    assert odd.to_dict()[field] == value
    assert odd.invalid_fields[field] == value
    assert field in odd.invalid_fields
    warnings = sdk_warnings(caplog)
    assert len(warnings) == 1
    assert repr(field) in warnings[0]
    assert "bk-1" in warnings[0]
    # The neighbours are untouched.
    assert page.backups[0].invalid_fields == {}
    assert page.backups[2].dimension == 1024


@pytest.mark.parametrize(("field", "value", "attributes"), WRONG_TYPES, ids=WRONG_IDS)
def test_wrong_type_in_optional_field_raises_in_strict_mode(
    fake: FakePinecone, strict: Client, field: str, value: Any, attributes: tuple[str, ...]
) -> None:
    fake.add_raw_backup(INDEX, wire(0))
    fake.add_raw_backup(INDEX, wire(1, **{field: value}))

    with pytest.raises(MalformedResponseError) as caught:
        strict.list_backups(INDEX)

    message = str(caught.value)
    assert repr(field) in message
    assert names_position(message, 1)
    assert caught.value.body  # the whole page is kept


def test_wrong_type_in_describe_is_lenient_by_default_and_raises_in_strict_mode(
    fake: FakePinecone, lenient: Client, strict: Client
) -> None:
    fake.add_raw_backup(INDEX, wire(0, dimension="big"))

    assert lenient.describe_backup("bk-0").dimension is None
    with pytest.raises(MalformedResponseError, match="'dimension'"):
        strict.describe_backup("bk-0")


@pytest.mark.parametrize("value", ["not a timestamp", "yesterday", "2025-13-45T99:99:99Z"])
def test_created_at_in_an_unknown_format_reads_none_keeps_raw_and_warns(
    fake: FakePinecone,
    lenient: Client,
    strict: Client,
    caplog: pytest.LogCaptureFixture,
    value: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    fake.add_raw_backup(INDEX, wire(0, created_at=value))

    backup = lenient.describe_backup("bk-0")

    assert backup.created_at is None
    assert backup.created_at_raw == value
    assert backup.to_dict()["created_at"] == value
    assert any("'created_at'" in w for w in sdk_warnings(caplog))
    with pytest.raises(MalformedResponseError, match="'created_at'"):
        strict.describe_backup("bk-0")


@pytest.mark.parametrize("value", ["12", "March", "Tuesday", "10:30"])
def test_created_at_without_a_full_date_is_not_completed_from_today(
    fake: FakePinecone, lenient: Client, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    # "12" is no creation date: reading it as the 12th of the current month (or
    # "March" as March of this year) invents data. Unknown formats read as None.
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    fake.add_raw_backup(INDEX, wire(0, created_at=value))

    backup = lenient.describe_backup("bk-0")

    assert backup.created_at is None, f"{value!r} was read as {backup.created_at!r}"
    assert backup.created_at_raw == value
    assert any("'created_at'" in w for w in sdk_warnings(caplog))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-11T18:29:50.549505Z", datetime(2025, 3, 11, 18, 29, 50, 549505, UTC)),
        ("2024-03-15 10:30:00+00:00", datetime(2024, 3, 15, 10, 30, tzinfo=UTC)),
        ("2025-05-15T00:52:10.809305882Z", datetime(2025, 5, 15, 0, 52, 10, 809305, UTC)),
    ],
)
def test_created_at_in_every_known_server_format_is_read_exactly(
    fake: FakePinecone, strict: Client, value: str, expected: datetime
) -> None:
    fake.add_raw_backup(INDEX, wire(0, created_at=value))

    backup = strict.list_backups(INDEX).backups[0]

    assert backup.created_at == expected
    assert backup.created_at_raw == value


def test_unknown_status_and_metric_values_pass_through_as_strings(
    fake: FakePinecone, strict: Client, lenient: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    fake.add_backup(INDEX, backup_id="b", status="Archiving", metric="hamming")

    for client in (strict, lenient):
        backup = client.list_backups(INDEX).backups[0]
        assert backup.status == "Archiving"
        assert backup.metric == "hamming"
        assert client.describe_backup("b").status == "Archiving"
    assert sdk_warnings(caplog) == []


def test_extra_unknown_fields_are_kept_not_dropped_and_not_fatal(
    fake: FakePinecone, strict: Client
) -> None:
    extra = {"source_index_deleted_at": "2026-07-01T00:00:00Z", "future": {"a": [1, None]}}
    fake.add_raw_backup(INDEX, wire(0, **extra))

    backup = strict.list_backups(INDEX).backups[0]

    assert backup.additional_properties == extra
    assert backup.to_dict() == wire(0, **extra)
    assert strict.describe_backup("bk-0").additional_properties == extra


def test_optional_fields_sent_as_null_read_as_none_without_warning(
    fake: FakePinecone, strict: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="pinecone_backups")
    nulls = dict.fromkeys(
        ["name", "description", "dimension", "metric", "schema", "tags", "created_at"]
    )
    fake.add_raw_backup(INDEX, wire(0, **nulls))
    fake.add_raw_backup(INDEX, {k: v for k, v in wire(1).items() if k in REQUIRED})

    page = strict.list_backups(INDEX)

    for backup in page:
        assert (backup.name, backup.tags, backup.created_at) == (None, None, None)
        assert backup.invalid_fields == {}
    assert page.backups[0].to_dict() == wire(0, **nulls)
    assert sdk_warnings(caplog) == []


def test_counts_beyond_32_bits_are_exact(fake: FakePinecone, strict: Client) -> None:
    fake.add_raw_backup(INDEX, wire(0, size_bytes=2**53 + 1, record_count=2**40))

    backup = strict.describe_backup("bk-0")

    assert backup.size_bytes == 2**53 + 1
    assert backup.record_count == 2**40


@pytest.mark.parametrize("pagination", [{"next": 5}, {"next": ["t"]}, 7, ["t"], "token"])
def test_pagination_of_the_wrong_shape_raises_malformed_response(
    fake: FakePinecone, lenient: Client, pagination: Any
) -> None:
    fake.inject(Fault.json({"data": [wire()], "pagination": pagination}))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX)

    assert str(caught.value) == (
        "HTTP 200 list_backups: 'pagination' must be null or an object whose 'next' is a string"
    )


@pytest.mark.parametrize("pagination", [None, {}, {"next": None}, {"next": ""}])
def test_pagination_meaning_last_page_ends_the_page_without_a_token(
    fake: FakePinecone, strict: Client, pagination: Any
) -> None:
    fake.inject(Fault.json({"data": [wire()], "pagination": pagination}))

    page = strict.list_backups(INDEX)

    assert page.next_token is None
    assert len(page) == 1


# --- error statuses ------------------------------------------------------------------------


def test_401_as_json_error_response_raises_authentication_error(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_index(INDEX)

    with pytest.raises(AuthenticationError) as caught:
        make_client(api_key="wrong-key", max_retries=3).list_backups(INDEX)

    assert caught.value.status_code == 401
    assert caught.value.code == "UNAUTHENTICATED"
    assert "Invalid API Key" in caught.value.message


def test_401_as_plain_text_raises_authentication_error_not_a_decoding_error(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.inject(Fault.plain_text_401())

    with pytest.raises(AuthenticationError) as caught:
        lenient.describe_backup("bk-0")

    assert caught.value.status_code == 401
    assert caught.value.code is None
    assert caught.value.message == "Invalid API Key"
    assert caught.value.__cause__ is None


STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: UnexpectedStatusError,
    418: UnexpectedStatusError,
    429: RateLimitError,
    500: ServerError,
    503: ServerError,
    507: ServerError,
}

NOT_ERROR_RESPONSES: dict[str, tuple[bytes, str | None]] = {
    "html": (b"<html><body><h1>Oops</h1></body></html>", "text/html"),
    "empty": (b"", None),
    "json-array": (b'[{"error": "x"}]', "application/json"),
    "json-string": (b'"upstream failed"', "application/json"),
    "error-is-a-string": (b'{"status": 500, "error": "boom"}', "application/json"),
    "error-fields-wrong-types": (b'{"error": {"code": 5, "message": null}}', "application/json"),
    "plain-text": (b"upstream connect error or disconnect/reset", "text/plain"),
    "binary": (bytes(range(256)), "application/octet-stream"),
}


@pytest.mark.parametrize("body_kind", list(NOT_ERROR_RESPONSES))
@pytest.mark.parametrize("status", list(STATUS_CLASSES))
def test_error_status_whose_body_is_not_an_error_response_gives_the_typed_status_error(
    fake: FakePinecone, lenient: Client, status: int, body_kind: str
) -> None:
    body, content_type = NOT_ERROR_RESPONSES[body_kind]
    fake.inject(Fault(status=status, body=body, content_type=content_type))

    with pytest.raises(APIStatusError) as caught:
        lenient.list_backups(INDEX)

    error = caught.value
    assert type(error) is STATUS_CLASSES[status]
    assert error.status_code == status
    assert error.attempts == 1  # max_retries=0
    assert error.code is None
    assert error.body == body
    assert str(error).startswith(f"HTTP {status}")
    assert len(str(error)) < MAX_MESSAGE


def test_error_response_code_and_message_are_read(fake: FakePinecone, lenient: Client) -> None:
    fake.inject(
        Fault.json(
            {"status": 400, "error": {"code": "OUT_OF_RANGE", "message": "too far", "details": {}}},
            status=400,
        )
    )

    with pytest.raises(BadRequestError) as caught:
        lenient.list_backups(INDEX)

    assert caught.value.code == "OUT_OF_RANGE"
    assert caught.value.message == "too far"


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_100_kb_error_body_gives_a_short_message_and_keeps_the_whole_body(
    fake: FakePinecone, lenient: Client, status: int
) -> None:
    body = b"<html>" + b"x" * 100_000 + b"</html>"
    fake.inject(Fault(status=status, body=body, content_type="text/html"))

    with pytest.raises(APIStatusError) as caught:
        lenient.describe_backup("bk-0")

    assert len(str(caught.value)) < MAX_MESSAGE
    assert len(repr(caught.value)) < MAX_MESSAGE + 50
    assert caught.value.body == body


def test_100_kb_error_message_inside_an_error_response_is_truncated(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.inject(
        Fault.json({"status": 404, "error": {"code": "NOT_FOUND", "message": "m" * 100_000}}, 404)
    )

    with pytest.raises(NotFoundError) as caught:
        lenient.list_backups(INDEX)

    assert caught.value.code == "NOT_FOUND"
    assert len(str(caught.value)) < MAX_MESSAGE


@pytest.mark.parametrize("operation", ["list", "describe"])
def test_100_kb_non_json_200_gives_a_short_message_and_keeps_the_whole_body(
    fake: FakePinecone, lenient: Client, operation: str
) -> None:
    body = b"<!doctype html>" + b"y" * 100_000
    fake.inject(Fault(body=body, content_type="text/html"))

    with pytest.raises(MalformedResponseError) as caught:
        lenient.list_backups(INDEX) if operation == "list" else lenient.describe_backup("x")

    assert len(str(caught.value)) < MAX_MESSAGE
    assert caught.value.body == body


def test_100_kb_malformed_backup_value_gives_a_short_message(
    fake: FakePinecone, strict: Client
) -> None:
    fake.add_raw_backup(INDEX, wire(0, description=["z" * 100_000]))

    with pytest.raises(MalformedResponseError) as caught:
        strict.list_backups(INDEX)

    assert len(str(caught.value)) < MAX_MESSAGE
    assert len(caught.value.body) > 100_000


# --- the pagination guard ------------------------------------------------------------------


def test_repeated_token_yields_everything_received_then_raises_naming_the_page(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.seed(INDEX, 35)
    fake.repeat_tokens = True
    stored = [b["backup_id"] for b in fake.backups(INDEX)]  # type: ignore[index]
    received: list[str] = []

    def walk() -> None:
        for backup in lenient.iter_backups(INDEX, page_size=10):
            received.append(backup.backup_id)

    with pytest.raises(PaginationError) as caught:
        walk()

    # Page 1 is rows 0-9 with the token of page 2; page 2 (rows 10-19) repeats that token.
    assert received == stored[:20]
    assert caught.value.page_number == 2
    assert str(caught.value) == (
        "the server returned on page 2 of index 'idx' a pagination token it had already "
        "returned; stopping the walk instead of looping forever (the backups received so far "
        "were delivered)"
    )
    assert len(fake.requests) == 2


def test_repeated_token_stops_a_page_walk_and_the_async_walk_too(fake: FakePinecone) -> None:
    fake.seed(INDEX, 50)
    fake.repeat_tokens = True

    async def scenario() -> tuple[int, PaginationError | None]:
        pages = 0
        async with AsyncClient(
            api_key=fake.api_key, base_url=fake.base_url, backoff=FAST_BACKOFF
        ) as client:
            try:
                async for _ in client.iter_backup_pages(INDEX, page_size=5):
                    pages += 1
            except PaginationError as exc:
                return pages, exc
        return pages, None

    pages, error = asyncio.run(scenario())

    assert error is not None
    assert error.page_number == 2
    assert pages == 2
    assert len(fake.requests) == 2


def test_resumed_walk_whose_token_comes_back_stops_on_page_1(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.inject(Fault.json(page_body(wire(0), next_token="T")))
    received: list[str] = []

    def walk() -> None:
        for backup in lenient.iter_backups(INDEX, pagination_token="T"):
            received.append(backup.backup_id)

    with pytest.raises(PaginationError) as caught:
        walk()

    assert received == ["bk-0"]
    assert caught.value.page_number == 1
    assert caught.value.token == "T"
    assert len(fake.requests) == 1


def test_endless_empty_pages_with_new_tokens_raise_pagination_error(
    fake: FakePinecone, lenient: Client
) -> None:
    fake.inject(Fault.json(page_body(wire(0), next_token="t0")))
    for number in range(1, 50):
        fake.inject(Fault.json(page_body(next_token=f"t{number}")))
    received: list[str] = []

    def walk() -> None:
        for backup in lenient.iter_backups(INDEX):
            received.append(backup.backup_id)

    with pytest.raises(PaginationError) as caught:
        walk()

    assert received == ["bk-0"]
    assert caught.value.page_number == 6  # one full page, then 5 empty ones
    assert str(caught.value) == (
        "the server returned 5 empty pages in a row, each with a next token, up to page 6 of "
        "index 'idx'; stopping the walk"
    )
    assert len(fake.requests) == 6


def test_a_few_empty_pages_followed_by_data_are_walked_to_the_end(
    fake: FakePinecone, lenient: Client
) -> None:
    for number in range(4):
        fake.inject(Fault.json(page_body(next_token=f"t{number}")))
    fake.inject(Fault.json(page_body(wire(1), wire(2))))

    ids = [b.backup_id for b in lenient.iter_backups(INDEX)]

    assert ids == ["bk-1", "bk-2"]
    assert len(fake.requests) == 5


def test_walk_against_an_always_repeating_server_is_bounded(
    fake: FakePinecone, lenient: Client
) -> None:
    # A mock server replaying its one example page forever.
    fake.inject(Fault.json(page_body(wire(0), next_token="example"), times=1000))

    with pytest.raises(PaginationError):
        list(lenient.iter_backups(INDEX))

    assert len(fake.requests) == 2
