"""The language-neutral conformance cases of spec/conformance/, run by the Python client.

Each case is replayed against a real ``FakePinecone`` on loopback, configured
by ``tools.conformance_server.prepare`` (the same code the control server of
the other-language runners uses), through the public ``Client`` API only. The
rules the cases encode are written down in spec/README.md.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pinecone_backups import API_VERSION, Backoff, Backup, Client, PineconeBackupsError
from pinecone_backups.testing import FakePinecone
from tools import conformance_server as conformance

ROOT = Path(__file__).resolve().parents[2]
CASES = conformance.load_cases()
CASES_BY_NAME = {case["name"]: case for case in CASES}

# Retries wait milliseconds unless the server says otherwise: Retry-After is honoured as sent.
BACKOFF = Backoff(initial=0.001, maximum=0.005)

REQUIRED_COVERAGE = frozenset(
    {
        "single-page",
        "multi-page-walk",
        "resume-without-limit",
        "last-page-pagination-null",
        "last-page-pagination-absent",
        "created-at-forms",
        "created-at-nanoseconds",
        "unknown-fields",
        "401-json",
        "401-text",
        "404",
        "429-retry-after",
        "repeating-token",
        "input-rejected",
        "wait-ready",
        "wait-failed",
        "wait-timeout",
        "wait-unknown-status",
        "wait-404-before-seen",
        "wait-404-after-seen",
        "wait-429",
    }
)
"""Scenarios the issue requires the cases to cover (each case lists its own in ``covers``)."""


@dataclass
class Observed:
    """What happened when the client ran a case's call."""

    api_key: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    responses: list[tuple[str, httpx.Response]] = field(default_factory=list)
    result: Any = None
    delivered: Any = None
    error: PineconeBackupsError | None = None


def timestamp_text(backup: Backup) -> str | None:
    """created_at as RFC 3339 in UTC with exactly six fractional digits and ``Z``."""
    moment = backup.created_at
    if moment is None:
        return None
    assert moment.tzinfo is not None, "created_at must be timezone-aware"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_backup(backup: Backup) -> dict[str, Any]:
    """A backup in the cases' normalised form, read through the public attributes.

    Declared fields come from their typed attributes (a nested model as its
    JSON), unknown fields from ``additional_properties``; ``created_at`` is
    normalised and ``created_at_raw`` keeps the server's string.
    """
    extra = backup.additional_properties
    out: dict[str, Any] = {}
    for key in backup.to_dict():
        if key in extra:
            out[key] = extra[key]
        elif key == "created_at":
            out["created_at"] = timestamp_text(backup)
            out["created_at_raw"] = backup.created_at_raw
        else:
            value = getattr(backup, key)
            out[key] = value.to_dict() if hasattr(value, "to_dict") else value
    return out


def _page(page: Any) -> dict[str, Any]:
    return {"backups": [normalise_backup(b) for b in page.backups], "next_token": page.next_token}


def perform(client: Client, call: dict[str, Any], observed: Observed) -> None:
    """Run one call, keeping its normalised result, or its error and what came before it."""
    operation, arguments = call["operation"], call.get("arguments", {})
    try:
        if operation == "list_backups":
            observed.result = _page(client.list_backups(**arguments))
        elif operation == "describe_backup":
            observed.result = {"backup": normalise_backup(client.describe_backup(**arguments))}
        elif operation == "wait_for_backup":
            changes: list[str] = []
            backup = client.wait_for_backup(
                **arguments, on_status=lambda b: changes.append(b.status)
            )
            observed.result = {"backup": normalise_backup(backup), "status_changes": changes}
        elif operation == "iter_backups":
            backups: list[dict[str, Any]] = []
            observed.delivered = {"backups": backups}
            for backup in client.iter_backups(**arguments):
                backups.append(normalise_backup(backup))
            observed.result, observed.delivered = observed.delivered, None
        elif operation == "iter_backup_pages":
            pages: list[dict[str, Any]] = []
            observed.delivered = {"pages": pages}
            for page in client.iter_backup_pages(**arguments):
                pages.append(_page(page))
            observed.result, observed.delivered = observed.delivered, None
        else:
            raise AssertionError(f"unknown operation {operation!r}")
    except PineconeBackupsError as exc:
        observed.error = exc


def run_case(case: dict[str, Any]) -> Observed:
    """Replay ``case`` against a fresh FakePinecone through the public Client."""
    with FakePinecone() as fake:
        conformance.prepare(fake, case)
        observed = Observed(api_key=case.get("client", {}).get("api_key", fake.api_key))

        def keep(response: httpx.Response) -> None:
            response.read()
            observed.responses.append((response.request.url.path, response))

        with (
            httpx.Client(event_hooks={"response": [keep]}) as http,
            Client(
                api_key=observed.api_key,
                base_url=fake.base_url,
                backoff=BACKOFF,
                timeout=5.0,
                http_client=http,
            ) as client,
        ):
            perform(client, case["call"], observed)
        observed.requests = conformance.recorded_requests(fake)
    return observed


# --- comparing what happened with what the case expects ------------------------------------


def page_tokens(responses: list[tuple[str, httpx.Response]]) -> list[str | None]:
    """``pagination.next`` of each 2xx answer to a list request, in order (None if absent)."""
    tokens: list[str | None] = []
    for path, response in responses:
        if not (response.is_success and path.startswith("/indexes/")):
            continue
        try:
            body = response.json()
        except ValueError:
            body = None
        pagination = body.get("pagination") if isinstance(body, dict) else None
        token = pagination.get("next") if isinstance(pagination, dict) else None
        tokens.append(token if isinstance(token, str) else None)
    return tokens


def resolve(value: Any, api_key: str, tokens: list[str | None]) -> Any:
    """``value`` with its placeholders replaced (spec/README.md, "Placeholders")."""
    if isinstance(value, dict):
        return {k: resolve(v, api_key, tokens) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, api_key, tokens) for v in value]
    if value == conformance.API_KEY_PLACEHOLDER:
        return api_key
    if isinstance(value, str):
        match = conformance.TOKEN_PLACEHOLDER.fullmatch(value)
        if match:
            number = int(match.group(1))
            if number > len(tokens) or tokens[number - 1] is None:
                return f"<unresolved: page {number} gave no next_token>"
            return tokens[number - 1]
    return value


def _diff(what: str, expected: Any, actual: Any) -> str:
    lines = difflib.unified_diff(
        json.dumps(expected, indent=2, sort_keys=True, ensure_ascii=False).splitlines(),
        json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False).splitlines(),
        "expected",
        "actual",
        lineterm="",
    )
    return f"{what} differs:\n" + "\n".join(lines)


def _request_problems(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(expected) != len(actual):
        sent = [f"{r['method']} {r['path']} {r['query']}" for r in actual]
        problems.append(f"expected {len(expected)} requests, the server received {sent}")
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), 1):
        where = f"request {number}"
        if got["method"] != want["method"]:
            problems.append(f"{where}: method {got['method']!r}, expected {want['method']!r}")
        if got["path"] != want["path"]:
            problems.append(f"{where}: path {got['path']!r}, expected {want['path']!r}")
        query = {
            name: values[0] if len(values) == 1 else values for name, values in got["query"].items()
        }
        if query != want["query"]:
            problems.append(f"{where}: query {query!r}, expected {want['query']!r}")
        for name, value in want["headers"].items():
            sent_value = got["headers"].get(name.lower())
            if sent_value != value:
                problems.append(f"{where}: header {name} is {sent_value!r}, expected {value!r}")
    return problems


def _error_problems(expected: dict[str, Any], error: PineconeBackupsError | None) -> list[str]:
    if error is None:
        return [f"expected {expected['kind']}, but the call succeeded"]
    kind = type(error).__name__
    if kind != expected["kind"]:
        return [f"expected {expected['kind']}, got {kind}: {error}"]
    problems: list[str] = []
    attributes = {
        "status": "status_code",
        "code": "code",
        "attempts": "attempts",
        "page_number": "page_number",
        "token": "token",
        "backup_status": "status",
        "statuses": "statuses",
        "polls": "polls",
    }
    for key, attribute in attributes.items():
        actual = getattr(error, attribute, None)
        if isinstance(actual, tuple):
            actual = list(actual)
        if key in expected and actual != expected[key]:
            problems.append(f"{kind}.{attribute} is {actual!r}, expected {expected[key]!r}")
    if "message_contains" in expected and expected["message_contains"] not in str(error):
        problems.append(f"{kind} message {str(error)!r} lacks {expected['message_contains']!r}")
    return problems


def verify(case: dict[str, Any], observed: Observed) -> list[str]:
    """Every way ``observed`` departs from the case's ``expect``; empty when it conforms."""
    expect = resolve(case["expect"], observed.api_key, page_tokens(observed.responses))
    problems = _request_problems(expect["requests"], observed.requests)
    if "error" in expect:
        problems += _error_problems(expect["error"], observed.error)
        if "delivered" in expect and observed.delivered != expect["delivered"]:
            problems.append(
                _diff(
                    "what was delivered before the error", expect["delivered"], observed.delivered
                )
            )
    elif observed.error is not None:
        problems.append(f"expected a result, got {type(observed.error).__name__}: {observed.error}")
    elif observed.result != expect["result"]:
        problems.append(_diff("the result", expect["result"], observed.result))
    return problems


# --- the cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_python_client_conforms_to_case(case: dict[str, Any]) -> None:
    problems = verify(case, run_case(case))
    assert problems == [], f"{case['name']}: {case['description']}\n" + "\n".join(problems)


def test_every_case_file_is_well_formed_and_named_after_its_case() -> None:
    problems = {}
    for path in sorted(conformance.CASES_DIR.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        found = conformance.check_case(case)
        if case.get("name") != path.stem:
            found.append(f"'name' is {case.get('name')!r}, the file is {path.name}")
        if found:
            problems[path.name] = found
    assert len(CASES) >= 30
    assert problems == {}


def test_cases_cover_every_required_scenario() -> None:
    covered = {tag for case in CASES for tag in case.get("covers", [])}
    assert REQUIRED_COVERAGE - covered == set()


def test_cases_pin_the_api_version_of_the_spec() -> None:
    spec_version = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text())["info"]["version"]
    pinned = {
        request["headers"]["X-Pinecone-Api-Version"]
        for case in CASES
        for request in case["expect"]["requests"]
    }
    assert spec_version == API_VERSION
    assert pinned == {spec_version}, (
        f"the cases pin {sorted(pinned)} but spec/openapi.yaml is {spec_version}: review the "
        "cases for the new version and update their X-Pinecone-Api-Version "
        "(README: moving to a new API version)"
    )


def test_every_error_kind_a_case_names_is_a_python_exception() -> None:
    import pinecone_backups

    for kind in conformance.ERROR_KINDS:
        assert issubclass(getattr(pinecone_backups, kind), PineconeBackupsError), kind


# --- the runner itself can fail --------------------------------------------------------------


def _altered(name: str, change: Any) -> dict[str, Any]:
    case = copy.deepcopy(CASES_BY_NAME[name])
    change(case["expect"])
    return case


def test_runner_reports_a_query_the_case_does_not_expect() -> None:
    def change(expect: dict[str, Any]) -> None:
        expect["requests"][0]["query"] = {"limit": "11"}

    case = _altered("list_single_page", change)
    problems = verify(case, run_case(case))
    assert any("query {'limit': '10'}, expected {'limit': '11'}" in p for p in problems)


def test_runner_reports_a_result_that_differs() -> None:
    def change(expect: dict[str, Any]) -> None:
        expect["result"]["backups"][3]["created_at"] = "2025-05-15T00:52:10.809306Z"

    case = _altered("created_at_forms_are_normalised", change)
    problems = verify(case, run_case(case))
    assert len(problems) == 1
    assert '-      "created_at": "2025-05-15T00:52:10.809306Z"' in problems[0]


def test_runner_reports_an_unexpected_error_kind_and_extra_requests() -> None:
    def change(expect: dict[str, Any]) -> None:
        expect["error"]["kind"] = "ServerError"
        expect["requests"] = expect["requests"][:1]

    case = _altered("rate_limited_until_retries_run_out", change)
    problems = verify(case, run_case(case))
    assert problems[0].startswith("expected 1 requests, the server received")
    assert problems[1].startswith("expected ServerError, got RateLimitError")


def test_runner_reports_a_token_placeholder_the_server_never_filled() -> None:
    def change(expect: dict[str, Any]) -> None:
        expect["result"]["next_token"] = "<next_token of page 2>"

    case = _altered("list_first_of_several_pages", change)
    problems = verify(case, run_case(case))
    assert len(problems) == 1
    assert "<unresolved: page 2 gave no next_token>" in problems[0]


def test_invalid_case_is_refused_with_its_problems() -> None:
    case = copy.deepcopy(CASES_BY_NAME["reject_limit_zero"])
    case["call"]["operation"] = "delete_backup"
    case["expect"]["requests"] = [
        {"method": "GET", "path": "/", "query": {}, "headers": {"Api-Key": "<api key>"}}
    ]
    problems = conformance.check_case(case)
    assert any("'call.operation' must be one of" in p for p in problems)
    assert any("must name Api-Key and X-Pinecone-Api-Version" in p for p in problems)
    assert "an InvalidArgumentError case expects no request at all" in problems
    with pytest.raises(ValueError, match="reject_limit_zero"), FakePinecone() as fake:
        conformance.prepare(fake, case)


# --- the control server used by the other-language runners -----------------------------------


def _control(url: str, body: object | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_control_server_resets_a_fresh_fake_per_case_and_reports_its_requests() -> None:
    with conformance.ControlServer() as control:
        first_case = CASES_BY_NAME["rate_limited_then_success"]
        status, first = _control(control.url + "/reset", first_case)
        assert status == 200
        assert first["api_version"] == API_VERSION
        with Client(api_key=first["api_key"], base_url=first["base_url"], backoff=BACKOFF) as c:
            page = c.list_backups("docs-example", limit=10)
        assert [b.backup_id for b in page] == ["670e8400-e29b-41d4-a716-446655440001"]
        status, reported = _control(control.url + "/requests")
        assert status == 200
        assert [(r["path"], r["query"]) for r in reported["requests"]] == [
            ("/indexes/docs-example/backups", {"limit": ["10"]})
        ] * 2
        assert reported["requests"][0]["headers"]["x-pinecone-api-version"] == API_VERSION

        status, second = _control(control.url + "/reset", CASES_BY_NAME["list_empty_index"])
        assert status == 200
        assert second["base_url"] != first["base_url"]
        assert _control(control.url + "/requests") == (200, {"requests": []})


def test_control_server_refuses_an_invalid_case() -> None:
    with conformance.ControlServer() as control:
        status, body = _control(control.url + "/reset", {"name": "x"})
    assert status == 400
    assert "'expect' must be an object" in body["problems"]


def test_scripted_response_is_served_with_its_status_headers_and_body() -> None:
    response = {
        "status": 401,
        "headers": {"Content-Type": "text/plain", "Retry-After": "7"},
        "body_text": "Invalid API Key",
    }
    with FakePinecone() as fake:
        fake.inject(conformance.fault_for(response))
        answer = httpx.get(fake.base_url + "/backups/x")
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "text/plain"
    assert answer.headers["retry-after"] == "7"
    assert answer.text == "Invalid API Key"


def test_token_placeholders_resolve_to_the_tokens_the_server_sent_in_order() -> None:
    tokens = ["t1", None, "t3"]
    expected = {"a": ["<next_token of page 3>", "<api key>"], "b": "<next_token of page 1>"}
    assert resolve(expected, "k", tokens) == {"a": ["t3", "k"], "b": "t1"}
    assert re.search("unresolved", resolve("<next_token of page 2>", "k", tokens))


def test_runner_reports_status_changes_and_wait_error_fields_that_differ() -> None:
    def change(expect: dict[str, Any]) -> None:
        expect["result"]["status_changes"] = ["Initializing", "Ready"]

    case = _altered("wait_ready_after_several_polls", change)
    problems = verify(case, run_case(case))
    assert len(problems) == 1
    assert '+    "Pending",' in problems[0]

    def change_error(expect: dict[str, Any]) -> None:
        expect["error"]["backup_status"] = "Ready"
        expect["error"]["statuses"] = ["Initializing"]

    case = _altered("wait_failed_status_raises", change_error)
    problems = verify(case, run_case(case))
    assert "BackupFailedError.status is 'Failed', expected 'Ready'" in problems
    assert (
        "BackupFailedError.statuses is ['Initializing', 'Failed'], expected ['Initializing']"
        in (problems)
    )


def test_a_status_script_must_name_a_backup_of_the_setup() -> None:
    case = copy.deepcopy(CASES_BY_NAME["wait_ready_after_several_polls"])
    case["setup"]["statuses"] = {
        "no-such-backup": ["Ready"],
        case["call"]["arguments"]["backup_id"]: [],
    }
    problems = conformance.check_case(case)
    assert "setup.statuses: 'no-such-backup' is not a backup of setup.indexes" in problems
    assert any("must be a non-empty list of statuses or null" in p for p in problems)
