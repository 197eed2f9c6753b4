"""FakePinecone through real HTTP, with plain httpx."""

from __future__ import annotations

import base64
import json
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from pinecone_backups._config import API_KEY_HEADER, API_VERSION, API_VERSION_HEADER
from pinecone_backups.testing import OMIT, FakePinecone, Fault, RecordedRequest

LIST = "/indexes/{}/backups"


def walk(client: httpx.Client, index: str, limit: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Follow the tokens to the end; return the ids and every page body."""
    ids: list[str] = []
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit}
    for _ in range(1000):
        response = client.get(LIST.format(index), params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        ids.extend(row["backup_id"] for row in page["data"])
        if not page.get("pagination"):
            return ids, pages
        params = {"paginationToken": page["pagination"]["next"]}
    raise AssertionError("the walk did not end")


def error_of(response: httpx.Response) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "error"}
    assert body["status"] == response.status_code
    assert isinstance(body["error"]["message"], str)
    error: dict[str, Any] = body["error"]
    return error


# -- lifecycle -------------------------------------------------------------------


def test_base_url_is_loopback_on_a_free_port(fake: FakePinecone) -> None:
    assert fake.base_url.startswith("http://127.0.0.1:")
    assert int(fake.base_url.rsplit(":", 1)[1]) > 0


def test_base_url_before_start_raises() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = FakePinecone().base_url


def test_starting_twice_raises(fake: FakePinecone) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        fake.start()


def test_random_api_key_when_none_given() -> None:
    first, second = FakePinecone(), FakePinecone()
    assert first.api_key.startswith("fake-pinecone-")
    assert first.api_key != second.api_key


def test_stop_closes_idle_keep_alive_connections(
    good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    fake = FakePinecone(api_key="test-key").start()
    fake.add_index("idx")
    client = make_client(base_url=fake.base_url, headers=good_headers, timeout=2.0)
    assert client.get(LIST.format("idx")).status_code == 200
    started = time.monotonic()
    fake.stop()
    # Generous: a stop that waited for the idle connection to time out would hang.
    assert time.monotonic() - started < 10.0
    with pytest.raises(httpx.TransportError):
        client.get(LIST.format("idx"))
    fake.stop()  # stopping twice is harmless
    assert fake.connections_opened == 1  # the count of the run that ended


# -- auth and version --------------------------------------------------------------


def test_missing_api_key_is_401_unauthenticated(
    fake: FakePinecone, make_client: Callable[..., httpx.Client]
) -> None:
    fake.add_index("idx")
    response = make_client(base_url=fake.base_url).get(
        LIST.format("idx"), headers={API_VERSION_HEADER: API_VERSION}
    )
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "error": {"code": "UNAUTHENTICATED", "message": "Invalid API Key"},
    }


def test_wrong_api_key_is_401_unauthenticated(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    response = client.get(LIST.format("idx"), headers={API_KEY_HEADER: "wrong"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "UNAUTHENTICATED"


def test_missing_version_header_is_400_saying_it_is_required(
    fake: FakePinecone, make_client: Callable[..., httpx.Client]
) -> None:
    fake.add_index("idx")
    response = make_client(base_url=fake.base_url).get(
        LIST.format("idx"), headers={API_KEY_HEADER: "test-key"}
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "INVALID_ARGUMENT"
    assert API_VERSION_HEADER in error["message"]
    assert "required" in error["message"]


def test_other_version_is_400_naming_the_supported_one(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    response = client.get(LIST.format("idx"), headers={API_VERSION_HEADER: "2024-07"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "INVALID_ARGUMENT"
    assert API_VERSION in error["message"]
    assert "2024-07" in error["message"]


def test_api_version_is_configurable(
    good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    other_version = "1999-01" if API_VERSION != "1999-01" else "1999-02"
    with FakePinecone(api_key="test-key", api_version=other_version) as fake:
        fake.add_index("idx")
        http = make_client(base_url=fake.base_url)
        assert http.get(LIST.format("idx"), headers=good_headers).status_code == 400
        good_headers[API_VERSION_HEADER] = other_version
        assert http.get(LIST.format("idx"), headers=good_headers).status_code == 200


def test_describe_also_checks_auth(client: httpx.Client, fake: FakePinecone) -> None:
    backup = fake.add_backup("idx")
    response = client.get(f"/backups/{backup['backup_id']}", headers={API_KEY_HEADER: "nope"})
    assert response.status_code == 401


# -- limit -------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "", "1.5", "1e2"])
def test_limit_not_an_integer_from_1_to_100_is_400(
    client: httpx.Client, fake: FakePinecone, limit: str
) -> None:
    fake.seed("idx", 3)
    response = client.get(LIST.format("idx"), params={"limit": limit})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "INVALID_ARGUMENT"
    assert "limit must be between 1 and 100" in error["message"]


@pytest.mark.parametrize(("limit", "expected"), [(1, 1), (100, 100), (37, 37)])
def test_limit_within_bounds_sets_the_page_size(
    client: httpx.Client, fake: FakePinecone, limit: int, expected: int
) -> None:
    fake.seed("idx", 150)
    page = client.get(LIST.format("idx"), params={"limit": limit}).json()
    assert len(page["data"]) == expected


def test_default_limit_is_10(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 25)
    page = client.get(LIST.format("idx")).json()
    assert len(page["data"]) == 10
    assert page["pagination"]["next"]


# -- not found ---------------------------------------------------------------------


def test_unknown_index_is_404_not_found(client: httpx.Client) -> None:
    response = client.get(LIST.format("nope"))
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "NOT_FOUND"
    assert "Index nope not found" in error["message"]


def test_unknown_backup_is_404_not_found(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 2)
    response = client.get("/backups/does-not-exist")
    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/indexes"),
        ("GET", "/indexes/idx"),
        ("GET", "/indexes/idx/backups/"),
        ("GET", "/indexes/idx/backups/extra"),
        ("GET", "/backups"),
        ("GET", "/backups/a/b"),
        ("POST", "/indexes/idx/backups"),
        ("DELETE", "/backups/x"),
        ("PATCH", "/indexes/idx/backups"),
    ],
)
def test_other_routes_and_methods_are_404(
    client: httpx.Client, fake: FakePinecone, method: str, path: str
) -> None:
    fake.add_backup("idx", backup_id="x")
    response = client.request(method, path, content=b"{}" if method != "GET" else None)
    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"


def test_a_post_body_is_read_so_the_connection_stays_usable(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    assert client.post(LIST.format("idx"), content=b"x" * 5000).status_code == 404
    assert client.get(LIST.format("idx")).status_code == 200
    assert fake.connections_opened == 1


def test_head_gets_a_404_without_a_body(client: httpx.Client) -> None:
    response = client.head("/anything")
    assert response.status_code == 404
    assert response.content == b""
    assert int(response.headers["content-length"]) > 0


# -- pagination --------------------------------------------------------------------


def test_walk_collects_every_id_once_and_last_page_has_null_pagination(
    client: httpx.Client, fake: FakePinecone
) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 95)]
    ids, pages = walk(client, "idx", limit=10)
    assert ids == seeded
    assert len(pages) == 10
    assert len(pages[-1]["data"]) == 5
    assert "pagination" in pages[-1]
    assert pages[-1]["pagination"] is None
    assert all(page["pagination"]["next"] for page in pages[:-1])


def test_exact_multiple_of_the_page_size_ends_without_an_empty_page(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.seed("idx", 30)
    ids, pages = walk(client, "idx", limit=10)
    assert len(ids) == 30
    assert [len(page["data"]) for page in pages] == [10, 10, 10]
    assert pages[-1]["pagination"] is None


def test_absent_mode_omits_the_pagination_key_on_the_last_page(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.last_page_pagination = "absent"
    fake.seed("idx", 15)
    ids, pages = walk(client, "idx", limit=10)
    assert len(ids) == 15
    assert "pagination" in pages[0]
    assert "pagination" not in pages[-1]


def test_last_page_pagination_rejects_other_modes(fake: FakePinecone) -> None:
    with pytest.raises(ValueError, match="absent"):
        fake.last_page_pagination = "missing"
    assert fake.last_page_pagination == "null"


def test_empty_index_gives_empty_data_and_null_pagination(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("empty")
    response = client.get(LIST.format("empty"))
    assert response.status_code == 200
    assert response.json() == {"data": [], "pagination": None}


def test_token_carries_page_size_when_limit_is_omitted(
    client: httpx.Client, fake: FakePinecone
) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 20)]
    first = client.get(LIST.format("idx"), params={"limit": 3}).json()
    token = first["pagination"]["next"]
    second = client.get(LIST.format("idx"), params={"paginationToken": token}).json()
    assert [b["backup_id"] for b in second["data"]] == seeded[3:6]


def test_token_with_the_same_limit_continues_normally(
    client: httpx.Client, fake: FakePinecone
) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 20)]
    first = client.get(LIST.format("idx"), params={"limit": 4}).json()
    params = {"paginationToken": first["pagination"]["next"], "limit": 4}
    second = client.get(LIST.format("idx"), params=params).json()
    assert [b["backup_id"] for b in second["data"]] == seeded[4:8]


def test_token_with_a_smaller_limit_repeats_rows(client: httpx.Client, fake: FakePinecone) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 40)]
    page_1 = client.get(LIST.format("idx"), params={"limit": 10}).json()
    token = page_1["pagination"]["next"]  # page 1 of size 10: rows 10..19
    page_2 = client.get(LIST.format("idx"), params={"paginationToken": token, "limit": 5}).json()
    # The server keeps the page number and applies the new size: rows 5..9, already seen.
    assert [b["backup_id"] for b in page_2["data"]] == seeded[5:10]


def test_token_with_a_larger_limit_skips_rows(client: httpx.Client, fake: FakePinecone) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 60)]
    page_1 = client.get(LIST.format("idx"), params={"limit": 10}).json()
    token = page_1["pagination"]["next"]
    page_2 = client.get(LIST.format("idx"), params={"paginationToken": token, "limit": 20}).json()
    assert [b["backup_id"] for b in page_2["data"]] == seeded[20:40]  # rows 10..19 never come


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "!!!",
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(b'{"i": "idx", "p": "1", "s": 10}').decode(),
        base64.urlsafe_b64encode(b'{"i": "idx", "p": 1, "s": 500}').decode(),
        base64.urlsafe_b64encode(b'{"i": "other", "p": 1, "s": 10}').decode(),
    ],
)
def test_invalid_token_is_400_invalid_argument(
    client: httpx.Client, fake: FakePinecone, token: str
) -> None:
    fake.seed("idx", 30)
    response = client.get(LIST.format("idx"), params={"paginationToken": token})
    assert response.status_code == 400
    assert error_of(response)["code"] == "INVALID_ARGUMENT"


def test_tokens_are_opaque_urlsafe_strings(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 30)
    tokens = {page["pagination"]["next"] for page in walk(client, "idx", limit=7)[1][:-1]}
    assert len(tokens) == 4
    for token in tokens:
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_repeat_tokens_hands_back_the_page_one_token_forever(
    client: httpx.Client, fake: FakePinecone
) -> None:
    seeded = [b["backup_id"] for b in fake.seed("idx", 50)]
    fake.repeat_tokens = True
    first = client.get(LIST.format("idx"), params={"limit": 10}).json()
    token = first["pagination"]["next"]
    for _ in range(5):
        page = client.get(LIST.format("idx"), params={"paginationToken": token}).json()
        assert [b["backup_id"] for b in page["data"]] == seeded[10:20]
        assert page["pagination"]["next"] == token


def test_repeat_tokens_still_ends_a_walk_that_fits_two_pages(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.seed("idx", 15)
    fake.repeat_tokens = True
    ids, pages = walk(client, "idx", limit=10)
    assert len(ids) == 15
    assert pages[-1]["pagination"] is None


def test_100k_seeded_backups_page_to_the_right_deep_page(
    client: httpx.Client, fake: FakePinecone
) -> None:
    # Speed belongs to the bench (nox -s bench); this checks what a deep page holds.
    rows = fake.seed("big", 100_000)
    assert len(rows) == len(fake.backups("big")) == 100_000
    first = client.get(LIST.format("big"), params={"limit": 100}).json()
    token = json.loads(base64.urlsafe_b64decode(first["pagination"]["next"] + "=="))
    deep = base64.urlsafe_b64encode(json.dumps({**token, "p": 998}).encode()).decode()
    page = client.get(LIST.format("big"), params={"paginationToken": deep}).json()
    assert page["data"][0]["name"] == "big-backup-099800"
    assert page["pagination"]["next"]


# -- stored values -----------------------------------------------------------------


def test_add_backup_builds_a_realistic_backup_model(fake: FakePinecone) -> None:
    backup = fake.add_backup("idx")
    assert uuid.UUID(str(backup["backup_id"])).version == 4
    assert backup["source_index_name"] == "idx"
    assert uuid.UUID(str(backup["source_index_id"]))
    assert backup["status"] == "Ready"
    assert (backup["cloud"], backup["region"]) == ("aws", "us-east-1")
    assert (backup["dimension"], backup["metric"], backup["tags"]) == (1024, "cosine", {})
    for key in ("name", "description", "record_count", "namespace_count", "size_bytes"):
        assert key in backup
    created_at = str(backup["created_at"])
    assert created_at.endswith("Z")
    assert len(created_at.split(".")[1]) == 7  # six digits of microseconds and the Z


def test_backups_of_one_index_share_a_source_index_id(fake: FakePinecone) -> None:
    first, second = fake.add_backup("idx"), fake.add_backup("idx")
    other = fake.add_backup("other")
    assert first["source_index_id"] == second["source_index_id"] != other["source_index_id"]
    assert fake.seed("idx", 1)[0]["source_index_id"] == first["source_index_id"]


def test_add_backup_applies_fields_verbatim_and_omit_removes_them(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_backup(
        "idx",
        backup_id="b-1",
        status=OMIT,
        tags=None,
        dimension="wide",
        future_field={"x": 1},
    )
    served = client.get(LIST.format("idx")).json()["data"][0]
    assert served["backup_id"] == "b-1"
    assert "status" not in served
    assert served["tags"] is None
    assert served["dimension"] == "wide"
    assert served["future_field"] == {"x": 1}


def test_add_backup_returns_the_stored_dict(client: httpx.Client, fake: FakePinecone) -> None:
    backup = fake.add_backup("idx", backup_id="b-1")
    backup["status"] = "Failed"
    assert client.get("/backups/b-1").json()["status"] == "Failed"


def test_malformed_raw_values_go_out_as_they_are(client: httpx.Client, fake: FakePinecone) -> None:
    raw: list[object] = [{"backup_id": "b-1"}, "not an object", 42, None, [1]]
    for value in raw:
        fake.add_raw_backup("idx", value)
    assert client.get(LIST.format("idx")).json() == {"data": raw, "pagination": None}
    assert client.get("/backups/b-1").json() == {"backup_id": "b-1"}


def test_describe_returns_the_stored_backup(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 5)
    backup = fake.add_backup("idx", name="nightly", metric="hamming")
    response = client.get(f"/backups/{backup['backup_id']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == backup


def test_backups_returns_a_copy_of_the_stored_list(fake: FakePinecone) -> None:
    fake.seed("idx", 3)
    copy = fake.backups("idx")
    copy.clear()
    assert len(fake.backups("idx")) == 3
    with pytest.raises(KeyError):
        fake.backups("missing")


def test_seed_is_deterministic_and_varied() -> None:
    first, second = FakePinecone(), FakePinecone()
    a, b = first.seed("idx", 300), second.seed("idx", 300)
    assert a == b
    ids = [row["backup_id"] for row in a]
    assert len(set(ids)) == 300
    assert all(uuid.UUID(str(i)).version == 4 for i in ids)
    created = [str(row["created_at"]) for row in a]
    assert created == sorted(created)
    assert len(set(created)) == 300
    assert {row["status"] for row in a} >= {"Ready", "Pending", "Initializing", "Failed"}
    assert {row["metric"] for row in a} == {"cosine", "euclidean", "dotproduct"}
    assert any(row["tags"] for row in a)
    more = first.seed("idx", 5)
    assert not {row["backup_id"] for row in more} & set(ids)
    assert str(more[0]["created_at"]) > created[-1]


# -- names and recorded requests ---------------------------------------------------


@pytest.mark.parametrize("name", ["a/b", "with space", "ünïcode", "50%", "a+b", "q?x#y"])
def test_percent_encoded_names_are_decoded(
    client: httpx.Client, fake: FakePinecone, name: str
) -> None:
    fake.add_backup(name, backup_id=f"id {name}")
    path = LIST.format(quote(name, safe=""))
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.json()["data"][0]["source_index_name"] == name
    assert fake.requests[-1].path == path
    described = client.get("/backups/" + quote(f"id {name}", safe=""))
    assert described.status_code == 200, described.text
    assert described.json()["backup_id"] == f"id {name}"


def test_index_name_with_a_slash_does_not_make_extra_segments(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_backup("a/b", backup_id="x/y")
    assert client.get("/indexes/a%2Fb/backups").status_code == 200
    assert client.get("/indexes/a/b/backups").status_code == 404
    assert client.get("/backups/x%2Fy").json()["backup_id"] == "x/y"


def test_requests_are_recorded_with_raw_path_query_and_lower_case_headers(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.seed("a/b", 5)
    client.get("/indexes/a%2Fb/backups", params={"limit": 2, "paginationToken": ""})
    client.get("/nowhere", headers={"X-Custom": "Yes"})
    assert len(fake.requests) == 2
    first, second = fake.requests
    assert isinstance(first, RecordedRequest)
    assert first.method == "GET"
    assert first.path == "/indexes/a%2Fb/backups"
    assert first.query == {"limit": ["2"], "paginationToken": [""]}
    assert first.headers["api-key"] == "test-key"
    assert first.headers["x-pinecone-api-version"] == API_VERSION
    assert all(name == name.lower() for name in first.headers)
    assert second.path == "/nowhere"
    assert second.query == {}
    assert second.headers["x-custom"] == "Yes"


def test_every_response_carries_a_fresh_request_id(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    fake.inject(Fault.html())
    responses = [
        client.get(LIST.format("idx")),
        client.get(LIST.format("idx")),
        client.get("/backups/none"),
        client.get(LIST.format("idx"), headers={API_KEY_HEADER: "bad"}),
    ]
    assert [r.status_code for r in responses] == [502, 200, 404, 401]
    ids = {r.headers["x-pinecone-request-id"] for r in responses}
    assert len(ids) == 4


# -- connections -------------------------------------------------------------------


def test_keep_alive_reuses_one_connection(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 30)
    walk(client, "idx", limit=5)
    client.get("/backups/none")
    client.get(LIST.format("idx"), params={"limit": 0})
    assert len(fake.requests) == 8
    assert fake.connections_opened == 1
    assert {request.connection_id for request in fake.requests} == {1}


def test_separate_clients_open_separate_connections(
    fake: FakePinecone, good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    fake.add_index("idx")
    for _ in range(3):
        with make_client(base_url=fake.base_url, headers=good_headers) as http:
            http.get(LIST.format("idx"))
            http.get(LIST.format("idx"))
    assert fake.connections_opened == 3
    assert [r.connection_id for r in fake.requests] == [1, 1, 2, 2, 3, 3]


def test_raw_socket_sees_content_length_and_keep_alive(fake: FakePinecone) -> None:
    fake.add_index("idx")
    host, port = fake.base_url.removeprefix("http://").split(":")
    request = (
        f"GET /indexes/idx/backups HTTP/1.1\r\nHost: x\r\nApi-Key: test-key\r\n"
        f"{API_VERSION_HEADER}: {API_VERSION}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=2) as sock:
        for _ in range(2):
            sock.sendall(request)
            received = b""
            while b"\r\n\r\n" not in received or not received.endswith(b"null}"):
                received += sock.recv(65536)
            head, body = received.split(b"\r\n\r\n", 1)
            assert head.startswith(b"HTTP/1.1 200 OK")
            assert f"Content-Length: {len(body)}".encode() in head
    assert fake.connections_opened == 1


# -- faults ------------------------------------------------------------------------


def test_rate_limited_sends_429_with_retry_after(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    fake.inject(Fault.rate_limited(retry_after="3"))
    response = client.get(LIST.format("idx"))
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert error_of(response)["code"] == "RESOURCE_EXHAUSTED"
    assert client.get(LIST.format("idx")).status_code == 200


def test_rate_limited_without_retry_after_sends_no_header(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.inject(Fault.rate_limited())
    response = client.get(LIST.format("idx"))
    assert response.status_code == 429
    assert "retry-after" not in response.headers


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (500, "INTERNAL"),
        (502, "UNAVAILABLE"),
        (503, "UNAVAILABLE"),
        (504, "UNAVAILABLE"),
        (408, "DEADLINE_EXCEEDED"),
        (403, "FORBIDDEN"),
        (404, "NOT_FOUND"),
        (418, "UNKNOWN"),
    ],
)
def test_server_error_sends_an_error_response_with_a_matching_code(
    client: httpx.Client, fake: FakePinecone, status: int, code: str
) -> None:
    fake.inject(Fault.server_error(status))
    response = client.get("/backups/x")
    assert response.status_code == status
    assert error_of(response)["code"] == code


def test_faults_answer_regardless_of_headers_but_are_recorded(
    fake: FakePinecone, make_client: Callable[..., httpx.Client]
) -> None:
    fake.inject(Fault.server_error(503))
    response = make_client(base_url=fake.base_url).get("/backups/x")  # no key, no version
    assert response.status_code == 503
    assert len(fake.requests) == 1
    assert "api-key" not in fake.requests[0].headers


def test_html_sends_a_proxy_error_page(client: httpx.Client, fake: FakePinecone) -> None:
    fake.inject(Fault.html(504))
    response = client.get(LIST.format("idx"))
    assert response.status_code == 504
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().startswith("<html>")
    assert "504 Gateway Time-out" in response.text or "504 Gateway Timeout" in response.text
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_empty_sends_an_empty_body_with_content_length_zero(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.inject(Fault.empty())
    fake.inject(Fault.empty(503))
    first, second = client.get(LIST.format("idx")), client.get(LIST.format("idx"))
    assert (first.status_code, second.status_code) == (200, 503)
    for response in (first, second):
        assert response.content == b""
        assert response.headers["content-length"] == "0"
    assert fake.connections_opened == 1


def test_truncated_json_cuts_the_body_and_closes(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 10)
    fake.inject(Fault.truncated_json())
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.get(LIST.format("idx"))
    assert client.get(LIST.format("idx")).status_code == 200  # on a new connection
    assert fake.connections_opened == 2


def test_truncated_stream_declares_the_full_length(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.inject(Fault(body=b"0123456789", truncate=4))
    with client.stream("GET", "/x") as response:
        assert response.headers["content-length"] == "10"
        received: list[bytes] = []

        def read_all() -> None:
            received.extend(response.iter_raw())

        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            read_all()
    assert b"".join(received) == b"0123"


def test_plain_text_401_is_text_plain(client: httpx.Client, fake: FakePinecone) -> None:
    fake.inject(Fault.plain_text_401())
    response = client.get(LIST.format("idx"))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "Invalid API Key"


def test_dropped_closes_without_a_response(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    fake.inject(Fault.dropped())
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(LIST.format("idx"))
    assert client.get(LIST.format("idx")).status_code == 200
    assert len(fake.requests) == 2


def test_slow_makes_a_client_with_a_short_timeout_give_up(
    fake: FakePinecone, good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    fake.add_index("idx")
    fake.inject(Fault.slow(2.0))
    http = make_client(base_url=fake.base_url, headers=good_headers, timeout=0.1)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        http.get(LIST.format("idx"))
    # Generous: the client gave up long before the 2 s answer, whatever the load.
    assert time.monotonic() - started < 1.5


def test_slow_answers_normally_after_the_delay(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 3)
    fake.inject(Fault.slow(0.15))
    started = time.monotonic()
    response = client.get(LIST.format("idx"))
    assert time.monotonic() - started >= 0.15
    assert len(response.json()["data"]) == 3


def test_redirect_sends_location(client: httpx.Client, fake: FakePinecone) -> None:
    fake.inject(Fault.redirect("https://elsewhere.example/v2", status=307))
    response = client.get(LIST.format("idx"))
    assert response.status_code == 307
    assert response.headers["location"] == "https://elsewhere.example/v2"
    assert response.content == b""


def test_json_sends_any_value_including_null(client: httpx.Client, fake: FakePinecone) -> None:
    fake.inject(Fault.json(None))
    fake.inject(Fault.json({"data": "nope"}, status=201))
    first, second = client.get("/x"), client.get("/x")
    assert (first.status_code, first.content) == (200, b"null")
    assert (second.status_code, second.json()) == (201, {"data": "nope"})
    assert second.headers["content-type"] == "application/json"


def test_fault_bodies_by_type(client: httpx.Client, fake: FakePinecone) -> None:
    fake.inject(Fault(status=500, body=b"{not json"))
    fake.inject(Fault(status=500, body="oops"))
    fake.inject(Fault(status=500, body={"a": [1]}))
    fake.inject(Fault(status=500, body="<b>", content_type="text/html"))
    fake.inject(Fault(status=500, body=b"x", content_type=""))
    answers = [client.get("/x") for _ in range(5)]
    assert [(r.content, r.headers.get("content-type")) for r in answers] == [
        (b"{not json", "application/json"),
        (b"oops", "text/plain; charset=utf-8"),
        (b'{"a":[1]}', "application/json"),
        (b"<b>", "text/html"),
        (b"x", None),
    ]


def test_fault_with_status_200_and_no_body_wraps_the_normal_answer(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.seed("idx", 4)
    fake.inject(Fault(headers={"X-Cache": "HIT", "Content-Length": "999"}, times=2))
    ok = client.get(LIST.format("idx"))
    unauthorized = client.get(LIST.format("idx"), headers={API_KEY_HEADER: "bad"})
    assert (ok.status_code, len(ok.json()["data"]), ok.headers["x-cache"]) == (200, 4, "HIT")
    assert ok.headers["content-length"] == str(len(ok.content))
    assert (unauthorized.status_code, unauthorized.headers["x-cache"]) == (401, "HIT")


def test_path_prefix_limits_a_fault_to_matching_requests(
    client: httpx.Client, fake: FakePinecone
) -> None:
    backup = fake.add_backup("idx")
    fake.inject(Fault.server_error(503, path_prefix="/backups/"))
    assert client.get(LIST.format("idx")).status_code == 200
    assert client.get(LIST.format("idx")).status_code == 200
    assert client.get(f"/backups/{backup['backup_id']}").status_code == 503
    assert client.get(f"/backups/{backup['backup_id']}").status_code == 200


def test_times_counts_the_requests_a_fault_answers(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    fault = Fault.server_error(500, times=3)
    fake.inject(fault)
    statuses = [client.get(LIST.format("idx")).status_code for _ in range(5)]
    assert statuses == [500, 500, 500, 200, 200]
    assert fault.times == 3  # the caller's object is left alone


def test_faults_are_used_in_order(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    fake.inject(Fault.server_error(503))
    fake.inject(Fault.rate_limited(retry_after="1", times=2))
    fake.inject(Fault.server_error(500))
    statuses = [client.get(LIST.format("idx")).status_code for _ in range(5)]
    assert statuses == [503, 429, 429, 500, 200]


def test_clear_faults_discards_queued_faults(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    fake.inject(Fault.server_error(times=5))
    assert client.get(LIST.format("idx")).status_code == 500
    fake.clear_faults()
    assert client.get(LIST.format("idx")).status_code == 200


@pytest.mark.parametrize(
    "kwargs", [{"times": 0}, {"delay": -1.0}, {"truncate": -1}], ids=["times", "delay", "truncate"]
)
def test_fault_rejects_nonsense(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        Fault(**kwargs)


# -- latency -----------------------------------------------------------------------


def test_latency_delays_every_answer(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    client.get(LIST.format("idx"))  # connect first
    fake.latency = 0.05
    started = time.monotonic()
    for _ in range(3):
        assert client.get(LIST.format("idx")).status_code == 200
    assert time.monotonic() - started >= 0.15
    fake.latency = 2.0
    fake.latency = 0.0
    started = time.monotonic()
    client.get(LIST.format("idx"))
    # Generous: the 2 s latency set a moment ago no longer applies.
    assert time.monotonic() - started < 1.5


def test_latency_given_at_construction(
    good_headers: dict[str, str], make_client: Callable[..., httpx.Client]
) -> None:
    with FakePinecone(api_key="test-key", latency=0.1) as fake:
        http = make_client(base_url=fake.base_url, headers=good_headers)
        started = time.monotonic()
        http.get("/x")
        assert time.monotonic() - started >= 0.1
        assert fake.latency == 0.1
