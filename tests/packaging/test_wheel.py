"""The wheel users install: built from this tree, installed into a bare venv, imported and run."""

from __future__ import annotations

import email.parser
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from pinecone_backups import API_VERSION
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("pinecone_backups-*.whl")
    return built


@pytest.fixture(scope="module")
def bare_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("bare") / "venv"
    venv.create(home, with_pip=True)
    subprocess.run(
        [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True
    )
    return home


def test_wheel_holds_both_packages_and_py_typed_but_no_dev_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pinecone_backups/py.typed" in names
    assert "pinecone_backups/testing.py" in names
    assert "pinecone_backups_api/models/backup_model.py" in names
    assert "pinecone_backups_api/api/backups/list_index_backups.py" in names
    assert not [n for n in names if n.startswith(("tests/", "tools/", "generated/", "spec/"))]


def test_wheel_requires_only_attrs_httpx_and_dateutil(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(archive.read(meta_name).decode())
    requirements = {
        r.split(">")[0].split("=")[0].split("<")[0].strip() for r in meta.get_all("Requires-Dist")
    }
    assert requirements == {"attrs", "httpx", "python-dateutil"}
    assert meta["Requires-Python"] == ">=3.11"


def test_installed_wheel_imports_outside_the_source_tree(bare_venv: Path, tmp_path: Path) -> None:
    code = (
        "import pinecone_backups, pinecone_backups_api, sys;"
        "print(pinecone_backups.__file__);"
        "print(pinecone_backups.API_VERSION);"
        "print(pinecone_backups.Client(api_key='x'))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PINECONE_API_KEY")}
    result = subprocess.run(
        [str(bare_venv / "bin" / "python"), "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    location, version, client = result.stdout.splitlines()
    assert Path(location).is_relative_to(bare_venv)
    assert version == API_VERSION
    assert "x" not in client.replace("max_retries", "")


def test_installed_console_script_runs_the_demo(bare_venv: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PINECONE_API_KEY")}
    result = subprocess.run(
        [str(bare_venv / "bin" / "pinecone-backups"), "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "listed 250 backups in 3 pages" in result.stdout
