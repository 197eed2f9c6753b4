"""Run the pinned generator and compare generated trees; used by noxfile.py and tests.

Standard library only, so nox can import it before any session installs anything.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
GENERATOR_CONFIG = ROOT / "spec" / "openapi-python-client.yaml"
TEMPLATES = ROOT / "spec" / "templates"
GENERATED = ROOT / "generated"
PACKAGE = "pinecone_backups_api"


def _tool(name: str, bin_dir: Path | None) -> str:
    """The executable ``name`` from ``bin_dir``, this interpreter's bin, or PATH."""
    for folder in (bin_dir, Path(sys.executable).parent):
        if folder is not None:
            candidate = folder / name
            if candidate.exists():
                return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} is not installed: install the 'codegen' dependency group of pyproject.toml"
        )
    return found


def generate(spec: Path, out_root: Path, *, bin_dir: Path | None = None) -> Path:
    """Generate the client for ``spec`` into ``out_root/pinecone_backups_api``; returns it.

    ``out_root`` must not exist: generating over an existing tree would let
    files the spec no longer produces survive.
    """
    if out_root.exists():
        raise FileExistsError(f"{out_root} exists; the generator writes only into a new directory")
    out_root.mkdir(parents=True)
    generator = _tool("openapi-python-client", bin_dir)
    ruff_dir = str(Path(_tool("ruff", bin_dir)).parent)
    env = dict(os.environ, PATH=ruff_dir + os.pathsep + os.environ.get("PATH", ""))
    command = [
        generator,
        "generate",
        "--path",
        str(spec),
        "--config",
        str(GENERATOR_CONFIG),
        "--meta",
        "none",
        "--custom-template-path",
        str(TEMPLATES),
        "--output-path",
        str(out_root / PACKAGE),
        "--fail-on-warning",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (out_root / PACKAGE / "__init__.py").exists():
        raise RuntimeError(f"the generator failed:\n{result.stdout}\n{result.stderr}")
    return out_root / PACKAGE


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (caches excluded), by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def diff_trees(committed: Path, fresh: Path) -> str:
    """A unified diff, file by file, of two generated trees; empty when identical."""
    old_tree, new_tree = tree(committed), tree(fresh)
    out: list[str] = []
    for name in sorted(old_tree.keys() | new_tree.keys()):
        if name not in old_tree:
            out.append(f"only in a fresh generation: {name}\n")
            continue
        if name not in new_tree:
            out.append(f"only in the committed tree: {name}\n")
            continue
        if old_tree[name] == new_tree[name]:
            continue
        out.extend(
            difflib.unified_diff(
                old_tree[name].decode("utf-8", "replace").splitlines(keepends=True),
                new_tree[name].decode("utf-8", "replace").splitlines(keepends=True),
                f"committed/{name}",
                f"regenerated/{name}",
                n=2,
            )
        )
    return "".join(out)
