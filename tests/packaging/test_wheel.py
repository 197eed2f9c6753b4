"""The wheel users install: built from this tree, installed into a bare venv, imported and run."""

from __future__ import annotations

import email.message
import email.parser
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from pinecone_backups import API_VERSION, __version__
from tests.conftest import ROOT, strict_mypy


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
    assert "pinecone_backups_api/py.typed" in names  # the generated models are public types
    assert "pinecone_backups/testing/__init__.py" in names
    assert "pinecone_backups/testing/__main__.py" in names
    assert "pinecone_backups_api/models/backup_model.py" in names
    assert "pinecone_backups_api/api/backups/list_index_backups.py" in names
    assert not [n for n in names if n.startswith(("tests/", "tools/", "generated/", "spec/"))]


def test_wheel_requires_only_attrs_httpx_dateutil_and_sniffio(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.parser.Parser().parsestr(archive.read(meta_name).decode())
    requirements = {
        r.split(">")[0].split("=")[0].split("<")[0].strip()
        for r in meta.get_all("Requires-Dist") or []
    }
    assert requirements == {"attrs", "httpx", "python-dateutil", "sniffio"}
    assert meta["Requires-Python"] == ">=3.11"


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (meta_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(meta_name).decode())


def test_wheel_ships_the_apache_license(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (license_name,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        shipped = archive.read(license_name)
    assert shipped == (ROOT / "LICENSE").read_bytes()
    meta = _metadata(wheel)
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]


def test_wheel_metadata_version_urls_and_classifiers(wheel: Path) -> None:
    meta = _metadata(wheel)
    assert meta["Version"] == __version__
    assert wheel.name.startswith(f"pinecone_backups-{__version__}-")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Repository", "Issues", "Changelog"}
    assert all(u.startswith("https://") for u in urls.values())
    assert urls["Issues"].endswith("/issues")
    assert urls["Changelog"].endswith("/CHANGELOG.md")
    classifiers = set(meta.get_all("Classifier") or [])
    assert {
        "Development Status :: 3 - Alpha",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3.11",
        "Typing :: Typed",
    } <= classifiers
    # A license classifier would clash with the License-Expression (PEP 639).
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert meta.get_content_type() == "text/plain"  # the headers parsed; the body is the README
    assert "## Quickstart" in meta.get_payload()


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


def test_a_users_type_check_sees_precise_types_from_the_installed_wheel(
    bare_venv: Path, tmp_path: Path
) -> None:
    # No mypy_path, no source tree: only what the wheel installed (both py.typed markers).
    user_code = tmp_path / "user_code.py"
    user_code.write_text(
        "from pinecone_backups import Backup, Client\n"
        "\n"
        "def count(client: Client) -> int | None:\n"
        '    return client.describe_backup("b").record_count\n'
        "\n"
        "def misspelled(backup: Backup) -> object:\n"
        "    return backup.create_at\n"
        "\n"
        "def wrong_type(backup: Backup) -> int:\n"
        "    return backup.name\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    result = strict_mypy(
        user_code,
        cache=tmp_path / "mypy",
        cwd=tmp_path,
        env=env,
        options=("--python-executable", str(bare_venv / "bin" / "python")),
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, result.stdout
    assert '"BackupModel" has no attribute "create_at"' in errors[0]
    assert 'got "str | None", expected "int"' in errors[1]
