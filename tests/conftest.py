"""Fixtures shared by every layer of the suite.

Every client test talks to a real ``FakePinecone`` over loopback HTTP.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from pinecone_backups import Backoff, Client
from pinecone_backups.testing import FakePinecone

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@functools.cache
def fast_backoff() -> Backoff:
    """Retries in tests wait milliseconds, not seconds (``FAST_BACKOFF``)."""
    return Backoff(initial=0.001, maximum=0.005, max_retry_after=0.05)


def __getattr__(name: str) -> Backoff:
    # FAST_BACKOFF is made on first use, not when this conftest is imported: under
    # `nox -s mutate` every SDK call raises in mutmut's forced-failure check, and a
    # conftest that fails to import is a usage error that stops mutmut.
    if name == "FAST_BACKOFF":
        return fast_backoff()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # A failure prints a @reproduce_failure blob, and the failing example is kept
    # in the repository's .hypothesis/ (git-ignored) and replayed first next time.
    print_blob=True,
    database=DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples")),
)
settings.load_profile("ci")


def strict_mypy(
    *paths: Path | str,
    cache: Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    options: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` over ``paths`` in a fresh process (its own cache), bounded in time."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *options, "--cache-dir", str(cache)]
        + [str(p) for p in paths],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(autouse=True)
def _hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's real key or host."""
    monkeypatch.delenv("PINECONE_API_KEY", raising=False)
    monkeypatch.delenv("PINECONE_CONTROLLER_HOST", raising=False)


@pytest.fixture
def fake() -> Iterator[FakePinecone]:
    """A running fake of the two endpoints on 127.0.0.1."""
    with FakePinecone() as server:
        yield server


@pytest.fixture
def make_client(fake: FakePinecone) -> Iterator[Callable[..., Client]]:
    """Build clients against ``fake`` (fast backoff, 5 s timeout); all closed afterwards."""
    made: list[Client] = []

    def build(**kwargs: Any) -> Client:
        options: dict[str, Any] = {
            "api_key": fake.api_key,
            "base_url": fake.base_url,
            "backoff": fast_backoff(),
            "timeout": 5.0,
        }
        options.update(kwargs)
        client = Client(**options)
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    """A client against ``fake`` with the default settings but a fast backoff."""
    return make_client()
