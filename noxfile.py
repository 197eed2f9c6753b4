"""Developer sessions: ``nox`` runs what CI runs; ``nox -s NAME`` runs one.

The generated package is only ever written by ``nox -s generate``;
``nox -s check_generated`` regenerates into a temporary directory and fails,
printing the diff, when the committed ``generated/`` is stale or was edited.
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
SPEC = ROOT / "spec" / "openapi.yaml"
GENERATOR_CONFIG = ROOT / "spec" / "openapi-python-client.yaml"
GENERATED = ROOT / "generated"
PACKAGE = "pinecone_backups_api"
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "check_generated", "tests"]


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


def generate_into(session: nox.Session, spec: Path, out_root: Path) -> Path:
    """Run the pinned generator on ``spec``, writing ``out_root/pinecone_backups_api``.

    ``out_root`` must not exist yet: generating into an existing tree would
    let files the spec no longer produces survive.
    """
    if out_root.exists():
        session.error(f"{out_root} exists; the generator writes only into a fresh directory")
    out_root.mkdir(parents=True)
    # The generator's post-hooks run ruff from PATH: the session's pinned one.
    session.run(
        "openapi-python-client",
        "generate",
        "--path",
        str(spec),
        "--config",
        str(GENERATOR_CONFIG),
        "--meta",
        "none",
        "--output-path",
        str(out_root / PACKAGE),
        "--fail-on-warning",
        silent=True,
    )
    return out_root / PACKAGE


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from spec/openapi.yaml."""
    session.install(*_group("codegen"))
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate_into(session, SPEC, Path(tmp) / "out")
        target = GENERATED / PACKAGE
        if target.exists():
            shutil.rmtree(target)
        GENERATED.mkdir(exist_ok=True)
        shutil.copytree(fresh, target)
    session.log(f"wrote {target.relative_to(ROOT)}")


@nox.session
def check_generated(session: nox.Session) -> None:
    """Fail, printing the diff, when generated/ differs from a fresh generation."""
    session.install(*_group("codegen"))
    with tempfile.TemporaryDirectory() as tmp:
        fresh = _tree(generate_into(session, SPEC, Path(tmp) / "out"))
    committed = _tree(GENERATED / PACKAGE)
    diff: list[str] = []
    for name in sorted(fresh.keys() | committed.keys()):
        old = committed.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = fresh.get(name, b"").decode("utf-8", "replace").splitlines(keepends=True)
        if name not in committed or name not in fresh or old != new:
            diff.extend(
                difflib.unified_diff(
                    old, new, f"committed/{name}", f"regenerated/{name}", n=2
                )
            )
            if name not in committed:
                diff.append(f"only in a fresh generation: {name}\n")
            if name not in fresh:
                diff.append(f"only in committed generated/: {name}\n")
    if diff:
        print("".join(diff))
        session.error(
            "generated/ is stale or was edited by hand: run `nox -s generate` "
            "and commit the result (never edit generated/ by hand)"
        )
    session.log(f"generated/ is up to date ({len(committed)} files compared)")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the hand-written code."""
    session.install(*_group("codegen"))
    paths = ["pinecone_backups", "tests", "noxfile.py", "bench"]
    paths = [p for p in paths if (ROOT / p).exists()]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the hand-written package."""
    session.install("-e", ".", *_group("typecheck"))
    session.run("mypy", "--strict", "pinecone_backups")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite."""
    session.install("-e", ".", *_group("test"))
    session.run("pytest", *session.posargs)
