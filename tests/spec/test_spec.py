"""The hand-written spec: valid, pinned, and describing what servers really send."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from pinecone_backups_api.models import BackupList, BackupModel, ErrorResponse

from pinecone_backups import API_VERSION
from tests.conftest import FIXTURES, ROOT

SPEC_PATH = ROOT / "spec" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def _walk(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def _response_examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(operationId, schema name, example body) for every example in the spec."""
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            for response in operation["responses"].values():
                if "$ref" in response:
                    response = spec["components"]["responses"][response["$ref"].split("/")[-1]]
                media = response["content"]["application/json"]
                schema = media["schema"]["$ref"].split("/")[-1]
                if "example" in media:
                    yield operation["operationId"], schema, media["example"]
                for example in media.get("examples", {}).values():
                    yield operation["operationId"], schema, example["value"]


def test_spec_is_valid_openapi_3_0(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.0.")


def test_spec_has_exactly_the_two_get_operations(spec: dict[str, Any]) -> None:
    operations = {
        (method, path, op["operationId"])
        for path, item in spec["paths"].items()
        for method, op in item.items()
    }
    assert operations == {
        ("get", "/indexes/{index_name}/backups", "list_index_backups"),
        ("get", "/backups/{backup_id}", "describe_backup"),
    }


def test_pinned_version_is_info_version_everywhere(spec: dict[str, Any]) -> None:
    assert spec["components"]["schemas"]["ApiVersion"]["enum"] == [spec["info"]["version"]]
    assert spec["info"]["version"] == API_VERSION
    header = spec["components"]["parameters"]["ApiVersionHeader"]
    assert (header["name"], header["in"], header["required"]) == (
        "X-Pinecone-Api-Version",
        "header",
        True,
    )


def test_api_key_security_applies_to_every_operation(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["ApiKeyAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Api-Key")
    assert spec["security"] == [{"ApiKeyAuth": []}]
    for item in spec["paths"].values():
        for operation in item.values():
            assert "security" not in operation


def test_list_parameters_match_the_api(spec: dict[str, Any]) -> None:
    params = {
        p["name"]: p
        for p in spec["paths"]["/indexes/{index_name}/backups"]["get"]["parameters"]
        if "name" in p
    }
    assert params["limit"]["schema"] == {
        "type": "integer",
        "format": "int32",
        "minimum": 1,
        "maximum": 100,
    }
    # No default: stock generated code would send limit=10 beside every token.
    assert "server default 10" in params["limit"]["description"]
    assert params["paginationToken"]["in"] == "query"
    assert params["index_name"]["required"] is True


def test_nullable_is_never_beside_a_bare_ref(spec: dict[str, Any]) -> None:
    offenders = [path for path, node in _walk(spec) if "$ref" in node and "nullable" in node]
    assert offenders == []


def test_pagination_and_optional_backup_fields_are_nullable(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["BackupList"]["properties"]["pagination"]["nullable"] is True
    backup = schemas["BackupModel"]
    optional = set(backup["properties"]) - set(backup["required"])
    assert optional, "BackupModel has optional fields"
    assert {name for name in optional if backup["properties"][name].get("nullable")} == optional


@pytest.mark.parametrize("schema_name", ["BackupModel", "ErrorDetail"])
def test_open_sets_are_not_closed_enums(spec: dict[str, Any], schema_name: str) -> None:
    properties = spec["components"]["schemas"][schema_name]["properties"]
    assert [name for name, prop in properties.items() if "enum" in prop] == []


def test_every_spec_example_parses_through_the_generated_models(spec: dict[str, Any]) -> None:
    models = {"BackupList": BackupList, "BackupModel": BackupModel, "ErrorResponse": ErrorResponse}
    seen = 0
    for operation_id, schema, body in _response_examples(spec):
        parsed = models[schema].from_dict(body)
        assert json.loads(json.dumps(parsed.to_dict())) == body, (operation_id, schema)
        seen += 1
    assert seen >= 8


def test_seed_list_body_parses_through_generated_models() -> None:
    body = json.loads((FIXTURES / "seed_list_backups.json").read_text())
    parsed = BackupList.from_dict(body)
    assert parsed.pagination is None
    assert [b.backup_id for b in parsed.data] == ["9947520e-d5a1-4418-a78d-9f464c9969da"]
    assert parsed.to_dict() == body


def test_seed_describe_body_parses_through_generated_models() -> None:
    body = json.loads((FIXTURES / "seed_describe_backup.json").read_text())
    parsed = BackupModel.from_dict(body)
    assert (parsed.status, parsed.dimension, parsed.created_at_raw) == (
        "Ready",
        1024,
        "2025-05-15T00:52:10.809354Z",
    )
    assert parsed.created_at == datetime(2025, 5, 15, 0, 52, 10, 809354, tzinfo=UTC)
    assert parsed.to_dict() == body
