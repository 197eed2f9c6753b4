"""Fixtures for the wrapper tests: the spec's pinned version, async client options, and a
wait driven on virtual time (``wait_on_virtual_time``)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import yaml

from pinecone_backups import Backup, Client, PineconeBackupsError
from pinecone_backups import _config as C
from pinecone_backups._flow import Done, Flow
from pinecone_backups._wait import PollSchedule, wait_flow
from pinecone_backups.testing import FakePinecone
from tests.conftest import ROOT, fast_backoff


@pytest.fixture(scope="session")
def spec_version() -> str:
    """``info.version`` of spec/openapi.yaml, read independently of the SDK."""
    with (ROOT / "spec" / "openapi.yaml").open(encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    version = spec["info"]["version"]
    assert isinstance(version, str)
    return version


@pytest.fixture
def async_options(fake: FakePinecone) -> dict[str, Any]:
    """Keyword arguments for an ``AsyncClient`` against ``fake`` (fast backoff, 5 s timeout)."""
    return {
        "api_key": fake.api_key,
        "base_url": fake.base_url,
        "backoff": fast_backoff(),
        "timeout": 5.0,
    }


class VirtualTime:
    """A clock that moves only when the flow asks to sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.requests: list[httpx.Request] = []

    def clock(self) -> float:
        return self.now


def wait_on_virtual_time(
    client: Client,
    backup_id: str,
    *,
    timeout: float,
    schedule: PollSchedule,
    not_found_grace: float = C.WAIT_NOT_FOUND_GRACE,
    on_status: Callable[[Backup], object] | None = None,
    oversleep: float = 0.0,
    rng: random.Random | None = None,
) -> tuple[VirtualTime, Backup | BaseException]:
    """Run the wait's flow: requests go to the fake for real, sleeps only move the clock."""
    time = VirtualTime()
    options = client._options(None, None, None)
    flow: Flow = wait_flow(
        backup_id,
        lambda: client._describe_flow(backup_id, options),
        timeout=timeout,
        schedule=schedule,
        on_status=on_status,
        secret="",
        not_found_grace=not_found_grace,
        clock=time.clock,
        rng=rng if rng is not None else random.Random(0),
    )
    try:
        action = next(flow)
        for _ in range(200):  # a wait that ignores its deadline fails here, not forever
            if isinstance(action, Done):
                return time, action.value
            if isinstance(action, float):
                time.sleeps.append(action)
                time.now += action + oversleep  # a loaded machine wakes late
                action = flow.send(None)
            else:
                assert isinstance(action, httpx.Request)
                time.requests.append(action)
                action = flow.send(client._perform(action))
    except PineconeBackupsError as exc:
        return time, exc
    raise AssertionError(f"the wait did not end after 200 steps ({sum(time.sleeps)} s)")


STEADY = PollSchedule(first=1.0, maximum=4.0, growth=1.5, jitter=0.0)
"""Polls at 0, 1, 2.5, 4.75, 8.125 s ... without jitter."""
