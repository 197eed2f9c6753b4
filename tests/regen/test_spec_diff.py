"""tools/spec_diff.py: what changed for clients between two specs, breaking changes flagged."""

from __future__ import annotations

import ast
import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from tools import spec_diff
from tools.spec_diff import Change, diff_specs

ROOT = Path(__file__).resolve().parents[2]
CURRENT = ROOT / "spec" / "openapi.yaml"
EXAMPLE = ROOT / "spec" / "examples" / "openapi-2026-07.yaml"
LIST = "GET /indexes/{index_name}/backups (list_index_backups)"
PINNED = yaml.safe_load(CURRENT.read_text())["info"]["version"]


@pytest.fixture(scope="module")
def current() -> dict[str, Any]:
    return spec_diff.load_spec(CURRENT)


@pytest.fixture(scope="module")
def changes_2026_07(current: dict[str, Any]) -> list[Change]:
    return diff_specs(current, spec_diff.load_spec(EXAMPLE))


def _by_where(changes: list[Change]) -> dict[str, Change]:
    return {change.where: change for change in changes}


def _edited(spec: dict[str, Any], edit: Any) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    edit(changed)
    return changed


def _backup_model(spec: dict[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = spec["components"]["schemas"]["BackupModel"]
    return model


def _list_parameters(spec: dict[str, Any]) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = spec["paths"]["/indexes/{index_name}/backups"]["get"][
        "parameters"
    ]
    return params


# --- the 2026-07 example --------------------------------------------------------------------


def test_2026_07_example_is_a_valid_spec_pinning_2026_07() -> None:
    example = yaml.safe_load(EXAMPLE.read_text())
    validate(example)
    assert example["info"]["version"] == "2026-07"
    assert example["components"]["schemas"]["ApiVersion"]["enum"] == ["2026-07"]


def test_2026_07_flags_removed_fields_and_replaced_public_models_as_breaking(
    changes_2026_07: list[Change],
) -> None:
    # The generated models are public types: code that names MetadataSchema breaks too.
    breaking = {(c.action, c.where) for c in changes_2026_07 if c.breaking}
    assert breaking == {
        ("removed", "BackupModel.dimension"),
        ("removed", "BackupModel.metric"),
        ("changed", "BackupModel.schema"),
        ("changed", "BackupModel.schema.fields.*"),
        ("removed", "MetadataSchema"),
        ("removed", "MetadataFieldConfig"),
    }


def test_2026_07_reports_the_additions_as_not_breaking(changes_2026_07: list[Change]) -> None:
    found = _by_where(changes_2026_07)
    deleted_at = found["BackupModel.source_index_deleted_at"]
    assert (deleted_at.action, deleted_at.breaking) == ("added", False)
    assert "string/date-time, nullable, optional" in deleted_at.detail
    include_deleted = found[f"{LIST} query include_deleted"]
    assert (include_deleted.area, include_deleted.action) == ("parameter", "added")
    assert include_deleted.detail == "added (boolean, optional)"
    assert not include_deleted.breaking


def test_2026_07_follows_the_richer_schema_into_its_fields(changes_2026_07: list[Change]) -> None:
    found = _by_where(changes_2026_07)
    assert found["BackupModel.schema"].detail == "now BackupSchema (was MetadataSchema)"
    assert found["BackupModel.schema.fields.*.type"].detail == "added (string, required)"
    assert found["BackupModel.schema.fields.*.dimension"].action == "added"
    removed = {c.where for c in changes_2026_07 if c.area == "schema" and c.action == "removed"}
    assert removed == {"MetadataSchema", "MetadataFieldConfig"}


def test_version_move_is_reported_once_and_not_as_a_breaking_enum_change(
    changes_2026_07: list[Change],
) -> None:
    versions = [c for c in changes_2026_07 if "2026-07" in c.detail]
    assert len(versions) == 1
    assert versions[0].area == "version"
    assert versions[0].detail.startswith(f"{PINNED} -> 2026-07")
    assert not any("ApiVersion" in c.where for c in changes_2026_07)


def test_report_marks_breaking_lines_and_counts_them(changes_2026_07: list[Change]) -> None:
    text = spec_diff.render(changes_2026_07, "old", "new")
    assert "  BREAKING  - BackupModel.dimension: removed (was integer/int32, nullable)" in text
    assert "            + BackupModel.source_index_deleted_at: added" in text
    assert text.splitlines()[-1] == "6 breaking changes, 8 other changes."


# --- the rules, one change at a time --------------------------------------------------------


def test_identical_specs_report_nothing(current: dict[str, Any]) -> None:
    assert diff_specs(current, copy.deepcopy(current)) == []
    assert spec_diff.render([], "a", "b").endswith("No change a client can notice.")


def test_version_only_bump_is_only_a_version_change(current: dict[str, Any]) -> None:
    bumped = yaml.safe_load(CURRENT.read_text().replace(PINNED, "2099-01"))
    changes = diff_specs(current, bumped)
    assert [(c.area, c.breaking) for c in changes] == [("version", False)]


def test_retyped_response_field_is_breaking(current: dict[str, Any]) -> None:
    def edit(spec: dict[str, Any]) -> None:
        _backup_model(spec)["properties"]["size_bytes"] = {"type": "string", "nullable": True}

    [change] = diff_specs(current, _edited(current, edit))
    assert (change.action, change.where, change.breaking) == (
        "retyped",
        "BackupModel.size_bytes",
        True,
    )
    assert change.detail == "integer/int64, nullable -> string, nullable"


def test_response_field_that_may_be_null_or_absent_is_breaking(current: dict[str, Any]) -> None:
    def edit(spec: dict[str, Any]) -> None:
        model = _backup_model(spec)
        model["required"].remove("region")
        model["properties"]["cloud"]["nullable"] = True

    found = _by_where(diff_specs(current, _edited(current, edit)))
    assert found["BackupModel.region"].detail == "no longer required"
    assert found["BackupModel.cloud"].detail == "may now be null"
    assert found["BackupModel.region"].breaking
    assert found["BackupModel.cloud"].breaking


def test_new_required_response_field_is_not_breaking(current: dict[str, Any]) -> None:
    def edit(spec: dict[str, Any]) -> None:
        model = _backup_model(spec)
        model["properties"]["owner"] = {"type": "string"}
        model["required"].append("owner")

    [change] = diff_specs(current, _edited(current, edit))
    assert (change.detail, change.breaking) == ("added (string, required)", False)


def test_new_enum_value_in_a_response_is_breaking_and_in_a_request_is_not(
    current: dict[str, Any],
) -> None:
    def closed(spec: dict[str, Any]) -> None:
        _backup_model(spec)["properties"]["cloud"]["enum"] = ["aws", "gcp"]
        _list_parameters(spec)[3]["schema"]["enum"] = ["a", "b"]

    def widened(spec: dict[str, Any]) -> None:
        closed(spec)
        _backup_model(spec)["properties"]["cloud"]["enum"].append("azure")
        _list_parameters(spec)[3]["schema"]["enum"].append("c")

    before = _edited(current, closed)
    found = _by_where(diff_specs(before, _edited(before, widened)))
    assert found["BackupModel.cloud"].detail == "new enum values: azure"
    assert found["BackupModel.cloud"].breaking
    assert found[f"{LIST} query paginationToken"].detail == "new enum values: c"
    assert not found[f"{LIST} query paginationToken"].breaking


def test_parameter_changes_that_break_requests_are_flagged(current: dict[str, Any]) -> None:
    def edit(spec: dict[str, Any]) -> None:
        params = _list_parameters(spec)
        params[2]["required"] = True  # limit
        del params[3]  # paginationToken
        params.append(
            {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        )
        params.append({"name": "verbose", "in": "query", "schema": {"type": "boolean"}})

    found = _by_where(diff_specs(current, _edited(current, edit)))
    assert found[f"{LIST} query limit"].detail == "now required"
    assert found[f"{LIST} query paginationToken"].action == "removed"
    assert found[f"{LIST} query region"].detail == "added (string, required)"
    assert found[f"{LIST} query verbose"].detail == "added (boolean, optional)"
    assert {w for w, c in found.items() if c.breaking} == {
        f"{LIST} query limit",
        f"{LIST} query paginationToken",
        f"{LIST} query region",
    }


def test_operations_added_removed_or_renamed(current: dict[str, Any]) -> None:
    def edit(spec: dict[str, Any]) -> None:
        describe = spec["paths"].pop("/backups/{backup_id}")
        spec["paths"]["/collections/{name}"] = describe
        spec["paths"]["/indexes/{index_name}/backups"]["get"]["operationId"] = "list_backups"

    found = _by_where(diff_specs(current, _edited(current, edit)))
    assert found["GET /backups/{backup_id}"].action == "removed"
    assert found["GET /backups/{backup_id}"].breaking
    assert found["GET /collections/{name}"].action == "added"
    assert not found["GET /collections/{name}"].breaking
    renamed = found["GET /indexes/{index_name}/backups"]
    assert renamed.detail.startswith("operationId list_index_backups -> list_backups")
    assert renamed.breaking


# --- the command ----------------------------------------------------------------------------


def test_command_defaults_to_the_2026_07_example_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert spec_diff.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"What changes for clients: spec/openapi.yaml ({PINNED}) -> "
        "spec/examples/openapi-2026-07.yaml (2026-07)"
    )


def test_command_fails_on_breaking_changes_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert spec_diff.main([str(CURRENT), str(EXAMPLE), "--fail-on-breaking"]) == 1
    assert spec_diff.main([str(CURRENT), str(CURRENT), "--fail-on-breaking"]) == 0


def test_command_prints_json_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    spec_diff.main([str(CURRENT), str(EXAMPLE), "--json"])
    changes = json.loads(capsys.readouterr().out)
    assert {"area": "field", "action": "removed", "where": "BackupModel.metric"}.items() <= (
        next(c for c in changes if c["where"] == "BackupModel.metric").items()
    )


def test_module_imports_only_the_standard_library() -> None:
    tree = ast.parse((ROOT / "tools" / "spec_diff.py").read_text())
    top_level = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert top_level - {"__future__"} <= sys.stdlib_module_names
