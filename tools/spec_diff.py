"""What changed for clients between two OpenAPI 3.0 specs, breaking changes flagged.

Usage::

    python tools/spec_diff.py OLD.yaml NEW.yaml [--json] [--fail-on-breaking]
    nox -s spec_diff -- OLD.yaml NEW.yaml        # default: spec/openapi.yaml against
                                                 # spec/examples/openapi-2026-07.yaml

It reports the API version, operations added or removed, parameters added,
removed or changed, and the fields of every schema the operations use, added,
removed or retyped (followed through ``$ref``, ``allOf``, arrays and maps).
Whether a change breaks clients depends on which way the data flows:

* in responses (what clients read), a removed field, a field that may now be
  null or absent, a retyped field and a new value of a closed enum break
  clients; a new field does not (clients must keep unknown fields);
* in requests (parameters), a new required parameter, a removed parameter, a
  parameter that became required or was retyped, and a removed enum value
  break clients; a new optional parameter does not.

A version move itself (``info.version`` and the pinned ``X-Pinecone-Api-Version``
enum) is reported once, as the version change, not as a breaking enum change.

The module is standard library only; reading YAML needs PyYAML, imported
when a spec is loaded (``nox -s spec_diff`` installs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OLD = ROOT / "spec" / "openapi.yaml"
DEFAULT_NEW = ROOT / "spec" / "examples" / "openapi-2026-07.yaml"

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
REQUEST, RESPONSE = "request", "response"
AREAS = ("version", "operation", "parameter", "response", "field", "schema")
AREA_TITLES = {
    "version": "API version",
    "operation": "Operations",
    "parameter": "Parameters",
    "response": "Responses",
    "field": "Fields",
    "schema": "Schemas",
}
SYMBOLS = {"added": "+", "removed": "-", "retyped": "~", "changed": "~"}

Spec = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    """One change a client may notice.

    Attributes:
        area: version, operation, parameter, response, field or schema.
        action: added, removed, retyped or changed.
        where: What changed, e.g. ``BackupModel.dimension`` or
            ``GET /indexes/{index_name}/backups query include_deleted``.
        detail: What it means, in words.
        breaking: Whether a client written for the old spec can break.
    """

    area: str
    action: str
    where: str
    detail: str
    breaking: bool


def load_spec(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON spec (PyYAML is imported here, only when needed)."""
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix == ".json":
        loaded: dict[str, Any] = json.loads(text)
        return loaded
    import yaml

    document: dict[str, Any] = yaml.safe_load(text)
    return document


# --- schemas --------------------------------------------------------------------------------


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _resolve_ref(spec: Spec, ref: str) -> Any:
    node: Any = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@dataclass
class Shape:
    """A schema reduced to what a client depends on."""

    kind: str
    ref: str | None = None
    format: str | None = None
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Any = None
    values: Any = None

    def label(self) -> str:
        if self.kind == "array":
            text = "array"
        elif self.kind == "map":
            text = "map"
        else:
            text = self.ref or self.kind
            if self.format:
                text += f"/{self.format}"
        if self.enum is not None:
            text += " enum " + ", ".join(map(str, self.enum))
        return text + (", nullable" if self.nullable else "")


def shape_of(spec: Spec, schema: Any) -> Shape:
    """Follow ``$ref`` and a one-element ``allOf`` (the nullable-reference idiom)."""
    if not isinstance(schema, Mapping):
        return Shape(kind="any")
    if "$ref" in schema:
        target = shape_of(spec, _resolve_ref(spec, schema["$ref"]))
        target.ref = _ref_name(schema["$ref"])
        return target
    combined = schema.get("allOf")
    if isinstance(combined, list) and len(combined) == 1:
        inner = shape_of(spec, combined[0])
        inner.nullable = inner.nullable or bool(schema.get("nullable"))
        return inner
    kind = schema.get("type")
    properties = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    if kind is None:
        kind = "object" if properties or extra is not None else "any"
    if kind == "object" and not properties and isinstance(extra, Mapping) and extra:
        kind = "map"
    enum = schema.get("enum")
    return Shape(
        kind=kind,
        format=schema.get("format"),
        nullable=bool(schema.get("nullable")),
        enum=tuple(enum) if isinstance(enum, list) else None,
        properties=dict(properties),
        required=frozenset(schema.get("required") or ()),
        items=schema.get("items"),
        values=extra if kind == "map" else None,
    )


class _Differ:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []
        self._seen: set[tuple[str | None, str | None, str]] = set()
        self.old_version = str((old.get("info") or {}).get("version"))
        self.new_version = str((new.get("info") or {}).get("version"))

    def add(self, area: str, action: str, where: str, detail: str, breaking: bool) -> None:
        self.changes.append(Change(area, action, where, detail, breaking))

    def _is_version_pin(self, shape: Shape, version: str) -> bool:
        return shape.enum == (version,)

    def schema(self, old: Any, new: Any, where: str, direction: str) -> None:
        """Compare two schemas at ``where``; ``direction`` is which way the data flows."""
        o, n = shape_of(self.old, old), shape_of(self.new, new)
        if o.ref is not None or n.ref is not None:
            key = (o.ref, n.ref, direction)
            if key in self._seen:
                return
            self._seen.add(key)
            if o.ref == n.ref:
                where = str(o.ref)  # report a shared component once, under its own name
            elif o.kind == n.kind:
                self.add(
                    "field",
                    "changed",
                    where,
                    f"now {n.ref or 'an inline ' + n.kind} (was {o.ref or 'an inline ' + o.kind})",
                    True,  # another generated class: code naming the old one breaks
                )
        if o.kind != n.kind or o.format != n.format:
            self.add("field", "retyped", where, f"{o.label()} -> {n.label()}", True)
            return
        self._nullable(o, n, where, direction)
        self._enum(o, n, where, direction)
        if o.kind == "object":
            self._properties(o, n, where, direction)
        elif o.kind == "array":
            self.schema(o.items, n.items, where + "[]", direction)
        elif o.kind == "map":
            self.schema(o.values, n.values, where + ".*", direction)

    def _nullable(self, o: Shape, n: Shape, where: str, direction: str) -> None:
        if o.nullable == n.nullable:
            return
        if n.nullable:
            self.add("field", "changed", where, "may now be null", direction == RESPONSE)
        else:
            self.add("field", "changed", where, "may no longer be null", direction == REQUEST)

    def _enum(self, o: Shape, n: Shape, where: str, direction: str) -> None:
        if o.enum == n.enum:
            return
        if self._is_version_pin(o, self.old_version) and self._is_version_pin(n, self.new_version):
            return  # the version move, reported once as such
        old_values, new_values = set(o.enum or ()), set(n.enum or ())
        if o.enum is not None and n.enum is None:
            self.add("field", "changed", where, "no longer an enum", direction == RESPONSE)
            return
        if o.enum is None:
            self.add("field", "changed", where, "now an enum", direction == REQUEST)
            return
        if new_values - old_values:
            added = ", ".join(map(str, sorted(new_values - old_values, key=str)))
            self.add("field", "changed", where, f"new enum values: {added}", direction == RESPONSE)
        if old_values - new_values:
            gone = ", ".join(map(str, sorted(old_values - new_values, key=str)))
            self.add(
                "field", "changed", where, f"enum values removed: {gone}", direction == REQUEST
            )

    def _properties(self, o: Shape, n: Shape, where: str, direction: str) -> None:
        for name in sorted(o.properties.keys() - n.properties.keys()):
            was = shape_of(self.old, o.properties[name]).label()
            self.add(
                "field",
                "removed",
                f"{where}.{name}",
                f"removed (was {was}{', required' if name in o.required else ''})",
                True,
            )
        for name in sorted(n.properties.keys() - o.properties.keys()):
            now = shape_of(self.new, n.properties[name]).label()
            required = name in n.required
            self.add(
                "field",
                "added",
                f"{where}.{name}",
                f"added ({now}, {'required' if required else 'optional'})",
                direction == REQUEST and required,
            )
        for name in sorted(o.properties.keys() & n.properties.keys()):
            path = f"{where}.{name}"
            was_required, is_required = name in o.required, name in n.required
            if was_required and not is_required:
                self.add("field", "changed", path, "no longer required", direction == RESPONSE)
            elif is_required and not was_required:
                self.add("field", "changed", path, "now required", direction == REQUEST)
            self.schema(o.properties[name], n.properties[name], path, direction)


# --- operations -------------------------------------------------------------------------------


def _operations(spec: Spec) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            if isinstance(item, Mapping) and method in item:
                operation = dict(item[method])
                shared = item.get("parameters") or []
                operation["parameters"] = [*shared, *(operation.get("parameters") or [])]
                found[(method.upper(), path)] = operation
    return found


def _parameters(spec: Spec, operation: Mapping[str, Any]) -> dict[tuple[str, str], Any]:
    params: dict[tuple[str, str], Any] = {}
    for param in operation.get("parameters") or []:
        if "$ref" in param:
            param = _resolve_ref(spec, param["$ref"])
        params[(param["in"], param["name"])] = param
    return params


def _json_schema(spec: Spec, response: Any) -> Any:
    if isinstance(response, Mapping) and "$ref" in response:
        response = _resolve_ref(spec, response["$ref"])
    content = (response or {}).get("content") or {}
    for media_type, body in content.items():
        if "json" in media_type:
            return body.get("schema")
    return None


def diff_specs(old: Spec, new: Spec) -> list[Change]:
    """Every change between two specs a client may notice, in report order."""
    d = _Differ(old, new)
    if d.old_version != d.new_version:
        d.add(
            "version",
            "changed",
            "info.version",
            f"{d.old_version} -> {d.new_version}: every request sends "
            f"X-Pinecone-Api-Version: {d.new_version} (regeneration does this)",
            False,
        )
    old_ops, new_ops = _operations(old), _operations(new)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        d.add("operation", "removed", " ".join(key), _op_label(old_ops[key]) + "removed", True)
    for key in sorted(new_ops.keys() - old_ops.keys()):
        d.add("operation", "added", " ".join(key), _op_label(new_ops[key]) + "added", False)
    for key in sorted(old_ops.keys() & new_ops.keys()):
        _compare_operation(d, " ".join(key), old_ops[key], new_ops[key])
    old_schemas = set((old.get("components") or {}).get("schemas") or {})
    new_schemas = set((new.get("components") or {}).get("schemas") or {})
    for name in sorted(old_schemas - new_schemas):
        d.add(
            "schema",
            "removed",
            name,
            "component schema removed (its generated model class goes too)",
            True,  # generated models are public types
        )
    for name in sorted(new_schemas - old_schemas):
        d.add("schema", "added", name, "component schema added", False)
    order = {area: index for index, area in enumerate(AREAS)}
    return sorted(d.changes, key=lambda c: (order[c.area], not c.breaking))


def _op_label(operation: Mapping[str, Any]) -> str:
    operation_id = operation.get("operationId")
    return f"operation {operation_id} " if operation_id else "operation "


def _compare_operation(d: _Differ, where: str, old: Any, new: Any) -> None:
    if old.get("operationId") != new.get("operationId"):
        d.add(
            "operation",
            "changed",
            where,
            f"operationId {old.get('operationId')} -> {new.get('operationId')}: "
            "generated function names change",
            True,
        )
    label = f"{where} ({new.get('operationId')})"
    old_params, new_params = _parameters(d.old, old), _parameters(d.new, new)
    for location, name in sorted(old_params.keys() - new_params.keys()):
        d.add(
            "parameter",
            "removed",
            f"{label} {location} {name}",
            "removed: a client that sends it may be refused",
            True,
        )
    for location, name in sorted(new_params.keys() - old_params.keys()):
        param = new_params[(location, name)]
        required = bool(param.get("required"))
        kind = shape_of(d.new, param.get("schema")).label()
        d.add(
            "parameter",
            "added",
            f"{label} {location} {name}",
            f"added ({kind}, {'required' if required else 'optional'})",
            required,
        )
    for location, name in sorted(old_params.keys() & new_params.keys()):
        was, now = old_params[(location, name)], new_params[(location, name)]
        target = f"{label} {location} {name}"
        if bool(now.get("required")) and not was.get("required"):
            d.add("parameter", "changed", target, "now required", True)
        elif was.get("required") and not now.get("required"):
            d.add("parameter", "changed", target, "no longer required", False)
        if was.get("schema", {}).get("default") != now.get("schema", {}).get("default"):
            d.add(
                "parameter",
                "changed",
                target,
                f"default {was.get('schema', {}).get('default')!r} -> "
                f"{now.get('schema', {}).get('default')!r}",
                False,
            )
        before = len(d.changes)
        d.schema(was.get("schema"), now.get("schema"), target, REQUEST)
        d.changes[before:] = [
            replace(c, area="parameter") if c.where.startswith(target) else c
            for c in d.changes[before:]
        ]
    old_responses = {str(k): v for k, v in (old.get("responses") or {}).items()}
    new_responses = {str(k): v for k, v in (new.get("responses") or {}).items()}
    for status in sorted(old_responses.keys() - new_responses.keys()):
        d.add(
            "response", "removed", f"{label} {status}", "response removed", status.startswith("2")
        )
    for status in sorted(new_responses.keys() - old_responses.keys()):
        d.add("response", "added", f"{label} {status}", "response added", status.startswith("2"))
    for status in sorted(old_responses.keys() & new_responses.keys()):
        d.schema(
            _json_schema(d.old, old_responses[status]),
            _json_schema(d.new, new_responses[status]),
            f"{label} {status}",
            RESPONSE,
        )


# --- output -------------------------------------------------------------------------------


def render(changes: Sequence[Change], old_label: str, new_label: str) -> str:
    """The report as text, grouped by area, breaking changes marked ``BREAKING``."""
    lines = [f"What changes for clients: {old_label} -> {new_label}", ""]
    for area in AREAS:
        found = [c for c in changes if c.area == area]
        if not found:
            continue
        lines.append(AREA_TITLES[area])
        for change in found:
            mark = "BREAKING" if change.breaking else ""
            lines.append(f"  {mark:<8}  {SYMBOLS[change.action]} {change.where}: {change.detail}")
        lines.append("")
    breaking = sum(c.breaking for c in changes)
    if not changes:
        lines.append("No change a client can notice.")
    else:
        lines.append(
            f"{breaking} breaking change{'s' if breaking != 1 else ''}, "
            f"{len(changes) - breaking} other change{'s' if len(changes) - breaking != 1 else ''}."
        )
    return "\n".join(lines)


def _label(path: Path, spec: Spec) -> str:
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except ValueError:
        shown = str(path)
    return f"{shown} ({(spec.get('info') or {}).get('version')})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Report what changed for clients between two OpenAPI specs."
    )
    parser.add_argument("old", nargs="?", type=Path, default=DEFAULT_OLD)
    parser.add_argument("new", nargs="?", type=Path, default=DEFAULT_NEW)
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when a change is breaking"
    )
    args = parser.parse_args(argv)
    old, new = load_spec(args.old), load_spec(args.new)
    changes = diff_specs(old, new)
    if args.json:
        print(json.dumps([asdict(c) for c in changes], indent=2))
    else:
        print(render(changes, _label(args.old, old), _label(args.new, new)))
    return 1 if args.fail_on_breaking and any(c.breaking for c in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
