"""Moving to a new API version is a spec edit and a regeneration, never a wrapper edit.

Each test runs the pinned generator (``tools.codegen.generate``) on a changed
copy of spec/openapi.yaml into a temporary directory, then imports the
unchanged wrapper over the regenerated package in a fresh interpreter
(``PYTHONPATH=<regenerated>:<repository>``, so the regenerated
``pinecone_backups_api`` shadows the committed one) and talks to a real
``FakePinecone`` on loopback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from pinecone_backups import Backup
from tests.conftest import strict_mypy
from tools import codegen

ROOT = Path(__file__).resolve().parents[2]
PINNED = yaml.safe_load(codegen.SPEC.read_text())["info"]["version"]
# A version whose two operations are unchanged (api-notes: 2026-04); another once that is pinned.
BUMPED = "2026-04" if PINNED != "2026-04" else "2099-01"
REQUIRED = {
    "backup_id": "b-1",
    "source_index_name": "idx",
    "source_index_id": "idx-id",
    "status": "Ready",
    "cloud": "aws",
    "region": "us-east-1",
}


def regenerate(tmp_path: Path, spec_text: str) -> Path:
    """Generate the client for ``spec_text``; returns the directory to put on PYTHONPATH."""
    spec = tmp_path / "openapi.yaml"
    spec.write_text(spec_text)
    out_root = tmp_path / "out"
    codegen.generate(spec, out_root)
    return out_root


def with_backup_model(change: Any) -> str:
    """The pinned spec with ``change(properties_of_BackupModel)`` applied."""
    spec = yaml.safe_load(codegen.SPEC.read_text())
    change(spec["components"]["schemas"]["BackupModel"]["properties"])
    return str(yaml.safe_dump(spec, sort_keys=False))


def run_over(out_root: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter that imports the regenerated package."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINECONE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(out_root), str(ROOT)])
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=out_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_json(out_root: Path, script: str) -> dict[str, Any]:
    result = run_over(out_root, script)
    assert result.returncode == 0, result.stderr
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_version_only_bump_sends_the_new_version_with_no_wrapper_change(tmp_path: Path) -> None:
    # The README's procedure: replace the pinned version everywhere in the spec.
    text = codegen.SPEC.read_text()
    assert text.count(PINNED) >= 2, "info.version and the ApiVersion enum both pin the version"
    out_root = regenerate(tmp_path, text.replace(PINNED, BUMPED))

    seen = run_json(
        out_root,
        """
        import json
        import pinecone_backups, pinecone_backups_api
        from pinecone_backups import Client
        from pinecone_backups.testing import FakePinecone

        with FakePinecone() as fake:
            fake.add_backup("docs-example")
            with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
                backups = list(client.iter_backups("docs-example"))
                described = client.describe_backup(backups[0].backup_id)
            print(json.dumps({
                "sent": [r.headers["x-pinecone-api-version"] for r in fake.requests],
                "api_version": pinecone_backups.API_VERSION,
                "fake_accepts": fake.api_version,
                "described": described.backup_id == backups[0].backup_id,
                "generated": pinecone_backups_api.__file__,
                "wrapper": pinecone_backups.__file__,
            }))
        """,
    )

    assert seen["sent"] == [BUMPED, BUMPED]
    assert seen["api_version"] == seen["fake_accepts"] == BUMPED
    assert seen["described"] is True
    assert Path(seen["generated"]).is_relative_to(out_root)
    assert Path(seen["wrapper"]).is_relative_to(ROOT / "pinecone_backups")


def test_version_only_bump_changes_nothing_but_the_version_in_generated_code(
    tmp_path: Path,
) -> None:
    out_root = regenerate(tmp_path, codegen.SPEC.read_text().replace(PINNED, BUMPED))
    diff = codegen.diff_trees(codegen.GENERATED / codegen.PACKAGE, out_root / codegen.PACKAGE)
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert any(BUMPED in line for line in changed)
    assert [line for line in changed if PINNED not in line and BUMPED not in line] == []


def add_retention_days(properties: dict[str, Any]) -> None:
    properties["retention_days"] = {
        "type": "integer",
        "format": "int32",
        "nullable": True,
        "description": "Days the backup is kept.",
    }


def test_new_optional_field_is_reachable_on_backup_with_no_wrapper_change(
    tmp_path: Path,
) -> None:
    out_root = regenerate(tmp_path, with_backup_model(add_retention_days))
    wire = dict(REQUIRED, retention_days=30)
    seen = run_json(
        out_root,
        f"""
        import json
        from pinecone_backups import Client
        from pinecone_backups.testing import FakePinecone

        with FakePinecone() as fake:
            fake.add_raw_backup("idx", {wire!r})
            fake.add_raw_backup("idx", {dict(wire, backup_id="b-2", retention_days="thirty")!r})
            with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
                good, bad = list(client.iter_backups("idx"))
            print(json.dumps({{
                "value": good.retention_days,
                "unknown": dict(good.additional_properties),
                "wrong_type_reads": bad.retention_days,
                "invalid": dict(bad.invalid_fields),
            }}))
        """,
    )

    assert seen == {
        "value": 30,
        "unknown": {},
        "wrong_type_reads": None,
        "invalid": {"retention_days": "thirty"},
    }
    # The committed package does not know the field: it is only an unknown property there.
    committed = Backup.from_dict(wire)
    assert committed.additional_properties == {"retention_days": 30}
    with pytest.raises(AttributeError):
        _ = committed.retention_days  # type: ignore[attr-defined]


def mypy_over(out_root: Path, tmp_path: Path, user_code: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict over the unchanged wrapper and ``user_code``, against ``out_root``'s package.

    The wheel ships the generated package with ``py.typed``, so this is what a
    user's own type check sees after the regenerated package is released.
    """
    script = tmp_path / "user_code.py"
    script.write_text(textwrap.dedent(user_code))
    env = dict(os.environ, MYPYPATH=str(out_root))
    return strict_mypy("pinecone_backups", script, cache=tmp_path / "mypy-cache", env=env)


def test_new_optional_field_is_typed_for_mypy_and_a_misspelling_is_an_error(
    tmp_path: Path,
) -> None:
    out_root = regenerate(tmp_path, with_backup_model(add_retention_days))

    typed = mypy_over(
        out_root,
        tmp_path,
        """
        from pinecone_backups import Backup

        def days(backup: Backup) -> int | None:
            return backup.retention_days
        """,
    )
    assert typed.returncode == 0, typed.stdout
    wrong = mypy_over(
        out_root,
        tmp_path,
        """
        from pinecone_backups import Backup

        def days(backup: Backup) -> str | None:
            return backup.retention_days

        def created(backup: Backup) -> object:
            return backup.create_at
        """,
    )
    assert wrong.returncode != 0
    assert 'Incompatible return value type (got "int | None", expected "str | None")' in (
        wrong.stdout
    )
    assert '"BackupModel" has no attribute "create_at"' in wrong.stdout


READS_DIMENSION = """
from pinecone_backups import Backup

def dimension(backup: Backup) -> int | None:
    return backup.dimension
"""


def test_removing_a_field_fails_the_type_check_of_code_that_reads_it_not_the_wrapper(
    tmp_path: Path,
) -> None:
    out_root = regenerate(tmp_path, with_backup_model(lambda props: props.pop("dimension")))

    result = mypy_over(out_root, tmp_path, READS_DIMENSION)

    assert result.returncode != 0
    assert '"BackupModel" has no attribute "dimension"' in result.stdout
    assert "pinecone_backups/" not in result.stdout  # the wrapper itself reads no such field


def test_retyping_a_field_fails_the_type_check_of_code_that_reads_it(tmp_path: Path) -> None:
    def retype(props: dict[str, Any]) -> None:
        props["dimension"] = {"type": "string", "nullable": True}

    out_root = regenerate(tmp_path, with_backup_model(retype))

    result = mypy_over(out_root, tmp_path, READS_DIMENSION)

    assert result.returncode != 0
    assert 'got "str | None", expected "int | None"' in result.stdout


def test_2026_07_example_regenerates_and_the_unchanged_wrapper_lists_and_describes(
    tmp_path: Path,
) -> None:
    example = ROOT / "spec" / "examples" / "openapi-2026-07.yaml"
    out_root = regenerate(tmp_path, example.read_text())

    seen = run_json(
        out_root,
        f"""
        import json
        from pinecone_backups import API_VERSION, Client
        from pinecone_backups.testing import FakePinecone

        with FakePinecone(api_version=API_VERSION) as fake:
            fake.add_raw_backup("idx", {REQUIRED!r})
            with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
                [listed] = list(client.iter_backups("idx"))
                described = client.describe_backup("b-1")
            print(json.dumps({{
                "version": fake.requests[-1].headers["x-pinecone-api-version"],
                "has_dimension": hasattr(described, "dimension"),
                "same": listed == described,
            }}))
        """,
    )
    assert seen == {"version": "2026-07", "has_dimension": False, "same": True}
    result = mypy_over(out_root, tmp_path, READS_DIMENSION)
    assert '"BackupModel" has no attribute "dimension"' in result.stdout
