"""The sdist: everything a developer needs, so that ``nox`` works in an unpacked one."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from pinecone_backups import __version__
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by the project's own build backend (build-system.requires from pyproject.toml)."""
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    backend = tmp_path_factory.mktemp("backend")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(backend), *requires],
        check=True,
        timeout=300,
    )
    out = tmp_path_factory.mktemp("sdist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(backend)}
    built = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_sdist; print(build_sdist(sys.argv[1]))",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return out / built.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def unpacked(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as archive:
        archive.extractall(target, filter="data")
    (top,) = target.iterdir()
    return top


def test_sdist_is_named_after_the_one_version(sdist: Path) -> None:
    assert sdist.name == f"pinecone_backups-{__version__}.tar.gz"


def test_sdist_holds_what_nox_needs_and_no_local_state(unpacked: Path) -> None:
    for needed in [
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "noxfile.py",
        ".ci/run",
        "tools/codegen.py",
        "tools/conformance_server.py",
        "tools/spec_diff.py",
        "clients/node/src/client.js",
        "clients/node/test/conformance.test.js",
        "bench/run.py",
        "spec/openapi.yaml",
        "pinecone_backups/_version.py",
        "pinecone_backups/py.typed",
        "generated/pinecone_backups_api/__init__.py",
        "tests/conftest.py",
        "tests/docs/test_readme.py",
    ]:
        assert (unpacked / needed).is_file(), needed
    assert len(list((unpacked / "spec" / "conformance").glob("*.json"))) > 10
    assert (unpacked / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    names = {p.relative_to(unpacked).parts[0] for p in unpacked.iterdir()}
    assert not names & {".nox", ".venv", ".git", "dist", "build"}
    assert not list(unpacked.rglob("__pycache__"))


def test_nox_lists_every_session_in_the_unpacked_sdist(unpacked: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "nox", "-l"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = result.stdout
    for session in ["lint", "typecheck", "check_generated", "tests", "conformance_node", "bench"]:
        assert f"* {session} " in listed or f"- {session} " in listed, (session, listed)
