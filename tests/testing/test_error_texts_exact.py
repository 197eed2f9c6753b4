"""The fake's error answers and refusals, word for word."""

from __future__ import annotations

import base64
import re

import httpx
import pytest

from pinecone_backups._config import API_KEY_HEADER, API_VERSION, API_VERSION_HEADER
from pinecone_backups.testing import OMIT, FakePinecone, Fault
from tests.testing.wire import exchange, request

LIST = "/indexes/idx/backups"


def error_body(status: int, code: str, message: str) -> bytes:
    """The ErrorResponse the fake sends, compact JSON, keys in this order."""
    return (f'{{"status":{status},"error":{{"code":"{code}","message":"{message}"}}}}').encode()


# -- HTTP answers ------------------------------------------------------------------


def test_an_unknown_route_is_a_404_naming_method_and_raw_path(fake: FakePinecone) -> None:
    answer = exchange(fake, request("DELETE", "/indexes/a%2Fb"))
    assert answer.status_line == "HTTP/1.1 404 Not Found"
    assert answer.body == error_body(404, "NOT_FOUND", "Not found: DELETE /indexes/a%2Fb")


def test_a_wrong_key_is_a_401_invalid_api_key(fake: FakePinecone) -> None:
    fake.add_index("idx")
    answer = exchange(fake, request("GET", LIST, api_key="wrong"))
    assert answer.status_line == "HTTP/1.1 401 Unauthorized"
    assert answer.body == error_body(401, "UNAUTHENTICATED", "Invalid API Key")


def test_a_missing_version_is_a_400_naming_the_header_and_the_version(
    fake: FakePinecone,
) -> None:
    fake.add_index("idx")
    answer = exchange(
        fake, request("GET", LIST, api_key=None, headers={API_KEY_HEADER: "test-key"})
    )
    assert answer.status_line == "HTTP/1.1 400 Bad Request"
    message = (
        f"The {API_VERSION_HEADER} header is required (the supported version is {API_VERSION})."
    )
    assert answer.body == error_body(400, "INVALID_ARGUMENT", message)


def test_another_version_is_a_400_quoting_it(client: httpx.Client, fake: FakePinecone) -> None:
    fake.add_index("idx")
    response = client.get(LIST, headers={API_VERSION_HEADER: "2024-07"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "INVALID_ARGUMENT",
        "message": (
            f"Unsupported API version '2024-07' in {API_VERSION_HEADER}; "
            f"the supported version is {API_VERSION}."
        ),
    }


@pytest.mark.parametrize("limit", ["0", "101", "+5", " 5", "x"])
def test_a_bad_limit_is_a_400_quoting_it(
    client: httpx.Client, fake: FakePinecone, limit: str
) -> None:
    fake.seed("idx", 3)
    response = client.get(LIST, params={"limit": limit})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        f"limit must be between 1 and 100, not {limit!r}."
    )


@pytest.mark.parametrize(("limit", "rows"), [("1", 1), ("100", 100), ("007", 7)])
def test_a_limit_from_1_to_100_in_digits_is_taken(
    client: httpx.Client, fake: FakePinecone, limit: str, rows: int
) -> None:
    fake.seed("idx", 120)
    response = client.get(LIST, params={"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["data"]) == rows


def test_only_the_first_limit_counts(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 20)
    response = client.get(LIST, params=[("limit", "3"), ("limit", "500")])
    assert len(response.json()["data"]) == 3


def test_an_unknown_index_and_backup_are_404s_naming_them(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_index("idx")
    index = client.get("/indexes/nope/backups")
    backup = client.get("/backups/b%2F1")
    assert (index.status_code, backup.status_code) == (404, 404)
    assert index.json()["error"] == {"code": "NOT_FOUND", "message": "Index nope not found."}
    assert backup.json()["error"] == {"code": "NOT_FOUND", "message": "Backup b/1 not found."}


def test_an_invalid_token_is_a_400_quoting_it(client: httpx.Client, fake: FakePinecone) -> None:
    fake.seed("idx", 3)
    response = client.get(LIST, params={"paginationToken": "abc!"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "INVALID_ARGUMENT",
        "message": "Invalid pagination token: 'abc!'",
    }


def test_an_unencodable_stored_value_is_a_500_naming_the_failure(
    client: httpx.Client, fake: FakePinecone
) -> None:
    fake.add_raw_backup("idx", {1, 2})
    response = client.get(LIST)
    assert response.status_code == 500
    assert response.json() == {
        "status": 500,
        "error": {
            "code": "INTERNAL",
            "message": (
                "FakePinecone failed: TypeError('Object of type set is not JSON serializable')"
            ),
        },
    }


@pytest.mark.parametrize(
    ("status", "line", "code"),
    [
        (400, "400 Bad Request", "INVALID_ARGUMENT"),
        (401, "401 Unauthorized", "UNAUTHENTICATED"),
        (402, "402 Payment Required", "PAYMENT_REQUIRED"),
        (403, "403 Forbidden", "FORBIDDEN"),
        (404, "404 Not Found", "NOT_FOUND"),
        (408, "408 Request Timeout", "DEADLINE_EXCEEDED"),
        (409, "409 Conflict", "ALREADY_EXISTS"),
        (412, "412 Precondition Failed", "FAILED_PRECONDITION"),
        (422, "422 Unprocessable Entity", "UNPROCESSABLE_ENTITY"),
        (429, "429 Too Many Requests", "RESOURCE_EXHAUSTED"),
        (500, "500 Internal Server Error", "INTERNAL"),
        (501, "501 Not Implemented", "UNIMPLEMENTED"),
        (502, "502 Bad Gateway", "UNAVAILABLE"),
        (503, "503 Service Unavailable", "UNAVAILABLE"),
        (504, "504 Gateway Timeout", "UNAVAILABLE"),
        (418, "418 I'm a Teapot", "UNKNOWN"),
        (599, "599 Unknown", "UNKNOWN"),
    ],
)
def test_an_injected_error_status_sends_its_code_and_reason(
    fake: FakePinecone, status: int, line: str, code: str
) -> None:
    fake.inject(Fault(status=status))
    answer = exchange(fake, request("GET", LIST))
    assert answer.status_line == f"HTTP/1.1 {line}"
    assert answer.body == error_body(status, code, f"{line} (injected fault)")
    assert answer.header("Content-Type") == "application/json"


# -- refusals of the Python API ----------------------------------------------------


def test_omit_shows_itself_as_omit() -> None:
    assert repr(OMIT) == "OMIT"
    assert f"{[OMIT]}" == "[OMIT]"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"times": 0}, "times must be at least 1, not 0"),
        ({"delay": -0.5}, "delay must not be negative, not -0.5"),
        ({"truncate": -1}, "truncate must not be negative, not -1"),
    ],
)
def test_fault_refuses_nonsense_saying_why(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Fault(**kwargs)  # type: ignore[arg-type]


def test_fault_takes_the_smallest_allowed_values() -> None:
    fault = Fault(times=1, delay=0.0, truncate=0)
    assert (fault.times, fault.delay, fault.truncate) == (1, 0.0, 0)


def test_script_statuses_refuses_bad_scripts_saying_why(fake: FakePinecone) -> None:
    backup_id = str(fake.add_backup("idx")["backup_id"])
    whole = r"^statuses must be a non-empty list of status strings or None$"
    with pytest.raises(ValueError, match=whole):
        fake.script_statuses(backup_id, [])
    with pytest.raises(ValueError, match=whole):
        fake.script_statuses(backup_id, "Ready")
    each = r"^each entry of statuses must be a status string or None$"
    with pytest.raises(ValueError, match=each):
        fake.script_statuses(backup_id, [None, b"Ready"])  # type: ignore[list-item]
    with pytest.raises(KeyError) as unknown:
        fake.script_statuses("no-such", ["Ready"])
    assert unknown.value.args == ("no stored backup has the ID 'no-such'",)
    with pytest.raises(ValueError, match=r"^give status or statuses, not both$"):
        fake.add_backup("idx", status="Ready", statuses=["Ready"])


def test_backups_of_an_unknown_index_is_a_key_error_naming_it(fake: FakePinecone) -> None:
    with pytest.raises(KeyError) as unknown:
        fake.backups("missing")
    assert unknown.value.args == ("no index named 'missing'",)


def test_seed_refuses_a_negative_count_and_takes_zero(fake: FakePinecone) -> None:
    with pytest.raises(ValueError, match=r"^count must not be negative, not -1$"):
        fake.seed("idx", -1)
    assert fake.seed("idx", 0) == []
    assert fake.backups("idx") == []  # the index now exists


def test_last_page_pagination_refuses_other_modes_quoting_them(fake: FakePinecone) -> None:
    message = 'last_page_pagination must be "null" or "absent", not \'missing\''
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        fake.last_page_pagination = "missing"
    fake.last_page_pagination = "absent"
    assert fake.last_page_pagination == "absent"
    fake.last_page_pagination = "null"
    assert fake.last_page_pagination == "null"


def test_a_token_of_page_zero_or_an_edge_size_is_accepted(
    client: httpx.Client, fake: FakePinecone
) -> None:
    ids = [row["backup_id"] for row in fake.seed("idx", 150)]

    def token(page: object, size: object, index: str = "idx") -> str:
        raw = f'{{"i":"{index}","p":{page},"s":{size}}}'.encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def get(value: str) -> httpx.Response:
        return client.get(LIST, params={"paginationToken": value})

    assert [r["backup_id"] for r in get(token(0, 1)).json()["data"]] == ids[:1]
    assert [r["backup_id"] for r in get(token(1, 100)).json()["data"]] == ids[100:150]
    for page, size in [(-1, 10), (0, 0), (0, 101), ("true", 10), (0, "true"), (1.0, 10)]:
        assert get(token(page, size)).status_code == 400, (page, size)
    assert get(token(0, 10, "other")).status_code == 400
    assert get(base64.urlsafe_b64encode(b'"a string"').decode()).status_code == 400


def test_starting_twice_and_base_url_when_stopped_say_exactly_why() -> None:
    fake = FakePinecone()
    with pytest.raises(RuntimeError) as stopped:
        _ = fake.base_url
    assert str(stopped.value) == "FakePinecone is not running; call start() first"
    with fake, pytest.raises(RuntimeError) as twice:
        fake.start()
    assert str(twice.value) == "FakePinecone is already running"
