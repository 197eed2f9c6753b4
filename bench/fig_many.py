"""Figure 12: walking 50 indexes x 500 backups at once, AsyncClient against raw httpx.

The fake runs in its own process with 50 ms of latency per request; each walk
runs in a fresh child interpreter, so its CPU (``time.process_time``) is the
client's alone, and the fake counts the TCP connections each walk opens
(``FakeProcess.connections_opened``, asked before and after).

* ours: ``AsyncClient().iter_indexes_backups(names, max_concurrency=N)``, the
  default pool, every backup kept;
* raw: ``httpx.AsyncClient`` with its default pool (100 connections, 20 kept
  alive), the same walks (``limit=100``, then the token alone) under an
  ``asyncio.Semaphore(N)``, ``json.loads`` of each page and every backup kept,
  ``created_at`` read as a datetime (the work ours does).

Concurrency 8, 16 and 32; the sides alternate round after round and medians
are compared. The figure is concurrency 32 (the issue's targets: at most 40
connections, wall at most 1.1x raw).

Child usage: ``python bench/fig_many.py '{"side": ..., "concurrency": N, ...}'``;
``"limits": [max, keepalive]`` overrides the pool of either side (to measure
options, not used by the figure).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import datetime
from typing import Any

from _common import BENCH, FakeProcess, Result, check, median, ratio, run_child, spread

INDEXES = 50
PER_INDEX = 500
LATENCY = 0.05
CONCURRENCIES = (8, 16, 32)
ROUNDS = 3
FIGURE_CONCURRENCY = 32
TARGET_CONNECTIONS = 40
TARGET_WALL = 1.1


def _names() -> list[str]:
    return [f"many-{i:02d}" for i in range(INDEXES)]


def run_walks(
    fake: FakeProcess, rounds: int, concurrencies: tuple[int, ...], extra: dict[str, Any] | None
) -> dict[tuple[str, int], list[dict[str, float]]]:
    """Interleaved child walks; each sample has wall, cpu and connections."""
    sides = ["ours", "raw"]
    samples: dict[tuple[str, int], list[dict[str, float]]] = {}
    for index in range(rounds):
        for concurrency in concurrencies:
            order = sides if (index + concurrency) % 2 == 0 else sides[::-1]
            for side in order:
                config = {
                    "side": side,
                    "concurrency": concurrency,
                    "base_url": fake.base_url,
                    "api_key": fake.api_key,
                    "names": _names(),
                    **(extra or {}).get(side, {}),
                }
                before = fake.connections_opened()
                out = run_child([str(BENCH / "fig_many.py"), json.dumps(config)])
                connections = fake.connections_opened() - before
                check(
                    out["count"] == INDEXES * PER_INDEX and out["indexes"] == INDEXES,
                    f"{side} at {concurrency}: {out['count']} backups from {out['indexes']} "
                    f"indexes, not {INDEXES * PER_INDEX} from {INDEXES}",
                )
                samples.setdefault((side, concurrency), []).append(
                    {"wall": out["wall"], "cpu": out["cpu"], "connections": connections}
                )
    return samples


def bench_many() -> Result:
    """12. 50 indexes x 500 backups, walked concurrently at 50 ms per request."""
    with FakeProcess({name: PER_INDEX for name in _names()}, latency=LATENCY) as fake:
        run_walks(fake, 1, (FIGURE_CONCURRENCY,), None)  # warm-up: the fake's caches
        samples = run_walks(fake, ROUNDS, CONCURRENCIES, None)

    def med(side: str, concurrency: int, key: str) -> float:
        return median([s[key] for s in samples[(side, concurrency)]])

    details = [
        f"{INDEXES} indexes x {PER_INDEX} backups (5 pages of 100 each, {INDEXES * 5} requests), "
        f"FakePinecone(latency={LATENCY}) in another process, each walk in a fresh child; "
        f"medians of {ROUNDS} interleaved rounds",
        "ours: AsyncClient().iter_indexes_backups(names, max_concurrency=N), default pool; "
        "raw: httpx.AsyncClient() default pool (100/20) + asyncio.Semaphore(N), json.loads, "
        "created_at as datetime",
    ]
    for concurrency in CONCURRENCIES:
        parts = []
        for side in ("ours", "raw"):
            walls = [s["wall"] * 1000 for s in samples[(side, concurrency)]]
            conns = sorted(int(s["connections"]) for s in samples[(side, concurrency)])
            parts.append(
                f"{side} wall {med(side, concurrency, 'wall') * 1000:.0f} ms ({spread(walls)}), "
                f"CPU {med(side, concurrency, 'cpu') * 1000:.0f} ms, connections {conns}"
            )
        walls = ratio(med("ours", concurrency, "wall"), med("raw", concurrency, "wall"))
        cpus = ratio(med("ours", concurrency, "cpu"), med("raw", concurrency, "cpu"))
        details.append(
            f"concurrency {concurrency}: "
            + "; ".join(parts)
            + f"; wall {walls:.2f}x, CPU {cpus:.2f}x"
        )
    c = FIGURE_CONCURRENCY
    wall, raw_wall = med("ours", c, "wall"), med("raw", c, "wall")
    conns = max(int(s["connections"]) for s in samples[("ours", c)])
    raw_conns = median([s["connections"] for s in samples[("raw", c)]])
    r = ratio(wall, raw_wall)
    return Result(
        number="12",
        name="many",
        title=f"Walk of {INDEXES} indexes x {PER_INDEX} backups at concurrency {c}, "
        f"{LATENCY * 1000:.0f} ms latency (iter_indexes_backups)",
        value=f"{wall * 1000:.0f} ms, {conns} connections (most of {ROUNDS} runs)",
        baseline=f"{raw_wall * 1000:.0f} ms, {raw_conns:.0f} connections (raw httpx default pool)",
        ratio=f"wall {r:.2f}x",
        target=f"<= {TARGET_WALL}x, <= {TARGET_CONNECTIONS} conn.",
        met=r <= TARGET_WALL and conns <= TARGET_CONNECTIONS,
        details=details,
    )


# --- the child: one side's walk ------------------------------------------------------


async def _ours(config: dict[str, Any]) -> tuple[int, int]:
    from pinecone_backups import AsyncClient
    from pinecone_backups import _config as C

    if "limits" in config:
        C.MAX_CONNECTIONS, C.MAX_KEEPALIVE_CONNECTIONS = config["limits"]  # type: ignore[misc]
    count = indexes = 0
    kept = []
    async with AsyncClient(api_key=config["api_key"], base_url=config["base_url"]) as client:
        async for result in client.iter_indexes_backups(
            config["names"], max_concurrency=config["concurrency"]
        ):
            check(result.ok, f"{result.index_name}: {result.error}")
            for backup in result.backups:
                backup.created_at  # noqa: B018
            count += len(result.backups)
            indexes += 1
            kept.append(result)
    return count, indexes


async def _raw(config: dict[str, Any]) -> tuple[int, int]:
    import httpx

    from pinecone_backups import API_VERSION

    kwargs: dict[str, Any] = {}
    if "limits" in config:
        kwargs["limits"] = httpx.Limits(
            max_connections=config["limits"][0], max_keepalive_connections=config["limits"][1]
        )
    semaphore = asyncio.Semaphore(config["concurrency"])
    kept: list[list[dict[str, Any]]] = []
    headers = {
        "Api-Key": config["api_key"],
        "X-Pinecone-Api-Version": API_VERSION,
        "Accept": "application/json",
    }
    async with httpx.AsyncClient(
        base_url=config["base_url"], headers=headers, timeout=30.0, **kwargs
    ) as http:

        async def walk(name: str) -> list[dict[str, Any]]:
            backups: list[dict[str, Any]] = []
            params: dict[str, Any] = {"limit": 100}
            async with semaphore:
                while True:
                    response = await http.get(f"/indexes/{name}/backups", params=params)
                    response.raise_for_status()
                    body = json.loads(response.content)
                    for backup in body["data"]:
                        datetime.fromisoformat(backup["created_at"])
                    backups.extend(body["data"])
                    token = (body.get("pagination") or {}).get("next")
                    if not token:
                        return backups
                    params = {"paginationToken": token}

        for done in asyncio.as_completed([walk(n) for n in config["names"]]):
            kept.append(await done)
    return sum(len(b) for b in kept), len(kept)


def _child(config: dict[str, Any]) -> None:
    import httpx  # noqa: F401 - imported before the clock starts on both sides

    import pinecone_backups  # noqa: F401

    run = _ours if config["side"] == "ours" else _raw
    started, cpu_started = time.perf_counter(), time.process_time()
    count, indexes = asyncio.run(run(config))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"wall": wall, "cpu": cpu, "count": count, "indexes": indexes}))


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
