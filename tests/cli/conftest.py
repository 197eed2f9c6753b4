"""Helpers for the command line tests: run ``main`` in-process or as a subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping

import pytest

from pinecone_backups._cli import main
from pinecone_backups.testing import FakePinecone
from tests.conftest import ROOT

INDEX = "docs-example"


class TtyIO(io.StringIO):
    """A StringIO that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_cli(*argv: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    """``main(argv)`` in-process; returns (status, stdout, stderr)."""
    out = io.StringIO()
    err = err if err is not None else io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def subprocess_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for ``python -m ...``: no PINECONE_* variables, the source importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINECONE_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
    env.update(extra or {})
    return env


def run_module(
    *argv: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m pinecone_backups argv`` to completion (bounded by ``timeout``)."""
    return subprocess.run(
        [sys.executable, "-m", "pinecone_backups", *argv],
        capture_output=True,
        text=True,
        env=subprocess_env(env),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def keyed(fake: FakePinecone, monkeypatch: pytest.MonkeyPatch) -> FakePinecone:
    """``fake``, with ``PINECONE_API_KEY`` set to its key."""
    monkeypatch.setenv("PINECONE_API_KEY", fake.api_key)
    return fake


def stored(fake: FakePinecone, index: str = INDEX) -> list[dict[str, object]]:
    wires = fake.backups(index)
    assert all(isinstance(w, dict) for w in wires)
    return wires  # type: ignore[return-value]
