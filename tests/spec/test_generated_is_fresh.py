"""generated/ is exactly what the pinned generator makes of the spec (as in
openapi-python-client's own end-to-end test: regenerate into a fresh directory
and compare the trees file by file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import codegen


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return codegen.generate(codegen.SPEC, tmp_path_factory.mktemp("gen") / "out")


def test_committed_generated_matches_a_fresh_generation(fresh: Path) -> None:
    assert codegen.diff_trees(codegen.GENERATED / codegen.PACKAGE, fresh) == ""


def test_generation_is_deterministic(fresh: Path, tmp_path: Path) -> None:
    again = codegen.generate(codegen.SPEC, tmp_path / "again")
    assert codegen.tree(again) == codegen.tree(fresh)


def test_one_character_hand_edit_is_reported_with_its_diff(fresh: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(codegen.GENERATED / codegen.PACKAGE, edited)
    target = edited / "models" / "backup_model.py"
    text = target.read_text()
    target.write_text(text.replace("backup_id: str", "backup_id: int", 1))
    diff = codegen.diff_trees(edited, fresh)
    assert "committed/models/backup_model.py" in diff
    assert "-    backup_id: int" in diff
    assert "+    backup_id: str" in diff


def test_stray_file_in_generated_is_reported(fresh: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(codegen.GENERATED / codegen.PACKAGE, edited)
    (edited / "models" / "handwritten.py").write_text("x = 1\n")
    assert "only in the committed tree: models/handwritten.py" in codegen.diff_trees(edited, fresh)


def test_spec_change_without_regeneration_is_reported(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(
        codegen.SPEC.read_text().replace(
            "Unique identifier of the backup.", "The backup's unique identifier.", 1
        )
    )
    regenerated = codegen.generate(spec, tmp_path / "out")
    diff = codegen.diff_trees(codegen.GENERATED / codegen.PACKAGE, regenerated)
    assert "+        backup_id (str): The backup's unique identifier." in diff
