"""Property tests: whatever a server sends, the SDK returns a typed result or a typed error.

Every example is served by a real ``FakePinecone`` over loopback HTTP (one
server and one client per module, faults cleared per example; no retries, so
one example is one request).

Example counts (CI wiring): each test runs a multiple of the hypothesis
profile's ``max_examples`` (``HYPOTHESIS_MAX_EXAMPLES``, default 200, read by
``tests/conftest.py``). The multiples add up to ``TOTAL_MULTIPLE`` = 14, so the
default profile runs 14 x 200 = 2,800 examples in this file (CI needs at
least 2,000: keep HYPOTHESIS_MAX_EXAMPLES >= 143), and ``nox -s fuzz``
(HYPOTHESIS_MAX_EXAMPLES=20000) runs 280,000.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, example, given, settings

from pinecone_backups import (
    APIStatusError,
    AuthenticationError,
    Backup,
    BadRequestError,
    Client,
    InvalidArgumentError,
    MalformedResponseError,
    MetadataSchema,
    NotFoundError,
    Page,
    PaginationError,
    PermissionDeniedError,
    PineconeBackupsError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
)
from pinecone_backups.testing import OMIT, FakePinecone, Fault

PROFILE_EXAMPLES = settings().max_examples
TOTAL_MULTIPLE = 14  # the sum of the multiples below; see the module docstring


def examples(multiple: int) -> settings:
    return settings(
        max_examples=PROFILE_EXAMPLES * multiple,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


MAX_MESSAGE = 600

REQUIRED = ("backup_id", "source_index_name", "source_index_id", "status", "cloud", "region")
# The optional fields and the Python type their attribute reads as when valid.
OPTIONAL_TYPES: dict[str, type] = {
    "name": str,
    "description": str,
    "dimension": int,
    "metric": str,
    "schema": MetadataSchema,
    "record_count": int,
    "namespace_count": int,
    "size_bytes": int,
    "tags": dict,
    "created_at": str,  # read through created_at_raw; created_at is a datetime
}

# --- strategies -----------------------------------------------------------------------------

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

# Cheaper than json_values for the many fields of one backup: scalars and flat containers.
odd_values = (
    json_scalars
    | st.lists(json_scalars, max_size=2)
    | st.dictionaries(st.text(max_size=6), json_scalars, max_size=2)
)

timestamps = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9998, 1, 1), timezones=st.just(UTC)
)


@st.composite
def created_at_strings(draw: st.DrawFn) -> str:
    moment = draw(timestamps)
    form = draw(st.sampled_from(["rfc3339", "space-offset", "nanoseconds"]))
    if form == "rfc3339":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if form == "space-offset":
        return moment.strftime("%Y-%m-%d %H:%M:%S+00:00")
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + draw(st.sampled_from("0123456789")) + "Z"


VALID_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "name": st.text(),
    "description": st.text(),
    "dimension": st.integers(1, 20000),
    "metric": st.sampled_from(["cosine", "euclidean", "dotproduct"]) | st.text(),
    "schema": st.dictionaries(
        st.text(max_size=10),
        st.fixed_dictionaries({}, optional={"filterable": st.booleans()}),
        max_size=3,
    ).map(lambda fields: {"fields": fields}),
    "record_count": st.integers(0, 2**63 - 1),
    "namespace_count": st.integers(0, 2**31),
    "size_bytes": st.integers(0, 2**63 - 1),
    "tags": st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
    "created_at": created_at_strings(),
}


def _without_omitted(backup: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in backup.items() if value is not OMIT}


# Every optional field absent, null or valid; every required field a string.
valid_backups = st.fixed_dictionaries(
    {
        **{name: st.text(max_size=20) for name in REQUIRED},
        **{name: st.just(OMIT) | st.none() | s for name, s in VALID_OPTIONAL.items()},
    }
).map(_without_omitted)

# Every field may be missing, null, valid or another JSON value; unknown fields too.
arbitrary_backups = st.builds(
    lambda known, unknown: {**unknown, **_without_omitted(known)},
    st.fixed_dictionaries(
        {
            **{name: st.text(max_size=20) | st.just(OMIT) | odd_values for name in REQUIRED},
            **{name: st.just(OMIT) | s | odd_values for name, s in VALID_OPTIONAL.items()},
        }
    ),
    st.dictionaries(st.text(max_size=8), odd_values, max_size=2),
)


page_shaped = st.fixed_dictionaries(
    {"data": st.lists(arbitrary_backups | valid_backups | json_values, max_size=3)},
    optional={
        "pagination": st.none()
        | json_values
        | st.fixed_dictionaries({}, optional={"next": st.text(max_size=10) | json_values})
    },
)

# --- the server and clients, shared by every example of the module ------------------------------


@pytest.fixture(scope="module")
def clients(shared_fake: FakePinecone) -> Iterator[dict[str, Client]]:
    options: dict[str, Any] = {
        "api_key": shared_fake.api_key,
        "base_url": shared_fake.base_url,
        "max_retries": 0,
        "timeout": 10.0,
    }
    made = {"lenient": Client(**options), "strict": Client(**options, strict=True)}
    yield made
    for client in made.values():
        client.close()


def serve(fake: FakePinecone, fault: Fault) -> int:
    """Queue one answer for the next request; returns how many requests came before."""
    fake.clear_faults()
    fake.repeat_tokens = False
    fake.inject(fault)
    return len(fake.requests)


def call(
    client: Client, operation: str, backup_id: str = "bk"
) -> Page | Backup | PineconeBackupsError:
    try:
        if operation == "list":
            return client.list_backups("idx")
        return client.describe_backup(backup_id)
    except PineconeBackupsError as exc:  # anything else fails the test, as it should
        return exc


def asked_id(body: Any) -> str:
    """The ID to describe so that ``body`` answers it: its own ``backup_id`` when sendable.

    describe_backup refuses an answer for another backup, so a body is only
    returned when it is the backup asked for.
    """
    if not required_ok(body):
        return "bk"
    backup_id: str = body["backup_id"]
    sendable = backup_id not in ("", ".", "..") and backup_id.encode("utf-8", "replace") == (
        backup_id.encode("utf-8", "surrogatepass")
    )
    return backup_id if sendable else "bk"


def read_everything(backup: Backup) -> None:
    """Read every attribute: a lazily checked field must not raise anything either."""
    extras = ["created_at_raw", "additional_properties", "invalid_fields", "null_fields"]
    for name in [*REQUIRED, *OPTIONAL_TYPES, *extras]:
        getattr(backup, name)
    repr(backup)
    backup.to_dict()


def as_json(value: Any) -> Any:
    """A field's value as JSON: a nested model through its to_dict()."""
    return value.to_dict() if isinstance(value, MetadataSchema) else value


def required_ok(value: Any) -> bool:
    return isinstance(value, dict) and all(type(value.get(n)) is str for n in REQUIRED)


def expected_token(body: dict[str, Any]) -> tuple[bool, str | None]:
    """(is the pagination acceptable, the next token it gives)."""
    pagination = body.get("pagination")
    if pagination is None:
        return True, None
    if not isinstance(pagination, dict):
        return False, None
    token = pagination.get("next")
    if token is None or token == "":
        return True, None
    return isinstance(token, str), token if isinstance(token, str) else None


# --- properties -----------------------------------------------------------------------------------


@examples(2)
@given(body=json_values | page_shaped)
@example(body={"data": [], "pagination": None})
@example(body={"data": [{"backup_id": "x"}]})
def test_any_json_served_as_a_200_page_gives_the_page_or_a_malformed_response(
    shared_fake: FakePinecone, clients: dict[str, Client], body: Any
) -> None:
    served = json.dumps(body).encode()
    serve(shared_fake, Fault(body=served))

    outcome = call(clients["lenient"], "list")

    well_formed = (
        isinstance(body, dict)
        and isinstance(body.get("data"), list)
        and all(required_ok(b) for b in body["data"])
        and expected_token(body)[0]
    )
    if isinstance(outcome, Page):
        assert well_formed, body
        assert [b.to_dict() for b in outcome] == body["data"]
        assert outcome.next_token == expected_token(body)[1]
        for backup in outcome:
            read_everything(backup)
    else:
        assert not well_formed, outcome
        assert type(outcome) is MalformedResponseError
        assert outcome.body == served
        assert len(str(outcome)) < MAX_MESSAGE


@examples(1)
@given(body=json_values | arbitrary_backups | valid_backups)
def test_any_json_served_as_a_200_backup_gives_the_backup_or_a_malformed_response(
    shared_fake: FakePinecone, clients: dict[str, Client], body: Any
) -> None:
    served = json.dumps(body).encode()
    serve(shared_fake, Fault(body=served))

    backup_id = asked_id(body)
    outcome = call(clients["lenient"], "describe", backup_id)

    if isinstance(outcome, Backup):
        assert required_ok(body)
        assert outcome.to_dict() == body
        read_everything(outcome)
    else:
        assert not (required_ok(body) and body["backup_id"] == backup_id), outcome
        assert type(outcome) is MalformedResponseError
        assert outcome.body == served


@examples(1)
@given(
    body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()[:-1]),
    operation=st.sampled_from(["list", "describe"]),
    strict=st.booleans(),
)
@example(body=b"\xef\xbb\xbf{}", operation="describe", strict=False)
def test_any_bytes_served_as_a_200_give_a_typed_result_or_a_malformed_response(
    shared_fake: FakePinecone,
    clients: dict[str, Client],
    body: bytes,
    operation: str,
    strict: bool,
) -> None:
    serve(shared_fake, Fault(body=body))

    outcome = call(clients["strict" if strict else "lenient"], operation)

    if isinstance(outcome, Page | Backup):
        for backup in outcome if isinstance(outcome, Page) else [outcome]:
            read_everything(backup)
    else:
        assert type(outcome) is MalformedResponseError
        assert outcome.body == body
        assert len(str(outcome)) < MAX_MESSAGE


ERROR_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}
# Statuses an HTTP/1.1 answer with a body can carry (1xx, 204 and 304 have none).
error_statuses = st.integers(300, 599).filter(lambda s: s != 304)


@examples(2)
@given(
    status=error_statuses | st.sampled_from([400, 401, 403, 404, 408, 429, 500, 502, 503, 504]),
    body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
    content_type=st.sampled_from(["application/json", "text/plain", "text/html", ""]),
    operation=st.sampled_from(["list", "describe"]),
)
def test_any_error_status_and_body_give_the_typed_status_error(
    shared_fake: FakePinecone,
    clients: dict[str, Client],
    status: int,
    body: bytes,
    content_type: str,
    operation: str,
) -> None:
    serve(shared_fake, Fault(status=status, body=body, content_type=content_type))

    outcome = call(clients["lenient"], operation)

    assert isinstance(outcome, APIStatusError), outcome
    expected = ERROR_CLASSES.get(status) or (
        ServerError if status >= 500 else UnexpectedStatusError
    )
    assert type(outcome) is expected
    assert outcome.status_code == status
    assert outcome.body == body
    assert outcome.attempts == 1
    assert len(str(outcome)) < MAX_MESSAGE


@examples(2)
@given(backups=st.lists(arbitrary_backups, min_size=1, max_size=3))
def test_backups_with_arbitrary_field_values_are_read_consistently(
    shared_fake: FakePinecone, clients: dict[str, Client], backups: list[dict[str, Any]]
) -> None:
    body = {"data": backups, "pagination": None}
    served = json.dumps(body).encode()
    serve(shared_fake, Fault(body=served))
    lenient = call(clients["lenient"], "list")
    serve(shared_fake, Fault(body=served))
    strict = call(clients["strict"], "list")

    if not all(required_ok(b) for b in backups):
        # A missing or non-string required field fails both modes, naming the backup.
        first_bad = next(i for i, b in enumerate(backups) if not required_ok(b))
        assert type(lenient) is MalformedResponseError
        assert re.search(rf"'data': item {first_bad}\b", str(lenient)), lenient
        # Strict mode stops at the first problem, which may be an earlier optional field.
        assert type(strict) is MalformedResponseError
        position = re.search(r"'data': item (\d+)\b", str(strict))
        assert position is not None, strict
        assert int(position.group(1)) <= first_bad
        return

    assert isinstance(lenient, Page), lenient
    invalid_anywhere = False
    for backup, wire in zip(lenient, backups, strict=True):
        assert backup.to_dict() == wire
        read_everything(backup)
        invalid = backup.invalid_fields
        invalid_anywhere |= bool(invalid)
        for name, python_type in OPTIONAL_TYPES.items():
            attribute = "created_at_raw" if name == "created_at" else name
            value, raw = getattr(backup, attribute), wire.get(name)
            if name == "created_at":  # created_at_raw: the string, even one not understood
                assert value == (raw if type(raw) is str else None)
            elif raw is None or name in invalid:
                assert value is None
            else:
                assert type(value) is python_type, (name, value)
                assert as_json(value) == raw
        if "created_at" in invalid or wire.get("created_at") is None:
            assert backup.created_at is None
        else:
            assert backup.created_at is not None
            assert backup.created_at.tzinfo is not None
    # Strict mode raises exactly when lenient mode found an invalid field.
    if invalid_anywhere:
        assert type(strict) is MalformedResponseError, strict
    else:
        assert isinstance(strict, Page), strict
        assert strict == lenient


@examples(1)
@given(backup=valid_backups, moment=timestamps)
def test_backups_valid_per_the_spec_are_read_exactly_even_in_strict_mode(
    shared_fake: FakePinecone, clients: dict[str, Client], backup: dict[str, Any], moment: datetime
) -> None:
    backup["created_at"] = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    serve(shared_fake, Fault(body=json.dumps(backup).encode()))

    outcome = call(clients["strict"], "describe", asked_id(backup))

    if backup["backup_id"] != asked_id(backup):  # an ID that cannot be asked for
        assert type(outcome) is MalformedResponseError
        assert "asked for backup" in str(outcome)
        return
    assert isinstance(outcome, Backup), outcome
    assert outcome.to_dict() == backup
    assert outcome.invalid_fields == {}
    assert outcome.created_at == moment
    for name in REQUIRED:
        assert getattr(outcome, name) == backup[name]
    for name in OPTIONAL_TYPES:
        if name != "created_at":
            assert as_json(getattr(outcome, name)) == backup.get(name)


# Path values and tokens: any text UTF-8 can encode (for lone surrogates, see below).
path_text = st.text(st.characters(codec="utf-8"), max_size=20)


@examples(1)
@given(value=path_text, operation=st.sampled_from(["list", "describe"]))
@example(value="..", operation="describe")
@example(value="%2e%2e", operation="list")
def test_any_path_value_is_one_encoded_segment_or_refused_before_any_request(
    shared_fake: FakePinecone, clients: dict[str, Client], value: str, operation: str
) -> None:
    before = serve(shared_fake, Fault.server_error(500))  # answers whatever arrives
    client = clients["lenient"]

    try:
        if operation == "list":
            client.list_backups(value)
        else:
            client.describe_backup(value)
    except InvalidArgumentError:
        assert len(shared_fake.requests) == before
        return
    except ServerError:
        pass

    [request] = shared_fake.requests[before:]
    segments = request.path.split("/")
    if operation == "list":
        assert len(segments) == 4
        assert segments[:2] == ["", "indexes"]
        assert segments[3] == "backups"
    else:
        assert len(segments) == 3
        assert segments[:2] == ["", "backups"]
    assert unquote(segments[2], errors="strict") == value
    assert request.query == {}


@examples(1)
@given(token=path_text.filter(bool))
@example(token="a+b c&d=e#f")
def test_any_pagination_token_is_sent_as_given_or_refused_before_any_request(
    shared_fake: FakePinecone, clients: dict[str, Client], token: str
) -> None:
    before = serve(shared_fake, Fault.json({"data": [], "pagination": None}))

    try:
        page = clients["lenient"].list_backups("idx", pagination_token=token)
    except InvalidArgumentError:
        assert len(shared_fake.requests) == before
        return

    assert page.backups == []
    [request] = shared_fake.requests[before:]
    assert request.query.get("paginationToken") == [token]
    assert "limit" not in request.query


@pytest.mark.parametrize("argument", ["index_name", "backup_id", "pagination_token"])
def test_a_string_utf8_cannot_encode_is_an_invalid_argument_before_any_request(
    shared_fake: FakePinecone, clients: dict[str, Client], argument: str
) -> None:
    # Lone surrogates (from a bad decode with surrogateescape, say) cannot be sent:
    # the SDK must say so as InvalidArgumentError, not raise UnicodeEncodeError.
    before = serve(shared_fake, Fault.json({"data": [], "pagination": None}))
    client, value = clients["lenient"], "a\ud800b"
    calls = {
        "index_name": lambda: client.list_backups(value),
        "backup_id": lambda: client.describe_backup(value),
        "pagination_token": lambda: client.list_backups("idx", pagination_token=value),
    }

    with pytest.raises(InvalidArgumentError):
        calls[argument]()

    assert len(shared_fake.requests) == before


# A walk served page by page: (backups on the page, the next token).
walk_pages = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["t1", "t2", "t3", "t4", "t5", "t6"]) | st.none()),
    min_size=1,
    max_size=12,
)


def model_walk(pages: list[tuple[int, str | None]]) -> tuple[int, str]:
    """What a walk must do: (pages fetched, how it ends) under the documented rules."""
    seen: set[str] = set()
    empty_run = 0
    for number, (size, token) in enumerate(pages, start=1):
        empty_run = 0 if size else empty_run + 1
        if token is None:
            return number, "complete"
        if token in seen or empty_run >= 5:
            return number, "PaginationError"
        seen.add(token)
    # The injected pages ran out: the fake itself answers the unknown token with a 400.
    return len(pages) + 1, "BadRequestError"


@examples(3)
@given(pages=walk_pages)
def test_any_sequence_of_pages_ends_the_walk_as_the_rules_say_never_looping(
    shared_fake: FakePinecone, clients: dict[str, Client], pages: list[tuple[int, str | None]]
) -> None:
    shared_fake.clear_faults()
    shared_fake.repeat_tokens = False
    shared_fake.add_index("walked")
    served: list[str] = []
    for number, (size, token) in enumerate(pages):
        ids = [f"p{number}-{i}" for i in range(size)]
        data = [{"backup_id": i, **dict.fromkeys(REQUIRED[1:], "x")} for i in ids]
        pagination = {"next": token} if token else None
        shared_fake.inject(Fault.json({"data": data, "pagination": pagination}))
        served.extend(ids)
    before = len(shared_fake.requests)
    fetched, ending = model_walk(pages)
    received: list[str] = []

    error: PineconeBackupsError | None = None
    try:
        for backup in clients["lenient"].iter_backups("walked", page_size=7):
            received.append(backup.backup_id)
            assert len(received) <= len(served)
    except (PaginationError, BadRequestError) as exc:
        error = exc

    assert (type(error).__name__ if error else "complete") == ending
    if isinstance(error, PaginationError):
        assert error.page_number == fetched
        assert f"page {fetched}" in str(error)
    assert len(shared_fake.requests) - before == fetched
    expected = [
        i for n, (size, _) in enumerate(pages[:fetched]) for i in [f"p{n}-{k}" for k in range(size)]
    ]
    assert received == expected


def test_property_tests_run_at_least_ten_profiles_of_examples() -> None:
    # At the default profile (200) that is the >= 2,000 examples CI asks for.
    budgets = [
        test._hypothesis_internal_use_settings.max_examples
        for name, test in globals().items()
        if name.startswith("test_") and hasattr(test, "hypothesis")
    ]
    assert len(budgets) == 9
    assert sum(budgets) == TOTAL_MULTIPLE * PROFILE_EXAMPLES
    assert sum(budgets) >= 10 * PROFILE_EXAMPLES
