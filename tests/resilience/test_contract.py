"""Contract: ``spec/openapi.yaml`` run against ``FakePinecone``, so the fake cannot drift.

Two independent checks:

* schemathesis generates requests from the spec (examples, coverage and
  fuzzing phases, valid and invalid) and checks every answer of the fake:
  status documented, content type, headers, body schema, no 5xx, and invalid
  requests rejected;
* an equivalent check built here: the spec's schemas converted from OpenAPI
  3.0 to JSON Schema (``nullable`` handled, also beside ``allOf``) and
  hypothesis-generated requests sent with plain ``httpx``; every answer's
  status must be documented for its operation and its body must validate.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import hypothesis.strategies as st
import jsonschema
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as st_checks

from pinecone_backups import API_VERSION
from pinecone_backups.testing import FakePinecone, Fault
from tests.conftest import ROOT

SPEC_PATH = ROOT / "spec" / "openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
PROFILE_EXAMPLES = settings().max_examples

EXAMPLE_INDEX = "docs-example"
EMPTY_INDEX = "empty-index"


# --- OpenAPI 3.0 schema -> JSON Schema (2020-12) ---------------------------------------------

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


def to_json_schema(schema: Any) -> Any:
    """Convert one OpenAPI 3.0 schema object: nullable, $ref targets, integer formats."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("nullable", "example", "discriminator", "xml", "externalDocs"):
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = to_json_schema(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_json_schema(sub) for sub in value]
        elif key == "$ref":
            out[key] = value.replace("#/components/schemas/", "#/$defs/")
        else:
            out[key] = copy.deepcopy(value)
    if out.get("type") == "integer" and schema.get("format") in _INT_RANGES:
        low, high = _INT_RANGES[schema["format"]]
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if schema.get("nullable") is True:
        if "type" in out and not any(k in out for k in ("$ref", "allOf", "anyOf", "oneOf")):
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            # A nullable beside allOf/$ref: JSON Schema needs the null as an alternative.
            out = {"anyOf": [{"type": "null"}, out]}
    return out


DEFS = {name: to_json_schema(s) for name, s in SPEC["components"]["schemas"].items()}


def validator(schema_name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$defs": DEFS, "$ref": f"#/$defs/{schema_name}"})


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    _, section, kind, name = ref.split("/")
    resolved: dict[str, Any] = SPEC[section][kind][name]
    return resolved


def documented_responses(operation_id: str) -> dict[int | str, dict[str, str | None]]:
    """status or "default" -> {media type: schema name, None for a string}, from the spec."""
    for item in SPEC["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                found: dict[int | str, dict[str, str | None]] = {}
                for status, response in operation["responses"].items():
                    key = status if status == "default" else int(status)
                    found[key] = {
                        media: content["schema"].get("$ref", "/").rsplit("/", 1)[1] or None
                        for media, content in _resolve(response)["content"].items()
                    }
                return found
    raise KeyError(operation_id)


LIST = documented_responses("list_index_backups")
DESCRIBE = documented_responses("describe_backup")


def assert_conforms(
    response: httpx.Response, documented: dict[int | str, dict[str, str | None]]
) -> None:
    """The answer's status and media type are documented for the operation; its body validates."""
    status = response.status_code
    assert status in documented or (status >= 400 and "default" in documented), (
        f"{response.request.url} -> undocumented status {status}: {response.text}"
    )
    media = response.headers["content-type"].split(";")[0]
    media_types = documented.get(status) or documented["default"]
    assert media in media_types, (response.status_code, media, media_types)
    schema_name = media_types[media]
    if schema_name is None:
        return
    errors = [e.message for e in validator(schema_name).iter_errors(response.json())]
    assert errors == [], (response.request.url, response.status_code, errors)
    if schema_name == "ErrorResponse":
        assert response.json()["status"] == response.status_code


# --- the fake, seeded with the spec's own examples ---------------------------------------------


def _response_examples(operation_id: str) -> list[Any]:
    for item in SPEC["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                content = operation["responses"]["200"]["content"]["application/json"]
                return [example["value"] for example in content["examples"].values()]
    raise KeyError(operation_id)


@pytest.fixture(scope="module")
def contract_fake() -> Iterator[FakePinecone]:
    with FakePinecone() as fake:
        fake.seed(EXAMPLE_INDEX, 23)
        for example in _response_examples("describe_backup"):
            fake.add_raw_backup(example["source_index_name"], example)
        for page in _response_examples("list_index_backups"):
            for backup in page["data"]:
                fake.add_raw_backup(backup["source_index_name"], backup)
        fake.add_index(EMPTY_INDEX)
        yield fake


@pytest.fixture(scope="module")
def http(contract_fake: FakePinecone) -> Iterator[httpx.Client]:
    headers = {"Api-Key": contract_fake.api_key, "X-Pinecone-Api-Version": API_VERSION}
    with httpx.Client(base_url=contract_fake.base_url, headers=headers) as client:
        yield client


@pytest.fixture(scope="module")
def bare_http(contract_fake: FakePinecone) -> Iterator[httpx.Client]:
    """No default headers: each request carries exactly the headers it is given."""
    with httpx.Client(base_url=contract_fake.base_url) as client:
        yield client


def _headers(key: str, version: str | None, api_key: str) -> dict[str, str]:
    headers = {}
    if key != "missing":
        headers["Api-Key"] = api_key if key == "right" else "not-the-key"
    if version is not None:
        headers["X-Pinecone-Api-Version"] = version
    return headers


@pytest.fixture(scope="module")
def tokens(http: httpx.Client) -> list[str]:
    """Real tokens of the fake, from walks of the example index at a few page sizes."""
    found = []
    for size in (1, 7, 10, 22):
        response = http.get(f"/indexes/{EXAMPLE_INDEX}/backups", params={"limit": size})
        token = (response.json().get("pagination") or {}).get("next")
        if token:
            found.append(token)
    return found


# --- schemathesis ------------------------------------------------------------------------------

schema = schemathesis.openapi.from_path(SPEC_PATH)

# Not negative_data_rejection: the test adds the Api-Key header to every case (so a
# case "missing" it is not), and the API, like the fake, ignores unknown query
# parameters. Rejection of invalid limits, versions and keys is checked below instead.
SCHEMATHESIS_CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]


@schema.parametrize()
@settings(
    max_examples=PROFILE_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_fake_answers_conform_to_the_spec_under_schemathesis(
    case: Any, contract_fake: FakePinecone
) -> None:
    # The key is the spec's security scheme; schemathesis leaves it out in its
    # negative auth scenarios, which the fake must then answer with a documented 401.
    response = case.call(
        base_url=contract_fake.base_url, headers={"Api-Key": contract_fake.api_key}
    )
    case.validate_response(response, checks=SCHEMATHESIS_CHECKS)


# --- the equivalent check, built here ---------------------------------------------------------


def test_converted_schemas_accept_what_the_spec_allows_and_reject_what_it_does_not() -> None:
    page = validator("BackupList")
    backup = {
        "backup_id": "b",
        "source_index_name": "i",
        "source_index_id": "s",
        "status": "Ready",
        "cloud": "aws",
        "region": "r",
    }
    nulls = dict.fromkeys(["name", "description", "tags", "schema", "dimension", "created_at"])
    assert page.is_valid({"data": [backup], "pagination": None})
    assert page.is_valid({"data": [{**backup, **nulls}]})
    assert page.is_valid({"data": [], "pagination": {"next": "t"}})
    assert page.is_valid({"data": [], "pagination": {}})  # a last page, as servers send it
    assert page.is_valid({"data": [], "pagination": {"next": None}})
    assert not page.is_valid({"data": [], "pagination": {"next": 1}})
    assert not page.is_valid({"data": [{**backup, "status": None}]})  # not nullable
    assert not page.is_valid({"data": [{k: v for k, v in backup.items() if k != "region"}]})
    assert not page.is_valid({"data": [{**backup, "dimension": 2**31}]})  # int32
    assert not page.is_valid({"data": [{**backup, "tags": {"a": 1}}]})
    assert not page.is_valid({"pagination": None})  # data is required
    error = validator("ErrorResponse")
    assert error.is_valid({"status": 404, "error": {"code": "NOT_FOUND", "message": "m"}})
    assert not error.is_valid({"status": 404, "error": {"code": "NOT_FOUND"}})


def test_every_example_in_the_spec_validates_against_its_schema() -> None:
    checked = 0
    for item in SPEC["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation["responses"].values():
                for content in _resolve(response)["content"].values():
                    if "$ref" not in content["schema"]:
                        continue  # a text/plain or HTML body: a plain string
                    check = validator(content["schema"]["$ref"].rsplit("/", 1)[1])
                    values = [e["value"] for e in content.get("examples", {}).values()]
                    values += [content["example"]] if "example" in content else []
                    for value in values:
                        assert list(check.iter_errors(value)) == []
                        checked += 1
    assert checked >= 8


@settings(max_examples=PROFILE_EXAMPLES, deadline=None)
@given(
    index=st.sampled_from([EXAMPLE_INDEX, EMPTY_INDEX, "my-index", "no-such-index"])
    | st.text(max_size=12),
    limit=st.none() | st.integers(-3, 130) | st.sampled_from(["", "ten", "1.5", "0x10", " 5"]),
    token=st.none() | st.sampled_from(["", "garbage", "eyJ9"]) | st.integers(0, 3),
    key=st.sampled_from(["right", "wrong", "missing"]),
    version=st.sampled_from([API_VERSION, "2024-07", "", None]),
)
def test_every_list_answer_of_the_fake_is_documented_and_validates(
    contract_fake: FakePinecone,
    bare_http: httpx.Client,
    tokens: list[str],
    index: str,
    limit: int | str | None,
    token: str | int | None,
    key: str,
    version: str | None,
) -> None:
    params: dict[str, Any] = {}
    if limit is not None:
        params["limit"] = limit
    if token is not None:
        params["paginationToken"] = tokens[token % len(tokens)] if isinstance(token, int) else token
    headers = _headers(key, version, contract_fake.api_key)

    response = bare_http.get(
        f"/indexes/{quote(index, safe='')}/backups", params=params, headers=headers
    )

    assert_conforms(response, LIST)
    invalid = (
        key != "right"
        or version != API_VERSION
        or not (limit is None or (isinstance(limit, int) and 1 <= limit <= 100))
        or isinstance(token, str)
    )
    known = index in (EXAMPLE_INDEX, EMPTY_INDEX, "my-index")
    if invalid:
        assert 400 <= response.status_code < 500  # the spec's invalid request is rejected
    elif known and (token is None or index == EXAMPLE_INDEX):
        assert response.status_code == 200
    else:
        assert response.status_code in (400, 404)


@settings(max_examples=PROFILE_EXAMPLES, deadline=None)
@given(
    backup_id=st.sampled_from(["8c85e612-ed1c-4f97-9f8c-8194e07bcf71", "no-such-backup"])
    # The spec's minLength 1; "." and ".." are dot segments, another path altogether.
    | st.text(min_size=1, max_size=40).filter(lambda v: v not in (".", "..")),
    key=st.sampled_from(["right", "wrong", "missing"]),
    version=st.sampled_from([API_VERSION, "2026-04", None]),
)
def test_every_describe_answer_of_the_fake_is_documented_and_validates(
    contract_fake: FakePinecone,
    bare_http: httpx.Client,
    backup_id: str,
    key: str,
    version: str | None,
) -> None:
    headers = _headers(key, version, contract_fake.api_key)

    response = bare_http.get(f"/backups/{quote(backup_id, safe='')}", headers=headers)

    assert_conforms(response, DESCRIBE)
    if key != "right":
        assert response.status_code == 401
    elif version != API_VERSION:
        assert response.status_code == 400
    elif backup_id == "8c85e612-ed1c-4f97-9f8c-8194e07bcf71":
        assert response.status_code == 200
        assert response.json()["backup_id"] == backup_id
    else:
        assert response.status_code == 404


def test_every_stored_backup_is_described_conforming_to_the_spec(
    contract_fake: FakePinecone, http: httpx.Client
) -> None:
    described = 0
    for index in (EXAMPLE_INDEX, "my-index"):
        for backup in contract_fake.backups(index):
            response = http.get(f"/backups/{quote(backup['backup_id'], safe='')}")  # type: ignore[index]
            assert_conforms(response, DESCRIBE)
            assert response.json() == backup
            described += 1
    examples = len(_response_examples("describe_backup")) + sum(
        len(page["data"]) for page in _response_examples("list_index_backups")
    )
    assert described == 23 + examples


@pytest.mark.parametrize("size", [1, 4, 10, 23, 100])
@pytest.mark.parametrize("last_page", ["null", "absent"])
def test_every_page_of_a_walk_conforms_and_the_walk_returns_every_backup(
    contract_fake: FakePinecone, http: httpx.Client, size: int, last_page: str
) -> None:
    contract_fake.last_page_pagination = last_page
    try:
        received: list[Any] = []
        params: dict[str, Any] = {"limit": size}
        for _ in range(100):
            response = http.get(f"/indexes/{EXAMPLE_INDEX}/backups", params=params)
            assert_conforms(response, LIST)
            body = response.json()
            received.extend(body["data"])
            if not body.get("pagination"):
                assert ("pagination" in body) is (last_page == "null")
                break
            params = {"paginationToken": body["pagination"]["next"]}
        assert received == contract_fake.backups(EXAMPLE_INDEX)
    finally:
        contract_fake.last_page_pagination = "null"


def test_seeded_and_added_backups_use_only_fields_the_spec_declares(
    contract_fake: FakePinecone,
) -> None:
    declared = set(SPEC["components"]["schemas"]["BackupModel"]["properties"])
    check = validator("BackupModel")
    with FakePinecone() as fresh:
        made = [*fresh.seed("x", 300), fresh.add_backup("x")]
    for backup in made:
        assert set(backup) <= declared, set(backup) - declared
        assert list(check.iter_errors(backup)) == []


@pytest.mark.parametrize("status", sorted(s for s in LIST if isinstance(s, int) and s != 200))
def test_fault_default_error_bodies_of_documented_statuses_conform(
    contract_fake: FakePinecone, http: httpx.Client, status: int
) -> None:
    contract_fake.inject(Fault(status=status))
    response = http.get(f"/indexes/{EXAMPLE_INDEX}/backups")
    assert_conforms(response, LIST)
    contract_fake.inject(Fault(status=status, path_prefix="/backups/"))
    response = http.get("/backups/anything")
    assert_conforms(response, DESCRIBE)


def test_rate_limit_fault_carries_the_documented_retry_after_header(
    contract_fake: FakePinecone, http: httpx.Client
) -> None:
    contract_fake.inject(Fault.rate_limited(retry_after="3"))
    response = http.get(f"/indexes/{EXAMPLE_INDEX}/backups")
    assert_conforms(response, LIST)
    assert response.headers["retry-after"] == "3"


@pytest.mark.parametrize("status", [408, 502, 503, 504])
def test_fault_bodies_of_statuses_the_spec_leaves_out_are_still_error_responses(
    contract_fake: FakePinecone, http: httpx.Client, status: int
) -> None:
    # The spec documents 400/401/404/429/500; real servers also send these.
    contract_fake.inject(Fault(status=status))
    response = http.get(f"/indexes/{EXAMPLE_INDEX}/backups")
    assert response.status_code == status
    assert validator("ErrorResponse").is_valid(response.json())
    assert response.json()["status"] == status
