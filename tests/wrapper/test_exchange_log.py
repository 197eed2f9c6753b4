"""The debug line each attempt logs: what was asked, what came back, how long it took.

The clock is scripted: ``_client`` reads ``perf_counter`` once when an attempt
starts and once when it logs, so the figure in the line is exact.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

import pinecone_backups._client as client_module
from pinecone_backups import APIConnectionError, AsyncClient, Client
from pinecone_backups import _config as C
from pinecone_backups.testing import FakePinecone
from tests.hostile._servers import closed_port


class ScriptedClock:
    """Stands in for ``_client``'s ``time`` module: ``perf_counter`` reads from a script."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def perf_counter(self) -> float:
        return self.readings.pop(0)


@pytest.fixture
def debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger=C.LOGGER_NAME)
    return caplog


def test_an_answered_attempt_logs_its_status_and_exact_duration(
    fake: FakePinecone, debug: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_id = str(fake.add_backup("idx")["backup_id"])
    clock = ScriptedClock(100.0, 101.25)
    monkeypatch.setattr(client_module, "time", clock)
    with Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        client.describe_backup(backup_id)
    assert debug.messages == [f"GET /backups/{backup_id} -> HTTP 200 in 1250.0 ms"]
    assert clock.readings == []


def test_a_failed_attempt_logs_the_errors_type(
    debug: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "time", ScriptedClock(7.0, 7.5))
    with (
        Client(api_key="k" * 20, base_url=closed_port(), max_retries=0) as client,
        pytest.raises(APIConnectionError),
    ):
        client.describe_backup("bk-1")
    assert debug.messages[0] == "GET /backups/bk-1 -> ConnectError in 500.0 ms"


def test_the_async_client_logs_the_same_line(
    fake: FakePinecone, debug: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_id = str(fake.add_backup("idx")["backup_id"])
    monkeypatch.setattr(client_module, "time", ScriptedClock(100.0, 100.5))

    async def describe() -> None:
        async with AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as client:
            await client.describe_backup(backup_id)

    asyncio.run(describe())
    assert debug.messages == [f"GET /backups/{backup_id} -> HTTP 200 in 500.0 ms"]
