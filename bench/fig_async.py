"""Figure 7: 200 concurrent describe_backup calls, AsyncClient against raw httpx.AsyncClient.

The fake runs in its own process (no injected latency), so the server's CPU
is not charged to the client; the two sides alternate round after round and
the medians of wall time are compared.

Fairness: the raw ``httpx.AsyncClient`` gets the same pool limits as the
default ``AsyncClient`` (``pinecone_backups._config.MAX_CONNECTIONS`` and
``MAX_KEEPALIVE_CONNECTIONS``) and the same headers, and does the same
consumer work: ``json.loads`` of the body, then ``backup_id`` and
``created_at`` as a ``datetime``. Each side keeps one client (and so its warm
connection pool) for all its rounds.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import time
from datetime import datetime
from typing import Any

import httpx
from _common import FakeProcess, Result, canned_backups, check, median, ratio, spread

CALLS = 200
ROUNDS = 15
TARGET = 1.2
INDEX = "bench-async"


async def _run(
    fake: FakeProcess, ids: list[str]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    from pinecone_backups import API_VERSION, AsyncClient
    from pinecone_backups import _config as config

    limits = httpx.Limits(
        max_connections=config.MAX_CONNECTIONS,
        max_keepalive_connections=config.MAX_KEEPALIVE_CONNECTIONS,
    )
    headers = {
        "Api-Key": fake.api_key,
        "X-Pinecone-Api-Version": API_VERSION,
        "Accept": "application/json",
    }
    async with (
        AsyncClient(api_key=fake.api_key, base_url=fake.base_url) as ours,
        httpx.AsyncClient(
            base_url=fake.base_url, headers=headers, limits=limits, timeout=30.0
        ) as raw,
    ):

        async def ours_one(backup_id: str) -> tuple[str, datetime | None]:
            backup = await ours.describe_backup(backup_id)
            return backup.backup_id, backup.created_at

        async def raw_one(backup_id: str) -> tuple[str, datetime | None]:
            response = await raw.get(f"/backups/{backup_id}")
            response.raise_for_status()
            body: dict[str, Any] = json.loads(response.content)
            return body["backup_id"], datetime.fromisoformat(body["created_at"])

        sides = {"ours": ours_one, "raw": raw_one}
        samples: dict[str, list[float]] = {name: [] for name in sides}
        cpu: dict[str, list[float]] = {name: [] for name in sides}
        for index in range(ROUNDS + 1):  # round 0 warms both pools up
            order = list(sides) if index % 2 == 0 else list(sides)[::-1]
            for name in order:
                one = sides[name]
                started, cpu_started = time.perf_counter(), time.process_time()
                results = await asyncio.gather(*(one(i) for i in ids))
                elapsed = time.perf_counter() - started
                cpu_used = time.process_time() - cpu_started
                check(
                    [r[0] for r in results] == ids and all(r[1] for r in results),
                    f"{name}: describe_backup returned the wrong backups",
                )
                if index:
                    samples[name].append(elapsed)
                    cpu[name].append(cpu_used)
    return samples, cpu


def _sniffio_note() -> str:
    if importlib.util.find_spec("sniffio") is not None:
        return "info: sniffio is installed"
    return (
        "info: sniffio is NOT installed (newer anyio no longer requires it): httpcore then "
        "retries `import sniffio` (a sys.path scan) about 11 times per request, on both sides"
    )


def bench_async() -> Result:
    """7. 200 concurrent describe_backup calls."""
    ids = [b["backup_id"] for b in canned_backups(CALLS, INDEX)]
    with FakeProcess({INDEX: CALLS}) as fake:
        samples, cpu = asyncio.run(_run(fake, ids))
    ours, raw = median(samples["ours"]), median(samples["raw"])
    r = ratio(ours, raw)
    ms = 1000
    return Result(
        number="7",
        name="async",
        title=f"{CALLS} concurrent describe_backup calls (asyncio.gather), FakePinecone in "
        "another process, no latency",
        value=f"{ours * ms:.0f} ms (AsyncClient)",
        baseline=f"{raw * ms:.0f} ms (raw httpx.AsyncClient, same pool limits)",
        ratio=f"{r:.2f}x",
        target=f"<= {TARGET}x",
        met=r <= TARGET,
        details=[
            "raw httpx.AsyncClient given the AsyncClient's default limits "
            "(max_connections=MAX_CONNECTIONS, max_keepalive_connections="
            "MAX_KEEPALIVE_CONNECTIONS from pinecone_backups/_config.py) and the same "
            "consumer work (json.loads, backup_id, created_at as datetime)",
            f"medians of {ROUNDS} interleaved rounds after a warm-up round; "
            f"ours {spread([v * ms for v in samples['ours']])} ms, "
            f"raw {spread([v * ms for v in samples['raw']])} ms",
            f"info, client CPU per round (time.process_time, the fake excluded): ours "
            f"{median(cpu['ours']) * ms:.0f} ms, raw {median(cpu['raw']) * ms:.0f} ms = "
            f"{ratio(median(cpu['ours']), median(cpu['raw'])):.2f}x",
            _sniffio_note(),
        ],
    )
