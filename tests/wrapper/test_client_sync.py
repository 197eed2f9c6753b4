"""``Client`` against ``FakePinecone`` over real HTTP: configuration, headers, pages, errors."""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from pinecone_backups import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Client,
    ConfigurationError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    PineconeBackupsError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
)
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import FAST_BACKOFF, FIXTURES, ROOT

MakeClient = Callable[..., Client]
INDEX = "docs-example"


def stored_ids(fake: FakePinecone, index: str = INDEX) -> list[str]:
    ids = []
    for wire in fake.backups(index):
        assert isinstance(wire, dict)
        ids.append(wire["backup_id"])
    return ids


# --- auth and configuration ---------------------------------------------------


def test_api_key_argument_is_sent_and_wins_over_environment(
    fake: FakePinecone, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", "env-key-that-must-not-be-used")
    fake.add_index(INDEX)
    client = make_client(api_key=fake.api_key)
    client.list_backups(INDEX)
    assert fake.requests[-1].headers["api-key"] == fake.api_key


def test_api_key_read_from_environment_when_argument_is_none(
    fake: FakePinecone, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_API_KEY", fake.api_key)
    fake.add_backup(INDEX)
    page = make_client(api_key=None).list_backups(INDEX)
    assert len(page.backups) == 1
    assert fake.requests[-1].headers["api-key"] == fake.api_key


@pytest.mark.parametrize(
    ("api_key", "env_value"),
    [
        (None, None),
        (None, ""),
        ("", None),
        ("", "a-valid-looking-env-key"),
    ],
    ids=["nothing", "empty-env", "empty-argument", "empty-argument-with-env"],
)
def test_missing_or_empty_api_key_fails_at_construction_naming_the_variable(
    fake: FakePinecone,
    monkeypatch: pytest.MonkeyPatch,
    api_key: str | None,
    env_value: str | None,
) -> None:
    if env_value is not None:
        monkeypatch.setenv("PINECONE_API_KEY", env_value)
    with pytest.raises(ConfigurationError, match="PINECONE_API_KEY"):
        Client(api_key=api_key, base_url=fake.base_url)
    assert fake.requests == []


@pytest.mark.parametrize(
    "api_key", [" pc-key-with-space", "pc-key-with-newline\n", "pc-kéy-non-ascii", "pc\tkey"]
)
def test_api_key_with_whitespace_control_or_non_ascii_is_refused_without_echoing_it(
    fake: FakePinecone, api_key: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Client(api_key=api_key, base_url=fake.base_url)
    assert api_key.strip() not in str(caught.value)
    assert fake.requests == []


def test_base_url_defaults_to_the_public_control_plane() -> None:
    with Client(api_key="k") as client:
        assert client.base_url == "https://api.pinecone.io"


def test_base_url_read_from_controller_host_environment(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", fake.base_url)
    fake.add_index(INDEX)
    with Client(api_key=fake.api_key, backoff=FAST_BACKOFF) as client:
        assert client.base_url == fake.base_url
        client.list_backups(INDEX)
    assert len(fake.requests) == 1


def test_base_url_argument_wins_over_environment(
    fake: FakePinecone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", "https://elsewhere.invalid")
    fake.add_index(INDEX)
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        assert client.base_url == fake.base_url
        client.list_backups(INDEX)
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    "url", ["http://api.example.com", "http://10.1.2.3:8080", "http://pinecone.internal"]
)
def test_plain_http_to_a_remote_host_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        Client(api_key="k", base_url=url)


def test_plain_http_to_a_remote_host_allowed_when_explicitly_asked() -> None:
    with Client(api_key="k", base_url="http://api.example.com", allow_insecure_http=True) as c:
        assert c.base_url == "http://api.example.com"


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.1:9", "http://[::1]:9"])
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    with Client(api_key="k", base_url=url) as client:
        assert client.base_url.startswith("http://")


# --- headers ----------------------------------------------------------------------


def test_every_request_carries_api_key_and_the_spec_version(
    fake: FakePinecone, client: Client, spec_version: str
) -> None:
    fake.seed(INDEX, 25)
    client.list_backups(INDEX, limit=5)
    list(client.iter_backups(INDEX, page_size=10))
    client.describe_backup(stored_ids(fake)[0])
    assert len(fake.requests) == 5
    for request in fake.requests:
        assert request.headers["api-key"] == fake.api_key
        assert request.headers["x-pinecone-api-version"] == spec_version


def test_every_request_names_the_sdk_and_its_version_and_asks_for_json(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 3)
    client.list_backups(INDEX)
    client.describe_backup(stored_ids(fake)[0])
    version = re.search(
        r'__version__ = "([^"]+)"', (ROOT / "pinecone_backups/_version.py").read_text()
    )[1]
    for request in fake.requests:
        assert request.headers["user-agent"] == f"pinecone-backups-python/{version}"
        assert request.headers["accept"] == "application/json"


def test_client_api_version_equals_the_spec_info_version(client: Client, spec_version: str) -> None:
    assert client.api_version == spec_version


# --- the seed pages' bodies --------------------------------------------------------


def test_seed_list_page_parses_with_exact_created_at_and_no_next_token(
    fake: FakePinecone, client: Client
) -> None:
    body = json.loads((FIXTURES / "seed_list_backups.json").read_text())
    fake.inject(Fault.json(body))
    page = client.list_backups("docs-example")
    assert page.next_token is None
    assert len(page.backups) == len(body["data"]) == 1
    backup = page.backups[0]
    assert backup.created_at == datetime(2025, 3, 11, 18, 29, 50, 549505, tzinfo=UTC)
    assert backup.to_dict() == body["data"][0]
    for key, value in body["data"][0].items():
        if key != "created_at":
            assert getattr(backup, key) == value, key


def test_seed_describe_body_parses_with_exact_created_at(
    fake: FakePinecone, client: Client
) -> None:
    body = json.loads((FIXTURES / "seed_describe_backup.json").read_text())
    fake.inject(Fault.json(body))
    backup = client.describe_backup(body["backup_id"])
    assert backup.created_at == datetime(2025, 5, 15, 0, 52, 10, 809354, tzinfo=UTC)
    assert backup.to_dict() == body
    assert backup.tags == {}
    assert backup.metric is None
    assert fake.requests[-1].path == f"/backups/{body['backup_id']}"


# --- pagination --------------------------------------------------------------------


def test_list_backups_returns_one_page_of_the_requested_limit(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 30)
    page = client.list_backups(INDEX, limit=7)
    assert [b.backup_id for b in page.backups] == stored_ids(fake)[:7]
    assert page.next_token is not None
    assert page.has_next
    assert fake.requests[-1].query == {"limit": ["7"]}
    assert fake.requests[-1].path == f"/indexes/{INDEX}/backups"


def test_list_backups_without_limit_sends_no_limit(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 30)
    page = client.list_backups(INDEX)
    assert "limit" not in fake.requests[-1].query
    assert len(page.backups) == 10  # the server's default page size


def test_next_token_is_none_on_the_last_page(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 4)
    page = client.list_backups(INDEX, limit=10)
    assert len(page.backups) == 4
    assert page.next_token is None
    assert not page.has_next


def test_list_backups_with_pagination_token_resumes_where_the_page_ended(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 25)
    first = client.list_backups(INDEX, limit=10)
    second = client.list_backups(INDEX, pagination_token=first.next_token)
    assert [b.backup_id for b in second.backups] == stored_ids(fake)[10:20]
    assert fake.requests[-1].query == {"paginationToken": [first.next_token]}


def test_index_name_is_percent_encoded_as_one_path_segment(
    fake: FakePinecone, client: Client
) -> None:
    fake.add_backup("team/a b")
    page = client.list_backups("team/a b")
    assert len(page.backups) == 1
    assert fake.requests[-1].path == "/indexes/team%2Fa%20b/backups"


def test_iter_backups_walks_1050_backups_in_11_requests_on_one_connection(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 1050)
    seen = [b.backup_id for b in client.iter_backups(INDEX)]
    assert seen == stored_ids(fake)
    assert len(set(seen)) == 1050
    assert len(fake.requests) == math.ceil(1050 / 100) == 11
    assert fake.connections_opened == 1
    assert {r.connection_id for r in fake.requests} == {fake.requests[0].connection_id}


def test_walk_sends_limit_100_first_then_only_the_token(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 350)
    list(client.iter_backups(INDEX))
    first, *later = fake.requests
    assert first.query == {"limit": ["100"]}
    assert len(later) == 3
    for request in later:
        assert set(request.query) == {"paginationToken"}
        assert len(request.query["paginationToken"]) == 1


def test_iter_backup_pages_keeps_the_chosen_page_size(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 60)
    pages = list(client.iter_backup_pages(INDEX, page_size=25))
    assert [len(p.backups) for p in pages] == [25, 25, 10]
    assert [b.backup_id for p in pages for b in p.backups] == stored_ids(fake)
    assert fake.requests[0].query == {"limit": ["25"]}
    assert pages[-1].next_token is None
    assert all(p.next_token is not None for p in pages[:-1])


@pytest.mark.parametrize("page_size", [25, 10, 100])
def test_resume_sends_the_saved_token_without_limit_and_yields_the_rest(
    fake: FakePinecone, client: Client, page_size: int
) -> None:
    fake.seed(INDEX, 130)
    saved = client.list_backups(INDEX, limit=25).next_token
    assert saved is not None
    before = len(fake.requests)
    pages = list(client.iter_backup_pages(INDEX, page_size=page_size, pagination_token=saved))
    resumed = fake.requests[before:]
    assert resumed[0].query == {"paginationToken": [saved]}
    assert all("limit" not in r.query for r in resumed)
    assert [b.backup_id for p in pages for b in p.backups] == stored_ids(fake)[25:]


def test_iter_backups_resume_yields_exactly_the_remaining_backups(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 230)
    pages = client.iter_backup_pages(INDEX, page_size=100)
    first = next(pages)
    assert first.next_token is not None
    rest = [b.backup_id for b in client.iter_backups(INDEX, pagination_token=first.next_token)]
    assert rest == stored_ids(fake)[100:]


def test_walk_ends_when_last_page_pagination_is_absent(fake: FakePinecone, client: Client) -> None:
    fake.last_page_pagination = "absent"
    fake.seed(INDEX, 250)
    seen = [b.backup_id for b in client.iter_backups(INDEX)]
    assert seen == stored_ids(fake)
    assert len(fake.requests) == 3


def test_walk_ends_when_last_page_pagination_is_null(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 200)
    seen = [b.backup_id for b in client.iter_backups(INDEX)]
    assert seen == stored_ids(fake)
    assert len(fake.requests) == 2


def test_walk_ends_when_pagination_object_has_no_next(fake: FakePinecone, client: Client) -> None:
    wires = fake.seed(INDEX, 3)
    fake.inject(Fault.json({"data": wires, "pagination": {}}))
    pages = list(client.iter_backup_pages(INDEX))
    assert len(pages) == 1
    assert pages[0].next_token is None
    assert [b.backup_id for b in pages[0]] == stored_ids(fake)
    assert len(fake.requests) == 1


def test_walk_of_an_empty_index_yields_nothing_after_one_request(
    fake: FakePinecone, client: Client
) -> None:
    fake.add_index(INDEX)
    assert list(client.iter_backups(INDEX)) == []
    assert len(fake.requests) == 1


def test_walk_is_lazy_one_request_per_page_consumed(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 300)
    pages = client.iter_backup_pages(INDEX)
    assert fake.requests == []
    next(pages)
    assert len(fake.requests) == 1
    next(pages)
    assert len(fake.requests) == 2


def test_walk_stops_with_pagination_error_when_a_token_repeats(
    fake: FakePinecone, client: Client
) -> None:
    fake.repeat_tokens = True
    fake.seed(INDEX, 500)
    received: list[str] = []

    def walk() -> None:
        received.extend(backup.backup_id for backup in client.iter_backups(INDEX))

    with pytest.raises(PaginationError) as caught:
        walk()
    assert received == stored_ids(fake)[:200]
    assert caught.value.page_number == 2
    assert len(fake.requests) == 2


# --- input errors, before any request ---------------------------------------------

BAD_NAMES: list[tuple[object, str]] = [
    ("", "non-empty"),
    (".", "'.' and '..'"),
    ("..", "'.' and '..'"),
    (None, "must be a str"),
    (42, "must be a str"),
    (b"idx", "must be a str"),
]
BAD_SIZES: list[object] = [0, 101, -1, True, "10", 10.0]

LIST_CALLS: dict[str, Callable[[Client, Any], object]] = {
    "list_backups": lambda c, name: c.list_backups(name),
    "iter_backups": lambda c, name: c.iter_backups(name),
    "iter_backup_pages": lambda c, name: c.iter_backup_pages(name),
}
SIZE_CALLS: dict[str, Callable[[Client, Any], object]] = {
    "list_backups(limit)": lambda c, size: c.list_backups(INDEX, limit=size),
    "iter_backups(page_size)": lambda c, size: c.iter_backups(INDEX, page_size=size),
    "iter_backup_pages(page_size)": lambda c, size: c.iter_backup_pages(INDEX, page_size=size),
}


@pytest.mark.parametrize("call", list(LIST_CALLS))
@pytest.mark.parametrize(("name", "allowed"), BAD_NAMES)
def test_bad_index_name_is_rejected_at_the_call_before_any_request(
    fake: FakePinecone, client: Client, call: str, name: object, allowed: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=allowed):
        LIST_CALLS[call](client, name)
    assert fake.requests == []


@pytest.mark.parametrize(("backup_id", "allowed"), BAD_NAMES)
def test_bad_backup_id_is_rejected_before_any_request(
    fake: FakePinecone, client: Client, backup_id: object, allowed: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=allowed):
        client.describe_backup(backup_id)  # type: ignore[arg-type]
    assert fake.requests == []


@pytest.mark.parametrize("call", list(SIZE_CALLS))
@pytest.mark.parametrize("size", BAD_SIZES, ids=repr)
def test_page_size_outside_1_to_100_is_rejected_at_the_call_before_any_request(
    fake: FakePinecone, client: Client, call: str, size: object
) -> None:
    fake.seed(INDEX, 3)
    with pytest.raises(InvalidArgumentError, match="1 to 100"):
        SIZE_CALLS[call](client, size)
    assert fake.requests == []


@pytest.mark.parametrize("token", ["", 123])
def test_bad_pagination_token_is_rejected_before_any_request(
    fake: FakePinecone, client: Client, token: object
) -> None:
    with pytest.raises(InvalidArgumentError, match="pagination_token"):
        client.list_backups(INDEX, pagination_token=token)  # type: ignore[arg-type]
    assert fake.requests == []


ARGUMENT_ERRORS: dict[str, tuple[Callable[[Client], object], str]] = {
    "list_backups(42)": (
        lambda c: c.list_backups(42),  # type: ignore[arg-type]
        "index_name must be a str, got int",
    ),
    "iter_backups(None)": (
        lambda c: c.iter_backups(None),  # type: ignore[arg-type]
        "index_name must be a str, got NoneType",
    ),
    "iter_backup_pages(b'idx')": (
        lambda c: c.iter_backup_pages(b"idx"),  # type: ignore[arg-type]
        "index_name must be a str, got bytes",
    ),
    "list_backups(limit='5')": (
        lambda c: c.list_backups(INDEX, limit="5"),  # type: ignore[arg-type]
        "limit must be an int from 1 to 100, got str",
    ),
    "list_backups(limit=0)": (
        lambda c: c.list_backups(INDEX, limit=0),
        "limit must be from 1 to 100 (the API's page size range), got 0",
    ),
    "iter_backups(page_size=0)": (
        lambda c: c.iter_backups(INDEX, page_size=0),
        "page_size must be from 1 to 100 (the API's page size range), got 0",
    ),
    "iter_backup_pages(page_size=10.0)": (
        lambda c: c.iter_backup_pages(INDEX, page_size=10.0),  # type: ignore[arg-type]
        "page_size must be an int from 1 to 100, got float",
    ),
    "list_backups(lone surrogate token)": (
        lambda c: c.list_backups(INDEX, pagination_token="ab\ud800cd"),
        "pagination_token cannot be sent: it holds a lone surrogate character, which cannot be "
        "sent as UTF-8",
    ),
    "list_backups(token one past the longest)": (
        lambda c: c.list_backups(INDEX, pagination_token="t" * 64_513),
        "pagination_token cannot be sent: it is 64513 characters long once URL-encoded, more "
        "than a URL can carry (at most 64512)",
    ),
    "iter_backups(token of slashes)": (
        # Each '/' is 3 characters once encoded: 21,505 of them are 64,515.
        lambda c: c.iter_backups(INDEX, pagination_token="/" * 21_505),
        "pagination_token cannot be sent: it is 64515 characters long once URL-encoded, more "
        "than a URL can carry (at most 64512)",
    ),
}


@pytest.mark.parametrize("call", list(ARGUMENT_ERRORS))
def test_a_bad_argument_error_names_the_argument_and_what_it_got_exactly(
    fake: FakePinecone, client: Client, call: str
) -> None:
    make_call, message = ARGUMENT_ERRORS[call]
    with pytest.raises(InvalidArgumentError) as caught:
        make_call(client)
    assert str(caught.value) == message
    assert fake.requests == []


def test_a_token_exactly_as_long_as_a_url_can_carry_is_sent(
    fake: FakePinecone, client: Client
) -> None:
    fake.add_index(INDEX)
    with pytest.raises(BadRequestError) as caught:
        client.list_backups(INDEX, pagination_token="t" * 64_512)
    # The server saw it (and did not know it): the SDK did not refuse it.
    assert len(fake.requests) == 1
    assert caught.value.message.startswith("Invalid pagination token: 'tttt")


def test_invalid_argument_error_is_also_a_value_error() -> None:
    assert issubclass(InvalidArgumentError, ValueError)


# --- errors ----------------------------------------------------------------------


def test_unknown_index_raises_not_found_with_status_code_message_and_request_id(
    client: Client,
) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.list_backups("no-such-index")
    error = caught.value
    assert error.status_code == 404
    assert error.code == "NOT_FOUND"
    assert "no-such-index" in error.message
    assert error.request_id is not None
    uuid.UUID(error.request_id)  # the fake sends a uuid4 in x-pinecone-request-id
    assert error.attempts == 1


def test_request_id_header_value_is_carried_by_the_error(
    fake: FakePinecone, client: Client
) -> None:
    fake.inject(Fault(status=404, headers={"x-pinecone-request-id": "req-7f3a"}))
    with pytest.raises(NotFoundError) as caught:
        client.describe_backup("whatever")
    assert caught.value.request_id == "req-7f3a"
    assert "req-7f3a" in str(caught.value)


def test_unknown_backup_raises_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.describe_backup("00000000-0000-4000-8000-000000000000")
    assert caught.value.status_code == 404
    assert "00000000-0000-4000-8000-000000000000" in caught.value.message


def test_iter_backups_of_unknown_index_raises_not_found_when_iterated(client: Client) -> None:
    walk = client.iter_backups("no-such-index")
    with pytest.raises(NotFoundError):
        next(walk)


def test_wrong_key_json_401_raises_authentication_error_without_the_key(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_index(INDEX)
    client = make_client(api_key="wrong-key-0123456789")
    with pytest.raises(AuthenticationError) as caught:
        client.list_backups(INDEX)
    error = caught.value
    assert error.status_code == 401
    assert error.code == "UNAUTHENTICATED"
    assert "wrong-key-0123456789" not in str(error)
    assert len(fake.requests) == 1  # a 401 is not retried


def test_plain_text_401_raises_authentication_error_with_the_text(
    fake: FakePinecone, client: Client
) -> None:
    fake.add_index(INDEX)
    fake.inject(Fault.plain_text_401())
    with pytest.raises(AuthenticationError) as caught:
        client.list_backups(INDEX)
    error = caught.value
    assert "Invalid API Key" in error.message
    assert "Invalid API Key" in str(error)
    assert error.code is None
    assert not isinstance(error, MalformedResponseError)
    assert "JSON" not in str(error)
    assert "Expecting value" not in str(error)


def test_403_raises_permission_denied(fake: FakePinecone, client: Client) -> None:
    fake.inject(Fault(status=403))
    with pytest.raises(PermissionDeniedError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 403
    assert caught.value.code == "FORBIDDEN"


def test_invalid_token_400_raises_bad_request(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 3)
    with pytest.raises(BadRequestError) as caught:
        client.list_backups(INDEX, pagination_token="not-a-real-token")
    assert caught.value.status_code == 400
    assert caught.value.code == "INVALID_ARGUMENT"
    assert len(fake.requests) == 1


def test_undocumented_status_raises_unexpected_status_without_retry(
    fake: FakePinecone, client: Client
) -> None:
    fake.inject(Fault(status=418, times=3))
    with pytest.raises(UnexpectedStatusError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 418
    assert len(fake.requests) == 1


def test_redirect_is_not_followed(fake: FakePinecone, client: Client) -> None:
    fake.inject(Fault.redirect(fake.base_url + "/indexes/other/backups"))
    with pytest.raises(UnexpectedStatusError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 302
    assert len(fake.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_after_all_retries_carries_the_attempts(
    fake: FakePinecone, make_client: MakeClient, status: int
) -> None:
    fake.inject(Fault.server_error(status, times=10))
    client = make_client(max_retries=2)
    with pytest.raises(ServerError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == status
    assert caught.value.attempts == 3
    assert len(fake.requests) == 3


def test_transient_server_errors_are_retried_until_success(
    fake: FakePinecone, client: Client
) -> None:
    fake.seed(INDEX, 5)
    fake.inject(Fault.server_error(503, times=2))
    page = client.list_backups(INDEX, limit=5)
    assert [b.backup_id for b in page] == stored_ids(fake)
    assert len(fake.requests) == 3


def test_per_call_max_retries_overrides_the_client(fake: FakePinecone, client: Client) -> None:
    fake.inject(Fault.server_error(500, times=10))
    with pytest.raises(ServerError) as caught:
        client.list_backups(INDEX, max_retries=0)
    assert caught.value.attempts == 1
    assert len(fake.requests) == 1


def test_rate_limit_after_retries_raises_with_retry_after(
    fake: FakePinecone, client: Client
) -> None:
    fake.inject(Fault.rate_limited(retry_after="0", times=10))
    with pytest.raises(RateLimitError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 429
    assert caught.value.retry_after == 0.0
    assert caught.value.attempts == 3


def test_proxy_html_error_page_gives_server_error_not_a_json_error(
    fake: FakePinecone, client: Client
) -> None:
    fake.inject(Fault.html(502, times=10))
    with pytest.raises(ServerError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 502
    assert caught.value.code is None
    assert "<html>" in caught.value.body.decode()


def test_empty_200_body_raises_malformed_response(fake: FakePinecone, client: Client) -> None:
    fake.add_index(INDEX)
    fake.inject(Fault.empty())
    with pytest.raises(MalformedResponseError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 200
    assert caught.value.body == b""


@pytest.mark.parametrize("body", [{"data": "nope"}, [1, 2], {"pagination": None}])
def test_list_body_of_the_wrong_shape_raises_malformed_response(
    fake: FakePinecone, client: Client, body: object
) -> None:
    fake.inject(Fault.json(body))
    with pytest.raises(MalformedResponseError):
        client.list_backups(INDEX)


def test_error_body_echoing_the_key_is_redacted_in_the_message(
    fake: FakePinecone, client: Client
) -> None:
    echo = {"status": 400, "error": {"code": "INVALID_ARGUMENT", "message": f"bad {fake.api_key}"}}
    fake.inject(Fault.json(echo, status=400))
    with pytest.raises(BadRequestError) as caught:
        client.list_backups(INDEX)
    assert fake.api_key not in str(caught.value)
    assert fake.api_key not in caught.value.message


@pytest.mark.parametrize(
    "body",
    [{"data": [], "pagination": "a-bare-token"}, {"data": ["not an object"], "pagination": None}],
    ids=["pagination-not-an-object", "backup-not-an-object"],
)
def test_page_parts_of_the_wrong_type_raise_malformed_response(
    fake: FakePinecone, client: Client, body: object
) -> None:
    fake.inject(Fault.json(body))
    with pytest.raises(MalformedResponseError) as caught:
        client.list_backups(INDEX)
    assert caught.value.status_code == 200
    assert json.loads(caught.value.body) == body


def test_dropped_connection_is_retried(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 2)
    fake.inject(Fault.dropped())
    assert len(client.list_backups(INDEX).backups) == 2
    assert len(fake.requests) == 2


def test_truncated_body_is_retried(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 2)
    fake.inject(Fault.truncated_json())
    assert len(client.list_backups(INDEX).backups) == 2
    assert len(fake.requests) == 2


def test_connection_dropped_every_time_raises_api_connection_error(
    fake: FakePinecone, client: Client
) -> None:
    fake.inject(Fault.dropped(times=10))
    with pytest.raises(APIConnectionError) as caught:
        client.list_backups(INDEX)
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.attempts == 3


def test_connection_refused_raises_api_connection_error() -> None:
    with FakePinecone() as stopped:
        url, key = stopped.base_url, stopped.api_key
    with (
        Client(api_key=key, base_url=url, max_retries=1, backoff=FAST_BACKOFF) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.list_backups(INDEX)
    assert caught.value.attempts == 2


@pytest.mark.parametrize(
    "error_class",
    [
        ConfigurationError,
        InvalidArgumentError,
        APIConnectionError,
        APITimeoutError,
        APIStatusError,
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        RateLimitError,
        ServerError,
        UnexpectedStatusError,
        MalformedResponseError,
        PaginationError,
    ],
)
def test_every_error_is_a_pinecone_backups_error(error_class: type[Exception]) -> None:
    assert issubclass(error_class, PineconeBackupsError)


# --- timeout ----------------------------------------------------------------------


def test_default_timeout_is_finite(fake: FakePinecone) -> None:
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        for value in (client.timeout.connect, client.timeout.read, client.timeout.pool):
            assert isinstance(value, int | float)
            assert 0 < value < math.inf


def test_slow_server_raises_api_timeout_error(fake: FakePinecone, make_client: MakeClient) -> None:
    fake.add_index(INDEX)
    fake.inject(Fault.slow(1.0))
    client = make_client(timeout=0.2, max_retries=0)
    with pytest.raises(APITimeoutError) as caught:
        client.list_backups(INDEX)
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.attempts == 1


# --- lifecycle ----------------------------------------------------------------------


def test_repr_never_shows_the_api_key(fake: FakePinecone) -> None:
    with Client(api_key="sk-secret-in-repr-test", base_url=fake.base_url) as client:
        text = repr(client)
        assert "sk-secret-in-repr-test" not in text
        assert fake.base_url in text


def test_describe_and_list_share_one_connection(fake: FakePinecone, client: Client) -> None:
    fake.seed(INDEX, 30)
    for backup_id in stored_ids(fake)[:5]:
        client.describe_backup(backup_id)
    client.list_backups(INDEX)
    assert len(fake.requests) == 6
    assert fake.connections_opened == 1


def test_close_closes_the_pool_so_no_further_request_is_sent(
    fake: FakePinecone, make_client: MakeClient
) -> None:
    fake.add_index(INDEX)
    client = make_client()
    client.list_backups(INDEX)
    client.close()
    with pytest.raises(ConfigurationError, match="closed"):
        client.list_backups(INDEX)
    assert len(fake.requests) == 1


def test_with_block_closes_the_client(fake: FakePinecone) -> None:
    fake.add_index(INDEX)
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        client.list_backups(INDEX)
    with pytest.raises(ConfigurationError, match="closed"):
        client.list_backups(INDEX)
    assert len(fake.requests) == 1


def test_close_leaves_a_caller_supplied_http_client_open(fake: FakePinecone) -> None:
    fake.add_index(INDEX)
    with httpx.Client() as http:
        with Client(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as client:
            client.list_backups(INDEX)
        assert not http.is_closed
        assert fake.requests[-1].headers["api-key"] == fake.api_key
